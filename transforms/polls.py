"""The clock of the streaming sources: one element per poll, timestamped with its scheduled time.

A stop time makes the stream finite: once the last poll is out the watermark moves to the end of
time, so every open window fires and the pipeline ends (`newsbeam stream --max-runtime`).
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.utils.timestamp import MAX_TIMESTAMP

__all__ = ["Polls"]


class Polls(beam.PTransform):
    """Polls every `interval` seconds from `start` until before `stop` (epoch seconds; None:
    forever)."""

    def __init__(self, start: float, stop: float | None, interval: float):
        super().__init__()
        if interval <= 0:
            raise ValueError(f"poll interval must be positive, got {interval} s")
        self._start = start
        self._stop = MAX_TIMESTAMP if stop is None else stop
        self._interval = interval

    def expand(self, pbegin):
        return pbegin | "Impulses" >> PeriodicImpulse(
            start_timestamp=self._start, stop_timestamp=self._stop, fire_interval=self._interval
        )
