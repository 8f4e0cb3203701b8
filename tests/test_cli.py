"""The `newsbeam` command: one option style (snake_case, kebab-case as aliases), `--version`, a
dry run's summary, a dedupe that did not converge, and the progress line on a terminal."""

from __future__ import annotations

import io

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline import cli
from pipeline.manifest import newsbeam_version
from pipeline.options import NewsbeamOptions, StreamOptions
from pipeline.progress import ARTICLES_KEPT, ITEMS_READ, TrackProgress, live_progress
from pipeline.summary import RunSummary

DRY_RUN = [
    "--runner=DataflowRunner", "--dry_run=True", "--project=newsbeam-test", "--region=europe-west1",
    "--temp_location=gs://newsbeam-test-temp/tmp", "--sdk_location=container",
    "--sdk_container_image=europe-docker.pkg.dev/newsbeam-test/newsbeam/newsbeam:1",
    "--output=gs://newsbeam-test-out/clean",
]


def newsbeam_actions():
    commands = next(a for a in cli._parser()._actions if a.dest == "command")
    for name in ("run", "stream"):
        yield from (a for a in commands.choices[name]._actions if a.dest != "help")


def test_every_option_is_snake_case_with_a_kebab_case_alias():
    for action in newsbeam_actions():
        snake = f"--{action.dest}"
        assert action.option_strings[0] == snake
        assert set(action.option_strings) == {snake, snake.replace("_", "-")}


def test_both_spellings_reach_the_same_pipeline_options():
    snake = PipelineOptions(["--max_item_bytes=5", "--poll_interval=2", "--allow_private_hosts"])
    kebab = PipelineOptions(["--max-item-bytes=5", "--poll-interval=2", "--allow-private-hosts"])
    for options in (snake, kebab):
        assert options.view_as(NewsbeamOptions).max_item_bytes == 5
        assert options.view_as(StreamOptions).poll_interval == 2.0
        assert options.view_as(StreamOptions).allow_private_hosts is True


def test_version(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out == f"newsbeam {newsbeam_version()}\n"


@pytest.mark.parametrize(
    "command",
    [
        ["run", "--input=gs://newsbeam-test-in/news/*"],
        ["stream", "--pubsub_subscription=projects/newsbeam-test/subscriptions/news"],
    ],
)
def test_a_dataflow_dry_run_says_so_instead_of_crashing(command, capsys):
    assert cli.main([*command, *DRY_RUN]) == 0
    out = capsys.readouterr().out
    assert out.startswith("dry run: the job was built and not run")
    assert "manifest" not in out  # nothing ran, so nothing was written


def test_a_dedupe_that_did_not_converge_is_not_ok():
    counters = {
        ("newsbeam.read", "items"): 3,
        ("newsbeam.write", "articles"): 2,
        ("newsbeam.write", "duplicates"): 1,
    }
    assert RunSummary(counters).balanced
    unsettled = RunSummary({**counters, ("newsbeam.dedupe", "components_unsettled"): 1})
    assert unsettled.landed_once and not unsettled.balanced
    assert "dedupe components settled      1 NOT" in unsettled.table()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def count_into_progress(options):
    terminal = Terminal()
    with live_progress(options, terminal) as token:
        with beam.Pipeline(options=options) as pipeline:
            items = pipeline | beam.Create(range(7))
            items | "Read" >> TrackProgress(token, ITEMS_READ)
            items | beam.Filter(lambda i: i % 2) | "Kept" >> TrackProgress(token, ARTICLES_KEPT)
    return terminal.getvalue().rsplit("\r", 1)[-1]


def test_progress_is_shown_on_a_terminal_only():
    line = count_into_progress(PipelineOptions([]))
    assert "items read: 7" in line and "articles 3" in line and "docs/s" in line
    with live_progress(PipelineOptions([]), io.StringIO()) as token:
        assert token is None  # not a terminal: no line, and the pipeline tracks nothing
    with live_progress(PipelineOptions(DRY_RUN), Terminal()) as token:
        assert token is None  # a remote runner's workers cannot reach this machine


def test_progress_counts_what_worker_processes_did():
    options = PipelineOptions(
        ["--runner=FnApiRunner", "--direct_running_mode=multi_processing", "--direct_num_workers=2"]
    )
    line = count_into_progress(options)
    assert "items read: 7" in line and "articles 3" in line
