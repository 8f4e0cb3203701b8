"""A language's own words, where the detectors' probabilities are not enough: they confirm a
language the second opinion names without being sure of it, vouch for one it cannot judge, and
name one it barely knows.

fastText knows Latin but gives a Latin text 0.33-0.63, often under the minimum score, while no
other language comes near; langdetect, which has no Latin, answers Catalan, French or Italian and
is vetoed, so the text was `und`. Latin's function words (`quod`, `atque`, `autem`, `eius`, `sunt`
…) are written in no living language: three of them beside fastText's first choice settle it.
Short Scottish Gaelic and Irish texts fare the same (fastText 0.36-0.48); Gaelic writes `tha`,
`bha`, `gu`, `aig`, `bho`, Irish `tá`, `bhí`, `go`, `ag`, `ó` for the same words.

Haitian Creole is one the second opinion knows but barely names: the bundled model gives a
Haitian news story 0.08 or less, below Malay or Tagalog, and langdetect calls it Indonesian or
Catalan (vetoed: `und`). Its own words (`yon`, `pou`, `moun`, `peyi`, `anpil`, `avèk` …), written
in no other language either detector knows, name it on their own where four of them are in the
text (`language_of_words`).

Maithili and Bhojpuri, written in Devanagari as Hindi is, both detectors call Hindi: the bundled
fastText model gives a Maithili news text Hindi 0.8 and Maithili 0.09, a Bhojpuri one Hindi 0.97.
They write their own verbs and pronouns where Hindi writes `है`, `में`, `से`, `को`: Maithili
`अछि`, `छथि`, `एहि`, `सँ`, `केँ`; Bhojpuri `बा`, `बाड़न`, `गइल`, `आपन`, `हमनी`. Four of them name the
language as Haitian Creole's do.

Somali goes the other way: fastText barely knows it (a Somali news story gets 0.09, less than
English), so it cannot vouch for langdetect's `so`, and langdetect names Oromo and Afar, which
neither detector knows, Somali with certainty. Somali's own words (`iyo`, `ayaa`, `waxaa`, `oo`,
`ee` …) are what let langdetect's answer stand.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["confirmed_by_words", "language_of_words"]

_OWN_WORDS = {
    "la": frozenset(
        "quod quae atque autem enim eius neque sunt esse omnes omnis quam quibus ipse ipsa eorum earum"
        " suis suae suum nobis vobis haec hoc hanc huius ille illa igitur tamen etiam nam cuius cui"
        " sine apud erga contra huic".split()
    ),
    "gd": frozenset(
        "tha bha gu gus anns aig cha chan eil fhèin bho ri ris gun gum dè ùr mòr mòra rèir diugh raoir"
        " cuideachd seachdain riaghaltas poileis fhathast".split()
    ),
    "ga": frozenset(
        "tá bhí ag ó féin sé sí níl go atá chun freisin inniu inné aréir rialtas gardaí níos fós cad"
        " beidh mbeidh dúirt".split()
    ),
    "so": frozenset(
        "iyo ayaa ayuu ayay waxaa waxay wuxuu waxa inuu inay oo ee uu waa soo ugu loo lagu looma ah leeyahay"
        " yahay tahay karo karaa kale kasta kastaa sida dadka".split()
    ),
}
# Words that name their language on their own, written in no language either detector knows, by
# the script they are written in (ISO 15924). Not the words Maithili and Bhojpuri share (`रहल`,
# `देल`), nor `गेल` (Hindi's name of the GAIL company), `आ` (Hindi's come).
_NAMING_WORDS = {
    "Latn": {
        "ht": frozenset(
            "yon pou moun peyi anpil paske tankou kounye avèk ankò lòt pral sèlman konsa kòm fè fèt gen leta"
            " lajan".split()
        ),
    },
    "Deva": {
        "mai": frozenset(
            "अछि छथि छल छलाह छलथि एहि ओहि सँ केँ कऽ कहलनि अहाँ हमर हुनक हुनका जाइत करैत रहैत मुदा सेहो कतेको सभ"
            " भेलैक गेलाह".split()
        ),
        "bho": frozenset(
            "बा बाड़े बाड़न बाड़ी बानी गइल भइल कइल दिहल लिहल हवे बाटे आपन हमनी रउआ रउरा ओकरा एकरा कहलस".split()
        ),
    },
}
_MIN_NAMING_WORDS = 4  # distinct ones
_MIN_WORDS = 3  # distinct ones
# Somali's listed words are so frequent that two of them mark even one sentence of it, and the
# other languages langdetect calls Somali write none (Oromo and Afar news; Ganda, Sotho and Tswana
# on the UDHR)
_MIN_WORDS_OF = {"so": 2}
# A word is a run of letters and the marks written on them: `\w` alone leaves out Devanagari's vowel
# signs (अछि is not one word to it).
_MARKS = "".join(chr(code) for code in range(0x10000) if unicodedata.category(chr(code)).startswith("M"))
_WORD = re.compile("(?:[^\\W\\d_]|[" + re.escape(_MARKS) + "])+")


def confirmed_by_words(language: str, text: str) -> bool:
    """Whether `text` writes at least `_MIN_WORDS` (`_MIN_WORDS_OF` where a language has its own
    minimum) distinct function words of `language` (of the languages listed)."""
    own = _OWN_WORDS.get(language)
    needed = _MIN_WORDS_OF.get(language, _MIN_WORDS)
    return own is not None and len(own.intersection(_WORD.findall(text.lower()))) >= needed


def language_of_words(text: str, script: str = "Latn") -> str | None:
    """The language whose naming words `text`, written mainly in `script` (ISO 15924), writes at
    least `_MIN_NAMING_WORDS` distinct of and more of than any other language's, if any."""
    words = set(_WORD.findall(text.lower()))
    found = {language: len(naming & words) for language, naming in _NAMING_WORDS.get(script, {}).items()}
    most = max(found.values(), default=0)
    named = [language for language, count in found.items() if count == most]
    return named[0] if most >= _MIN_NAMING_WORDS and len(named) == 1 else None
