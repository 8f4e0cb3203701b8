"""Clean stage: strip the boilerplate that extraction leaves in, or that plain-text feeds carry.

Works on paragraphs, after HTML extraction and directly on plain text. Each rule names what it
removes, and every removal is kept in the record so a user can see why a line went. The headline
and a `date YYYY-MM-DD Title` header line are not lost: they become `title` and `published_at`.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata

import apache_beam as beam

from schemas import Document, Removal
from transforms.stage import StageFn, run_stage
from transforms.timestamps import parse_timestamp

__all__ = [
    "Clean",
    "Cleaned",
    "EmptyAfterCleaning",
    "clean_document",
    "clean_text",
    "is_caption",
    "is_promo",
    "split_paragraphs",
]

RULE_DATELINE_HEADER = "dateline_header"
RULE_CAPTION = "caption_credit"
RULE_REPEATED = "repeated_paragraph"
RULE_TRAILING_LIST = "trailing_link_list"
RULE_PROMO = "promo"
RULE_HEADLINE = "headline"
RULE_REPEATED_HEADLINE = "repeated_headline"


class EmptyAfterCleaning(ValueError):
    """Nothing of the text is left once the boilerplate is gone."""


@dataclasses.dataclass(frozen=True)
class Cleaned:
    paragraphs: tuple[str, ...]
    title: str | None
    published_at: datetime.datetime | None
    removed: tuple[Removal, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


_SENTENCE_END = tuple(".!?…:;\"”’)»")
_SPACES = re.compile(r"[^\S\n]+")
_DATELINE_HEADER = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\s+(\S.*)$", re.IGNORECASE)
_CAPTION_PREFIX = re.compile(
    r"^(?:archive image|file photo|file picture|photo|image|picture|caption|credit|foto|bild)"
    r"\s*[:\-–—]",
    re.IGNORECASE,
)
_AGENCY = (
    r"(?:getty images|ap photo|reuters|afp|epa(?:-efe)?|shutterstock|alamy|bloomberg|"
    r"anadolu|xinhua|dpa|imago|sipa|pool)"
)
_CREDIT_SUFFIX = re.compile(
    r"(?:\([^()]*\b(?:photo|image|picture|foto|credit)s?\b[^()]*\)"  # (Photo by …)
    r"|\([^()]*/\s*" + _AGENCY + r"[^()]*\)"  # (… /Getty Images)
    r"|\b(?:photo|image|picture|credit)s?\s*(?:by|:)\s*[^.]{0,80}/\s*" + _AGENCY + r"[^.]{0,40})"
    r"\s*\.?$",
    re.IGNORECASE,
)
_AGENCY_BYLINE = re.compile(r"\b(?:REUTERS|AFP|EPA|AP|DPA|XINHUA)\s*/\s*[^/.]{1,60}$")  # REUTERS/Name
# Page furniture that reads the same on every site: related-story labels, sign-up and share
# prompts, advertisement markers, copyright lines. "Read more:" and "Also read:" are left: on
# wcxb-dev, reviewers kept them as part of the article about as often as not.
_PROMO = re.compile(
    r"^[-*•\s]*(?:"
    r"(?:related|recommended)(?: articles| stories| posts| content| coverage| topics| reading)?\s*(?::|$)"
    r"|(?:advertisement|sponsored(?: content| post)?|share this(?: post| article| story)?)\s*$"
    r"|sign up\b|subscribe\b|follow us\b|click here\b|download (?:the|our) app\b|get the app\b"
    r"|you (?:may|might) also like\b|©|copyright\s*(?:©|\(c\)|\d{4})"
    r")|all rights reserved",
    re.IGNORECASE,
)
_MAX_PROMO_WORDS = 20
_WORD = re.compile(r"\w+")
_MAX_LIST_ITEM_WORDS = 8
_MINOR_WORDS = frozenset("a an and as at by for from in of on or the to with vs via".split())
_MIN_LIST_ITEMS = 3
_MAX_HEADLINE_WORDS = 25
# Short lines recur in real articles (list items, table cells, labels such as "Step 2"); only a
# repeated passage of this many words is a copy-paste or feed glitch.
_MIN_REPEATED_WORDS = 10


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of `text`: one per non-blank line, except that a hard-wrapped line (no
    sentence end, the next line starting in lower case) is joined to the next."""
    text = unicodedata.normalize("NFC", text)
    paragraphs: list[str] = []
    joins_next = False
    for line in text.splitlines():
        line = _SPACES.sub(" ", line).strip()
        if not line:
            joins_next = False
            continue
        if joins_next and line[0].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        joins_next = not line.endswith(_SENTENCE_END)
    return paragraphs


