"""Runs the batch pipeline the way `newsbeam run` does and reads back its Parquet tables."""

from __future__ import annotations

import pathlib

import pyarrow.parquet as pq

from pipeline.run import run_batch
from pipeline.summary import RunSummary

FIXED_INSTANT = "2026-01-01T00:00:00Z"


def run_pipeline(output: pathlib.Path, *args: str) -> RunSummary:
    return run_batch(["--output", str(output), "--ingested_at", FIXED_INSTANT, *args])


def read_table(output: pathlib.Path, table: str) -> list[dict]:
    return pq.read_table(output / table).to_pylist()
