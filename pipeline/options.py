"""The newsbeam options of a batch run, as Beam pipeline options so that every runner (and a
Dataflow template) sees them beside Beam's own."""

from __future__ import annotations

import datetime
import os

from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from transforms.extract import EXTRACTIONS
from transforms.fetch import FetchPolicy
from transforms.language import DEFAULT_MAX_CHARS, DEFAULT_MIN_SCORE
from transforms.prepare import PrepareArticles
from transforms.quality import DEFAULT_MIN_WORDS
from transforms.source_boilerplate import DEFAULT_MIN_DOCS

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


_LOCAL_RUNNERS = (None, "DirectRunner", "FnApiRunner")


def local_cores() -> int:
    """The cores this process may run on (a container's share, not the host's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def every_core(argv: list[str], cores: int | None = None) -> list[str]:
    """`argv` with a local run set to one worker process per core: the DirectRunner runs Python in
    one process (in memory, or under Prism, which it tries first, in the launcher's loopback
    worker), so a local run would use one core. Nothing is added when `argv` names another runner
    (Dataflow, Flink, …) or sets `--direct_num_workers` or `--direct_running_mode` itself. The
    FnApiRunner, which the DirectRunner runs batch jobs on when Prism is absent, is named so that
    every machine, with or without Prism, runs the job the same way."""
    cores = cores or local_cores()
    given = {arg.split("=", 1)[0] for arg in argv}
    if cores == 1 or given & {"--direct_num_workers", "--direct_running_mode"}:
        return list(argv)
    if PipelineOptions(argv).view_as(StandardOptions).runner not in _LOCAL_RUNNERS:
        return list(argv)
    return [
        *argv,
        "--runner=FnApiRunner",
        "--direct_running_mode=multi_processing",
        f"--direct_num_workers={cores}",
    ]


def prepare_articles(options: NewsbeamOptions) -> PrepareArticles:
    """Extract, Clean and Language as the options of `run` and `stream` set them."""
    return PrepareArticles(
        options.language_max_chars,
        options.language_min_score,
        language_set(options.languages),
        options.source_boilerplate_min_docs,
        extraction=options.extraction,
        min_words=options.min_words,
    )


def parse_switch(value: str) -> bool:
    """A switch's value as a Dataflow template passes it (`--fetch_links=true`); the bare flag
    means true."""
    if value.lower() not in ("true", "false"):
        raise ValueError(f"expected true or false, got {value!r}")
    return value.lower() == "true"


def language_set(value: str | None) -> frozenset[str]:
    """The codes of `--languages en,fr,de`; empty when the option is not given (keep all)."""
    return frozenset(code.strip().lower() for code in (value or "").split(",") if code.strip())


def _option(parser, name: str, **kwargs) -> None:
    """Adds `--name` in Beam's snake_case, the spelling Dataflow templates pass, with its
    kebab-case twin (`--max-item-bytes`) as an alias, so either spelling works everywhere."""
    kebab = name.replace("_", "-")
    flags = [f"--{name}"] + ([f"--{kebab}"] if kebab != name else [])
    parser.add_argument(*flags, dest=name, **kwargs)


class NewsbeamOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        _option(
            parser,
            "input",
            action="append",
            help=f"file pattern to read (repeatable; local path or gs://…); default {DEFAULT_INPUT}",
        )
        _option(parser, "output", default=DEFAULT_OUTPUT, help="output folder or bucket prefix")
        _option(
            parser,
            "hour",
            help="fill %%Y %%m %%d %%H in --input and --output with this hour: ISO 8601, or 'last' "
            "for the hour before the run starts (UTC), e.g. --input 'gs://b/in/%%Y/%%m/%%d/%%H/*'",
        )
        _option(
            parser,
            "max_item_bytes",
            type=int,
            default=8 * 1024 * 1024,
            help="items larger than this go to rejects",
        )
        _option(parser, "num_shards", type=int, default=1, help="Parquet files per output table")
        _option(
            parser,
            "ingested_at",
            help="ISO 8601 instant stored as ingested_at (default: now); fix it to reproduce files",
        )
        _option(
            parser,
            "extraction",
            choices=EXTRACTIONS,
            default=EXTRACTIONS[0],
            help="model: the blocks a learned model takes for the article, or trafilatura's text "
            "where a second model expects it to be better (the default); trafilatura: trafilatura "
            "alone (fastest)",
        )
        _option(
            parser,
            "language_max_chars",
            type=int,
            default=DEFAULT_MAX_CHARS,
            help="characters of each article read by language detection",
        )
        _option(
            parser,
            "language_min_score",
            type=float,
            default=DEFAULT_MIN_SCORE,
            help="a language found with a lower probability is reported as und",
        )
        _option(
            parser,
            "languages",
            help="comma-separated ISO 639-1 codes to keep (e.g. en,fr,de); others go to rejects",
        )
        _option(
            parser,
            "source_boilerplate_min_docs",
            type=int,
            default=DEFAULT_MIN_DOCS,
            help="a paragraph found in this many documents of one source is its boilerplate; 0: off",
        )
        _option(
            parser,
            "min_words",
            type=int,
            default=DEFAULT_MIN_WORDS,
            help="articles with fewer words go to rejects (each character counts in Chinese, "
            "Japanese, Thai and other scripts written without spaces)",
        )
        _option(
            parser,
            "containment_threshold",
            type=float,
            default=0.8,
            help="near duplicate when this share of the shorter copy lies in the longer",
        )
        _option(
            parser,
            "jaccard_threshold",
            type=float,
            default=0.8,
            help="near duplicate when the Jaccard similarity of the copies reaches this",
        )
        _option(
            parser,
            "fetch_links",
            type=parse_switch,
            nargs="?",
            const=True,
            default=False,
            metavar="true|false",
            help="newsbeam run: fetch the page of each feed item that only links to its article, "
            "as the stream does, within the stream's fetch limits (--fetch_timeout, --host_delay, "
            "--allow_private_hosts); off by default so that runs stay offline and reproducible",
        )


DEFAULT_RETENTION_SECONDS = 3 * 24 * 3600


class StreamOptions(PipelineOptions):
    """The options of `newsbeam stream`, beside NewsbeamOptions."""

    @classmethod
    def _add_argparse_args(cls, parser):
        _option(parser, "feed", action="append", help="RSS/Atom feed URL to poll (repeatable)")
        _option(
            parser,
            "feeds_file",
            help="file listing feed URLs, one per line (# starts a comment); local or gs://",
        )
        _option(
            parser,
            "watch",
            action="append",
            help="file pattern to watch for new files, local or gs://… (repeatable)",
        )
        _option(
            parser,
            "pubsub_subscription",
            help="projects/<project>/subscriptions/<name> carrying JSONL news records",
        )
        _option(
            parser,
            "pubsub_timestamp_attribute",
            help="message attribute holding the event time (default: publish time)",
        )
        _option(
            parser, "window", type=float, default=60.0, help="event-time window size in seconds"
        )
        _option(
            parser,
            "poll_interval",
            type=float,
            default=60.0,
            help="seconds between two polls of the feeds and watched patterns",
        )
        _option(
            parser,
            "max_runtime",
            type=float,
            help="stop after this many seconds, flushing every open window (default: run on)",
        )
        _option(
            parser,
            "allow_private_hosts",
            action="store_true",
            default=False,
            help="let the poller reach loopback and private addresses",
        )
        _option(
            parser,
            "retention",
            type=float,
            default=DEFAULT_RETENTION_SECONDS,
            help="seconds an item is remembered for exactly-once delivery and dedupe",
        )
        _option(
            parser,
            "allowed_lateness",
            type=float,
            default=3600.0,
            help="seconds after its window closes that late data still lands (in a later pane)",
        )
        _option(
            parser,
            "fetch_timeout",
            type=float,
            default=10.0,
            help="seconds to wait for a feed or page server",
        )
        _option(
            parser,
            "host_delay",
            type=float,
            default=1.0,
            help="minimum seconds between two requests to one host",
        )
        _option(
            parser,
            "run_id",
            help="name of this run in the output file names (default: its start, UTC)",
        )


def feed_urls(options: StreamOptions) -> list[str]:
    """The feeds of --feed and --feeds_file, in order, each once."""
    urls = list(options.feed or [])
    if options.feeds_file:  # any Beam filesystem: a local path, gs://… on Dataflow
        with FileSystems.open(options.feeds_file) as listing:
            lines = listing.read().decode("utf-8").splitlines()
        urls += [line.split("#", 1)[0].strip() for line in lines]
    return list(dict.fromkeys(url for url in urls if url))


def fetch_policy(news: NewsbeamOptions, stream: StreamOptions) -> FetchPolicy:
    """The limits of every fetch: the stream's polls and pages, and `run --fetch_links`."""
    return FetchPolicy(
        timeout=stream.fetch_timeout,
        max_bytes=news.max_item_bytes,
        min_host_delay=stream.host_delay,
        allow_private_hosts=stream.allow_private_hosts,
    )
