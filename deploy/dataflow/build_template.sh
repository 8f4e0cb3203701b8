#!/usr/bin/env bash
# Writes a Flex Template spec (image + metadata) to TEMPLATE, a gs:// path to a .json file.
# Both templates serve the one image: METADATA picks the template, metadata.json (the batch, by
# default) or metadata_stream.json (the stream, with TEMPLATE=$STREAM_TEMPLATE).
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${IMAGE:?set IMAGE}" "${TEMPLATE:?set TEMPLATE, e.g. gs://BUCKET/templates/newsbeam-batch.json}"
cd "$(dirname "$0")"
gcloud dataflow flex-template build "$TEMPLATE" \
  --project "$PROJECT" \
  --image "$IMAGE" \
  --sdk-language PYTHON \
  --metadata-file "${METADATA:-metadata.json}"
