"""Streaming dedupe: exact and near copies found across windows, with state that expires.

The batch `Deduplicate` sees all documents at once; a stream never does. Here every document is
indexed under its exact keys (normalized URL, text hash) and its MinHash LSH band keys (the same
keys as batch), in keyed state that holds the documents seen within the retention period.
A newcomer is compared with what its keys already hold:

- a copy from an earlier firing (earlier window, or earlier pane of its window) was written
  already, so it wins: the later copy becomes its duplicate;
- copies in the same firing are ranked as in batch (most words, then earliest `published_at`,
  then smallest id), so which one is kept does not depend on arrival order;
- a late document (a late pane of its window) is written after everything the index already
  holds from other firings, so all of those are earlier to it.

Candidates are checked exactly on their shingle sequences, as batch checks a pair (`pair_verdict`):
nearly the same text, or a shorter text lying inside a longer one from where the longer one's
story starts (a story that sits after other text in a page of stories is not a copy of the page).
The shingles of each document are kept once, in state keyed by its id, and sent to a newcomer
only when an LSH band pairs them. A document of an on-time pane meets its matches in a join
that fires with the watermark, when every copy of its firing has been indexed. A late document
fires alone, before its matches could arrive, so it is decided in state keyed by its id instead:
once every index key it was filed under has said how many matches it sends (its ledger) and all
of them have arrived. A late copy is thus decided against the copies written before it.

State is explicit and versioned (`transforms.state_coders`) and expires after
`retention_seconds` (`transforms.expiry`); an index key also keeps at most `max_bucket`
documents (a passage shared by many documents must not grow without bound). Memory therefore
stays bounded by the traffic of one retention period.

Differences from batch: a duplicate points to the copy it matched, which may itself be a
duplicate of an older one; `cluster_size` counts the copies of the same firing only (later
copies are not known when an article is written); a page holding two stories side by side is
not recognised as such (each pair is judged alone, so only the story at its lede is merged
with it); shingles kept in state by the version before order was kept are compared as sets.
"""

from __future__ import annotations

from typing import NamedTuple

import apache_beam as beam
import numpy as np
from apache_beam import pvalue
from apache_beam.metrics import Metrics
from apache_beam.transforms import userstate, window
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Timestamp
from apache_beam.utils.windowed_value import PaneInfoTiming

from schemas import Document
from transforms.dedupe import (
    ARTICLES,
    COPY_VERDICTS,
    DUPLICATES,
    band_keys,
    containment,
    exact_keys,
    jaccard,
    pair_overlap,
    pair_verdict,
    shingle_sequence,
)
from transforms.expiry import StateExpiry, expiry_timer
from transforms.state_coders import DOCUMENT_CODER, JSON_CODER, KEYED, SHINGLES_CODER

__all__ = ["DeduplicateStream", "Deduplicated"]

_METRICS = "newsbeam.dedupe"
_ON_TIME = "on_time"  # documents of on-time panes, keyed by id, to the join
_MATCHES = "matches"  # matches of on-time documents, to the join
_LATE = "late"  # a late document, its ledgers and matches, to its decision in state
_KEEP = "keep"
_PROBE = "probe"
_DOC = "doc"
_LEDGER = "ledger"
_MATCH = "match"  # a match its receiver's ledger announced
_EXTRA = "extra"  # a match from a copy of the receiver's firing indexed after it: not announced
_UNDATED = 2**62  # rank of a document without published_at: after every dated one


class _Entry(NamedTuple):
    """A document as an index key holds it."""

    doc_id: str
    firing: tuple[int, int]  # (window start in µs, pane index): documents written together
    rank: tuple  # smaller is the better copy (most words, earliest published_at, smallest id)
    exact: bool  # indexed under an exact key: a shared key is a match, no check needed
    late: bool  # from a late pane: written after whatever the index already holds

    def plain(self) -> list:
        return [self.doc_id, list(self.firing), list(self.rank), self.exact, self.late]

    @classmethod
    def of(cls, plain: list) -> _Entry:
        doc_id, firing, rank, exact, late = plain
        return cls(doc_id, tuple(firing), tuple(rank), exact, late)


