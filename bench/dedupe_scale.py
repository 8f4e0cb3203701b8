"""`make bench` (dedupe part): time and peak memory of Deduplicate on 10k and 100k synthetic
documents, each size in a fresh process, to show that time grows about linearly.

Documents are 200 words drawn from a 20,000-word vocabulary; one in ten is a trimmed copy
(first 40–90 %) of another, so the near-duplicate path is exercised at every size. The pipeline
makes them from their indexes, as a real run reads them, so the peak is the pipeline's and not
that of a list of documents pickled into its graph.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter

from schemas import Document
from transforms.dedupe import Deduplicate

_WORDS_PER_DOC = 200
_VOCABULARY = 20_000


def synthetic_document(index: int, seed: int = 1) -> Document:
    """Document `index` of the synthetic set, made from its index alone, so that a pipeline can
    make its input itself instead of carrying a list of documents pickled into its graph."""
    rng = random.Random(f"{seed}:{index}")
    if index % 10 == 0 and index:
        original = rng.randrange(index)
        original -= 1 if original % 10 == 0 and original else 0  # a copy of an original, not of a copy
        words = _original_words(original, seed)
        words = words[: int(len(words) * rng.uniform(0.4, 0.9))]
    else:
        words = _original_words(index, seed)
    return Document(id=f"d{index:07d}", source_uri=f"d{index}", payload=b"", content_type="text", text=" ".join(words))


def _original_words(index: int, seed: int) -> list[str]:
    rng = random.Random(f"{seed}:{index}:words")
    return [f"w{rng.randrange(_VOCABULARY)}" for _ in range(_WORDS_PER_DOC)]


def measure(count: int) -> dict:
    """Runs in the child process: dedupe `count` documents, report seconds, peak memory and the
    duplicates found (about one in ten documents is a copy)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    pipeline = beam.Pipeline()
    pipeline | beam.Create(range(count)) | beam.Map(synthetic_document) | Deduplicate()
    result = pipeline.run()
    result.wait_until_finish()
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = result.metrics().query(MetricsFilter().with_namespace("newsbeam.dedupe").with_name("duplicates"))
    return {
        "documents": count,
        "duplicates": sum(counter.committed for counter in found["counters"]),
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
        "start_mib": before / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated document counts")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        child = subprocess.run(
            [sys.executable, "-m", "bench.dedupe_scale", "--child", str(size)],
            capture_output=True, text=True, check=True,
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print("Dedupe scaling (DirectRunner, one process per size)")
    print(f"{'documents':>10}{'dups':>8}{'seconds':>10}{'docs/s':>9}{'peak MiB':>10}{'KiB/doc':>9}")
    for r in results:
        per_doc = (r["peak_mib"] - r["start_mib"]) * 1024 / r["documents"]
        print(f"{r['documents']:>10}{r['duplicates']:>8}{r['seconds']:>10.1f}{r['documents'] / r['seconds']:>9.0f}{r['peak_mib']:>10.0f}{per_doc:>9.1f}")
    first, last = results[0], results[-1]
    growth = (last["seconds"] / first["seconds"]) / (last["documents"] / first["documents"])
    print(f"time ratio / size ratio from {first['documents']} to {last['documents']}: {growth:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
