"""What the paragraph classifier sees of each paragraph of a plain text: its shape, its place in
the text and among its neighbours, cue words of page furniture, and what the teaser and
trailing-list rules would say. The exact rules (`clean.strip_exact`) have run before.

A related-story list is rarely recognisable from one line: "Floods wreak havoc in the north" is a
headline as link text only because it sits in a run of short lines without sentence ends after
the body. So every paragraph is also described by the run of short lines it belongs to, by its
neighbours and by how much of the text's words come before and after it. Cue words are in the
languages the rules know (English, German, French, Spanish); everything else is language-neutral.
"""

from __future__ import annotations

import math
import re
import statistics

import numpy as np


__all__ = ["FEATURE_NAMES", "paragraph_features", "reads_as_headline", "reads_as_link", "is_teaser"]

_WORD = re.compile(r"\w+")
_SENTENCE_END = tuple(".!?…\"”’»")
_SEPARATORS = re.compile(r"[|»›•·►▶→>/]")
_BULLET_OR_NUMBER = re.compile(r"^\s*(?:[-*•·►▶]|\d{1,3}[.)]\s)")
_LABEL_BAR = re.compile(r"^\s*\w[\w ]{0,20}\s*[|:]\s")  # "VIDEO | …", "Gallery: …"
_URL_OR_HANDLE = re.compile(r"https?://|www\.|\S@\S|(?:^|\s)@\w")
_DATE = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm|h|uhr)?\b|\b\d+\s*(?:min|hours?|hrs?|days?) ago\b", re.IGNORECASE)
_TEASER_END = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])$")
_MAX_SHORT_WORDS = 15
_MAX_LINK_WORDS = 20
_MAX_HEADLINE_WORDS = 25
_MAX_TEASER_WORDS = 60
_MIN_BODY_WORDS = 30  # a paragraph this long is body text, not furniture, on nearly every page
_MIN_TOPIC_WORD = 4  # letters of a word that says what the text is about
_CUES = {
    "related": "related recommended more mehr plus más read lesen lire lee lea leer also auch aussi también "
    "latest popular trending top other news weitere similar similaires relacionadas relacionados "
    "headlines stories artikel articles noticias",
    "media": "gallery galleries galerie bildergalerie galería video videos vidéo vídeo photo photos fotos "
    "pictures watch listen podcast audio slideshow diaporama live infographic",
    "credit": "credit credits by von par por photographer staff reporter correspondent editor writer "
    "getty reuters ap afp dpa epa efe copyright image images courtesy",
    "navigation": "next previous prev back home story page menu section nächste vorherige zurück suivant "
    "précédent siguiente anterior",
    "promo": "subscribe subscription newsletter sign follow share download app advertisement sponsored "
    "comments comment login register email facebook twitter whatsapp abonnieren anzeige abonnez "
    "publicité suscríbete publicidad",
}
_CUE_GROUPS_OF_WORD: dict[str, tuple[int, ...]] = {}
for _group, _words in enumerate(_CUES.values()):
    for _word in set(_words.split()):
        _CUE_GROUPS_OF_WORD[_word] = (*_CUE_GROUPS_OF_WORD.get(_word, ()), _group)

FEATURE_NAMES = (
    "log_words", "log_chars", "title_case_share", "upper_share", "digit_share", "separators",
    "ends_sentence", "ends_colon", "ends_ellipsis", "bullet_or_number", "label_bar", "url_or_handle",
    "has_date", "has_time", "mean_word_length", "quotes",
    "position", "paragraphs_before", "paragraphs_after", "words_before_share", "words_after_share",
    "length_to_median", "short_run", "place_in_run", "log_prev_words", "log_next_words",
    "prev_ends_sentence", "next_ends_sentence", "headline_overlap", "body_overlap",
    "body_before", "body_after", "from_prev_body", "to_next_body",
    *(f"cue_{group}" for group in _CUES), "first_word_cue",
    "teasers_in_text", "in_trailing_title_case_run", "reads_as_link", "reads_as_headline",
    "log_paragraphs",
)


def reads_as_link(paragraph: str) -> bool:
    """A headline as link text: short, not ending as a statement or a lead-in does (headlines ask
    and exclaim)."""
    words = _WORD.findall(paragraph)
    return 0 < len(words) <= _MAX_LINK_WORDS and not paragraph.endswith(tuple(".:;"))


def reads_as_headline(paragraph: str, words: int) -> bool:
    """Short (`words` as `quality.word_count` counts them), and not ending as a sentence or a
    lead-in does (in spaced or CJK punctuation)."""
    return 0 < words <= _MAX_HEADLINE_WORDS and not paragraph.endswith(tuple(".:;,。！？：；，"))


def is_teaser(paragraph: str) -> bool:
    """A headline's first words cut off with an ellipsis."""
    return bool(_TEASER_END.search(paragraph)) and len(_WORD.findall(paragraph)) <= _MAX_TEASER_WORDS


def _is_short_line(words: list[str], paragraph: str) -> bool:
    return 0 < len(words) <= _MAX_SHORT_WORDS and not paragraph.endswith(_SENTENCE_END)


def _is_title_case(words: list[str]) -> bool:
    return bool(words) and sum(w[0].isupper() or w[0].isdigit() for w in words) >= 0.7 * len(words)


def _runs(flags: list[bool]) -> tuple[list[int], list[float]]:
    """Per item: the length of the run of true flags it is in (0 if false), and its place in the
    run from 0 (first) to 1 (last)."""
    lengths, places = [0] * len(flags), [0.0] * len(flags)
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        end = i
        while end < len(flags) and flags[end]:
            end += 1
        for j in range(i, end):
            lengths[j] = end - i
            places[j] = (j - i) / (end - i - 1) if end - i > 1 else 0.5
        i = end
    return lengths, places


