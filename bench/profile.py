"""`make profile`: where a page's CPU goes. Runs each stage's pure function over the bench corpus
(the pages of wcxb-dev) in one process and prints CPU milliseconds per document per stage, then
the functions that cost most (cProfile, by own time). Beam's own overhead is what `make bench`
shows on top of this."""

from __future__ import annotations

import argparse
import collections
import cProfile
import datetime
import io
import pathlib
import pstats
import time

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import ARTICLE_SCHEMA, article_row
from transforms.block_model import load_block_model
from transforms.clean import clean_document
from transforms.dedupe import band_keys, shingles
from transforms.extract import EXTRACTIONS, extract_document
from transforms.language import detect_language
from transforms.quality import check_text
from transforms.read import read_file

STAGES = ("read+decode", "extract", "clean", "quality", "language", "dedupe", "write")
_INGESTED_AT = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def profile_stages(paths: list[pathlib.Path], extraction: str) -> tuple[dict[str, float], int]:
    """CPU seconds spent in each stage over all pages, and the number of articles made."""
    spent: dict[str, float] = collections.defaultdict(float)
    model = load_block_model() if extraction == "model" else None
    rows = []

    def timed(stage, function, *args):
        start = time.thread_time()
        try:
            return function(*args)
        finally:
            spent[stage] += time.thread_time() - start

    for path in paths:
        with path.open("rb") as raw:
            items = timed("read+decode", lambda: list(read_file(str(path), raw)))
        for item in items:
            try:
                doc = timed("extract", extract_document, item, extraction, model)
                doc = timed("clean", clean_document, doc)
                timed("quality", check_text, doc.text)
            except ValueError:  # no article text, nothing left after cleaning, not an article
                continue
            timed("language", detect_language, doc.text)
            timed("dedupe", lambda: band_keys(shingles(doc.text), 128, 32))
            rows.append(timed("write", article_row, doc, _INGESTED_AT))
    timed("write", lambda: pq.write_table(pa.Table.from_pylist(rows, ARTICLE_SCHEMA), io.BytesIO()))
    return spent, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/html/")
    parser.add_argument("--extraction", choices=EXTRACTIONS, default=EXTRACTIONS[0])
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--top", type=int, default=15, help="functions to list")
    args = parser.parse_args()
    pages = pathlib.Path(args.corpus) / "wcxb-dev" / "html"
    paths = sorted(pages.glob("*.html.gz"))[: args.limit]
    if not paths:
        raise SystemExit(f"no pages in {pages}: pass --corpus (or CORPUS=... to make)")
    spent, articles = profile_stages(paths, args.extraction)
    profiler = cProfile.Profile()
    profiler.enable()
    profile_stages(paths, args.extraction)  # a second pass: the profiler's overhead stays out of the table
    profiler.disable()
    total = sum(spent.values())
    print(f"CPU per document by stage, --extraction {args.extraction}: {len(paths)} pages, {articles} articles")
    print(f"{'stage':<14}{'ms/doc':>8}{'share':>8}")
    for stage in STAGES:
        print(f"{stage:<14}{spent[stage] * 1000 / len(paths):>8.1f}{spent[stage] / total:>8.1%}")
    print(f"{'all':<14}{total * 1000 / len(paths):>8.1f}")
    print(f"\nTop {args.top} functions by own time (second pass, under cProfile):")
    stats = pstats.Stats(profiler, stream=io.StringIO())
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[: args.top]
    print(f"{'own s':>8}{'cum s':>8}{'calls':>10}  function")
    for (filename, line, name), (_, calls, own, cumulative, _) in ranked:
        where = "/".join(pathlib.Path(filename).parts[-2:])
        print(f"{own:>8.2f}{cumulative:>8.2f}{calls:>10}  {name} ({where}:{line})")


if __name__ == "__main__":
    main()
