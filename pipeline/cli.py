"""The `newsbeam` command. Newsbeam options are listed by `newsbeam run --help`; any other
argument is handed to Beam as a pipeline option (runner, workers, project, …)."""

from __future__ import annotations

import argparse
import logging
import sys

from pipeline import run, stream
from pipeline.options import NewsbeamOptions, StreamOptions


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbeam", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    batch = commands.add_parser(
        "run",
        help="clean a batch of news files into Parquet",
        epilog="Any other --option is passed to Apache Beam, e.g. --runner, --direct_num_workers.",
    )
    NewsbeamOptions._add_argparse_args(batch)
    stream = commands.add_parser(
        "stream",
        help="poll feeds, watch folders or read Pub/Sub into Parquet per window, until stopped",
        epilog="Any other --option is passed to Apache Beam, e.g. --runner, --project.",
    )
    StreamOptions._add_argparse_args(stream)
    NewsbeamOptions._add_argparse_args(stream)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parsed, _ = _parser().parse_known_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    commands = {"run": run.main, "stream": stream.main}
    return commands[parsed.command](argv[1:])
