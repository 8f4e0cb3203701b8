"""`make train` (paragraph classifier) on generated pages: texts and labels, the generated
furniture, the threshold rule, and the same data giving the same model and threshold."""

import numpy as np
import pytest

from bench.corpus import Page
from bench.furnished_texts import furnished_text
from bench.own_furniture import captioned_text, captions_and_byline, related_list, spliced_text
from bench.train_paragraphs import (
    LabelledText,
    classifier_rows,
    keeping_threshold,
    labelled_texts,
    paragraph_truth,
    train,
)
from tests.test_train_extraction import generated_page
from transforms.clean import split_paragraphs


@pytest.fixture(scope="module")
def texts():
    return labelled_texts([generated_page(seed) for seed in range(40)], [])


def test_every_page_gives_its_surroundings_two_extractions_a_furnished_copy_and_one_with_its_list(texts):
    assert {text.kind for text in texts} == {"blocks", "trafilatura", "recall", "furnished", "spliced"}
    assert not any(text.kind == "captioned" for text in texts)  # the generated pages have neither
    blocks = next(text for text in texts if text.kind == "blocks")
    assert blocks.text.startswith("Story ") and blocks.headline_line
    assert "Copyright City News" in blocks.text  # what sits after the article comes along


def test_paragraphs_in_the_gold_text_are_article_and_the_headline_line_is_not_boilerplate():
    gold = "The mayor opened the new bridge on Monday morning after years of delays."
    text = LabelledText("blocks", "a.example", f"Bridge opens\n{gold}\nHome\nSport", None, gold, headline_line=True)
    assert paragraph_truth(text, split_paragraphs(text.text)).tolist() == [0, 0, 1, 1]


def test_a_paragraph_printed_more_often_than_the_gold_text_holds_it_is_boilerplate_from_the_extra_copy():
    lede = "The mayor opened the new bridge on Monday morning after years of delays."
    chorus = "Traffic will flow both ways from the first of next month, the council said."
    gold = f"{lede}\n{chorus}\nMore on the works.\n{chorus}"  # the story itself says it twice
    text = LabelledText(
        "blocks", "a.example", f"Bridge opens\n{lede}\n{lede}\n{chorus}\n{chorus}\nBridge opens", None, gold,
        headline_line=True,
    )
    assert paragraph_truth(text, split_paragraphs(text.text)).tolist() == [0, 0, 1, 0, 0, 1]


def test_furnished_copies_label_exactly_what_was_added_and_are_the_same_every_run():
    page = generated_page(3)
    titles = [f"Other story number {i} of the day" for i in range(30)]
    lines, labels = furnished_text(page, titles)
    assert furnished_text(page, titles) == (lines, labels)
    assert lines[0] == page.title and not labels[0]
    body = split_paragraphs(page.gold)
    assert [line for line, added in zip(lines, labels) if not added] == [page.title, *body]
    added = [line for line, is_added in zip(lines, labels) if is_added]
    assert all(line not in body for line in added)
    assert furnished_text(page, titles[:3]) is None  # too few other headlines to link to


def test_a_pages_own_related_list_is_spliced_into_its_article_labelled_exactly():
    page = generated_page(5)
    label, links = related_list(page)
    assert label is None and len(links) >= 3 and all(link in page.html for link in links)
    lines, labels = spliced_text(page)
    assert spliced_text(page) == (lines, labels)
    article = [line for line, added in zip(lines, labels) if not added]
    assert article == [page.title, *split_paragraphs(page.gold)]
    assert [line for line, added in zip(lines, labels) if added] == links


