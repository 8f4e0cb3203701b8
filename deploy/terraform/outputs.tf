output "image" {
  description = "IMAGE of image_tag, for deploy/dataflow/build_image.sh and the launch scripts."
  value       = local.image
}

output "image_repository" {
  description = "The image without its tag: a release pushes IMAGE=image_repository:TAG before it applies TAG."
  value       = local.image_repository
}

output "templates" {
  description = "Bucket of the template specs: a release writes newsbeam-batch-TAG.json and newsbeam-stream-TAG.json here before it applies TAG."
  value       = local.templates
}

output "template" {
  description = "TEMPLATE of image_tag: the batch template spec the hourly workflow launches."
  value       = local.template
}

output "workflow" {
  description = "The hourly launch: `gcloud workflows run` it with {\"hour\": \"2026-01-01T10:00Z\"} to rerun an hour."
  value       = google_workflows_workflow.batch.name
}

output "flink_state" {
  description = "Where the Flink deployment keeps checkpoints, savepoints, HA metadata and staged artifacts (deploy/flink, STATE_BUCKET is its bucket)."
  value       = local.flink_state
}

output "input" {
  value = local.input
}

output "output" {
  value = local.output
}

output "temp_location" {
  value = local.temp_location
}

output "worker_service_account" {
  value = google_service_account.worker.email
}

output "stream_template" {
  description = "STREAM_TEMPLATE of image_tag: the stream template spec (build_template.sh with METADATA=metadata_stream.json)."
  value       = local.stream_template
}

output "stream_output" {
  value = local.stream_output
}

output "topic" {
  description = "Publish news records here: JSON Lines, one object per line, as the batch .jsonl input."
  value       = google_pubsub_topic.items.id
}

output "subscription" {
  value = google_pubsub_subscription.stream.id
}
