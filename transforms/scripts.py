"""Which writing systems a text uses, counted letter by letter, and which languages each is for.

The script often settles what a statistical detector gets wrong. langdetect has no profile for
Armenian or Georgian and answers Estonian for both; it confuses the CJK languages (Korean for
about half of Traditional-Chinese texts). Yet Armenian letters are only written in Armenian,
kana only in Japanese, Hangul only in Korean, and Han characters without either are Chinese,
Simplified or Traditional by the characters that exist in only one of the two sets (zhon's
CC-CEDICT tables); Cantonese, written in the same characters, by the ones only written Cantonese
uses (嘅 咗 喺 佢哋 冇 嘢 …, where written Mandarin has 的 了 在 他們 沒有 東西), which both detectors
read as Mandarin. Ethiopic is Amharic's script and Tigrinya's: Tigrinya writes the letters of
the ቐ row, which Amharic lacks, and its most frequent words (the copula እዩ/እዮም, ኣብ "in", ናይ
"of") differ from Amharic's (ነው/ናቸው, ውስጥ "in", እና "and"). Where several languages share a
script, the script still rules out every language written in another one: Kazakh in Cyrillic is
never Estonian.
"""

from __future__ import annotations

import collections
import re

from zhon import cedict

__all__ = [
    "HAN",
    "HANGUL",
    "KANA",
    "UNKNOWN_SCRIPT",
    "chinese_language",
    "chinese_script",
    "count_scripts",
    "language_of_script",
    "written_in",
]

HAN = "Hani"
KANA = "Kana"
HANGUL = "Hang"
UNKNOWN_SCRIPT = "Zzzz"  # ISO 15924: letters of a script not in the table below

# ISO 15924 codes of the scripts worth telling apart, with their Unicode blocks.
_SCRIPT_RANGES = {
    "Latn": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f",
    "Cyrl": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "Grek": "\u0370-\u03ff\u1f00-\u1fff",
    "Armn": "\u0530-\u058f\ufb13-\ufb17",
    "Hebr": "\u0590-\u05ff\ufb1d-\ufb4f",
    "Arab": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Thaa": "\u0780-\u07bf",
    "Deva": "\u0900-\u097f\ua8e0-\ua8ff",
    "Beng": "\u0980-\u09ff",
    "Guru": "\u0a00-\u0a7f",
    "Gujr": "\u0a80-\u0aff",
    "Orya": "\u0b00-\u0b7f",
    "Taml": "\u0b80-\u0bff",
    "Telu": "\u0c00-\u0c7f",
    "Knda": "\u0c80-\u0cff",
    "Mlym": "\u0d00-\u0d7f",
    "Sinh": "\u0d80-\u0dff",
    "Thai": "\u0e00-\u0e7f",
    "Laoo": "\u0e80-\u0eff",
    "Tibt": "\u0f00-\u0fff",
    "Mymr": "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f",
    "Geor": "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f",
    "Ethi": "\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f",
    "Khmr": "\u1780-\u17ff\u19e0-\u19ff",
    HANGUL: "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    KANA: "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    HAN: "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef",
}
# Letters only (`[^\W\d_]`, so no digits, vowel signs or punctuation of a block), each under the
# first script whose block holds it, else under `Zzzz`.
_SCRIPT_OF = re.compile(
    r"(?=[^\W\d_])(?:"
    + "|".join(f"(?P<{code}>[{chars}])" for code, chars in _SCRIPT_RANGES.items())
    + f"|(?P<{UNKNOWN_SCRIPT}>.))"
)

# Scripts that, among the languages detected here, only one language is written in: the script
# names it without asking a detector.
_LANGUAGE_OF_SCRIPT = {
    "Armn": "hy", "Geor": "ka", "Khmr": "km", "Laoo": "lo", "Mymr": "my",
    "Sinh": "si", "Tibt": "bo", "Thaa": "dv", "Grek": "el", "Gujr": "gu", "Guru": "pa",
    "Orya": "or", "Taml": "ta", "Telu": "te", "Knda": "kn", "Mlym": "ml", "Thai": "th",
}
# Languages written in a script that several of them share. A language named nowhere in this
# table or the one above is written in Latin; the few written in Latin as well are listed too.
_LANGUAGES_OF_SHARED_SCRIPT = {
    "Cyrl": "ru uk be bg mk sr kk ky tt ba cv ce os sah tg mn tyv xal krc kv mhr mrj myv lez av"
            " bxr rue uz az",
    "Arab": "ar fa ur ps ckb sd ug azb arz pnb lrc mzn ks",
    "Hebr": "he yi",
    "Ethi": "am ti",
    "Deva": "hi mr ne sa mai bho new dty gom",
    "Beng": "bn as bpy",
    HAN: "zh yue wuu ja",
    KANA: "ja",
    HANGUL: "ko",
    "Latn": "sr uz az kk",
}
_LATIN_ONLY = frozenset({"Latn"})

