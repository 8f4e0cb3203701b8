"""Dedupe on generated syndicated copies of real articles (`bench/dedupe_set.py`): the pair
scores `make eval` reports hold on a sample, and the clusters are the same whatever the input
order or the number of workers."""

import pytest

from bench.dedupe_set import COPY_KINDS, generate
from bench.eval_dedupe import cluster_of_each, score
from tests.support import REPO

GOLD = REPO.parent / "shared" / "corpus" / "wcxb-dev" / "gold.jsonl"


@pytest.fixture(scope="module")
def cases():
    if not GOLD.exists():
        pytest.fail(f"the shared corpus is expected beside the repo: {GOLD}")
    return generate(GOLD, stories=12, seed=5)


def test_every_kind_is_generated_and_the_set_is_reproducible(cases):
    assert {case.kind for case in cases} == {"original", *COPY_KINDS, "same_outlet", "same_event"}
    assert generate(GOLD, stories=12, seed=5) == cases


def test_copies_are_found_and_negatives_kept_apart(cases):
    rows = {name: (precision, recall) for name, precision, recall, _ in score(cases, cluster_of_each(cases))}
    precision, recall = rows["all pairs"]
    assert precision >= 0.99 and recall >= 0.95
    assert rows["trimmed"][1] == 1.0
    assert rows["same_outlet"][0] == rows["same_event"][0] == 1.0


def test_clusters_do_not_depend_on_input_order_or_workers(cases):
    expected = cluster_of_each(cases)
    assert cluster_of_each(cases[::-1]) == expected
    workers = ("--direct_num_workers=2", "--direct_running_mode=multi_processing")
    assert cluster_of_each(cases, workers) == expected
