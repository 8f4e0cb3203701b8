"""Dedupe stage: one article per story; every other copy goes to duplicates with `duplicate_of`.

Copies are linked when they share a normalized URL, a text hash, or when one is a near copy of
the other. Candidates are found with MinHash signatures and LSH banding over word shingles (so
no document is compared with all others), then checked exactly on the shingle sequences (see
`verdicts`): nearly the same text (Jaccard), or a shorter text lying mostly inside a longer one
from where the longer one's story starts. Containment matters because wire copies are often
trimmed: a copy lying 85 % inside the original can have a Jaccard similarity of only 0.4. The
start matters because a story carried inside a page of stories (a sidebar, a round-up) lies
wholly inside it too, and is not a copy of it.

Linked texts form connected components (computed across workers, see `transforms.components`);
each component is cut into clusters around its most complete texts (most words, then earliest
`published_at`, then smallest `id`) with every member linked to its kept text directly
(`star_clusters`), so the choice never depends on input order and no chain of links joins two
stories.

Several items may share one id: a redelivery (same text) or a re-crawl (a story updated under
its feed GUID or JSONL `id`). Only the current version of an id — the newest by `published_at`,
else the longest, ties broken by content hash — takes part in the search for copies; the other
versions follow it into `duplicates/` with `duplicate_of` set to the kept article of its cluster
(their own id when the current version is kept), counted as `recrawls`.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import apache_beam as beam
import numpy as np
from apache_beam import pvalue
from apache_beam.metrics import Metrics
from datasketch import MinHash

from schemas import Document
from transforms.components import ConnectedComponents

__all__ = [
    "ARTICLES",
    "COPY_VERDICTS",
    "DUPLICATES",
    "Deduplicate",
    "band_keys",
    "bucket_pairs",
    "completeness",
    "exact_keys",
    "containment",
    "jaccard",
    "normalize_url",
    "overlap",
    "pair_overlap",
    "pair_verdict",
    "recency",
    "shingle_sequence",
    "shingles",
    "star_clusters",
    "verdicts",
]

ARTICLES = "articles"
DUPLICATES = "duplicates"

_WORD = re.compile(r"\w+")
_TRACKING_PARAMS = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref|cmpid)$")
_NEVER = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)
_UNDATED = float("inf")
_METRICS = "newsbeam.dedupe"
_MAX_BUCKET_PAIRWISE = 16
_BAND_HEX = 24  # hex digits of a band key's hash
_SHELF_HEX = 2  # of them name its shelf: 256 shelves per band
_LEDE_WORDS = 50  # how far into a longer text a copy may start: headline, byline, promo line
_WINDOW = 10  # shingles of the window that places a text inside another (see `overlap`)


def normalize_url(url: str | None) -> str | None:
    """The URL reduced to what names the page: no scheme, `www.`, default port, fragment,
    tracking parameters or trailing slash; remaining query parameters sorted."""
    if not url or not url.strip():
        return None
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted(
        (key, value)
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(key.lower())
    )
    path = parts.path.rstrip("/")
    return host + path + ("?" + urllib.parse.urlencode(query) if query else "")


def shingles(text: str, size: int = 5) -> frozenset[int]:
    """64-bit hashes of the text's overlapping `size`-word shingles (case-folded words)."""
    return frozenset(shingle_sequence(text, size).tolist())


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller set that lies in the larger one."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def _low32(value: int) -> int:
    return value & 0xFFFFFFFF


def band_keys(doc_shingles: frozenset[int], num_perm: int, bands: int) -> list[str]:
    """LSH band keys: two documents share one when a band of their MinHash signatures agrees."""
    signature = MinHash(num_perm=num_perm, seed=1, hashfunc=_low32)
    signature.update_batch(sorted(doc_shingles))
    rows = num_perm // bands
    values = np.asarray(signature.hashvalues, dtype=np.uint64)
    return [
        f"{band}:{hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(), digest_size=_BAND_HEX // 2).hexdigest()}"
        for band in range(bands)
    ]


def completeness(doc: Document) -> tuple:
    """Sort key that puts the copy to keep first."""
    return (-doc.word_count, doc.published_at or _NEVER, doc.id, doc.source_uri)


def recency(doc: Document) -> tuple:
    """Sort key that puts the current version of an id first: newest `published_at` (undated
    last), then most words, then smallest content hash."""
    published = -doc.published_at.timestamp() if doc.published_at else _UNDATED
    return (published, -doc.word_count, doc.content_hash)


