terraform {
  required_version = ">= 1.5"
  required_providers {
    # 5.7: google_workflows_workflow's user_env_vars.
    google = {
      source  = "hashicorp/google"
      version = ">= 5.7, < 7.0"
    }
    # google_dataflow_flex_template_job is a beta resource.
    google-beta = {
      source  = "hashicorp/google-beta"
      version = ">= 5.0, < 7.0"
    }
  }
}

provider "google" {
  project = var.project
  region  = var.region
}

provider "google-beta" {
  project = var.project
  region  = var.region
}
