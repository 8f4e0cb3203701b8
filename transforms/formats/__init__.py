"""The input formats Read understands, each chosen by its file suffix; `.gz` may follow any.

Each format module exposes `read(source_uri, stream, limits)`, a generator of one Document or
Reject per item. It gets the decompressed stream, except a format that decompresses itself
(WARC: warcio walks the per-record gzip members).
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Iterator
from typing import BinaryIO

from schemas.records import Document, Reject
from transforms.formats import feed, html, jsonl, text, warc
from transforms.formats.common import DEFAULT_MAX_ITEM_BYTES, Limits

__all__ = ["DEFAULT_MAX_ITEM_BYTES", "FORMATS", "Format", "Limits", "format_for", "split_suffix"]

Reader = Callable[[str, BinaryIO, Limits], Iterator[Document | Reject]]


@dataclasses.dataclass(frozen=True)
class Format:
    """One input format: its name (in counters such as `items_jsonl`), suffixes and reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    decompresses_itself: bool = False


FORMATS = (
    Format("text", (".txt",), text.read),
    Format("html", (".html", ".htm"), html.read),
    Format("jsonl", (".jsonl", ".ndjson"), jsonl.read),
    Format("feed", (".xml", ".rss", ".atom"), feed.read),
    Format("warc", (".warc",), warc.read, decompresses_itself=True),
)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}


def split_suffix(source_uri: str) -> tuple[str, bool]:
    """(format suffix in lower case, whether gzipped): "a.WARC.gz" -> (".warc", True)."""
    name = source_uri.lower()
    gzipped = name.endswith(".gz")
    return posixpath.splitext(name.removesuffix(".gz"))[1], gzipped


def format_for(suffix: str) -> Format | None:
    return _BY_SUFFIX.get(suffix)