def _version_order(doc: Document) -> tuple:
    """Total order of the items sharing an id: current version first, then its most complete copy."""
    return recency(doc), completeness(doc)


class _Version(NamedTuple):
    """What the search for copies needs of one item, without its payload or text."""

    order: tuple  # _version_order: the smallest of an id's versions is its current one
    exact_keys: tuple[str, ...]
    content_hash: str
    shingles: bytes  # see `_packed`


def _describe(doc: Document, shingle_size: int) -> tuple[str, tuple[_Version, int]]:
    """(id, (its version, 1 item)): the pairs `_current_version` folds per id."""
    version = _Version(
        _version_order(doc),
        tuple(key for key, _ in exact_keys(doc)),
        doc.content_hash,
        _packed(shingle_sequence(doc.text, shingle_size)),
    )
    return doc.id, (version, 1)


def _current_version(versions: Iterable[tuple[_Version, int]]) -> tuple[_Version, int]:
    """The current version of an id and how many items carry the id (a combiner: associative)."""
    versions = list(versions)
    return min(version for version, _ in versions), sum(count for _, count in versions)


def shingle_sequence(text: str, size: int = 5) -> np.ndarray:
    """The hashes of `shingles`, each once, in the order they first occur in the text: where a
    copy lies inside a longer text is part of what makes it a copy (see `overlap`)."""
    words = _WORD.findall(text.casefold())
    spans = range(max(1, len(words) - size + 1)) if words else range(0)
    return _first_occurrences(np.fromiter((_hash64(" ".join(words[i : i + size])) for i in spans), dtype="<u8"))


def _first_occurrences(values: np.ndarray) -> np.ndarray:
    _, first = np.unique(values, return_index=True)
    return values[np.sort(first)]


def _packed(sequence: np.ndarray) -> bytes:
    """A `shingle_sequence` in half the bytes: the low 32 bits of each hash (what MinHash reads
    anyway), still each once, in text order. Two shingles of one text share them about once in
    four billion pairs, far below what moves a containment."""
    return _first_occurrences((sequence & 0xFFFFFFFF).astype("<u4")).tobytes()


def _unpacked(packed: bytes) -> np.ndarray:
    return np.frombuffer(packed, dtype="<u4")


def _star_edges(group: tuple[str, Iterable[str]]) -> Iterator[tuple[str, str, float, bool]]:
    """Links every member of a group of exact copies to its first member: n-1 edges, not n²."""
    _, ids = group
    first, *others = sorted(set(ids))
    for other in others:
        yield first, other, 1.0, True


def exact_keys(doc: Document) -> Iterator[tuple[str, str]]:
    url = normalize_url(doc.url)
    if url:
        yield f"url:{url}", doc.id
    yield f"text:{doc.content_hash}", doc.id


# Edges are (first id, second id, similarity, exact): exact edges join the same URL or text, the
# others near copies. Named, annotated functions take them apart: a lambda slicing the tuple once
# led Beam's type inference to a wrong coder.
def _ends(first: str, second: str, _similarity: float, _exact: bool) -> tuple[str, str]:
    return first, second


def _edge_by_first(first: str, second: str, similarity: float, exact: bool) -> tuple[str, tuple]:
    return first, (first, second, similarity, exact)


def _shelved(doc_id: str, band_key: str) -> tuple[str, bytes]:
    """(shelf, band hash + id) for one band key of a document.

    Band keys are grouped by shelf (band and first `_SHELF_HEX` hex digits of its hash), not by
    key: nearly every key is held by one document only, and a group per key costs a runner
    several hundred bytes of bookkeeping per element; a shelf holds many keys in one group.
    """
    band, digest = band_key.split(":")
    return f"{band}:{digest[:_SHELF_HEX]}", bytes.fromhex(digest[_SHELF_HEX:]) + doc_id.encode()


def _shelf_pairs(shelf: tuple[str, Iterable[bytes]]) -> Iterator[tuple[str, str]]:
    """Candidate pairs of every LSH bucket on one shelf (see `_shelved`)."""
    _, entries = shelf
    width = (_BAND_HEX - _SHELF_HEX) // 2
    buckets: dict[bytes, list[str]] = {}
    for entry in entries:
        buckets.setdefault(entry[:width], []).append(entry[width:].decode())
    for ids in buckets.values():
        yield from bucket_pairs(ids)


