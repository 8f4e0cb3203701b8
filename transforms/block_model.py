"""The learned block classifier: which text blocks of a page are the article.

A small LightGBM model over `page_blocks.FEATURE_NAMES`, trained by `make train` on pages whose
article text people reviewed (see README, "Learned models"), ships inside the package as a text
file and is loaded once per worker. The article is the blocks it scores at or above one half, in
page order, one per line.
"""

from __future__ import annotations

import dataclasses
import pathlib

import lightgbm
import numpy as np

from transforms.page_blocks import FEATURE_NAMES, Block

__all__ = ["DEFAULT_MODEL", "BlockModel", "ModelFileError", "article_text", "load_block_model"]

DEFAULT_MODEL = pathlib.Path(__file__).with_name("models") / "article_blocks.txt"
THRESHOLD = 0.5


class ModelFileError(RuntimeError):
    """The model file is missing, unreadable or not a model of these features."""


@dataclasses.dataclass(frozen=True)
class BlockModel:
    booster: lightgbm.Booster

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Probability that each row's block is article text."""
        if not len(features):
            return np.zeros(0)
        return self.booster.predict(features, num_threads=1)


def load_block_model(path: str | pathlib.Path | None = None) -> BlockModel:
    """The model at `path` (the one shipped in the package by default); ModelFileError says what
    is wrong with a missing or corrupt file."""
    path = pathlib.Path(path or DEFAULT_MODEL)
    if not path.is_file():
        raise ModelFileError(f"article block model not found at {path}: run `make train` or reinstall newsbeam")
    try:
        booster = lightgbm.Booster(model_str=path.read_text(encoding="utf-8"))
    except (lightgbm.basic.LightGBMError, UnicodeDecodeError, ValueError) as error:
        raise ModelFileError(f"article block model at {path} is not a readable LightGBM model: {error}") from error
    if tuple(booster.feature_name()) != FEATURE_NAMES:
        raise ModelFileError(
            f"article block model at {path} was trained on other features than this newsbeam computes: run `make train`"
        )
    return BlockModel(booster)


def article_text(blocks: list[Block], probabilities: np.ndarray) -> str:
    return "\n".join(block.text for block, p in zip(blocks, probabilities) if p >= THRESHOLD)
