# The long-running stream on Dataflow, from the stream template (build_template.sh with
# METADATA=metadata_stream.json writes it; until then keep stream_enabled false). A change of its
# parameters or of image_tag updates the running job in place, keeping its state; destroying it
# drains: the job stops reading and writes every open window before it ends.
resource "google_dataflow_flex_template_job" "stream" {
  provider   = google-beta
  count      = var.stream_enabled ? 1 : 0
  depends_on = [google_project_service.apis, google_pubsub_subscription_iam_member.worker_reads_stream]

  name                    = "newsbeam-stream"
  region                  = var.region
  container_spec_gcs_path = local.stream_template
  service_account_email   = google_service_account.worker.email
  temp_location           = local.temp_location
  staging_location        = local.staging_location
  sdk_container_image     = local.image
  enable_streaming_engine = true
  on_delete               = "drain"

  parameters = {
    pubsub_subscription = google_pubsub_subscription.stream.id
    output              = local.stream_output
    window              = var.stream_window
  }
}
