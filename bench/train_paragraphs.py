"""`make train` (cleaning part): the paragraph classifier of Clean, from plain texts made of real
pages, and the threshold it removes paragraphs at.

Each corpus page gives plain texts in the shape Clean meets, its headline first, then (1) the
page's text blocks from a few before the article to many after it (bylines, captions,
related-story lists and footers as they sit around the body), (2) trafilatura's text as Extract
reads it, which is what Clean most often gets, (3) trafilatura's recall-oriented extraction, and
(4) its reviewed article text with generated news furniture (`bench/furnished_texts.py`),
(5) with the page's own related-story list spliced in and (6) with its own byline and captions
(`bench/own_furniture.py`). A
paragraph is article text when at least half of it lies in the page's gold text (word 4-grams,
as `train_extraction.block_labels` labels blocks); the headline line is kept, for Clean to take
as the title; in (4) to (6) what was added is boilerplate. The labelled cases of `tests/cleaning_set/`
are added. Only what the exact rules leave reaches the classifier, so only that is labelled.

The threshold is set on predictions the model makes for sites it was not trained on (grouped
cross-fitting within the training data): the lowest that still keeps `KEEP_ARTICLE` of the
article's words. Same data and settings, same model and threshold: fixed seeds, deterministic
LightGBM, one thread.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import pathlib
from collections.abc import Sequence

import lightgbm
import numpy as np
import trafilatura

from bench.corpus import Page, grouped_folds, load_pages, site_folds
from bench.eval_cleaning import Case, read_cases
from bench.furnished_texts import furnished_text
from bench.own_furniture import captioned_text, spliced_text
from bench.train_extraction import PARAMS, block_labels
from transforms.clean import backed_rules, headline_of, soft_rules, split_paragraphs, strip_exact
from transforms.extract import NoArticleText, analyse_page
from transforms.paragraph_features import FEATURE_NAMES, paragraph_features
from transforms.paragraph_model import DEFAULT_PARAGRAPH_MODEL, ParagraphModel, threshold_file
from transforms.quality import word_count

BLOCKS_BEFORE, BLOCKS_AFTER = 5, 15
KEEP_ARTICLE = 0.997  # of the article's words, cross-fitted; unseen sites keep .001-.003 less (bar: .995)
ROUNDS = 200
CROSS_FIT_FOLDS = 3


@dataclasses.dataclass(frozen=True)
class LabelledText:
    """One plain text as Clean would get it, with the truth for each paragraph."""

    kind: str  # "blocks", "trafilatura", "recall", "furnished", "spliced", "captioned" (module docstring), "cleaning_set"
    domain: str  # the site, or the cleaning-set file: what folds group by
    text: str
    title: str | None
    gold: str | None  # the article text, if known
    boilerplate: tuple[bool, ...] | None = None  # per paragraph of split_paragraphs(text), if known
    headline_line: bool = False  # whether the first line is the headline (neither kind of text)


@dataclasses.dataclass(frozen=True)
class Rows:
    """The paragraphs that reach the classifier, as features and labels (1: boilerplate)."""

    features: np.ndarray
    labels: np.ndarray
    words: np.ndarray
    soft_rules: list[str | None]  # the soft rule that would remove it (`clean.soft_rules`), if any
    texts: list[slice]  # the rows of each text, in turn
    groups: list[str]


def page_texts(page: Page) -> list[LabelledText]:
    """The plain texts of a page (module docstring); none when the page has no headline."""
    headline = (page.title or "").strip()
    if not headline:
        return []
    try:
        analysis = analyse_page(page.html, page.url)
    except NoArticleText:
        analysis = None
    blocks = [block.text for block in analysis.blocks] if analysis else []
    article = np.flatnonzero(block_labels(blocks, page.gold)[0]) if blocks else []
    texts = {}
    if len(article):
        texts["blocks"] = "\n".join(blocks[max(article[0] - BLOCKS_BEFORE, 0) : article[-1] + 1 + BLOCKS_AFTER])
    texts["trafilatura"] = analysis.trafilatura.text if analysis and analysis.trafilatura else None
    texts["recall"] = trafilatura.extract(page.html, url=page.url, favor_recall=True, include_comments=False)
    return [
        LabelledText(kind, page.domain, f"{headline}\n{text}", None, page.gold, headline_line=True)
        for kind, text in texts.items()
        if text
    ]


def made_texts(pages: Sequence[Page]) -> list[LabelledText]:
    """The texts labelled exactly, at most one of each kind per page: generated furniture
    (`furnished_texts`), linking to the other pages' headlines, then the page's own related list
    spliced in, then its own captions and byline (`own_furniture`)."""
    titles = sorted({(page.title or "").strip() for page in pages} - {""})
    makers = {
        "furnished": lambda page: furnished_text(page, [t for t in titles if t != (page.title or "").strip()]),
        "spliced": spliced_text,
        "captioned": captioned_text,
    }
    return [
        _exactly_labelled(kind, page, *made)
        for kind, make in makers.items()
        for page in pages
        if (made := make(page)) is not None
    ]


def _exactly_labelled(kind: str, page: Page, lines: list[str], labels: list[bool]) -> LabelledText:
    text = "\n".join(lines)
    truth = dict(zip(lines, labels))
    boilerplate = tuple(truth.get(paragraph, False) for paragraph in split_paragraphs(text))
    return LabelledText(kind, page.domain, text, None, page.gold, boilerplate, headline_line=True)


def cleaning_cases() -> list[tuple[str, Case]]:
    """The cases of `tests/cleaning_set/`, each with its group (its language's file)."""
    return [(f"cleaning_set/{case.name.split('-')[0]}", case) for case in read_cases()]


def case_text(case: Case, group: str) -> LabelledText:
    return LabelledText("cleaning_set", group, "\n".join(case.lines), case.title, None, case.boilerplate)


def labelled_texts(pages: Sequence[Page], cases: Sequence[tuple[str, Case]]) -> list[LabelledText]:
    texts = [text for page in pages for text in page_texts(page)]
    texts += made_texts(pages)
    return texts + [case_text(case, group) for group, case in cases]


def paragraph_truth(text: LabelledText, paragraphs: Sequence[str]) -> np.ndarray:
    """1 for each boilerplate paragraph of `paragraphs` (taken from `text`), 0 for article text
    and for the headline line, which Clean turns into the title. A paragraph's later copies are
    article text only as often as the gold text holds it: when a text prints a paragraph twice
    (seed 001), taking the repeat out loses no article text."""
    if text.boilerplate is not None:
        truth = dict(zip(split_paragraphs(text.text), text.boilerplate))
        return np.array([truth.get(p, False) for p in paragraphs], dtype=float)
    labels = 1.0 - block_labels(list(paragraphs), text.gold)[0]
    copies: collections.Counter[str] = collections.Counter()
    for i, paragraph in enumerate(paragraphs):
        copies[paragraph] += 1
        if copies[paragraph] > 1 and copies[paragraph] > text.gold.count(paragraph):
            labels[i] = 1.0
    if paragraphs and text.headline_line and paragraphs[0] == split_paragraphs(text.text)[0]:
        labels[0] = 0.0
    return labels


def classifier_rows(texts: Sequence[LabelledText]) -> Rows:
    """What the classifier sees of each text: the paragraphs the exact rules leave."""
    features, labels, words, soft, spans, groups = [], [], [], [], [], []
    for text in texts:
        paragraphs = list(strip_exact(text.text, text.title).paragraphs)
        if not paragraphs:
            continue
        counts = [word_count(p) for p in paragraphs]
        features.append(paragraph_features(paragraphs, headline_of(text.title, paragraphs, counts), counts))
        labels.append(paragraph_truth(text, paragraphs))
        words.extend(counts)
        spans.append(slice(len(soft), len(soft) + len(paragraphs)))
        soft.extend(soft_rules(paragraphs, for_classifier=True))
        groups.extend([text.domain] * len(paragraphs))
    return Rows(np.vstack(features), np.concatenate(labels), np.array(words, dtype=float), soft, spans, groups)


def _fit(rows: Rows, mask: np.ndarray) -> lightgbm.Booster:
    data = lightgbm.Dataset(rows.features[mask], label=rows.labels[mask], feature_name=list(FEATURE_NAMES))
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)


