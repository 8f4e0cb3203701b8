# Every API the resources here call. A fresh project has only a few enabled: the service
# accounts need iam, the project-wide grants need cloudresourcemanager. Resources that call an
# API depend on this (directly or through a resource that does), so the first apply does not race
# the enabling.
resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "dataflow.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "storage.googleapis.com",
    "workflows.googleapis.com",
  ])
  service            = each.value
  disable_on_destroy = false
}
