# Raw input, clean output, Dataflow's temp/staging files (and the Flink cluster's state), and the
# template specs, each in its own bucket.
resource "google_storage_bucket" "input" {
  depends_on = [google_project_service.apis]

  name                        = var.input_bucket != "" ? var.input_bucket : "${var.project}-newsbeam-input"
  location                    = var.region
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "output" {
  depends_on = [google_project_service.apis]

  name                        = var.output_bucket != "" ? var.output_bucket : "${var.project}-newsbeam-output"
  location                    = var.region
  uniform_bucket_level_access = true
}

# Workers rewrite what is here. flink/ (checkpoints, savepoints, HA metadata and staged
# artifacts of the Flink deployment) is never expired: Flink deletes old checkpoints itself, and
# a savepoint is kept until someone deletes it.
resource "google_storage_bucket" "temp" {
  depends_on = [google_project_service.apis]

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

# The template specs the hourly workflow and the stream job launch, one pair per image tag:
# build_template.sh writes a release's specs before `terraform apply` switches the launches to
# them, so a launch never runs a new template with an old image or the reverse, and going back is
# an apply with the old tag. Not in the temp bucket: workers parse untrusted web pages and may
# write there, and a rewritten spec would run whatever image it names every hour. Here workers
# and the launcher can only read; whoever deploys writes.
resource "google_storage_bucket" "templates" {
  depends_on = [google_project_service.apis]

  name                        = "${var.project}-newsbeam-templates"
  location                    = var.region
  uniform_bucket_level_access = true
}

resource "google_artifact_registry_repository" "images" {
  depends_on = [google_project_service.apis]

  repository_id = "newsbeam"
  location      = var.region
  format        = "DOCKER"
}

locals {
  image_repository = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project}/${google_artifact_registry_repository.images.repository_id}/newsbeam"
  image            = "${local.image_repository}:${var.image_tag}"
  templates        = "gs://${google_storage_bucket.templates.name}"
  template         = "${local.templates}/newsbeam-batch-${var.image_tag}.json"
  stream_template  = "${local.templates}/newsbeam-stream-${var.image_tag}.json"
  input            = "gs://${google_storage_bucket.input.name}/${var.input_pattern}"
  output           = "gs://${google_storage_bucket.output.name}/${var.output_prefix}"
  stream_output    = "gs://${google_storage_bucket.output.name}/${var.stream_output_prefix}"
  temp_location    = "gs://${google_storage_bucket.temp.name}/tmp"
  staging_location = "gs://${google_storage_bucket.temp.name}/staging"
  flink_state      = "gs://${google_storage_bucket.temp.name}/flink"
}
