"""`make train` on generated pages: labels come from the gold text, the same pages give the same
model byte for byte, and what it learns carries over to a page it was not trained on."""

import random

import pytest

from bench.corpus import Page
from bench.train_extraction import block_labels, label_pages, train, train_chooser
from transforms.block_model import BlockModel, article_text
from transforms.extract import analyse_page

WORDS = (
    "the council said on tuesday that its plan for the new rail line would cost more than expected "
    "and residents of the northern districts asked why the work had been delayed again this year"
).split()
MENU = ["Home", "World", "Business", "Sport", "Culture", "Weather", "Opinion", "Video"]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."


def generated_page(seed: int) -> Page:
    rng = random.Random(seed)
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(3, 8))]
    teasers = [f"{sentence(rng)[:40]}" for _ in range(rng.randint(3, 6))]
    html = (
        f"<html><head><title>Story {seed}</title></head><body>"
        f"<nav>{''.join(f'<a href=/{m}>{m}</a> ' for m in MENU)}</nav>"
        f"<div class='content'>{''.join(f'<p>{p}</p>' for p in paragraphs)}</div>"
        f"<aside class='related'><ul>{''.join(f'<li><a href=/t{i}>{t}</a></li>' for i, t in enumerate(teasers))}</ul></aside>"
        f"<footer>Copyright City News {seed}</footer></body></html>"
    )
    return Page(id=str(seed), url=f"https://site{seed % 7}.example/{seed}", domain=f"site{seed % 7}.example",
                html=html, gold="\n\n".join(paragraphs), title=f"Story {seed}")


@pytest.fixture(scope="module")
def pages():
    return label_pages([generated_page(seed) for seed in range(60)])


def test_blocks_are_labelled_by_their_share_of_the_gold_text():
    gold = "The mayor opened the new bridge on Monday morning.\n\nIt cost ten million."
    labels, weights = block_labels(
        ["The mayor opened the new bridge on Monday morning.", "Read more: bridges", "It cost", "Home"], gold
    )
    assert labels.tolist() == [1, 0, 1, 0]
    assert weights.tolist() == [9, 3, 2, 1]


def test_the_same_pages_give_the_same_model_and_predictions(pages):
    first, second = train(pages), train(pages)
    assert first.model_to_string() == second.model_to_string()
    features = pages[0].analysis.features
    assert first.predict(features).tolist() == second.predict(features).tolist()


def test_the_same_pages_give_the_same_page_chooser(pages):
    assert train_chooser(pages).model_to_string() == train_chooser(pages).model_to_string()


def test_the_model_keeps_the_story_of_a_page_it_never_saw(pages):
    model = BlockModel(train(pages))
    unseen = generated_page(1000)
    analysis = analyse_page(unseen.html, unseen.url)
    text = article_text(analysis.blocks, model.probabilities(analysis.features))
    assert text.split("\n") == unseen.gold.split("\n\n")
