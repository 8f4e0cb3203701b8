"""`make bench` (extraction part): CPU time of Extract per page against the library call it wraps,
`trafilatura.bare_extraction` with the same settings, page by page in one run, so the ratio does
not depend on how busy the machine is. Whichever of the two runs second on a page runs faster
(trafilatura's caches and the allocator are warm: ~15 % here), so they take turns going first.
Prints the median over the corpus pages of each, and the median of the per-page ratios."""

from __future__ import annotations

import argparse
import statistics
import time

import trafilatura

from bench.corpus import load_pages
from transforms.block_model import load_block_model
from transforms.extract import NoArticleText, extract_page


def cpu_ms(function, *args) -> float:
    start = time.thread_time()
    try:
        function(*args)
    except NoArticleText:
        pass
    return (time.thread_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    args = parser.parse_args()
    pages = load_pages(args.corpus, ("wcxb-dev",), args.limit)
    model = load_block_model()
    baseline, extract, ratios = [], [], []
    for i, page in enumerate(pages):
        calls = {
            "alone": lambda: trafilatura.bare_extraction(
                page.html, url=page.url, include_comments=False, with_metadata=True
            ),
            "ours": lambda: extract_page(page.html, page.url, "model", model),
        }
        order = ("alone", "ours") if i % 2 == 0 else ("ours", "alone")
        spent = {name: cpu_ms(calls[name]) for name in order}
        alone, ours = spent["alone"], spent["ours"]
        baseline.append(alone)
        extract.append(ours)
        ratios.append(ours / alone if alone else 1.0)
    print(f"Extract CPU per page on {len(pages)} wcxb-dev pages (median; thread CPU time)")
    print(f"  trafilatura.bare_extraction  {statistics.median(baseline):7.1f} ms")
    print(f"  Extract (learned model)      {statistics.median(extract):7.1f} ms")
    print(f"  ratio of medians {statistics.median(extract) / statistics.median(baseline):.2f}x, median per-page ratio {statistics.median(ratios):.2f}x (target <= 1.30x)")


if __name__ == "__main__":
    main()
