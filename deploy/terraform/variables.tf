variable "project" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of the buckets, the registry, the Dataflow jobs and the scheduler."
  type        = string
  default     = "europe-west1"
}

variable "schedule" {
  description = "Cron of the batch run (Cloud Scheduler syntax). Each run reads the hour before it started; ten past the hour leaves late files time to land."
  type        = string
  default     = "10 * * * *"
}

variable "time_zone" {
  description = "Time zone of the schedule. The hour read is always taken in UTC."
  type        = string
  default     = "Etc/UTC"
}

variable "input_bucket" {
  description = "Bucket of the raw news, created here. Empty: PROJECT-newsbeam-input."
  type        = string
  default     = ""
}

variable "input_pattern" {
  description = "Files of one hour inside input_bucket; %Y %m %d %H are filled with the hour read."
  type        = string
  default     = "input/%Y/%m/%d/%H/*"
}

variable "output_bucket" {
  description = "Bucket of the Parquet tables, created here. Empty: PROJECT-newsbeam-output."
  type        = string
  default     = ""
}

variable "output_prefix" {
  description = "Prefix of one hour's articles/, duplicates/ and rejects/ inside output_bucket; %Y %m %d %H are filled with the hour read."
  type        = string
  default     = "clean/%Y/%m/%d/%H"
}

variable "image_tag" {
  description = "Tag of the newsbeam image, already pushed by deploy/dataflow/build_image.sh: changing it updates the running stream to that image at apply time."
  type        = string
  default     = "latest"
}

variable "stream_enabled" {
  description = "Run the long-running stream job. Leave false until build_template.sh has written the stream template (deploy/README.md)."
  type        = bool
  default     = false
}

variable "stream_window" {
  description = "Event-time window of the stream, in seconds: each window's Parquet files are written once it closes."
  type        = number
  default     = 60

  validation {
    condition     = var.stream_window > 0
    error_message = "stream_window must be a positive number of seconds."
  }
}

variable "stream_output_prefix" {
  description = "Prefix of the stream's articles/, duplicates/ and rejects/ inside output_bucket."
  type        = string
  default     = "stream"
}

variable "network" {
  description = "VPC network of the Dataflow workers (and of the Cloud NAT when private_workers is true)."
  type        = string
  default     = "default"
}

variable "subnetwork" {
  description = "Subnetwork of the workers, as regions/REGION/subnetworks/NAME. Empty: the subnetwork of an auto-mode network in region. With private_workers it needs Private Google Access."
  type        = string
  default     = ""
}

variable "private_workers" {
  description = "Workers without external IP addresses. A Cloud Router and Cloud NAT are then created on network so that the stream can still poll feeds on the internet."
  type        = bool
  default     = false
}

variable "alert_emails" {
  description = "Addresses told when an hourly launch or a Dataflow job fails (alerts.tf). Empty: the incidents show only in Cloud Monitoring."
  type        = list(string)
  default     = []
}

variable "kubernetes_namespace" {
  description = "Namespace of the Flink deployment (deploy/flink) on a GKE cluster with Workload Identity in this project: its Kubernetes service accounts newsbeam and flink act as the worker. Empty: no binding."
  type        = string
  default     = ""
}
