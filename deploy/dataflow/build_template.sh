#!/usr/bin/env bash
# Writes the Flex Template spec (image + metadata.json) to TEMPLATE, a gs:// path to a .json file.
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${IMAGE:?set IMAGE}" "${TEMPLATE:?set TEMPLATE, e.g. gs://BUCKET/templates/newsbeam-batch.json}"
cd "$(dirname "$0")"
gcloud dataflow flex-template build "$TEMPLATE" \
  --project "$PROJECT" \
  --image "$IMAGE" \
  --sdk-language PYTHON \
  --metadata-file metadata.json
