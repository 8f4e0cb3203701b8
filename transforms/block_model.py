"""The learned extractor: which text blocks of a page are the article, and whether that beats
trafilatura's own text on this page.

Two small LightGBM models, trained by `make train` on pages whose article text people reviewed
(see README, "Learned models"), ship inside the package as text files and are loaded once per
worker. The block model scores each block (`page_blocks.FEATURE_NAMES`); its text is the blocks
scored at or above one half, in page order, one per line. The page chooser then compares that
text with trafilatura's (how much they agree, their lengths, how sure the block model was) and
keeps the one it expects to be closer to the article: each of the two fails on pages where the
other does not. It reads the comparison off the block features already computed (each block's
words and their share in trafilatura's text), so choosing costs no second pass over the texts.
"""

from __future__ import annotations

import dataclasses
import math
import pathlib

import lightgbm
import numpy as np

from transforms.model_files import MODELS, ModelFileError, load_booster
from transforms.page_blocks import FEATURE_NAMES, Block

_COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}

__all__ = [
    "CHOICE_FEATURES",
    "DEFAULT_CHOOSER",
    "DEFAULT_MODEL",
    "BlockModel",
    "ModelFileError",
    "article_text",
    "choice_features",
    "load_block_model",
]

DEFAULT_MODEL = MODELS / "article_blocks.txt"
DEFAULT_CHOOSER = MODELS / "page_choice.txt"
THRESHOLD = 0.5
CHOICE_FEATURES = (
    "word_agreement", "log_model_words", "log_trafilatura_words", "word_ratio", "mean_kept_probability",
    "kept_share", "unsure_share", "log_blocks",
)
_UNSURE = (0.3, 0.7)
# Predicting stops adding trees for a block whose score is past ±8 (p beyond 0.9997 either way)
# at a check every ten trees: a third of the predicting time saved per page (0.7 ms), and none
# of the corpus's 234,923 blocks changes side of THRESHOLD
_EARLY_STOP = {"pred_early_stop": True, "pred_early_stop_freq": 10, "pred_early_stop_margin": 8.0}


@dataclasses.dataclass(frozen=True)
class BlockModel:
    booster: lightgbm.Booster
    chooser: lightgbm.Booster | None = None  # without it, the blocks' text always stands

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Probability that each row's block is article text."""
        if not len(features):
            return np.zeros(0)
        return self.booster.predict(features, num_threads=1, **_EARLY_STOP)

    def article(self, blocks: list[Block], features: np.ndarray, trafilatura_text: str) -> tuple[str, str]:
        """(extractor, text): the blocks' text, or trafilatura's where the chooser prefers it."""
        probabilities = self.probabilities(features)
        text = article_text(blocks, probabilities)
        if self.chooser is None or not trafilatura_text:
            return "model", text
        choice = choice_features(features, probabilities)
        if self.chooser.predict(np.array([choice]), num_threads=1)[0] >= THRESHOLD:
            return "model", text
        return "trafilatura", trafilatura_text


def load_block_model(path: str | pathlib.Path | None = None, chooser: str | pathlib.Path | None = None) -> BlockModel:
    """The models at `path` and `chooser` (those shipped in the package by default);
    ModelFileError says what is wrong with a missing or corrupt file."""
    return BlockModel(
        load_booster(pathlib.Path(path or DEFAULT_MODEL), FEATURE_NAMES, "article block model"),
        load_booster(pathlib.Path(chooser or DEFAULT_CHOOSER), CHOICE_FEATURES, "page chooser model"),
    )


def article_text(blocks: list[Block], probabilities: np.ndarray) -> str:
    return "\n".join(block.text for block, p in zip(blocks, probabilities) if p >= THRESHOLD)


def choice_features(features: np.ndarray, probabilities: np.ndarray) -> list[float]:
    """One row of CHOICE_FEATURES: how the blocks' text of a page (the blocks kept at THRESHOLD)
    compares with trafilatura's, from the page's block features. Their agreement is the F1 of
    their words, counting a kept block's words as shared in the share its word trigrams are in
    trafilatura's text."""
    kept = probabilities >= THRESHOLD
    words = _count(features[:, _COLUMN["log_words"]])
    model_words = float(words[kept].sum())
    trafilatura_words = float(_count(features[:1, _COLUMN["page_log_trafilatura_words"]]).sum())
    shared = float((words * features[:, _COLUMN["in_trafilatura"]])[kept].sum())
    low, high = _UNSURE
    return [
        2 * shared / (model_words + trafilatura_words) if model_words + trafilatura_words else 0.0,
        math.log1p(model_words),
        math.log1p(trafilatura_words),
        (model_words + 1) / (trafilatura_words + 1),
        float(probabilities[kept].mean()) if kept.any() else 0.0,
        float(kept.mean()) if len(probabilities) else 0.0,
        float(((probabilities > low) & (probabilities < high)).mean()) if len(probabilities) else 0.0,
        math.log1p(len(probabilities)),
    ]


def _count(log1p_values: np.ndarray) -> np.ndarray:
    """Counts stored as their log1p, back as whole numbers."""
    return np.rint(np.expm1(log1p_values.astype(np.float64)))
