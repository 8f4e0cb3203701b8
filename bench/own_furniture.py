"""Training and evaluation texts with a page's own furniture: the related-story list, photo
captions and byline that a corpus page carries in its HTML (found by the element's tag, class or
id), spliced into its reviewed article text where plain-text copy carries them.

The generated furniture of `furnished_texts` is set in labels and forms this project wrote; these
are the sites' own: their list labels ("Similar Posts", "What other experts are reading"), their
headlines' case and punctuation, lists without a label, captions and credits in their words,
bylines with or without "By" and a date. A page gives up to two texts, one with its list (after the
body or after its middle paragraph) and one with its byline (after the headline) and captions
(before body paragraphs), each labelled exactly: the headline and the article's paragraphs are
article text, what was spliced in boilerplate. Where things go is drawn from a generator seeded by
the page's id, so the same corpus gives the same texts.
"""

from __future__ import annotations

import hashlib
import random
import re

import lxml.etree
import lxml.html

from bench.corpus import Page
from transforms.clean import split_paragraphs

__all__ = ["captions_and_byline", "captioned_text", "related_list", "spliced_text"]

# What sites name the element around a list of links to other stories, a caption, a byline
_LIST_NAME = re.compile(
    r"related|more-?(?:stories|news|articles|from)|recommend|read-?(?:also|next|more)|also-?read|popular"
    r"|trending|latest|most-?(?:read|viewed|popular)|top-?stories|other-?(?:news|stories)|you-?may|further",
    re.IGNORECASE,
)
_CAPTION_NAME = re.compile(r"caption|credit", re.IGNORECASE)
_BYLINE_NAME = re.compile(r"byline|author", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_MIN_LINK_WORDS = 4
_LINKS = (3, 15)
_MAX_LABEL_WORDS = 6
_LABEL_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "span", "p")
_FURNITURE_WORDS = (2, 60)
_MAX_CAPTIONS = 3

Lines = tuple[list[str], list[bool]]


def related_list(page: Page) -> tuple[str | None, list[str]] | None:
    """(label, links) of the first element named like a related list that holds 3 to 15 links of
    four words or more not in the article; its label is its first short text outside a link."""
    root = _root(page)
    for element in root.iter("div", "section", "aside", "ul", "ol", "nav") if root is not None else ():
        if not _LIST_NAME.search(_names(element)):
            continue
        links = list(dict.fromkeys(
            text for text in (" ".join(a.text_content().split()) for a in element.iter("a"))
            if len(_WORD.findall(text)) >= _MIN_LINK_WORDS and text not in page.gold
        ))
        if _LINKS[0] <= len(links) <= _LINKS[1]:
            return _label(element), links
    return None


def captions_and_byline(page: Page) -> tuple[list[str], str | None]:
    """Up to three captions (a figcaption, or an element named caption or credit) and the first
    byline (an element named byline or author) of `page`, each of 2 to 60 words, not in the
    article, and not holding another one found."""
    root = _root(page)
    captions: list[str] = []
    bylines: list[str] = []
    for element in root.iter() if root is not None else ():
        if not isinstance(element.tag, str) or element.xpath("ancestor::figcaption"):
            continue
        names = _names(element)
        found = captions if element.tag == "figcaption" or _CAPTION_NAME.search(names) else None
        found = bylines if found is None and _BYLINE_NAME.search(names) else found
        text = " ".join(element.text_content().split())
        words = len(text.split())
        if found is not None and _FURNITURE_WORDS[0] <= words <= _FURNITURE_WORDS[1] and text not in page.gold:
            found.append(text)
    captions, bylines = _innermost(captions), _innermost(bylines)
    return captions[:_MAX_CAPTIONS], (bylines[0] if bylines else None)


def spliced_text(page: Page) -> Lines | None:
    """(lines, boilerplate per line): `page`'s headline and article with its related list after
    the body or after its middle paragraph; None without headline, article or list."""
    headline, body = _headline_and_body(page)
    found = related_list(page) if body else None
    if found is None:
        return None
    label, links = found
    rng = _generator(page)
    at = len(body) if rng.random() < 0.5 or len(body) < 2 else len(body) // 2
    return _lines([(headline, False), *_article(body[:at]), *_added([label] if label else []), *_added(links),
                   *_article(body[at:])])


def captioned_text(page: Page) -> Lines | None:
    """(lines, boilerplate per line): `page`'s headline, its byline, and its article with its
    captions each before a paragraph drawn at random; None without headline, article or either."""
    headline, body = _headline_and_body(page)
    captions, byline = captions_and_byline(page) if body else ([], None)
    if not captions and byline is None:
        return None
    rng = _generator(page)
    lines = _article(body)
    for caption in captions:
        lines.insert(rng.randrange(len(lines) + 1), (caption, True))
    return _lines([(headline, False), *_added([byline] if byline else []), *lines])


def _root(page: Page) -> lxml.etree._Element | None:
    try:
        return lxml.html.fromstring(page.html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _names(element: lxml.etree._Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _label(element: lxml.etree._Element) -> str | None:
    for candidate in element.iter(*_LABEL_TAGS):
        text = " ".join(candidate.text_content().split())
        if text and len(text.split()) <= _MAX_LABEL_WORDS and not candidate.xpath("ancestor-or-self::a|.//a"):
            return text
    return None


def _innermost(texts: list[str]) -> list[str]:
    """The texts in order, once each, without those that hold another (an element and its child)."""
    unique = list(dict.fromkeys(texts))
    return [text for text in unique if not any(other != text and other in text for other in unique)]


def _headline_and_body(page: Page) -> tuple[str, list[str]]:
    headline = (page.title or "").strip()
    return headline, split_paragraphs(page.gold) if headline else []


def _generator(page: Page) -> random.Random:
    return random.Random(hashlib.sha1(page.id.encode()).hexdigest())


def _article(paragraphs: list[str]) -> list[tuple[str, bool]]:
    return [(paragraph, False) for paragraph in paragraphs]


def _added(lines: list[str]) -> list[tuple[str, bool]]:
    return [(line, True) for line in lines]


def _lines(lines: list[tuple[str, bool]]) -> Lines:
    return [" ".join(split_paragraphs(line)) for line, _ in lines], [boilerplate for _, boilerplate in lines]
