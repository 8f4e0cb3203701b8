"""Exactly-once delivery for streams: the first element of each key passes, every later one with
the same key within the retention period is dropped and counted.

A feed re-served unchanged, an item carried by two feeds, a Pub/Sub message delivered twice or a
file matched on every poll all arrive again with the same key; none of them may become a second
row. State is kept per key and cleared once the retention period has passed (see
`transforms.expiry` on timers that fire early), so memory stays bounded in a run of any length;
the first-seen time is also checked on every element. Keys are strings, so their coder is
deterministic, and the state is a float, never a pickle. Keys known before the stream starts
(the ids already in the output of an earlier run, with when they were written) come in as a side
input read on the workers, so a restarted stream does not write again what its predecessor wrote
within the retention period.
"""

from __future__ import annotations

from collections.abc import Callable

import apache_beam as beam
from apache_beam import coders
from apache_beam.metrics import Metrics
from apache_beam.transforms import userstate

from transforms.expiry import StateExpiry, expiry_timer
from transforms.state_coders import KEYED

__all__ = ["OncePerKey"]


class _FirstOfKeyFn(beam.DoFn):
    FIRST_SEEN = userstate.ReadModifyWriteStateSpec("first_seen", coders.FloatCoder())
    EXPIRY = expiry_timer()

    def __init__(self, retention_seconds: float, namespace: str):
        super().__init__()
        self._expiry = StateExpiry(retention_seconds)
        self._first = Metrics.counter(namespace, "first_deliveries")
        self._again = Metrics.counter(namespace, "redelivered")

    def process(
        self,
        element,
        known: dict[str, float],
        timestamp=beam.DoFn.TimestampParam,
        first_seen=beam.DoFn.StateParam(FIRST_SEEN),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        key, value = element
        self._expiry.observe(timestamp)
        seen_at = first_seen.read()
        if seen_at is None:
            seen_at = known.get(key)  # written by an earlier run
        if seen_at is not None and timestamp < seen_at + self._expiry.retention:
            self._again.inc()
            return
        first_seen.write(float(timestamp))
        self._expiry.arm(expiry, timestamp)
        self._first.inc()
        yield value

    @userstate.on_timer(EXPIRY)
    def expire(self, fired=beam.DoFn.TimestampParam, first_seen=beam.DoFn.StateParam(FIRST_SEEN)):
        if self._expiry.due(fired):
            first_seen.clear()


class OncePerKey(beam.PTransform):
    """Elements → the first element of each `key(element)` within `retention_seconds` of event
    time. `known`: a PCollection of (key, epoch seconds) seen before the stream started.
    Counts `first_deliveries` and `redelivered` under `namespace`. Works in the global window:
    apply it before windowing, so that the state spans windows."""

    def __init__(
        self,
        key: Callable[[object], str],
        retention_seconds: float,
        known: beam.PCollection | None = None,
        namespace: str = "newsbeam.once",
    ):
        super().__init__()
        self._key = key
        self._known = known
        self._fn = _FirstOfKeyFn(retention_seconds, namespace)

    def expand(self, pcoll):
        known = self._known
        if known is None:
            known = pcoll.pipeline | "NoneKnown" >> beam.Create([]).with_output_types(KEYED)
        return (
            pcoll
            | "Key"
            >> beam.Map(lambda element, key=self._key: (key(element), element)).with_output_types(
                KEYED
            )
            | "FirstOfKey" >> beam.ParDo(self._fn, beam.pvalue.AsDict(known))
        )
