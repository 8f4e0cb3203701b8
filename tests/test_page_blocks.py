"""Blocks and their features on hand-made pages: what the article model sees."""

import re

import lxml.etree
import lxml.html
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.page_blocks import FEATURE_NAMES, _by_first_letter, block_features, page_blocks

COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}
STORY = "The council approved the plan on Tuesday, and the work will start in the spring of next year."
PAGE = f"""<html><head><title>Plan approved</title><script>var x = "not text";</script></head><body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article class="story-body">
<div class="byline">By <a href="/staff/jane">Jane Roe</a>, <time>4 March 2025</time></div>
<p>{STORY}</p>
<figure><img src="x.jpg"><figcaption class="photo-credit">Photo: Jane Roe/Reuters</figcaption></figure>
<p>Opposition members said <b>the plan</b> left out the northern districts<br>entirely.</p>
<!-- a comment is no text -->
</article>
<aside class="related-stories"><h3>Related</h3><ul><li><a href="/a">Tram line delayed again</a></li></ul></aside>
<footer id="site-footer">Copyright 2025 City News</footer></body></html>"""


def blocks_of(html):
    return page_blocks(lxml.html.fromstring(html))


def features_of(html, kept=""):
    blocks = blocks_of(html)
    return {block.text: row for block, row in zip(blocks, block_features(blocks, kept, "Plan approved"))}


def test_blocks_follow_the_page_in_order_without_scripts_or_comments():
    texts = [block.text for block in blocks_of(PAGE)]
    assert texts == [
        "Home", "World", "By Jane Roe, 4 March 2025", STORY, "Photo: Jane Roe/Reuters",
        "Opposition members said the plan left out the northern districts", "entirely.",
        "Related", "Tram line delayed again", "Copyright 2025 City News",
    ]


def test_marks_name_captions_bylines_related_lists_navigation_and_footers():
    rows = features_of(PAGE)
    assert rows["Photo: Jane Roe/Reuters"][COLUMN["mark_figure"]] == 1
    assert rows["Photo: Jane Roe/Reuters"][COLUMN["ancestor_article"]] == 1
    assert rows["By Jane Roe, 4 March 2025"][COLUMN["mark_byline"]] == 1
    assert rows["Tram line delayed again"][COLUMN["ancestor_related"]] == 1
    assert rows["Home"][COLUMN["ancestor_nav"]] == 1
    assert rows["Copyright 2025 City News"][COLUMN["mark_footer"]] == 1
    assert rows[STORY][COLUMN["ancestor_nav"]] == rows[STORY][COLUMN["ancestor_related"]] == 0


def test_links_prose_and_what_trafilatura_kept():
    rows = features_of(PAGE, kept=f"{STORY}\nentirely.")
    assert rows["Tram line delayed again"][COLUMN["link_density"]] == 1
    assert rows[STORY][COLUMN["link_density"]] == 0
    assert 0 < rows["By Jane Roe, 4 March 2025"][COLUMN["link_density"]] < 1
    assert rows[STORY][COLUMN["ends_sentence"]] == 1
    assert rows[STORY][COLUMN["stopword_share"]] > rows["Tram line delayed again"][COLUMN["stopword_share"]]
    assert rows[STORY][COLUMN["in_trafilatura"]] == 1
    assert rows["entirely."][COLUMN["in_trafilatura"]] == 1  # a short block: matched whole
    assert rows["Home"][COLUMN["in_trafilatura"]] == 0
    assert rows["Home"][COLUMN["blocks_until_trafilatura"]] == 3


def test_a_page_of_links_only_is_all_linked():
    html = "<html><body>" + "".join(f'<p><a href="/{i}">Story number {i}</a></p>' for i in range(30)) + "</body></html>"
    blocks = blocks_of(html)
    rows = block_features(blocks, "", None)
    assert len(blocks) == 30
    assert np.all(rows[:, COLUMN["link_density"]] == 1)
    assert np.all(rows[:, COLUMN["container0_trafilatura_share"]] == 0)


def test_blocks_that_look_alike_are_judged_with_each_other_wherever_they_stand():
    cards = "".join(f'<li class="card"><a href="/{i}">Related story number {i}</a></li>' for i in range(5))
    html = (f"<html><body><article><p>{STORY}</p><ul class='teasers'>{cards}</ul>"
            f"<p>Opposition members said the plan left out the northern districts.</p></article></body></html>")
    rows = features_of(html, kept=STORY)
    last = rows["Opposition members said the plan left out the northern districts."]
    story, card = rows[STORY], rows["Related story number 3"]
    assert card[COLUMN["alike_log_blocks"]] == pytest.approx(np.log1p(5))
    assert card[COLUMN["alike_link_density"]] == 1
    # the two paragraphs, one either side of the cards, look alike: one kept by trafilatura, one not
    assert story[COLUMN["alike_log_blocks"]] == last[COLUMN["alike_log_blocks"]] == pytest.approx(np.log1p(2))
    assert story[COLUMN["alike_in_trafilatura"]] == last[COLUMN["alike_in_trafilatura"]] == pytest.approx(0.5)
    assert story[COLUMN["alike_link_density"]] == 0


