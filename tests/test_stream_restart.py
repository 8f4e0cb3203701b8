"""What a restarted stream reads of its predecessor's output: the ids of articles and duplicates
of the windows within the retention period, listed by the windows' days and read on workers."""

from __future__ import annotations

import datetime

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import IntervalWindow

from transforms.window_write import WrittenIds, window_file_name

DAY = 86400.0
NOW = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.timezone.utc).timestamp()


def write(output, table: str, window_start: float, *ids: str) -> None:
    folder = output / table
    folder.mkdir(parents=True, exist_ok=True)
    name = window_file_name(IntervalWindow(window_start, window_start + 60), 0, "r", 0, 1)
    pq.write_table(pa.table({"id": list(ids)}), folder / name)


def test_written_ids_of_recent_articles_and_duplicates_with_their_window_end(tmp_path):
    write(tmp_path, "articles", NOW - 600, "a1", "a2")
    write(tmp_path, "duplicates", NOW - 600, "d1")
    write(tmp_path, "rejects", NOW - 600, "r1")  # a reject may be retried
    write(tmp_path, "articles", NOW - 1.5 * DAY, "older")  # ended before the retention began
    write(tmp_path, "articles", NOW - 30 * DAY, "ancient")  # not even listed
    with beam.Pipeline() as pipeline:
        ids = pipeline | WrittenIds(str(tmp_path), since=NOW - DAY, until=NOW)
        assert_that(ids, equal_to([("a1", NOW - 540), ("a2", NOW - 540), ("d1", NOW - 540)]))


def test_only_the_days_of_the_retention_period_are_listed(tmp_path):
    patterns = WrittenIds(str(tmp_path), since=NOW - DAY, until=NOW)._patterns
    days = sorted({pattern.rsplit("window-", 1)[1][:8] for pattern in patterns})
    assert days == ["20260308", "20260309", "20260310"]
    assert all("rejects" not in pattern for pattern in patterns)


def test_an_empty_output_has_no_written_ids(tmp_path):
    with beam.Pipeline() as pipeline:
        assert_that(pipeline | WrittenIds(str(tmp_path / "none"), NOW - DAY, NOW), equal_to([]))
