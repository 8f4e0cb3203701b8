#!/usr/bin/env bash
# Builds the launcher + worker image from the repository root and pushes it to Artifact Registry.
# IMAGE: e.g. europe-west1-docker.pkg.dev/PROJECT/newsbeam/newsbeam:TAG (terraform output image_repository + a tag).
set -euo pipefail
: "${IMAGE:?set IMAGE to the full image name with its tag}"
cd "$(dirname "$0")/../.."
docker build --file deploy/dataflow/Dockerfile --tag "$IMAGE" .
docker push "$IMAGE"
