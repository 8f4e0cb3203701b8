"""Boilerplate learned per source: a paragraph found verbatim in many documents of one outlet or
feed (its donation appeal, its standard disclaimer, its "follow us" line) is that source's
boilerplate, whatever its wording.

`LearnSourceBoilerplate` counts, per source, in how many documents each paragraph occurs and
keeps the paragraphs found in at least `min_docs` of them. It only combines per key, so it works
in any windowing: in a streaming pipeline with fixed windows, boilerplate is learned per window.
"""

from __future__ import annotations

import apache_beam as beam

from schemas import Document
from transforms.clean import fingerprint, split_paragraphs

__all__ = ["DEFAULT_MIN_DOCS", "LearnSourceBoilerplate", "paragraph_fingerprints"]

# A stock sentence of a wire story can recur in two or three copies of one outlet's coverage;
# five documents sharing a paragraph word for word is an outlet's template.
DEFAULT_MIN_DOCS = 5


def paragraph_fingerprints(doc: Document) -> list[tuple[str, str]]:
    """(source, fingerprint) of each distinct paragraph of `doc`'s text; none without a source."""
    source = doc.source_key
    if source is None:
        return []
    return [(source, key) for key in sorted({fingerprint(p) for p in split_paragraphs(doc.text)})]


class LearnSourceBoilerplate(beam.PTransform):
    """Documents → (source, fingerprint) of the paragraphs found in at least `min_docs` of that
    source's documents; feed it to `Clean` as its side input."""

    def __init__(self, min_docs: int = DEFAULT_MIN_DOCS):
        super().__init__()
        if min_docs < 1:
            raise ValueError("min_docs must be at least 1")
        self._min_docs = min_docs

    def expand(self, docs):
        min_docs = self._min_docs
        return (
            docs
            | "Fingerprints" >> beam.FlatMap(paragraph_fingerprints)
            | "DocsPerParagraph" >> beam.combiners.Count.PerElement()
            | "Recurring" >> beam.Filter(lambda counted: counted[1] >= min_docs)
            | "SourceAndFingerprint" >> beam.Keys()
        )
