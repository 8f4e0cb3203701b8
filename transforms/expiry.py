"""Expiry of keyed state by event-time timers, on runners whose watermark can outrun the data.

State kept for a retention period is freed by an event-time timer. On a real runner a timer fires
when the watermark passes it, that is when the data has reached its time, even when publishers
stamp their items ahead of the wall clock. The local FnApiRunner instead moves the watermark to
the end of time after each round of a periodic source, firing every timer at once while the data
is still at the present; freeing state then would forget keys that are still within retention.
So a timer frees state only once its time has been reached by the data this DoFn has processed,
or by the wall clock; otherwise the state stays until the key's next element arms a new timer.
(Re-arming from the callback is no way out: a timer set behind a watermark at the end of time
fires again at once, forever; and a processing-time timer would take the stream off the
FnApiRunner, whose fallback cannot run periodic sources.) Every stateful streaming DoFn expires
its state through `StateExpiry`.
"""

from __future__ import annotations

from apache_beam.transforms import userstate
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.utils.timestamp import MIN_TIMESTAMP, Duration, Timestamp

__all__ = ["StateExpiry", "expiry_timer"]


def expiry_timer() -> userstate.TimerSpec:
    """The event-time timer that ends a retention period (a new spec per DoFn class: Beam binds
    a spec to one callback)."""
    return userstate.TimerSpec("expiry", TimeDomain.WATERMARK)


class StateExpiry:
    """The retention of one stateful DoFn's state, and when its expiry timer may free it."""

    def __init__(self, retention_seconds: float):
        if retention_seconds <= 0:
            raise ValueError(f"retention must be positive, got {retention_seconds} s")
        self.retention = Duration.of(retention_seconds)
        self._data_time = MIN_TIMESTAMP  # the latest element timestamp this instance processed

    def observe(self, timestamp: Timestamp) -> None:
        """Notes an element's timestamp: how far the data has come (call it in `process`)."""
        if timestamp > self._data_time:
            self._data_time = timestamp

    def arm(self, expiry, since: Timestamp) -> None:
        """Sets the expiry timer to the end of the retention period that started at `since`."""
        expiry.set(since + self.retention)

    def due(self, fired: Timestamp) -> bool:
        """Whether a timer that fired for `fired` may free state: the data or the wall clock has
        reached that time, so it did not fire early."""
        return fired <= self._data_time or fired <= Timestamp.now()
