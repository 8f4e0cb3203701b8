"""Letters that, written together, name one language among those written in the same script.

Some alphabets are signatures. Faroese writes ð and ø: Icelandic has ð but never ø, Danish and
Norwegian ø but never ð. Yoruba writes ṣ and the under-dotted ẹ: Vietnamese has ẹ but never ṣ, and
writes ă â đ ê ô ơ ư, which Yoruba has not; Igbo dots ị ọ ụ, never ẹ. The detectors miss both: neither
knows Faroese (fastText calls short Faroese Icelandic, langdetect Norwegian), and the bundled
fastText model takes Yoruba for Irish or Catalan. Maltese alone writes ħ, and beside it the dotted
ġ ċ ż (Polish writes ż, never ħ); Turkmen writes ş with ň or ý (Turkish and Azerbaijani ş but
neither ň nor ý, and Turkish ı, Azerbaijani ə, which Turkmen has not; Czech and Slovak ň and ý, never
ş). fastText's small model gives both too little to name them. In Cyrillic, Uzbek writes ў with қ,
ғ or ҳ: Belarusian has ў but none of those, Tajik ғ қ ҳ but ӯ for ў (and ӣ, ҷ), Kazakh and
Karakalpak ә, ө, ү, which Uzbek has not; fastText learnt Uzbek in Latin letters only and spreads
Cyrillic Uzbek over Bulgarian, Russian and Tajik. Ossetian alone writes the Latin æ among
Cyrillic letters (fastText gives it 0.41, Russian 0.31). A signature is counted after NFC composition, so
`s` + U+0323 counts as `ṣ`.

Some letters rule a language out instead. Uzbek writes its oʻ and gʻ with the ʻokina of Hawaiian,
which neither detector knows and fastText takes for Uzbek; Uzbek never writes the macron vowels
Hawaiian does, nor the ʻ at the start of a word (`ʻo`, `ʻana`), where Hawaiian writes it most.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

__all__ = ["language_of_letters", "never_written_in"]


@dataclasses.dataclass(frozen=True)
class _Signature:
    """Each group in `all_of` has a letter in the text, none of `none_of` does, and together the
    signature's letters number at least `min_letters`."""

    all_of: tuple[str, ...]
    none_of: str = ""
    min_letters: int = 3
    script: str = "Latn"  # ISO 15924: the text's main script


_SIGNATURES = {
    "fo": _Signature(all_of=("ð", "ø"), none_of="þ"),
    "yo": _Signature(all_of=("ẹṣ",), none_of="ăâđêôơưịụ"),
    "mt": _Signature(all_of=("ħ", "ġċż")),
    "tk": _Signature(all_of=("ş", "ňý"), none_of="ıə"),
    "uz": _Signature(all_of=("ў", "қғҳ"), none_of="ӯӣҷәөүұңіһ", script="Cyrl"),
    "os": _Signature(all_of=("æ",), script="Cyrl"),
}


# What a language never writes: a letter, or a letter where it never stands
_NEVER_WRITTEN = {"uz": re.compile(r"[āēīōū]|(?<![^\W\d_])ʻ")}  # ʻ after no letter: a word's first


def never_written_in(language: str, text: str) -> bool:
    """Whether `text` writes something that `language` never writes (of those listed)."""
    never = _NEVER_WRITTEN.get(language)
    return never is not None and never.search(unicodedata.normalize("NFC", text).lower()) is not None


def language_of_letters(text: str, script: str = "Latn") -> str | None:
    """The language whose signature letters `text`, written mainly in `script`, carries, if any."""
    letters = unicodedata.normalize("NFC", text).lower()
    for language, signature in _SIGNATURES.items():
        if signature.script != script:
            continue
        counts = [sum(letters.count(char) for char in group) for group in signature.all_of]
        if (
            all(counts)
            and sum(counts) >= signature.min_letters
            and not any(char in letters for char in signature.none_of)
        ):
            return language
    return None
