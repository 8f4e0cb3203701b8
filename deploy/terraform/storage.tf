# Raw input, clean output, and Dataflow's temp/staging files plus the template spec.
resource "google_storage_bucket" "input" {
  name                        = var.input_bucket != "" ? var.input_bucket : "${var.project}-newsbeam-input"
  location                    = var.region
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "output" {
  name                        = var.output_bucket != "" ? var.output_bucket : "${var.project}-newsbeam-output"
  location                    = var.region
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "temp" {
  name                        = "${var.project}-newsbeam-temp"
  location                    = var.region
  uniform_bucket_level_access = true

  lifecycle_rule {
    condition {
      age            = 7
      matches_prefix = ["tmp/", "staging/"]
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_artifact_registry_repository" "images" {
  depends_on = [google_project_service.apis]

  repository_id = "newsbeam"
  location      = var.region
  format        = "DOCKER"
}

locals {
  image            = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project}/${google_artifact_registry_repository.images.repository_id}/newsbeam:${var.image_tag}"
  template         = "gs://${google_storage_bucket.temp.name}/templates/newsbeam-batch.json"
  stream_template  = "gs://${google_storage_bucket.temp.name}/templates/newsbeam-stream.json"
  input            = "gs://${google_storage_bucket.input.name}/${var.input_pattern}"
  output           = "gs://${google_storage_bucket.output.name}/${var.output_prefix}"
  stream_output    = "gs://${google_storage_bucket.output.name}/${var.stream_output_prefix}"
  temp_location    = "gs://${google_storage_bucket.temp.name}/tmp"
  staging_location = "gs://${google_storage_bucket.temp.name}/staging"
}
