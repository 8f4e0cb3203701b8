"""RSS 2.0 and Atom feeds (.xml, .rss, .atom): one item per feed entry, parsed by feedparser.

A feed is parsed whole, so the file itself is held to the item size limit. An entry's markup is
usually the article itself, not a page around it, hence the content type html-fragment; but some
feeds put the whole page in it (head, navigation, aside, footer), which is then extracted as a
page. feedparser's HTML sanitizer is off: it would drop the page's tags and keep their text,
gluing the `<title>` and the navigation links into the article; Extract reads markup as data and
never runs it.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from collections.abc import Iterator
from typing import BinaryIO

import feedparser

from schemas.records import CONTENT_HTML, CONTENT_HTML_FRAGMENT, CONTENT_TEXT, Document, Reject
from transforms.formats.common import STAGE, Limits, document, read_whole, reject
from transforms.timestamps import parse_timestamp

_log = logging.getLogger(__name__)
# The error of an item whose article is only linked: `newsbeam stream` fetches the page, and
# `newsbeam run` does with --fetch_links (transforms.poll.FetchLinkedPages).
LINK_ONLY = "feed item carries no content, only a link (--fetch_links fetches linked pages)"
NO_CONTENT = "feed item carries neither content nor a link"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
# Markup of a whole page, or of the furniture around an article on one.
_PAGE_MARKUP = re.compile(r"<(?:!doctype|html|head|body|nav|aside|footer)\b", re.IGNORECASE)


def read(source_uri: str, stream: BinaryIO, limits: Limits) -> Iterator[Document | Reject]:
    data = read_whole(source_uri, stream, limits)
    if isinstance(data, Reject):
        yield data
        return
    # A stream, not bytes: feedparser would take bytes that look like a URL or path and fetch them.
    feed = feedparser.parse(io.BytesIO(data), sanitize_html=False)
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
    """(content, content type) of the entry: its full content if given, else its summary; markup
    is a page when it holds a whole document or a page's furniture, else a fragment."""
    detail = entry.content[0] if entry.get("content") else entry.get("summary_detail", {})
    value = detail.get("value") or ""
    if not value.strip():
        return None
    if detail.get("type") not in _HTML_TYPES and _MARKUP.search(value) is None:
        return value, CONTENT_TEXT
    return value, CONTENT_HTML if _PAGE_MARKUP.search(value) else CONTENT_HTML_FRAGMENT


def _entry(
    source_uri: str, entry: feedparser.FeedParserDict, source: str | None
) -> Document | Reject:
    url = entry.get("link") or None
    content = _content(entry)
    item_id = entry.get("id") or url or _content_id(entry, content)
    if content is None:
        described = json.dumps({"id": item_id, "link": url, "title": entry.get("title")}).encode()
        error = LINK_ONLY if url else NO_CONTENT
        return reject(source_uri, error, described, item_id=item_id, url=url)
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


def _content_id(entry: feedparser.FeedParserDict, content: tuple[str, str] | None) -> str:
    """The id of an item with neither GUID nor link: a hash of its title, date and text. Its
    position in the feed would not do: a newly prepended item would take over an old one's id."""
    date = entry.get("published") or entry.get("updated") or ""
    fields = [entry.get("title") or "", date, content[0] if content else ""]
    return "sha256:" + hashlib.sha256("\x1f".join(fields).encode("utf-8", "replace")).hexdigest()


def is_link_only(item: Reject) -> bool:
    """Whether `item` is a feed item that only links to its article, whose page can be fetched."""
    return item.stage == STAGE and item.error == LINK_ONLY
