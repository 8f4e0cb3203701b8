import datetime

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.testing.test_pipeline import TestPipeline

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA, Reject, Removal
from tests.support import make_doc
from transforms.write import (
    AUTO_SHARDS,
    REJECT_PAYLOAD_BYTES,
    WriteNewsParquet,
    WriteParquetShards,
    part_file_name,
)

INGESTED = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


def write(tmp_path, articles, duplicates, rejects, num_shards=3):
    with TestPipeline() as pipeline:
        outputs = {
            "articles": pipeline | "A" >> beam.Create(articles),
            "duplicates": pipeline | "D" >> beam.Create(duplicates),
            "rejects": pipeline | "R" >> beam.Create(rejects),
        }
        outputs | WriteNewsParquet(str(tmp_path), INGESTED, num_shards)


def articles(n):
    return [
        make_doc(f"id{i:03d}", f"Text number {i}.", language="en", removed=(Removal("caption_credit", "x"),))
        for i in range(n)
    ]


def test_every_shard_file_exists_with_its_schema_even_when_empty(tmp_path):
    write(tmp_path, articles(5), [], [Reject("bad.txt", "read", "empty file", b"")])
    for table, schema, rows in (("articles", ARTICLE_SCHEMA, 5), ("duplicates", ARTICLE_SCHEMA, 0), ("rejects", REJECT_SCHEMA, 1)):
        names = sorted(p.name for p in (tmp_path / table).iterdir())
        assert names == [part_file_name(s, 3) for s in range(3)]
        read = pq.read_table(tmp_path / table)
        assert read.schema.equals(schema)
        assert read.num_rows == rows


def test_rows_carry_the_record_fields(tmp_path):
    write(tmp_path, articles(1), [], [Reject("bad.txt", "read", "empty file", b"\x00\x01", id="r1")])
    (row,) = pq.read_table(tmp_path / "articles").to_pylist()
    assert row["id"] == "id000"
    assert row["ingested_at"] == INGESTED
    assert row["removed"] == [{"rule": "caption_credit", "text": "x"}]
    assert row["word_count"] == 3
    assert row["language"] == "en"
    (reject,) = pq.read_table(tmp_path / "rejects").to_pylist()
    assert (reject["stage"], reject["error"], reject["payload"], reject["id"]) == ("read", "empty file", b"\x00\x01", "r1")


def test_files_are_byte_identical_whatever_the_input_order(tmp_path):
    docs = articles(40)
    write(tmp_path / "forward", docs, [], [])
    write(tmp_path / "backward", docs[::-1], [], [])
    for shard in range(3):
        name = part_file_name(shard, 3)
        forward = (tmp_path / "forward" / "articles" / name).read_bytes()
        assert forward == (tmp_path / "backward" / "articles" / name).read_bytes()
    ids = pq.read_table(tmp_path / "forward" / "articles" / part_file_name(0, 3)).column("id").to_pylist()
    assert ids == sorted(ids)


def test_auto_shards_follow_the_volume(tmp_path):
    rows = [{"id": f"id{i:03d}", "text": "x" * 100} for i in range(30)]  # about 3,000 bytes
    for shard_bytes, expected in ((1_000_000, 1), (1_000, 4)):
        folder = tmp_path / str(shard_bytes)
        with TestPipeline() as pipeline:
            _ = (
                pipeline
                | beam.Create(rows)
                | WriteParquetShards(
                    str(folder),
                    pa.schema([("id", pa.string()), ("text", pa.string())]),
                    lambda row: (row["id"],),
                    AUTO_SHARDS,
                    shard_bytes=shard_bytes,
                )
            )
        names = sorted(path.name for path in folder.iterdir())
        assert names == [part_file_name(shard, expected) for shard in range(expected)]
        assert pq.read_table(folder).num_rows == 30


def test_an_empty_table_has_one_auto_shard(tmp_path):
    write(tmp_path, [], [], [], num_shards=AUTO_SHARDS)
    assert [path.name for path in (tmp_path / "articles").iterdir()] == [part_file_name(0, 1)]


def test_a_huge_reject_payload_is_cut_and_says_so(tmp_path):
    payload = b"\x01" * (REJECT_PAYLOAD_BYTES + 10)
    write(tmp_path, [], [], [Reject("big.html", "extract", "timed out", payload)], num_shards=1)
    (reject,) = pq.read_table(tmp_path / "rejects").to_pylist()
    assert reject["payload"] == payload[:REJECT_PAYLOAD_BYTES]
    assert reject["error"] == (
        f"timed out [payload cut to its first {REJECT_PAYLOAD_BYTES} of {len(payload)} bytes]"
    )