class _Match(NamedTuple):
    """Another document that shares a key with the receiver; `shingles` None for exact keys."""

    other_id: str
    other_rank: tuple
    earlier: bool  # the other was written before the receiver
    shingles: tuple[int, ...] | frozenset[int] | None  # in text order; a set if kept unordered

    def plain(self) -> list:
        ordered = isinstance(self.shingles, tuple)
        kept = None if self.shingles is None else list(self.shingles) if ordered else sorted(self.shingles)
        return [self.other_id, list(self.other_rank), self.earlier, kept, ordered]

    @classmethod
    def of(cls, plain: list) -> _Match:
        """Also reads the four fields written before the order was kept: a set."""
        other_id, rank, earlier, kept, ordered = (*plain, False)[:5]
        shingles = None if kept is None else tuple(kept) if ordered else frozenset(kept)
        return cls(other_id, tuple(rank), earlier, shingles)


def _rank(doc: Document) -> tuple:
    """`dedupe.completeness` in plain values (state holds no datetimes)."""
    published = doc.published_at
    dated = _UNDATED if published is None else int(published.timestamp() * 1_000_000)
    return (-doc.word_count, dated, doc.id, doc.source_uri)


def _written_before(old: _Entry, new: _Entry) -> bool:
    """Whether `old`, indexed before `new`, was written before it: another firing that is
    earlier, or any other firing when `new` is late."""
    return old.firing != new.firing and (new.late or old.firing < new.firing)


