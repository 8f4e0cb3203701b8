"""Write stage: articles, duplicates and rejects as Parquet files with the schemas of `schemas/`.

Rows are spread over a fixed number of shards by a hash of their key and sorted inside each
shard, so the same input gives byte-identical files whatever the input order, the number of
workers or the runner. Every shard file is written, empty or not, so a reader always finds a
table with the right schema; a file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import NamedTuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA, article_row, reject_row
from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.tags import REJECTS

__all__ = ["TABLES", "Table", "WriteNewsParquet", "WriteParquetShards", "part_file_name", "shard_of"]


def part_file_name(shard: int, num_shards: int) -> str:
    return f"part-{shard:05d}-of-{num_shards:05d}.parquet"


def shard_of(key: str, num_shards: int) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % num_shards


class _WriteShard(beam.DoFn):
    def __init__(self, directory: str, schema: pa.Schema, num_shards: int, sort_key, counter: str):
        super().__init__()
        self._directory = directory
        self._schema = schema
        self._num_shards = num_shards
        self._sort_key = sort_key
        self._rows = Metrics.counter("newsbeam.write", counter)

    def process(self, element):
        shard, rows = element
        rows = sorted((row for row in rows if row is not None), key=self._sort_key)
        path = FileSystems.join(self._directory, part_file_name(shard, self._num_shards))
        temporary = FileSystems.join(self._directory, "." + part_file_name(shard, self._num_shards))
        with FileSystems.create(temporary) as handle:
            pq.write_table(pa.Table.from_pylist(rows, schema=self._schema), handle)
        FileSystems.rename([temporary], [path])
        self._rows.inc(len(rows))
        yield path


class WriteParquetShards(beam.PTransform):
    """Row dicts → `num_shards` Parquet files in `directory`, rows sorted by `sort_key`.

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
    ):
        super().__init__()
        if num_shards < 1:
            raise ValueError(f"num_shards must be at least 1, got {num_shards}")
        self._directory = directory
        self._schema = schema
        self._sort_key = sort_key
        self._num_shards = num_shards
        self._counter = counter

    def expand(self, rows):
        every_shard = rows.pipeline | "EveryShard" >> beam.Create(
            [(shard, None) for shard in range(self._num_shards)]
        )
        sharded = rows | "Shard" >> beam.Map(
            lambda row: (shard_of(self._sort_key(row)[0], self._num_shards), row)
        )
        return (
            (every_shard, sharded)
            | "Flatten" >> beam.Flatten()
            | "GroupShards" >> beam.GroupByKey()
            | "WriteFiles" >> beam.ParDo(
                _WriteShard(self._directory, self._schema, self._num_shards, self._sort_key, self._counter)
            )
        )


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
    Table(REJECTS, reject_row, REJECT_SCHEMA, _reject_order),
)


class WriteNewsParquet(beam.PTransform):
    """{`articles`, `duplicates`, `rejects`} → `articles/`, `duplicates/`, `rejects/` under
    `output`. `ingested_at` is one instant for the whole run, so reruns can reproduce files."""

    def __init__(self, output: str, ingested_at: datetime.datetime, num_shards: int = 1):
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
