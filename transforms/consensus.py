"""Which of several extractions of one page is the article: the one the others agree with most.

Extractors fail in different ways on different pages (one keeps a block of teasers, another stops
halfway, a third takes the comments), so where most of them agree is the article. Agreement of
two texts is the F1 of their word 4-gram multisets: order-aware enough that shared boilerplate
words do not count, loose enough that line breaks and spacing do not matter.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Mapping

__all__ = ["agreement", "most_agreed", "shingles"]

_WORD = re.compile(r"\w+")
_SHINGLE_WORDS = 4


def shingles(text: str) -> collections.Counter:
    words = _WORD.findall(text)
    return collections.Counter(
        tuple(words[i : i + _SHINGLE_WORDS]) for i in range(len(words) - _SHINGLE_WORDS + 1)
    )


def agreement(a: collections.Counter, b: collections.Counter) -> float:
    """F1 of two shingle multisets; 0 when either is empty."""
    common = sum((a & b).values())
    return 2 * common / (sum(a.values()) + sum(b.values())) if common else 0.0


def most_agreed(candidates: Mapping[str, str], judges: Mapping[str, str]) -> str | None:
    """Name of the non-empty candidate whose summed agreement with the other judges is highest;
    ties go to the candidate named first. None when every candidate is empty."""
    judged = {name: shingles(text) for name, text in judges.items()}
    best, best_score = None, -1.0
    for name, text in candidates.items():
        if not text.strip():
            continue
        own = judged.get(name) or shingles(text)
        score = sum(agreement(own, other) for judge, other in judged.items() if judge != name)
        if score > best_score:
            best, best_score = name, score
    return best
