"""The `newsbeam` command. Newsbeam options are listed by `newsbeam run --help`; any other
argument is handed to Beam as a pipeline option (runner, workers, project, …). Options are
spelled Beam's way (`--max_item_bytes`); the kebab-case spelling (`--max-item-bytes`) works too."""

from __future__ import annotations

import argparse
import logging
import sys

from pipeline import run, stream
from pipeline.manifest import newsbeam_version
from pipeline.options import NewsbeamOptions, StreamOptions
from pipeline.report import write_report
from pipeline.show import explain


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbeam", description=__doc__)
    parser.add_argument("--version", action="version", version=f"newsbeam {newsbeam_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    batch = commands.add_parser(
        "run",
        help="clean a batch of news files into Parquet",
        epilog="Any other --option is passed to Apache Beam, e.g. --runner, --direct_num_workers.",
    )
    NewsbeamOptions._add_argparse_args(batch)
    stream_parser = commands.add_parser(
        "stream",
        help="poll feeds, watch folders or read Pub/Sub into Parquet per window, until stopped",
        epilog="Any other --option is passed to Apache Beam, e.g. --runner, --project.",
    )
    StreamOptions._add_argparse_args(stream_parser)
    NewsbeamOptions._add_argparse_args(stream_parser)
    report = commands.add_parser(
        "report", help="write the HTML report of an output folder (local or gs://, batch or stream)"
    )
    report.add_argument("folder", help="the --output of a run")
    report.add_argument("--output", help="where to write the page (default: FOLDER/report.html)")
    show = commands.add_parser(
        "show", help="explain one article, duplicate or reject of an output folder"
    )
    show.add_argument("folder", help="the --output of a run")
    show.add_argument("id", help="the record's id (a reject without one: its source_uri)")
    return parser


def _report(args: argparse.Namespace) -> int:
    print(write_report(args.folder, args.output))
    return 0


def _show(args: argparse.Namespace) -> int:
    explanation = explain(args.folder, args.id)
    if explanation is None:
        message = f"no article, duplicate or reject {args.id!r} in {args.folder}"
        print(f"newsbeam show: {message}", file=sys.stderr)
        return 1
    print(explanation)
    return 0


class _WithoutWorkerStartupNoise(logging.Filter):
    """Each worker process of a local run (one per core by default) warns at start that it has
    no `semi_persistent_directory`, a Beam feature newsbeam does not use."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "No semi_persistent_directory found" not in record.getMessage()


_WORKER_STARTUP_NOISE = _WithoutWorkerStartupNoise()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser()
    parsed, unknown = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    worker_logs = logging.getLogger("apache_beam.runners.portability.local_job_service")
    worker_logs.addFilter(_WORKER_STARTUP_NOISE)  # once: a logger keeps a filter only once
    if parsed.command in ("report", "show"):
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        return {"report": _report, "show": _show}[parsed.command](parsed)
    commands = {"run": run.main, "stream": stream.main}
    return commands[parsed.command](argv[1:])
