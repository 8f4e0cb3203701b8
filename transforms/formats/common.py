"""What every format reader shares: document ids, rejects, the item size limit, timestamps.

Kept in one place so that all formats derive ids, word their rejects and enforce limits the same
way; the rest of the pipeline relies on those conventions.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import zlib
from typing import BinaryIO

from schemas.records import CONTENT_HTML, Document, Reject
from transforms.decode import MAX_UNREADABLE_SHARE, decode_bytes, unreadable_share

STAGE = "read"
DEFAULT_MAX_ITEM_BYTES = 8 * 1024 * 1024
LIMIT_OPTION = "--max_item_bytes"  # the pipeline option that sets Limits.max_item_bytes
# Errors of a stream that breaks while being read: truncated or corrupt gzip, I/O failures.
STREAM_ERRORS = (EOFError, OSError, zlib.error)


@dataclasses.dataclass(frozen=True)
class Limits:
    """Bounds on what a reader loads into memory; one bad input must not exhaust a worker."""

    max_item_bytes: int = DEFAULT_MAX_ITEM_BYTES

    def __post_init__(self) -> None:
        if self.max_item_bytes < 1:
            raise ValueError(f"max_item_bytes must be positive, got {self.max_item_bytes}")


def document_id(source_uri: str, item_id: str | None) -> str:
    """Stable id: from the input's own identity when it has one, so a re-crawl of the same item
    keeps its id, else from where the item was read."""
    identity = f"id:{item_id}" if item_id else f"uri:{source_uri}"
    return hashlib.sha256(identity.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


def document(
    source_uri: str,
    payload: bytes,
    content_type: str,
    content: str,
    *,
    item_id: str | None = None,
    url: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published_at: datetime.datetime | None = None,
    authors: tuple[str, ...] = (),
) -> Document:
    """A Document as Read emits it, its id derived from `item_id` or else `source_uri`."""
    return Document(
        id=document_id(source_uri, item_id),
        source_uri=source_uri,
        payload=payload,
        content_type=content_type,
        content=content,
        item_id=item_id,
        url=url,
        source=source,
        title=title,
        published_at=published_at,
        authors=authors,
    )


def decoded_document(
    source_uri: str,
    payload: bytes,
    content_type: str,
    *,
    declared: str | None = None,
    item_id: str | None = None,
    url: str | None = None,
) -> Document | Reject:
    """A Document from raw bytes, or a Reject when they decode to whitespace only or are binary
    data (an image or random bytes saved under a text suffix), which no extractor should see."""
    content, _ = decode_bytes(payload, declared, markup=content_type == CONTENT_HTML)
    if not content.strip():
        return reject(source_uri, "no text", payload, item_id=item_id, url=url)
    share = unreadable_share(content)
    if share > MAX_UNREADABLE_SHARE:
        error = f"binary data, not text: {share:.0%} of the characters are undecodable or control"
        return reject(source_uri, error, payload, item_id=item_id, url=url)
    return document(source_uri, payload, content_type, content, item_id=item_id, url=url)


def reject(
    source_uri: str,
    error: str,
    payload: bytes,
    *,
    item_id: str | None = None,
    url: str | None = None,
) -> Reject:
    """A Reject of the read stage, carrying the id the item would have had."""
    return Reject(source_uri, STAGE, error, payload, document_id(source_uri, item_id), url)


def too_large(limits: Limits, size: int | None = None) -> str:
    """The error of an item over the limit; `size` when known (reading on only to measure the
    item could mean inflating a gzip bomb). The Reject keeps the first max_item_bytes bytes."""
    measured = f"{size} bytes" if size is not None else f"more than {limits.max_item_bytes} bytes"
    return (
        f"item too large: {measured} exceeds the limit of {limits.max_item_bytes} bytes "
        f"(raise it with {LIMIT_OPTION})"
    )


def read_whole(source_uri: str, stream: BinaryIO, limits: Limits) -> bytes | Reject:
    """The whole stream as one item, reading at most one byte past the limit (a gzip bomb is
    never inflated further), or the Reject for an empty or oversized file."""
    wanted = limits.max_item_bytes + 1
    chunks: list[bytes] = []
    size = 0
    while size < wanted and (chunk := stream.read(wanted - size)):
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if not data:
        return reject(source_uri, "empty file", b"")
    if size > limits.max_item_bytes:
        return reject(source_uri, too_large(limits), data[: limits.max_item_bytes])
    return data
