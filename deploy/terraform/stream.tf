# The long-running stream on Dataflow, from the stream template (build_template.sh with
# METADATA=metadata_stream.json writes it; until then keep stream_enabled false). A change of its
# parameters or of image_tag updates the running job in place, keeping its state; destroying it
# drains: the job stops reading and writes every open window before it ends. So push the image and
# build the template before an apply that changes them (deploy/README.md, "A code release").
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
  network                 = var.network
  subnetwork              = local.subnetwork
  ip_configuration        = local.ip_configuration
  enable_streaming_engine = true
  on_delete               = "drain"

  parameters = {
    pubsub_subscription = google_pubsub_subscription.stream.id
    output              = local.stream_output
    window              = var.stream_window
    # The image goes as a pipeline option, as launch_stream.sh passes it: the provider reads the
    # sdk_container_image attribute back from a key Beam's Python SDK does not write.
    sdk_container_image = local.image
  }

  # The provider reads these back from the job's options under camelCase keys (tempLocation,
  # stagingLocation, sdkContainerImage) while Beam's Python SDK writes snake_case ones, so it sees
  # them empty, plans a change on every apply and updates the running job each time (the network
  # pair shows the same diff when the options leave them out). They are set when the job is
  # created; a new image travels in parameters above; a new network needs a new job
  # (`terraform apply -replace`, which drains the old one first).
  lifecycle {
    ignore_changes = [temp_location, staging_location, sdk_container_image, network, subnetwork]
  }
}
