"""Language stage: the article's language as an ISO 639-1 code with langdetect's probability.

langdetect draws random samples, so its detector factory is seeded; the factory is loaded once
per process, at first use or in `DoFn.setup` (profiles take ~0.3 s and the load is not
thread-safe). Text it cannot judge gets `und` with score 0 instead of an exception.
"""

from __future__ import annotations

import re
import threading

import apache_beam as beam
from langdetect import detector_factory
from langdetect.lang_detect_exception import LangDetectException

from schemas import Document
from transforms.stage import StageFn, run_stage

__all__ = ["DetectLanguage", "UNDETERMINED", "detect_language"]

UNDETERMINED = "und"
DEFAULT_MAX_CHARS = 2000
_SEED = 0
_LETTER = re.compile(r"[^\W\d_]")
_MIN_LETTERS = 3
_factory: detector_factory.DetectorFactory | None = None
_factory_lock = threading.Lock()


def _load_factory() -> detector_factory.DetectorFactory:
    global _factory
    with _factory_lock:
        if _factory is None:
            factory = detector_factory.DetectorFactory()
            factory.load_profile(detector_factory.PROFILES_DIRECTORY)
            factory.set_seed(_SEED)
            _factory = factory
    return _factory


def detect_language(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the first `max_chars` characters; (`und`, 0.0) when
    the text has too few letters to judge."""
    sample = text[:max_chars]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return UNDETERMINED, 0.0
    detector = _load_factory().create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, 0.0
    return best.lang.split("-")[0], round(best.prob, 4)


class _DetectLanguageFn(StageFn):
    stage = "language"

    def __init__(self, max_chars: int):
        super().__init__()
        self._max_chars = max_chars

    def setup(self):
        _load_factory()

    def apply(self, doc: Document) -> Document:
        language, score = detect_language(doc.text, self._max_chars)
        self.count(f"language_{language}")
        return doc.replace(language=language, language_score=score)


class DetectLanguage(beam.PTransform):
    """Documents → documents with `language` and `language_score`."""

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS):
        super().__init__()
        self._max_chars = max_chars

    def expand(self, docs):
        return run_stage(docs, "DetectLanguage", _DetectLanguageFn(self._max_chars))
