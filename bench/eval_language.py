"""`make eval` (language part): accuracy of newsbeam's language detection per language and
overall on the UDHR, next to raw langdetect in the same run, plus milliseconds per call.

Three kinds of input: (a) single articles of the declaration, (b) documents of 3–5 consecutive
articles, (c) single sentences. Only languages langdetect has a profile for are scored: neither
detector can name the others. Raw langdetect is called as most users call it (`detect`, no
seed); it is right when its code equals the corpus label (`zh-cn`, `zh-tw` included), newsbeam
when its code and, for Chinese, its script (`Hans`/`Hant`) match.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import statistics
import time

import langdetect
from langdetect import detector_factory

from transforms.language import DEFAULT_MAX_CHARS, detect

_ALIASES = {"nb": "no", "pt-br": "pt"}  # corpus label → the code both detectors give
_SCRIPT_OF_LABEL = {"zh-cn": "Hans", "zh-tw": "Hant"}
_SENTENCE_END = re.compile(r"(?<=[.!?。！？؟।])\s*")
_MIN_SENTENCE_CHARS = 40


def load_units(folder: pathlib.Path) -> dict[str, list[str]]:
    supported = set(_profile_names())
    units = {}
    for path in sorted(folder.glob("*.tsv")):
        label = path.stem
        if _ALIASES.get(label, label) in supported:
            rows = [line.split("\t", 1)[1] for line in path.read_text().splitlines() if "\t" in line]
            units[label] = rows
    return units


def _profile_names() -> list[str]:
    """The languages langdetect ships a profile for (one file each)."""
    return sorted(p.name for p in pathlib.Path(detector_factory.PROFILES_DIRECTORY).iterdir())


def documents(units: list[str]) -> list[str]:
    """Consecutive articles grouped 3, 4, 5, 3, … at a time."""
    docs, start, size = [], 0, 3
    while start < len(units):
        docs.append("\n".join(units[start : start + size]))
        start += size
        size = 3 + (size - 2) % 3
    return docs


def sentences(units: list[str]) -> list[str]:
    return [s for unit in units for s in _SENTENCE_END.split(unit) if len(s) >= _MIN_SENTENCE_CHARS]


def newsbeam_right(label: str, text: str, max_chars: int = DEFAULT_MAX_CHARS) -> bool:
    found = detect(text, max_chars)
    expected = _ALIASES.get(label, label).split("-")[0]
    return found.language == expected and found.script == _SCRIPT_OF_LABEL.get(label, found.script)


def raw_right(label: str, text: str) -> bool:
    try:
        return langdetect.detect(text) == _ALIASES.get(label, label)
    except langdetect.LangDetectException:
        return False


def score(samples: dict[str, list[str]]) -> dict[str, tuple[float, float, int]]:
    """Per label: (newsbeam accuracy, raw langdetect accuracy, number of samples)."""
    result = {}
    for label, texts in samples.items():
        ours = sum(newsbeam_right(label, t) for t in texts)
        raw = sum(raw_right(label, t) for t in texts)
        result[label] = (ours / len(texts), raw / len(texts), len(texts))
    return result


def overall(per_label: dict[str, tuple[float, float, int]]) -> tuple[float, float, int]:
    total = sum(n for _, _, n in per_label.values())
    ours = sum(a * n for a, _, n in per_label.values()) / total
    raw = sum(b * n for _, b, n in per_label.values()) / total
    return ours, raw, total


def median_ms(calls: dict[str, object], texts: list[str]) -> dict[str, float]:
    """Median milliseconds of each call over `texts`, the calls interleaved text by text so that
    a change in the machine's load hits them all alike."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for text in texts:
        for name, call in calls.items():
            start = time.perf_counter()
            try:
                call(text)
            except langdetect.LangDetectException:
                pass
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding udhr/")
    args = parser.parse_args()
    units = load_units(pathlib.Path(args.corpus) / "udhr")
    if not units:
        raise SystemExit(f"no UDHR files in {args.corpus}/udhr")
    kinds = {
        "(a) articles": {label: rows for label, rows in units.items()},
        "(b) documents of 3-5 articles": {label: documents(rows) for label, rows in units.items()},
        "(c) sentences": {label: sentences(rows) for label, rows in units.items()},
    }
    scores = {kind: score(samples) for kind, samples in kinds.items()}
    print(f"Language detection on the UDHR, {len(units)} languages langdetect has profiles for")
    print(f"{'label':<8}" + "".join(f"{kind[:3] + ' newsbeam':>16}{'raw':>8}" for kind in kinds))
    for label in units:
        cells = "".join(f"{scores[k][label][0]:>16.3f}{scores[k][label][1]:>8.3f}" for k in kinds)
        print(f"{label:<8}{cells}")
    for kind in kinds:
        ours, raw, total = overall(scores[kind])
        print(f"overall {kind:<32} newsbeam {ours:.4f}   raw langdetect {raw:.4f}   ({total} samples)")
    english = " ".join(units["en"])
    articles = [(english * 3)[offset : offset + 5000] for offset in range(0, 5000, 250)] * 3
    prefixes = (250, 500, 1000, 2000, 5000)
    calls = {"raw": langdetect.detect}
    calls.update({size: (lambda text, size=size: detect(text, size)) for size in prefixes})
    ms = median_ms(calls, articles)
    print(f"\nPrefix read (default {DEFAULT_MAX_CHARS}): accuracy on (b) and (a), median ms per 5,000-char article")
    print(f"raw langdetect, full text: {ms['raw']:.2f} ms")
    for size in prefixes:
        accuracy = {
            kind: sum(newsbeam_right(label, t, size) for label, texts in kinds[kind].items() for t in texts)
            / sum(len(texts) for texts in kinds[kind].values())
            for kind in ("(b) documents of 3-5 articles", "(a) articles")
        }
        cells = "  ".join(f"{kind[:3]} {value:.4f}" for kind, value in accuracy.items())
        print(f"newsbeam, first {size:>4} chars: {cells}  {ms[size]:.2f} ms  {ms['raw'] / ms[size]:.1f}x faster than raw")


if __name__ == "__main__":
    main()
