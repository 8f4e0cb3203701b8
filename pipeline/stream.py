"""`newsbeam stream`: feeds, watched folders and Pub/Sub through the batch run's stages into
Parquet files per event-time window. No cleaning logic lives here, only wiring.

Event time is when an item reached newsbeam: the poll that found it, or its Pub/Sub publish time
(or the publisher's timestamp attribute). Items are made unique (`OncePerKey`) before they are
windowed; a restarted stream also skips the ids its output already holds from the retention
period (read on the workers, `WrittenIds`).
"""

from __future__ import annotations

import datetime
import sys
import time

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.runner import PipelineResult
from apache_beam.transforms import trigger, window

from pipeline.options import (
    NewsbeamOptions,
    StreamOptions,
    feed_urls,
    fetch_policy,
    prepare_articles,
)
from pipeline.manifest import launch_record, stream_manifest_path, write_stream_manifest
from pipeline.run import UsageError
from pipeline.summary import RunSummary
from schemas import Document, Reject
from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.once import OncePerKey
from transforms.poll import PollFeeds
from transforms.pubsub import ReadPubSubNews
from transforms.stream_dedupe import DeduplicateStream
from transforms.tags import DOCS, REJECTS
from transforms.watch import WatchFiles
from transforms.window_write import WriteWindowedParquet, WrittenIds

ITEMS_COUNTER = ("stream", "first_deliveries")


def item_key(item: Document | Reject) -> str:
    """One key per item: its id; a reject of a whole feed or file has its source and error."""
    return item.id or f"{item.source_uri}#{item.error}"


def _split(item):
    yield item if isinstance(item, Document) else beam.pvalue.TaggedOutput(REJECTS, item)


def windows(stream: StreamOptions) -> beam.WindowInto:
    """Fixed event-time windows, fired when the watermark passes their end and again for each
    late item within the allowed lateness (each firing writes its own files)."""
    return beam.WindowInto(
        window.FixedWindows(stream.window),
        trigger=trigger.AfterWatermark(late=trigger.AfterCount(1)),
        accumulation_mode=trigger.AccumulationMode.DISCARDING,
        allowed_lateness=stream.allowed_lateness,
    )


def build(
    pipeline: beam.Pipeline,
    news: NewsbeamOptions,
    stream: StreamOptions,
    start: float,
) -> None:
    stop = start + stream.max_runtime if stream.max_runtime else None
    policy = fetch_policy(news, stream)
    sources = []
    feeds = feed_urls(stream)
    if feeds:
        sources.append(
            pipeline
            | "Feeds"
            >> PollFeeds(feeds, stream.poll_interval, start, stop, stream.retention, policy)
        )
    if stream.watch:
        sources.append(
            pipeline
            | "Watch"
            >> WatchFiles(
                stream.watch,
                stream.poll_interval,
                start,
                stop,
                stream.retention,
                news.max_item_bytes,
            )
        )
    if stream.pubsub_subscription:
        sources.append(
            pipeline
            | "PubSub"
            >> ReadPubSubNews(
                stream.pubsub_subscription, news.max_item_bytes, stream.pubsub_timestamp_attribute
            )
        )
    if not sources:
        raise UsageError(
            "nothing to stream: give --feed, --feeds_file, --watch or --pubsub_subscription"
        )
    items = [source.docs for source in sources] + [source.rejects for source in sources]
    run_id = stream.run_id or stamp(start)
    (
        tuple(items)
        | "AllItems" >> beam.Flatten()
        | "Ingest"
        >> Ingest(
            news,
            stream,
            run_id,
            pipeline | "WrittenIds" >> WrittenIds(news.output, start - stream.retention, start),
        )
    )