def is_caption(paragraph: str) -> bool:
    """A photo caption or credit line: a caption label in front, or an agency credit at the end."""
    return bool(
        _CAPTION_PREFIX.match(paragraph)
        or _CREDIT_SUFFIX.search(paragraph)
        or _AGENCY_BYLINE.search(paragraph)
    )


def is_promo(paragraph: str) -> bool:
    """A short related-story label, sign-up, share or app prompt, ad marker or copyright line."""
    return len(_WORD.findall(paragraph)) <= _MAX_PROMO_WORDS and bool(_PROMO.search(paragraph))


def clean_text(
    text: str, title: str | None = None, published_at: datetime.datetime | None = None
) -> Cleaned:
    """Cleans `text`; `title` and `published_at` are what the input already knows, if anything."""
    paragraphs = split_paragraphs(text)
    removed: list[Removal] = []

    header = _DATELINE_HEADER.match(paragraphs[0]) if paragraphs else None
    if header:
        removed.append(Removal(RULE_DATELINE_HEADER, paragraphs.pop(0)))
        published_at = published_at or parse_timestamp(header.group(1))
        title = title or header.group(2).strip()

    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        key = _normalized(paragraph)
        if is_caption(paragraph):
            removed.append(Removal(RULE_CAPTION, paragraph))
        elif is_promo(paragraph):
            removed.append(Removal(RULE_PROMO, paragraph))
        elif key in seen and len(key.split()) >= _MIN_REPEATED_WORDS:
            removed.append(Removal(RULE_REPEATED, paragraph))
        else:
            seen.add(key)
            kept.append(paragraph)

    list_start = _trailing_list_start(kept)
    removed.extend(Removal(RULE_TRAILING_LIST, item) for item in kept[list_start:])
    kept = kept[:list_start]

    if len(kept) > 1 and title and _normalized(kept[0]) == _normalized(title):
        removed.append(Removal(RULE_REPEATED_HEADLINE, kept.pop(0)))
    elif len(kept) > 1 and not title and _reads_as_headline(kept[0]):
        title = kept.pop(0)
        removed.append(Removal(RULE_HEADLINE, title))

    return Cleaned(tuple(kept), title, published_at, tuple(removed))


def _trailing_list_start(paragraphs: list[str]) -> int:
    """Index where a trailing run of short name-like lines (outlets, related stories) begins."""
    start = len(paragraphs)
    while start > 0 and _is_list_item(paragraphs[start - 1]):
        start -= 1
    run = len(paragraphs) - start
    return start if run >= _MIN_LIST_ITEMS and start > 0 else len(paragraphs)


def _is_list_item(paragraph: str) -> bool:
    """A short name in title case (an outlet, a section, a headline as link text)."""
    words = _WORD.findall(paragraph)
    return (
        0 < len(words) <= _MAX_LIST_ITEM_WORDS
        and not paragraph.endswith(_SENTENCE_END)
        and all(word[0].isupper() or word[0].isdigit() or word in _MINOR_WORDS for word in words)
    )


def _reads_as_headline(paragraph: str) -> bool:
    words = _WORD.findall(paragraph)
    return 0 < len(words) <= _MAX_HEADLINE_WORDS and not paragraph.endswith(tuple(".:;,"))


def _normalized(paragraph: str) -> str:
    return " ".join(_WORD.findall(paragraph.casefold()))


def clean_document(doc: Document) -> Document:
    cleaned = clean_text(doc.text, doc.title, doc.published_at)
    if not cleaned.paragraphs:
        raise EmptyAfterCleaning(
            f"no text left after removing {len(cleaned.removed)} boilerplate paragraph(s)"
        )
    return doc.replace(
        text=cleaned.text,
        title=cleaned.title,
        published_at=cleaned.published_at,
        removed=doc.removed + cleaned.removed,
    )


class _CleanFn(StageFn):
    stage = "clean"

    def apply(self, doc: Document) -> Document:
        result = clean_document(doc)
        for removal in result.removed[len(doc.removed):]:
            self.count(f"removed_{removal.rule}")
        return result


class Clean(beam.PTransform):
    """Documents → documents with boilerplate removed; documents left empty go to `.rejects`."""

    def expand(self, docs):
        return run_stage(docs, "CleanText", _CleanFn())
