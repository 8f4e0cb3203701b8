"""Streaming write: each window's articles, duplicates and rejects as Parquet files, with the same
schemas and folders as a batch run.

Files are written by `fileio.WriteToFiles` with a Parquet `FileSink` (Beam 2.77's
`WriteToParquet` loses rows on unbounded input). WriteToFiles writes to a temporary folder and
renames a file into place only when it is complete, so a reader never sees a half-written one.
Rows are grouped by shard before the write and each file is written from one sorted group, so a
window's files do not depend on bundle boundaries or arrival order. File names carry the window,
the pane (late data of a window lands in a later pane's file, never rewriting an earlier one)
and the run, so a restarted stream never overwrites the files of the run before it.
"""

from __future__ import annotations

import datetime

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io import fileio
from apache_beam.io.filesystem import FileMetadata
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.options.value_provider import StaticValueProvider
from apache_beam.transforms.window import IntervalWindow

from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.write import AUTO_SHARDS, TABLES, Table, shard_of

__all__ = ["ParquetSink", "WriteWindowedParquet", "WrittenIds", "window_file_name"]

_STAMP = "%Y%m%dT%H%M%SZ"


class ParquetSink(fileio.FileSink):
    """Writes (destination, sorted rows) elements as one Parquet file with `schema`."""

    def __init__(self, schema: pa.Schema):
        self._schema = schema
        self._handle = None
        self._rows: list[dict] = []

    def open(self, fh) -> None:
        self._handle = fh
        self._rows = []

    def write(self, record: tuple[str, list[dict]]) -> None:
        self._rows.extend(record[1])

    def flush(self) -> None:
        pq.write_table(pa.Table.from_pylist(self._rows, schema=self._schema), self._handle)


def _utc(seconds) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(float(seconds), datetime.timezone.utc)


def window_file_name(
    window: IntervalWindow, pane_index: int, run_id: str, shard: int, shards: int
) -> str:
    """`window-<start>-<end>-run-<run>-pane-<n>-part-<shard>-of-<shards>.parquet`, UTC stamps:
    names sort by window, and say which window, run and firing a file holds."""
    start, end = _utc(window.start).strftime(_STAMP), _utc(window.end).strftime(_STAMP)
    return (
        f"window-{start}-{end}-run-{run_id}-pane-{pane_index:03d}"
        f"-part-{shard:05d}-of-{shards:05d}.parquet"
    )


class _ShardRows(beam.DoFn):
    """Record → (shard, row); `ingested_at` is the end of the record's window, so the same window
    written twice gives the same rows."""

    def __init__(self, table: Table, num_shards: int):
        self._table = table
        self._num_shards = num_shards
        self._rows = Metrics.counter("newsbeam.write", table.name)

    def process(self, record, window=beam.DoFn.WindowParam):
        self._rows.inc()
        row = self._table.to_row(record, _utc(window.end))
        yield shard_of(self._table.order(row)[0], self._num_shards), row


class _SortShard(beam.DoFn):
    """(shard, rows) of one firing → ("<shard>:<pane index>", sorted rows). WriteToFiles does not
    pass the pane to the file naming, so it travels in the destination."""

    def __init__(self, table: Table):
        self._table = table

    def process(self, element, pane=beam.DoFn.PaneInfoParam):
        shard, rows = element
        yield f"{shard}:{pane.index}", sorted(rows, key=self._table.order)


class _TableWrite(beam.PTransform):
    def __init__(self, output: str, table: Table, num_shards: int, run_id: str):
        super().__init__()
        self._output = output
        self._table = table
        self._num_shards = num_shards
        self._run_id = run_id

    def expand(self, records):
        table, num_shards, run_id = self._table, self._num_shards, self._run_id

        def name(window, _pane, _index, _total, _compression, destination):
            shard, pane_index = destination.split(":")
            return window_file_name(window, int(pane_index), run_id, int(shard), num_shards)

        return (
            records
            | "Rows" >> beam.ParDo(_ShardRows(table, num_shards))
            | "GroupShards" >> beam.GroupByKey()
            | "Sort" >> beam.ParDo(_SortShard(table))
            | "Files"
            >> fileio.WriteToFiles(
                FileSystems.join(self._output, table.name),
                file_naming=name,
                destination=lambda shard_rows: shard_rows[0],
                sink=lambda _destination: ParquetSink(table.schema),
                shards=1,
                temp_directory=StaticValueProvider(
                    str, FileSystems.join(self._output, ".staging", table.name)
                ),
            )
        )


class WriteWindowedParquet(beam.PTransform):
    """{`articles`, `duplicates`, `rejects`} of windowed records → Parquet files per window and
    pane under `output`/<table>/. Outputs the FileResults of the files written, per table.
    `num_shards` AUTO_SHARDS writes one file per window and pane: a window holds minutes of
    traffic, not a batch run's hour."""

    def __init__(self, output: str, run_id: str, num_shards: int = AUTO_SHARDS):
        super().__init__()
        if num_shards < 0:
            raise ValueError(
                f"num_shards must be positive, or {AUTO_SHARDS} for auto, got {num_shards}"
            )
        self._output = output
        self._run_id = run_id
        self._num_shards = num_shards or 1

    def expand(self, outputs):
        return {
            table.name: outputs[table.name]
            | f"Write{table.name.title()}"
            >> _TableWrite(self._output, table, self._num_shards, self._run_id)
            for table in TABLES
        }


class WrittenIds(beam.PTransform):
    """→ (id, end of its window in epoch seconds) for every article and duplicate written under
    `output` in a window that ended within [`since`, `until`]: what a restarted stream must not
    write again, and until when (it still respects the retention period).

    Only the days of those windows are listed (file names start with the window's start) and
    the files are listed and read on the workers, so the job graph carries a few patterns, not
    the ids. Rejects are not listed: a reject's id may be retried."""

    def __init__(self, output: str, since: float, until: float):
        super().__init__()
        self._patterns = _window_patterns(output, since, until)
        self._since = since

    def expand(self, pbegin):
        since = self._since
        return (
            pbegin
            | "Days" >> beam.Create(self._patterns)
            | "List" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "Recent" >> beam.Filter(lambda metadata: _window_end(metadata.path) >= since)
            | "Ids" >> beam.FlatMap(_ids_of_file)
        )


def _window_patterns(output: str, since: float, until: float) -> list[str]:
    """One pattern per table and UTC day from the day before `since` (a window that started
    then may end after it) to the day of `until`."""
    first, last = _utc(since).date() - datetime.timedelta(days=1), _utc(until).date()
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return [
        FileSystems.join(output, table, f"window-{day:%Y%m%d}T*.parquet")
        for table in (ARTICLES, DUPLICATES)
        for day in days
    ]


def _window_end(path: str) -> float:
    """The end of the window a file holds, from its name (see `window_file_name`)."""
    end = path.rsplit("/", 1)[-1].split("-")[2]
    stamp = datetime.datetime.strptime(end, _STAMP).replace(tzinfo=datetime.timezone.utc)
    return stamp.timestamp()


def _ids_of_file(metadata: FileMetadata):
    end = _window_end(metadata.path)
    with FileSystems.open(metadata.path) as handle:
        for doc_id in pq.read_table(handle, columns=["id"]).column("id").to_pylist():
            if doc_id:
                yield doc_id, end
