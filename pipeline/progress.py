"""A live progress line for local runs: items read, articles written, docs/s and elapsed time on
stderr, when stderr is a terminal; nothing otherwise.

Beam's metrics can only be queried once a local run ends, so the pipeline also counts into a
folder of the launching machine (`TrackProgress`): each DoFn instance keeps its running count in
a file of its own, rewritten at most twice a second, and the launcher sums the files. Files reach
the launcher from workers in its own process and from the worker processes of a multi-processing
run alike. Remote runners (Dataflow, Flink) show no line; their counters are in the summary and
the manifest.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from tqdm import tqdm

__all__ = [
    "ARTICLES_KEPT",
    "ITEMS_READ",
    "TrackProgress",
    "live_progress",
    "shows_progress",
]

ITEMS_READ = "read"
ARTICLES_KEPT = "articles"
_REFRESH_SECONDS = 0.5
_LOCAL_RUNNERS = {None, "DirectRunner", "PrismRunner", "FnApiRunner"}


def shows_progress(options: PipelineOptions, stream=None) -> bool:
    """Whether a run with `options` can show progress on `stream` (default stderr)."""
    stream = stream or sys.stderr
    return stream.isatty() and options.view_as(StandardOptions).runner in _LOCAL_RUNNERS


def _read_tally(folder: str) -> dict[str, int]:
    """What the workers counted so far into `folder`, by kind (ITEMS_READ, ARTICLES_KEPT)."""
    tally: dict[str, int] = {}
    for name in os.listdir(folder):
        what, _, rest = name.partition("-")
        if rest.endswith(".tmp"):
            continue
        try:
            with open(os.path.join(folder, name), encoding="ascii") as count:
                tally[what] = tally.get(what, 0) + int(count.read())
        except (OSError, ValueError):  # replaced while read: counted at the next refresh
            continue
    return tally


class _Tally(beam.DoFn):
    def __init__(self, folder: str, what: str):
        super().__init__()
        self._folder = folder
        self._what = what

    def setup(self) -> None:
        self._path = os.path.join(self._folder, f"{self._what}-{uuid.uuid4().hex}")
        self._count = 0
        self._written_at = 0.0

    def process(self, element):
        self._count += 1
        if time.monotonic() - self._written_at >= _REFRESH_SECONDS:
            self._write()
        return ()

    def finish_bundle(self) -> None:
        self._write()

    def _write(self) -> None:
        self._written_at = time.monotonic()
        temporary = self._path + ".tmp"
        try:
            with open(temporary, "w", encoding="ascii") as count:
                count.write(str(self._count))
            os.replace(temporary, self._path)
        except OSError:  # the line is gone (run over) or on another machine: nothing to show
            pass


class TrackProgress(beam.PTransform):
    """Counts the elements of a PCollection as `what` (ITEMS_READ or ARTICLES_KEPT) for the live run
    `token`; outputs nothing. Hang it beside the pipeline, not in its way."""

    def __init__(self, token: str, what: str):
        super().__init__()
        self._token = token
        self._what = what

    def expand(self, pcoll):
        return pcoll | beam.ParDo(_Tally(self._token, self._what))


@contextlib.contextmanager
def live_progress(options: PipelineOptions, stream=None) -> Iterator[str | None]:
    """Shows the line while the block runs; yields the token to give `TrackProgress` (the folder
    the workers count into), or None when no line can be shown (then the pipeline needs no
    tracking)."""
    stream = stream or sys.stderr
    if not shows_progress(options, stream):
        yield None
        return
    token = tempfile.mkdtemp(prefix="newsbeam-progress-")
    bar = tqdm(file=stream, unit=" docs", desc="newsbeam: items read", dynamic_ncols=True)
    stopped = threading.Event()

    def paint() -> None:
        tally = _read_tally(token)
        bar.n = tally.get(ITEMS_READ, 0)
        bar.set_postfix_str(f"articles {tally.get(ARTICLES_KEPT, 0)}", refresh=False)
        bar.refresh()

    def paint_until_stopped() -> None:
        while not stopped.wait(_REFRESH_SECONDS):
            paint()

    painter = threading.Thread(target=paint_until_stopped, name="progress", daemon=True)
    painter.start()
    try:
        yield token
    finally:
        stopped.set()
        painter.join()
        paint()
        bar.close()
        shutil.rmtree(token, ignore_errors=True)
