"""Reading an output folder, local or on any Beam filesystem (gs://…), as `newsbeam report` and
`newsbeam show` do: a batch run's tables are the files its manifest lists (so a reader never
mixes two runs); a stream's output, which has no manifest, is every Parquet file of each table
folder."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from pipeline.manifest import read_manifest
from transforms.write import TABLES

__all__ = ["printable", "read_output_table", "table_files"]


def table_files(output: str, table: str, manifest: dict | None) -> list[str]:
    """The Parquet files of `table` under `output`, in name order."""
    if manifest is not None:
        return [FileSystems.join(output, f["path"]) for f in manifest["tables"][table]["files"]]
    pattern = FileSystems.join(output, table, "*.parquet")
    return sorted(m.path for m in FileSystems.match([pattern])[0].metadata_list)


def read_output_table(
    output: str,
    table: str,
    columns: list[str] | None = None,
    manifest: dict | None = None,
    filters: list[tuple] | None = None,
) -> pa.Table:
    """One table of `output` (only `columns` and the rows that pass pyarrow `filters`, when
    given), empty with the table's schema when the folder holds none. `manifest` defaults to the
    folder's own."""
    manifest = manifest if manifest is not None else read_manifest(output)
    schema = next(t.schema for t in TABLES if t.name == table)
    if columns:
        schema = pa.schema([schema.field(name) for name in columns])
    parts = []
    for path in table_files(output, table, manifest):
        with FileSystems.open(path) as handle:
            parts.append(pq.read_table(handle, columns=columns, filters=filters))
    return pa.concat_tables(parts) if parts else schema.empty_table()


def printable(text: str) -> str:
    """Text safe to show: control characters (a payload's escape sequences could drive a
    terminal; NULs break HTML) become U+FFFD; line breaks stay."""
    return "".join(c if c.isprintable() or c == "\n" else "\ufffd" for c in text)
