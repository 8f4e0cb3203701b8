"""`make bench` (dedupe part): time and peak memory of Deduplicate on 10k and 100k synthetic
documents, each size in a fresh process, to show that time grows about linearly.

Documents are 200 words drawn from a 20,000-word vocabulary; one in ten is a trimmed copy
(first 40–90 %) of another, so the near-duplicate path is exercised at every size.
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

from schemas import Document
from transforms.dedupe import Deduplicate

_WORDS_PER_DOC = 200


def synthetic_documents(count: int, seed: int = 1) -> list[Document]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(20_000)]
    texts: list[str] = []
    for index in range(count):
        if index and index % 10 == 0:
            words = texts[rng.randrange(index)].split()
            texts.append(" ".join(words[: int(len(words) * rng.uniform(0.4, 0.9))]))
        else:
            texts.append(" ".join(rng.choices(vocabulary, k=_WORDS_PER_DOC)))
    return [
        Document(id=f"d{i:07d}", source_uri=f"d{i}", payload=b"", content_type="text", text=text)
        for i, text in enumerate(texts)
    ]


def measure(count: int) -> dict:
    """Runs in the child process: dedupe `count` documents, report seconds and peak memory."""
    docs = synthetic_documents(count)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with beam.Pipeline() as pipeline:
        pipeline | beam.Create(docs, reshuffle=False) | Deduplicate()
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"documents": count, "seconds": seconds, "peak_mib": peak_kib / 1024, "input_mib": before / 1024}


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
    print(f"{'documents':>10}{'seconds':>10}{'docs/s':>9}{'peak MiB':>10}{'KiB/doc':>9}")
    for r in results:
        per_doc = (r["peak_mib"] - r["input_mib"]) * 1024 / r["documents"]
        print(f"{r['documents']:>10}{r['seconds']:>10.1f}{r['documents'] / r['seconds']:>9.0f}{r['peak_mib']:>10.0f}{per_doc:>9.1f}")
    first, last = results[0], results[-1]
    growth = (last["seconds"] / first["seconds"]) / (last["documents"] / first["documents"])
    print(f"time ratio / size ratio from {first['documents']} to {last['documents']}: {growth:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
