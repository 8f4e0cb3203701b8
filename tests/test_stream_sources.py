"""`newsbeam stream` end to end, in real time: feeds polled from a loopback server and a landing
folder watched while the stream runs. Every distinct item must land in exactly one row."""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import threading
import time

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.util import assert_that
from apache_beam.transforms import window
from apache_beam.utils.timestamp import Timestamp

from bench.feed_server import FeedServer, Item, Step
from pipeline.stream import run_stream
from transforms.fetch import FetchPolicy
from transforms.formats.common import document_id
from transforms.poll import PollFeeds
from transforms.watch import WatchFiles, _NewFilesFn

TABLES = ("articles", "duplicates", "rejects")
PUBLISHED = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def rows(output: pathlib.Path) -> list[dict]:
    return [
        row
        for table in TABLES
        for path in sorted((output / table).glob("*.parquet"))
        for row in pq.read_table(path).to_pylist()
    ]


def story(n: int) -> str:
    topics = [
        "harbour",
        "orchestra",
        "election",
        "glacier",
        "vaccine",
        "railway",
        "museum",
        "drought",
    ]
    topic = topics[n % len(topics)]
    return "\n\n".join(
        f"Story {n} paragraph {p}: reporters followed the {topic} for a week and spoke with "
        f"{p + n} residents about what changed in district {n * 7 + p} since the spring."
        for p in range(4)
    )


def item(n: int, linked: bool = False) -> Item:
    return Item(
        guid=f"urn:story:{n}",
        link=f"/pages/{n}.html" if linked else f"https://news.example/{n}",
        title=f"Story number {n}",
        text=None if linked else story(n),
        published=PUBLISHED + datetime.timedelta(minutes=n),
    )


def script() -> tuple[list[Step], dict[str, str]]:
    """Three feeds growing over six steps; stories 1 and 5 run in two feeds, step 3 serves the
    same feeds as step 2 (so they answer 304), and stories 6 and 9 are links to pages."""
    world, business, wire = [], [], []
    steps = []
    for additions in ([1, 2], [3, 4], [], [5, 6], [7, 8], [9, 10]):
        for n in additions:
            target = (world, business, wire)[n % 3]
            target.append(item(n, linked=n in (6, 9)))
            if n in (1, 5):
                (business if target is not business else world).append(item(n))
        steps.append(
            Step(
                {
                    "/feeds/world.xml": tuple(world),
                    "/feeds/business.xml": tuple(business),
                    "/feeds/wire.atom": tuple(wire),
                }
            )
        )
    pages = {
        f"/pages/{n}.html": f"<html><body><article><h1>Story number {n}</h1>"
        + "".join(f"<p>{p}</p>" for p in story(n).split("\n\n"))
        + "</article></body></html>"
        for n in (6, 9)
    }
    return steps, pages


def stream(output: pathlib.Path, *args: str, runtime: float) -> None:
    summary = run_stream(
        [
            "--output",
            str(output),
            "--window",
            "2",
            "--poll-interval",
            "1",
            "--host-delay",
            "0",
            "--max-runtime",
            str(runtime),
            *args,
        ]
    )
    assert summary.balanced, summary.table()


def advance_after_each_poll(server: FeedServer, steps: int) -> threading.Thread:
    """Moves the server's script on once the poller has fetched the current step's feeds, so
    the items arrive over successive polls however slowly the stream starts."""

    def advance() -> None:
        def feed_requests() -> int:
            return sum(1 for path, _ in server.requests if path.startswith("/feeds/"))

        for _ in range(steps - 1):
            polled = feed_requests()
            while feed_requests() < polled + 3:  # all three feeds fetched again
                time.sleep(0.05)
            server.advance()

    thread = threading.Thread(target=advance, daemon=True)
    thread.start()
    return thread


def test_feed_items_land_once_across_polls_feeds_and_restarts(tmp_path):
    steps, pages = script()
    with FeedServer(steps, pages) as server:
        advancing = advance_after_each_poll(server, len(steps))
        feeds = [server.url(path) for path in steps[0].feeds]
        args = [arg for url in feeds for arg in ("--feed", url)] + ["--allow-private-hosts"]
        stream(tmp_path, *args, runtime=10)
        advancing.join(timeout=1)
        assert server.step == len(steps) - 1  # every step was served to a poll
        expected = {document_id("", f"urn:story:{n}") for n in range(1, 11)}
        written = [row["id"] for row in rows(tmp_path)]
        assert sorted(written) == sorted(
            expected
        )  # each distinct item once: none twice, none missing
        assert {row["item_id"] for row in rows(tmp_path) if row.get("item_id")} >= {
            "urn:story:6",
            "urn:story:9",
        }
        assert any(status == 304 for _, status in server.requests)  # conditional GET was used

        stream(tmp_path, *args, runtime=3)  # a restart re-polls everything
        assert sorted(row["id"] for row in rows(tmp_path)) == sorted(expected)


