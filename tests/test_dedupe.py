import datetime
import random

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from tests.support import make_doc
from transforms.dedupe import (
    _MAX_BUCKET_PAIRWISE,
    Deduplicate,
    _bucket_pairs,
    containment,
    jaccard,
    normalize_url,
    shingles,
)

STORY = " ".join(
    f"Sentence {i} of the wire story says the {w} council met on day {i} to discuss item {i * 7}."
    for i, w in enumerate(["city", "county", "port", "rail", "school", "water", "energy", "health"] * 4)
)
OTHER = " ".join(
    f"An unrelated report number {i} about {w} prices rising by {i * 3} percent this quarter."
    for i, w in enumerate(["grain", "steel", "oil", "coffee", "cotton", "gold"] * 4)
)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.Example.com/news/story/?utm_source=x&b=2&a=1#top", "example.com/news/story?a=1&b=2"),
        ("http://example.com/news/story", "example.com/news/story"),
        ("https://example.com:8443/a?fbclid=1", "example.com:8443/a"),
        ("", None),
        (None, None),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


def test_trimmed_copy_is_contained_while_jaccard_is_low():
    whole, trimmed = shingles(STORY), shingles(STORY[: len(STORY) // 2])
    assert containment(trimmed, whole) > 0.95
    assert jaccard(trimmed, whole) < 0.6


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The Cat, sat on the mat!") == shingles("the cat sat on THE mat")
    assert shingles("") == frozenset()


def summarize(result):
    articles = result.articles | "Articles" >> beam.Map(lambda d: (d.id, d.cluster_size))
    duplicates = result.duplicates | "Duplicates" >> beam.Map(lambda d: (d.id, d.duplicate_of))
    return articles, duplicates


def run_dedupe(docs, expected_articles, expected_duplicates):
    with TestPipeline() as pipeline:
        articles, duplicates = summarize(pipeline | beam.Create(docs) | Deduplicate())
        assert_that(articles, equal_to(expected_articles), label="CheckArticles")
        assert_that(duplicates, equal_to(expected_duplicates), label="CheckDuplicates")


def test_exact_url_and_text_copies_and_a_trimmed_copy_form_clusters():
    docs = [
        make_doc("a", STORY, url="https://example.com/story"),
        make_doc("b", "Short other text about something else entirely here.", url="http://www.example.com/story/?utm_medium=rss"),
        make_doc("c", STORY.upper()),
        make_doc("d", STORY[: int(len(STORY) * 0.6)]),
        make_doc("e", OTHER),
    ]
    run_dedupe(docs, [("a", 4), ("e", 1)], [("b", "a"), ("c", "a"), ("d", "a")])


def test_kept_copy_is_the_longest_then_earliest_then_smallest_id():
    early = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    late = datetime.datetime(2025, 1, 2, tzinfo=datetime.timezone.utc)
    docs = [
        make_doc("z", STORY, published_at=late),
        make_doc("y", STORY + " Extra", published_at=late),  # longest wins
        make_doc("x", STORY, published_at=early),
    ]
    run_dedupe(docs, [("y", 3)], [("z", "y"), ("x", "y")])
    tie = [make_doc("q", STORY, published_at=early), make_doc("p", STORY, published_at=early)]
    run_dedupe(tie, [("p", 2)], [("q", "p")])


def test_choice_does_not_depend_on_input_order():
    docs = [make_doc(f"id{i}", STORY[: len(STORY) - 40 * i]) for i in range(6)] + [make_doc("o", OTHER)]
    for seed in range(3):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        run_dedupe(shuffled, [("id0", 6), ("o", 1)], [(f"id{i}", "id0") for i in range(1, 6)])


def test_same_event_different_articles_are_not_duplicates():
    half = len(STORY) // 2
    docs = [make_doc("a", STORY[:half] + OTHER), make_doc("b", STORY[half:] + OTHER[::-1])]
    run_dedupe(docs, [("a", 1), ("b", 1)], [])


def test_thresholds_are_options():
    # b holds half of a plus other text and is the longer copy: a lies about half inside b.
    docs = [make_doc("a", STORY), make_doc("b", STORY[: len(STORY) // 2] + OTHER)]
    run_dedupe(docs, [("a", 1), ("b", 1)], [])
    with TestPipeline() as pipeline:
        result = pipeline | beam.Create(docs) | Deduplicate(containment_threshold=0.4)
        assert_that(result.duplicates | beam.Map(lambda d: d.id), equal_to(["a"]))


def test_bands_must_divide_permutations():
    with pytest.raises(ValueError, match="multiple of bands"):
        Deduplicate(num_perm=100, bands=64)


def test_large_buckets_yield_linearly_many_pairs():
    small = list(_bucket_pairs(("k", [f"{i:04d}" for i in range(_MAX_BUCKET_PAIRWISE)])))
    assert len(small) == _MAX_BUCKET_PAIRWISE * (_MAX_BUCKET_PAIRWISE - 1) // 2
    for size in (1000, 2000):
        pairs = list(_bucket_pairs(("k", [f"{i:04d}" for i in range(size)])))
        assert len(pairs) <= size * (_MAX_BUCKET_PAIRWISE + 1)
        assert all(a < b for a, b in pairs)
