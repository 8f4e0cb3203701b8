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
  description = "Tag of the newsbeam image pushed by deploy/dataflow/build_image.sh."
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
