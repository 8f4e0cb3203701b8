"""Write stage: articles, duplicates and rejects as Parquet files with the schemas of `schemas/`.

Rows are spread over shards by a hash of their key and sorted inside each shard, so the same
input gives byte-identical files whatever the input order, the number of workers or the runner.
A shard is sorted and written by one worker, in memory: the number of shards is given, or (0)
chosen from the table's volume so that no shard holds much more than `SHARD_BYTES` of text and
payloads. A reject keeps at most `REJECT_PAYLOAD_BYTES` of its payload (its error says so), so a
few rejected items of the 8 MiB item limit do not make a shard huge. Every shard file is written,
empty or not, so a reader always finds a table with the right schema; a file is written under a
temporary name and renamed when complete.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Callable
from typing import NamedTuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA, Reject, article_row, reject_row
from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.tags import REJECTS

__all__ = [
    "AUTO_SHARDS",
    "REJECT_PAYLOAD_BYTES",
    "SHARD_BYTES",
    "TABLES",
    "Table",
    "WriteNewsParquet",
    "WriteParquetShards",
    "part_file_name",
    "shard_of",
]

AUTO_SHARDS = 0  # num_shards: choose from the volume
SHARD_BYTES = 128 * 1024 * 1024
REJECT_PAYLOAD_BYTES = 1024 * 1024


def part_file_name(shard: int, num_shards: int) -> str:
    return f"part-{shard:05d}-of-{num_shards:05d}.parquet"


def shard_of(key: str, num_shards: int) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % num_shards


class _WriteShard(beam.DoFn):
    def __init__(self, directory: str, schema: pa.Schema, sort_key, counter: str):
        super().__init__()
        self._directory = directory
        self._schema = schema
        self._sort_key = sort_key
        self._rows = Metrics.counter("newsbeam.write", counter)

    def process(self, element, num_shards: int):
        shard, rows = element
        rows = sorted((row for row in rows if row is not None), key=self._sort_key)
        path = FileSystems.join(self._directory, part_file_name(shard, num_shards))
        temporary = FileSystems.join(self._directory, "." + part_file_name(shard, num_shards))
        with FileSystems.create(temporary) as handle:
            pq.write_table(pa.Table.from_pylist(rows, schema=self._schema), handle)
        FileSystems.rename([temporary], [path])
        self._rows.inc(len(rows))
        yield path


class WriteParquetShards(beam.PTransform):
    """Row dicts → `num_shards` Parquet files in `directory` (AUTO_SHARDS: one per `shard_bytes`
    of the rows' text and payloads), rows sorted by `sort_key`.

    `sort_key(row)` must order rows totally (ties would make the files depend on input order);
    its first element, a string, also picks the shard. Outputs the paths written.
    """

    def __init__(
        self,
        directory: str,
        schema: pa.Schema,
        sort_key: Callable[[dict], tuple],
        num_shards: int = 1,
        counter: str = "rows",
        shard_bytes: int = SHARD_BYTES,
    ):
        super().__init__()
        if num_shards < 0:
            raise ValueError(
                f"num_shards must be positive, or {AUTO_SHARDS} for auto, got {num_shards}"
            )
        self._directory = directory
        self._schema = schema
        self._sort_key = sort_key
        self._num_shards = num_shards
        self._counter = counter
        self._shard_bytes = shard_bytes

    def expand(self, rows):
        sort_key, shard_bytes = self._sort_key, self._shard_bytes
        if self._num_shards == AUTO_SHARDS:
            shards = (
                rows
                | "RowBytes" >> beam.Map(_row_bytes)
                | "TableBytes" >> beam.CombineGlobally(sum)
                | "ShardsOfVolume" >> beam.Map(lambda total: max(1, -(-total // shard_bytes)))
            )
        else:
            shards = rows.pipeline | "Shards" >> beam.Create([self._num_shards])
        num_shards = beam.pvalue.AsSingleton(shards)
        every_shard = shards | "EveryShard" >> beam.FlatMap(
            lambda n: [(shard, None) for shard in range(n)]
        )
        sharded = rows | "Shard" >> beam.Map(
            lambda row, n: (shard_of(sort_key(row)[0], n), row), num_shards
        )
        return (
            (every_shard, sharded)
            | "Flatten" >> beam.Flatten()
            | "GroupShards" >> beam.GroupByKey()
            | "WriteFiles"
            >> beam.ParDo(
                _WriteShard(self._directory, self._schema, sort_key, self._counter), num_shards
            )
        )


def _row_bytes(row: dict) -> int:
    """What a row weighs in a shard's memory, roughly: its strings and bytes."""
    return sum(len(value) for value in row.values() if isinstance(value, (str, bytes)))


def _capped_reject_row(reject: Reject, ingested_at: datetime.datetime) -> dict:
    """The reject's row, its payload cut to REJECT_PAYLOAD_BYTES (the error says so: the item can
    be fetched again from `source_uri`)."""
    size = len(reject.payload)
    if size > REJECT_PAYLOAD_BYTES:
        cut = f" [payload cut to its first {REJECT_PAYLOAD_BYTES} of {size} bytes]"
        reject = dataclasses.replace(
            reject, error=reject.error + cut, payload=reject.payload[:REJECT_PAYLOAD_BYTES]
        )
    return reject_row(reject, ingested_at)


def _article_order(row: dict) -> tuple:
    return (row["id"], row["source_uri"], row["text"])


def _reject_order(row: dict) -> tuple:
    return (row["source_uri"], row["stage"], row["error"], row["payload"])


class Table(NamedTuple):
    """One output table: its folder name, how a record becomes a row, its schema, and the total
    order of its rows (whose first element also picks the shard)."""

    name: str
    to_row: Callable
    schema: pa.Schema
    order: Callable[[dict], tuple]


TABLES = (
    Table(ARTICLES, article_row, ARTICLE_SCHEMA, _article_order),
    Table(DUPLICATES, article_row, ARTICLE_SCHEMA, _article_order),
    Table(REJECTS, _capped_reject_row, REJECT_SCHEMA, _reject_order),
)


class WriteNewsParquet(beam.PTransform):
    """{`articles`, `duplicates`, `rejects`} → `articles/`, `duplicates/`, `rejects/` under
    `output`. `ingested_at` is one instant for the whole run, so reruns can reproduce files."""

    def __init__(
        self, output: str, ingested_at: datetime.datetime, num_shards: int = AUTO_SHARDS
    ):
        super().__init__()
        self._output = output
        self._ingested_at = ingested_at
        self._num_shards = num_shards

    def expand(self, outputs):
        ingested_at = self._ingested_at
        written = []
        for table in TABLES:
            written.append(
                outputs[table.name]
                | f"{table.name.title()}Rows"
                >> beam.Map(lambda record, to_row=table.to_row: to_row(record, ingested_at))
                | f"Write{table.name.title()}"
                >> WriteParquetShards(
                    FileSystems.join(self._output, table.name),
                    table.schema,
                    table.order,
                    self._num_shards,
                    table.name,
                )
            )
        return tuple(written) | "WrittenFiles" >> beam.Flatten()
