"""`make eval` (extraction part): article text of newsbeam's extraction methods against the single
extractors, by cross-validation grouped by site, all in one run on the same pages.

The block model and the page chooser are trained afresh on four fifths of the sites and scored on
the fifth they never saw, five times over (`bench.train_extraction` with its fixed settings,
cross-fitting the chooser inside the training sites; nothing is chosen on the folds reported);
"blocks only" is the block model without the chooser. Clean's paragraph classifier is trained
the same way, per fold, without the fold's sites (`bench.train_paragraphs.fold_models`). The
figures on wcxb-train alone are printed apart (its gold text started as trafilatura-like drafts,
see the corpus README). Scoring is the corpus README's (see `bench.corpus`); the interval after
each F1 is a 95 % bootstrap over pages, and the last lines say by how much the model beats the best single
extractor on the same resampled pages. Clean's time is printed as a share of Extract's.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable

import trafilatura

from bench.corpus import (
    bootstrap_f1,
    f1_of_means,
    grouped_folds,
    load_pages,
    paired_bootstrap,
    score_page,
)
from bench.train_extraction import label_pages, train, train_chooser, trafilatura_text
from bench.train_paragraphs import cleaning_cases, fold_models, folds_of_sites, labelled_texts
from transforms.block_model import BlockModel, article_text
from transforms.clean import clean_text
from transforms.extract import analyse_page
from transforms.extractors import boilerpy3_article, justext_text, readability_text
from transforms.timestamps import parse_timestamp

FOLDS = 5


def trafilatura_with(**settings) -> Callable[[str, str], str]:
    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, **settings) or ""

    return extract


BASELINES = {
    "trafilatura default": trafilatura_with(),
    "trafilatura no comments": trafilatura_with(include_comments=False),
    "trafilatura favor_precision": trafilatura_with(include_comments=False, favor_precision=True),
    "readability-lxml": lambda html, url: readability_text(html),
    "jusText": lambda html, url: justext_text(html),
    "boilerpy3 ArticleExtractor": lambda html, url: boilerpy3_article(html),
}
BLOCKS = "newsbeam model, blocks only"
MODEL = "newsbeam model"
MODEL_CLEAN = "newsbeam model + Clean"
TRAFILATURA_CLEAN = "newsbeam trafilatura + Clean"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/ and wcxb-train/")
    parser.add_argument("--limit", type=int, help="only the first N pages of each corpus")
    args = parser.parse_args()
    pages = label_pages(load_pages(args.corpus, limit=args.limit))
    folds = grouped_folds([p.page for p in pages], FOLDS)
    # Clean's paragraph classifier for each fold, trained without that fold's sites, as the block model is
    cases = cleaning_cases()
    raw = [p.page for p in pages]
    classifiers = fold_models(labelled_texts(raw, cases), folds_of_sites(raw, [group for group, _ in cases], FOLDS), FOLDS)
    scores: dict[str, list] = {
        name: [None] * len(pages)
        for name in (BLOCKS, MODEL, MODEL_CLEAN, TRAFILATURA_CLEAN, *BASELINES)
    }
    millis: dict[str, list[float]] = {name: [] for name in BASELINES}
    clean_ms, extract_ms = [], []
    for fold in range(FOLDS):
        training = [p for p, f in zip(pages, folds) if f != fold]
        model = BlockModel(train(training), train_chooser(training))
        clean = functools.partial(clean_text, model=classifiers[fold])
        for i, labelled in enumerate(pages):
            if folds[i] != fold:
                continue
            page = labelled.page
            start = time.perf_counter()
            analysis = analyse_page(page.html, page.url)
            _, text = model.article(analysis.blocks, analysis.features, trafilatura_text(analysis))
            extract_ms.append((time.perf_counter() - start) * 1000)
            scores[MODEL][i] = score_page(text, page.gold)
            scores[BLOCKS][i] = score_page(article_text(analysis.blocks, model.probabilities(analysis.features)), page.gold)
            meta = analysis.trafilatura
            title = meta.title if meta else None
            published = parse_timestamp(meta.date) if meta else None
            start = time.perf_counter()
            cleaned = clean(text, title, published).text if text else ""
            clean_ms.append((time.perf_counter() - start) * 1000)
            scores[MODEL_CLEAN][i] = score_page(cleaned, page.gold)
            primary = meta.text if meta and meta.text else ""
            scores[TRAFILATURA_CLEAN][i] = score_page(clean(primary, title, published).text if primary else "", page.gold)
            for name, extract in BASELINES.items():  # interleaved: load changes hit all alike
                start = time.perf_counter()
                output = extract(page.html, page.url)
                millis[name].append((time.perf_counter() - start) * 1000)
                scores[name][i] = score_page(output, page.gold)
    sites = len({p.page.domain for p in pages})
    print(f"Article text on {len(pages)} pages of {sites} sites, {FOLDS}-fold cross-validation grouped by site")
    print(f"{'extractor':<32}{'P':>7}{'R':>7}{'F1':>7}  {'95% interval':<15}{'ms/page':>8}")
    for name, values in scores.items():
        p, r, f1 = f1_of_means(values)
        low, high = bootstrap_f1(values)
        ms = f"{statistics.median(millis[name]):>8.1f}" if name in millis else ""
        print(f"{name:<32}{p:>7.4f}{r:>7.4f}{f1:>7.4f}  [{low:.4f}, {high:.4f}]{ms}")
    train_only = [i for i, p in enumerate(pages) if p.page.id.startswith("wcxb-train/")]
    print(f"on the {len(train_only)} wcxb-train pages alone:")
    for name in (MODEL, MODEL_CLEAN, TRAFILATURA_CLEAN, *BASELINES):
        print(f"  {name:<30}F1 {f1_of_means([scores[name][i] for i in train_only])[2]:.4f}")
    best = max(BASELINES, key=lambda name: f1_of_means(scores[name])[2])
    for name, other in ((MODEL, BLOCKS), (MODEL, best), (MODEL_CLEAN, best)):
        gain = f1_of_means(scores[name])[2] - f1_of_means(scores[other])[2]
        low, high = paired_bootstrap(scores[name], scores[other])
        print(f"{name} - {other}: {gain:+.4f} F1 (95% interval {low:+.4f} to {high:+.4f})")
    print(
        f"Clean time / Extract time: {sum(clean_ms) / sum(extract_ms):.1%} over all pages (median per page "
        f"{statistics.median(clean_ms):.2f} ms and {statistics.median(extract_ms):.1f} ms)"
    )


if __name__ == "__main__":
    main()
