"""The batch pipeline: wires the transforms to the options. No cleaning logic lives here."""

from __future__ import annotations

import datetime

import apache_beam as beam

from pipeline.options import DEFAULT_INPUT, NewsbeamOptions, parse_instant, prepare_articles
from transforms import Deduplicate, ReadNews, WriteNewsParquet
from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.tags import REJECTS


def build(pipeline: beam.Pipeline, options: NewsbeamOptions) -> None:
    read = pipeline | "Read" >> ReadNews(options.input or [DEFAULT_INPUT], options.max_item_bytes)
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
    {ARTICLES: deduped.articles, DUPLICATES: deduped.duplicates, REJECTS: rejects} | (
        "Write" >> WriteNewsParquet(options.output, ingested_at, options.num_shards)
    )
