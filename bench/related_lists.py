"""Training and evaluation texts with real related-story lists: a corpus page's own list of links
to other stories (found in its HTML by the class or id of the element holding it), spliced into
its reviewed article text where plain-text copy carries one, after the body or inside it.

The generated furniture of `furnished_texts` is set in labels and forms this project wrote; these
lists are the sites' own: their labels ("Similar Posts", "What other experts are reading"), their
headlines' case and punctuation, lists without a label. A page gives one text, labelled exactly:
the headline and the article's paragraphs are article text, the list's lines boilerplate. Where
the list goes is drawn from a generator seeded by the page's id, so the same corpus gives the
same texts.
"""

from __future__ import annotations

import hashlib
import random
import re

import lxml.etree
import lxml.html

from bench.corpus import Page
from transforms.clean import split_paragraphs

__all__ = ["related_list", "spliced_text"]

# What sites name the element around a list of links to other stories
_LIST_NAME = re.compile(
    r"related|more-?(?:stories|news|articles|from)|recommend|read-?(?:also|next|more)|also-?read|popular"
    r"|trending|latest|most-?(?:read|viewed|popular)|top-?stories|other-?(?:news|stories)|you-?may|further",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_MIN_LINK_WORDS = 4
_LINKS = (3, 15)
_MAX_LABEL_WORDS = 6
_LABEL_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "span", "p")


def related_list(page: Page) -> tuple[str | None, list[str]] | None:
    """(label, links) of the first element named like a related list that holds 3 to 15 links of
    four words or more not in the article; its label is its first short text outside a link."""
    try:
        root = lxml.html.fromstring(page.html)
    except (lxml.etree.ParserError, ValueError):
        return None
    for element in root.iter("div", "section", "aside", "ul", "ol", "nav"):
        if not _LIST_NAME.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            continue
        links = list(dict.fromkeys(
            text for text in (" ".join(a.text_content().split()) for a in element.iter("a"))
            if len(_WORD.findall(text)) >= _MIN_LINK_WORDS and text not in page.gold
        ))
        if _LINKS[0] <= len(links) <= _LINKS[1]:
            return _label(element), links
    return None


def _label(element: lxml.etree._Element) -> str | None:
    for candidate in element.iter(*_LABEL_TAGS):
        text = " ".join(candidate.text_content().split())
        if text and len(text.split()) <= _MAX_LABEL_WORDS and not candidate.xpath("ancestor-or-self::a|.//a"):
            return text
    return None


def spliced_text(page: Page) -> tuple[list[str], list[bool]] | None:
    """(lines, boilerplate per line): `page`'s headline and article with its related list after
    the body or after its middle paragraph; None without headline, article or list."""
    headline = (page.title or "").strip()
    body = split_paragraphs(page.gold)
    found = related_list(page) if headline and body else None
    if found is None:
        return None
    label, links = found
    rng = random.Random(hashlib.sha1(page.id.encode()).hexdigest())
    furniture = [label, *links] if label else links
    at = len(body) if rng.random() < 0.5 or len(body) < 2 else len(body) // 2
    lines = [(headline, False)] + [(p, False) for p in body[:at]] + [(f, True) for f in furniture]
    lines += [(p, False) for p in body[at:]]
    return [" ".join(split_paragraphs(line)) for line, _ in lines], [boilerplate for _, boilerplate in lines]
