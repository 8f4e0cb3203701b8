"""`newsbeam run`: check the inputs, clear the previous outputs, run the batch pipeline and
print its summary."""

from __future__ import annotations

import sys

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline import batch
from pipeline.options import DEFAULT_INPUT, NewsbeamOptions
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


def run_batch(argv: list[str]) -> RunSummary:
    options = PipelineOptions(argv)
    news = options.view_as(NewsbeamOptions)
    patterns = news.input or [DEFAULT_INPUT]
    missing = unmatched_patterns(patterns)
    if missing:
        raise UsageError(f"no files match --input {', '.join(missing)}")
    clear_outputs(news.output)
    pipeline = beam.Pipeline(options=options)
    batch.build(pipeline, news)
    result = pipeline.run()
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
