"""The stream's core on TestStream: windows, late data, exactly-once delivery and dedupe across
windows, written as Parquet files per window (what `newsbeam stream` runs after its sources).

TestStream runs on the BundleBasedDirectRunner, whose metrics miss later bundles; these tests
check the files written. Counters are checked by the end-to-end stream tests."""

from __future__ import annotations

import pathlib

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_stream import TestStream
from apache_beam.transforms.window import TimestampedValue

from pipeline.options import NewsbeamOptions, StreamOptions
from pipeline.stream import Ingest
from schemas import Document, Reject

STORY = (
    "The city council approved the new transit budget on Tuesday after a long debate. "
    "Council members argued for hours about bus routes, fares and the timetable for the new "
    "tram line that will cross the river. The mayor said the plan would cut commuting times "
    "for thousands of residents and promised that fares would stay flat for two years. "
    "Opponents said the budget relied on optimistic forecasts of federal grants."
)
OTHER = (
    "A rare comet will be visible to the naked eye this weekend, astronomers said. "
    "Observers in the northern hemisphere should look low on the western horizon shortly "
    "after sunset, away from city lights. The comet last passed the inner solar system "
    "thousands of years ago and will not return for many generations, experts said."
)
THIRD = (
    "The national orchestra opened its winter season with a new symphony by a young composer. "
    "Critics praised the second movement, a slow meditation for strings and solo oboe, and the "
    "conductor thanked the audience for filling the hall despite the snow storm outside."
)
WINDOW = 60


def raw(doc_id: str, text: str, url: str | None = None, **fields) -> Document:
    return Document(
        id=doc_id,
        source_uri=f"feed#{doc_id}",
        payload=text.encode(),
        content_type="text",
        content=text,
        url=url,
        **fields,
    )


def at(seconds: float, *items) -> list[TimestampedValue]:
    return [TimestampedValue(item, seconds) for item in items]


def run_stream(output: pathlib.Path, events: TestStream, *args: str) -> None:
    options = PipelineOptions(
        ["--output", str(output), "--window", str(WINDOW), "--allowed-lateness", "600", *args]
    )
    options.view_as(StandardOptions).streaming = True
    pipeline = beam.Pipeline(options=options)
    _ = (
        pipeline
        | events
        | Ingest(options.view_as(NewsbeamOptions), options.view_as(StreamOptions), "test")
    )
    pipeline.run().wait_until_finish()


def files(output: pathlib.Path, table: str) -> dict[str, list[dict]]:
    """File name → its rows, for every finished file of `table`."""
    return {
        path.name: pq.read_table(path).to_pylist()
        for path in sorted((output / table).glob("*.parquet"))
    }


def ids_by_file(output: pathlib.Path, table: str) -> dict[str, list[str]]:
    return {name: [row["id"] for row in rows] for name, rows in files(output, table).items()}


def test_each_window_lands_in_its_own_file(tmp_path):
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("a", STORY)))
        .advance_watermark_to(WINDOW + 1)
        .add_elements(at(WINDOW + 5, raw("b", OTHER)))
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    assert ids_by_file(tmp_path, "articles") == {
        "window-19700101T000000Z-19700101T000100Z-run-test-pane-000-part-00000-of-00001.parquet": [
            "a"
        ],
        "window-19700101T000100Z-19700101T000200Z-run-test-pane-000-part-00000-of-00001.parquet": [
            "b"
        ],
    }
    (first,) = files(tmp_path, "articles")[next(iter(files(tmp_path, "articles")))]
    assert first["ingested_at"].timestamp() == WINDOW  # the end of its window


def test_late_item_lands_in_a_later_pane_of_its_window(tmp_path):
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("on-time", STORY)))
        .advance_watermark_to(WINDOW + 30)  # the first window has fired
        .add_elements(at(20, raw("late", OTHER)))  # behind the watermark, within the lateness
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    assert ids_by_file(tmp_path, "articles") == {
        "window-19700101T000000Z-19700101T000100Z-run-test-pane-000-part-00000-of-00001.parquet": [
            "on-time"
        ],
        "window-19700101T000000Z-19700101T000100Z-run-test-pane-001-part-00000-of-00001.parquet": [
            "late"
        ],
    }


