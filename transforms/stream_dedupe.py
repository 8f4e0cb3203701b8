"""Streaming dedupe: exact and near copies found across windows, with state that expires.

The batch `Deduplicate` sees all documents at once; a stream never does. Here every document is
indexed under its exact keys (normalized URL, text hash) and its MinHash LSH band keys (the same
keys as batch), in keyed state that holds the documents seen within the retention period.
A newcomer is compared with what its keys already hold:

- a copy from an earlier firing (earlier window, or earlier pane of its window) was written
  already, so it wins: the later copy becomes its duplicate;
- copies in the same firing are ranked as in batch (most words, then earliest `published_at`,
  then smallest id), so which one is kept does not depend on arrival order.

Candidates are checked exactly on shingle sets (containment or Jaccard over their thresholds).
The shingles of each document are kept once, in state keyed by its id, and sent to a newcomer
only when an LSH band pairs them. Index and shingle state are cleared by event-time timers once
`retention_seconds` have passed (see `transforms.once` on timers that fire early); an index key
also keeps at most `max_bucket` documents (a passage shared by many documents must not grow
without bound). Memory therefore stays bounded by the traffic of one retention period.

Limits: late data is compared like any other, but when a late firing's candidates arrive after
its document, the document is kept (a copy may be missed; nothing is lost or written twice). A
duplicate points to the copy it matched, which may itself be a duplicate of an older one.
"""

from __future__ import annotations

from typing import NamedTuple

import apache_beam as beam
from apache_beam import coders, pvalue
from apache_beam.metrics import Metrics
from apache_beam.transforms import userstate, window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Duration, Timestamp

from schemas import Document
from transforms.dedupe import (
    ARTICLES,
    DUPLICATES,
    band_keys,
    completeness,
    containment,
    exact_keys,
    jaccard,
    shingles,
)
from transforms.once import passed_by_wall_clock

__all__ = ["DeduplicateStream"]

_METRICS = "newsbeam.dedupe"
_MATCHES = "matches"
_KEEP = "keep"
_PROBE = "probe"


class _Entry(NamedTuple):
    """A document as an index key holds it."""

    doc_id: str
    firing: tuple[int, int]  # (window start in µs, pane index): documents written together
    rank: tuple  # dedupe.completeness: smaller is the better copy
    exact: bool  # indexed under an exact key: a shared key is a match, no check needed


class _Match(NamedTuple):
    """Another document that shares a key with the receiver; `shingles` None for exact keys."""

    other_id: str
    other_rank: tuple
    earlier: bool  # the other belongs to an earlier firing, so it was written first
    shingles: frozenset[int] | None


def _firing(window, pane) -> tuple[int, int]:
    return window.start.micros, pane.index


