"""The reviewed-text corpora (`wcxb-dev`, `wcxb-train`) as evaluation and training both read them:
pages with their gold text, folds grouped by site, and the scoring convention of corpus/README.md.

Scoring (the ScrapingHub article-extraction-benchmark method): `\\w+` tokens, case kept;
overlapping 4-token shingles counted as multisets; per-page precision and recall; mean precision
over pages with output, mean recall over all pages, F1 of the two means.
"""

from __future__ import annotations

import collections
import dataclasses
import gzip
import hashlib
import json
import pathlib
import random
import re
import urllib.parse
from collections.abc import Sequence


__all__ = [
    "CORPORA",
    "Page",
    "PageScore",
    "bootstrap_f1",
    "f1_of_means",
    "grouped_folds",
    "site_folds",
    "load_pages",
    "paired_bootstrap",
    "score_page",
    "shingles",
]

CORPORA = ("wcxb-dev", "wcxb-train")
_WORD = re.compile(r"\w+")
_SHINGLE_WORDS = 4


def shingles(text: str) -> collections.Counter:
    """The text's word 4-grams as a multiset, as the convention counts them."""
    words = _WORD.findall(text)
    return collections.Counter(tuple(words[i : i + _SHINGLE_WORDS]) for i in range(len(words) - _SHINGLE_WORDS + 1))


@dataclasses.dataclass(frozen=True)
class Page:
    id: str
    url: str
    domain: str
    html: str
    gold: str
    title: str | None


def load_pages(corpus: str | pathlib.Path, names: Sequence[str] = CORPORA, limit: int | None = None) -> list[Page]:
    """Every page of the named corpora under `corpus`, in file order; `limit` pages per corpus."""
    pages = []
    for name in names:
        folder = pathlib.Path(corpus) / name
        gold = folder / "gold.jsonl"
        if not gold.is_file():
            raise SystemExit(f"no {gold}: pass --corpus (or CORPUS=... to make)")
        records = [json.loads(line) for line in gold.read_text().split("\n") if line.strip()]
        for record in records[:limit]:
            html = gzip.decompress((folder / "html" / f"{record['id']}.html.gz").read_bytes())
            pages.append(
                Page(
                    id=f"{name}/{record['id']}",
                    url=record["url"],
                    domain=record.get("domain") or urllib.parse.urlsplit(record["url"]).hostname or f"{name}/{record['id']}",
                    html=html.decode("utf-8", "replace"),
                    gold=record.get("main_content") or "",
                    title=record.get("title"),
                )
            )
    return pages


def site_folds(sites: Sequence[str], folds: int) -> list[int]:
    """Fold number of each item, given its site: all items of one site in one fold, sites dealt
    by a hash of their name, so the split does not depend on file order."""
    dealt = sorted(set(sites), key=lambda site: hashlib.sha1(site.encode()).hexdigest())
    fold_of_site = {site: i % folds for i, site in enumerate(dealt)}
    return [fold_of_site[site] for site in sites]


def grouped_folds(pages: Sequence[Page], folds: int) -> list[int]:
    """Fold number of each page, grouped by its site (`site_folds`)."""
    return site_folds([page.domain for page in pages], folds)


@dataclasses.dataclass(frozen=True)
class PageScore:
    precision: float | None  # None where the extractor gave no text
    recall: float

    @property
    def f1(self) -> float:
        """This page's own F1 (no text counts as precision 0)."""
        precision = self.precision or 0.0
        return 2 * precision * self.recall / (precision + self.recall) if precision + self.recall else 0.0


def score_page(text: str, gold: str) -> PageScore:
    output, truth = shingles(text), shingles(gold)
    common = sum((output & truth).values())
    precision = common / sum(output.values()) if output else None
    recall = common / sum(truth.values()) if truth else 1.0
    return PageScore(precision, recall)


def f1_of_means(scores: Sequence[PageScore]) -> tuple[float, float, float]:
    """(precision, recall, F1) as the corpus README defines them."""
    precisions = [s.precision for s in scores if s.precision is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bootstrap_f1(scores: Sequence[PageScore], rounds: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95 % interval of F1 over pages resampled with replacement (fixed seed)."""
    rng = random.Random(seed)
    values = sorted(f1_of_means(rng.choices(scores, k=len(scores)))[2] for _ in range(rounds))
    return values[int(0.025 * rounds)], values[int(0.975 * rounds) - 1]


def paired_bootstrap(a: Sequence[PageScore], b: Sequence[PageScore], rounds: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95 % interval of F1(a) - F1(b) over the same resampled pages: is a better than b?"""
    rng = random.Random(seed)
    n = len(a)
    deltas = []
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        deltas.append(f1_of_means([a[i] for i in picks])[2] - f1_of_means([b[i] for i in picks])[2])
    deltas.sort()
    return deltas[int(0.025 * rounds)], deltas[int(0.975 * rounds) - 1]