def keeping_threshold(
    probabilities: np.ndarray, labels: np.ndarray, words: np.ndarray, removed: np.ndarray, keep: float = KEEP_ARTICLE
) -> float:
    """The lowest threshold at which the article paragraphs (label 0) that neither scoring at or
    above it nor `removed` (by a soft rule's verdict, `clean.backed_rules`) take
    away hold at least `keep` of the article's words."""
    article = labels == 0
    budget = (1 - keep) * words[article].sum() - words[article & removed].sum()
    open_ = article & ~removed
    order = np.argsort(-probabilities[open_], kind="stable")
    lost = np.cumsum(words[open_][order])
    first_kept = int(np.searchsorted(lost, budget, side="right"))  # the highest-scoring one that must stay
    if first_kept >= len(order):
        return 1.0
    return float(np.nextafter(probabilities[open_][order][first_kept], 1.0))


def train(rows: Rows, mask: np.ndarray | None = None) -> ParagraphModel:
    """The model on `mask`'s rows (all by default), with its threshold from cross-fitting there."""
    mask = np.ones(len(rows.labels), dtype=bool) if mask is None else mask
    folds = np.array(site_folds(rows.groups, CROSS_FIT_FOLDS))
    out_of_fold = np.zeros(len(rows.labels))
    for fold in range(CROSS_FIT_FOLDS):
        held = mask & (folds == fold)
        out_of_fold[held] = _fit(rows, mask & (folds != fold)).predict(rows.features[held], num_threads=1)
    backed = np.array([
        rule is not None for span in rows.texts for rule in backed_rules(rows.soft_rules[span], out_of_fold[span])
    ])
    threshold = keeping_threshold(out_of_fold[mask], rows.labels[mask], rows.words[mask], backed[mask])
    return ParagraphModel(_fit(rows, mask), threshold)