class _IndexKeys(beam.DoFn):
    """Document → (index key, entry) for its exact and band keys, and its shingles to keep."""

    def __init__(self, shingle_size: int, num_perm: int, bands: int):
        self._shingle_size = shingle_size
        self._num_perm = num_perm
        self._bands = bands

    def process(self, doc: Document, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        firing = _firing(window, pane)
        rank = completeness(doc)
        for key, _ in exact_keys(doc):
            yield key, _Entry(doc.id, firing, rank, exact=True)
        doc_shingles = shingles(doc.text, self._shingle_size)
        if doc_shingles:
            for key in band_keys(doc_shingles, self._num_perm, self._bands):
                yield key, _Entry(doc.id, firing, rank, exact=False)
            yield pvalue.TaggedOutput(_KEEP, (doc.id, (_KEEP, doc_shingles)))


class _IndexFn(beam.DoFn):
    """Per index key: the entries of the last retention period. A newcomer meets each of them:
    exact keys answer the match directly, band keys ask the shingle store of the other side."""

    ENTRIES = userstate.ReadModifyWriteStateSpec("entries", coders.PickleCoder())
    EXPIRY = userstate.TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, retention_seconds: float, max_bucket: int):
        self._retention = Duration.of(retention_seconds)
        self._max_bucket = max_bucket
        self._candidates = Metrics.counter(_METRICS, "stream_candidate_pairs")

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        entries_state=beam.DoFn.StateParam(ENTRIES),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        _, new = element
        entries = entries_state.read() or []
        for _, old in entries:
            if old.doc_id != new.doc_id:
                self._candidates.inc()
                yield from self._meet(new, old)
                yield from self._meet(old, new)
        entries = (entries + [(timestamp.micros, new)])[-self._max_bucket :]
        entries_state.write(entries)
        expiry.set(Timestamp(micros=entries[0][0]) + self._retention)

    @staticmethod
    def _meet(receiver: _Entry, other: _Entry):
        """Tells `receiver` of `other`. Both sides of a pair are told, and decide by one total
        order (firing, then rank), so of two copies exactly one can lose."""
        earlier = other.firing < receiver.firing
        if receiver.exact:
            yield pvalue.TaggedOutput(
                _MATCHES, (receiver.doc_id, _Match(other.doc_id, other.rank, earlier, None))
            )
        else:
            yield other.doc_id, (_PROBE, (receiver.doc_id, other.rank, earlier))

    @userstate.on_timer(EXPIRY)
    def expire(
        self,
        fired=beam.DoFn.TimestampParam,
        entries_state=beam.DoFn.StateParam(ENTRIES),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        if not passed_by_wall_clock(fired):
            return
        horizon = (fired - self._retention).micros
        entries = [(ts, entry) for ts, entry in entries_state.read() or [] if ts > horizon]
        if entries:
            entries_state.write(entries)
            expiry.set(Timestamp(micros=entries[0][0]) + self._retention)
        else:
            entries_state.clear()


class _ShingleStoreFn(beam.DoFn):
    """Per document id: its shingles for the retention period, sent to each newcomer it is paired
    with. A probe may arrive before the shingles it asks for (both come from the same firing, in
    no set order); it waits in state and is answered when they arrive."""

    SHINGLES = userstate.ReadModifyWriteStateSpec("shingles", coders.PickleCoder())
    WAITING = userstate.BagStateSpec("waiting", coders.PickleCoder())
    EXPIRY = userstate.TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, retention_seconds: float):
        self._retention = Duration.of(retention_seconds)

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        stored=beam.DoFn.StateParam(SHINGLES),
        waiting=beam.DoFn.StateParam(WAITING),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        doc_id, (kind, value) = element
        if kind == _KEEP:
            stored.write(value)
            for probe_ts, probe in waiting.read():
                yield window.TimestampedValue(_answer(doc_id, probe, value), probe_ts)
            waiting.clear()
        else:
            doc_shingles = stored.read()
            if doc_shingles is None:
                waiting.add((timestamp, value))
            else:
                yield _answer(doc_id, value, doc_shingles)
        expiry.set(timestamp + self._retention)

    @userstate.on_timer(EXPIRY)
    def expire(
        self,
        fired=beam.DoFn.TimestampParam,
        stored=beam.DoFn.StateParam(SHINGLES),
        waiting=beam.DoFn.StateParam(WAITING),
    ):
        if passed_by_wall_clock(fired):
            stored.clear()
            waiting.clear()


def _answer(doc_id: str, probe: tuple, doc_shingles: frozenset[int]) -> tuple[str, _Match]:
    receiver_id, rank, earlier = probe
    return receiver_id, _Match(doc_id, rank, earlier, doc_shingles)