def test_copies_across_windows_become_duplicates_of_the_first(tmp_path):
    trimmed = STORY.rsplit(". ", 2)[0] + "."  # a trimmed wire copy
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("original", STORY, "https://news.example/a")))
        .advance_watermark_to(WINDOW + 1)
        .add_elements(at(WINDOW + 5, raw("trimmed", trimmed)))
        .advance_watermark_to(3 * WINDOW)
        .add_elements(
            at(3 * WINDOW + 5, raw("same-url", OTHER, "http://www.news.example/a/?utm_source=x"))
        )
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    articles = [row for rows in files(tmp_path, "articles").values() for row in rows]
    duplicates = {row["id"]: row for rows in files(tmp_path, "duplicates").values() for row in rows}
    assert [row["id"] for row in articles] == ["original"]
    assert duplicates["trimmed"]["duplicate_of"] == "original"
    assert duplicates["trimmed"]["similarity"] >= 0.8
    assert duplicates["same-url"]["duplicate_of"] == "original"


@pytest.mark.parametrize("first, second", [("page", "story"), ("story", "page")])
def test_a_story_inside_a_page_of_stories_is_not_its_copy_in_either_order(tmp_path, first, second):
    """The story lies wholly in the page, after other text: a round-up item, not a trimmed copy."""
    texts = {"page": OTHER + " " + THIRD + " Also in the news. " + STORY, "story": STORY}
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw(first, texts[first])))
        .advance_watermark_to(WINDOW + 1)
        .add_elements(at(WINDOW + 5, raw(second, texts[second])))
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    articles = [row["id"] for rows in files(tmp_path, "articles").values() for row in rows]
    assert articles == [first, second] and files(tmp_path, "duplicates") == {}


def test_a_late_story_inside_a_page_of_stories_is_not_its_copy(tmp_path):
    """Decided in state, against the page's shingles as its matches kept them there."""
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("page", OTHER + " " + THIRD + " Also in the news. " + STORY)))
        .advance_watermark_to(WINDOW + 30)  # the first window has fired
        .add_elements(at(20, raw("late-story", STORY)))
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    articles = [row["id"] for rows in files(tmp_path, "articles").values() for row in rows]
    assert articles == ["page", "late-story"] and files(tmp_path, "duplicates") == {}


def test_redelivered_item_is_written_once(tmp_path):
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("a", STORY), raw("a", STORY)))
        .advance_watermark_to(2 * WINDOW)
        .add_elements(at(2 * WINDOW + 1, raw("a", STORY)))  # re-polled in a later window
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    rows = [
        row["id"]
        for table in ("articles", "duplicates")
        for r in files(tmp_path, table).values()
        for row in r
    ]
    assert rows == ["a"]


def test_redelivery_after_the_retention_period_is_new_again(tmp_path):
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("a", STORY)))
        .advance_watermark_to(10 * WINDOW)
        .add_elements(at(10 * WINDOW, raw("a", STORY)))
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events, "--retention", str(5 * WINDOW))
    written = [
        row["id"]
        for table in ("articles", "duplicates")
        for r in files(tmp_path, table).values()
        for row in r
    ]
    assert written == ["a", "a"]


def test_same_window_keeps_the_most_complete_copy_whatever_the_order(tmp_path):
    longer = STORY + " The vote was seven to four."
    for order in (
        (raw("short", STORY), raw("long", longer)),
        (raw("long", longer), raw("short", STORY)),
    ):
        output = tmp_path / order[0].id
        run_stream(
            output,
            TestStream()
            .advance_watermark_to(0)
            .add_elements(at(5, *order))
            .advance_watermark_to_infinity(),
        )
        articles = [row["id"] for rows in files(output, "articles").values() for row in rows]
        duplicates = [
            (row["id"], row["duplicate_of"])
            for rows in files(output, "duplicates").values()
            for row in rows
        ]
        assert (articles, duplicates) == (["long"], [("short", "long")])


