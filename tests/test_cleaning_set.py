"""The cleaner on the labelled plain-text set (tests/cleaning_set/): line precision and recall of
its removals, the acceptance bar of the cleaner."""

from bench.eval_cleaning import read_cases, score


def test_the_set_is_large_and_covers_four_languages():
    cases = read_cases()
    assert len(cases) >= 80
    assert {case.name.split("-")[0] for case in cases} == {"en", "de", "fr", "es"}
    assert sum(not any(case.boilerplate) for case in cases) >= 20  # hard negatives: nothing to remove


def test_line_precision_and_recall_of_removals():
    result = score(read_cases())
    assert result.precision >= 0.98, result.errors
    assert result.recall >= 0.95, result.errors
