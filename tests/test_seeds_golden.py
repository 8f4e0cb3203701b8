"""Golden test: the bundled seeds through the whole pipeline, checked exactly."""

import datetime
import pathlib

import pytest

from tests.support import REPO, read_table, run_pipeline

GOLDEN = pathlib.Path(__file__).parent / "golden"
SEED = {
    "000": "000_5bebe61aeb4f25e0",
    "001": "001_887e218a93cb6b29",
    "002": "002_347b4ec296df4fd5",
    "003": "003_3940b32ae510a19d",
    "004": "004_94de5611c76eeb70",
}
IDS = {
    "000": "526e9a3816c60780",
    "001": "a54700196519e6a0",
    "002": "6237c6c5dfde2df1",
    "003": "00d6b37567bc5dec",
    "004": "1be312781d509676",
}
OUTLETS = ["Associated Press US and World News Video", "Boston Herald", "ClickOrlando", "New York Post",
           "America News", "AlterNet", "ICE News", "Reuters US Top", "Chicago Tribune", "The Atlantic",
           "Cleveland Jewish News"]


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    output = tmp_path_factory.mktemp("seeds")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)  # as `make run` does: ids derive from the path as given, seeds/…
        summary = run_pipeline(output)
    rows = {name: read_table(output, name) for name in ("articles", "duplicates", "rejects")}
    by_seed = {
        key: row
        for row in rows["articles"] + rows["duplicates"]
        for key, stem in SEED.items()
        if row["source_uri"] == f"seeds/{stem}.txt"
    }
    return summary, rows, by_seed


def test_four_articles_one_duplicate_no_rejects(seeds_run):
    summary, rows, _ = seeds_run
    assert sorted(r["id"] for r in rows["articles"]) == sorted(IDS[k] for k in ("000", "001", "002", "003"))
    assert [(r["id"], r["duplicate_of"]) for r in rows["duplicates"]] == [(IDS["004"], IDS["002"])]
    assert rows["rejects"] == []
    assert (summary.read, summary.articles, summary.duplicates, summary.rejects) == (5, 4, 1, 0)
    assert summary.balanced


@pytest.mark.parametrize("key", sorted(SEED))
def test_clean_text_matches_golden(seeds_run, key):
    _, _, by_seed = seeds_run
    assert by_seed[key]["text"] + "\n" == (GOLDEN / f"{SEED[key]}.txt").read_text()


def test_no_caption_credit_or_outlet_list_left(seeds_run):
    _, _, by_seed = seeds_run
    for row in by_seed.values():
        assert "Getty Images" not in row["text"] and "ARCHIVE IMAGE" not in row["text"]
        assert not set(row["text"].split("\n\n")) & set(OUTLETS)
    assert [r["rule"] for r in by_seed["000"]["removed"]] == ["caption_credit", "headline"]
    assert [r["text"] for r in by_seed["004"]["removed"]] == OUTLETS


def test_repeated_paragraphs_appear_once(seeds_run):
    _, _, by_seed = seeds_run
    paragraphs = by_seed["001"]["text"].split("\n\n")
    assert len(paragraphs) == len(set(paragraphs)) == 7
    assert [r["rule"] for r in by_seed["001"]["removed"]] == ["repeated_paragraph"] * 6


def test_titles_and_dates(seeds_run):
    _, _, by_seed = seeds_run
    assert by_seed["002"]["title"] == "France seeks help to end Ukraine war"
    assert by_seed["002"]["published_at"] == datetime.datetime(2025, 12, 4, tzinfo=datetime.timezone.utc)
    assert by_seed["000"]["title"] == "China’s President Xi asks Macron to help rebuild failing EU-Chinese relations"
    assert by_seed["003"]["title"] == "Macron in Beijing: France Seeks China's Help on Ukraine, Trade Rebalance"
    assert "Ukraine Ceasefire: A Central Plea to Beijing" in by_seed["003"]["text"].split("\n\n")
    assert "Both are eager for more trade" in by_seed["002"]["text"].split("\n\n")


def test_every_seed_is_english(seeds_run):
    _, _, by_seed = seeds_run
    assert {row["language"] for row in by_seed.values()} == {"en"}


def test_trimmed_copy_records_its_similarity_and_cluster(seeds_run):
    _, _, by_seed = seeds_run
    assert 0.8 <= by_seed["004"]["similarity"] < 0.9
    assert by_seed["002"]["cluster_size"] == 2
    assert by_seed["001"]["cluster_size"] == 1
