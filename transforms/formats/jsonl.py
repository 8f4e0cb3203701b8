"""JSON Lines exports (.jsonl, .ndjson): one news item per line, as a JSON object with `url`,
`html` or `text`, and optional `title`, `published`, `source`, `id` and `authors`.

The file is streamed line by line, so its size is bounded only per line; a bad line becomes a
Reject and the lines around it are still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from schemas.records import CONTENT_HTML, CONTENT_TEXT, Document, Reject
from transforms.decode import decode_bytes
from transforms.formats.common import (
    STREAM_ERRORS,
    Limits,
    document,
    reject,
    too_large,
)
from transforms.timestamps import parse_timestamp

_SKIP_BYTES = 1 << 20
# JSON may escape half of a UTF-16 surrogate pair ("\ud800"), which no UTF-8 writer accepts.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}


def read(source_uri: str, stream: BinaryIO, limits: Limits) -> Iterator[Document | Reject]:
    number = items = 0
    try:
        for number, (line, size) in enumerate(_lines(stream, limits.max_item_bytes), start=1):
            line_uri = f"{source_uri}#line={number}"
            if size > limits.max_item_bytes:
                items += 1
                yield reject(line_uri, too_large(limits, size), line[: limits.max_item_bytes])
            elif line.strip():
                items += 1
                yield _item(line_uri, number, line)
    except STREAM_ERRORS as err:
        yield reject(
            f"{source_uri}#line={number + 1}",
            f"input breaks at line {number + 1}: {type(err).__name__}: {err}",
            b"",
        )
    else:
        if items == 0:  # a file of blank lines would otherwise leave no trace of having been read
            error = "empty file" if number == 0 else "no items: only blank lines"
            yield reject(source_uri, error, b"")


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes, int]]:
    """(line, its length in bytes) for each line, without the line break. Only the first
    limit + 2 bytes of a line are kept (room for a CRLF); the rest of a longer line is skipped."""
    while chunk := stream.readline(limit + 2):
        head, size = chunk, len(chunk)
        while not chunk.endswith(b"\n") and (chunk := stream.readline(_SKIP_BYTES)):
            size += len(chunk)
        line_break = len(chunk) - len(chunk.rstrip(b"\r\n"))
        yield head.rstrip(b"\r\n"), size - line_break


def _item(source_uri: str, number: int, line: bytes) -> Document | Reject:
    try:
        record = json.loads(decode_bytes(line)[0])
    except (ValueError, RecursionError) as err:
        return reject(source_uri, f"line {number} is not JSON: {err}", line)
    if not isinstance(record, dict):
        kind = _JSON_TYPES.get(type(record), "null")
        return reject(source_uri, f"line {number} is {kind}, not a JSON object", line)
    item_id, url = _scalar(record.get("id")), _scalar(record.get("url"))
    html, text = _content(record.get("html")), _content(record.get("text"))
    if html is None and text is None:
        error = f"line {number} has neither a non-empty 'html' nor a non-empty 'text' field"
        return reject(source_uri, error, line, item_id=item_id, url=url)
    return document(
        source_uri,
        line,
        CONTENT_HTML if html is not None else CONTENT_TEXT,
        html if html is not None else text,
        item_id=item_id,
        url=url,
        source=_scalar(record.get("source")),
        title=_scalar(record.get("title")),
        published_at=parse_timestamp(record.get("published")),
        authors=_authors(record.get("authors")),
    )


def _text(value: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", value)


def _scalar(value: object) -> str | None:
    """A JSON string or number as text; None for anything else or a blank string."""
    if isinstance(value, str):
        return _text(value).strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _content(value: object) -> str | None:
    return _text(value) if isinstance(value, str) and value.strip() else None


def _authors(value: object) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(_text(name).strip() for name in names if isinstance(name, str) and name.strip())
