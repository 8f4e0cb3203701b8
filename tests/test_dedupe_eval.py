"""Dedupe on generated syndicated copies of real articles (`bench/dedupe_set.py`): the pair
scores `make eval` reports hold on a sample, no page of stories is merged with a story it
carries, and the clusters are the same whatever the input order or the number of workers."""

import pytest

from bench.dedupe_set import COPY_KINDS, NEGATIVE_KINDS, generate
from bench.eval_dedupe import cluster_of_each, score
from tests.support import CORPUS, requires_corpus

GOLD = CORPUS / "wcxb-dev" / "gold.jsonl"

pytestmark = requires_corpus


@pytest.fixture(scope="module")
def cases():
    return generate(GOLD, stories=16, seed=5)


def test_every_kind_is_generated_and_the_set_is_reproducible(cases):
    assert {case.kind for case in cases} == {"original", *COPY_KINDS, *NEGATIVE_KINDS}
    assert generate(GOLD, stories=16, seed=5) == cases


def test_copies_are_found_and_negatives_kept_apart(cases):
    rows = {name: (precision, recall) for name, precision, recall, _ in score(cases, cluster_of_each(cases))}
    precision, recall = rows["all pairs"]
    assert precision >= 0.99 and recall >= 0.95
    assert rows["trimmed"][1] == rows["extended"][1] == 1.0
    assert all(rows[negative][0] == 1.0 for negative in NEGATIVE_KINDS)


def test_clusters_do_not_depend_on_input_order_or_workers(cases):
    expected = cluster_of_each(cases)
    assert cluster_of_each(cases[::-1]) == expected
    workers = ("--direct_num_workers=2", "--direct_running_mode=multi_processing")
    assert cluster_of_each(cases, workers) == expected
