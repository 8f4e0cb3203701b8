"""The HTML-to-text extractors besides Extract's own: boilerpy3 where trafilatura finds nothing,
the text of an HTML fragment, and the baselines of `make eval`, each `html -> text` with
paragraphs on separate lines, and "" where it finds nothing or fails on the markup.

They differ in how they find the article: readability scores the densest block, jusText
classifies paragraphs by length, link density and stop words (here in every language it knows),
boilerpy3 by text density.
"""

from __future__ import annotations

import logging

import justext
import lxml.etree
import lxml.html
import readability
from boilerpy3 import extractors as boilerpy3_extractors

from transforms.page_blocks import STOPWORDS

__all__ = [
    "boilerpy3_article",
    "fragment_text",
    "justext_text",
    "readability_text",
]

_BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "figure"}

# readability logs every page it finds hard at INFO level, boilerpy3 every nested link at
# WARNING level: run on every page they would drown a log. readability also logs an ERROR with a
# traceback for markup it fails on; for a baseline that is an empty text, not an error, so it is
# said at DEBUG level here instead.
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)
_LOG = logging.getLogger(__name__)
logging.getLogger("boilerpy3").setLevel(logging.ERROR)


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


def readability_text(html: str) -> str:
    try:
        # NUL bytes make its parser fail on the whole page; they are no text anyway
        return fragment_text(readability.Document(html.replace("\x00", "")).summary(html_partial=True))
    except Exception as error:  # noqa: BLE001 - readability raises on markup it cannot score; a vote less
        _LOG.debug("readability found no article: %s", error)
        return ""


def justext_text(html: str) -> str:
    try:
        paragraphs = justext.justext(html.encode("utf-8", "replace"), STOPWORDS)
    except Exception:  # noqa: BLE001 - jusText's parser fails on some markup; a vote less
        return ""
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def boilerpy3_article(html: str) -> str:
    try:
        return boilerpy3_extractors.ArticleExtractor(raise_on_failure=False).get_content(html).strip()
    except Exception:  # noqa: BLE001 - boilerpy3's SAX parser fails on some markup
        return ""
