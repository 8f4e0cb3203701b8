"""`make eval` (extraction part): article text of newsbeam's Extract+Clean against the single
extractors, on real pages with human-reviewed text (wcxb-dev), all in one run.

Scoring (corpus README, the ScrapingHub article-extraction-benchmark method): `\\w+` tokens,
case kept; overlapping 4-token shingles counted as multisets; per-page precision and recall;
mean precision over pages with output, mean recall over all pages, F1 of the two means. Also
counted: `with` snippets (must be in the text) found, and `without` snippets (page furniture)
that leak into it.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import pathlib
import re
import statistics
import time
from collections.abc import Callable

import trafilatura

from transforms.clean import clean_text
from transforms.extract import NoArticleText, extract_page
from transforms.extractors import boilerpy3_article

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def shingles(text: str) -> collections.Counter:
    tokens = _TOKEN.findall(text)
    return collections.Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


class Newsbeam:
    """Extract then Clean, each timed, so that Clean's cost reads as a share of Extract's."""

    def __init__(self, consensus: bool):
        self.consensus = consensus
        self.extract_ms: list[float] = []
        self.clean_ms: list[float] = []

    def __call__(self, html: str, url: str) -> str:
        start = time.perf_counter()
        try:
            page = extract_page(html, url, self.consensus)
        except NoArticleText:
            return ""
        extracted = time.perf_counter()
        text = clean_text(page.text, page.title, page.published_at).text
        self.extract_ms.append((extracted - start) * 1000)
        self.clean_ms.append((time.perf_counter() - extracted) * 1000)
        return text


def trafilatura_with(**settings) -> Callable[[str, str], str]:
    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, **settings) or ""

    return extract


NEWSBEAM = Newsbeam(consensus=True)
NEWSBEAM_FAST = Newsbeam(consensus=False)
EXTRACTORS = {
    "newsbeam Extract+Clean": NEWSBEAM,
    "newsbeam, trafilatura only": NEWSBEAM_FAST,
    "trafilatura default": trafilatura_with(),
    "trafilatura no comments": trafilatura_with(include_comments=False),
    "trafilatura favor_precision": trafilatura_with(favor_precision=True),
    "boilerpy3 ArticleExtractor": lambda html, url: boilerpy3_article(html),
}


def flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/")
    parser.add_argument("--limit", type=int, help="score only the first N pages")
    args = parser.parse_args()
    folder = pathlib.Path(args.corpus) / "wcxb-dev"
    records = [json.loads(line) for line in (folder / "gold.jsonl").read_text().split("\n") if line.strip()]
    records = records[: args.limit] if args.limit else records
    precision = {name: [] for name in EXTRACTORS}
    recall = {name: [] for name in EXTRACTORS}
    millis = {name: [] for name in EXTRACTORS}
    found = collections.Counter()
    leaked = collections.Counter()
    snippets_with = sum(len(r.get("with") or []) for r in records)
    snippets_without = sum(len(r.get("without") or []) for r in records)
    for record in records:
        html = gzip.decompress((folder / "html" / f"{record['id']}.html.gz").read_bytes()).decode("utf-8", "replace")
        gold = shingles(record.get("main_content") or "")
        for name, extract in EXTRACTORS.items():  # interleaved: load changes hit all alike
            start = time.perf_counter()
            text = extract(html, record["url"])
            millis[name].append((time.perf_counter() - start) * 1000)
            output = shingles(text)
            common = sum((output & gold).values())
            if output:
                precision[name].append(common / sum(output.values()))
            recall[name].append(common / sum(gold.values()) if gold else 1.0)
            text = flat(text)
            found[name] += sum(flat(s) in text for s in record.get("with") or [])
            leaked[name] += sum(flat(s) in text for s in record.get("without") or [])
    print(f"Extraction on {len(records)} wcxb-dev pages ({snippets_with} `with`, {snippets_without} `without` snippets)")
    print(f"{'extractor':<30}{'P':>7}{'R':>7}{'F1':>7}{'ms/page':>9}{'with found':>12}{'without leak':>14}")
    for name in EXTRACTORS:
        p, r = statistics.mean(precision[name]), statistics.mean(recall[name])
        f1 = 2 * p * r / (p + r)
        print(f"{name:<30}{p:>7.4f}{r:>7.4f}{f1:>7.4f}{statistics.median(millis[name]):>9.1f}{found[name]:>12}{leaked[name]:>14}")
    for newsbeam in (NEWSBEAM, NEWSBEAM_FAST):
        extract_ms, clean_ms = sum(newsbeam.extract_ms), sum(newsbeam.clean_ms)
        print(
            f"{'consensus' if newsbeam.consensus else 'trafilatura only'}: Clean time / Extract time "
            f"{clean_ms / extract_ms:.1%} over all pages (Extract {extract_ms / 1000:.1f} s, Clean "
            f"{clean_ms / 1000:.2f} s; median per page {statistics.median(newsbeam.extract_ms):.1f} ms "
            f"and {statistics.median(newsbeam.clean_ms):.2f} ms)"
        )


if __name__ == "__main__":
    main()