# Evidence for Tigrinya against Amharic in Ethiopic text: the ቐ row (U+1250-U+125D) and the most
# frequent function words of each.
_TIGRINYA_LETTERS = re.compile("[\u1250-\u125d]")
_TIGRINYA_WORDS = frozenset("እዩ እያ እዮም እየን እየ ኣብ ናይ ምስ ከም እቲ እታ እዚ ኣሎ ኣለዉ ኣለዎ ኣለዎም እውን ኩሉ ብዘይ".split())
_AMHARIC_WORDS = frozenset("ነው ናቸው ናት እና ላይ ውስጥ ወደ እንደ ይህ ሁሉ ያለ ያለው ያላቸው ወይም ሲሆን".split())
_ETHIOPIC_WORD = re.compile("[\u1200-\u135a]+")  # syllables, not the punctuation after them

# Characters of written Cantonese that written Mandarin does not use (not 係 or 唔: Mandarin writes
# 關係 and the odd 唔), and the share of Han characters they must reach: in Cantonese prose they are
# one character in ten, and a Mandarin text quoting a Cantonese phrase holds a few at most.
_CANTONESE_ONLY = frozenset("嘅咗喺佢哋冇嘢啲嗰嚟噉啱嘥諗攞揾咩")
_CANTONESE_SHARE = 0.02
_CANTONESE_MIN = 3

_SIMPLIFIED_ONLY = frozenset(cedict.simplified) - frozenset(cedict.traditional)
_TRADITIONAL_ONLY = frozenset(cedict.traditional) - frozenset(cedict.simplified)


def _scripts_of_languages() -> dict[str, frozenset[str]]:
    scripts = collections.defaultdict(set)
    for script, languages in _LANGUAGES_OF_SHARED_SCRIPT.items():
        for language in languages.split():
            scripts[language].add(script)
    for script, language in _LANGUAGE_OF_SCRIPT.items():
        scripts[language].add(script)
    return {language: frozenset(codes) for language, codes in scripts.items()}


_SCRIPTS_OF_LANGUAGE = _scripts_of_languages()


def count_scripts(text: str) -> collections.Counter[str]:
    """Letters of each script in `text`, by ISO 15924 code (`Zzzz` for scripts not told apart)."""
    return collections.Counter(match.lastgroup for match in _SCRIPT_OF.finditer(text))


def language_of_script(script: str, text: str) -> str | None:
    """The language `script` names without a detector (Ethiopic: Amharic or Tigrinya, by `text`),
    None for a script several languages share."""
    if script == "Ethi":
        return _ethiopic_language(text)
    return _LANGUAGE_OF_SCRIPT.get(script)


def written_in(language: str, script: str) -> bool:
    """Whether `language` (an ISO 639 code) is written in `script` (an ISO 15924 code)."""
    return script in _SCRIPTS_OF_LANGUAGE.get(language, _LATIN_ONLY)


def chinese_language(text: str) -> str:
    """`yue` for Han text written in Cantonese, else `zh`."""
    cantonese = sum(char in _CANTONESE_ONLY for char in text)
    han = count_scripts(text)[HAN]
    return "yue" if cantonese >= max(_CANTONESE_MIN, _CANTONESE_SHARE * han) else "zh"


def chinese_script(text: str) -> str:
    """`Hant` when more characters exist only in Traditional than only in Simplified, else `Hans`."""
    traditional = sum(char in _TRADITIONAL_ONLY for char in text)
    simplified = sum(char in _SIMPLIFIED_ONLY for char in text)
    return "Hant" if traditional > simplified else "Hans"


def _ethiopic_language(text: str) -> str:
    """`ti` when `text` carries more Tigrinya than Amharic evidence (letters and function words),
    else `am`, the more widely written of the two."""
    words = _ETHIOPIC_WORD.findall(text)
    tigrinya = len(_TIGRINYA_LETTERS.findall(text)) + sum(word in _TIGRINYA_WORDS for word in words)
    amharic = sum(word in _AMHARIC_WORDS for word in words)
    return "ti" if tigrinya > amharic else "am"
