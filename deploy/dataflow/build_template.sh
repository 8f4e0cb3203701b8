#!/usr/bin/env bash
# Writes a Flex Template spec (image + metadata) to TEMPLATE, a gs:// path to a .json file: one
# per image tag, in the templates bucket (terraform output templates), written before the
# `terraform apply` that switches the launches to that tag. Both templates serve the one image:
# METADATA picks the template, metadata.json (the batch, by default) or metadata_stream.json (the
# stream, with TEMPLATE=$STREAM_TEMPLATE).
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${IMAGE:?set IMAGE}" "${TEMPLATE:?set TEMPLATE, e.g. gs://PROJECT-newsbeam-templates/newsbeam-batch-TAG.json}"
cd "$(dirname "$0")"
gcloud dataflow flex-template build "$TEMPLATE" \
  --project "$PROJECT" \
  --image "$IMAGE" \
  --sdk-language PYTHON \
  --metadata-file "${METADATA:-metadata.json}"
