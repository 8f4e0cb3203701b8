import datetime
import pathlib
import random

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from tests.support import make_doc
from transforms.dedupe import (
    _MAX_BUCKET_PAIRWISE,
    Deduplicate,
    _shelf_pairs,
    _shelved,
    bucket_pairs,
    containment,
    jaccard,
    normalize_url,
    overlap,
    shingle_sequence,
    shingles,
    star_clusters,
    verdicts,
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
    small = list(bucket_pairs([f"{i:04d}" for i in range(_MAX_BUCKET_PAIRWISE)]))
    assert len(small) == _MAX_BUCKET_PAIRWISE * (_MAX_BUCKET_PAIRWISE - 1) // 2
    for size in (1000, 2000):
        pairs = list(bucket_pairs([f"{i:04d}" for i in range(size)]))
        assert len(pairs) <= size * (_MAX_BUCKET_PAIRWISE + 1)
        assert all(a < b for a, b in pairs)


# A copy of a story versus a story inside a page of stories (issue: never merge different stories).

GOLDEN = pathlib.Path(__file__).parent / "golden"
BRIEF = " ".join(
    f"Brief line {i}: the {w} club signed a new {w} coach for {i + 2} seasons on Friday."
    for i, w in enumerate(["football", "tennis", "rowing", "chess"] * 2)
)
PRESS = " ".join(
    f"Release paragraph {i}: the company opened a {w} plant employing {i * 40} people in town."
    for i, w in enumerate(["battery", "glass", "paper", "solar"] * 2)
)


def seq(text):
    return shingle_sequence(text)


def verdict_of(shorter, longer):
    ((_, verdict),) = verdicts([overlap(seq(shorter), seq(longer), "s")], 0.8, 0.8)
    return verdict


def test_trimmed_and_reheadlined_copies_keep_the_lede():
    assert verdict_of(STORY[: len(STORY) // 3], STORY) == "inside"
    headline = "Council meets: " + STORY.split(". ")[5]  # a headline that repeats a later line
    assert verdict_of(headline + ". " + STORY[: len(STORY) // 2], STORY) == "inside"
    assert verdict_of(STORY[: len(STORY) // 2], "Sign up for our newsletter today. " + STORY) == "inside"


def test_a_story_after_other_text_is_not_a_copy_of_the_page():
    sidebar_page = OTHER + " Also in the news. " + BRIEF
    assert containment(shingles(BRIEF), shingles(sidebar_page)) == 1.0
    assert verdict_of(BRIEF, sidebar_page) == "off_lede"


def test_a_page_holding_two_stories_side_by_side_links_neither():
    hub = "Latest releases. " + BRIEF + " " + PRESS
    overlaps = [overlap(seq(BRIEF), seq(hub), "brief"), overlap(seq(PRESS), seq(hub), "press")]
    assert [v for _, v in verdicts(overlaps, 0.8, 0.8)] == ["page_of_stories", "page_of_stories"]
    # two copies of one story in the page are not side by side: the longer one is still linked
    copies = [overlap(seq(BRIEF), seq(BRIEF + " " + PRESS), "brief"),
              overlap(seq(BRIEF[: len(BRIEF) // 2]), seq(BRIEF + " " + PRESS), "trimmed")]
    assert [v for _, v in verdicts(copies, 0.5, 0.8)] == ["inside", "inside"]


def test_seed_004_is_a_trimmed_copy_of_seed_002():
    long, short = ((GOLDEN / f"{name}.txt").read_text() for name in ("002_347b4ec296df4fd5", "004_94de5611c76eeb70"))
    assert verdict_of(short, long) == "inside"


def test_no_merge_through_a_page_of_stories_in_the_pipeline():
    docs = [
        make_doc("brief", BRIEF),
        make_doc("press", PRESS),
        make_doc("hub", "Latest releases. " + BRIEF + " " + PRESS),
        make_doc("sidebar", OTHER + " Also in the news. " + BRIEF),
        make_doc("trimmed", PRESS[: len(PRESS) * 2 // 3]),
    ]
    pipeline = TestPipeline()
    articles, duplicates = summarize(pipeline | beam.Create(docs) | Deduplicate())
    assert_that(articles, equal_to([("brief", 1), ("press", 2), ("hub", 1), ("sidebar", 1)]), label="CheckArticles")
    assert_that(duplicates, equal_to([("trimmed", "press")]), label="CheckDuplicates")
    result = pipeline.run()
    result.wait_until_finish()
    counters = {
        c.key.metric.name: c.committed
        for c in result.metrics().query(MetricsFilter().with_namespace("newsbeam.dedupe"))["counters"]
    }
    assert counters["pairs_off_lede"] >= 1 and counters["pairs_page_of_stories"] >= 2
    assert counters["pairs_inside"] >= 1


def test_clusters_never_join_two_texts_through_a_third():
    members = [((-30,), "a", 1), ((-20,), "b", 1), ((-10,), "c", 1), ((-5,), "c2", 2)]
    # a~b and b~c are copies, a and c are not; c2 is c's exact copy (same text, two items)
    edges = [("a", "b", 0.9, False), ("b", "c", 0.85, False), ("c", "c2", 1.0, True)]
    assert dict(star_clusters(members, edges)) == {
        "a": ("a", 2, 1.0), "b": ("a", 2, 0.9), "c": ("c", 3, 1.0), "c2": ("c", 3, 1.0),
    }


def test_band_keys_on_one_shelf_pair_only_within_their_bucket():
    keys = {"a": "7:ab" + "1" * 22, "b": "7:ab" + "1" * 22, "c": "7:ab" + "2" * 22, "d": "7:cd" + "1" * 22}
    shelved = [_shelved(doc_id, key) for doc_id, key in keys.items()]
    shelves = {}
    for shelf, entry in shelved:
        shelves.setdefault(shelf, []).append(entry)
    assert sorted(shelves) == ["7:ab", "7:cd"]
    assert [pair for shelf in sorted(shelves.items()) for pair in _shelf_pairs(shelf)] == [("a", "b")]
