import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import window

from schemas import Document
from transforms import PrepareArticles
from transforms.clean import RULE_SOURCE_BOILERPLATE, Clean, fingerprint
from transforms.source_boilerplate import LearnSourceBoilerplate, paragraph_fingerprints
from tests.support import make_doc

FOOTER = "Support independent local journalism: become a member of the Valley Courier today."
TOWNS = ["Ashford", "Brampton", "Clayworth", "Dunmore", "Eastleigh", "Fenwick", "Glenrock"]


def story(town: str) -> str:
    return (
        f"The council of {town} voted on Tuesday to expand the bus network across the town.\n\n"
        f"Officials in {town} said the plan would cost about 40 million euros over five years.\n\n"
        f"Residents of {town} welcomed the decision at a packed meeting in the town hall."
    )


def courier_docs(towns, source="Valley Courier"):
    return [make_doc(f"{source}-{town}", story(town) + "\n\n" + FOOTER, source=source) for town in towns]


def assert_cleaned(docs, min_docs, expected, windowed=False):
    """`expected`: (id, footer kept?, rules of the removals) of each document after cleaning."""
    with TestPipeline() as p:
        pcoll = p | beam.Create(docs)
        if windowed:  # towns before F in the first minute, the others in the next
            pcoll = (
                pcoll
                | beam.Map(lambda d: window.TimestampedValue(d, 0 if d.id.split("-")[1] < "F" else 60))
                | beam.WindowInto(window.FixedWindows(60))
            )
        cleaned = pcoll | Clean(pcoll | LearnSourceBoilerplate(min_docs))
        result = cleaned.docs | beam.Map(lambda d: (d.id, FOOTER in d.text, [r.rule for r in d.removed]))
        assert_that(result, equal_to(expected))


def test_paragraph_found_in_enough_documents_of_a_source_is_removed():
    docs = courier_docs(TOWNS[:5]) + courier_docs(["Hallam"], source="Other Post")
    expected = [(f"Valley Courier-{town}", False, [RULE_SOURCE_BOILERPLATE]) for town in TOWNS[:5]]
    assert_cleaned(docs, 5, expected + [("Other Post-Hallam", True, [])])


def test_paragraph_in_fewer_documents_than_the_threshold_stays():
    assert_cleaned(courier_docs(TOWNS[:4]), 5, [(f"Valley Courier-{t}", True, []) for t in TOWNS[:4]])


def test_learning_is_per_window():
    """Five copies in one window and two in the next: only the first window learns the footer."""
    expected = [
        (f"Valley Courier-{t}", t >= "F", [] if t >= "F" else [RULE_SOURCE_BOILERPLATE]) for t in TOWNS
    ]
    assert_cleaned(courier_docs(TOWNS), 5, expected, windowed=True)


def test_fingerprints_are_per_source_and_distinct():
    doc = make_doc("a", "Same line.\nSame line!\nOther line.", url="https://www.example.org/x")
    assert paragraph_fingerprints(doc) == sorted(
        [("example.org", fingerprint("Same line.")), ("example.org", fingerprint("Other line."))]
    )
    assert paragraph_fingerprints(make_doc("b", "No source here.")) == []


def test_min_docs_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        LearnSourceBoilerplate(0)


@pytest.mark.parametrize("min_docs, footer_kept", [(5, False), (0, True)])
def test_prepare_articles_learns_unless_turned_off(min_docs, footer_kept):
    raw = [
        Document(id=f"d{i}", source_uri=f"d{i}.txt", payload=b"", content_type="text",
                 content=story(town) + "\n\n" + FOOTER, source="Valley Courier")
        for i, town in enumerate(TOWNS[:5])
    ]
    with TestPipeline() as p:
        prepared = p | beam.Create(raw) | PrepareArticles(source_boilerplate_min_docs=min_docs)
        kept = prepared.docs | beam.Map(lambda d: FOOTER in d.text)
        assert_that(kept, equal_to([footer_kept] * 5))
