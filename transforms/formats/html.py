"""HTML pages (.html, .htm): the whole file is one page; Extract finds the article in it."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from html import unescape
from typing import BinaryIO

from schemas.records import CONTENT_HTML, Document, Reject
from transforms.formats.common import Limits, decoded_document, read_whole

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_LINK_OR_META = re.compile(r"<(?:link|meta)\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def read(source_uri: str, stream: BinaryIO, limits: Limits) -> Iterator[Document | Reject]:
    data = read_whole(source_uri, stream, limits)
    page = data if isinstance(data, Reject) else decoded_document(source_uri, data, CONTENT_HTML)
    yield page.replace(url=canonical_url(page.content)) if isinstance(page, Document) else page


def canonical_url(markup: str) -> str | None:
    """The page's own absolute URL, from `<link rel="canonical">` or `<meta property="og:url">`:
    a saved page has no other record of where it came from."""
    head = _HEAD_END.split(markup, maxsplit=1)[0]
    for tag in _LINK_OR_META.finditer(head):
        attributes = {
            name.lower(): unescape("".join(value)).strip()
            for name, *value in _ATTRIBUTE.findall(tag.group())
        }
        declares_url = (
            attributes.get("rel", "").lower() == "canonical"
            or attributes.get("property", "").lower() == "og:url"
        )
        url = attributes.get("href") or attributes.get("content")
        if declares_url and url and urllib.parse.urlsplit(url).scheme in ("http", "https"):
            return url
    return None
