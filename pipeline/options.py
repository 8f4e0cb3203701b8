"""The newsbeam options of a batch run, as Beam pipeline options so that every runner (and a
Dataflow template) sees them beside Beam's own."""

from __future__ import annotations

import datetime

from apache_beam.options.pipeline_options import PipelineOptions

from transforms.language import DEFAULT_MAX_CHARS, DEFAULT_MIN_SCORE

DEFAULT_INPUT = "seeds/*"
DEFAULT_OUTPUT = "out"


def parse_instant(value: str) -> datetime.datetime:
    """An ISO 8601 instant; one without a zone is taken as UTC."""
    instant = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return instant if instant.tzinfo else instant.replace(tzinfo=datetime.timezone.utc)


def hour_of(value: str, now: datetime.datetime) -> datetime.datetime:
    """The hour named by `--hour`: `last` is the full hour before `now`, anything else an ISO 8601
    instant, truncated to its hour (UTC)."""
    instant = now - datetime.timedelta(hours=1) if value == "last" else parse_instant(value)
    return instant.astimezone(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)


def fill_hour(options: NewsbeamOptions, now: datetime.datetime) -> None:
    """Fills the strftime fields of --input and --output with --hour, once, so the input check,
    the job graph and the job's recorded options all name the same hour. A scheduler can only
    send fixed parameters; this is how a fixed `--hour last` reads the hour that just ended."""
    if options.hour:
        hour = hour_of(options.hour, now)
        options.input = [hour.strftime(pattern) for pattern in options.input or [DEFAULT_INPUT]]
        options.output = hour.strftime(options.output)


def language_set(value: str | None) -> frozenset[str]:
    """The codes of `--languages en,fr,de`; empty when the option is not given (keep all)."""
    return frozenset(code.strip().lower() for code in (value or "").split(",") if code.strip())


class NewsbeamOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--input",
            action="append",
            help=f"file pattern to read (repeatable; local path or gs://…); default {DEFAULT_INPUT}",
        )
        parser.add_argument("--output", default=DEFAULT_OUTPUT, help="output folder or bucket prefix")
        parser.add_argument(
            "--hour",
            help="fill %%Y %%m %%d %%H in --input and --output with this hour: ISO 8601, or 'last' "
            "for the hour before the run starts (UTC), e.g. --input 'gs://b/in/%%Y/%%m/%%d/%%H/*'",
        )
        parser.add_argument(
            "--max_item_bytes",
            type=int,
            default=8 * 1024 * 1024,
            help="items larger than this go to rejects",
        )
        parser.add_argument(
            "--num_shards", type=int, default=1, help="Parquet files per output table"
        )
        parser.add_argument(
            "--ingested_at",
            help="ISO 8601 instant stored as ingested_at (default: now); fix it to reproduce files",
        )
        parser.add_argument(
            "--language_max_chars",
            type=int,
            default=DEFAULT_MAX_CHARS,
            help="characters of each article read by language detection",
        )
        parser.add_argument(
            "--language_min_score",
            type=float,
            default=DEFAULT_MIN_SCORE,
            help="a language found with a lower probability is reported as und",
        )
        parser.add_argument(
            "--languages",
            help="comma-separated ISO 639-1 codes to keep (e.g. en,fr,de); others go to rejects",
        )
        parser.add_argument(
            "--containment_threshold",
            type=float,
            default=0.8,
            help="near duplicate when this share of the shorter copy lies in the longer",
        )
        parser.add_argument(
            "--jaccard_threshold",
            type=float,
            default=0.8,
            help="near duplicate when the Jaccard similarity of the copies reaches this",
        )