def _cue_counts(words: list[str]) -> list[int]:
    """How many of `words` (case-folded) are cue words of each group of `_CUES`."""
    counts = [0] * len(_CUES)
    for word in words:
        for group in _CUE_GROUPS_OF_WORD.get(word, ()):
            counts[group] += 1
    return counts


def _share_in(words: list[str], vocabulary: frozenset[str]) -> float:
    """Share of the topic words of a paragraph that the body text also uses; -1 without any."""
    topical = [w for w in words if len(w) >= _MIN_TOPIC_WORD]
    return sum(w in vocabulary for w in topical) / len(topical) if topical else -1.0


def _has_url_or_handle(paragraph: str) -> bool:
    """`_URL_OR_HANDLE` searched only in the lines that hold what it needs: few do."""
    needed = "@" in paragraph or "://" in paragraph or "www." in paragraph
    return needed and bool(_URL_OR_HANDLE.search(paragraph))


def _distances(n: int, marked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of `n` paragraphs, how far back and how far ahead the nearest of the `marked`
    ones (sorted indexes) other than itself lies; -1 where there is none."""
    at = np.arange(n)
    before = np.searchsorted(marked, at, side="left")  # how many are marked before each paragraph
    through = np.searchsorted(marked, at, side="right")  # … before it or at it
    back, ahead = np.full(n, -1.0), np.full(n, -1.0)
    has_back, has_ahead = before > 0, through < len(marked)
    back[has_back] = at[has_back] - marked[before[has_back] - 1]
    ahead[has_ahead] = marked[through[has_ahead]] - at[has_ahead]
    return back, ahead


def paragraph_features(paragraphs: list[str], headline: str | None, word_counts: list[int]) -> np.ndarray:
    """One row of FEATURE_NAMES per paragraph; `headline` is the title the text has, if any, and
    `word_counts` the paragraphs' words as `quality.word_count` counts them."""
    n = len(paragraphs)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)))
    tokens = [_WORD.findall(p) for p in paragraphs]
    folded = [[w.casefold() for w in words] for words in tokens]
    total = sum(word_counts) or 1
    median = statistics.median(word_counts) or 1
    short, place = _runs([_is_short_line(words, p) for words, p in zip(tokens, paragraphs)])
    title_case = [_is_title_case(words) and not p.endswith(_SENTENCE_END) for words, p in zip(tokens, paragraphs)]
    trailing = 0
    while trailing < n and title_case[n - 1 - trailing]:
        trailing += 1
    teasers = [is_teaser(p) for p in paragraphs]
    headline_words = frozenset(w.casefold() for w in _WORD.findall(headline or ""))
    before = np.concatenate([[0], np.cumsum(word_counts)[:-1]])
    body = [count >= _MIN_BODY_WORDS for count in word_counts]
    body_words = frozenset(w for low, long in zip(folded, body) if long for w in low if len(w) >= _MIN_TOPIC_WORD)
    body_before = np.concatenate([[0], np.cumsum(body)[:-1]])
    body_at = np.flatnonzero(body)
    from_body, to_body = _distances(n, body_at)
    rows = []
    for i, (paragraph, words, low) in enumerate(zip(paragraphs, tokens, folded)):
        letters = sum(map(str.isalpha, paragraph))
        digits = sum(map(str.isdigit, paragraph))  # a date or a time has some: most lines are not searched
        rows.append([
            math.log1p(word_counts[i]),
            math.log1p(len(paragraph)),
            sum(w[0].isupper() for w in words) / len(words) if words else 0.0,
            sum(map(str.isupper, paragraph)) / letters if letters else 0.0,
            digits / len(paragraph),
            len(_SEPARATORS.findall(paragraph)),
            paragraph.endswith(_SENTENCE_END),
            paragraph.endswith(":"),
            teasers[i],
            bool(_BULLET_OR_NUMBER.match(paragraph)),
            bool(_LABEL_BAR.match(paragraph)),
            _has_url_or_handle(paragraph),
            bool(digits and _DATE.search(paragraph)),
            bool(digits and _TIME.search(paragraph)),
            sum(map(len, words)) / len(words) if words else 0.0,
            sum(paragraph.count(q) for q in "\"“”«»„"),
            i / max(n - 1, 1),
            i,
            n - 1 - i,
            before[i] / total,
            (total - before[i] - word_counts[i]) / total,
            word_counts[i] / median,
            short[i],
            place[i],
            math.log1p(word_counts[i - 1]) if i > 0 else -1.0,
            math.log1p(word_counts[i + 1]) if i < n - 1 else -1.0,
            paragraphs[i - 1].endswith(_SENTENCE_END) if i > 0 else -1.0,
            paragraphs[i + 1].endswith(_SENTENCE_END) if i < n - 1 else -1.0,
            sum(w in headline_words for w in low) / len(low) if low and headline_words else 0.0,
            _share_in(low, body_words),
            body_before[i],
            len(body_at) - body_before[i] - body[i],
            from_body[i],
            to_body[i],
            *_cue_counts(low),
            bool(low) and low[0] in _CUE_GROUPS_OF_WORD,
            sum(teasers),
            i >= n - trailing and trailing >= 2,
            reads_as_link(paragraph),
            reads_as_headline(paragraph, word_counts[i]),
            math.log1p(n),
        ])
    return np.array(rows, dtype=float)
