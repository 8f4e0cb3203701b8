"""The streaming transforms' keyed state: expiry timers that free state when due (and keep it
when they fire early), explicit versioned state coders, and deterministic key coders.

The timer callbacks are called directly with in-memory state, as the runner would call them: a
callback that stopped freeing state would let memory grow for keys never seen again."""

from __future__ import annotations

import datetime
import json
import logging
import struct

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.transforms import userstate
from apache_beam.utils.timestamp import Timestamp

from pipeline.options import NewsbeamOptions, StreamOptions
from pipeline.stream import build
from schemas import Document
from schemas.records import Removal
from transforms.dedupe import shingle_sequence
from transforms.expiry import StateExpiry
from transforms.once import _FirstOfKeyFn
from transforms.poll import _FetchPageFn, _PollFeedFn
from transforms.state_coders import DOCUMENT_CODER, JSON_CODER, SHINGLES_CODER, StateCoder
from transforms.stream_dedupe import (
    _DecideLateFn,
    _Entry,
    _IndexFn,
    _Match,
    _ShingleStoreFn,
    _Verdict,
)
from transforms.watch import _NewFilesFn

RETENTION = 600.0
PAST = Timestamp(1_000)  # long past by the wall clock
FUTURE = Timestamp.now() + 3600  # an event time ahead of the wall clock
MATCH = _Match("b", (-10, 0, "b", "x"), True, None)  # an exact copy written before


class State:
    """A value or bag state in memory, encoded with the spec's coder as a runner would."""

    def __init__(self, spec, values=()):
        self._coder = spec.coder
        self._encoded = [self._coder.encode(value) for value in values]

    def read(self):
        values = [self._coder.decode(encoded) for encoded in self._encoded]
        return values[-1] if values and not isinstance(self, Bag) else (values or None)

    def write(self, value):
        self._encoded = [self._coder.encode(value)]

    def add(self, value):
        self._encoded.append(self._coder.encode(value))

    def clear(self):
        self._encoded = []

    @property
    def empty(self) -> bool:
        return not self._encoded


class Bag(State):
    def read(self):
        return [self._coder.decode(encoded) for encoded in self._encoded]


class Timer:
    def __init__(self):
        self.at = None

    def set(self, at):
        self.at = at


def entry(doc_id: str, late: bool = False) -> _Entry:
    return _Entry(doc_id, (0, 0), (-10, 0, doc_id, "x"), True, late)


def test_a_timer_is_due_once_the_data_or_the_wall_clock_has_reached_it():
    expiry = StateExpiry(RETENTION)
    assert expiry.due(PAST)
    assert not expiry.due(FUTURE)  # the watermark ran ahead of the data: fired early
    expiry.observe(FUTURE + 1)  # publishers stamp ahead of the clock: the data got there
    assert expiry.due(FUTURE)


def test_once_per_key_frees_its_key_when_due_only():
    fn = _FirstOfKeyFn(RETENTION, "test")
    seen = State(fn.FIRST_SEEN, [5.0])
    fn.expire(fired=FUTURE, first_seen=seen)
    assert not seen.empty  # early: the key is still within its retention
    fn._expiry.observe(FUTURE)
    fn.expire(fired=FUTURE, first_seen=seen)
    assert seen.empty


def test_index_drops_expired_entries_and_rearms_for_the_rest():
    fn = _IndexFn(RETENTION, max_bucket=16)
    old, young = Timestamp(100), PAST + 10
    held = [[old.micros, entry("old").plain()], [young.micros, entry("young").plain()]]
    entries = State(fn.ENTRIES, [held])
    expiry = Timer()
    fn.expire(fired=PAST, entries_state=entries, expiry=expiry)
    assert [plain[1][0] for plain in entries.read()] == ["young"]
    assert expiry.at == young + RETENTION
    fn.expire(fired=young + RETENTION, entries_state=entries, expiry=Timer())
    assert entries.empty


def test_index_expiry_fired_early_keeps_its_entries():
    fn = _IndexFn(RETENTION, max_bucket=16)
    entries = State(fn.ENTRIES, [[[FUTURE.micros, entry("a").plain()]]])
    fn.expire(fired=FUTURE + RETENTION, entries_state=entries, expiry=Timer())
    assert not entries.empty


