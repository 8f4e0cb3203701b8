"""`make eval` (language part): newsbeam's language detection on the UDHR, next to raw langdetect
in the same run, and milliseconds per article.

1. The 55 languages langdetect has a profile for, on three kinds of input: (a) single articles of
   the declaration, (b) documents of 3–5 consecutive articles, (c) single sentences. Raw langdetect
   is called as most users call it (`detect`, no seed); it is right when its code equals the corpus
   label (`zh-cn`, `zh-tw` included), newsbeam when its code and, for Chinese, its script
   (`Hans`/`Hant`) match.
2. Every UDHR language, by group: langdetect's 55, those only the second opinion (or the script)
   covers, which should be named, and those neither detector covers, which should be `und`; the
   share named rightly, `und` and wrong, per language outside langdetect's 55 and per group. The
   veto's thresholds were chosen on the even-numbered articles of every language; the figures
   here are on the odd-numbered ones, which played no part. The kin words (`transforms.kin`),
   signature letters (`transforms.letters`) and function words (`transforms.own_words`) are
   written from each orthography's rules, not fitted to the corpus.
3. The sweep that chose the veto's thresholds, on the even-numbered articles only.
4. Median milliseconds per 5,000-character article (the budget is 5 ms): the prefix sweep in
   English, then all UDHR languages.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import pathlib
import re
import statistics
import time

import langdetect
from langdetect import detector_factory

from transforms.language import DEFAULT_MAX_CHARS, UNDETERMINED, Veto, detect, second_opinion_languages

_ALIASES = {"nb": "no", "pt-br": "pt"}  # corpus label → the code both detectors give
_SCRIPT_OF_LABEL = {"zh-cn": "Hans", "zh-tw": "Hant"}
_SENTENCE_END = re.compile(r"(?<=[.!?。！？؟।])\s*")
_MIN_SENTENCE_CHARS = 40
_TUNING, _HELD_OUT = 0, 1  # which half of each language's articles: even-numbered, odd-numbered
_NEVER = float("inf")
_SWEEP = [
    Veto(),
    *(dataclasses.replace(Veto(), min_letters=n) for n in (0, 50, 200)),
    *(dataclasses.replace(Veto(), min_support=s) for s in (0.15, 0.2, 0.25, 0.45)),
    dataclasses.replace(Veto(), max_rival=0.5),
    dataclasses.replace(Veto(), max_foreign=_NEVER),
    Veto(min_support=0.0, max_rival=_NEVER, max_foreign=_NEVER),
]


def load_units(folder: pathlib.Path) -> dict[str, list[str]]:
    """Every language's articles (the preamble first), by corpus label."""
    units = {}
    for path in sorted(folder.glob("*.tsv")):
        units[path.stem] = [line.split("\t", 1)[1] for line in path.read_text().splitlines() if "\t" in line]
    return units


def langdetect_knows(label: str) -> bool:
    """Whether langdetect ships a profile for the corpus label (one file each)."""
    return _ALIASES.get(label, label) in {p.name for p in pathlib.Path(detector_factory.PROFILES_DIRECTORY).iterdir()}


def documents(units: list[str]) -> list[str]:
    """Consecutive articles grouped 3, 4, 5, 3, … at a time."""
    docs, start, size = [], 0, 3
    while start < len(units):
        docs.append("\n".join(units[start : start + size]))
        start += size
        size = 3 + (size - 2) % 3
    return docs


def overlapping_documents(units: list[str]) -> list[str]:
    """Documents of 3, 4, 5, 3, … consecutive articles starting at every article: more documents
    from the few articles of half a declaration."""
    return ["\n".join(units[start : start + 3 + start % 3]) for start in range(len(units) - 2)]


def sentences(units: list[str]) -> list[str]:
    return [s for unit in units for s in _SENTENCE_END.split(unit) if len(s) >= _MIN_SENTENCE_CHARS]


def expected_code(label: str) -> str:
    return _ALIASES.get(label, label).split("-")[0]


