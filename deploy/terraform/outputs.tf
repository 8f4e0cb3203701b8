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
  value = "gs://${google_storage_bucket.temp.name}/tmp"
}

output "worker_service_account" {
  value = google_service_account.worker.email
}
