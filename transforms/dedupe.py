"""Dedupe stage: one article per story; every other copy goes to duplicates with `duplicate_of`.

Copies are linked when they share a normalized URL, a text hash, or when one lies mostly inside
the other. Near copies are found with MinHash signatures and LSH banding over word shingles (so
no document is compared with all others), then checked exactly on the shingle sets: a copy is a
duplicate when the containment of the shorter in the longer, or the Jaccard similarity, reaches
its threshold. Containment matters because wire copies are often trimmed: a copy lying 85 %
inside the original can have a Jaccard similarity of only 0.4.

Linked copies form a cluster (connected components computed across workers, see
`transforms.components`); its kept article is the most complete copy (most words, then earliest
`published_at`, then smallest `id`), so the choice never depends on input order.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import re
import urllib.parse
from collections.abc import Iterable, Iterator

import apache_beam as beam
import numpy as np
from apache_beam import pvalue
from apache_beam.metrics import Metrics
from datasketch import MinHash

from schemas import Document
from transforms.components import ConnectedComponents

__all__ = [
    "ARTICLES",
    "DUPLICATES",
    "Deduplicate",
    "band_keys",
    "completeness",
    "exact_keys",
    "containment",
    "jaccard",
    "normalize_url",
    "shingles",
]

ARTICLES = "articles"
DUPLICATES = "duplicates"

_WORD = re.compile(r"\w+")
_TRACKING_PARAMS = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref|cmpid)$")
_NEVER = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)
_METRICS = "newsbeam.dedupe"
_MAX_BUCKET_PAIRWISE = 16


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
    words = _WORD.findall(text.casefold())
    spans = range(max(1, len(words) - size + 1)) if words else range(0)
    return frozenset(_hash64(" ".join(words[i : i + size])) for i in spans)


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
        f"{band}:{hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(), digest_size=12).hexdigest()}"
        for band in range(bands)
    ]


def completeness(doc: Document) -> tuple:
    """Sort key that puts the copy to keep first."""
    return (-doc.word_count, doc.published_at or _NEVER, doc.id, doc.source_uri)


def _star_edges(group: tuple[str, Iterable[str]]) -> Iterator[tuple[str, str, float]]:
    """Links every member of a group of exact copies to its first member: n-1 edges, not n²."""
    _, ids = group
    first, *others = sorted(set(ids))
    for other in others:
        yield first, other, 1.0


def exact_keys(doc: Document) -> Iterator[tuple[str, str]]:
    url = normalize_url(doc.url)
    if url:
        yield f"url:{url}", doc.id
    yield f"text:{doc.content_hash}", doc.id


# Edges are (first id, second id, similarity). Named, annotated functions take them apart: a
# lambda slicing the tuple once led Beam's type inference to a wrong coder.
def _ends(first: str, second: str, _similarity: float) -> tuple[str, str]:
    return first, second


def _similarity_of_each_end(first: str, second: str, similarity: float) -> Iterator[tuple[str, float]]:
    yield first, similarity
    yield second, similarity


def _bucket_pairs(bucket: tuple[str, Iterable[str]]) -> Iterator[tuple[str, str]]:
    """Candidate pairs of one LSH bucket, never more than linear in its size.

    A small bucket yields every pair. A bucket larger than `_MAX_BUCKET_PAIRWISE` (text shared
    by many documents, such as an outlet's boilerplate) yields each member paired with the
    bucket's first member and with its next `_MAX_BUCKET_PAIRWISE` neighbours in id order: true
    copies share many bands, so they still meet in some bucket, and the cost stays linear.
    """
    _, ids = bucket
    members = sorted(set(ids))
    if len(members) <= _MAX_BUCKET_PAIRWISE:
        yield from itertools.combinations(members, 2)
        return
    for index, member in enumerate(members[1:], start=1):
        yield members[0], member
        for neighbour in members[index + 1 : index + 1 + _MAX_BUCKET_PAIRWISE]:
            yield member, neighbour


class _VerifyPairs(beam.DoFn):
    """Exact check of candidate pairs: keeps those over either similarity threshold."""

    def __init__(self, containment_threshold: float, jaccard_threshold: float):
        self._containment = containment_threshold
        self._jaccard = jaccard_threshold
        self._candidates = Metrics.counter(_METRICS, "candidate_pairs")
        self._confirmed = Metrics.counter(_METRICS, "near_duplicate_pairs")

    def process(self, element):
        second_id, grouped = element
        (second_shingles,) = grouped["shingles"]
        for first_id, first_shingles in grouped["pairs"]:
            self._candidates.inc()
            inside = containment(first_shingles, second_shingles)
            if inside >= self._containment or jaccard(first_shingles, second_shingles) >= self._jaccard:
                self._confirmed.inc()
                yield first_id, second_id, inside


def _with_first_shingles(element):
    first_id, grouped = element
    (first_shingles,) = grouped["shingles"]
    for second_id in grouped["pairs"]:
        yield second_id, (first_id, first_shingles)


def _choose_kept(cluster):
    """Every member of one cluster → (id, (kept id, cluster size, similarity))."""
    _, members = cluster
    members = sorted(members)  # (completeness, id, similarity): the kept copy comes first
    kept_id = members[0][1]
    for _, member_id, similarity in members:
        yield member_id, (kept_id, len(members), similarity)


class _Assign(beam.DoFn):
    """Marks each document as the kept article of its cluster or as a duplicate of it."""

    def __init__(self):
        self._articles = Metrics.counter(_METRICS, "articles")
        self._duplicates = Metrics.counter(_METRICS, "duplicates")

    def process(self, element):
        doc_id, grouped = element
        docs = sorted(grouped["doc"], key=completeness)
        assignment = grouped["cluster"]
        kept_id, size, similarity = assignment[0] if assignment else (doc_id, 1, 1.0)
        for index, doc in enumerate(docs):
            # several items may share one id (the same item delivered twice): keep the first.
            if doc_id == kept_id and index == 0:
                self._articles.inc()
                yield doc.replace(cluster_size=size + len(docs) - 1)
            else:
                self._duplicates.inc()
                yield pvalue.TaggedOutput(
                    DUPLICATES,
                    doc.replace(duplicate_of=kept_id, similarity=similarity if index == 0 else 1.0),
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
        exact_edges = (
            docs
            | "ExactKeys" >> beam.FlatMap(exact_keys)
            | "GroupExact" >> beam.GroupByKey()
            | "ExactEdges" >> beam.FlatMap(_star_edges)
        )
        # Exact copies are already linked: only one copy per text hash looks for near copies.
        shingled = (
            docs
            | "ByTextHash" >> beam.Map(lambda doc: (doc.content_hash, (doc.id, doc.text)))
            | "OnePerText" >> beam.CombinePerKey(min)
            | "Shingle" >> beam.MapTuple(lambda _, kept: (kept[0], shingles(kept[1], self._shingle_size)))
            | "WithWords" >> beam.Filter(lambda item: bool(item[1]))
        )
        pairs = (
            shingled
            | "BandKeys" >> beam.FlatMapTuple(
                lambda doc_id, sh: ((key, doc_id) for key in band_keys(sh, self._num_perm, self._bands))
            )
            | "GroupBands" >> beam.GroupByKey()
            | "BucketPairs" >> beam.FlatMap(_bucket_pairs)
            | "DistinctPairs" >> beam.Distinct()
        )
        near_edges = (
            {"pairs": pairs, "shingles": shingled}
            | "JoinFirst" >> beam.CoGroupByKey()
            | "FirstShingles" >> beam.FlatMap(_with_first_shingles)
        )
        verified = (
            {"pairs": near_edges, "shingles": shingled}
            | "JoinSecond" >> beam.CoGroupByKey()
            | "Verify" >> beam.ParDo(_VerifyPairs(self._containment, self._jaccard))
        )
        edges = (exact_edges, verified) | "AllEdges" >> beam.Flatten()
        labels = (
            edges
            | "EdgeEnds" >> beam.MapTuple(_ends)
            | "Components" >> ConnectedComponents(self._component_rounds)
        )
        best_similarity = (
            edges
            | "SimilarityPerEnd" >> beam.FlatMapTuple(_similarity_of_each_end)
            | "BestSimilarity" >> beam.CombinePerKey(max)
        )
        ranks = docs | "Rank" >> beam.Map(lambda doc: (doc.id, (completeness(doc), doc.id)))
        assignments = (
            {"label": labels, "similarity": best_similarity, "rank": ranks}
            | "JoinRanks" >> beam.CoGroupByKey()
            | "ByCluster" >> beam.FlatMap(_by_cluster)
            | "GroupClusters" >> beam.GroupByKey()
            | "ChooseKept" >> beam.FlatMap(_choose_kept)
        )
        return (
            {"doc": docs | "KeyById" >> beam.Map(lambda doc: (doc.id, doc)), "cluster": assignments}
            | "JoinAssignments" >> beam.CoGroupByKey()
            | "Assign" >> beam.ParDo(_Assign()).with_outputs(DUPLICATES, main=ARTICLES)
        )


def _by_cluster(element):
    doc_id, grouped = element
    if not grouped["label"]:
        return
    (label,) = grouped["label"]
    (similarity,) = grouped["similarity"]
    rank, _ = min(grouped["rank"])
    yield label, (rank, doc_id, similarity)
