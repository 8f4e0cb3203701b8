# Cloud Scheduler can only send a fixed request, so the batch run gets `hour = "last"`: the
# launcher fills %Y %m %d %H of input and output with the hour before the launch (UTC).
locals {
  batch_launch = {
    launchParameter = {
      jobName              = "newsbeam-batch"
      containerSpecGcsPath = local.template
      parameters = {
        input  = local.input
        output = local.output
        hour   = "last"
      }
      environment = {
        serviceAccountEmail = google_service_account.worker.email
        tempLocation        = local.temp_location
        stagingLocation     = local.staging_location
        sdkContainerImage   = local.image
      }
    }
  }
}

resource "google_cloud_scheduler_job" "batch" {
  depends_on = [google_project_service.apis]

  name             = "newsbeam-batch"
  description      = "Hourly newsbeam batch run on Dataflow"
  region           = var.region
  schedule         = var.schedule
  time_zone        = var.time_zone
  attempt_deadline = "320s"

  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/${var.project}/locations/${var.region}/flexTemplates:launch"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode(local.batch_launch))

    oauth_token {
      service_account_email = google_service_account.launcher.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
}
