"""Google Cloud Pub/Sub input for the cloud stream: each message carries news items in the JSONL
record format of the batch run (one JSON object per line, usually one per message).

An item without an `id` gets its id from the message id, so a message Pub/Sub delivers twice is
one item to the stream's `OncePerKey`. Event time is the publish time, or the attribute named by
`timestamp_attribute` when publishers stamp their own.
"""

from __future__ import annotations

import io

import apache_beam as beam
from apache_beam.io.gcp.pubsub import PubsubMessage, ReadFromPubSub
from apache_beam.metrics import Metrics

from schemas.records import Reject
from transforms.formats import DEFAULT_MAX_ITEM_BYTES, Limits, jsonl
from transforms.stage import StageOutput
from transforms.tags import DOCS, REJECTS

__all__ = ["ReadPubSubNews", "message_items"]

_METRICS = "newsbeam.pubsub"


def message_items(subscription: str, message: PubsubMessage, limits: Limits):
    """The items of one message, as the JSONL reader gives them."""
    source_uri = f"pubsub:{subscription}/{message.message_id}"
    return jsonl.read(source_uri, io.BytesIO(message.data or b""), limits)


class _MessageItemsFn(beam.DoFn):
    def __init__(self, subscription: str, max_item_bytes: int):
        self._subscription = subscription
        self._limits = Limits(max_item_bytes)
        self._messages = Metrics.counter(_METRICS, "messages")
        self._items = Metrics.counter(_METRICS, "items")

    def process(self, message: PubsubMessage):
        self._messages.inc()
        for item in message_items(self._subscription, message, self._limits):
            self._items.inc()
            yield beam.pvalue.TaggedOutput(REJECTS, item) if isinstance(item, Reject) else item


class ReadPubSubNews(beam.PTransform):
    """`projects/<p>/subscriptions/<s>` → `StageOutput` of the news items in its messages."""

    def __init__(
        self,
        subscription: str,
        max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
        timestamp_attribute: str | None = None,
    ):
        super().__init__()
        self._subscription = subscription
        self._max_item_bytes = max_item_bytes
        self._timestamp_attribute = timestamp_attribute

    def expand(self, pbegin) -> StageOutput:
        outputs = (
            pbegin
            | "Messages"
            >> ReadFromPubSub(
                subscription=self._subscription,
                with_attributes=True,
                timestamp_attribute=self._timestamp_attribute,
            )
            | "Items"
            >> beam.ParDo(_MessageItemsFn(self._subscription, self._max_item_bytes)).with_outputs(
                REJECTS, main=DOCS
            )
        )
        return StageOutput(outputs[DOCS], outputs[REJECTS])