def bucket_pairs(ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Candidate pairs of one LSH bucket, never more than linear in its size.

    A small bucket yields every pair. A bucket larger than `_MAX_BUCKET_PAIRWISE` (text shared
    by many documents, such as an outlet's boilerplate) yields each member paired with the
    bucket's first member and with its next `_MAX_BUCKET_PAIRWISE` neighbours in id order: true
    copies share many bands, so they still meet in some bucket, and the cost stays linear.
    """
    members = sorted(set(ids))
    if len(members) <= _MAX_BUCKET_PAIRWISE:
        yield from itertools.combinations(members, 2)
        return
    for index, member in enumerate(members[1:], start=1):
        yield members[0], member
        for neighbour in members[index + 1 : index + 1 + _MAX_BUCKET_PAIRWISE]:
            yield member, neighbour


class _Overlap(NamedTuple):
    """How a shorter text of a candidate pair lies inside the longer one."""

    shorter: str
    containment: float  # share of the shorter's shingles found in the longer
    jaccard: float
    start: int  # where the shorter text's place in the longer one starts and ends (see `overlap`)
    end: int


def overlap(shorter: np.ndarray, longer: np.ndarray, shorter_id: str = "") -> _Overlap:
    """Where and how much of `shorter` (a `shingle_sequence`) lies inside `longer`.

    The shorter text's place in the longer one runs from the first to the last window of
    `_WINDOW` shingles of which at least half are shared: a common phrase or a headline that
    repeats a line of the story, found elsewhere in the longer text, does not move it.
    """
    found = np.isin(longer, shorter, assume_unique=True)
    shared = int(found.sum())
    window = min(_WINDOW, longer.size)
    dense = np.flatnonzero(np.convolve(found, np.ones(window), "valid") * 2 >= window) if shared else []
    start, end = (int(dense[0]), int(dense[-1]) + window) if len(dense) else (0, 0)
    union = shorter.size + longer.size - shared
    return _Overlap(
        shorter_id,
        shared / shorter.size if shorter.size else 0.0,
        shared / union if union else 0.0,
        start,
        end,
    )


def pair_overlap(first_id: str, first: np.ndarray, second_id: str, second: np.ndarray) -> tuple[str, _Overlap]:
    """(longer id, how the shorter lies in it) for two `shingle_sequence`s; equal lengths: the
    larger id is the longer."""
    if (first.size, first_id) > (second.size, second_id):
        return first_id, overlap(second, first, second_id)
    return second_id, overlap(first, second, first_id)


class _Measure(beam.DoFn):
    """Candidate pairs with both shingle sequences → (longer id, overlap) when they share enough."""

    def __init__(self, containment_threshold: float, jaccard_threshold: float):
        self._containment = containment_threshold
        self._jaccard = jaccard_threshold
        self._candidates = Metrics.counter(_METRICS, "candidate_pairs")

    def process(self, element):
        second_id, grouped = element
        (second_shingles,) = grouped["shingles"]
        for first_id, first_shingles in grouped["pairs"]:
            self._candidates.inc()
            first, second = _unpacked(first_shingles), _unpacked(second_shingles)
            longer, inside = pair_overlap(first_id, first, second_id, second)
            if inside.containment >= self._containment or inside.jaccard >= self._jaccard:
                yield longer, inside


def _side_by_side(a: _Overlap, b: _Overlap) -> bool:
    """Two texts held in disjoint places of one page (at most half of the smaller span shared)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared * 2 < min(a.end - a.start, b.end - b.start)


COPY_VERDICTS = ("near", "inside")  # what `verdicts` and `pair_verdict` call a copy


def verdicts(overlaps: list[_Overlap], containment_threshold: float, jaccard_threshold: float) -> Iterator[tuple[_Overlap, str]]:
    """What each shorter text overlapping one longer text is to it: `near` (nearly the same
    text), `inside` (a trimmed or extended copy), `off_lede` or `page_of_stories` (not a copy).

    A shorter text lying inside a longer one is a copy only if it starts where the longer one's
    story starts (within `_LEDE_WORDS`: a headline, standfirst, byline or promo line may come
    first): a trimmed wire copy keeps the lede, while a story inside a page of stories (a
    sidebar, a round-up item) sits after other text. And a longer text that holds two shorter
    ones side by side is a page of stories, not a copy of either, so none of its containment
    links count: stories are never merged through such a hub.
    """
    contained = [o for o in overlaps if o.containment >= containment_threshold]
    page_of_stories = any(_side_by_side(a, b) for a, b in itertools.combinations(contained, 2))
    for o in overlaps:
        verdict = pair_verdict(o, containment_threshold, jaccard_threshold)
        yield o, "page_of_stories" if page_of_stories and verdict != "near" else verdict


def pair_verdict(o: _Overlap, containment_threshold: float, jaccard_threshold: float) -> str:
    """What one shorter text is to one longer text, on their own: `near`, `inside` (from the
    longer one's lede), `off_lede`, or `apart` (too little shared)."""
    if o.jaccard >= jaccard_threshold:
        return "near"
    if o.containment < containment_threshold:
        return "apart"
    return "inside" if o.start <= _LEDE_WORDS else "off_lede"


class _Link(beam.DoFn):
    """(longer id, its overlaps) → near-copy edges (longer, shorter, containment), each verdict counted."""

    def __init__(self, containment_threshold: float, jaccard_threshold: float):
        self._containment = containment_threshold
        self._jaccard = jaccard_threshold
        self._counters = {}

    def setup(self):
        self._counters = {
            verdict: Metrics.counter(_METRICS, f"pairs_{verdict}")
            for verdict in ("near", "inside", "off_lede", "page_of_stories")
        }

    def process(self, element):
        longer_id, overlaps = element
        for o, verdict in verdicts(sorted(overlaps), self._containment, self._jaccard):
            self._counters[verdict].inc()
            if verdict in COPY_VERDICTS:
                yield longer_id, o.shorter, o.containment, False


def _with_first_shingles(element):
    first_id, grouped = element
    (first_shingles,) = grouped["shingles"]
    for second_id in grouped["pairs"]:
        yield second_id, (first_id, first_shingles)


def star_clusters(members: list[tuple], edges: list[tuple]) -> Iterator[tuple[str, tuple[str, int, float]]]:
    """Clusters of one connected component, each a kept copy and the copies linked to it directly.

    `members` are (rank, id, items), `edges` (first, second, similarity, exact). Exact copies
    (same URL or text) are one text and stay together. Then, from the most complete text down,
    a text not yet placed keeps its cluster and takes every unplaced text it is linked to: a
    cluster never joins two texts through a third (A copies B, B copies C, yet A and C share
    little). Yields (id, (kept id, items in the cluster, similarity to the kept text)).
    """
    root = {member_id: member_id for _, member_id, _ in members}

    def find(node):
        while root[node] != node:
            root[node] = root[root[node]]
            node = root[node]
        return node

    for first, second, _, exact in sorted(edges):
        if exact:
            low, high = sorted((find(first), find(second)))
            root[high] = low
    texts: dict[str, list[tuple]] = {}
    for member in sorted(members):
        texts.setdefault(find(member[1]), []).append(member)
    linked: dict[str, dict[str, float]] = {text: {} for text in texts}
    for first, second, similarity, exact in edges:
        a, b = find(first), find(second)
        if not exact and a != b:
            linked[a][b] = linked[b][a] = max(similarity, linked[a].get(b, 0.0))
    placed: set[str] = set()
    for text in sorted(texts, key=lambda t: texts[t][0]):  # each text's best member ranks it
        if text in placed:
            continue
        cluster = {text: 1.0, **{other: sim for other, sim in linked[text].items() if other not in placed}}
        placed.update(cluster)
        kept_id = texts[text][0][1]
        size = sum(items for other in cluster for _, _, items in texts[other])
        for other, similarity in sorted(cluster.items()):
            for _, member_id, _ in texts[other]:
                yield member_id, (kept_id, size, similarity)


def _clusters_of_component(component: tuple[str, Iterable[tuple]]) -> Iterator[tuple[str, tuple[str, int, float]]]:
    _, parts = component
    members, edges = [], []
    for kind, part in parts:
        (members if kind == "member" else edges).append(part)
    yield from star_clusters(members, edges)


def _rank_and_items(doc_id: str, current: tuple[_Version, int]) -> tuple[str, tuple[tuple, int]]:
    version, items = current
    _, rank = version.order
    return doc_id, (rank, items)


def _by_component(element):
    """One id with its component label, version and the edges it starts → (label, part)."""
    doc_id, grouped = element
    if not grouped["label"]:
        return
    (label,) = grouped["label"]
    ((rank, items),) = grouped["rank"]
    yield label, ("member", (rank, doc_id, items))
    for edge in grouped["edges"]:
        yield label, ("edge", edge)


class _Assign(beam.DoFn):
    """Marks each item of an id as the kept article of its cluster or as a duplicate of it."""

    def __init__(self):
        self._articles = Metrics.counter(_METRICS, "articles")
        self._duplicates = Metrics.counter(_METRICS, "duplicates")
        self._recrawls = Metrics.counter(_METRICS, "recrawls")

    def process(self, element):
        doc_id, grouped = element
        current, *others = sorted(grouped["doc"], key=_version_order)
        assignment = grouped["cluster"]
        kept_id, size, similarity = assignment[0] if assignment else (doc_id, 1 + len(others), 1.0)
        if doc_id == kept_id:
            self._articles.inc()
            yield current.replace(cluster_size=size)
        else:
            self._duplicates.inc()
            yield pvalue.TaggedOutput(DUPLICATES, current.replace(duplicate_of=kept_id, similarity=similarity))
        for other in others:
            # the same item delivered twice (same text), or an older version of a re-crawled story
            recrawl = other.content_hash != current.content_hash
            (self._recrawls if recrawl else self._duplicates).inc()
            yield pvalue.TaggedOutput(
                DUPLICATES, other.replace(duplicate_of=kept_id, similarity=None if recrawl else 1.0)
            )


class Deduplicate(beam.PTransform):
    """Documents → `.articles` (one per story, with `cluster_size`) and `.duplicates`."""

    def __init__(
        self,
        containment_threshold: float = 0.8,
        jaccard_threshold: float = 0.8,
        shingle_size: int = 5,
        num_perm: int = 128,
        bands: int = 64,
        component_rounds: int = 8,
    ):
        super().__init__()
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self._containment = containment_threshold
        self._jaccard = jaccard_threshold
        self._shingle_size = shingle_size
        self._num_perm = num_perm
        self._bands = bands
        self._component_rounds = component_rounds

    def expand(self, docs):
        # One node per id, its current version: two versions of an id can never collide.
        current = (
            docs
            | "Describe" >> beam.Map(_describe, self._shingle_size)
            | "CurrentVersion" >> beam.CombinePerKey(_current_version)
        )
        exact_edges = (
            current
            | "ExactKeys" >> beam.FlatMapTuple(lambda doc_id, v: ((key, doc_id) for key in v[0].exact_keys))
            | "GroupExact" >> beam.GroupByKey()
            | "ExactEdges" >> beam.FlatMap(_star_edges)
        )
        # Exact copies are already linked: only one copy per text hash looks for near copies.
        shingled = (
            current
            | "ByTextHash" >> beam.MapTuple(lambda doc_id, v: (v[0].content_hash, (doc_id, v[0].shingles)))
            | "OnePerText" >> beam.CombinePerKey(min)
            | "Shingled" >> beam.Values()
            | "WithWords" >> beam.Filter(lambda item: bool(item[1]))
        )
        pairs = (
            shingled
            | "BandKeys" >> beam.FlatMapTuple(
                lambda doc_id, sh: (
                    _shelved(doc_id, key) for key in band_keys(_unpacked(sh).tolist(), self._num_perm, self._bands)
                )
            )
            | "GroupShelves" >> beam.GroupByKey()
            | "BucketPairs" >> beam.FlatMap(_shelf_pairs)
            | "DistinctPairs" >> beam.Distinct()
        )
        overlaps = (
            {"pairs": pairs, "shingles": shingled}
            | "JoinFirst" >> beam.CoGroupByKey()
            | "FirstShingles" >> beam.FlatMap(_with_first_shingles)
        )
        near_edges = (
            {"pairs": overlaps, "shingles": shingled}
            | "JoinSecond" >> beam.CoGroupByKey()
            | "Measure" >> beam.ParDo(_Measure(self._containment, self._jaccard))
            | "GroupByLonger" >> beam.GroupByKey()
            | "Link" >> beam.ParDo(_Link(self._containment, self._jaccard))
        )
        edges = (exact_edges, near_edges) | "AllEdges" >> beam.Flatten()
        labels = (
            edges
            | "EdgeEnds" >> beam.MapTuple(_ends)
            | "Components" >> ConnectedComponents(self._component_rounds)
        )
        assignments = (
            {
                "label": labels,
                "rank": current | "RankAndItems" >> beam.MapTuple(_rank_and_items),
                "edges": edges | "EdgeByFirst" >> beam.MapTuple(_edge_by_first),
            }
            | "JoinComponents" >> beam.CoGroupByKey()
            | "ByComponent" >> beam.FlatMap(_by_component)
            | "GroupComponents" >> beam.GroupByKey()
            | "StarClusters" >> beam.FlatMap(_clusters_of_component)
        )
        return (
            {"doc": docs | "KeyById" >> beam.Map(lambda doc: (doc.id, doc)), "cluster": assignments}
            | "JoinAssignments" >> beam.CoGroupByKey()
            | "Assign" >> beam.ParDo(_Assign()).with_outputs(DUPLICATES, main=ARTICLES)
        )