def test_shingle_store_frees_shingles_and_waiting_probes_when_due():
    fn = _ShingleStoreFn(RETENTION)
    stored = State(fn.SHINGLES, [frozenset({1, 2})])
    waiting = Bag(fn.WAITING, [[5, ["b", False, True, [-1, 0, "b", "x"], False]]])
    fn.expire(fired=FUTURE, stored=stored, waiting=waiting)
    assert not stored.empty and not waiting.empty
    fn.expire(fired=PAST, stored=stored, waiting=waiting)
    assert stored.empty and waiting.empty


def test_late_decision_drops_matches_of_a_document_decided_already():
    fn = _DecideLateFn(RETENTION, _Verdict(0.8, 0.8, 5))
    doc, progress, matches = State(fn.DOC), State(fn.PROGRESS), Bag(fn.MATCHES)
    expiry = Timer()
    list(fn.process(("a", ("match", MATCH)), Timestamp(5), doc, progress, matches, expiry))
    assert not matches.empty and expiry.at == Timestamp(5) + RETENTION  # its document may come
    states = {"doc_state": doc, "progress_state": progress, "matches_state": matches}
    fn.drop_undecidable(fired=FUTURE, **states)
    assert not matches.empty  # not due yet
    fn.drop_undecidable(fired=expiry.at, **states)
    assert matches.empty and progress.empty


def test_a_late_document_is_decided_once_its_ledgers_and_matches_are_in():
    fn = _DecideLateFn(RETENTION, _Verdict(0.8, 0.8, 5))
    doc_state, progress, matches = State(fn.DOC), State(fn.PROGRESS), Bag(fn.MATCHES)
    doc = Document("a", "feed#a", b"x", "text", text="one two three four five six")

    def send(kind, value):
        element = ("a", (kind, value))
        return list(fn.process(element, Timestamp(5), doc_state, progress, matches, Timer()))

    assert send("ledger", 1) == []
    assert send("doc", (2, doc)) == []  # one of two keys has reported
    assert send("ledger", 0) == []  # both have: one match announced, none arrived
    (decided,) = send("match", MATCH)
    assert decided.tag == "duplicates" and decided.value.value.duplicate_of == "b"
    assert decided.value.timestamp == Timestamp(5)
    assert doc_state.empty and progress.empty and matches.empty


def test_a_copy_met_later_in_its_own_late_firing_counts_but_holds_nothing_back():
    """A copy of the same late firing indexed after the document sends it a match its ledger
    did not announce: it takes part in the verdict, and the decision still completes."""
    fn = _DecideLateFn(RETENTION, _Verdict(0.8, 0.8, 5))
    doc_state, progress, matches = State(fn.DOC), State(fn.PROGRESS), Bag(fn.MATCHES)
    doc = Document("a", "feed#a", b"x", "text", text="one two three four five six")
    longer = _Match("c", (-100, 0, "c", "x"), False, None)  # same firing, more complete

    def send(kind, value):
        element = ("a", (kind, value))
        return list(fn.process(element, Timestamp(5), doc_state, progress, matches, Timer()))

    assert send("doc", (1, doc)) == []
    assert send("extra", longer) == []
    (decided,) = send("ledger", 0)
    assert decided.value.value.duplicate_of == "c"


def test_state_coders_round_trip_plain_values():
    doc = Document(
        "a",
        "feed#a",
        b"\x00raw bytes\xff",
        "html",
        content="<p>x</p>",
        published_at=datetime.datetime(2026, 3, 1, 8, tzinfo=datetime.timezone.utc),
        authors=("A", "B"),
        text="x",
        removed=(Removal("promo", "Subscribe"),),
    )
    assert DOCUMENT_CODER.decode(DOCUMENT_CODER.encode(doc)) == doc
    in_text_order = (2**64 - 1, 0, 1)
    assert SHINGLES_CODER.decode(SHINGLES_CODER.encode(in_text_order)) == in_text_order
    assert JSON_CODER.decode(JSON_CODER.encode({"a": [1, None]})) == {"a": [1, None]}


