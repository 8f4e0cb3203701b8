"""A page as a sequence of text blocks, and the features that tell article text from furniture.

A block is the text of one paragraph-level element (p, li, h2, td, a div's own text …) up to the
next paragraph-level element or line break, so a page's text is the concatenation of its blocks in
document order. Each block gets numbers a model can weigh: how long and how linked it is, how it
reads (punctuation, stop words), where it sits (tag, depth, position), what the class and id names
of it and its ancestors say (caption, related, share, byline …), whether trafilatura kept it, and
the same for its neighbours. One lxml parse serves trafilatura and the blocks.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re

import justext
import lxml.etree
import numpy as np

__all__ = ["FEATURE_NAMES", "STOPWORDS", "TAG_COLUMN", "Block", "block_features", "page_blocks", "word_trigrams"]

_WORD = re.compile(r"\w+")
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head", "title", "select", "textarea", "math"})
_BLOCK_TAGS = (
    "p", "div", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "figcaption", "caption", "section", "article", "header", "footer", "aside", "nav", "main", "ul",
    "ol", "dl", "table", "tr", "form", "figure", "address", "center", "body", "html", "br", "hr",
)
_BLOCK = frozenset(_BLOCK_TAGS)
_TAG_CODE = {tag: code for code, tag in enumerate(_BLOCK_TAGS)}

# What a tag or a class/id name says about the text inside it; a block carries the marks of its own
# element and, separately, of all its ancestors.
_TAG_MARKS = {
    "article": "article", "main": "article", "header": "header", "footer": "footer", "nav": "nav",
    "aside": "aside", "form": "form", "figure": "figure", "figcaption": "figure", "li": "list",
    "ul": "list", "ol": "list", "table": "table", "blockquote": "quote", "time": "byline",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
}
_NAME_MARKS = {
    "article": r"article|content|story|post|entry|body|text|main|blog|prose|rich",
    "figure": r"caption|credit|photo|image|img|figure|media|gallery|video|picture|slide",
    "related": r"related|recommend|more|next|also|teaser|promo|trend|popular|most|latest|headline|card",
    "share": r"share|social|facebook|twitter|whatsapp|mail|print|follow",
    "newsletter": r"newsletter|subscri|signup|sign-up|paywall|register|login|cta",
    "byline": r"byline|author|date|time|meta|dateline|publish|updated",
    "nav": r"nav|menu|breadcrumb|sidebar|widget|masthead|banner|skip|toolbar|search",
    "footer": r"footer|copyright|legal|disclaimer|bottom",
    "header": r"header|top",
    "comment": r"comment|reply|disqus|discussion|respon",
    "ad": r"\bads?\b|advert|sponsor|dfp|adslot|outbrain|taboola|commercial",
    "tags": r"tag|topic|categor|keyword|label",
}
_MARKS = tuple(dict.fromkeys([*_TAG_MARKS.values(), *_NAME_MARKS]))
_MARK_BIT = {mark: 1 << i for i, mark in enumerate(_MARKS)}
_NAMES = re.compile("|".join(f"(?P<{mark}>{pattern})" for mark, pattern in _NAME_MARKS.items()))


def _by_first_letter(alternatives: list[str]) -> str:
    """The alternation of `alternatives` (each a word, or `\\b` and a word), grouped by first
    letter: `a(?:rticle|lso|…)|c(?:ontent|aption|…)|…`. At any position it matches the word the
    plain `article|content|…|also` would (a group keeps its words in their order), but re tries
    one group per letter instead of every word: two and a half times faster on class names."""
    groups: dict[str, list[str]] = {}
    for word in alternatives:
        if word.startswith(r"\b"):  # `\bads?\b` becomes `a(?<=\ba)ds?\b`
            word = word[2] + rf"(?<=\b{word[2]})" + word[3:]
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


# Finds the words; _NAMES then says whose mark a word found is.
_ANY_NAME = re.compile(
    _by_first_letter([word for pattern in _NAME_MARKS.values() for word in pattern.split("|")])
)
_CONTAINER_LEVELS = 4
# jusText's stop words of every language it knows: a share of them marks prose in any of them
STOPWORDS = frozenset(word for language in justext.get_stoplists() for word in justext.get_stoplist(language))
_TERMINAL = tuple('.!?…"”»)')
# Upper case in the Latin, Greek and Cyrillic alphabets: A-Z À-Ö Ø-Þ Α-Ω А-Я, as code point ranges
_UPPER_RANGES = ((0x41, 0x5A), (0xC0, 0xD6), (0xD8, 0xDE), (0x391, 0x3A9), (0x410, 0x42F))


@dataclasses.dataclass
class Block:
    """The text of one block and where it stood in the page."""

    text: str
    tag: str
    depth: int
    marks: int  # the element's own marks (bits of _MARKS)
    ancestor_marks: int  # the marks of every ancestor
    link_chars: int
    containers: tuple[int, ...]  # numbers of the enclosing paragraph-level elements, innermost first


def page_blocks(root: lxml.etree._Element) -> list[Block]:
    """The page's text blocks in document order, without scripts, styles or comments. What lies
    inside a skipped element (the head, an svg, a button's label …) is neither text nor a block
    boundary.

    Walks the tree without recursion, so a page of 200,000 nested elements costs no stack. This
    loop runs once per element of every page: it avoids function calls where it can."""
    blocks: list[Block] = []
    # One frame per open element: (is block, marks to restore, ancestor marks to restore).
    frames: list[tuple[bool, int, int]] = []
    # The open paragraph-level elements, (tag, depth, own marks, ancestor marks), and their
    # numbers; the innermost one is the block that `pieces` is filling.
    open_blocks: list[tuple[str, int, int, int]] = []
    open_numbers: list[int] = []
    marks = ancestor = depth = link_depth = elements = 0
    skipping = False
    pieces: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal pieces, link_chars
        text = " ".join("".join(pieces).split())
        if text and open_blocks:
            tag, block_depth, own, above = open_blocks[-1]
            containers = tuple(open_numbers[: -_CONTAINER_LEVELS - 1 : -1])
            blocks.append(Block(text, tag, block_depth, own, above, min(link_chars, len(text)), containers))
        pieces, link_chars = [], 0

    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if not isinstance(tag, str):  # a comment or processing instruction: only its tail is text
                continue
            if tag in _SKIPPED or (tag == "button" and element.find(".//p") is None):
                # nothing inside is text (the head, an svg, a button's label): not even walked. A
                # button holding paragraphs is one libxml2 failed to close (it ignores `</button>`
                # while an element opened inside is still open; browsers close both), and the
                # rest of the page is inside it.
                walker.skip_subtree()
                skipping = True
            own = _marks_of(element, tag)
            is_block = tag in _BLOCK
            frames.append((is_block, marks, ancestor))
            if is_block:
                if pieces:
                    flush()
                ancestor |= marks
                marks = own
                elements += 1
                open_blocks.append((tag, depth, own, ancestor))
                open_numbers.append(elements)
            else:
                marks |= own
            depth += 1
            if tag == "a":
                link_depth += 1
            text = element.text
        else:
            if isinstance(tag, str):
                depth -= 1
                if tag == "a":
                    link_depth -= 1
                is_block, marks, ancestor = frames.pop()
                if is_block:
                    if pieces:
                        flush()
                    open_blocks.pop()
                    open_numbers.pop()
                skipping = False  # a skipped element's end comes right after its start
            text = element.tail
        if text and not skipping:
            pieces.append(text)
            if link_depth:
                link_chars += len(text.strip())
    if pieces:
        flush()
    return blocks


def _marks_of(element: lxml.etree._Element, tag: str) -> int:
    bits = _MARK_BIT[_TAG_MARKS[tag]] if tag in _TAG_MARKS else 0
    for attribute in ("class", "id", "role"):
        if value := element.get(attribute):
            bits |= _name_marks(value)
    return bits


@functools.lru_cache(maxsize=8192)
def _name_marks(names: str) -> int:
    """The marks a class, id or role value carries; a site repeats the same few class names."""
    bits = 0
    for match in _ANY_NAME.finditer(names.lower()):
        bits |= _MARK_BIT[_NAMES.match(match[0]).lastgroup]
    return bits


def word_trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return set(zip(words, words[1:], words[2:]))


_OWN = (
    "log_chars", "log_words", "mean_word_length", "link_density", "punctuation_share", "digit_share",
    "upper_share", "stopword_share", "ends_sentence", "sentences", "tag", "depth", "in_trafilatura",
    "title_overlap",
)
_NEIGHBOUR = ("log_words", "link_density", "in_trafilatura", "stopword_share")
_WINDOWED = ("in_trafilatura", "link_density", "log_words", "stopword_share")
_RADII = (1, 3, 8)
_CONTAINER = ("trafilatura_share", "log_words", "link_density", "log_blocks")
_ALIKE = ("log_blocks", *_WINDOWED)
FEATURE_NAMES = (
    *_OWN,
    *(f"mark_{mark}" for mark in _MARKS),
    *(f"ancestor_{mark}" for mark in _MARKS),
    "position", "char_position",
    *(f"window{radius}_{name}" for radius in _RADII for name in _WINDOWED),
    "blocks_since_trafilatura", "blocks_until_trafilatura",
    *(f"{side}_{name}" for side in ("previous", "next") for name in _NEIGHBOUR),
    "page_log_blocks", "page_trafilatura_share", "page_log_trafilatura_words",
    *(f"container{level}_{name}" for level in range(_CONTAINER_LEVELS) for name in _CONTAINER),
    *(f"alike_{name}" for name in _ALIKE),
)
_COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}
TAG_COLUMN = _COLUMN["tag"]


def block_features(blocks: list[Block], trafilatura_text: str, title: str | None) -> np.ndarray:
    """One row of FEATURE_NAMES per block (float32)."""
    rows = np.zeros((len(blocks), len(FEATURE_NAMES)), dtype=np.float32)
    if not blocks:
        return rows
    kept_words = _WORD.findall(trafilatura_text.lower())
    kept_trigrams = word_trigrams(kept_words)
    # for blocks of one or two words
    kept_unigrams, kept_bigrams = set(kept_words), set(zip(kept_words, kept_words[1:]))
    title_words = set(_WORD.findall((title or "").lower()))
    is_stopword, in_title = STOPWORDS.__contains__, title_words.__contains__
    lengths = np.array([len(block.text) for block in blocks], dtype=np.float64)
    total_chars = float(lengths.sum())
    before = np.concatenate(([0.0], np.cumsum(lengths)[:-1]))
    own = []
    counts = _character_counts([block.text for block in blocks]).tolist()
    for block, (punctuation, digits, upper, sentence_ends) in zip(blocks, counts):
        text = block.text
        words = _WORD.findall(text.lower())
        n_words = len(words) or 1
        n_chars = len(text)
        if len(words) >= 3:
            trigrams = word_trigrams(words)
            in_trafilatura = len(trigrams & kept_trigrams) / len(trigrams)
        else:
            kept = words[0] in kept_unigrams if len(words) == 1 else tuple(words) in kept_bigrams
            in_trafilatura = float(kept)
        own.append((
            math.log1p(n_chars),
            math.log1p(len(words)),
            sum(map(len, words)) / n_words,
            block.link_chars / n_chars,
            punctuation / n_chars,
            digits / n_chars,
            upper / n_chars,
            sum(map(is_stopword, words)) / n_words,
            text.endswith(_TERMINAL),
            math.log1p(sentence_ends),
            _TAG_CODE.get(block.tag, len(_TAG_CODE)),
            block.depth,
            in_trafilatura,
            sum(map(in_title, words)) / n_words,
        ))
    rows[:, : len(_OWN)] = own
    mark_bits = np.array([_MARK_BIT[mark] for mark in _MARKS])
    first_mark = _COLUMN[f"mark_{_MARKS[0]}"]
    rows[:, first_mark : first_mark + len(_MARKS)] = (np.array([b.marks for b in blocks])[:, None] & mark_bits) > 0
    first_mark = _COLUMN[f"ancestor_{_MARKS[0]}"]
    rows[:, first_mark : first_mark + len(_MARKS)] = (np.array([b.ancestor_marks for b in blocks])[:, None] & mark_bits) > 0
    n = len(blocks)
    rows[:, _COLUMN["position"]] = np.arange(n) / max(n - 1, 1)
    rows[:, _COLUMN["char_position"]] = before / total_chars if total_chars else 0.0
    windowed = rows[:, [_COLUMN[name] for name in _WINDOWED]]
    for radius in _RADII:
        first = _COLUMN[f"window{radius}_{_WINDOWED[0]}"]
        rows[:, first : first + len(_WINDOWED)] = _window_mean(windowed, radius)
    kept_at = np.flatnonzero(rows[:, _COLUMN["in_trafilatura"]] >= 0.5)
    rows[:, _COLUMN["blocks_since_trafilatura"]] = _distance_to(kept_at, n, before=True)
    rows[:, _COLUMN["blocks_until_trafilatura"]] = _distance_to(kept_at, n, before=False)
    for side, shift in (("previous", 1), ("next", -1)):
        for name in _NEIGHBOUR:
            rows[:, _COLUMN[f"{side}_{name}"]] = _shifted(rows[:, _COLUMN[name]], shift)
    in_trafilatura = rows[:, 12] >= 0.5
    rows[:, _COLUMN["page_log_blocks"]] = math.log1p(n)
    rows[:, _COLUMN["page_trafilatura_share"]] = float(lengths[in_trafilatura].sum() / total_chars) if total_chars else 0.0
    rows[:, _COLUMN["page_log_trafilatura_words"]] = math.log1p(len(kept_words))
    _container_features(blocks, rows)
    _look_alike_features(blocks, rows)
    return rows


def _character_counts(texts: list[str]) -> np.ndarray:
    """Per text (none empty, as no block is): punctuation marks, decimal digits (what `\\d`
    matches), upper-case letters and sentence ends (one of .!? then a space). Counted on the code
    points of all the page's texts at once: one numpy pass instead of four regex scans a block."""
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.zeros(len(texts), dtype=np.int64)
    starts[1:] = np.cumsum([len(text) + 1 for text in texts[:-1]])
    counted = _COUNTED[np.minimum(codes, len(_COUNTED) - 1)]
    decimals = [code for code in np.unique(codes[codes >= len(_COUNTED)]).tolist() if chr(code).isdecimal()]
    if decimals:
        counted[:, 1] |= np.isin(codes, decimals)
    counted[:-1, 3] &= codes[1:] == ord(" ")
    counted[-1:, 3] = 0
    return np.add.reduceat(counted, starts, axis=0)


def _counted_characters() -> np.ndarray:
    """What `_character_counts` counts each code point as, for the code points up to the last
    upper-case range; the last row (no count) stands for every code point above, where the only
    ones counted are decimal digits of other scripts."""
    table = np.zeros((_UPPER_RANGES[-1][1] + 2, 4), dtype=np.int64)
    table[[ord(c) for c in ",.;:!?"], 0] = 1
    table[ord("0") : ord("9") + 1, 1] = 1
    for low, high in _UPPER_RANGES:
        table[low : high + 1, 2] = 1
    table[[ord(c) for c in ".!?"], 3] = 1
    return table


_COUNTED = _counted_characters()


def _container_features(blocks: list[Block], rows: np.ndarray) -> None:
    """What the enclosing elements hold: a block among kept, unlinked prose is likely prose too."""
    chars = np.expm1(rows[:, _COLUMN["log_chars"]])
    words = np.expm1(rows[:, _COLUMN["log_words"]])
    per_block = np.column_stack((
        words,
        words * (rows[:, _COLUMN["in_trafilatura"]] >= 0.5),
        rows[:, _COLUMN["link_density"]] * chars,
        chars,
        np.ones(len(blocks)),
    ))
    # levels[i, k]: the number of block i's k-th enclosing element, 0 where it has none
    padding = (0,) * _CONTAINER_LEVELS
    levels = np.array([(block.containers + padding)[:_CONTAINER_LEVELS] for block in blocks], dtype=np.int64)
    totals = np.zeros((int(levels.max()) + 1, per_block.shape[1]))
    for level in range(_CONTAINER_LEVELS):
        np.add.at(totals, levels[:, level], per_block)
    totals[0] = 0.0
    first = _COLUMN["container0_trafilatura_share"]
    for level in range(_CONTAINER_LEVELS):
        n_words, n_kept, n_linked, n_chars, n_blocks = totals[levels[:, level]].T
        column = first + level * len(_CONTAINER)
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.column_stack((
                np.where(n_words > 0, n_kept / n_words, 0.0),
                np.log1p(n_words),
                np.where(n_chars > 0, n_linked / n_chars, 0.0),
                np.log1p(n_blocks),
            ))
        values[levels[:, level] == 0] = -1.0
        rows[:, column : column + len(_CONTAINER)] = values


def _look_alike_features(blocks: list[Block], rows: np.ndarray) -> None:
    """What the page's blocks that look alike (the same tag at the same depth, with the same marks
    of their own and of their ancestors) hold, wherever they stand: a card among many linked
    cards, an article paragraph among the article's others."""
    kind_of: dict[tuple[str, int, int, int], int] = {}
    kinds = np.array([
        kind_of.setdefault((block.tag, block.depth, block.marks, block.ancestor_marks), len(kind_of))
        for block in blocks
    ])
    counts = np.bincount(kinds).astype(np.float64)
    first = _COLUMN[f"alike_{_ALIKE[0]}"]
    rows[:, first] = np.log1p(counts[kinds])
    for column, name in enumerate(_WINDOWED, start=first + 1):
        rows[:, column] = (np.bincount(kinds, weights=rows[:, _COLUMN[name]]) / counts)[kinds]


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean of each column over the rows within `radius` of each row."""
    n = len(values)
    padded = np.zeros((n + 1, values.shape[1]))
    np.cumsum(values, axis=0, dtype=np.float64, out=padded[1:])
    low = np.clip(np.arange(n) - radius, 0, n)
    high = np.clip(np.arange(n) + radius + 1, 0, n)
    return (padded[high] - padded[low]) / (high - low)[:, None]


def _distance_to(marked: np.ndarray, n: int, before: bool) -> np.ndarray:
    """Blocks between each block and the nearest marked block before (or after) it, capped at 50;
    50 where there is none."""
    cap = 50
    positions = np.arange(n)
    if not len(marked):
        return np.full(n, cap, dtype=np.float32)
    if before:
        nearest = np.searchsorted(marked, positions, side="right") - 1
        distance = np.where(nearest >= 0, positions - marked[np.clip(nearest, 0, None)], cap)
    else:
        nearest = np.searchsorted(marked, positions, side="left")
        distance = np.where(nearest < len(marked), marked[np.clip(nearest, None, len(marked) - 1)] - positions, cap)
    return np.minimum(distance, cap)


def _shifted(values: np.ndarray, shift: int) -> np.ndarray:
    """values[i - shift], with -1 where that neighbour does not exist."""
    out = np.full_like(values, -1.0)
    if shift > 0:
        out[shift:] = values[:-shift]
    else:
        out[:shift] = values[-shift:]
    return out