def test_private_hosts_are_refused_unless_allowed(tmp_path):
    steps, pages = script()
    with FeedServer(steps[:1], pages) as server:
        stream(tmp_path, "--feed", server.url("/feeds/world.xml"), runtime=2)
        rejects = rows(tmp_path)  # one per poll: each failed poll is a reject of its own
        assert rejects and len({reject["id"] for reject in rejects}) == len(rejects)
        for reject in rejects:
            assert "cannot fetch feed" in reject["error"] and reject["stage"] == "read"
        assert server.requests == []


def test_files_dropped_while_the_stream_runs_all_land(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "before.txt").write_text(story(100))

    def drop_files():
        for n in range(101, 105):
            time.sleep(1.0)
            partial = landing / f".{n}.part"
            partial.write_text(story(n))
            partial.rename(landing / f"{n}.txt")  # land atomically

    dropper = threading.Thread(target=drop_files)
    dropper.start()
    stream(tmp_path / "out", "--watch", str(landing / "*.txt"), runtime=8)
    dropper.join()
    landed = sorted(pathlib.Path(row["source_uri"]).name for row in rows(tmp_path / "out"))
    assert landed == ["101.txt", "102.txt", "103.txt", "104.txt", "before.txt"]
    check_run_manifest(tmp_path / "out")


def check_run_manifest(output: pathlib.Path) -> None:
    """The run's manifest lists exactly the window files it wrote, with their row counts."""
    [path] = (output / "manifests").glob("run-*.json")
    manifest = json.loads(path.read_text())
    run_id = path.stem.removeprefix("run-")
    assert manifest["run_id"] == run_id and manifest["counters"]["stream/first_deliveries"] == 5
    for table, entry in manifest["tables"].items():
        written = sorted(p.relative_to(output).as_posix() for p in (output / table).glob(f"*-run-{run_id}-*.parquet"))
        assert [f["path"] for f in entry["files"]] == written
        assert entry["rows"] == sum(pq.read_metadata(output / f["path"]).num_rows for f in entry["files"])
    assert manifest["tables"]["articles"]["rows"] + manifest["tables"]["duplicates"]["rows"] == 5


def check_source(source, check_docs, check_rejects) -> None:
    """Runs a streaming source that stops by itself; `check_*` get its docs and rejects."""
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as pipeline:
        out = pipeline | source
        for label, items, check in (
            ("Docs", out.docs, check_docs),
            ("Rejects", out.rejects, check_rejects),
        ):
            windowed = items | f"{label}Window" >> beam.WindowInto(window.FixedWindows(10**10))
            assert_that(windowed, check, label=label)


def test_a_page_that_cannot_be_fetched_is_a_reject_with_the_reason():
    def the_item_with_content(docs):
        assert [doc.item_id for doc in docs] == ["urn:story:1"]

    def one_reject_for_the_missing_page(rejects):
        (reject,) = rejects
        assert reject.id == document_id("", "urn:story:2")
        assert "cannot fetch page" in reject.error and "404" in reject.error

    steps = [Step({"/feeds/world.xml": (item(1), item(2, linked=True))})]
    with FeedServer(steps, pages={}) as server:
        now = time.time()
        policy = FetchPolicy(allow_private_hosts=True, min_host_delay=0)
        check_source(
            PollFeeds([server.url("/feeds/world.xml")], 1.0, now, now + 1.5, 3600, policy),
            the_item_with_content,
            one_reject_for_the_missing_page,
        )


def test_watch_skips_files_older_than_the_retention_period(tmp_path):
    (tmp_path / "old.txt").write_text(story(1))
    (tmp_path / "new.txt").write_text(story(2))
    long_ago = time.time() - 7200
    os.utime(tmp_path / "old.txt", (long_ago, long_ago))
    now = time.time()

    def only_the_new_file(docs):
        assert [pathlib.Path(doc.source_uri).name for doc in docs] == ["new.txt"]

    def none(rejects):
        assert rejects == []

    check_source(
        WatchFiles([str(tmp_path / "*.txt")], 1.0, now, now + 1.5, 3600), only_the_new_file, none
    )


def test_a_watched_pattern_passes_on_only_files_it_has_not_matched_before(tmp_path):
    """Each poll lists the folder again; the files of earlier polls must not go on again."""

    class Seen:
        value = None

        def read(self):
            return self.value

        def write(self, value):
            self.value = value

    fn, seen = _NewFilesFn(retention_seconds=3600), Seen()
    pattern = str(tmp_path / "*.txt")

    def poll() -> list[str]:
        now = Timestamp(time.time())
        return sorted(pathlib.Path(m.path).name for m in fn.process((pattern, 0), now, seen))

    (tmp_path / "a.txt").write_text(story(1))
    (tmp_path / "b.txt").write_text(story(2))
    assert poll() == ["a.txt", "b.txt"]
    (tmp_path / "c.txt").write_text(story(3))
    assert poll() == ["c.txt"]
    assert poll() == []
