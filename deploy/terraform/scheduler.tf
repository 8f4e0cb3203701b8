# Every hour Cloud Scheduler starts the batch workflow (batch_workflow.yaml), which names the
# hour and launches the batch template as a Dataflow job named after that hour.
resource "google_workflows_workflow" "batch" {
  depends_on = [google_project_service.apis]

  name            = "newsbeam-batch"
  region          = var.region
  description     = "Launches the newsbeam batch template for one hour"
  service_account = google_service_account.launcher.id
  source_contents = file("${path.module}/batch_workflow.yaml")

  user_env_vars = {
    TEMPLATE         = local.template
    INPUT            = local.input
    OUTPUT           = local.output
    SERVICE_ACCOUNT  = google_service_account.worker.email
    TEMP_LOCATION    = local.temp_location
    STAGING_LOCATION = local.staging_location
    IMAGE            = local.image
    NETWORK          = var.network
    SUBNETWORK       = local.subnetwork
    IP_CONFIGURATION = local.ip_configuration
  }
}

resource "google_cloud_scheduler_job" "batch" {
  depends_on = [google_project_service.apis]

  name             = "newsbeam-batch"
  description      = "Hourly newsbeam batch run on Dataflow, through the newsbeam-batch workflow"
  region           = var.region
  schedule         = var.schedule
  time_zone        = var.time_zone
  attempt_deadline = "320s"

  # Without it a failed attempt is not retried. Retries end within 30 minutes of the schedule, so
  # at ten past the hour a retried start still falls in the same hour and names the same one.
  retry_config {
    retry_count          = 5
    min_backoff_duration = "30s"
    max_backoff_duration = "300s"
    max_doublings        = 3
    max_retry_duration   = "1800s"
  }

  http_target {
    http_method = "POST"
    uri         = "https://workflowexecutions.googleapis.com/v1/${google_workflows_workflow.batch.id}/executions"
    body        = base64encode(jsonencode({ argument = jsonencode({}) }))
    headers = {
      "Content-Type" = "application/json"
    }

    oauth_token {
      service_account_email = google_service_account.launcher.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
}
