#!/usr/bin/env bash
# Starts the long-running stream from the stream template (Terraform does the same when
# stream_enabled is true: use one or the other, or two jobs share one subscription). Sources,
# at least one: SUBSCRIPTION (projects/PROJECT/subscriptions/NAME, JSON Lines messages), FEED
# (one RSS/Atom URL), FEEDS_FILE (a gs:// file listing feed URLs, one a line), WATCH (a gs://
# pattern of landing files). Other options are extra gcloud
# arguments, e.g. --parameters window=300 (a value with commas needs the ^~^ escape).
#
# The job name stays the same so that a new image or new options replace the running job in
# place with its state (open windows, remembered ids): run this again with --update. When
# Dataflow refuses the update (an incompatible graph), drain the job, which writes every open
# window and acks what it has read, then run this again without --update:
#   gcloud dataflow jobs drain "$(gcloud dataflow jobs list --region "$REGION" --status active \
#     --filter name=newsbeam-stream --format 'value(id)')" --region "$REGION"
# Unacked messages wait in the subscription meanwhile, and the new job skips the ids its output
# already holds.
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${IMAGE:?set IMAGE}"
: "${STREAM_TEMPLATE:?set STREAM_TEMPLATE (terraform output stream_template)}"
: "${STREAM_OUTPUT:?set STREAM_OUTPUT, e.g. gs://BUCKET/stream}"
: "${SERVICE_ACCOUNT:?set SERVICE_ACCOUNT (terraform output worker_service_account)}"
: "${TEMP_LOCATION:?set TEMP_LOCATION, e.g. gs://BUCKET/tmp}"
sources=()
if [[ -n "${SUBSCRIPTION:-}" ]]; then
  sources+=(--parameters "pubsub_subscription=$SUBSCRIPTION")
fi
if [[ -n "${FEED:-}" ]]; then
  sources+=(--parameters "feed=$FEED")
fi
if [[ -n "${FEEDS_FILE:-}" ]]; then
  sources+=(--parameters "feeds_file=$FEEDS_FILE")
fi
if [[ -n "${WATCH:-}" ]]; then
  sources+=(--parameters "watch=$WATCH")
fi
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "set SUBSCRIPTION, FEED, FEEDS_FILE and/or WATCH: the stream needs a source" >&2
  exit 2
fi
gcloud dataflow flex-template run newsbeam-stream \
  --project "$PROJECT" \
  --region "$REGION" \
  --template-file-gcs-location "$STREAM_TEMPLATE" \
  --service-account-email "$SERVICE_ACCOUNT" \
  --temp-location "$TEMP_LOCATION" \
  --enable-streaming-engine \
  "${sources[@]}" \
  --parameters "output=$STREAM_OUTPUT" \
  --parameters "sdk_container_image=$IMAGE" \
  "$@"
