"""Quality: text that is not language, or too short to be an article, goes to rejects with its
reason; real briefs, in spaced and unspaced scripts, stay articles."""

from __future__ import annotations

import random

import pytest

from tests.support import read_table, run_pipeline
from transforms.decode import decode_bytes
from transforms.quality import DEFAULT_MIN_WORDS, CheckQuality, NotAnArticle, check_text, word_count

# A real wire brief: one paragraph, 26 words.
BRIEF = (
    "BERLIN (Reuters) - German industrial orders rose 1.2% in March, beating forecasts, as demand "
    "from outside the euro zone recovered, the statistics office said on Thursday."
)
# A real Chinese brief of one sentence: no spaces between its words.
CHINESE_BRIEF = "新华社北京三月五日电，国务院总理今天在人民大会堂作政府工作报告。"
RSS_WITH_ENTITY = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Junk</title><link>https://news.example/junk</link>
  <description>&amp;lol9</description></item>
</channel></rss>"""


def random_bytes(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def reason_of(text: str, min_words: int = DEFAULT_MIN_WORDS) -> str | None:
    try:
        check_text(text, min_words)
    except NotAnArticle as problem:
        return problem.reason
    return None


THAI_BRIEF = "ข่าวด่วน: รัฐบาลประกาศมาตรการใหม่วันนี้"


@pytest.mark.parametrize("text", [BRIEF, CHINESE_BRIEF, THAI_BRIEF])
def test_real_briefs_pass(text):
    assert reason_of(text) is None


def test_random_bytes_are_unreadable():
    text, _ = decode_bytes(random_bytes(5000), markup=True)
    assert reason_of(text) == "unreadable"


def test_unexpanded_entity_is_too_short():
    expected = r"too short: 1 word, fewer than 10 \(set with --min_words\)"
    with pytest.raises(NotAnArticle, match=expected):
        check_text("&lol9")


def test_numbers_and_symbols_are_not_language():
    table = " | ".join(f"{n}.{n * 7 % 100:02d} +{n % 9}%" for n in range(40))
    assert reason_of(table) == "few_letters"


def test_min_words_is_the_threshold():
    words = " ".join(["news"] * 12)
    assert reason_of(words, 12) is None
    assert reason_of(words, 13) == "few_words"
    assert reason_of("a", 0) is None  # 0 turns the length check off


def test_words_of_unspaced_scripts_are_their_characters():
    assert word_count("Trade talks resume, 2 sides say") == 6
    assert word_count("新华社北京电") == 6
    assert word_count("iPhone发布会") == 4  # a Latin word, then three characters
    assert word_count("東京都、新しい計画") == 8


def test_negative_min_words_is_refused():
    with pytest.raises(ValueError, match="min_words"):
        CheckQuality(-1)


def test_junk_is_rejected_per_reason_and_briefs_stay(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "brief.txt").write_text(BRIEF)
    (inputs / "chinese.txt").write_text(CHINESE_BRIEF)
    (inputs / "noise.txt").write_text("12 34 56 78 90 " * 30 + "ok")
    (inputs / "wire.rss").write_bytes(RSS_WITH_ENTITY)
    summary = run_pipeline(
        tmp_path / "out", "--input", str(inputs / "*"), "--source_boilerplate_min_docs", "0",
        "--extraction", "trafilatura",
    )
    articles = read_table(tmp_path / "out", "articles")
    assert sorted(row["text"] for row in articles) == sorted([BRIEF, CHINESE_BRIEF])
    rows = read_table(tmp_path / "out", "rejects")
    rejects = {row["source_uri"].rsplit("/", 1)[1]: row for row in rows}
    assert rejects["wire.rss#item=1"]["stage"] == "quality"
    assert "too short: 1 word" in rejects["wire.rss#item=1"]["error"]
    assert "not language" in rejects["noise.txt"]["error"]
    assert summary.get("quality", "rejects_few_words") == 1
    assert summary.get("quality", "rejects_few_letters") == 1
    assert summary.balanced


def test_min_words_option_reaches_the_stage(tmp_path):
    (tmp_path / "brief.txt").write_text(BRIEF)
    summary = run_pipeline(
        tmp_path / "out", "--input", str(tmp_path / "brief.txt"), "--min_words", "27",
        "--extraction", "trafilatura",
    )
    assert summary.articles == 0
    assert summary.get("quality", "rejects_few_words") == 1
