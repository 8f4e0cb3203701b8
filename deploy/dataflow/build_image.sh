#!/usr/bin/env bash
# Builds the launcher + worker image from the repository root and pushes it to Artifact Registry.
# IMAGE: e.g. europe-west1-docker.pkg.dev/PROJECT/newsbeam/newsbeam:TAG (terraform output image).
# Always for linux/amd64, the platform of Dataflow's launcher and worker VMs: on an ARM machine
# Docker would otherwise build an image they cannot start.
set -euo pipefail
: "${IMAGE:?set IMAGE to the full image name with its tag}"
cd "$(dirname "$0")/../.."
docker build --platform linux/amd64 --file deploy/dataflow/Dockerfile --tag "$IMAGE" .
docker push "$IMAGE"
