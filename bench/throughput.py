"""`make bench`: documents per second of the batch pipeline on real pages, next to the same
library calls in a plain Python loop, measured in one run so the ratio does not depend on how
busy the machine is; and the pipeline with `--extraction trafilatura`, what the consensus of
extractors costs. Reports the median of several repeats."""

from __future__ import annotations

import argparse
import pathlib
import statistics
import tempfile
import time

from pipeline.run import run_batch
from transforms.clean import clean_document
from transforms.dedupe import shingles
from transforms.extract import extract_document
from transforms.language import detect_language
from transforms.read import read_file


def plain_loop(paths: list[pathlib.Path]) -> int:
    """The stage functions the pipeline calls, in one process, without Beam."""
    documents = 0
    for path in paths:
        with path.open("rb") as raw:
            for item in read_file(str(path), raw):
                try:
                    doc = clean_document(extract_document(item))
                except ValueError:  # no article text, or nothing left after cleaning
                    continue
                detect_language(doc.text)
                shingles(doc.text)
                documents += 1
    return documents


def pipeline_run(pattern: str, *beam_args: str) -> int:
    with tempfile.TemporaryDirectory() as output:
        summary = run_batch(["--input", pattern, "--output", output, *beam_args])
    return summary.read


def timed(function, *args) -> tuple[float, int]:
    start = time.perf_counter()
    count = function(*args)
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/html/")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    pages = pathlib.Path(args.corpus) / "wcxb-dev" / "html"
    paths = sorted(pages.glob("*.html.gz"))
    if not paths:
        raise SystemExit(f"no pages in {pages}: pass --corpus (or CORPUS=... to make)")
    pattern = str(pages / "*.html.gz")
    contenders = {
        "plain loop (same calls)": lambda: plain_loop(paths),
        "pipeline, DirectRunner": lambda: pipeline_run(pattern),
        "pipeline, 2 processes": lambda: pipeline_run(
            pattern, "--direct_num_workers=2", "--direct_running_mode=multi_processing"
        ),
        "pipeline, trafilatura only": lambda: pipeline_run(pattern, "--extraction", "trafilatura"),
    }
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.repeats):
        for name, run in contenders.items():
            elapsed, _ = timed(run)
            seconds[name].append(elapsed)
    baseline = statistics.median(seconds["plain loop (same calls)"])
    print(f"{len(paths)} pages from {pages}, median of {args.repeats} runs")
    print(f"{'':<28}{'seconds':>9}{'docs/s':>9}{'vs loop':>9}")
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name:<28}{median:>9.2f}{len(paths) / median:>9.1f}{baseline / median:>8.2f}x")


if __name__ == "__main__":
    main()