class _Decide(beam.DoFn):
    """A document and its matches → the article it is, or the duplicate of the copy that wins."""

    def __init__(self, containment_threshold: float, jaccard_threshold: float, shingle_size: int):
        self._containment = containment_threshold
        self._jaccard = jaccard_threshold
        self._shingle_size = shingle_size
        self._articles = Metrics.counter(_METRICS, "articles")
        self._duplicates = Metrics.counter(_METRICS, "duplicates")
        self._across = Metrics.counter(_METRICS, "duplicates_of_earlier_windows")

    def process(self, element):
        _, grouped = element
        if not grouped["doc"]:  # candidates that came after their late document: see module doc
            return
        (doc,) = grouped["doc"]
        rank = completeness(doc)
        doc_shingles = None
        winners, beaten = [], set()
        for match in grouped[_MATCHES]:
            if match.shingles is None:
                similarity = 1.0
            else:
                doc_shingles = doc_shingles or shingles(doc.text, self._shingle_size)
                similarity = containment(doc_shingles, match.shingles)
                if (
                    similarity < self._containment
                    and jaccard(doc_shingles, match.shingles) < self._jaccard
                ):
                    continue
            if match.earlier or match.other_rank < rank:
                winners.append((not match.earlier, match.other_rank, match.other_id, similarity))
            else:
                beaten.add(match.other_id)
        if winners:
            _, _, kept_id, similarity = min(winners)
            self._duplicates.inc()
            if not min(winners)[0]:
                self._across.inc()
            yield pvalue.TaggedOutput(
                DUPLICATES, doc.replace(duplicate_of=kept_id, similarity=similarity)
            )
        else:
            self._articles.inc()
            yield doc.replace(cluster_size=1 + len(beaten))


class DeduplicateStream(beam.PTransform):
    """Windowed documents → `.articles` and `.duplicates`, in the input's windows, deduplicated
    against each other and against everything seen within `retention_seconds` before."""

    def __init__(
        self,
        retention_seconds: float,
        containment_threshold: float = 0.8,
        jaccard_threshold: float = 0.8,
        shingle_size: int = 5,
        num_perm: int = 128,
        bands: int = 64,
        max_bucket: int = 16,
    ):
        super().__init__()
        if retention_seconds <= 0:
            raise ValueError(f"retention must be positive, got {retention_seconds} s")
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self._retention = retention_seconds
        self._containment = containment_threshold
        self._jaccard = jaccard_threshold
        self._shingle_size = shingle_size
        self._num_perm = num_perm
        self._bands = bands
        self._max_bucket = max_bucket

    def expand(self, docs):
        windowing = docs.windowing
        keyed = docs | "IndexKeys" >> beam.ParDo(
            _IndexKeys(self._shingle_size, self._num_perm, self._bands)
        ).with_outputs(_KEEP, main="entries")
        indexed = (
            keyed["entries"]
            | "AcrossWindows" >> beam.WindowInto(GlobalWindows())
            | "Index"
            >> beam.ParDo(_IndexFn(self._retention, self._max_bucket)).with_outputs(
                _MATCHES, main=_PROBE
            )
        )
        near = (
            (
                keyed[_KEEP] | "KeepAcrossWindows" >> beam.WindowInto(GlobalWindows()),
                indexed[_PROBE],
            )
            | "ToStore" >> beam.Flatten()
            | "ShingleStore" >> beam.ParDo(_ShingleStoreFn(self._retention))
        )
        matches = (
            (indexed[_MATCHES], near)
            | "AllMatches" >> beam.Flatten()
            | "BackToWindows"
            >> beam.WindowInto(
                windowing.windowfn,
                trigger=windowing.triggerfn,
                accumulation_mode=windowing.accumulation_mode,
                allowed_lateness=windowing.allowed_lateness,
            )
        )
        return (
            {"doc": docs | "KeyById" >> beam.Map(lambda doc: (doc.id, doc)), _MATCHES: matches}
            | "JoinMatches" >> beam.CoGroupByKey()
            | "Decide"
            >> beam.ParDo(
                _Decide(self._containment, self._jaccard, self._shingle_size)
            ).with_outputs(DUPLICATES, main=ARTICLES)
        )
