"""`newsbeam run`: check the inputs, run the batch pipeline (which publishes its output and
manifest only once every file is written), then print its summary and write its report."""

from __future__ import annotations

import datetime
import sys

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, TestOptions
from apache_beam.runners.runner import PipelineResult

from pipeline import batch
from pipeline.manifest import MANIFEST, add_counters, launch_record
from pipeline.options import DEFAULT_INPUT, NewsbeamOptions, every_core, fill_hour
from pipeline.progress import live_progress
from pipeline.report import write_report
from pipeline.summary import RunSummary


class UsageError(ValueError):
    """The run cannot start as asked; the message says why."""


def unmatched_patterns(patterns: list[str]) -> list[str]:
    results = FileSystems.match(patterns)
    return [pattern for pattern, result in zip(patterns, results) if not result.metadata_list]


def start(argv: list[str]) -> PipelineResult:
    """Checks the inputs and submits the pipeline, without waiting for it: a Dataflow Flex
    Template launcher must return once the job is submitted (the job publishes its own output).
    A dry run (`--dry_run=True`) only builds the job, so it touches no storage."""
    return submit(PipelineOptions(argv))


def submit(options: PipelineOptions, progress: str | None = None) -> PipelineResult:
    """`start` on parsed options, which it completes in place (`--hour` fills `--output`);
    `progress` is the token of a live progress line (pipeline/progress.py)."""
    news = options.view_as(NewsbeamOptions)
    now = datetime.datetime.now(datetime.timezone.utc)
    fill_hour(news, now)
    patterns = news.input or [DEFAULT_INPUT]
    if not options.view_as(TestOptions).dry_run:
        missing = unmatched_patterns(patterns)
        if missing:
            raise UsageError(f"no files match --input {', '.join(missing)}")
    pipeline = beam.Pipeline(options=options)
    batch.build(pipeline, news, launch_record(options, patterns, now), progress)
    return pipeline.run()


def run_options(options: PipelineOptions) -> RunSummary:
    """Runs the pipeline to its end, with a progress line on a terminal, and sums it up."""
    with live_progress(options) as progress:
        result = submit(options, progress)
        result.wait_until_finish()
    return RunSummary.from_result(result)


def run_batch(argv: list[str]) -> RunSummary:
    """A local run uses every core unless `argv` says otherwise (`options.every_core`)."""
    return run_options(PipelineOptions(every_core(argv)))


def main(argv: list[str]) -> int:
    options = PipelineOptions(every_core(argv))
    try:
        summary = run_options(options)
    except UsageError as error:
        print(f"newsbeam run: {error}", file=sys.stderr)
        return 2
    print(summary.table())
    if not summary.dry_run:
        output = options.view_as(NewsbeamOptions).output
        add_counters(output, summary.counters)
        print(f"\n{'manifest':<28}{FileSystems.join(output, MANIFEST)}")
        print(f"{'report':<28}{write_report(output)}")
    return 0 if summary.balanced else 1
