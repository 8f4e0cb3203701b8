"""Folder watch: files landing under a pattern (local folder or bucket) are read as they appear,
in any input format of the batch run.

Every poll matches the patterns again; a file is read once, the first time it is matched (its
path is remembered for the retention period). Only files modified within the retention period
are read, so a landing folder that keeps its old files is not read again once their paths are
forgotten. Land a file atomically (write it elsewhere or under a name the pattern does not
match, then move it into place), or it may be read half-written.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io.filesystem import FileMetadata
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.formats import DEFAULT_MAX_ITEM_BYTES
from transforms.once import OncePerKey
from transforms.polls import Polls
from transforms.read import ReadMatchedFiles
from transforms.stage import StageOutput

__all__ = ["WatchFiles"]

_METRICS = "newsbeam.watch"


class _MatchRecent(beam.DoFn):
    """A poll → the files matching the patterns now, modified within the retention period."""

    def __init__(self, patterns: list[str], retention_seconds: float):
        self._patterns = patterns
        self._retention = retention_seconds
        self._old = Metrics.counter(_METRICS, "files_older_than_retention")

    def process(self, _poll, timestamp=beam.DoFn.TimestampParam):
        horizon = float(timestamp) - self._retention
        for result in FileSystems.match(self._patterns):
            for metadata in result.metadata_list:
                if metadata.last_updated_in_seconds and metadata.last_updated_in_seconds < horizon:
                    self._old.inc()
                    continue
                yield metadata


def _path(metadata: FileMetadata) -> str:
    return metadata.path


class WatchFiles(beam.PTransform):
    """Polls `patterns` every `interval` seconds from `start` until `stop` (epoch seconds; None:
    forever) → `StageOutput` of the items of each new file, timestamped with the poll that found
    it."""

    def __init__(
        self,
        patterns: list[str],
        interval: float,
        start: float,
        stop: float | None,
        retention_seconds: float,
        max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    ):
        super().__init__()
        self._patterns = list(patterns)
        self._interval = interval
        self._start = start
        self._stop = stop
        self._retention = retention_seconds
        self._read = ReadMatchedFiles(max_item_bytes)

    def expand(self, pbegin) -> StageOutput:
        polls = pbegin | "Polls" >> Polls(self._start, self._stop, self._interval)
        return (
            polls
            | "Match" >> beam.ParDo(_MatchRecent(self._patterns, self._retention))
            | "NewFiles" >> OncePerKey(_path, self._retention, namespace=_METRICS)
            | "ReadFiles" >> self._read
        )
