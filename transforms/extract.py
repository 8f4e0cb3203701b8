"""Extract stage: the main text of an HTML page, with its title, date and authors.

Two methods, chosen by `extraction` (measured side by side with other extractors by `make eval`):
- "model" (the default): the page is parsed once; trafilatura reads a copy of the tree, the tree is cut into
  text blocks, and a learned model (`transforms.block_model`) keeps the blocks that are the
  article, weighing trafilatura's choice with each block's length, links, wording, markup and
  neighbours; a second model then keeps that text or trafilatura's, whichever it expects to be
  closer to the article on this page. About 1.25 times trafilatura's CPU.
- "trafilatura": trafilatura's text alone (boilerpy3's where it finds nothing): the fastest.
An HTML fragment (a feed item's content) is already the article: it is turned into text paragraph
by paragraph, since page extractors discard short fragments. Plain-text items pass through.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re

import apache_beam as beam
import numpy as np
import trafilatura
import trafilatura.settings
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import load_html

from schemas import CONTENT_HTML_FRAGMENT, CONTENT_TEXT, Document
from transforms.block_model import BlockModel, load_block_model
from transforms.extractors import boilerpy3_article, fragment_text
from transforms.page_blocks import Block, block_features, page_blocks
from transforms.stage import StageFn, run_stage
from transforms.timestamps import parse_timestamp

__all__ = [
    "EXTRACTIONS",
    "Extract",
    "ExtractedPage",
    "NoArticleText",
    "PageAnalysis",
    "analyse_page",
    "extract_document",
    "extract_page",
    "page_metadata",
    "parse_page",
]

EXTRACTIONS = ("model", "trafilatura")
_HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)


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


@dataclasses.dataclass(frozen=True)
class PageAnalysis:
    """One parse of a page: trafilatura's reading of it and the page's text blocks with features."""

    trafilatura: trafilatura.settings.Document | None
    blocks: list[Block]
    features: np.ndarray


def parse_page(html: str) -> HtmlElement | None:
    """The page's tree, with what follows a stray `</html>` kept: libxml2 drops everything after
    it, where browsers go on rendering it (a CMS that closes its template before the article
    would lose the whole article). Without the end tag the parser closes the page at its end."""
    return load_html(_HTML_END.sub("", html))


def analyse_page(html: str, url: str | None = None, with_date: bool = True) -> PageAnalysis:
    """Parses `html` once; trafilatura works on a copy of the tree, the blocks on the tree.
    `with_date`: search the page for its date (see `page_metadata`)."""
    tree = parse_page(html)
    if tree is None:
        raise NoArticleText("the page could not be parsed as HTML")
    page = _trafilatura_page(tree, url, with_date)
    blocks = page_blocks(tree)
    primary = page.text if page is not None and page.text else ""
    return PageAnalysis(page, blocks, block_features(blocks, primary, page.title if page else None))


def page_metadata(tree: HtmlElement, url: str | None = None, with_date: bool = True):
    """The fields of trafilatura's `extract_metadata` that newsbeam keeps (title, author, url,
    sitename, date), found the way it finds them, without the parts whose results newsbeam
    drops: categories, tags and license (a third of its time), and htmldate's date search when
    `with_date` is false (another third), as when the input record carries its own date, which
    wins over the page's anyway. Returns a `trafilatura.settings.Document`."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - as trafilatura: a broken JSON-LD block is no metadata
        pass
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or extract_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    if with_date:
        metadata.date = find_date(tree, **trafilatura.settings.set_date_params(), url=metadata.url)
    metadata.sitename = metadata.sitename or extract_sitename(tree)
    if metadata.sitename:
        name = metadata.sitename.lstrip("@")  # a Twitter handle
        lower_case_word = name and "." not in name and not name[0].isupper()
        metadata.sitename = name.title() if lower_case_word else name
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata


def _trafilatura_page(tree: HtmlElement | None, url: str | None, with_date: bool):
    """trafilatura's reading of the page (`bare_extraction` with its metadata), on a copy of
    `tree`, or None when it finds no text; the metadata comes from `page_metadata`."""
    if tree is None:
        return None
    page = trafilatura.bare_extraction(tree, url=url, include_comments=False)
    if page is None:
        return None
    metadata = page_metadata(tree, url, with_date)
    for field in ("title", "author", "url", "sitename", "date"):
        setattr(page, field, getattr(metadata, field))
    return page


def extract_page(
    html: str,
    url: str | None = None,
    extraction: str = "model",
    model: BlockModel | None = None,
    with_date: bool = True,
) -> ExtractedPage:
    """Main text of `html` (paragraphs on separate lines) and the page's metadata, by the method
    `extraction` names; "model" uses `model`, by default the one shipped in the package.
    `with_date`: search the page for its date (false leaves `published_at` empty)."""
    if extraction not in EXTRACTIONS:
        raise ValueError(f"extraction must be one of {', '.join(EXTRACTIONS)}, not {extraction!r}")
    if extraction == "model":
        model = model or _shipped_model()
        analysis = analyse_page(html, url, with_date)
        page = analysis.trafilatura
        primary = page.text.strip() if page is not None and page.text else ""
        extractor, text = model.article(analysis.blocks, analysis.features, primary)
    else:
        page = _trafilatura_page(parse_page(html), url, with_date)
        primary = page.text.strip() if page is not None and page.text else ""
        if primary:
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


@functools.cache
def _shipped_model() -> BlockModel:
    """The package's models, loaded once per process for callers that pass none."""
    return load_block_model()


def extract_document(doc: Document, extraction: str = "model", model: BlockModel | None = None) -> Document:
    """The document with `text` set; metadata the input already gave wins over the page's."""
    if doc.content_type == CONTENT_TEXT:
        return doc.replace(text=doc.content.replace("\r\n", "\n"), content="", extractor="plain")
    if doc.content_type == CONTENT_HTML_FRAGMENT:
        text = fragment_text(doc.content)
        if not text:
            raise NoArticleText("the HTML fragment holds no text")
        return doc.replace(text=text, content="", extractor="fragment")
    page = extract_page(doc.content, doc.url, extraction, model, with_date=doc.published_at is None)
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

    def __init__(self, extraction: str):
        super().__init__()
        self._extraction = extraction
        self._model: BlockModel | None = None

    def setup(self) -> None:
        # Once per worker, and before the first element: a missing or corrupt model file stops the
        # run at startup with ModelFileError instead of rejecting every page.
        if self._extraction == "model":
            self._model = load_block_model()

    def apply(self, doc: Document) -> Document:
        result = extract_document(doc, self._extraction, self._model)
        self.count(f"extractor_{result.extractor}")
        if doc.published_at is not None and result.extractor not in ("plain", "fragment"):
            self.count("page_date_search_skipped")  # the record's own date wins
        return result


class Extract(beam.PTransform):
    """Documents → documents with `text`; pages with no article text go to `.rejects`.

    `extraction` is the method (see the module's docstring): "model" (the default) or
    "trafilatura"."""

    def __init__(self, extraction: str = "model"):
        super().__init__()
        if extraction not in EXTRACTIONS:
            raise ValueError(f"extraction must be one of {', '.join(EXTRACTIONS)}, not {extraction!r}")
        self._extraction = extraction

    def expand(self, docs):
        if self._extraction == "model":
            load_block_model()  # a missing or corrupt model file stops the build, with its reason
        return run_stage(docs, "ExtractText", _ExtractFn(self._extraction))
