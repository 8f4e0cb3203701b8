"""Extract stage: the main text of an HTML page, with its title, date and authors.

trafilatura is the most accurate single extractor on news pages, but every extractor fails on
pages where others do not. So trafilatura's text is checked against two cheap second opinions
(its own recall mode and boilerpy3); where they disagree, readability, jusText and boilerpy3's
article mode join in, and the text the others agree with most wins (`transforms.consensus`).
`consensus=False` keeps trafilatura alone (boilerpy3 where it finds nothing): faster, less
accurate. An HTML fragment (a feed item's content) is already the article: it is turned into
text paragraph by paragraph, since page extractors discard short fragments. Plain-text items
pass through unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime

import apache_beam as beam
import trafilatura

from schemas import CONTENT_HTML_FRAGMENT, CONTENT_TEXT, Document
from transforms.consensus import agreement, most_agreed, shingles
from transforms.extractors import (
    boilerpy3_article,
    boilerpy3_default,
    fragment_text,
    justext_text,
    readability_text,
    trafilatura_recall,
)
from transforms.stage import StageFn, run_stage
from transforms.timestamps import parse_timestamp

__all__ = [
    "Extract",
    "ExtractedPage",
    "NoArticleText",
    "extract_document",
    "extract_page",
]

# A page is easy when trafilatura's recall mode (the same algorithm, keeping what it doubts)
# agrees almost fully and boilerpy3's DefaultExtractor (another algorithm, which keeps more of
# the page) shares at least half of the text; then no more extractors run. On wcxb-dev four
# pages in five are easy.
_SAME_ALGORITHM_AGREEMENT = 0.98
_OTHER_ALGORITHM_AGREEMENT = 0.5


class NoArticleText(ValueError):
    """The page has no text any extractor recognises as an article."""


@dataclasses.dataclass(frozen=True)
class ExtractedPage:
    text: str
    extractor: str
    title: str | None = None
    published_at: datetime.datetime | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    source: str | None = None


def extract_page(html: str, url: str | None = None, consensus: bool = True) -> ExtractedPage:
    """Main text of `html` (paragraphs on separate lines) and the page's metadata."""
    page = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    primary = page.text.strip() if page is not None and page.text else ""
    if consensus:
        extractor, text = _by_consensus(html, url, primary)
    elif primary:
        extractor, text = "trafilatura", primary
    else:
        extractor, text = "boilerpy3", boilerpy3_article(html)
    if not text:
        raise NoArticleText("no extractor found article text in the page")
    if page is None:
        return ExtractedPage(text=text, extractor=extractor)
    return ExtractedPage(
        text=text,
        extractor=extractor,
        title=page.title or None,
        published_at=parse_timestamp(page.date),
        authors=_split_authors(page.author),
        url=page.url or None,
        source=page.sitename or None,
    )


def _by_consensus(html: str, url: str | None, primary: str) -> tuple[str, str]:
    """(extractor, text): trafilatura's on an easy page, else the most agreed extraction."""
    recall, default = trafilatura_recall(html, url), boilerpy3_default(html)
    own = shingles(primary)
    if (
        agreement(own, shingles(recall)) >= _SAME_ALGORITHM_AGREEMENT
        and agreement(own, shingles(default)) >= _OTHER_ALGORITHM_AGREEMENT
    ):
        return "trafilatura", primary
    candidates = {
        "trafilatura": primary,
        "trafilatura_recall": recall,
        "readability": readability_text(html),
        "justext": justext_text(html),
        "boilerpy3": boilerpy3_article(html),
    }
    winner = most_agreed(candidates, {**candidates, "boilerpy3_default": default})
    return (winner, candidates[winner].strip()) if winner else ("trafilatura", "")


def extract_document(doc: Document, consensus: bool = True) -> Document:
    """The document with `text` set; metadata the input already gave wins over the page's."""
    if doc.content_type == CONTENT_TEXT:
        return doc.replace(text=doc.content.replace("\r\n", "\n"), content="", extractor="plain")
    if doc.content_type == CONTENT_HTML_FRAGMENT:
        text = fragment_text(doc.content)
        if not text:
            raise NoArticleText("the HTML fragment holds no text")
        return doc.replace(text=text, content="", extractor="fragment")
    page = extract_page(doc.content, doc.url, consensus)
    return doc.replace(
        text=page.text,
        content="",
        extractor=page.extractor,
        title=doc.title or page.title,
        published_at=doc.published_at or page.published_at,
        authors=doc.authors or page.authors,
        url=doc.url or page.url,
        source=doc.source or page.source,
    )


def _split_authors(value: str | None) -> tuple[str, ...]:
    return tuple(name.strip() for name in (value or "").split(";") if name.strip())


class _ExtractFn(StageFn):
    stage = "extract"

    def __init__(self, consensus: bool):
        super().__init__()
        self._consensus = consensus

    def apply(self, doc: Document) -> Document:
        result = extract_document(doc, self._consensus)
        self.count(f"extractor_{result.extractor}")
        return result


class Extract(beam.PTransform):
    """Documents → documents with `text`; pages with no article text go to `.rejects`.

    `consensus=False` extracts with trafilatura alone: about half the time, less accurate."""

    def __init__(self, consensus: bool = True):
        super().__init__()
        self._consensus = consensus

    def expand(self, docs):
        return run_stage(docs, "ExtractText", _ExtractFn(self._consensus))
