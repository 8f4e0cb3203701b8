"""`make eval` (cleaning part): line precision and recall of the cleaner's removals on the
labelled plain-text set in tests/cleaning_set/ (format in its README).

A line counts as removed when it is not among the cleaned paragraphs, matched in order, so of two
copies of a repeated paragraph the second is the removed one. Precision: share of removed lines
labelled boilerplate; recall: share of boilerplate lines removed.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
from collections.abc import Sequence

from transforms.clean import clean_text

CLEANING_SET = pathlib.Path(__file__).resolve().parent.parent / "tests" / "cleaning_set"


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    title: str | None
    lines: tuple[str, ...]
    boilerplate: tuple[bool, ...]  # per line: labelled `- ` (remove)


@dataclasses.dataclass(frozen=True)
class LineScore:
    cases: int
    lines: int
    true_removed: int
    removed: int
    boilerplate: int
    errors: tuple[str, ...]  # "case: wrongly removed|kept: line"

    @property
    def precision(self) -> float:
        return self.true_removed / self.removed if self.removed else 1.0

    @property
    def recall(self) -> float:
        return self.true_removed / self.boilerplate if self.boilerplate else 1.0


def read_cases(folder: pathlib.Path = CLEANING_SET) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.txt")):
        for block in path.read_text().split("=== ")[1:]:
            name, *rows = block.rstrip("\n").split("\n")
            title = rows.pop(0).removeprefix("title: ") if rows and rows[0].startswith("title: ") else None
            if not rows or any(row[:2] not in ("+ ", "- ") for row in rows):
                raise ValueError(f"{path.name}, case {name}: every line needs a '+ ' or '- ' label")
            cases.append(Case(name, title, tuple(r[2:] for r in rows), tuple(r[0] == "-" for r in rows)))
    return cases


def removed_paragraphs(paragraphs: Sequence[str], kept: Sequence[str]) -> list[bool]:
    """Per paragraph: not among `kept`, matched in order (the second of two copies is removed)."""
    kept, removed = list(kept), []
    for paragraph in paragraphs:
        if kept and kept[0] == paragraph:
            kept.pop(0)
            removed.append(False)
        else:
            removed.append(True)
    return removed


def removed_lines(case: Case) -> list[bool]:
    """Per line of `case`: did the cleaner take it out?"""
    return removed_paragraphs(case.lines, clean_text("\n".join(case.lines), case.title).paragraphs)


def score(cases: list[Case]) -> LineScore:
    true_removed = removed_count = boilerplate = 0
    errors = []
    for case in cases:
        for line, is_boilerplate, removed in zip(case.lines, case.boilerplate, removed_lines(case)):
            true_removed += removed and is_boilerplate
            removed_count += removed
            boilerplate += is_boilerplate
            if removed != is_boilerplate:
                errors.append(f"{case.name}: wrongly {'removed' if removed else 'kept'}: {line}")
    lines = sum(len(case.lines) for case in cases)
    return LineScore(len(cases), lines, true_removed, removed_count, boilerplate, tuple(errors))


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    result = score(read_cases())
    print(
        f"Cleaning on the labelled plain-text set: {result.cases} cases, {result.lines} lines, "
        f"{result.boilerplate} boilerplate"
    )
    print(f"line precision {result.precision:.4f}  recall {result.recall:.4f}")
    for error in result.errors:
        print(f"  {error}")


if __name__ == "__main__":
    main()
