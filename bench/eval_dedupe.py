"""`make eval` (dedupe part): pair precision and recall of Deduplicate on the generated set of
syndicated copies and hard negatives (see `dedupe_set.py`), overall and per kind of copy.

A predicted pair is two cases in one output cluster (an article and the duplicates pointing at
it); a true pair is two cases of one story. Recall of a kind counts the (original, copy) pairs
of that kind found; precision of a negative kind is the share of its predicted pairs that are
true, i.e. 1.0 when no negative was merged (the page negatives — sidebar, round-up, hub — hold
an original whole, so their precision is where containment alone fails).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import pathlib
import tempfile

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from bench.dedupe_set import COPY_KINDS, NEGATIVE_KINDS, Case, generate
from schemas import Document
from transforms.dedupe import Deduplicate


def cluster_of_each(cases: list[Case], beam_args: tuple[str, ...] = ()) -> dict[str, str]:
    """Case id → id of the article its cluster kept, from a run of Deduplicate."""
    docs = [
        Document(id=c.id, source_uri=c.id, payload=b"", content_type="text", text=c.text, url=c.url)
        for c in cases
    ]
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(pathlib.Path(folder) / "clusters")
        with beam.Pipeline(options=PipelineOptions(list(beam_args))) as pipeline:
            articles, duplicates = pipeline | beam.Create(docs) | Deduplicate()
            (
                (articles | "Kept" >> beam.Map(lambda d: (d.id, d.id)),
                 duplicates | "Copies" >> beam.Map(lambda d: (d.id, d.duplicate_of)))
                | beam.Flatten()
                | beam.Map(json.dumps)
                | beam.io.WriteToText(prefix)
            )
        rows = [json.loads(line) for path in pathlib.Path(folder).glob("clusters*") for line in path.read_text().splitlines()]
    return dict(rows)


def _share(part: set, whole: set) -> float:
    return len(part) / len(whole) if whole else 1.0


def pairs_within(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for members in groups.values() for pair in itertools.combinations(members, 2)}


def score(cases: list[Case], kept: dict[str, str]) -> list[tuple[str, float, float, int]]:
    """(kind, precision, recall, count): count is the true pairs for copies, the cases for negatives."""
    by_story, by_cluster = collections.defaultdict(list), collections.defaultdict(list)
    for case in cases:
        by_story[case.story].append(case.id)
        by_cluster[kept[case.id]].append(case.id)
    true, predicted = pairs_within(by_story), pairs_within(by_cluster)
    kind = {case.id: case.kind for case in cases}
    rows = [("all pairs", _share(true & predicted, predicted), _share(true & predicted, true), len(true))]
    for copy_kind in COPY_KINDS:
        wanted = {p for p in true if {kind[i] for i in p} == {"original", copy_kind}}
        touching = {p for p in predicted if copy_kind in {kind[i] for i in p}}
        rows.append((copy_kind, _share(touching & true, touching), _share(wanted & predicted, wanted), len(wanted)))
    for negative in NEGATIVE_KINDS:
        touching = {p for p in predicted if negative in {kind[i] for i in p}}
        cases_of_kind = sum(1 for case in cases if case.kind == negative)
        rows.append((negative, _share(touching & true, touching), float("nan"), cases_of_kind))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/")
    parser.add_argument("--stories", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cases = generate(pathlib.Path(args.corpus) / "wcxb-dev" / "gold.jsonl", args.stories, args.seed)
    kept = cluster_of_each(cases)
    print(f"Dedupe on {len(cases)} generated cases ({args.stories} stories, seed {args.seed})")
    print(f"{'kind':<14}{'precision':>10}{'recall':>8}{'count':>7}  (true pairs of copies, cases of negatives)")
    for name, precision, recall, count in score(cases, kept):
        print(f"{name:<14}{precision:>10.4f}{recall:>8.4f}{count:>7}")


if __name__ == "__main__":
    main()
