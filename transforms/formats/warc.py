"""Web archives (.warc, .warc.gz): one item per HTTP response that carries an HTML page.

warcio reads the file itself, compressed or not: a .warc.gz is a series of gzip members, one per
record, and a member that does not inflate ends the readable part of the file. Other record
types (warcinfo, request, metadata, revisit) describe the crawl and are not items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from schemas.records import CONTENT_HTML, Document, Reject
from transforms.formats.common import (
    STREAM_ERRORS,
    Limits,
    decoded_document,
    reject,
    too_large,
)

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^\s;"']+)""", re.IGNORECASE)
_SKIP_BYTES = 1 << 20


def read(source_uri: str, stream: BinaryIO, limits: Limits) -> Iterator[Document | Reject]:
    records = ArchiveIterator(stream)
    seen_any = False
    try:
        for record in records:
            seen_any = True
            offset = records.offset  # where this record starts in the file, compressed or not
            record_uri = f"{source_uri}#offset={offset}"
            is_response = record.rec_type == "response"
            body = record.content_stream().read(limits.max_item_bytes + 1) if is_response else b""
            if not _skip_rest(record):
                error = f"WARC is cut short: the file ends inside the record at byte {offset}"
                yield reject(record_uri, error, body[: limits.max_item_bytes])
            elif is_response:
                yield _response(record_uri, record, body, limits)
    except (ArchiveLoadFailed, *STREAM_ERRORS, AttributeError, ValueError) as err:
        # warcio trips over damaged headers with AttributeError or ValueError (a record cut
        # before its WARC-Target-URI, a Content-Length that is not a number).
        yield _unreadable_rest(source_uri, records.offset, err)
        return
    if not seen_any:
        yield reject(source_uri, "empty file: no WARC records", b"")
    elif records.offset < records.fh.tell():  # warcio stops quietly at a cut gzip member
        yield _unreadable_rest(source_uri, records.offset, "truncated or corrupt gzip member")


def _skip_rest(record: ArcWarcRecord) -> bool:
    """Read past the rest of the record; False when the file ends before its Content-Length."""
    while record.raw_stream.read(_SKIP_BYTES):
        pass
    return record.length is not None and record.raw_stream.tell() >= record.length


def _response(
    source_uri: str, record: ArcWarcRecord, body: bytes, limits: Limits
) -> Document | Reject:
    item_id = record.rec_headers.get_header("WARC-Record-ID")
    url = record.rec_headers.get_header("WARC-Target-URI")
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
    head = body[: limits.max_item_bytes]
    if (content_type or "").split(";")[0].strip().lower() not in _HTML_TYPES:
        error = f"WARC response is not HTML (Content-Type: {content_type or 'missing'})"
        return reject(source_uri, error, head, item_id=item_id, url=url)
    if len(body) > limits.max_item_bytes:
        return reject(source_uri, too_large(limits), head, item_id=item_id, url=url)
    charset = _CHARSET.search(content_type)
    return decoded_document(
        source_uri,
        body,
        CONTENT_HTML,
        declared=charset.group(1) if charset else None,
        item_id=item_id,
        url=url,
    )


def _unreadable_rest(source_uri: str, offset: int, cause: object) -> Reject:
    reason = " ".join(str(cause).split())  # warcio's messages span several indented lines
    error = f"WARC unreadable from byte {offset}: {reason}"
    return reject(f"{source_uri}#offset={offset}", error, b"")
