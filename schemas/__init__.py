"""Records passed between stages and the Parquet schemas of the outputs."""

from schemas.records import (
    CONTENT_HTML,
    CONTENT_HTML_FRAGMENT,
    CONTENT_TEXT,
    Document,
    Reject,
    Removal,
    text_hash,
)
from schemas.tables import ARTICLE_SCHEMA, REJECT_SCHEMA, article_row, reject_row

__all__ = [
    "CONTENT_HTML",
    "CONTENT_HTML_FRAGMENT",
    "CONTENT_TEXT",
    "ARTICLE_SCHEMA",
    "REJECT_SCHEMA",
    "Document",
    "Reject",
    "Removal",
    "article_row",
    "reject_row",
    "text_hash",
]
