"""`make bench` (throughput part): documents per second of the batch pipeline on real pages, next to
a plain single-process loop of the library calls it wraps (decode, `trafilatura.extract` without
comments, langdetect on a 1,000-character prefix, sha1 of the text, one Parquet file), measured
in one run so the ratios do not depend on how busy the machine is. The same pages as one JSONL
file show whether one big file's items are spread over the workers as well as many files are. Each run is a process of its
own, so its peak memory (its workers' included) is its own. Reports the median of the repeats."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import pathlib
import resource
import statistics
import tempfile
import time

import langdetect
import pyarrow as pa
import pyarrow.parquet as pq
import trafilatura

from pipeline.run import run_batch
from transforms.decode import decode_bytes

CORES = os.cpu_count() or 1


def plain_loop(paths: list[pathlib.Path]) -> int:
    """The same library calls as the pipeline's, in one process, without Beam or newsbeam."""
    langdetect.DetectorFactory.seed = 0
    rows = []
    for path in paths:
        html, _ = decode_bytes(gzip.decompress(path.read_bytes()), markup=True)
        text = trafilatura.extract(html, include_comments=False)
        if not text:
            continue
        try:
            language = langdetect.detect(text[:1000])
        except langdetect.LangDetectException:
            language = "und"
        rows.append({"id": hashlib.sha1(text.encode()).hexdigest(), "text": text, "language": language})
    with tempfile.TemporaryDirectory() as output:
        pq.write_table(pa.Table.from_pylist(rows), os.path.join(output, "articles.parquet"))
    return len(paths)


def pipeline_run(pattern: str, *beam_args: str) -> int:
    with tempfile.TemporaryDirectory() as output:
        summary = run_batch(["--input", pattern, "--output", output, *beam_args])
    return summary.read


def _measure(run, args, results) -> None:
    start = time.perf_counter()
    run(*args)
    elapsed = time.perf_counter() - start
    peak_kib = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    results.put((elapsed, peak_kib / 1024))


def measured(run, *args) -> tuple[float, float]:
    """(seconds, peak MiB) of `run(*args)` in a fresh process."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_measure, args=(run, args, results))
    process.start()
    outcome = results.get()
    process.join()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding wcxb-dev/html/")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, help="only the first N pages")
    args = parser.parse_args()
    pages = pathlib.Path(args.corpus) / "wcxb-dev" / "html"
    paths = sorted(pages.glob("*.html.gz"))[: args.limit]
    if not paths:
        raise SystemExit(f"no pages in {pages}: pass --corpus (or CORPUS=... to make)")
    with tempfile.TemporaryDirectory() as folder:
        for path in paths:  # the pipeline reads exactly the pages the loop reads
            (pathlib.Path(folder) / path.name).symlink_to(path.resolve())
        pattern = os.path.join(folder, "*.html.gz")
        one_file = os.path.join(folder, "all-pages.jsonl")
        with open(one_file, "w", encoding="utf-8") as jsonl:
            for path in paths:
                html, _ = decode_bytes(gzip.decompress(path.read_bytes()), markup=True)
                jsonl.write(json.dumps({"id": path.name, "html": html}) + "\n")
        all_cores = ("--direct_running_mode=multi_processing", f"--direct_num_workers={CORES}")
        contenders = {
            "plain loop, 1 process": (plain_loop, paths),
            "default extraction, 1 process": (pipeline_run, pattern),
            f"default extraction, {CORES} processes": (pipeline_run, pattern, *all_cores),
            "--extraction model, 1 process": (pipeline_run, pattern, "--extraction", "model"),
            f"--extraction trafilatura, {CORES} processes": (pipeline_run, pattern, "--extraction", "trafilatura", *all_cores),
            "  same, the pages as one JSONL file": (pipeline_run, one_file, "--extraction", "trafilatura", *all_cores),
        }
        seconds = {name: [] for name in contenders}
        peaks = {name: [] for name in contenders}
        for _ in range(args.repeats):
            for name, (run, *run_args) in contenders.items():  # interleaved: load changes hit all alike
                elapsed, peak = measured(run, *run_args)
                seconds[name].append(elapsed)
                peaks[name].append(peak)
    baseline = statistics.median(seconds["plain loop, 1 process"])
    print(f"{len(paths)} pages from {pages}, median of {args.repeats} runs")
    print(f"{'':<40}{'seconds':>9}{'docs/s':>9}{'x loop':>8}{'peak MiB':>10}")
    for name in contenders:
        median = statistics.median(seconds[name])
        print(f"{name:<40}{median:>9.2f}{len(paths) / median:>9.1f}{baseline / median:>7.2f}x{max(peaks[name]):>10.0f}")


if __name__ == "__main__":
    main()
