"""Clean stage: strip the boilerplate that extraction leaves in, or that plain-text feeds carry.

Works on paragraphs, after HTML extraction and directly on plain text. Each rule names what it
removes, and every removal is kept in the record so a user can see why a line went. The headline
and a `date YYYY-MM-DD Title` header line are not lost: they become `title` and `published_at`.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import re
import sys
import unicodedata
from collections.abc import Collection, Sequence

import apache_beam as beam

from schemas import Document, Removal
from transforms.furniture import (
    RULE_BYLINE,
    RULE_CAPTION,
    RULE_PROMO,
    RULE_TIMESTAMP,
    heads_one_link,
    is_byline,
    is_caption,
    is_promo,
    is_related_label,
    is_timestamp,
)
from transforms.paragraph_features import is_teaser, reads_as_headline, reads_as_link
from transforms.paragraph_model import RULE_MODEL, ParagraphModel, load_paragraph_model
from transforms.quality import word_count
from transforms.stage import StageFn, run_stage
from transforms.timestamps import parse_timestamp

__all__ = [
    "Clean",
    "Cleaned",
    "EmptyAfterCleaning",
    "clean_document",
    "clean_text",
    "fingerprint",
    "is_caption",
    "is_promo",
    "split_paragraphs",
]

RULE_DATELINE_HEADER = "dateline_header"
RULE_REPEATED = "repeated_paragraph"
RULE_TRAILING_LIST = "trailing_link_list"
RULE_TRAILING_HEADLINES = "trailing_headlines"
RULE_HEADLINE_LIST = "headline_list"
RULE_HEADLINE = "headline"
RULE_REPEATED_HEADLINE = "repeated_headline"
RULE_TEASER = "teaser"
RULE_RELATED_LIST = "related_list"
RULE_SOURCE_BOILERPLATE = "source_boilerplate"
RULE_SUPPORT = 0.5  # the probability at which the classifier backs a soft rule's removal (`backed_rules`)


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
_WORD = re.compile(r"\w+")
_MAX_LIST_ITEM_WORDS = 8
_MINOR_WORDS = frozenset("a an and as at by for from in of on or the to with vs via".split())
_MIN_LIST_ITEMS = 3
# Teasers (a headline's first words cut off with an ellipsis) come in runs of related stories; one
# paragraph trailing off is a writer's choice.
_MIN_TEASERS = 2
_MIN_HEADLINES = 2  # lines reading as links that end a text: a list, where one may be a sign-off
# A related-stories list by its shape alone, however short the story above it: this many lines
# reading as headlines, of this many words or more each (a headline says who did what; tips and
# names are shorter), after the body's last full sentence. On the corpus texts of `make train`,
# such runs of three to ten lines are boilerplate in 41 of 41; longer ones too (8 of 8), but two
# of the reviewed articles end in a table that long, so a longer run is left to the classifier.
_MIN_LISTED_HEADLINES = 3
_MAX_LISTED_HEADLINES = 10
_MIN_LISTED_HEADLINE_WORDS = 4
_LABELLED_VALUE = re.compile(r"^[^:]{1,30}: \S")  # "Motion: inbound vs. field", an item of a definition list
_FULL_STOP = tuple(".!?…\"”’")
# Short lines recur in real articles (list items, table cells, labels such as "Step 2"); only a
# repeated passage of this many words (characters, in scripts written without spaces) is a
# copy-paste or feed glitch. A bulleted item is not, at any length: cards of a comparison repeat
# the same "- Included: ..." line (of the corpus's repeated bulleted items, the reviewed text
# holds 68 of 70 as often as the page does).
_MIN_REPEATED_WORDS = 10
_BULLET = "[-*•·►▶]"
_BULLETED = re.compile(_BULLET + " ")
_LIST_MARKER = re.compile(r"(?:" + _BULLET + r"|\d{1,2}[.)])\s")  # a bullet or an item's number


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


def strip_exact(
    text: str,
    title: str | None = None,
    published_at: datetime.datetime | None = None,
    source_boilerplate: Collection[str] = frozenset(),
) -> Cleaned:
    """The rules that hold whatever the outlet: learned per-source boilerplate, the `date
    YYYY-MM-DD Title` header, agency caption credits, timestamp lines, promo lines and the links
    under a related-stories label (on the corpus texts of `make train`, 94 % and more of what
    these remove is boilerplate, at 0.03 % of the article's words), and repeated passages. What they
    leave is for the paragraph classifier (or, with `rules_only`, the teaser and trailing-list
    rules) to judge."""
    paragraphs = split_paragraphs(text)
    learned = _source_boilerplate(paragraphs, source_boilerplate) if source_boilerplate else set()
    removed = [Removal(RULE_SOURCE_BOILERPLATE, paragraphs[i]) for i in sorted(learned)]
    paragraphs = [p for i, p in enumerate(paragraphs) if i not in learned]

    header = _DATELINE_HEADER.match(paragraphs[0]) if paragraphs else None
    if header:
        removed.append(Removal(RULE_DATELINE_HEADER, paragraphs.pop(0)))
        published_at = published_at or parse_timestamp(header.group(1))
        title = title or header.group(2).strip()

    kept: list[str] = []
    seen: set[str] = set()
    links_left = 0  # how many more lines the last related-stories label may head
    items_marked: bool | None = None  # whether the related list's first item has a list marker
    for paragraph in paragraphs:
        key = _normalized(paragraph)
        furniture = _furniture_rule(paragraph)
        if furniture:
            removed.append(Removal(furniture, paragraph))
            if links_left and reads_as_link(paragraph) and not is_related_label(paragraph):
                links_left -= 1  # one of the list's links, marked as a link: "… more»"
            else:
                links_left = _links_under(paragraph) if furniture == RULE_PROMO else 0
                items_marked = None
            continue
        # the list ends where a line stops reading as a link, or its marker changes: the article's
        # own bullets or numbered steps after an unmarked list of links
        marked = bool(_LIST_MARKER.match(paragraph))
        items_marked = marked if items_marked is None else items_marked
        links_left = links_left if reads_as_link(paragraph) and marked == items_marked else 0
        if links_left:
            links_left -= 1
            removed.append(Removal(RULE_RELATED_LIST, paragraph))
        elif key in seen and word_count(key) >= _MIN_REPEATED_WORDS and not _BULLETED.match(paragraph):
            removed.append(Removal(RULE_REPEATED, paragraph))
        else:
            seen.add(key)
            kept.append(paragraph)
    return Cleaned(tuple(kept), title, published_at, tuple(removed))


def clean_text(
    text: str,
    title: str | None = None,
    published_at: datetime.datetime | None = None,
    source_boilerplate: Collection[str] = frozenset(),
    model: ParagraphModel | None = None,
    rules_only: bool = False,
) -> Cleaned:
    """Cleans `text`; `title` and `published_at` are what the input already knows, if anything;
    `source_boilerplate` holds the `fingerprint`s of paragraphs learned as boilerplate of the
    document's source. After the exact rules, `model` (the shipped paragraph classifier by
    default) judges the rest: a teaser run, a trailing list or trailing headlines (`soft_rules`) go
    when the classifier finds them more likely boilerplate than not, a trailing run as a whole by
    its mean (so a numbered results table or a subhead trailing off stays), a list of headlines
    goes by its shape alone, and any paragraph goes that the classifier finds boilerplate at its
    threshold (rule `model`). With `rules_only`, the teaser, title-case trailing-list and
    headline-list rules alone decide (what `make eval` compares)."""
    exact = strip_exact(text, title, published_at, source_boilerplate)
    title, paragraphs = exact.title, list(exact.paragraphs)
    rules = soft_rules(paragraphs, for_classifier=not rules_only)
    if not rules_only:
        model = model or shipped_paragraph_model()
        counts = [word_count(p) for p in paragraphs]
        probabilities = model.probabilities_of(paragraphs, headline_of(title, paragraphs, counts), counts)
        rules = [
            rule or (RULE_MODEL if model.removes(p) else None)
            for rule, p in zip(backed_rules(rules, probabilities), probabilities)
        ]
    removed = list(exact.removed) + [Removal(rule, p) for p, rule in zip(paragraphs, rules) if rule]
    kept = [p for p, rule in zip(paragraphs, rules) if not rule]

    if len(kept) > 1 and title and _normalized(kept[0]) == _normalized(title):
        removed.append(Removal(RULE_REPEATED_HEADLINE, kept.pop(0)))
    elif len(kept) > 1 and not title and reads_as_headline(kept[0], word_count(kept[0])):
        title = kept.pop(0)
        removed.append(Removal(RULE_HEADLINE, title))

    return Cleaned(tuple(kept), title, exact.published_at, tuple(removed))


def _links_under(label: str) -> int:
    """How many of the lines after `label` may be its links: one under "Related article", any
    number under "Related articles", none under a line that is no related-stories label."""
    if not is_related_label(label):
        return 0
    return 1 if heads_one_link(label) else sys.maxsize


def _furniture_rule(paragraph: str) -> str | None:
    """The rule of page furniture (`transforms.furniture`) that `paragraph` is, first match wins."""
    if is_caption(paragraph):
        return RULE_CAPTION
    if is_byline(paragraph):
        return RULE_BYLINE
    if is_timestamp(paragraph):
        return RULE_TIMESTAMP
    return RULE_PROMO if is_promo(paragraph) else None


def backed_rules(rules: Sequence[str | None], probabilities) -> list[str | None]:
    """Each soft rule's verdict (`soft_rules`) once the classifier has judged: a list of headlines
    goes by its shape alone; any other soft rule where the classifier finds what it removes more
    likely boilerplate than not (`_run_support`). `make train` sets the classifier's threshold
    on what these leave, so both must read them alike."""
    support = _run_support(rules, probabilities)
    return [
        rule if rule == RULE_HEADLINE_LIST or (rule is not None and s >= RULE_SUPPORT) else None
        for rule, s in zip(rules, support)
    ]


def _run_support(rules: Sequence[str | None], probabilities) -> list[float]:
    """What the classifier says of each paragraph as a soft rule sees it: a trailing run is one
    list, judged by its paragraphs' mean probability; any other paragraph by its own."""
    support = [float(p) for p in probabilities]
    trailing = [i for i, rule in enumerate(rules) if rule in (RULE_TRAILING_LIST, RULE_TRAILING_HEADLINES)]
    if trailing:
        mean = sum(support[i] for i in trailing) / len(trailing)
        for i in trailing:
            support[i] = mean
    return support