def newsbeam_right(label: str, text: str, max_chars: int = DEFAULT_MAX_CHARS) -> bool:
    found = detect(text, max_chars)
    return found.language == expected_code(label) and found.script == _SCRIPT_OF_LABEL.get(label, found.script)


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


@dataclasses.dataclass
class Outcomes:
    """How many texts were named rightly, left `und`, or named wrongly."""

    right: int = 0
    und: int = 0
    wrong: int = 0

    def add(self, other: Outcomes) -> None:
        self.right, self.und, self.wrong = self.right + other.right, self.und + other.und, self.wrong + other.wrong

    def share(self, outcome: str) -> float:
        total = self.right + self.und + self.wrong
        return getattr(self, outcome) / total if total else 0.0

    def __str__(self) -> str:
        return f"{self.share('right'):>6.3f}{self.share('und'):>6.3f}{self.share('wrong'):>6.3f}"


def outcomes(label: str, texts: list[str], veto: Veto = Veto()) -> Outcomes:
    result = Outcomes()
    for text in texts:
        found = detect(text, veto=veto)
        if found.language == expected_code(label) and found.script == _SCRIPT_OF_LABEL.get(label, found.script):
            result.right += 1
        elif found.language == UNDETERMINED:
            result.und += 1
        else:
            result.wrong += 1
    return result


def groups(units: dict[str, list[str]]) -> dict[str, list[str]]:
    """Labels by what newsbeam should do with them."""
    covered = second_opinion_languages()
    result = collections.defaultdict(list)
    for label in units:
        if langdetect_knows(label):
            result["langdetect knows"].append(label)
        elif expected_code(label) in covered:
            result["second opinion covers"].append(label)
        else:
            result["neither covers"].append(label)
    return result


def half(rows: list[str], which: int) -> list[str]:
    return rows[which::2]


def print_known(units: dict[str, list[str]]) -> None:
    kinds = {
        "(a) articles": dict(units),
        "(b) documents of 3-5 articles": {label: documents(rows) for label, rows in units.items()},
        "(c) sentences": {label: sentences(rows) for label, rows in units.items()},
    }
    scores = {kind: score(samples) for kind, samples in kinds.items()}
    print(f"1. Language detection on the UDHR, {len(units)} languages langdetect has profiles for")
    print(f"{'label':<8}" + "".join(f"{kind[:3] + ' newsbeam':>16}{'raw':>8}" for kind in kinds))
    for label in units:
        cells = "".join(f"{scores[k][label][0]:>16.3f}{scores[k][label][1]:>8.3f}" for k in kinds)
        print(f"{label:<8}{cells}")
    for kind in kinds:
        ours, raw, total = overall(scores[kind])
        print(f"overall {kind:<32} newsbeam {ours:.4f}   raw langdetect {raw:.4f}   ({total} samples)")


def print_unknown(units: dict[str, list[str]], labels_by_group: dict[str, list[str]]) -> None:
    print("\n2. Held-out half (odd-numbered articles): share right, und, wrong in overlapping documents"
          " of 3-5 articles and in single articles")
    print(f"{'label':<8}{'group':<24}{'documents':>18}{'articles':>18}")
    print(f"{'':<32}" + f"{'right':>6}{'und':>6}{'wrong':>6}" * 2)
    for group in ("second opinion covers", "neither covers", "langdetect knows"):
        totals = {"documents": Outcomes(), "articles": Outcomes()}
        languages_at_95 = 0
        for label in labels_by_group[group]:
            rows = half(units[label], _HELD_OUT)
            by_kind = {"documents": outcomes(label, overlapping_documents(rows)), "articles": outcomes(label, rows)}
            for kind, result in by_kind.items():
                totals[kind].add(result)
            languages_at_95 += by_kind["documents"].share("right") >= 0.95
            if group != "langdetect knows" or by_kind["documents"].share("right") < 1.0:
                print(f"{label:<8}{group:<24}{by_kind['documents']!s:>18}{by_kind['articles']!s:>18}")
        print(f"{'all':<8}{group:<24}{totals['documents']!s:>18}{totals['articles']!s:>18}"
              f"   {languages_at_95} of {len(labels_by_group[group])} languages named in >= 95 % of documents")


