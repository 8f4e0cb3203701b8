"""What several test modules share: where the repo's data is, documents as the later stages see
them, and a run of the batch pipeline the way `newsbeam run` does it."""

from __future__ import annotations

import pathlib

import pyarrow.parquet as pq
import pytest

from pipeline.run import run_batch
from pipeline.summary import RunSummary
from schemas import Document

REPO = pathlib.Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CORPUS = REPO.parent / "shared" / "corpus"  # read in place, never copied into the repo
FIXED_INSTANT = "2026-01-01T00:00:00Z"

# A user's clone has no shared corpus beside it: tests that read it are skipped there, with this reason.
requires_corpus = pytest.mark.skipif(
    not (CORPUS / "wcxb-dev" / "gold.jsonl").is_file(),
    reason=f"needs the shared corpus at {CORPUS.relative_to(REPO.parent)} beside the repo",
)


def make_doc(doc_id: str, text: str, **fields) -> Document:
    """A document as it stands after cleaning."""
    fields.setdefault("source_uri", f"{doc_id}.txt")
    return Document(id=doc_id, payload=text.encode(), content_type="text", text=text, **fields)


def run_pipeline(output: pathlib.Path, *args: str) -> RunSummary:
    """One in-process worker unless `args` ask for more: worker processes cost seconds to start."""
    return run_batch(
        ["--output", str(output), "--ingested_at", FIXED_INSTANT, "--direct_num_workers=1", *args]
    )


def read_table(output: pathlib.Path, table: str) -> list[dict]:
    return pq.read_table(output / table).to_pylist()
