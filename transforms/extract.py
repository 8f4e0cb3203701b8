"""Extract stage: the main text of an HTML page, with its title, date and authors.

trafilatura is the most accurate extractor on news pages; boilerpy3 catches some pages where it
finds nothing. An HTML fragment (a feed item's content) is already the article: it is turned into
text paragraph by paragraph, since page extractors discard short fragments. Plain-text items pass
through unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime

import apache_beam as beam
import lxml.etree
import lxml.html
import trafilatura
from boilerpy3 import extractors

from schemas import CONTENT_HTML_FRAGMENT, CONTENT_TEXT, Document
from transforms.stage import StageFn, run_stage
from transforms.timestamps import parse_timestamp

__all__ = [
    "Extract",
    "ExtractedPage",
    "NoArticleText",
    "extract_document",
    "extract_page",
    "fragment_text",
]

_BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "figure"}


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


def extract_page(html: str, url: str | None = None) -> ExtractedPage:
    """Main text of `html` (paragraphs on separate lines) and the page's metadata."""
    page = trafilatura.bare_extraction(
        html, url=url, include_comments=False, with_metadata=True
    )
    if page is not None and page.text and page.text.strip():
        return ExtractedPage(
            text=page.text.strip(),
            extractor="trafilatura",
            title=page.title or None,
            published_at=parse_timestamp(page.date),
            authors=_split_authors(page.author),
            url=page.url or None,
            source=page.sitename or None,
        )
    try:
        text = extractors.ArticleExtractor(raise_on_failure=False).get_content(html).strip()
    except Exception:  # noqa: BLE001 - boilerpy3's parser fails on some markup; trafilatura already did
        text = ""
    if not text:
        raise NoArticleText("neither trafilatura nor boilerpy3 found article text in the page")
    return ExtractedPage(text=text, extractor="boilerpy3")


def fragment_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element (paragraph, list item, line break)."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    lxml.etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def extract_document(doc: Document) -> Document:
    """The document with `text` set; metadata the input already gave wins over the page's."""
    if doc.content_type == CONTENT_TEXT:
        return doc.replace(text=doc.content.replace("\r\n", "\n"), content="", extractor="plain")
    if doc.content_type == CONTENT_HTML_FRAGMENT:
        text = fragment_text(doc.content)
        if not text:
            raise NoArticleText("the HTML fragment holds no text")
        return doc.replace(text=text, content="", extractor="fragment")
    page = extract_page(doc.content, doc.url)
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

    def apply(self, doc: Document) -> Document:
        result = extract_document(doc)
        self.count(f"extractor_{result.extractor}")
        return result


class Extract(beam.PTransform):
    """Documents → documents with `text`; pages with no article text go to `.rejects`."""

    def expand(self, docs):
        return run_stage(docs, "ExtractText", _ExtractFn())
