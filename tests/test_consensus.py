import pytest

from transforms.consensus import agreement, most_agreed, shingles

STORY = "The council approved the new transit budget on Tuesday after a long debate about fares."
TEASERS = "Ten things to know before you travel this summer and more stories from our newsroom today."


def test_agreement_is_the_f1_of_shingle_multisets():
    assert agreement(shingles(STORY), shingles(STORY)) == 1.0
    assert agreement(shingles(STORY), shingles(TEASERS)) == 0.0
    half = STORY.split(" about ")[0]  # 13 of its 15 words: the first 10 of its 12 shingles
    assert agreement(shingles(STORY), shingles(half)) == pytest.approx(2 * 10 / (12 + 10))
    assert agreement(shingles(half), shingles(STORY)) == agreement(shingles(STORY), shingles(half))


def test_agreement_ignores_line_breaks_and_punctuation_but_not_order():
    assert agreement(shingles(STORY), shingles(STORY.replace(" ", "\n").replace(",", ""))) == 1.0
    assert agreement(shingles(STORY), shingles(" ".join(reversed(STORY.split())))) == 0.0


def test_empty_text_agrees_with_nothing():
    assert agreement(shingles(""), shingles("")) == 0.0
    assert agreement(shingles(STORY), shingles("three words only")) == 0.0


def test_the_text_most_judges_agree_with_wins():
    candidates = {"first": STORY + " " + TEASERS, "second": STORY, "third": STORY + " The vote was close."}
    judges = {**candidates, "fourth": STORY}
    assert most_agreed(candidates, judges) == "second"


def test_ties_go_to_the_candidate_named_first():
    assert most_agreed({"a": STORY, "b": STORY}, {"a": STORY, "b": STORY}) == "a"


def test_empty_candidates_never_win():
    assert most_agreed({"a": "", "b": STORY}, {"a": "", "b": STORY, "c": TEASERS}) == "b"
    assert most_agreed({"a": " ", "b": ""}, {"c": STORY}) is None
