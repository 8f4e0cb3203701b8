"""`make bench` (throughput part): documents per second of the batch pipeline on real pages, next to
a plain single-process loop of the library calls it wraps (decode, `trafilatura.extract` without
comments, langdetect on a 1,000-character prefix, sha1 of the text, one Parquet file), measured
in one run so the ratios do not depend on how busy the machine is: the default extraction on one
process and on every core (what `newsbeam run` does unless told otherwise), and
`--extraction trafilatura` on one process and every core. The same pages as one JSONL file show
whether one big file's items are spread over the workers as well as many files are. Each run is a
process of its own; its peak memory is that of the run's whole process tree (launcher and worker
processes, sampled from /proc). Reports the median of the repeats."""

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

from pipeline.options import local_cores
from pipeline.run import run_batch
from transforms.decode import decode_bytes

CORES = local_cores()
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
ONE_PROCESS = "--direct_num_workers=1"


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


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (a run's workers are reaped)."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def _measure(run, args, results) -> None:
    start, cpu = time.perf_counter(), _cpu_seconds()
    run(*args)
    results.put((time.perf_counter() - start, _cpu_seconds() - cpu))


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of process `root` and all its descendants, from /proc (0 without it)."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in pathlib.Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            rss_pages = int((entry / "statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):  # the process ended meanwhile
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        sizes[int(entry.name)] = rss_pages * PAGE_BYTES
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(sizes.get(pid, 0) for pid in tree)


def measured(run, *args) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak MiB of the whole process tree) of `run(*args)` in a fresh
    process."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_measure, args=(run, args, results))
    process.start()
    peak = 0
    while process.is_alive() and results.empty():
        peak = max(peak, _tree_rss_bytes(process.pid))
        time.sleep(0.5)
    elapsed, cpu = results.get(timeout=60)  # raises if the run died without an answer
    process.join()
    return elapsed, cpu, peak / 2**20


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
        alone = ("--extraction", "trafilatura")
        contenders = {  # every run but the "1 process" ones is on newsbeam's default: every core
            "plain loop, 1 process": (plain_loop, paths),
            "default extraction, 1 process": (pipeline_run, pattern, ONE_PROCESS),
            f"default extraction, {CORES} processes": (pipeline_run, pattern),
            "--extraction trafilatura, 1 process": (pipeline_run, pattern, *alone, ONE_PROCESS),
            f"--extraction trafilatura, {CORES} processes": (pipeline_run, pattern, *alone),
            "  same, the pages as one JSONL file": (pipeline_run, one_file, *alone),
        }
        seconds = {name: [] for name in contenders}
        cpu = {name: [] for name in contenders}
        peaks = {name: [] for name in contenders}
        for _ in range(args.repeats):
            for name, (run, *run_args) in contenders.items():  # interleaved: load changes hit all alike
                elapsed, used, peak = measured(run, *run_args)
                seconds[name].append(elapsed)
                cpu[name].append(used)
                peaks[name].append(peak)
    baseline = statistics.median(seconds["plain loop, 1 process"])
    print(f"{len(paths)} pages from {pages}, median of {args.repeats} runs")
    print("CPU ms/doc and peak MiB: all the run's processes (launcher, workers and their start)")
    print(f"{'':<40}{'seconds':>9}{'docs/s':>9}{'x loop':>8}{'CPU ms/doc':>12}{'peak MiB':>10}")
    for name in contenders:
        median = statistics.median(seconds[name])
        cpu_ms = statistics.median(cpu[name]) * 1000 / len(paths)
        print(
            f"{name:<40}{median:>9.2f}{len(paths) / median:>9.1f}{baseline / median:>7.2f}x"
            f"{cpu_ms:>12.0f}{max(peaks[name]):>10.0f}"
        )

if __name__ == "__main__":
    main()
