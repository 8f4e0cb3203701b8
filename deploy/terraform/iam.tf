# Two identities with the least each needs. The worker runs the template launcher and the Dataflow
# workers: it reads the input, rewrites the output, uses the temp bucket, reads the templates and
# pulls the image. The launcher is what the hourly workflow runs as: Cloud Scheduler starts the
# workflow with it, and the workflow starts jobs that run as the worker.
resource "google_service_account" "worker" {
  depends_on = [google_project_service.apis]

  account_id   = "newsbeam-worker"
  display_name = "newsbeam Dataflow launcher VM and workers"
}

resource "google_service_account" "launcher" {
  depends_on = [google_project_service.apis]

  account_id   = "newsbeam-launcher"
  display_name = "newsbeam hourly launch: Cloud Scheduler and the batch workflow"
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

# Read only: see storage.tf.
resource "google_storage_bucket_iam_member" "reads_templates" {
  for_each = {
    worker   = google_service_account.worker.member
    launcher = google_service_account.launcher.member
  }

  bucket = google_storage_bucket.templates.name
  role   = "roles/storage.objectViewer"
  member = each.value
}

resource "google_artifact_registry_repository_iam_member" "worker_pulls_image" {
  repository = google_artifact_registry_repository.images.name
  location   = google_artifact_registry_repository.images.location
  role       = "roles/artifactregistry.reader"
  member     = google_service_account.worker.member
}

# dataflow.developer to launch jobs; workflows.invoker for the scheduler to start the workflow;
# logging.logWriter for the workflow to log a failed launch, which the alert counts (alerts.tf).
resource "google_project_iam_member" "launcher" {
  for_each = toset(["roles/dataflow.developer", "roles/workflows.invoker", "roles/logging.logWriter"])

  project = var.project
  role    = each.value
  member  = google_service_account.launcher.member
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

# The Flink deployment on GKE (deploy/flink): its pods run as the Kubernetes service accounts
# `newsbeam` (job server, batch and stream pods) and `flink` (the Flink cluster), which Workload
# Identity maps to the worker. Nothing is bound while kubernetes_namespace is empty.
resource "google_service_account_iam_member" "kubernetes_pods_act_as_worker" {
  for_each = var.kubernetes_namespace == "" ? toset([]) : toset(["newsbeam", "flink"])

  service_account_id = google_service_account.worker.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project}.svc.id.goog[${var.kubernetes_namespace}/${each.value}]"
}
