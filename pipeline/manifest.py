"""`OUT/manifest.json`: what a batch run read and wrote, with which options, in one file a
scheduler can check instead of listing folders. It is written last, when the run's files are in
place, so its presence means the output is complete; the files it lists are exactly one run's.
A stream that ends (`--max_runtime`) writes `OUT/manifests/run-<run id>.json` the same way, with
the window files that run wrote: several runs share a stream's folder.

Paths in it are relative to the output folder, so a copied folder keeps a valid manifest.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import secrets

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline.options import NewsbeamOptions
from transforms.write import TABLES

__all__ = [
    "MANIFEST",
    "REPORT",
    "add_counters",
    "launch_record",
    "newsbeam_version",
    "read_manifest",
    "row_count",
    "schema_version",
    "stream_manifest_path",
    "table_entry",
    "write_json",
    "write_stream_manifest",
]

MANIFEST = "manifest.json"
REPORT = "report.html"  # pipeline/report.py's page of the run; published runs drop a stale one


def newsbeam_version() -> str:
    return importlib.metadata.version("newsbeam")


def launch_record(options: PipelineOptions, patterns: list[str], now: datetime.datetime) -> dict:
    """What the launcher knows of a run: its id (which names its staging prefix), start, version,
    its options (every newsbeam option, and the Beam options it set) and the input patterns."""
    parser = argparse.ArgumentParser()
    NewsbeamOptions._add_argparse_args(parser)
    names = vars(parser.parse_args([]))
    news = options.view_as(NewsbeamOptions)
    given = options.get_all_options(drop_default=True, retain_unknown_options=True)
    return {
        "newsbeam_version": newsbeam_version(),
        "run_id": f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}",
        "started_at": now.isoformat(),
        "options": {
            "newsbeam": {name: getattr(news, name) for name in sorted(names)},
            "beam": {name: value for name, value in sorted(given.items()) if name not in names},
        },
        "inputs": {"patterns": list(patterns)},
    }


def schema_version(schema: pa.Schema) -> str:
    """A fingerprint of a table's columns and types: it changes exactly when the schema does."""
    return hashlib.sha256(str(schema).encode()).hexdigest()[:16]


def row_count(path: str) -> int:
    """Rows in a Parquet file, from its footer (local or any Beam filesystem)."""
    with FileSystems.open(path) as handle:
        return pq.ParquetFile(handle).metadata.num_rows


def table_entry(name: str, files: dict[str, int]) -> dict:
    """The manifest's entry for one table: `files` maps paths relative to the output folder to
    their row counts."""
    schema = next(table.schema for table in TABLES if table.name == name)
    return {
        "schema_version": schema_version(schema),
        "rows": sum(files.values()),
        "files": [{"path": path, "rows": rows} for path, rows in sorted(files.items())],
    }


def write_json(path: str, content: dict) -> None:
    """Writes under a temporary name and renames, so a reader sees the whole file or none."""
    directory, name = FileSystems.split(path)
    temporary = FileSystems.join(directory, f".{name}.tmp")
    with FileSystems.create(temporary) as handle:
        handle.write(json.dumps(content, indent=2, sort_keys=True, default=str).encode())
    FileSystems.rename([temporary], [path])


def read_manifest(output: str) -> dict | None:
    """The manifest of `output`, or None when it has none (a stream's output, or a batch run
    that has not finished)."""
    path = FileSystems.join(output, MANIFEST)
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path) as handle:
        return json.loads(handle.read().decode("utf-8"))


def add_counters(output: str, counters: dict[tuple[str, str], int]) -> None:
    """Adds the run's Beam counters to its manifest. Only a launcher that waits for the job knows
    them; the job itself writes the manifest without them."""
    manifest = read_manifest(output)
    if manifest is None:
        raise FileNotFoundError(f"{FileSystems.join(output, MANIFEST)} was not written")
    manifest["counters"] = _named(counters)
    write_json(FileSystems.join(output, MANIFEST), manifest)


def _named(counters: dict[tuple[str, str], int]) -> dict[str, int]:
    return {
        f"{namespace.removeprefix('newsbeam.')}/{name}": value
        for (namespace, name), value in sorted(counters.items())
    }


def stream_manifest_path(output: str, run_id: str) -> str:
    return FileSystems.join(output, "manifests", f"run-{run_id}.json")


def write_stream_manifest(
    output: str, launch: dict, run_id: str, counters: dict[tuple[str, str], int]
) -> str:
    """Writes the manifest of a stream run that has ended: the window files named after `run_id`
    in each table, with their row counts, and the run's counters. Returns its path."""
    tables = {}
    for table in TABLES:
        pattern = FileSystems.join(output, table.name, f"window-*-run-{run_id}-*.parquet")
        files = {
            f"{table.name}/{FileSystems.split(meta.path)[1]}": row_count(meta.path)
            for meta in FileSystems.match([pattern])[0].metadata_list
        }
        tables[table.name] = table_entry(table.name, files)
    path = stream_manifest_path(output, run_id)
    manifest = {
        **launch,
        "run_id": run_id,
        "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "tables": tables,
        "counters": _named(counters),
    }
    write_json(path, manifest)
    return path
