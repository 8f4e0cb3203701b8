"""`newsbeam stream` wiring that needs no running stream: Pub/Sub messages, the option checks,
the feed list, and the job graph of a Pub/Sub stream (built, not run: no Pub/Sub here)."""

from __future__ import annotations

import json

import apache_beam as beam
import pytest
from apache_beam.io.gcp.pubsub import PubsubMessage
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline import cli
from pipeline.options import NewsbeamOptions, StreamOptions, feed_urls
from pipeline.run import UsageError
from pipeline.stream import build
from schemas import Document, Reject
from transforms.formats import Limits
from transforms.formats.common import document_id
from transforms.pubsub import message_items

SUBSCRIPTION = "projects/news-project/subscriptions/news"


def options(*args: str) -> tuple[NewsbeamOptions, StreamOptions]:
    parsed = PipelineOptions(list(args))
    return parsed.view_as(NewsbeamOptions), parsed.view_as(StreamOptions)


def test_a_message_carries_jsonl_records_and_its_id_names_items_without_one():
    records = [
        {"id": "wire-1", "url": "https://news.example/1", "text": "First story."},
        {"url": "https://news.example/2", "text": "Second story."},
    ]
    data = "\n".join(json.dumps(record) for record in records).encode() + b"\n{broken"
    items = list(message_items(SUBSCRIPTION, PubsubMessage(data, {}, message_id="m-7"), Limits()))
    first, second, broken = items
    assert isinstance(first, Document) and first.id == document_id("", "wire-1")
    assert second.source_uri == f"pubsub:{SUBSCRIPTION}/m-7#line=2"
    # the same message delivered twice gives the same ids, so the stream keeps one
    again = list(message_items(SUBSCRIPTION, PubsubMessage(data, {}, message_id="m-7"), Limits()))
    assert [item.id for item in again] == [item.id for item in items]
    assert isinstance(broken, Reject) and broken.payload == b"{broken"


def test_the_pubsub_stream_builds_every_stage():
    news, stream = options("--pubsub-subscription", SUBSCRIPTION, "--output", "gs://b/out")
    pipeline = beam.Pipeline(options=PipelineOptions(["--streaming"]))
    build(pipeline, news, stream, start=0.0)
    steps = {
        "PubSub/Messages",
        "Ingest/OncePerItem",
        "Ingest/Windows",
        "Ingest/Prepare",
        "Ingest/Dedupe",
        "Ingest/Write",
    }
    visited: set[str] = set()

    class Labels(beam.pipeline.PipelineVisitor):
        def enter_composite_transform(self, node):
            visited.add(node.full_label)

        def visit_transform(self, node):
            visited.add(node.full_label)

    pipeline.visit(Labels())
    assert steps <= visited
    assert {
        "Ingest/Write/WriteArticles",
        "Ingest/Write/WriteDuplicates",
        "Ingest/Write/WriteRejects",
    } <= visited


def test_a_stream_needs_a_source():
    with pytest.raises(UsageError, match="nothing to stream"):
        build(beam.Pipeline(), *options("--output", "out"), start=0.0)


def test_feeds_come_from_options_and_file_each_once(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# world news\nhttps://a.example/rss\n\nhttps://b.example/atom  # wire\nhttps://a.example/rss\n"
    )
    _, stream = options("--feed", "https://c.example/rss", "--feeds-file", str(listing))
    assert feed_urls(stream) == [
        "https://c.example/rss",
        "https://a.example/rss",
        "https://b.example/atom",
    ]


def test_stream_command_reports_a_missing_source_or_a_bad_option(capsys, tmp_path):
    assert cli.main(["stream", "--output", str(tmp_path)]) == 2
    assert "nothing to stream" in capsys.readouterr().err
    assert cli.main(["stream", "--output", str(tmp_path), "--watch", "x/*", "--retention", "0"]) == 2
    assert "retention must be positive" in capsys.readouterr().err
