"""Folder watch: files landing under a pattern (local folder or bucket) are read as they appear,
in any input format of the batch run.

Every poll lists each pattern again (a glob cannot list only what is new), but only files it has
not matched before go on: each pattern is a key whose state holds the paths it matched within
the retention period, with their modification times. A file is read once, the first time it is
matched; only files modified within the retention period are read, so a landing folder that
keeps its old files is not read again once their paths are forgotten. Land a file atomically
(write it elsewhere or under a name the pattern does not match, then move it into place), or it
may be read half-written.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms import userstate

from transforms.formats import DEFAULT_MAX_ITEM_BYTES
from transforms.polls import Polls
from transforms.read import ReadMatchedFiles
from transforms.stage import StageOutput
from transforms.state_coders import JSON_CODER, KEYED

__all__ = ["WatchFiles"]

_METRICS = "newsbeam.watch"


class _NewFilesFn(beam.DoFn):
    """(pattern, poll) → the files matching the pattern now that it had not matched before,
    modified within the retention period."""

    SEEN = userstate.ReadModifyWriteStateSpec("seen", JSON_CODER)  # path: modified (epoch s)

    def __init__(self, retention_seconds: float):
        self._retention = retention_seconds
        self._new = Metrics.counter(_METRICS, "new_files")
        self._again = Metrics.counter(_METRICS, "files_matched_before")
        self._old = Metrics.counter(_METRICS, "files_older_than_retention")

    def process(
        self, element, timestamp=beam.DoFn.TimestampParam, seen_state=beam.DoFn.StateParam(SEEN)
    ):
        pattern, _ = element
        now = float(timestamp)
        horizon = now - self._retention
        seen = {path: at for path, at in (seen_state.read() or {}).items() if at >= horizon}
        for result in FileSystems.match([pattern]):
            for metadata in result.metadata_list:
                modified = metadata.last_updated_in_seconds or now  # unknown: as if just now
                if modified < horizon:
                    self._old.inc()
                elif metadata.path in seen:
                    self._again.inc()
                else:
                    self._new.inc()
                    seen[metadata.path] = modified
                    yield metadata
        seen_state.write(seen)


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
        self._patterns = sorted(set(patterns))
        self._interval = interval
        self._start = start
        self._stop = stop
        self._retention = retention_seconds
        self._read = ReadMatchedFiles(max_item_bytes)

    def expand(self, pbegin) -> StageOutput:
        patterns = self._patterns
        return (
            pbegin
            | "Polls" >> Polls(self._start, self._stop, self._interval)
            | "EachPattern"
            >> beam.FlatMap(
                lambda poll: [(pattern, poll) for pattern in patterns]
            ).with_output_types(KEYED)
            | "NewFiles" >> beam.ParDo(_NewFilesFn(self._retention))
            | "ReadFiles" >> self._read
        )
