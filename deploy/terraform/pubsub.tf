# Incoming news for the stream: publishers send JSON Lines records to the topic; the stream job
# is the subscription's one reader.
resource "google_pubsub_topic" "items" {
  depends_on = [google_project_service.apis]

  name = "newsbeam-items"
}

# No dead-letter topic: Dataflow acks a message once it is durably in the pipeline (it does not
# fully support dead-letter policies), and a record that fails to parse becomes a row of the
# stream's rejects/ table, which is its dead letter. What matters is retention: unacked messages
# wait the longest Pub/Sub allows (7 days) while the job is drained, replaced or down.
resource "google_pubsub_subscription" "stream" {
  name  = "newsbeam-stream"
  topic = google_pubsub_topic.items.id

  message_retention_duration = "604800s"
  ack_deadline_seconds       = 60

  # Never expire: by default a subscription without a reader for 31 days is deleted.
  expiration_policy {
    ttl = ""
  }
}