def headline_of(title: str | None, paragraphs: list[str], word_counts: list[int]) -> str | None:
    """The text's headline: the title it has, else its first paragraph if that reads as one."""
    if title or not paragraphs:
        return title
    return paragraphs[0] if reads_as_headline(paragraphs[0], word_counts[0]) else None


@functools.cache
def shipped_paragraph_model() -> ParagraphModel:
    """The package's paragraph classifier, loaded once per process for callers that pass none."""
    return load_paragraph_model()


def soft_rules(paragraphs: list[str], for_classifier: bool = False) -> list[str | None]:
    """Per paragraph, the rule that removes it, or None: runs of teasers, a trailing run of
    title-case names, a trailing list of headlines (`_is_headline_list`: it stands on its own);
    `for_classifier` adds a shorter trailing run of lines that read as headlines in any case,
    too broad to stand without the classifier's backing."""
    rules: list[str | None] = [None] * len(paragraphs)
    teasers = [i for i, paragraph in enumerate(paragraphs) if is_teaser(paragraph)]
    if len(teasers) >= _MIN_TEASERS:
        for i in teasers:
            rules[i] = RULE_TEASER
    open_ = [i for i, rule in enumerate(rules) if rule is None]
    list_start = _trailing_list_start([paragraphs[i] for i in open_])
    for i in open_[list_start:]:
        rules[i] = RULE_TRAILING_LIST
    start = len(paragraphs)
    while start > 0 and reads_as_link(paragraphs[start - 1]):
        start -= 1
    if start > 0 and _is_headline_list(paragraphs[start - 1], paragraphs[start:]):
        rules[start:] = [RULE_HEADLINE_LIST] * (len(paragraphs) - start)
    elif for_classifier and len(paragraphs) - start >= _MIN_HEADLINES and start > 0:
        rules[start:] = [rule or RULE_TRAILING_HEADLINES for rule in rules[start:]]
    return rules