def folds_of_sites(pages: Sequence[Page], other_groups: Sequence[str], folds: int) -> dict[str, int]:
    """The fold of each site as `make eval` deals the corpus pages (`corpus.grouped_folds`), so the
    extraction and cleaning figures share their folds; other groups are dealt in turn."""
    fold_of_site = dict(zip((page.domain for page in pages), grouped_folds(pages, folds)))
    return fold_of_site | {group: i % folds for i, group in enumerate(sorted(set(other_groups)))}


def fold_models(texts: Sequence[LabelledText], fold_of_site: dict[str, int], folds: int) -> list[ParagraphModel]:
    """A classifier per fold of an evaluation, each trained without the texts of its fold's sites
    (`fold_of_site`); texts of sites it does not name train every one."""
    rows = classifier_rows(texts)
    row_fold = np.array([fold_of_site.get(group, -1) for group in rows.groups])
    return [train(rows, row_fold != fold) for fold in range(folds)]


def training_rows(corpus: str) -> tuple[list[LabelledText], Rows]:
    cases = cleaning_cases()
    texts = labelled_texts(load_pages(corpus), cases)
    return texts, classifier_rows(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/ and wcxb-train/")
    parser.add_argument("--output", default=str(DEFAULT_PARAGRAPH_MODEL.parent), help="folder the model files go to")
    args = parser.parse_args()
    texts, rows = training_rows(args.corpus)
    model = train(rows)
    path = pathlib.Path(args.output) / DEFAULT_PARAGRAPH_MODEL.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model.booster.model_to_string(), encoding="utf-8")
    threshold_file(path).write_text(json.dumps({"threshold": model.threshold, "keep_article": KEEP_ARTICLE}) + "\n")
    print(
        f"{path.name}: {len(texts)} texts, {len(rows.labels)} paragraphs ({int(rows.labels.sum())} boilerplate), "
        f"{model.booster.num_trees()} trees, threshold {model.threshold:.4f}, {path.stat().st_size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
