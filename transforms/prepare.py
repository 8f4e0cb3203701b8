"""Extract, Clean and Language chained: raw documents in, article documents out, one place for
the rejects of all three."""

from __future__ import annotations

import apache_beam as beam

from transforms.clean import Clean
from transforms.extract import Extract
from transforms.language import DEFAULT_MAX_CHARS, DetectLanguage
from transforms.stage import StageOutput

__all__ = ["PrepareArticles"]


class PrepareArticles(beam.PTransform):
    """Read documents → clean, language-tagged documents (`.docs`) and every stage's `.rejects`."""

    def __init__(self, language_max_chars: int = DEFAULT_MAX_CHARS):
        super().__init__()
        self._language_max_chars = language_max_chars

    def expand(self, docs) -> StageOutput:
        extracted = docs | "Extract" >> Extract()
        cleaned = extracted.docs | "Clean" >> Clean()
        detected = cleaned.docs | "Language" >> DetectLanguage(self._language_max_chars)
        rejects = (extracted.rejects, cleaned.rejects, detected.rejects) | "Rejects" >> beam.Flatten()
        return StageOutput(detected.docs, rejects)