def test_a_related_list_needs_a_list_name_three_links_of_four_words_and_takes_its_label():
    links = "".join(f"<li><a href=/{i}>Council votes on budget plan {i}</a></li>" for i in range(3))
    named = f"<div class='more-stories'><h3>Similar Posts</h3><ul>{links}</ul></div>"
    page = Page("a", "https://a.example/1", "a.example", f"<html><body>{named}</body></html>", "Text.", "Title")
    assert related_list(page) == ("Similar Posts", [f"Council votes on budget plan {i}" for i in range(3)])
    for html in (named.replace("more-stories", "sidebar"), named.replace("on budget plan ", "")):
        other = Page("a", page.url, page.domain, f"<html><body>{html}</body></html>", "Text.", "Title")
        assert related_list(other) is None


def test_a_pages_own_captions_and_byline_are_spliced_into_its_article_labelled_exactly():
    html = (
        "<html><body><h1>Bridge opens</h1><span class='author-name'>By Ann Lee</span>"
        "<figure><img src=a.jpg><figcaption>The bridge at dawn. <span class='credit'>Photo: Bo Ek</span>"
        "</figcaption></figure><div class='wp-caption-text'>Cars queue on the ramp</div>"
        "<p>The mayor opened the bridge.</p><p>It cost ten million.</p></body></html>"
    )
    page = Page("b", "https://b.example/1", "b.example", html, "The mayor opened the bridge.\n\nIt cost ten million.",
                "Bridge opens")
    assert captions_and_byline(page) == (["The bridge at dawn. Photo: Bo Ek", "Cars queue on the ramp"], "By Ann Lee")
    lines, labels = captioned_text(page)
    assert captioned_text(page) == (lines, labels)
    assert lines[:2] == ["Bridge opens", "By Ann Lee"] and labels[:2] == [False, True]
    assert [line for line, added in zip(lines, labels) if not added] == ["Bridge opens", *split_paragraphs(page.gold)]
    assert sorted(line for line, added in zip(lines, labels) if added) == sorted([*captions_and_byline(page)[0], "By Ann Lee"])
    bare = Page("c", page.url, page.domain, "<html><body><p>The mayor opened the bridge.</p></body></html>",
                page.gold, page.title)
    assert captioned_text(bare) is None


def test_the_threshold_keeps_the_share_of_article_words_asked_for():
    probabilities = np.array([0.95, 0.9, 0.8, 0.7, 0.2, 0.1])
    labels = np.array([1, 0, 0, 1, 0, 0])
    words = np.array([5, 1, 10, 5, 89, 0])  # 100 article words
    removed = np.zeros(6, dtype=bool)
    # losing the 1-word paragraph at 0.9 keeps 99 %; the one at 0.8 would cost 10 % more
    assert keeping_threshold(probabilities, labels, words, removed, keep=0.99) == np.nextafter(0.8, 1.0)
    assert keeping_threshold(probabilities, labels, words, removed, keep=1.0) == np.nextafter(0.9, 1.0)
    # words a backed soft rule already removed come out of the same allowance
    removed[1] = True
    assert keeping_threshold(probabilities, labels, words, removed, keep=0.99) == np.nextafter(0.8, 1.0)
    # an allowance the rules overspent lets the classifier remove no article paragraph at all
    assert keeping_threshold(probabilities, labels, words, removed, keep=0.995) == np.nextafter(0.8, 1.0)


def test_the_same_texts_give_the_same_model_and_threshold(texts):
    rows = classifier_rows(texts)
    first, second = train(rows), train(rows)
    assert first.booster.model_to_string() == second.booster.model_to_string()
    assert first.threshold == second.threshold
    assert first.probabilities(rows.features).tolist() == second.probabilities(rows.features).tolist()


def test_what_it_learns_carries_over_to_pages_it_was_not_trained_on(texts):
    rows = classifier_rows(texts)
    model = train(rows)
    unseen = classifier_rows(labelled_texts([generated_page(seed) for seed in range(100, 110)], []))
    removed = model.probabilities(unseen.features) >= model.threshold
    article = unseen.labels == 0
    assert removed[~article].mean() > 0.5  # most of the furniture goes
    assert (unseen.words[article & ~removed].sum() / unseen.words[article].sum()) > 0.98
