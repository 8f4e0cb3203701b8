"""The newsbeam options of a batch run, as Beam pipeline options so that every runner (and a
Dataflow template) sees them beside Beam's own."""

from __future__ import annotations

import datetime

from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from transforms.language import DEFAULT_MAX_CHARS, DEFAULT_MIN_SCORE
from transforms.prepare import PrepareArticles
from transforms.source_boilerplate import DEFAULT_MIN_DOCS

EXTRACTIONS = ("consensus", "trafilatura")
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


def prepare_articles(options: NewsbeamOptions) -> PrepareArticles:
    """Extract, Clean and Language as the options of `run` and `stream` set them."""
    return PrepareArticles(
        options.language_max_chars,
        options.language_min_score,
        language_set(options.languages),
        options.source_boilerplate_min_docs,
        consensus=options.extraction == "consensus",
    )


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
        parser.add_argument(
            "--output", default=DEFAULT_OUTPUT, help="output folder or bucket prefix"
        )
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
            "--extraction",
            choices=EXTRACTIONS,
            default=EXTRACTIONS[0],
            help="consensus: trafilatura checked against other extractors (most accurate); "
            "trafilatura: trafilatura alone (about twice as fast)",
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
            "--source_boilerplate_min_docs",
            type=int,
            default=DEFAULT_MIN_DOCS,
            help="a paragraph found in this many documents of one source is its boilerplate; 0: off",
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


DEFAULT_RETENTION_SECONDS = 3 * 24 * 3600


class StreamOptions(PipelineOptions):
    """The options of `newsbeam stream`, beside NewsbeamOptions. Each has a dashed spelling (the
    documented interface) and an underscored one (Beam's and Dataflow templates' convention)."""

    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--feed", action="append", help="RSS/Atom feed URL to poll (repeatable)"
        )
        parser.add_argument(
            "--feeds-file",
            "--feeds_file",
            dest="feeds_file",
            help="file listing feed URLs, one per line (# starts a comment); local or gs://",
        )
        parser.add_argument(
            "--watch",
            action="append",
            help="file pattern to watch for new files, local or gs://… (repeatable)",
        )
        parser.add_argument(
            "--pubsub-subscription",
            "--pubsub_subscription",
            dest="pubsub_subscription",
            help="projects/<project>/subscriptions/<name> carrying JSONL news records",
        )
        parser.add_argument(
            "--pubsub-timestamp-attribute",
            "--pubsub_timestamp_attribute",
            dest="pubsub_timestamp_attribute",
            help="message attribute holding the event time (default: publish time)",
        )
        parser.add_argument(
            "--window", type=float, default=60.0, help="event-time window size in seconds"
        )
        parser.add_argument(
            "--poll-interval",
            "--poll_interval",
            dest="poll_interval",
            type=float,
            default=60.0,
            help="seconds between two polls of the feeds and watched patterns",
        )
        parser.add_argument(
            "--max-runtime",
            "--max_runtime",
            dest="max_runtime",
            type=float,
            help="stop after this many seconds, flushing every open window (default: run on)",
        )
        parser.add_argument(
            "--allow-private-hosts",
            "--allow_private_hosts",
            dest="allow_private_hosts",
            action="store_true",
            default=False,
            help="let the poller reach loopback and private addresses",
        )
        parser.add_argument(
            "--retention",
            type=float,
            default=DEFAULT_RETENTION_SECONDS,
            help="seconds an item is remembered for exactly-once delivery and dedupe",
        )
        parser.add_argument(
            "--allowed-lateness",
            "--allowed_lateness",
            dest="allowed_lateness",
            type=float,
            default=3600.0,
            help="seconds after its window closes that late data still lands (in a later pane)",
        )
        parser.add_argument(
            "--fetch-timeout",
            "--fetch_timeout",
            dest="fetch_timeout",
            type=float,
            default=10.0,
            help="seconds to wait for a feed or page server",
        )
        parser.add_argument(
            "--host-delay",
            "--host_delay",
            dest="host_delay",
            type=float,
            default=1.0,
            help="minimum seconds between two requests to one host",
        )
        parser.add_argument(
            "--run-id",
            "--run_id",
            dest="run_id",
            help="name of this run in the output file names (default: its start, UTC)",
        )


def feed_urls(options: StreamOptions) -> list[str]:
    """The feeds of --feed and --feeds-file, in order, each once."""
    urls = list(options.feed or [])
    if options.feeds_file:  # any Beam filesystem: a local path, gs://… on Dataflow
        with FileSystems.open(options.feeds_file) as listing:
            lines = listing.read().decode("utf-8").splitlines()
        urls += [line.split("#", 1)[0].strip() for line in lines]
    return list(dict.fromkeys(url for url in urls if url))
