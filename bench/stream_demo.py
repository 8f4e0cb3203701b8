"""`make stream-demo`: `newsbeam stream` against a loopback feed server for a bounded time, then
what landed per window and the end-to-end delay of each item.

The server serves three feeds built from the seeds and wcxb-dev pages, growing step by step;
some items run in two feeds. The delay of an item is measured from when the server first served
it in a feed to when its row was first seen in a finished Parquet file (the output folder is
scanned every 0.1 s while the stream runs).
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import shutil
import statistics
import threading
import time

import pyarrow.parquet as pq

from bench.feed_server import FeedServer, demo_steps
from pipeline.stream import run_stream
from transforms.formats.common import document_id

_TABLES = ("articles", "duplicates", "rejects")


class OutputWatcher(threading.Thread):
    """Notes when each finished Parquet file under `output` first appears, and its ids."""

    def __init__(self, output: pathlib.Path):
        super().__init__(daemon=True)
        self._output = output
        self.seen: dict[pathlib.Path, float] = {}
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.is_set():
            self.scan()
            time.sleep(0.1)
        self.scan()

    def scan(self) -> None:
        for table in _TABLES:
            for path in (self._output / table).glob("*.parquet"):
                self.seen.setdefault(path, time.time())

    def landed(self) -> dict[str, float]:
        """Id → when its row was first seen in a finished file."""
        first: dict[str, float] = {}
        for path, seen_at in sorted(self.seen.items(), key=lambda item: item[1]):
            for row_id in pq.read_table(path, columns=["id"]).column("id").to_pylist():
                first.setdefault(row_id, seen_at)
        return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=pathlib.Path, default=pathlib.Path("../shared/corpus"))
    parser.add_argument("--seeds", type=pathlib.Path, default=pathlib.Path("seeds"))
    parser.add_argument("--output", type=pathlib.Path, default=pathlib.Path("out/stream-demo"))
    parser.add_argument("--runtime", type=float, default=40.0, help="seconds the stream runs")
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--poll-interval", type=float, default=3.0)
    parser.add_argument("--steps", type=int, default=6, help="times the feeds grow")
    args, beam_args = parser.parse_known_args()

    shutil.rmtree(args.output, ignore_errors=True)
    steps, pages = demo_steps(args.seeds, args.corpus, n_steps=args.steps)
    advance_every = args.runtime / (args.steps + 2)  # every step is served, then polled again
    watcher = OutputWatcher(args.output)
    with FeedServer(steps, pages, advance_every=advance_every) as server:
        feeds = [arg for path in steps[0].feeds for arg in ("--feed", server.url(path))]
        watcher.start()
        started = time.time()
        summary = run_stream(
            [
                "--output",
                str(args.output),
                *feeds,
                "--allow-private-hosts",
                "--window",
                str(args.window),
                "--poll-interval",
                str(args.poll_interval),
                "--max-runtime",
                str(args.runtime),
                "--host-delay",
                "0.2",
                *beam_args,
            ]
        )
        ended = time.time()
        watcher.finished.set()
        watcher.join()
        first_served = dict(server.first_served)

    print(summary.table())
    print(
        f"\nstream ran {ended - started:.1f} s; feeds grew {args.steps} times, every "
        f"{advance_every:.1f} s; window {args.window:g} s, poll interval {args.poll_interval:g} s"
    )
    print("\nlanded per window (file: rows per table):")
    per_window: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for path in watcher.seen:
        window = path.name.split("-run-")[0]
        per_window[window][path.parent.name] += pq.read_metadata(path).num_rows
    for window, counts in sorted(per_window.items()):
        print(f"  {window}  " + ", ".join(f"{table} {counts[table]}" for table in _TABLES))

    landed = watcher.landed()
    delays = sorted(
        landed[document_id("", guid)] - served
        for guid, served in first_served.items()
        if document_id("", guid) in landed
    )
    missing = [guid for guid in first_served if document_id("", guid) not in landed]
    print(f"\nitems served {len(first_served)}, landed {len(delays)}, missing {len(missing)}")
    if delays:
        print(
            f"end-to-end delay (first served → row in a finished file): median "
            f"{statistics.median(delays):.1f} s, max {delays[-1]:.1f} s; one window + one poll "
            f"interval = {args.window + args.poll_interval:g} s"
        )


if __name__ == "__main__":
    main()