PAGE = " ".join(f"Round-up item {i}: the {w} market reopened after {i + 3} weeks of repairs." for i, w in
                enumerate(["fish", "flower", "book", "craft"] * 3))
STORY = " ".join(f"Story line {i}: the {w} club signed a new {w} coach for {i + 2} seasons." for i, w in
                 enumerate(["football", "tennis", "rowing"] * 2))
IN_PAGE = PAGE + " Also in the news. " + STORY  # the story, after other text


def sequence(text: str) -> tuple[int, ...]:
    return tuple(shingle_sequence(text).tolist())


def test_a_story_after_other_text_is_not_a_copy_of_the_page_that_holds_it():
    story = Document("story", "feed#story", b"x", "text", text=STORY)
    verdict = _Verdict(0.8, 0.8, 5)
    assert verdict(story, [_Match("page", (-200, 0, "page", "x"), True, sequence(IN_PAGE))]).duplicate_of is None
    copy = _Match("copy", (-200, 0, "copy", "x"), True, sequence(STORY + " " + PAGE))  # at the lede
    assert verdict(story, [copy]).duplicate_of == "copy"


def test_shingles_kept_before_their_order_was_kept_are_read_and_compared_as_sets():
    version_1 = bytes((1,)) + struct.pack("<3Q", 0, 1, 2**64 - 1)
    assert SHINGLES_CODER.decode(version_1) == frozenset({0, 1, 2**64 - 1})
    unordered = _Match.of(["page", [-200, 0, "page", "x"], True, sorted(sequence(IN_PAGE))])  # four fields
    assert unordered == _Match.of(unordered.plain()) and isinstance(unordered.shingles, frozenset)
    assert unordered.plain()[3] == sorted(unordered.shingles)  # the same set, the same state bytes
    story = Document("story", "feed#story", b"x", "text", text=STORY)
    # a set says the story lies wholly in the page, not where: the check of old is all there is
    assert _Verdict(0.8, 0.8, 5)(story, [unordered]).duplicate_of == "page"


def test_state_of_another_version_fails_loudly():
    newer = StateCoder("json", 2, JSON_CODER._to_bytes, json.loads)
    with pytest.raises(ValueError, match="version 2; this code reads version 1"):
        JSON_CODER.decode(newer.encode([1]))


def test_a_document_field_added_later_takes_its_default():
    encoded = DOCUMENT_CODER.encode(Document("a", "s", b"", "text", language="en"))
    assert b'"language":"en"' in encoded
    older = encoded.replace(b',"language":"en"', b"")  # state written before the field existed
    assert DOCUMENT_CODER.decode(older).language is None


@pytest.mark.parametrize(
    "fn_class",
    [_FirstOfKeyFn, _IndexFn, _ShingleStoreFn, _DecideLateFn, _PollFeedFn, _FetchPageFn, _NewFilesFn],
)
def test_no_state_is_pickled(fn_class):
    attributes = [getattr(fn_class, name) for name in dir(fn_class)]
    specs = [value for value in attributes if isinstance(value, userstate.StateSpec)]
    explicit = (StateCoder, beam.coders.FloatCoder)
    assert specs and all(isinstance(spec.coder, explicit) for spec in specs)


def test_every_stateful_step_of_the_stream_has_a_deterministic_key_coder(caplog, tmp_path):
    """Beam warns at construction when a stateful step's key coder may not be deterministic
    (four warnings at every `newsbeam stream` start, before)."""
    options = PipelineOptions(
        ["--output", str(tmp_path), "--feed", "https://news.example/feed.xml"]
        + ["--watch", str(tmp_path / "*.jsonl"), "--pubsub_subscription", "projects/my-project/subscriptions/news"]
    )
    options.view_as(StandardOptions).streaming = True
    with caplog.at_level(logging.WARNING):
        build(
            beam.Pipeline(options=options),
            options.view_as(NewsbeamOptions),
            options.view_as(StreamOptions),
            start=0.0,
        )
    assert "may not be deterministic" not in caplog.text
