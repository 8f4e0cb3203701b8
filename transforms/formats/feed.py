"""RSS 2.0 and Atom feeds (.xml, .rss, .atom): one item per feed entry, parsed by feedparser.

A feed is parsed whole, so the file itself is held to the item size limit. An entry's markup is
the article itself, not a page around it, hence the content type html-fragment.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import BinaryIO

import feedparser

from schemas.records import CONTENT_HTML_FRAGMENT, CONTENT_TEXT, Document, Reject
from transforms.formats.common import Limits, document, read_whole, reject
from transforms.timestamps import parse_timestamp

_log = logging.getLogger(__name__)
# The error of an item whose article is only linked; a stream fetches the page (transforms.poll).
NO_CONTENT = "feed item carries no content"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


def read(source_uri: str, stream: BinaryIO, limits: Limits) -> Iterator[Document | Reject]:
    data = read_whole(source_uri, stream, limits)
    if isinstance(data, Reject):
        yield data
        return
    # A stream, not bytes: feedparser would take bytes that look like a URL or path and fetch them.
    feed = feedparser.parse(io.BytesIO(data))
    if feed.bozo and not any(_content(entry) for entry in feed.entries):
        # Nothing worth keeping was recovered: the raw file is the one thing to replay.
        yield reject(source_uri, f"malformed feed: {feed.get('bozo_exception')}", data)
        return
    if not feed.get("version"):
        yield reject(source_uri, "not an RSS or Atom feed", data)
        return
    if feed.bozo:
        _log.warning(
            "%s: malformed feed (%s); reading the %d entries recovered",
            source_uri,
            feed.get("bozo_exception"),
            len(feed.entries),
        )
    source = feed.feed.get("title") or None
    for index, entry in enumerate(feed.entries, start=1):
        yield _entry(f"{source_uri}#item={index}", entry, source)


def _content(entry: feedparser.FeedParserDict) -> tuple[str, str] | None:
    """(content, content type) of the entry: its full content if given, else its summary."""
    detail = entry.content[0] if entry.get("content") else entry.get("summary_detail", {})
    value = detail.get("value") or ""
    if not value.strip():
        return None
    is_markup = detail.get("type") in _HTML_TYPES or _MARKUP.search(value) is not None
    return value, CONTENT_HTML_FRAGMENT if is_markup else CONTENT_TEXT


def _entry(
    source_uri: str, entry: feedparser.FeedParserDict, source: str | None
) -> Document | Reject:
    url = entry.get("link") or None
    item_id = entry.get("id") or url
    content = _content(entry)
    if content is None:
        described = json.dumps({"id": item_id, "link": url, "title": entry.get("title")}).encode()
        return reject(source_uri, NO_CONTENT, described, item_id=item_id, url=url)
    value, content_type = content
    return document(
        source_uri,
        value.encode("utf-8", errors="replace"),
        content_type,
        value,
        item_id=item_id,
        url=url,
        source=source,
        title=entry.get("title") or None,
        published_at=parse_timestamp(entry.get("published_parsed") or entry.get("updated_parsed")),
        authors=tuple(dict.fromkeys(a["name"] for a in entry.get("authors", []) if a.get("name"))),
    )
