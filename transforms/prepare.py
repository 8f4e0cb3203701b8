"""Extract, Clean and Language chained: raw documents in, article documents out, one place for
the rejects of all three."""

from __future__ import annotations

import apache_beam as beam

from transforms.clean import Clean
from transforms.extract import Extract
from transforms.language import DEFAULT_MAX_CHARS, DEFAULT_MIN_SCORE, DetectLanguage
from transforms.stage import StageOutput

__all__ = ["PrepareArticles"]


class PrepareArticles(beam.PTransform):
    """Read documents → clean, language-tagged documents (`.docs`) and every stage's `.rejects`."""

    def __init__(
        self,
        language_max_chars: int = DEFAULT_MAX_CHARS,
        language_min_score: float = DEFAULT_MIN_SCORE,
        languages: frozenset[str] = frozenset(),
    ):
        super().__init__()
        self._detect_language = DetectLanguage(language_max_chars, language_min_score, languages)

    def expand(self, docs) -> StageOutput:
        extracted = docs | "Extract" >> Extract()
        cleaned = extracted.docs | "Clean" >> Clean()
        detected = cleaned.docs | "Language" >> self._detect_language
        rejects = (extracted.rejects, cleaned.rejects, detected.rejects) | "Rejects" >> beam.Flatten()
        return StageOutput(detected.docs, rejects)