def test_source_boilerplate_is_learned_from_each_window(tmp_path):
    """Three items of one outlet share a footer in the first window; the one item of the next
    window keeps it, since nothing was learned there."""
    footer = "Support independent local journalism: become a member of the Valley Courier today."
    stories = [STORY, OTHER, STORY.replace("council", "parliament"), OTHER.replace("comet", "planet")]
    items = [raw(f"s{i}", f"{text}\n\n{footer}", source="Valley Courier") for i, text in enumerate(stories)]
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, *items[:3]))
        .advance_watermark_to(WINDOW + 1)
        .add_elements(at(WINDOW + 5, items[3]))
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events, "--source_boilerplate_min_docs", "3", "--jaccard_threshold", "0.99",
               "--containment_threshold", "0.99")
    rows = [row for table in ("articles", "duplicates") for r in files(tmp_path, table).values() for row in r]
    removed = {row["id"]: [(r["rule"], r["text"]) for r in row["removed"]] for row in rows}
    assert removed == {
        "s0": [("source_boilerplate", footer)],
        "s1": [("source_boilerplate", footer)],
        "s2": [("source_boilerplate", footer)],
        "s3": [],
    }


def test_rejects_land_per_window_with_their_reason(tmp_path):
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(
            at(5, Reject("feed.xml", "read", "malformed feed", b"<rss", "r1"), raw("blank", "   "))
        )
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    rejects = {row["id"]: row for rows in files(tmp_path, "rejects").values() for row in rows}
    assert rejects["r1"]["error"] == "malformed feed" and rejects["r1"]["payload"] == b"<rss"
    assert rejects["blank"]["stage"] == "clean"


def test_known_ids_of_an_earlier_run_are_not_written_again_within_the_retention(tmp_path):
    options = PipelineOptions(
        ["--output", str(tmp_path), "--window", str(WINDOW), "--retention", str(10 * WINDOW)]
    )
    options.view_as(StandardOptions).streaming = True
    pipeline = beam.Pipeline(options=options)
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("old", STORY), raw("new", OTHER), raw("forgotten", THIRD)))
        .advance_watermark_to_infinity()
    )
    # (id, end of the window it was written in): "forgotten" was written beyond the retention.
    known = pipeline | beam.Create([("old", 0.0), ("forgotten", -20.0 * WINDOW)])
    _ = (
        pipeline
        | events
        | Ingest(options.view_as(NewsbeamOptions), options.view_as(StreamOptions), "second", known)
    )
    pipeline.run().wait_until_finish()
    written = sorted(row["id"] for rows in files(tmp_path, "articles").values() for row in rows)
    assert written == ["forgotten", "new"]


@pytest.mark.parametrize("bad", [["--retention", "0"]])
def test_retention_must_be_positive(tmp_path, bad):
    with pytest.raises(ValueError, match="retention"):
        run_stream(tmp_path, TestStream().advance_watermark_to_infinity(), *bad)


@pytest.mark.parametrize(
    "copy",
    [
        raw("late-copy", STORY, "https://news.example/a"),  # exact: other id, same URL and text
        raw("late-trimmed", STORY.rsplit(". ", 2)[0] + "."),  # near: a trimmed wire copy
    ],
    ids=["exact", "near"],
)
def test_a_late_copy_is_a_duplicate_of_the_article_it_copies(tmp_path, copy):
    """A late copy reaches the dedupe after its window fired: it must still be decided against
    the index, not kept alone as a second article."""
    events = (
        TestStream()
        .advance_watermark_to(0)
        .add_elements(at(5, raw("original", STORY, "https://news.example/a")))
        .advance_watermark_to(WINDOW + 30)  # the first window has fired
        .add_elements(at(20, copy))  # behind the watermark, within the lateness
        .advance_watermark_to_infinity()
    )
    run_stream(tmp_path, events)
    articles = [row["id"] for rows in files(tmp_path, "articles").values() for row in rows]
    duplicates = {row["id"]: row for rows in files(tmp_path, "duplicates").values() for row in rows}
    assert articles == ["original"]
    assert duplicates[copy.id]["duplicate_of"] == "original"
