"""Loading the LightGBM models shipped in `transforms/models/`: a missing, corrupt or outdated file
stops a run at startup with what to do about it, instead of failing on every element."""

from __future__ import annotations

import pathlib

import lightgbm

__all__ = ["MODELS", "ModelFileError", "load_booster"]

MODELS = pathlib.Path(__file__).with_name("models")


class ModelFileError(RuntimeError):
    """The model file is missing, unreadable or not a model of these features."""


def load_booster(path: pathlib.Path, features: tuple[str, ...], what: str) -> lightgbm.Booster:
    if not path.is_file():
        raise ModelFileError(f"{what} not found at {path}: run `make train` or reinstall newsbeam")
    try:
        booster = lightgbm.Booster(model_str=path.read_text(encoding="utf-8"))
    except (lightgbm.basic.LightGBMError, UnicodeDecodeError, ValueError) as error:
        raise ModelFileError(f"{what} at {path} is not a readable LightGBM model: {error}") from error
    if tuple(booster.feature_name()) != features:
        raise ModelFileError(f"{what} at {path} was trained on other features than this newsbeam computes: run `make train`")
    return booster
