"""`newsbeam show OUT ID`: one record of an output folder explained in the terminal. An article:
its metadata, clean text and what the cleaner removed (rule and text); a duplicate: the same,
plus the article it was merged into and how similar they are; a reject: its stage, reason and
the start of its payload. A reject without an id is found by its source_uri."""

from __future__ import annotations

import textwrap

import pyarrow.compute as pc

from pipeline.manifest import read_manifest
from pipeline.outputs import printable, read_output_table
from transforms.dedupe import ARTICLES, DUPLICATES
from transforms.tags import REJECTS

__all__ = ["explain"]

PAYLOAD_BYTES = 600  # of a reject's payload shown
_ARTICLE_FIELDS = (
    "url", "source", "source_uri", "title", "language", "language_score", "language_script",
    "published_at", "ingested_at", "authors", "word_count", "extractor", "content_hash",
    "cluster_size",
)
_REJECT_FIELDS = ("source_uri", "url", "ingested_at")


def explain(output: str, record_id: str) -> str | None:
    """What `show` prints about `record_id`, or None when no table of `output` holds it."""
    manifest = read_manifest(output)
    parts = []
    for table in (ARTICLES, DUPLICATES):
        by_id = [("id", "=", record_id)]
        found = read_output_table(output, table, manifest=manifest, filters=by_id)
        parts += [_document(output, table, row, manifest) for row in found.to_pylist()]
    rejects = read_output_table(output, REJECTS, manifest=manifest)
    matches = rejects.filter(
        pc.or_kleene(pc.equal(rejects["id"], record_id), pc.equal(rejects["source_uri"], record_id))
    )
    parts += [_reject(row) for row in matches.to_pylist()]
    return "\n\n".join(parts) or None


def _block(text: str, width: int = 100) -> str:
    """Text as an indented block, each paragraph wrapped to `width`."""
    return "\n".join(
        textwrap.fill(line, width, initial_indent="  ", subsequent_indent="  ") or "  "
        for line in printable(text).splitlines()
    )


def _fields(row: dict, names: tuple[str, ...]) -> list[str]:
    return [f"  {name + ':':<17}{row[name]}" for name in names if row[name] not in (None, [], "")]


def _document(output: str, table: str, row: dict, manifest: dict | None) -> str:
    kind = "duplicate" if table == DUPLICATES else "article"
    lines = [f"{kind} {row['id']} (in {table}/)", *_fields(row, _ARTICLE_FIELDS)]
    if row["duplicate_of"]:
        lines += ["", _merged_into(output, row, manifest)]
    lines += ["", "text:", _block(row["text"])]
    removed = row["removed"]
    count = f"({len(removed)}):" if removed else "nothing"
    lines += ["", f"removed by the cleaner {count}"]
    lines += [f"  [{r['rule']}] {printable(' '.join(r['text'].split()))}" for r in removed]
    return "\n".join(lines)


def _merged_into(output: str, row: dict, manifest: dict | None) -> str:
    target = row["duplicate_of"]
    titles = []
    for table in (ARTICLES, DUPLICATES):  # a stream's duplicate may name another duplicate
        found = read_output_table(
            output, table, ["id", "title"], manifest, filters=[("id", "=", target)]
        ).to_pylist()
        titles += [(table, found_row["title"]) for found_row in found]
    where = ", ".join(f"{title!r} (in {table}/)" for table, title in titles) or "not in this output"
    return f"merged into {target}: {where}\n  similarity:      {row['similarity']}"


def _reject(row: dict) -> str:
    payload = row["payload"]
    start = payload[:PAYLOAD_BYTES].decode("utf-8", "replace")
    cut = len(payload) > PAYLOAD_BYTES
    more = f" (first {PAYLOAD_BYTES} of {len(payload)} bytes)" if cut else ""
    return "\n".join(
        [
            f"reject {row['id'] or row['source_uri']} (in {REJECTS}/)",
            f"  {'stage:':<17}{row['stage']}",
            f"  {'reason:':<17}{row['error']}",
            *_fields(row, _REJECT_FIELDS),
            "",
            f"payload{more}:",
            _block(start),
        ]
    )