def test_deeply_nested_markup_costs_no_stack():
    """Built node by node: the HTML parser itself stops nesting at 256 levels."""
    root = element = lxml.html.Element("html")
    for _ in range(20_000):  # far beyond the recursion limit
        element = lxml.etree.SubElement(element, "div")
    element.text = "deep text"
    blocks = page_blocks(root)
    assert [block.text for block in blocks] == ["deep text"]
    assert block_features(blocks, "deep text", None).shape == (1, len(FEATURE_NAMES))


@pytest.mark.parametrize("html", ["<html><body></body></html>", "<html><body><script>only()</script></body></html>"])
def test_a_page_without_text_has_no_blocks(html):
    assert blocks_of(html) == []
    assert block_features([], "", None).shape == (0, len(FEATURE_NAMES))


def test_character_shares_count_digits_capitals_punctuation_and_sentence_ends_in_any_script():
    """Counted for all blocks at once: each block's counts are its own, whatever its neighbours."""
    texts = ["Ωμέγα 12, ٣٤ and ÀÉ. Done! Ok? ", "Второй АБВ; x:y", "no marks at all"]
    html = "<html><body>" + "".join(f"<p>{text}</p>" for text in texts) + "</body></html>"
    rows = features_of(html)
    first, second, third = (rows[text.strip()] for text in texts)
    n = len(texts[0].strip())
    assert first[COLUMN["digit_share"]] == pytest.approx(4 / n)  # Arabic-Indic digits are digits too
    assert first[COLUMN["upper_share"]] == pytest.approx(5 / n)  # Ω, À, É, D, O: not the lower case
    assert first[COLUMN["punctuation_share"]] == pytest.approx(4 / n)
    assert first[COLUMN["sentences"]] == pytest.approx(np.log1p(2))  # ". " and "! ", not the final "?"
    assert second[COLUMN["upper_share"]] == pytest.approx(4 / len(texts[1]))
    assert second[COLUMN["punctuation_share"]] == pytest.approx(2 / len(texts[1]))
    assert third[COLUMN["digit_share"]] == third[COLUMN["upper_share"]] == third[COLUMN["punctuation_share"]] == 0


def test_text_inside_svg_buttons_and_noscript_is_skipped_but_the_text_after_them_is_not():
    html = (
        "<html><body><p>Before <svg><text>icon label</text></svg>after.</p>"
        "<noscript><p>Enable JavaScript</p></noscript><button><div>Share</div></button><p>Last one.</p></body></html>"
    )
    assert [block.text for block in blocks_of(html)] == ["Before after.", "Last one."]


def test_a_button_the_parser_left_open_around_the_page_is_read():
    """libxml2 ignores `</button>` while a div opened inside the button is open, so the rest of
    the page lands inside the button: its paragraphs are still the page's text."""
    html = (
        '<html><body><header><button class="menu-button"><div class="inner"><div></button></header>'
        f"<article><h1>Plan approved</h1><p>{STORY}</p></article></body></html>"
    )
    root = lxml.html.fromstring(html)
    assert root.xpath("//button//article")  # the parser did nest the page inside the button
    assert [block.text for block in page_blocks(root)] == ["Plan approved", STORY]


@pytest.mark.parametrize(
    ("class_name", "marks"),
    [
        ("ads", {"ad"}), ("top-ads", {"ad", "header"}), ("uploads", set()), ("ad_slot", set()),
        ("headline", {"related"}), ("Newsletter-Signup", {"newsletter"}), ("commentary", {"comment"}),
    ],
)
def test_class_names_are_marked_by_whole_names_and_by_parts(class_name, marks):
    """`ads` only as a word of its own; every other name anywhere, case aside."""
    rows = features_of(f'<html><body><p class="{class_name}">Some text here.</p></body></html>')
    found = {name.removeprefix("mark_") for name in FEATURE_NAMES if name.startswith("mark_") and rows["Some text here."][COLUMN[name]]}
    assert found == marks


_WORDS = st.text("abc-", min_size=1, max_size=4).filter(lambda word: word[0] != "-")


@given(st.lists(_WORDS | st.just(r"\bab?\b"), min_size=1, max_size=12), st.text("abc- ", max_size=30))
def test_class_words_grouped_by_first_letter_match_what_the_plain_alternation_matches(words, names):
    """The grouped pattern finds, at every position, the same word as `word1|word2|…` in order."""
    assert re.findall(_by_first_letter(words), names) == re.findall("|".join(words), names)
