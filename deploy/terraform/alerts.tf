# A lost hour must be seen. Two ways an hour is lost: the launch fails (Cloud Scheduler cannot
# start the workflow, or the workflow cannot launch the template: both log at ERROR), or the
# launched job fails (a launcher error such as an hour with no input, or a failing pipeline).
resource "google_monitoring_notification_channel" "email" {
  for_each   = toset(var.alert_emails)
  depends_on = [google_project_service.apis]

  display_name = "newsbeam alerts: ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }
}

resource "google_logging_metric" "failed_launches" {
  depends_on = [google_project_service.apis]

  name   = "newsbeam/failed_launches"
  filter = "severity>=ERROR AND ((resource.type=\"cloud_scheduler_job\" AND resource.labels.job_id=\"${google_cloud_scheduler_job.batch.name}\") OR (resource.type=\"workflows.googleapis.com/Workflow\" AND resource.labels.workflow_id=\"${google_workflows_workflow.batch.name}\"))"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
  }
}

locals {
  alerts = {
    failed_launch = {
      title   = "an hourly launch failed"
      filter  = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.failed_launches.name}\""
      aligner = "ALIGN_SUM"
    }
    failed_job = {
      title   = "a Dataflow job failed"
      filter  = "resource.type=\"dataflow_job\" AND metric.type=\"dataflow.googleapis.com/job/is_failed\" AND resource.labels.job_name=starts_with(\"newsbeam-\")"
      aligner = "ALIGN_COUNT_TRUE"
    }
  }
}

resource "google_monitoring_alert_policy" "failed" {
  for_each   = local.alerts
  depends_on = [google_project_service.apis]

  display_name          = "newsbeam: ${each.value.title}"
  combiner              = "OR"
  notification_channels = [for channel in google_monitoring_notification_channel.email : channel.id]

  conditions {
    display_name = each.value.title
    condition_threshold {
      filter          = each.value.filter
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = each.value.aligner
      }
    }
  }

  documentation {
    content = "newsbeam: ${each.value.title}. deploy/README.md, \"A failed hour\": see it, then rerun it."
  }
}
