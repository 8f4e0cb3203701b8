"""Exactly-once delivery for streams: the first element of each key passes, every later one with
the same key within the retention period is dropped and counted.

A feed re-served unchanged, an item carried by two feeds, a Pub/Sub message delivered twice or a
file matched on every poll all arrive again with the same key; none of them may become a second
row. State is kept per key and cleared by an event-time timer once the retention period has
passed, so memory stays bounded in a run of any length. A runner that fires event-time timers
early (the local FnApiRunner advances the watermark to the end of time after each round of a
periodic source) must not make state forget too soon: a timer clears state only once the
retention has passed by the wall clock too, and the first-seen time is checked on every element.
Keys known before the stream starts (the ids already in the output of an earlier run) are passed
in, so a restarted stream does not write what its predecessor wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import apache_beam as beam
from apache_beam import coders
from apache_beam.metrics import Metrics
from apache_beam.transforms import userstate
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.utils.timestamp import Duration, Timestamp

__all__ = ["OncePerKey", "passed_by_wall_clock"]


def passed_by_wall_clock(instant: Timestamp) -> bool:
    """Whether `instant` is past by the wall clock as well as by the watermark that fired it."""
    return Timestamp.now() >= instant


class _FirstOfKeyFn(beam.DoFn):
    FIRST_SEEN = userstate.ReadModifyWriteStateSpec("first_seen", coders.FloatCoder())
    EXPIRY = userstate.TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, retention_seconds: float, known: frozenset[str], namespace: str):
        super().__init__()
        self._retention = Duration.of(retention_seconds)
        self._known = known
        self._first = Metrics.counter(namespace, "first_deliveries")
        self._again = Metrics.counter(namespace, "redelivered")

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        first_seen=beam.DoFn.StateParam(FIRST_SEEN),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        key, value = element
        seen_at = first_seen.read()
        if key in self._known or (seen_at is not None and timestamp < seen_at + self._retention):
            self._again.inc()
            return
        first_seen.write(float(timestamp))
        expiry.set(timestamp + self._retention)
        self._first.inc()
        yield value

    @userstate.on_timer(EXPIRY)
    def expire(self, fired=beam.DoFn.TimestampParam, first_seen=beam.DoFn.StateParam(FIRST_SEEN)):
        if passed_by_wall_clock(fired):
            first_seen.clear()


class OncePerKey(beam.PTransform):
    """Elements → the first element of each `key(element)` within `retention_seconds` of event
    time. Counts `first_deliveries` and `redelivered` under `namespace`. Works in the global
    window: apply it before windowing, so that the state spans windows."""

    def __init__(
        self,
        key: Callable[[object], str],
        retention_seconds: float,
        known: Iterable[str] = (),
        namespace: str = "newsbeam.once",
    ):
        super().__init__()
        if retention_seconds <= 0:
            raise ValueError(f"retention must be positive, got {retention_seconds} s")
        self._key = key
        self._fn = _FirstOfKeyFn(retention_seconds, frozenset(known), namespace)

    def expand(self, pcoll):
        return (
            pcoll
            | "Key" >> beam.Map(lambda element, key=self._key: (key(element), element))
            | "FirstOfKey" >> beam.ParDo(self._fn)
        )
