# Two identities with the least each needs. The worker runs the template launcher and the Dataflow
# workers: it reads the input, rewrites the output, uses the temp bucket and pulls the image.
# The launcher is what Cloud Scheduler calls the Dataflow API as: it starts jobs that run as the worker.
resource "google_service_account" "worker" {
  account_id   = "newsbeam-worker"
  display_name = "newsbeam Dataflow launcher VM and workers"
}

resource "google_service_account" "launcher" {
  account_id   = "newsbeam-launcher"
  display_name = "newsbeam Cloud Scheduler: launches the batch template"
}

resource "google_project_iam_member" "worker_dataflow" {
  project = var.project
  role    = "roles/dataflow.worker"
  member  = google_service_account.worker.member
}

resource "google_storage_bucket_iam_member" "worker_reads_input" {
  bucket = google_storage_bucket.input.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.worker.member
}

# objectAdmin, not objectCreator: a run replaces the Parquet parts of a previous run of its hour.
resource "google_storage_bucket_iam_member" "worker_writes_output" {
  bucket = google_storage_bucket.output.name
  role   = "roles/storage.objectAdmin"
  member = google_service_account.worker.member
}

resource "google_storage_bucket_iam_member" "worker_uses_temp" {
  bucket = google_storage_bucket.temp.name
  role   = "roles/storage.objectAdmin"
  member = google_service_account.worker.member
}

resource "google_artifact_registry_repository_iam_member" "worker_pulls_image" {
  repository = google_artifact_registry_repository.images.name
  location   = google_artifact_registry_repository.images.location
  role       = "roles/artifactregistry.reader"
  member     = google_service_account.worker.member
}

resource "google_project_iam_member" "launcher_dataflow" {
  project = var.project
  role    = "roles/dataflow.developer"
  member  = google_service_account.launcher.member
}

resource "google_storage_bucket_iam_member" "launcher_reads_template" {
  bucket = google_storage_bucket.temp.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.launcher.member
}

resource "google_service_account_iam_member" "launcher_acts_as_worker" {
  service_account_id = google_service_account.worker.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.launcher.member
}

# The stream's reads, on its one subscription only: subscriber to pull and ack, viewer because
# Dataflow reads the subscription's configuration before it pulls.
resource "google_pubsub_subscription_iam_member" "worker_reads_stream" {
  for_each = toset(["roles/pubsub.subscriber", "roles/pubsub.viewer"])

  subscription = google_pubsub_subscription.stream.name
  role         = each.value
  member       = google_service_account.worker.member
}
