"""Stage 1, Read: input files to one Document per news item, or a Reject when an item cannot
be read. The format is chosen by file suffix; gzip is undone here, not by Beam, so a corrupt or
oversized .gz becomes a Reject instead of failing the pipeline."""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes

from schemas.records import Document, Reject
from transforms.formats import DEFAULT_MAX_ITEM_BYTES, FORMATS, Limits, format_for, split_suffix
from transforms.formats.common import STREAM_ERRORS, reject
from transforms.stage import StageOutput
from transforms.tags import DOCS, REJECTS

__all__ = ["DEFAULT_MAX_ITEM_BYTES", "DOCS", "REJECTS", "ReadMatchedFiles", "ReadNews", "read_file"]

_log = logging.getLogger(__name__)
_COUNTERS = "newsbeam.read"
_UNSUPPORTED = "unsupported"
_EXPECTED = ", ".join(suffix for fmt in FORMATS for suffix in fmt.suffixes)


def read_file(
    source_uri: str, raw: BinaryIO, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES
) -> Iterator[Document | Reject]:
    """Every item of one input file, as Documents and Rejects. Never raises on bad input: a file
    that breaks the reader becomes a Reject carrying its first `max_item_bytes` raw bytes."""
    limits = Limits(max_item_bytes)
    suffix, gzipped = split_suffix(source_uri)
    fmt = format_for(suffix)
    if fmt is None:
        error = f"unsupported input format '{suffix}' (expected {_EXPECTED}, optionally + .gz)"
        yield reject(source_uri, error, _raw_head(raw, limits))
        return
    inflate = gzipped and not fmt.decompresses_itself
    stream = gzip.GzipFile(fileobj=raw, mode="rb") if inflate else raw
    try:
        yield from fmt.read(source_uri, stream, limits)
    except Exception as err:  # a broken stream or a reader bug must not lose the file silently
        error = f"cannot read {fmt.name} file: {type(err).__name__}: {err}"
        _log.warning("%s: %s", source_uri, error, exc_info=not isinstance(err, STREAM_ERRORS))
        yield reject(source_uri, error, _raw_head(raw, limits))


def _raw_head(raw: BinaryIO, limits: Limits) -> bytes:
    """The file's first bytes as stored (still compressed), for replaying a rejected file."""
    try:
        raw.seek(0)
        return raw.read(limits.max_item_bytes)
    except (OSError, ValueError):  # not seekable or closed: the reject keeps its source_uri
        return b""


class _ReadFileFn(beam.DoFn):
    """Reads one matched file, routing Documents to the main output and Rejects to REJECTS."""

    def __init__(self, max_item_bytes: int) -> None:
        super().__init__()
        self._max_item_bytes = max_item_bytes
        self._files = beam.metrics.Metrics.counter(_COUNTERS, "files")
        self._items = beam.metrics.Metrics.counter(_COUNTERS, "items")
        self._rejects = beam.metrics.Metrics.counter(_COUNTERS, "rejects")
        self._items_by_format = {
            name: beam.metrics.Metrics.counter(_COUNTERS, f"items_{name}")
            for name in [fmt.name for fmt in FORMATS] + [_UNSUPPORTED]
        }

    def process(self, readable_file: fileio.ReadableFile) -> Iterable:
        path = readable_file.metadata.path
        fmt = format_for(split_suffix(path)[0])
        items_of_format = self._items_by_format[fmt.name if fmt else _UNSUPPORTED]
        self._files.inc()
        with readable_file.open(compression_type=CompressionTypes.UNCOMPRESSED) as raw:
            for item in read_file(path, raw, self._max_item_bytes):
                self._items.inc()
                items_of_format.inc()
                if isinstance(item, Reject):
                    self._rejects.inc()
                    yield beam.pvalue.TaggedOutput(REJECTS, item)
                else:
                    yield item


class ReadMatchedFiles(beam.PTransform):
    """Matched files (`FileMetadata`) → `StageOutput` of their items; the step batch reading and
    folder watching share. The items are spread over the workers after reading: a WARC or JSONL
    file of 50,000 items would otherwise be extracted by the one worker thread that read it."""

    def __init__(self, max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES) -> None:
        super().__init__()
        Limits(max_item_bytes)  # fail at construction, not on the workers
        self._max_item_bytes = max_item_bytes

    def expand(self, matched) -> StageOutput:
        outputs = (
            matched
            | "Open" >> fileio.ReadMatches()
            | "Read"
            >> beam.ParDo(_ReadFileFn(self._max_item_bytes)).with_outputs(REJECTS, main=DOCS)
        )
        return StageOutput(outputs[DOCS] | "SpreadItems" >> beam.Reshuffle(), outputs[REJECTS])


class ReadNews(beam.PTransform):
    """Reads every file matching any of `patterns` once: `docs, rejects = p | ReadNews(...)`.
    Every item (Document or Reject) counts once in the `newsbeam.read` counter `items`."""

    def __init__(self, patterns: list[str], max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES) -> None:
        super().__init__()
        self._patterns = list(patterns)
        self._read = ReadMatchedFiles(max_item_bytes)

    def expand(self, pbegin: beam.pvalue.PBegin) -> StageOutput:
        return (
            pbegin
            | "Patterns" >> beam.Create(self._patterns)
            | "Match" >> fileio.MatchAll()
            | "Paths" >> beam.Map(lambda metadata: metadata.path)
            # Overlapping patterns must not read a file twice; the shuffle also spreads the
            # files over workers, where MatchAll alone would read a pattern's files in one.
            | "OncePerFile" >> beam.Distinct()
            | "ReadFiles" >> self._read
        )
