"""The batch pipeline: wires the transforms to the options. No cleaning logic lives here."""

from __future__ import annotations

import datetime

import apache_beam as beam

from pipeline.options import (
    DEFAULT_INPUT,
    NewsbeamOptions,
    StreamOptions,
    fetch_policy,
    parse_instant,
    prepare_articles,
)
from pipeline.progress import ARTICLES_KEPT, ITEMS_READ, TrackProgress
from pipeline.publish import PublishRun, staging_prefix
from transforms import Deduplicate, ReadNews, WriteNewsParquet
from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.poll import FetchLinkedPages
from transforms.stage import StageOutput
from transforms.tags import REJECTS


def build(
    pipeline: beam.Pipeline, options: NewsbeamOptions, launch: dict, progress: str | None = None
) -> None:
    """`launch`: the manifest's facts known at launch (pipeline/manifest.py's `launch_record`);
    `progress`: the token of a live progress line (pipeline/progress.py), if one is shown."""
    read = pipeline | "Read" >> ReadNews(options.input or [DEFAULT_INPUT], options.max_item_bytes)
    if progress:
        items = (read.docs, read.rejects) | "ReadItems" >> beam.Flatten()
        items | "TrackRead" >> TrackProgress(progress, ITEMS_READ)
    if options.fetch_links:
        policy = fetch_policy(options, options.view_as(StreamOptions))
        pages = read.rejects | "FetchLinks" >> FetchLinkedPages(policy)
        docs = (read.docs, pages.docs) | "ReadAndFetched" >> beam.Flatten()
        read = StageOutput(docs, pages.rejects)
    prepared = read.docs | "Prepare" >> prepare_articles(options)
    deduped = prepared.docs | "Dedupe" >> Deduplicate(
        options.containment_threshold, options.jaccard_threshold
    )
    rejects = (read.rejects, prepared.rejects) | "AllRejects" >> beam.Flatten()
    ingested_at = (
        parse_instant(options.ingested_at)
        if options.ingested_at
        else datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    )
    staging = staging_prefix(options.output, launch["run_id"])
    staged = {ARTICLES: deduped.articles, DUPLICATES: deduped.duplicates, REJECTS: rejects} | (
        "Write" >> WriteNewsParquet(staging, ingested_at, options.num_shards)
    )
    staged | "Publish" >> PublishRun(options.output, launch)
    if progress:
        deduped.articles | "TrackArticles" >> TrackProgress(progress, ARTICLES_KEPT)