class Ingest(beam.PTransform):
    """Timestamped items (Documents and Rejects) of any source → Parquet files per window."""

    def __init__(
        self,
        news: NewsbeamOptions,
        stream: StreamOptions,
        run_id: str,
        known: beam.PCollection | None = None,
    ):
        super().__init__()
        self._news = news
        self._stream = stream
        self._run_id = run_id
        self._known = known  # (id, epoch seconds) written before the stream started

    def expand(self, items):
        news, stream = self._news, self._stream
        split = (
            items
            | "OncePerItem"
            >> OncePerKey(
                item_key,
                stream.retention,
                self._known,
                namespace="newsbeam." + ITEMS_COUNTER[0],
            )
            | "Windows" >> windows(stream)
            | "Split" >> beam.ParDo(_split).with_outputs(REJECTS, main=DOCS)
        )
        # Source boilerplate is learned per window: its documents are the sample.
        prepared = split[DOCS] | "Prepare" >> prepare_articles(news)
        deduped = prepared.docs | "Dedupe" >> DeduplicateStream(
            stream.retention, news.containment_threshold, news.jaccard_threshold
        )
        rejects = (split[REJECTS], prepared.rejects) | "AllRejects" >> beam.Flatten()
        return {ARTICLES: deduped.articles, DUPLICATES: deduped.duplicates, REJECTS: rejects} | (
            "Write" >> WriteWindowedParquet(news.output, self._run_id, news.num_shards)
        )


def stamp(start: float) -> str:
    """The default run id: the start, UTC."""
    return datetime.datetime.fromtimestamp(start, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def start_stream(argv: list[str]) -> PipelineResult:
    """Builds and submits the stream without waiting: a Flex Template launcher returns once the
    job runs."""
    return submit_stream(PipelineOptions(argv))


def submit_stream(options: PipelineOptions) -> PipelineResult:
    """`start_stream` on parsed options, which it completes in place (`--run_id` defaults to the
    start), so that whoever waits for the run knows which files are its own."""
    options.view_as(StandardOptions).streaming = True
    news = options.view_as(NewsbeamOptions)
    stream = options.view_as(StreamOptions)
    start = time.time()
    stream.run_id = stream.run_id or stamp(start)
    pipeline = beam.Pipeline(options=options)
    build(pipeline, news, stream, start)
    return pipeline.run()


def run_stream(argv: list[str]) -> RunSummary:
    return run_stream_options(PipelineOptions(argv))


def run_stream_options(options: PipelineOptions) -> RunSummary:
    """Runs the stream until it ends (--max_runtime), writes its run manifest (see
    pipeline/manifest.py) and sums up what it did."""
    started = datetime.datetime.now(datetime.timezone.utc)
    result = submit_stream(options)
    news, stream = options.view_as(NewsbeamOptions), options.view_as(StreamOptions)
    if stream.pubsub_subscription and stream.max_runtime:
        # Pub/Sub never ends by itself; the polled sources end at --max_runtime.
        result.wait_until_finish(duration=int(stream.max_runtime * 1000))
        result.cancel()
    result.wait_until_finish()
    summary = RunSummary.from_result(result, items=ITEMS_COUNTER)
    if summary.dry_run:  # the job was only built: it wrote nothing, and storage is not touched
        return summary
    sources = [*feed_urls(stream), *(stream.watch or []), *filter(None, [stream.pubsub_subscription])]
    launch = launch_record(options, sources, started)
    write_stream_manifest(news.output, launch, stream.run_id, summary.counters)
    return summary


def main(argv: list[str]) -> int:
    options = PipelineOptions(argv)
    try:
        summary = run_stream_options(options)
    except (ValueError, OSError) as error:  # UsageError, bad option values, unreadable files
        print(f"newsbeam stream: {error}", file=sys.stderr)
        return 2
    print(summary.table())
    output, run_id = options.view_as(NewsbeamOptions).output, options.view_as(StreamOptions).run_id
    if not summary.dry_run:
        print(f"\n{'manifest':<28}{stream_manifest_path(output, run_id)}")
    return 0 if summary.balanced else 1
