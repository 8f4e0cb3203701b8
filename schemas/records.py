"""The records that flow between the stages of the pipeline.

A `Document` is created by Read and filled in stage by stage (Extract sets `text`, Clean rewrites
it, Language sets `language`, Dedupe sets `duplicate_of`); each stage returns a new record with
`dataclasses.replace`, never mutates one. A `Reject` is what any stage emits instead of a
document when the item cannot go on: it keeps the raw payload so the item can be replayed.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import re
import unicodedata
import urllib.parse

_WORD = re.compile(r"\w+")

CONTENT_TEXT = "text"
CONTENT_HTML = "html"  # a whole page: the article is extracted from it
CONTENT_HTML_FRAGMENT = "html-fragment"  # markup that is all article, as a feed item's content


@dataclasses.dataclass(frozen=True)
class Removal:
    """One piece of text the cleaner took out of an article, and the rule that took it."""

    rule: str
    text: str


@dataclasses.dataclass(frozen=True)
class Document:
    """One news item on its way through the pipeline."""

    id: str
    source_uri: str
    payload: bytes
    content_type: str  # one of the CONTENT_* values: how Extract must treat `content`
    content: str = ""  # the decoded item as read; stages after Extract work on `text`
    item_id: str | None = None  # the id the input itself gave the item, if any
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: datetime.datetime | None = None
    authors: tuple[str, ...] = ()
    text: str = ""
    extractor: str | None = None
    removed: tuple[Removal, ...] = ()
    language: str | None = None
    language_score: float = 0.0
    language_script: str | None = None  # ISO 15924: Latn, Cyrl, Hans, Hant, Jpan, …
    duplicate_of: str | None = None
    similarity: float | None = None
    cluster_size: int = 1

    def replace(self, **changes) -> Document:
        return dataclasses.replace(self, **changes)

    @functools.cached_property
    def content_hash(self) -> str:
        """Hash of the text's words, case-folded: copies that differ only in case, spacing or
        punctuation share it."""
        return text_hash(self.text)

    @property
    def source_key(self) -> str | None:
        """The outlet or feed the document comes from: its `source`, else its URL's host."""
        if self.source and self.source.strip():
            return self.source.strip().casefold()
        host = urllib.parse.urlsplit(self.url or "").hostname
        return host.removeprefix("www.") if host else None

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))


def text_hash(text: str) -> str:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


@dataclasses.dataclass(frozen=True)
class Reject:
    """An item that could not go on, with the stage that stopped it and why."""

    source_uri: str
    stage: str
    error: str
    payload: bytes
    id: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, doc: Document, stage: str, error: str) -> Reject:
        return cls(doc.source_uri, stage, error, doc.payload, doc.id, doc.url)
