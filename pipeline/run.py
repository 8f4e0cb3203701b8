"""`newsbeam run`: check the inputs, clear the previous outputs, run the batch pipeline and
print its summary."""

from __future__ import annotations

import datetime
import sys

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, TestOptions
from apache_beam.runners.runner import PipelineResult

from pipeline import batch
from pipeline.options import DEFAULT_INPUT, NewsbeamOptions, fill_hour
from pipeline.summary import RunSummary
from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.tags import REJECTS


class UsageError(ValueError):
    """The run cannot start as asked; the message says why."""


def unmatched_patterns(patterns: list[str]) -> list[str]:
    results = FileSystems.match(patterns)
    return [pattern for pattern, result in zip(patterns, results) if not result.metadata_list]


def clear_outputs(output: str) -> None:
    """Removes the Parquet parts of a previous run, so a reader never mixes two runs."""
    for table in (ARTICLES, DUPLICATES, REJECTS):
        pattern = FileSystems.join(output, table, "part-*.parquet")
        stale = [meta.path for meta in FileSystems.match([pattern])[0].metadata_list]
        if stale:
            FileSystems.delete(stale)


def start(argv: list[str]) -> PipelineResult:
    """Checks the inputs, clears the previous outputs and submits the pipeline, without waiting
    for it: a Dataflow Flex Template launcher must return once the job is submitted. A dry run
    (`--dry_run=True`) only builds the job, so it touches no storage."""
    options = PipelineOptions(argv)
    news = options.view_as(NewsbeamOptions)
    fill_hour(news, datetime.datetime.now(datetime.timezone.utc))
    if not options.view_as(TestOptions).dry_run:
        missing = unmatched_patterns(news.input or [DEFAULT_INPUT])
        if missing:
            raise UsageError(f"no files match --input {', '.join(missing)}")
        clear_outputs(news.output)
    pipeline = beam.Pipeline(options=options)
    batch.build(pipeline, news)
    return pipeline.run()


def run_batch(argv: list[str]) -> RunSummary:
    result = start(argv)
    result.wait_until_finish()
    return RunSummary.from_result(result)


def main(argv: list[str]) -> int:
    try:
        summary = run_batch(argv)
    except UsageError as error:
        print(f"newsbeam run: {error}", file=sys.stderr)
        return 2
    print(summary.table())
    return 0 if summary.balanced else 1
