# Where the Dataflow workers run: the given network and subnetwork, with or without external IPs.
# Without them, Cloud NAT gives the workers a way out to the feeds they poll; Google APIs (Cloud
# Storage, Pub/Sub) are reached through the subnetwork's Private Google Access.
locals {
  ip_configuration = var.private_workers ? "WORKER_IP_PRIVATE" : "WORKER_IP_PUBLIC"
  # An auto-mode network's subnetwork in a region bears the network's name.
  subnetwork = var.subnetwork != "" ? var.subnetwork : "regions/${var.region}/subnetworks/${var.network}"
}

resource "google_compute_router" "nat" {
  count      = var.private_workers ? 1 : 0
  depends_on = [google_project_service.apis]

  name    = "newsbeam-nat"
  region  = var.region
  network = var.network
}

resource "google_compute_router_nat" "nat" {
  count = var.private_workers ? 1 : 0

  name                               = "newsbeam-nat"
  region                             = var.region
  router                             = google_compute_router.nat[0].name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
}
