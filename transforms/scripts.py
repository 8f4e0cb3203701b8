"""Which writing systems a text uses, counted letter by letter.

langdetect confuses the CJK languages (it answers Korean for about half of Traditional-Chinese
texts), yet the script alone settles them: kana is only written in Japanese, Hangul only in
Korean, and Han characters without either are Chinese, Simplified or Traditional by the
characters that exist in only one of the two sets (zhon's CC-CEDICT tables).
"""

from __future__ import annotations

import collections
import re

from zhon import cedict

__all__ = ["HAN", "HANGUL", "KANA", "chinese_script", "count_scripts"]

HAN = "Hani"
KANA = "Kana"
HANGUL = "Hang"

# ISO 15924 codes of the scripts worth telling apart, with their main Unicode blocks.
_SCRIPT_RANGES = {
    "Latn": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "Cyrl": "\u0400-\u04ff\u0500-\u052f",
    "Grek": "\u0370-\u03ff\u1f00-\u1fff",
    "Arab": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Hebr": "\u0590-\u05ff",
    "Deva": "\u0900-\u097f",
    "Beng": "\u0980-\u09ff",
    "Taml": "\u0b80-\u0bff",
    "Thai": "\u0e00-\u0e7f",
    "Geor": "\u10a0-\u10ff",
    "Armn": "\u0530-\u058f",
    HANGUL: "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    KANA: "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    HAN: "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef",
}
_SCRIPT_OF = re.compile("|".join(f"(?P<{code}>[{chars}])" for code, chars in _SCRIPT_RANGES.items()))
_SIMPLIFIED_ONLY = frozenset(cedict.simplified) - frozenset(cedict.traditional)
_TRADITIONAL_ONLY = frozenset(cedict.traditional) - frozenset(cedict.simplified)


def count_scripts(text: str) -> collections.Counter[str]:
    """Letters of each known script in `text`, by ISO 15924 code."""
    return collections.Counter(match.lastgroup for match in _SCRIPT_OF.finditer(text))


def chinese_script(text: str) -> str:
    """`Hant` when more characters exist only in Traditional than only in Simplified, else `Hans`."""
    traditional = sum(char in _TRADITIONAL_ONLY for char in text)
    simplified = sum(char in _SIMPLIFIED_ONLY for char in text)
    return "Hant" if traditional > simplified else "Hans"
