"""Extract, Clean, Quality and Language chained: raw documents in, article documents out, one
place for the rejects of all four."""

from __future__ import annotations

import apache_beam as beam

from transforms.clean import Clean
from transforms.extract import Extract
from transforms.language import DEFAULT_MAX_CHARS, DEFAULT_MIN_SCORE, DetectLanguage
from transforms.quality import DEFAULT_MIN_WORDS, CheckQuality
from transforms.source_boilerplate import DEFAULT_MIN_DOCS, LearnSourceBoilerplate
from transforms.stage import StageOutput

__all__ = ["PrepareArticles"]


class PrepareArticles(beam.PTransform):
    """Read documents → clean, language-tagged documents (`.docs`) and every stage's `.rejects`.

    Paragraphs found in `source_boilerplate_min_docs` documents of one source are removed as that
    source's boilerplate; 0 turns this learning off. `extraction` is Extract's method (see
    `Extract`). Cleaned text that is not language or has fewer than `min_words` words
    is rejected before its language is detected (see `CheckQuality`)."""

    def __init__(
        self,
        language_max_chars: int = DEFAULT_MAX_CHARS,
        language_min_score: float = DEFAULT_MIN_SCORE,
        languages: frozenset[str] = frozenset(),
        source_boilerplate_min_docs: int = DEFAULT_MIN_DOCS,
        extraction: str = "model",
        min_words: int = DEFAULT_MIN_WORDS,
    ):
        super().__init__()
        self._extract = Extract(extraction)
        self._check_quality = CheckQuality(min_words)
        self._detect_language = DetectLanguage(language_max_chars, language_min_score, languages)
        self._learn = LearnSourceBoilerplate(source_boilerplate_min_docs) if source_boilerplate_min_docs else None

    def expand(self, docs) -> StageOutput:
        extracted = docs | "Extract" >> self._extract
        learned = extracted.docs | "LearnSourceBoilerplate" >> self._learn if self._learn else None
        cleaned = extracted.docs | "Clean" >> Clean(learned)
        checked = cleaned.docs | "Quality" >> self._check_quality
        detected = checked.docs | "Language" >> self._detect_language
        rejects = (
            extracted.rejects, cleaned.rejects, checked.rejects, detected.rejects
        ) | "Rejects" >> beam.Flatten()
        return StageOutput(detected.docs, rejects)
