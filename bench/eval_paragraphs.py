"""`make eval` (paragraph classifier part): Clean's rules alone against rules + classifier, by
cross-validation grouped by site on plain texts made of the corpus pages (`train_paragraphs`),
each fold's classifier and threshold learned on the other folds only.

Prints, pooled over the folds: the share of boilerplate paragraphs removed, the share of article
paragraphs kept (by count and by words), the article-text F1 of the texts as given, cleaned by the
rules and cleaned by rules + classifier (the corpus's scoring convention), and Clean's CPU per
page next to Extract's.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Sequence

from bench.corpus import PageScore, f1_of_means, load_pages, score_page
from bench.eval_cleaning import removed_paragraphs
from bench.train_paragraphs import LabelledText, cleaning_cases, fold_models, folds_of_sites, labelled_texts, paragraph_truth
from transforms.clean import clean_text, shipped_paragraph_model, split_paragraphs
from transforms.extract import extract_page
from transforms.paragraph_model import ParagraphModel
from transforms.quality import word_count

FOLDS = 5
TIMED_PAGES = 200


@dataclasses.dataclass
class Tally:
    """Paragraph counts of one way of cleaning, summed over texts."""

    boilerplate: int = 0
    boilerplate_removed: int = 0
    article: int = 0
    article_kept: int = 0
    article_words: int = 0
    article_words_kept: int = 0
    scores: list[PageScore] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def add(self, text: LabelledText, paragraphs: list[str], removed: Sequence[bool], cleaned: str) -> None:
        """Counts one text: its `paragraphs`, which of them were `removed`, the `cleaned` text.
        Its headline line is neither kind of paragraph (Clean makes it the title)."""
        if text.gold is not None:
            self.scores.append(score_page(cleaned, text.gold))
        start = 1 if text.headline_line else 0
        truth = paragraph_truth(text, paragraphs)
        words = [word_count(p) for p in paragraphs]
        for is_boilerplate, was_removed, count in zip(truth[start:], removed[start:], words[start:]):
            if is_boilerplate:
                self.boilerplate += 1
                self.boilerplate_removed += was_removed
            else:
                self.article += 1
                self.article_kept += not was_removed
                self.article_words += count
                self.article_words_kept += count * (not was_removed)

    def row(self, name: str) -> str:
        f1 = f"{f1_of_means(self.scores)[2]:.4f}" if self.scores else "-"
        return (
            f"{name:<22}{self.boilerplate_removed / max(self.boilerplate, 1):>12.3f}"
            f"{self.article_kept / max(self.article, 1):>13.4f}{self.article_words_kept / max(self.article_words, 1):>12.4f}"
            f"{f1:>10}"
        )


def score_text(text: LabelledText, model: ParagraphModel | None, tally: Tally) -> None:
    """Cleans `text` with rules + `model`, or the rules alone when it is None, into `tally`."""
    paragraphs = split_paragraphs(text.text)
    start = time.process_time()
    cleaned = clean_text("\n".join(paragraphs), text.title, model=model, rules_only=model is None)
    tally.seconds += time.process_time() - start
    tally.add(text, paragraphs, removed_paragraphs(paragraphs, cleaned.paragraphs), cleaned.text)


METHODS = ("as given", "rules", "rules + classifier")
KINDS = {
    "blocks": "corpus pages", "trafilatura": "corpus pages", "recall": "corpus pages", "furnished": "generated",
    "spliced": "sites' own lists", "captioned": "sites' own captions", "cleaning_set": "cleaning set",
}


def cross_validate(texts: Sequence[LabelledText], fold_of_site: dict[str, int]) -> dict[str, dict[str, Tally]]:
    """Tallies by kind of text and by method, each fold cleaned by a model of the other folds."""
    models = fold_models(texts, fold_of_site, FOLDS)
    tallies = {kind: {method: Tally() for method in METHODS} for kind in dict.fromkeys(KINDS.values())}
    for text in texts:
        tally = tallies[KINDS[text.kind]]
        paragraphs = split_paragraphs(text.text)
        tally["as given"].add(text, paragraphs, [False] * len(paragraphs), text.text)
        score_text(text, None, tally["rules"])
        score_text(text, models[fold_of_site[text.domain]], tally["rules + classifier"])
    return tallies


def cpu_per_page(pages) -> tuple[float, float]:
    """CPU seconds per page of Extract (the default method) and of Clean on what it extracted."""
    start = time.process_time()
    extracted = []
    for page in pages:
        try:
            extracted.append(extract_page(page.html, page.url))
        except ValueError:  # no article text
            continue
    extract = (time.process_time() - start) / len(pages)
    model = shipped_paragraph_model()
    start = time.process_time()
    for page in extracted:
        clean_text(page.text, page.title, model=model)
    return extract, (time.process_time() - start) / max(len(extracted), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/ and wcxb-train/")
    parser.add_argument("--limit", type=int, help="only the first N pages of each corpus")
    args = parser.parse_args()
    pages = load_pages(args.corpus, limit=args.limit)
    cases = cleaning_cases()
    texts = labelled_texts(pages, cases)
    print(f"Paragraph classifier: {len(texts)} texts from {len(pages)} pages and the cleaning set, {FOLDS} folds grouped by site")
    for kind, tallies in cross_validate(texts, folds_of_sites(pages, [group for group, _ in cases], FOLDS)).items():
        print(f"\n{kind:<22}{'boiler rm':>12}{'article kept':>13}{'words kept':>12}{'F1':>10}")
        for method, tally in tallies.items():
            print(tally.row(method))
    extract, clean = cpu_per_page(pages[:TIMED_PAGES])
    print(
        f"\nOn the first {min(TIMED_PAGES, len(pages))} pages, Extract {1000 * extract:.1f} ms and Clean (shipped classifier, on "
        f"Extract's text) {1000 * clean:.1f} ms of CPU per page: Clean costs {clean / extract:.0%} of Extract"
    )


if __name__ == "__main__":
    main()
