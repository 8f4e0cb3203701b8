"""The dead-letter pattern every stage shares: a DoFn that applies a stage's function to each
document and turns any failure into a `Reject`, so one bad item never stops a run."""

from __future__ import annotations

from typing import NamedTuple

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.metrics import Metrics

from schemas import Document, Reject
from transforms.tags import DOCS, REJECTS


class StageFn(beam.DoFn):
    """Base DoFn of a stage: subclasses name the `stage` and implement `apply`.

    Counts `docs` and `rejects` under the metrics namespace `newsbeam.<stage>`; `count` adds
    stage-specific counters to the same namespace.
    """

    stage = "stage"

    def count(self, name: str, n: int = 1) -> None:
        Metrics.counter(f"newsbeam.{self.stage}", name).inc(n)

    def apply(self, doc: Document, *side_inputs) -> Document:
        raise NotImplementedError

    def process(self, doc: Document, *side_inputs):
        try:
            result = self.apply(doc, *side_inputs)
        except Exception as error:  # noqa: BLE001 - any failure of one item becomes its reject
            self.count("rejects")
            yield pvalue.TaggedOutput(REJECTS, Reject.of(doc, self.stage, _describe(error)))
            return
        self.count("docs")
        yield result


class StageOutput(NamedTuple):
    """What a stage transform returns: `docs, rejects = pcoll | Stage()` or `.docs`/`.rejects`."""

    docs: beam.PCollection
    rejects: beam.PCollection


def run_stage(pcoll, label: str, fn: StageFn, *side_inputs) -> StageOutput:
    outputs = pcoll | label >> beam.ParDo(fn, *side_inputs).with_outputs(REJECTS, main=DOCS)
    return StageOutput(outputs[DOCS], outputs[REJECTS])


def _describe(error: Exception) -> str:
    message = str(error) or "no message"
    return f"{type(error).__name__}: {message}"
