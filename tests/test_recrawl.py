"""A re-crawled story (same feed GUID or JSONL `id`, new text) through the whole batch pipeline:
the newer version is the article, the older one a duplicate of it, and the run balances."""

import datetime
import json

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from tests.support import make_doc, read_table, run_pipeline
from transforms.dedupe import Deduplicate, recency

ORIGINAL = (
    "The city council voted on Monday to extend the night bus service to the northern suburbs.\n"
    "The plan adds four routes and costs about two million a year, officials said.\n"
    "Residents had asked for the change for years, saying the last train leaves too early."
)
UPDATED = ORIGINAL + (
    "\nThe mayor said on Tuesday that the first routes would start in March, a month earlier than"
    " planned, after the transit agency found drivers for the night shifts."
)


def write_jsonl(path, items):
    path.write_text("".join(json.dumps(item) + "\n" for item in items))
    return path


def test_recrawled_story_keeps_the_newer_version(tmp_path):
    source = write_jsonl(tmp_path / "feed.jsonl", [
        {"id": "story-1", "text": UPDATED, "published": "2026-01-02T09:00:00Z", "url": "https://news.example/s1"},
        {"id": "story-1", "text": ORIGINAL, "published": "2026-01-01T09:00:00Z", "url": "https://news.example/s1"},
    ])
    summary = run_pipeline(tmp_path / "out", "--input", str(source), "--extraction", "trafilatura")
    articles = read_table(tmp_path / "out", "articles")
    duplicates = read_table(tmp_path / "out", "duplicates")
    assert [(row["published_at"].day, "transit agency" in row["text"]) for row in articles] == [(2, True)]
    assert [(row["published_at"].day, "transit agency" in row["text"]) for row in duplicates] == [(1, False)]
    assert duplicates[0]["id"] == duplicates[0]["duplicate_of"] == articles[0]["id"]
    assert articles[0]["cluster_size"] == 2
    assert (summary.read, summary.articles, summary.duplicates, summary.rejects) == (2, 1, 1, 0)
    assert summary.balanced


# The same story through Deduplicate alone: which version is current, and where the others go.
DAY1 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
DAY2 = datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc)
OTHER = " ".join(f"Unrelated market report line {i} on {w} prices." for i, w in enumerate(["oil", "gold"] * 6))


def test_newer_version_wins_even_when_shorter():
    docs = [make_doc("s1", UPDATED, published_at=DAY1), make_doc("s1", ORIGINAL, published_at=DAY2)]
    pipeline = TestPipeline()
    result = pipeline | beam.Create(docs) | Deduplicate()
    assert_that(result.articles | beam.Map(lambda d: (d.id, d.text, d.cluster_size)),
                equal_to([("s1", ORIGINAL, 2)]), label="Articles")
    assert_that(result.duplicates | beam.Map(lambda d: (d.id, d.text, d.duplicate_of, d.similarity)),
                equal_to([("s1", UPDATED, "s1", None)]), label="Duplicates")
    run = pipeline.run()
    run.wait_until_finish()
    counters = {c.key.metric.name: c.committed for c in run.metrics().query(MetricsFilter())["counters"]}
    assert (counters["articles"], counters["recrawls"], counters.get("duplicates", 0)) == (1, 1, 0)


def test_undated_versions_keep_the_longer_then_the_smaller_hash():
    short, long = make_doc("s1", ORIGINAL), make_doc("s1", UPDATED)
    assert sorted([short, long], key=recency)[0] is long
    dated = make_doc("s1", ORIGINAL, published_at=DAY1)
    assert sorted([long, dated], key=recency)[0] is dated  # a date beats none
    twins = [make_doc("s1", ORIGINAL + " alpha"), make_doc("s1", ORIGINAL + " omega")]
    assert min(twins, key=recency).content_hash == min(d.content_hash for d in twins)


def test_versions_never_collide_with_copies_of_other_ids():
    # s1's old version is an exact copy of another item c; s1's new version is unrelated text.
    docs = [
        make_doc("s1", ORIGINAL, published_at=DAY1),
        make_doc("s1", OTHER, published_at=DAY2),
        make_doc("c", ORIGINAL),
        make_doc("s1", OTHER, published_at=DAY2, source_uri="again.txt"),  # a redelivery
    ]
    with TestPipeline() as pipeline:
        result = pipeline | beam.Create(docs) | Deduplicate()
        assert_that(result.articles | beam.Map(lambda d: (d.id, d.text, d.cluster_size)),
                    equal_to([("s1", OTHER, 3), ("c", ORIGINAL, 1)]), label="Articles")
        assert_that(result.duplicates | beam.Map(lambda d: (d.id, d.text, d.duplicate_of, d.similarity)),
                    equal_to([("s1", ORIGINAL, "s1", None), ("s1", OTHER, "s1", 1.0)]), label="Duplicates")


def test_old_version_follows_its_current_version_into_a_cluster():
    # s1's current version is a trimmed copy of the longer article a: both s1 versions point at a.
    docs = [
        make_doc("a", UPDATED + "\n" + ORIGINAL),
        make_doc("s1", UPDATED, published_at=DAY2),
        make_doc("s1", OTHER, published_at=DAY1),
    ]
    with TestPipeline() as pipeline:
        result = pipeline | beam.Create(docs) | Deduplicate()
        assert_that(result.articles | beam.Map(lambda d: (d.id, d.cluster_size)), equal_to([("a", 3)]),
                    label="Articles")
        assert_that(result.duplicates | beam.Map(lambda d: (d.id, d.text == OTHER, d.duplicate_of)),
                    equal_to([("s1", False, "a"), ("s1", True, "a")]), label="Duplicates")
