"""The end-of-run summary, built from the pipeline's own Beam counters: it proves that every
item read landed in exactly one output (read = articles + duplicates + rejects)."""

from __future__ import annotations

import collections
import dataclasses
import sys
import threading

from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import TestOptions


@dataclasses.dataclass(frozen=True)
class RunSummary:
    counters: dict[tuple[str, str], int]
    # (namespace, name) of the counter of items that must each land once: a stream counts
    # first deliveries, since redelivered items are dropped on purpose.
    items: tuple[str, str] = ("read", "items")
    # A dry run (`--dry_run=True`) only builds the job: it has no counters to sum up.
    dry_run: bool = False

    @classmethod
    def from_result(cls, result, items: tuple[str, str] = ("read", "items")) -> RunSummary:
        if is_dry_run(result):
            return cls({}, items, dry_run=True)
        totals: dict[tuple[str, str], int] = collections.Counter()
        for counter in _query_counters(result):
            value = counter.committed if counter.committed is not None else counter.attempted
            totals[(counter.key.metric.namespace, counter.key.metric.name)] += value or 0
        return cls(dict(totals), items)

    def get(self, namespace: str, name: str) -> int:
        return self.counters.get((f"newsbeam.{namespace}", name), 0)

    @property
    def read(self) -> int:
        return self.get(*self.items)

    @property
    def articles(self) -> int:
        return self.get("write", "articles")

    @property
    def duplicates(self) -> int:
        return self.get("write", "duplicates")

    @property
    def rejects(self) -> int:
        return self.get("write", "rejects")

    @property
    def landed_once(self) -> bool:
        """read = articles + duplicates + rejects."""
        return self.read == self.articles + self.duplicates + self.rejects

    @property
    def unsettled(self) -> int:
        """Duplicate components whose dedupe did not converge: their verdicts cannot be trusted."""
        return self.get("dedupe", "components_unsettled")

    @property
    def balanced(self) -> bool:
        """Every item landed in exactly one output, from a dedupe that converged."""
        return self.landed_once and self.unsettled == 0

    @property
    def languages(self) -> dict[str, int]:
        prefix = "language_"
        return {
            name.removeprefix(prefix): value
            for (namespace, name), value in sorted(self.counters.items())
            if namespace == "newsbeam.language" and name.startswith(prefix)
        }

    def table(self) -> str:
        if self.dry_run:
            return "dry run: the job was built and not run, so there is nothing to count"
        languages = ", ".join(f"{code} {n}" for code, n in self.languages.items()) or "none"
        check = "ok" if self.landed_once else "MISMATCH"
        settled = "ok" if self.unsettled == 0 else f"{self.unsettled} NOT"
        lines = [
            f"{'documents read':<28}{self.read:>8}",
            f"{'articles written':<28}{self.articles:>8}",
            f"{'duplicates':<28}{self.duplicates:>8}",
            f"{'rejects':<28}{self.rejects:>8}",
            f"{'read = articles+dups+rejects':<28}{check:>8}",
            f"{'dedupe components settled':<28}{settled:>8}",
            f"{'languages':<28}{languages}",
            "",
            "per-stage counters:",
        ]
        lines += [
            f"  {namespace.removeprefix('newsbeam.') + '/' + name:<40}{value:>8}"
            for (namespace, name), value in sorted(self.counters.items())
            if namespace.startswith("newsbeam.")
        ]
        return "\n".join(lines)


def is_dry_run(result) -> bool:
    """A Dataflow dry run returns a bare result holding the job it built, and no metrics."""
    job = getattr(result, "job", None)
    return bool(job is not None and job.options.view_as(TestOptions).dry_run)


def _query_counters(result) -> list:
    """The run's counters. The local FnApiRunner merges the metrics of each round of a periodic
    source into a chain of nested generators, one level per round, which exceeds Python's
    recursion limit after a few minutes of streaming; the query runs in a thread with room."""
    counters: list = []
    failure: list[BaseException] = []

    def query() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(1_000_000)
        try:
            counters.extend(result.metrics().query(MetricsFilter())["counters"])
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            failure.append(error)
        finally:
            sys.setrecursionlimit(limit)

    default_stack = threading.stack_size(512 * 1024 * 1024)
    try:
        thread = threading.Thread(target=query, name="metrics-query")
        thread.start()
    finally:
        threading.stack_size(default_stack)
    thread.join()
    if failure:
        raise failure[0]
    return counters