def _is_headline_list(last_body: str, lines: list[str]) -> bool:
    """Whether `lines`, reading as links and ending the text after `last_body`, are a list of
    headlines by their shape: enough of them and not too many (a table), each long enough, after a
    full sentence (not a lead-in such as "The winners were:"), none a list item (a bullet, a
    number: a results table) and not mostly labels with their values."""
    return (
        _MIN_LISTED_HEADLINES <= len(lines) <= _MAX_LISTED_HEADLINES
        and last_body.endswith(_FULL_STOP)
        and all(word_count(line) >= _MIN_LISTED_HEADLINE_WORDS and not _LIST_MARKER.match(line) for line in lines)
        and 2 * sum(bool(_LABELLED_VALUE.match(line)) for line in lines) < len(lines)
    )


def fingerprint(paragraph: str) -> str:
    """Identifies a paragraph whatever its case, spacing and punctuation: what per-source
    boilerplate is learned and matched on."""
    return hashlib.sha1(_normalized(paragraph).encode()).hexdigest()[:16]


def _source_boilerplate(paragraphs: list[str], fingerprints: Collection[str]) -> set[int]:
    """Indices of the paragraphs learned as the source's boilerplate; none if they make up most of
    the text: then the document is a story its source sent many times, not furniture around one."""
    learned = {i for i, p in enumerate(paragraphs) if fingerprint(p) in fingerprints}
    words = [len(_WORD.findall(p)) for p in paragraphs]
    return learned if 2 * sum(words[i] for i in learned) <= sum(words) else set()


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


