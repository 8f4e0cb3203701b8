"""A live progress line for local runs: items read, articles written, docs/s and elapsed time on
stderr, when stderr is a terminal; nothing otherwise.

Beam's metrics can only be queried once a local run ends, so the pipeline counts into a tally of
the launching process instead (`TrackProgress`). That reaches the launcher only when the workers
run inside it: the DirectRunner's in-memory mode and Prism's loopback workers. Other runners
(multi-process, Dataflow) show no line; their counters are in the summary and the manifest.
"""

from __future__ import annotations

import collections
import contextlib
import sys
import threading
import uuid
from collections.abc import Iterator

import apache_beam as beam
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions
from tqdm import tqdm

__all__ = ["ARTICLES_KEPT", "ITEMS_READ", "TrackProgress", "live_progress", "shows_progress"]

ITEMS_READ = "read"
ARTICLES_KEPT = "articles"
_REFRESH_SECONDS = 0.5
_IN_PROCESS_RUNNERS = {None, "DirectRunner", "PrismRunner", "FnApiRunner"}

_tallies: dict[str, collections.Counter] = {}  # token of a live run → its counts, this process
_lock = threading.Lock()


def shows_progress(options: PipelineOptions, stream=None) -> bool:
    """Whether a run with `options` can show progress on `stream` (default stderr)."""
    stream = stream or sys.stderr
    runner = options.view_as(StandardOptions).runner
    in_process = options.view_as(DirectOptions).direct_running_mode != "multi_processing"
    return stream.isatty() and runner in _IN_PROCESS_RUNNERS and in_process


class _Tally(beam.DoFn):
    def __init__(self, token: str, what: str):
        super().__init__()
        self._token = token
        self._what = what

    def process(self, element):
        with _lock:
            tally = _tallies.get(self._token)  # absent in a worker outside the launcher
            if tally is not None:
                tally[self._what] += 1
        return ()


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
    """Shows the line while the block runs; yields the token to give `TrackProgress`, or None
    when no line can be shown (then the pipeline needs no tracking)."""
    stream = stream or sys.stderr
    if not shows_progress(options, stream):
        yield None
        return
    token = uuid.uuid4().hex
    with _lock:
        _tallies[token] = collections.Counter()
    bar = tqdm(file=stream, unit=" docs", desc="newsbeam: items read", dynamic_ncols=True)
    stopped = threading.Event()

    def paint() -> None:
        with _lock:
            tally = dict(_tallies[token])
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
        with _lock:
            del _tallies[token]
