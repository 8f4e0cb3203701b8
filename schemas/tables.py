"""The Parquet tables newsbeam writes: one explicit pyarrow schema per output, and the functions
that turn records into rows of them. Column names are public API; nothing else defines them."""

from __future__ import annotations

import datetime

import pyarrow as pa

from schemas.records import Document, Reject

_TIMESTAMP = pa.timestamp("us", tz="UTC")

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("item_id", pa.string()),
        pa.field("url", pa.string()),
        pa.field("source", pa.string()),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("language_score", pa.float64(), nullable=False),
        pa.field("language_script", pa.string()),
        pa.field("published_at", _TIMESTAMP),
        pa.field("ingested_at", _TIMESTAMP, nullable=False),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("similarity", pa.float64()),
        pa.field("cluster_size", pa.int32(), nullable=False),
        pa.field("extractor", pa.string()),
        pa.field(
            "removed",
            pa.list_(pa.struct([pa.field("rule", pa.string()), pa.field("text", pa.string())])),
            nullable=False,
        ),
    ]
)
"""Schema of `articles/` and `duplicates/` (a duplicate has `duplicate_of` set)."""

REJECT_SCHEMA = pa.schema(
    [
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("error", pa.string(), nullable=False),
        pa.field("payload", pa.binary(), nullable=False),
        pa.field("ingested_at", _TIMESTAMP, nullable=False),
        pa.field("id", pa.string()),
        pa.field("url", pa.string()),
    ]
)
"""Schema of `rejects/`: the raw payload is kept so the item can be replayed."""


def article_row(doc: Document, ingested_at: datetime.datetime) -> dict:
    return {
        "id": doc.id,
        "item_id": doc.item_id,
        "url": doc.url,
        "source": doc.source,
        "source_uri": doc.source_uri,
        "title": doc.title,
        "text": doc.text,
        "language": doc.language or "und",
        "language_score": doc.language_score,
        "language_script": doc.language_script,
        "published_at": doc.published_at,
        "ingested_at": ingested_at,
        "authors": list(doc.authors),
        "word_count": doc.word_count,
        "content_hash": doc.content_hash,
        "duplicate_of": doc.duplicate_of,
        "similarity": doc.similarity,
        "cluster_size": doc.cluster_size,
        "extractor": doc.extractor,
        "removed": [{"rule": r.rule, "text": r.text} for r in doc.removed],
    }


def reject_row(reject: Reject, ingested_at: datetime.datetime) -> dict:
    return {
        "source_uri": reject.source_uri,
        "stage": reject.stage,
        "error": reject.error,
        "payload": reject.payload,
        "ingested_at": ingested_at,
        "id": reject.id,
        "url": reject.url,
    }