def print_sweep(units: dict[str, list[str]], labels_by_group: dict[str, list[str]]) -> None:
    print("\n3. Veto thresholds on the tuning half (even-numbered articles): share right or wrong")
    columns = {  # (group, kind, outcome)
        "known docs right": ("langdetect knows", "documents", "right"),
        "known sents right": ("langdetect knows", "sentences", "right"),
        "covered docs right": ("second opinion covers", "documents", "right"),
        "covered docs wrong": ("second opinion covers", "documents", "wrong"),
        "neither docs wrong": ("neither covers", "documents", "wrong"),
        "neither sents wrong": ("neither covers", "sentences", "wrong"),
    }
    print(f"{'support':>8}{'rival':>6}{'foreign':>8}{'letters':>8}" + "".join(f"{name:>20}" for name in columns))
    texts = {
        label: {"documents": overlapping_documents(half(rows, _TUNING)), "sentences": sentences(half(rows, _TUNING))}
        for label, rows in units.items()
    }
    for veto in _SWEEP:
        totals = collections.defaultdict(Outcomes)
        for group, labels in labels_by_group.items():
            for label in labels:
                for kind, samples in texts[label].items():
                    totals[group, kind].add(outcomes(label, samples, veto))
        cells = "".join(f"{totals[group, kind].share(outcome):>20.3f}" for group, kind, outcome in columns.values())
        mark = "  <- default" if veto == Veto() else ""
        print(f"{veto.min_support:>8}{veto.max_rival:>6}{veto.max_foreign:>8}{veto.min_letters:>8}{cells}{mark}")


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


def print_times(units: dict[str, list[str]], known: dict[str, list[str]]) -> None:
    kinds = {
        "(b) documents of 3-5 articles": {label: documents(rows) for label, rows in known.items()},
        "(a) articles": known,
    }
    english = " ".join(units["en"])
    articles = [(english * 3)[offset : offset + 5000] for offset in range(0, 5000, 250)] * 3
    prefixes = (250, 500, 1000, 2000, 5000)
    calls = {"raw": langdetect.detect}
    calls.update({size: (lambda text, size=size: detect(text, size)) for size in prefixes})
    ms = median_ms(calls, articles)
    print(f"\n4. Prefix read (default {DEFAULT_MAX_CHARS}): accuracy on (b) and (a), median ms per 5,000-char article")
    print(f"raw langdetect, full text: {ms['raw']:.2f} ms")
    for size in prefixes:
        accuracy = {
            kind: sum(newsbeam_right(label, t, size) for label, texts in kinds[kind].items() for t in texts)
            / sum(len(texts) for texts in kinds[kind].values())
            for kind in kinds
        }
        cells = "  ".join(f"{kind[:3]} {value:.4f}" for kind, value in accuracy.items())
        print(f"newsbeam, first {size:>4} chars: {cells}  {ms[size]:.2f} ms  {ms['raw'] / ms[size]:.1f}x faster than raw")
    every_language = [(" ".join(rows) * 3)[:5000] for rows in units.values()]
    ms = median_ms({"raw": langdetect.detect, "newsbeam": detect}, every_language)
    print(f"all {len(units)} UDHR languages, one 5,000-char article each: newsbeam {ms['newsbeam']:.2f} ms, "
          f"raw langdetect {ms['raw']:.2f} ms (median)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="../shared/corpus", help="folder holding udhr/")
    args = parser.parse_args()
    # the raw baseline seeded as newsbeam's detector is, so its column is the same every run
    langdetect.DetectorFactory.seed = 0
    units = load_units(pathlib.Path(args.corpus) / "udhr")
    if not units:
        raise SystemExit(f"no UDHR files in {args.corpus}/udhr")
    labels_by_group = groups(units)
    known = {label: units[label] for label in labels_by_group["langdetect knows"]}
    print_known(known)
    print_unknown(units, labels_by_group)
    print_sweep(units, labels_by_group)
    print_times(units, known)


if __name__ == "__main__":
    main()
