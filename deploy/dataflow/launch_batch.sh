#!/usr/bin/env bash
# Launches one batch run of the template by hand, with options of your own. (To rerun an hour as
# the schedule runs it, start the workflow: deploy/README.md, "A failed hour".) HOUR defaults to
# `last`; set HOUR=2026-01-01T10:00Z to backfill an hour. Extra arguments go to gcloud, e.g.
# --parameters languages=^~^en,fr (a value with commas needs the ^~^ escape).
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${IMAGE:?set IMAGE}" "${TEMPLATE:?set TEMPLATE}"
: "${INPUT:?set INPUT, e.g. gs://BUCKET/input/%Y/%m/%d/%H/*}" "${OUTPUT:?set OUTPUT, e.g. gs://BUCKET/clean/%Y/%m/%d/%H}"
: "${SERVICE_ACCOUNT:?set SERVICE_ACCOUNT (terraform output worker_service_account)}"
: "${TEMP_LOCATION:?set TEMP_LOCATION, e.g. gs://BUCKET/tmp}"
gcloud dataflow flex-template run "newsbeam-batch-$(date -u +%Y%m%d-%H%M%S)" \
  --project "$PROJECT" \
  --region "$REGION" \
  --template-file-gcs-location "$TEMPLATE" \
  --service-account-email "$SERVICE_ACCOUNT" \
  --temp-location "$TEMP_LOCATION" \
  --parameters "input=$INPUT" \
  --parameters "output=$OUTPUT" \
  --parameters "hour=${HOUR:-last}" \
  --parameters "sdk_container_image=$IMAGE" \
  "$@"