class _IndexKeys(beam.DoFn):
    """Document → (index key, entry) for its exact and band keys, its shingles to keep, and the
    document itself: to the join when on time, to its decision in state when late (with the
    number of keys it was filed under, each of which sends it a ledger)."""

    def __init__(self, shingle_size: int, num_perm: int, bands: int):
        self._shingle_size = shingle_size
        self._num_perm = num_perm
        self._bands = bands

    def process(self, doc: Document, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        late = pane.timing == PaneInfoTiming.LATE
        rank = _rank(doc)
        firing = (window.start.micros, pane.index)
        keys = [(key, True) for key, _ in exact_keys(doc)]
        sequence = tuple(shingle_sequence(doc.text, self._shingle_size).tolist())
        if sequence:
            keys += [(key, False) for key in band_keys(frozenset(sequence), self._num_perm, self._bands)]
            yield pvalue.TaggedOutput(_KEEP, (doc.id, (_KEEP, sequence)))
        for key, exact in keys:
            yield key, _Entry(doc.id, firing, rank, exact, late)
        if late:
            yield pvalue.TaggedOutput(_LATE, (doc.id, (_DOC, (len(keys), doc))))
        else:
            yield pvalue.TaggedOutput(_ON_TIME, (doc.id, doc))


class _IndexFn(beam.DoFn):
    """Per index key: the entries of the last retention period. A newcomer meets each of them:
    exact keys answer the match directly, band keys ask the shingle store of the other side. A
    late newcomer's decision is told how many matches this key sends it (its ledger)."""

    ENTRIES = userstate.ReadModifyWriteStateSpec("entries", JSON_CODER)
    EXPIRY = expiry_timer()

    def __init__(self, retention_seconds: float, max_bucket: int):
        self._expiry = StateExpiry(retention_seconds)
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
        self._expiry.observe(timestamp)
        entries = _entries(entries_state)
        sent = 0
        for _, old in entries:
            if old.doc_id == new.doc_id:
                continue
            self._candidates.inc()
            if old.firing == new.firing:  # ranked in the decisions of both
                yield from _tell(new, old, earlier=False)
                yield from _tell(old, new, earlier=False, announced=False)
                sent += 1
            elif _written_before(old, new):
                yield from _tell(new, old, earlier=True)
                sent += 1
            # else `new` was written first: it can only win, and need not hear of `old`
        if new.late:
            yield pvalue.TaggedOutput(_LATE, (new.doc_id, (_LEDGER, sent)))
        entries = (entries + [(timestamp.micros, new)])[-self._max_bucket :]
        entries_state.write([[micros, entry.plain()] for micros, entry in entries])
        self._expiry.arm(expiry, Timestamp(micros=entries[0][0]))

    @userstate.on_timer(EXPIRY)
    def expire(
        self,
        fired=beam.DoFn.TimestampParam,
        entries_state=beam.DoFn.StateParam(ENTRIES),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        if not self._expiry.due(fired):
            return
        horizon = (fired - self._expiry.retention).micros
        entries = [(micros, entry) for micros, entry in _entries(entries_state) if micros > horizon]
        if entries:
            entries_state.write([[micros, entry.plain()] for micros, entry in entries])
            self._expiry.arm(expiry, Timestamp(micros=entries[0][0]))
        else:
            entries_state.clear()


def _entries(entries_state) -> list[tuple[int, _Entry]]:
    return [(micros, _Entry.of(plain)) for micros, plain in entries_state.read() or []]


def _tell(receiver: _Entry, other: _Entry, earlier: bool, announced: bool = True):
    """Tells `receiver`'s decision of `other`: directly for an exact key, through the shingle
    store of `other` for a band key. `announced`: counted in the receiver's ledger."""
    if receiver.exact:
        match = _Match(other.doc_id, other.rank, earlier, None)
        yield _to_decision(receiver.doc_id, receiver.late, announced, match)
    else:
        to = (receiver.doc_id, receiver.late, announced)
        yield other.doc_id, (_PROBE, (*to, other.rank, earlier))


def _to_decision(receiver_id: str, late: bool, announced: bool, match: _Match):
    """A match, to the join (on-time receiver) or to the receiver's decision in state (late)."""
    if late:
        return pvalue.TaggedOutput(_LATE, (receiver_id, (_MATCH if announced else _EXTRA, match)))
    return pvalue.TaggedOutput(_MATCHES, (receiver_id, match))


class _ShingleStoreFn(beam.DoFn):
    """Per document id: its shingles for the retention period, sent to each newcomer it is paired
    with. A probe may arrive before the shingles it asks for (both come from the same firing, in
    no set order); it waits in state and is answered when they arrive."""

    SHINGLES = userstate.ReadModifyWriteStateSpec("shingles", SHINGLES_CODER)
    WAITING = userstate.BagStateSpec("waiting", JSON_CODER)
    EXPIRY = expiry_timer()

    def __init__(self, retention_seconds: float):
        self._expiry = StateExpiry(retention_seconds)

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        stored=beam.DoFn.StateParam(SHINGLES),
        waiting=beam.DoFn.StateParam(WAITING),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        doc_id, (kind, value) = element
        self._expiry.observe(timestamp)
        if kind == _KEEP:
            stored.write(value)
            for probe_micros, probe in waiting.read():
                answer = _answer(doc_id, probe, value)
                at = Timestamp(micros=probe_micros)
                yield pvalue.TaggedOutput(answer.tag, window.TimestampedValue(answer.value, at))
            waiting.clear()
            self._expiry.arm(expiry, timestamp)
            return
        doc_shingles = stored.read()
        if doc_shingles is None:
            receiver_id, late, announced, rank, earlier = value
            waiting.add([timestamp.micros, [receiver_id, late, announced, list(rank), earlier]])
            self._expiry.arm(expiry, timestamp)
        else:
            yield _answer(doc_id, value, doc_shingles)

    @userstate.on_timer(EXPIRY)
    def expire(
        self,
        fired=beam.DoFn.TimestampParam,
        stored=beam.DoFn.StateParam(SHINGLES),
        waiting=beam.DoFn.StateParam(WAITING),
    ):
        if self._expiry.due(fired):
            stored.clear()
            waiting.clear()


def _answer(doc_id: str, probe, doc_shingles: tuple[int, ...] | frozenset[int]) -> pvalue.TaggedOutput:
    receiver_id, late, announced, rank, earlier = probe
    match = _Match(doc_id, tuple(rank), earlier, doc_shingles)
    return _to_decision(receiver_id, late, announced, match)


class _Progress(NamedTuple):
    """How far a late document's decision has got."""

    keys: int | None = None  # index keys the document was filed under; None: not arrived yet
    micros: int = 0  # the document's timestamp
    ledgers: int = 0  # index keys that have reported
    expected: int = 0  # matches they announced
    received: int = 0  # matches arrived

    @property
    def complete(self) -> bool:
        return self.ledgers == self.keys and self.received == self.expected


class _Verdict:
    """A document and its matches → the article it is (with the copies it beat counted) or the
    duplicate of the winning copy: one written before it, else the best ranked of its firing."""

    def __init__(self, containment_threshold: float, jaccard_threshold: float, shingle_size: int):
        self._containment = containment_threshold
        self._jaccard = jaccard_threshold
        self._shingle_size = shingle_size
        self._articles = Metrics.counter(_METRICS, "articles")
        self._duplicates = Metrics.counter(_METRICS, "duplicates")
        self._across = Metrics.counter(_METRICS, "duplicates_of_earlier_windows")

    def __call__(self, doc: Document, matches) -> Document:
        rank = _rank(doc)
        sequence = None
        winners, beaten = [], set()
        for match in matches:
            if match.shingles is None:
                similarity = 1.0
            else:
                if sequence is None:
                    sequence = shingle_sequence(doc.text, self._shingle_size)
                similarity = self._copy_similarity(doc.id, sequence, match)
                if similarity is None:
                    continue
            if match.earlier or match.other_rank < rank:
                winners.append((not match.earlier, match.other_rank, match.other_id, similarity))
            else:
                beaten.add(match.other_id)
        if not winners:
            self._articles.inc()
            return doc.replace(cluster_size=1 + len(beaten))
        same_firing, _, kept_id, similarity = min(winners)
        self._duplicates.inc()
        if not same_firing:
            self._across.inc()
        return doc.replace(duplicate_of=kept_id, similarity=similarity)

    def _copy_similarity(self, doc_id: str, sequence: np.ndarray, match: _Match) -> float | None:
        """How much of the shorter of the two texts lies in the longer one (`pair_overlap`, as in
        batch), if they are copies; None if not."""
        if isinstance(match.shingles, frozenset):  # kept without its order (see module docstring)
            doc_shingles = frozenset(sequence.tolist())
            similarity = containment(doc_shingles, match.shingles)
            near = jaccard(doc_shingles, match.shingles) >= self._jaccard
            return similarity if near or similarity >= self._containment else None
        other = np.array(match.shingles, dtype=sequence.dtype)
        _, inside = pair_overlap(doc_id, sequence, match.other_id, other)
        verdict = pair_verdict(inside, self._containment, self._jaccard)
        return inside.containment if verdict in COPY_VERDICTS else None


def _routed(decided: Document, at: Timestamp | None = None):
    """`decided` to the main output (articles) or DUPLICATES, restamped `at` when given."""
    value = decided if at is None else window.TimestampedValue(decided, at)
    return value if decided.duplicate_of is None else pvalue.TaggedOutput(DUPLICATES, value)


class _DecideOnTime(beam.DoFn):
    """(id, {document, matches}) of an on-time firing → its article or duplicate."""

    def __init__(self, verdict: _Verdict):
        self._verdict = verdict

    def process(self, element):
        _, grouped = element
        for doc in grouped[_DOC]:  # one; none for matches to a late document's id
            yield _routed(self._verdict(doc, grouped[_MATCHES]))


class _DecideLateFn(beam.DoFn):
    """Per late document id: the document, its ledgers and matches → its article or duplicate,
    at the document's own timestamp, once complete. Matches for a document decided already
    (copies met later in its own late firing) are dropped once the retention period has passed."""

    DOC = userstate.ReadModifyWriteStateSpec("doc", DOCUMENT_CODER)
    PROGRESS = userstate.ReadModifyWriteStateSpec("progress", JSON_CODER)
    MATCHES = userstate.BagStateSpec("matches", JSON_CODER)
    EXPIRY = expiry_timer()

    def __init__(self, retention_seconds: float, verdict: _Verdict):
        self._expiry = StateExpiry(retention_seconds)
        self._verdict = verdict

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        doc_state=beam.DoFn.StateParam(DOC),
        progress_state=beam.DoFn.StateParam(PROGRESS),
        matches_state=beam.DoFn.StateParam(MATCHES),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        _, (kind, value) = element
        self._expiry.observe(timestamp)
        progress = _Progress(*(progress_state.read() or ()))
        if kind == _DOC:
            keys, doc = value
            doc_state.write(doc)
            progress = progress._replace(keys=keys, micros=timestamp.micros)
        elif kind == _LEDGER:
            progress = progress._replace(
                ledgers=progress.ledgers + 1, expected=progress.expected + value
            )
        else:
            matches_state.add(value.plain())
            if kind == _MATCH:
                progress = progress._replace(received=progress.received + 1)
        if progress.keys is None:  # the document is yet to come, or was decided already
            progress_state.write(list(progress))
            self._expiry.arm(expiry, timestamp)
            return
        if not progress.complete:
            progress_state.write(list(progress))
            return
        matches = [_Match.of(plain) for plain in matches_state.read()]
        decided = self._verdict(doc_state.read(), matches)
        _clear(doc_state, progress_state, matches_state)
        yield _routed(decided, Timestamp(micros=progress.micros))

    @userstate.on_timer(EXPIRY)
    def drop_undecidable(
        self,
        fired=beam.DoFn.TimestampParam,
        doc_state=beam.DoFn.StateParam(DOC),
        progress_state=beam.DoFn.StateParam(PROGRESS),
        matches_state=beam.DoFn.StateParam(MATCHES),
    ):
        if self._expiry.due(fired) and _Progress(*(progress_state.read() or ())).keys is None:
            _clear(doc_state, progress_state, matches_state)


def _clear(*states) -> None:
    for state in states:
        state.clear()


class Deduplicated(NamedTuple):
    """What `DeduplicateStream` returns, in the input's windows."""

    articles: beam.PCollection
    duplicates: beam.PCollection


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

        def back_to_windows(label: str, pcoll):
            return pcoll | label >> beam.WindowInto(
                windowing.windowfn,
                trigger=windowing.triggerfn,
                accumulation_mode=windowing.accumulation_mode,
                allowed_lateness=windowing.allowed_lateness,
            )

        verdict = _Verdict(self._containment, self._jaccard, self._shingle_size)
        keyed = docs | "IndexKeys" >> beam.ParDo(
            _IndexKeys(self._shingle_size, self._num_perm, self._bands)
        ).with_output_types(KEYED).with_outputs(_KEEP, _ON_TIME, _LATE, main="entries")
        indexed = (
            keyed["entries"]
            | "AcrossWindows" >> beam.WindowInto(GlobalWindows())
            | "Index"
            >> beam.ParDo(_IndexFn(self._retention, self._max_bucket)).with_outputs(
                _MATCHES, _LATE, main=_PROBE
            )
        )
        answered = (
            (
                keyed[_KEEP] | "KeepAcrossWindows" >> beam.WindowInto(GlobalWindows()),
                indexed[_PROBE],
            )
            | "ToStore" >> beam.Flatten().with_output_types(KEYED)
            | "ShingleStore"
            >> beam.ParDo(_ShingleStoreFn(self._retention)).with_outputs(_MATCHES, _LATE)
        )
        on_time_matches = back_to_windows(
            "BackToWindows",
            (indexed[_MATCHES], answered[_MATCHES]) | "AllMatches" >> beam.Flatten(),
        )
        on_time = (
            {_DOC: keyed[_ON_TIME], _MATCHES: on_time_matches}
            | "JoinMatches" >> beam.CoGroupByKey()
            | "Decide" >> beam.ParDo(_DecideOnTime(verdict)).with_outputs(DUPLICATES, main=ARTICLES)
        )
        late = (
            (
                keyed[_LATE] | "LateAcrossWindows" >> beam.WindowInto(GlobalWindows()),
                indexed[_LATE],
                answered[_LATE],
            )
            | "ToLateDecisions" >> beam.Flatten().with_output_types(KEYED)
            | "DecideLate"
            >> beam.ParDo(_DecideLateFn(self._retention, verdict)).with_outputs(
                DUPLICATES, main=ARTICLES
            )
        )
        return Deduplicated(
            *(
                (on_time[table], back_to_windows(f"Late{table.title()}ToWindows", late[table]))
                | f"All{table.title()}" >> beam.Flatten()
                for table in (ARTICLES, DUPLICATES)
            )
        )