def _normalized(paragraph: str) -> str:
    return " ".join(_WORD.findall(paragraph.casefold()))


def clean_document(
    doc: Document, source_boilerplate: Collection[str] = frozenset(), model: ParagraphModel | None = None
) -> Document:
    cleaned = clean_text(doc.text, doc.title, doc.published_at, source_boilerplate, model)
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

    def __init__(self):
        super().__init__()
        self._model: ParagraphModel | None = None

    def setup(self) -> None:
        # Once per worker, and before the first element: a missing or corrupt model file stops the
        # run at startup with ModelFileError instead of rejecting every document.
        self._model = load_paragraph_model()

    def apply(self, doc: Document, learned=None) -> Document:
        """`learned`: source → fingerprints (the AsMultiMap side input, or one group's dict)."""
        source = doc.source_key
        fingerprints = frozenset(learned[source]) if learned is not None and source else frozenset()
        result = clean_document(doc, fingerprints, self._model)
        for removal in result.removed[len(doc.removed):]:
            self.count(f"removed_{removal.rule}")
        return result


_DOCS, _LEARNED = "docs", "learned"


class _CleanSourceGroupFn(_CleanFn):
    """Cleans the documents of one source and window, grouped with what was learned from them."""

    def process(self, grouped):
        source, parts = grouped
        learned = {source: list(parts[_LEARNED])}
        for doc in parts[_DOCS]:
            yield from super().process(doc, learned)


def _by_source(doc: Document) -> tuple[str, Document]:
    return doc.source_key or "", doc


class Clean(beam.PTransform):
    """Documents → documents with boilerplate removed; documents left empty go to `.rejects`.

    `source_boilerplate`, if given, is a PCollection of (source, fingerprint) pairs such as
    `LearnSourceBoilerplate` makes, in the documents' windowing. In batch it is a side input,
    broadcast to every worker. On an unbounded stream each window's documents are grouped by
    source with what was learned from that window: a join every runner supports, where the local
    streaming runner fails on windowed side inputs."""

    def __init__(self, source_boilerplate: beam.PCollection | None = None):
        super().__init__()
        self._source_boilerplate = source_boilerplate

    def expand(self, docs):
        load_paragraph_model()  # a missing or corrupt model file stops the build, with its reason
        if self._source_boilerplate is None:
            return run_stage(docs, "CleanText", _CleanFn())
        if docs.is_bounded:
            return run_stage(docs, "CleanText", _CleanFn(), beam.pvalue.AsMultiMap(self._source_boilerplate))
        grouped = {
            _DOCS: docs | "KeyBySource" >> beam.Map(_by_source),
            _LEARNED: self._source_boilerplate,
        } | "GroupBySource" >> beam.CoGroupByKey()
        return run_stage(grouped, "CleanText", _CleanSourceGroupFn())
