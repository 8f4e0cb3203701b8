"""A small output folder written straight with the schemas (no pipeline run): an article with
cleaner removals, a duplicate of it, a second article and two rejects, laid out as a batch run
(`part-*` files) or as a stream's window files, with no manifest."""

from __future__ import annotations

import datetime
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA, Reject, article_row, reject_row
from schemas.records import Removal
from tests.support import make_doc

INGESTED = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
STORY = "The harbour bridge reopened on Monday after two years of repairs. " * 6

ARTICLE = make_doc(
    "story-1",
    STORY,
    title="Harbour bridge reopens",
    url="https://news.example/bridge",
    source="news.example",
    language="en",
    language_score=0.99,
    removed=(Removal("promo", "Subscribe to our newsletter"), Removal("caption", "Photo: AP")),
    cluster_size=2,
)
DUPLICATE = make_doc(
    "story-1-wire",
    STORY,
    title="Bridge reopens (wire)",
    source="wire.example",
    language="en",
    duplicate_of="story-1",
    similarity=0.93,
    cluster_size=2,
)
OTHER = make_doc(
    "story-2", "Le marché de Noël ouvre ses portes samedi. " * 5, title="Marché de Noël",
    source="presse.example", language="fr", language_score=0.98,
)
REJECTS = (
    Reject("junk.html", "extract", "no article text found", b"\x00\x01garbage bytes", id="junk-1"),
    Reject("feed.xml", "read", "not well-formed XML", b"<rss><channel>" + b"x" * 2000),
)


def write_sample_output(output: pathlib.Path, stream: bool = False) -> pathlib.Path:
    name = (
        "window-20260101T000000Z-20260101T000100Z-run-r-pane-000-part-00000-of-00001.parquet"
        if stream
        else "part-00000-of-00001.parquet"
    )
    tables = {
        "articles": (ARTICLE_SCHEMA, [article_row(d, INGESTED) for d in (ARTICLE, OTHER)]),
        "duplicates": (ARTICLE_SCHEMA, [article_row(DUPLICATE, INGESTED)]),
        "rejects": (REJECT_SCHEMA, [reject_row(r, INGESTED) for r in REJECTS]),
    }
    for table, (schema, rows) in tables.items():
        (output / table).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), output / table / name)
    return output
