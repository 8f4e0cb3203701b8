output "image" {
  description = "IMAGE for deploy/dataflow/build_image.sh and the launch scripts."
  value       = local.image
}

output "template" {
  description = "TEMPLATE: where deploy/dataflow/build_template.sh writes the template spec the scheduler launches."
  value       = local.template
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
  description = "STREAM_TEMPLATE: where build_template.sh writes the stream template spec (METADATA=metadata_stream.json)."
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
