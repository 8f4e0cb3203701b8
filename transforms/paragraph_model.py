"""The paragraph classifier of Clean: which paragraphs of a plain text are boilerplate.

A small LightGBM model, trained by `make train` on paragraphs of real pages labelled against
their reviewed article text (see README, "Learned models"), ships inside the package with the
decision threshold chosen with it (`paragraphs.json`): the share of article paragraphs it may
cost is set there, on training data only. Loaded once per worker.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib

import lightgbm
import numpy as np

from transforms.model_files import MODELS, ModelFileError, load_booster
from transforms.paragraph_features import FEATURE_NAMES, paragraph_features

__all__ = ["DEFAULT_PARAGRAPH_MODEL", "RULE_MODEL", "ParagraphModel", "load_paragraph_model", "threshold_file"]

DEFAULT_PARAGRAPH_MODEL = MODELS / "paragraphs.txt"
RULE_MODEL = "model"  # the classifier's own removals


@dataclasses.dataclass(frozen=True)
class ParagraphModel:
    booster: lightgbm.Booster
    threshold: float  # a paragraph whose boilerplate probability reaches it is removed

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Probability that each row's paragraph is boilerplate."""
        if not len(features):
            return np.zeros(0)
        return self.booster.predict(features, num_threads=1)

    def probabilities_of(self, paragraphs: list[str], headline: str | None, word_counts: list[int]) -> np.ndarray:
        return self.probabilities(paragraph_features(paragraphs, headline, word_counts))

    def removes(self, probability: float) -> bool:
        """Whether the classifier, on its own, removes a paragraph of this probability."""
        return probability >= self.threshold


def threshold_file(model: pathlib.Path) -> pathlib.Path:
    return model.with_suffix(".json")


def load_paragraph_model(path: str | pathlib.Path | None = None) -> ParagraphModel:
    """The model at `path` (the shipped one by default) and the threshold beside it
    (`threshold_file`); ModelFileError says what is wrong with a missing or corrupt file."""
    path = pathlib.Path(path or DEFAULT_PARAGRAPH_MODEL)
    booster = load_booster(path, FEATURE_NAMES, "paragraph model")
    try:
        threshold = float(json.loads(threshold_file(path).read_text(encoding="utf-8"))["threshold"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelFileError(f"paragraph model threshold at {threshold_file(path)} is missing or unreadable: {error}") from error
    return ParagraphModel(booster, threshold)
