"""Connected components of a graph given as a PCollection of edges, computed across workers.

Hash-to-Min (Chitnis et al., "Finding connected components in map-reduce in logarithmic
rounds", 2013): every node keeps a set of nodes it knows to be in its component; each round it
sends that set to the smallest node in it, and that smallest node to every node in it. The
smallest node of a component ends up holding the whole component and every node learns it, in
about 2·log2(diameter) rounds. No worker ever holds more than one component, and the label
(the component's smallest node) does not depend on the order of the edges.

The rounds are unrolled when the pipeline is built; `rounds` bounds the diameter handled
(2**(rounds/2)). Nodes still learning after the last round are counted in the
`newsbeam.dedupe` counter `components_unsettled`, which must stay 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import apache_beam as beam
from apache_beam.metrics import Metrics

__all__ = ["ConnectedComponents"]


Known = tuple[str, ...]  # the nodes a node knows to share its component, sorted


def _both_ends(first: str, second: str) -> Iterator[tuple[str, Known]]:
    pair = tuple(sorted((first, second)))
    yield first, pair
    yield second, pair


def _union(node: str, received: Iterable[Known]) -> tuple[str, Known]:
    return node, tuple(sorted({node}.union(*received)))


def _hash_to_min(node: str, known: Known) -> Iterator[tuple[str, Known]]:
    smallest = known[0]
    yield smallest, known
    for member in known[1:]:
        yield member, (smallest,)


class _Label(beam.DoFn):
    def __init__(self):
        super().__init__()
        self._unsettled = Metrics.counter("newsbeam.dedupe", "components_unsettled")

    def process(self, element):
        node, known = element
        label = known[0]
        # Settled: the label holds the whole component, every other node knows only the label.
        if node != label and known != (label, node):
            self._unsettled.inc()
        yield node, label


class ConnectedComponents(beam.PTransform):
    """(a, b) edges → (node, component label) for every node that has an edge."""

    def __init__(self, rounds: int = 8):
        super().__init__()
        self._rounds = rounds

    def expand(self, edges):
        sets = (
            edges
            | "BothEnds" >> beam.FlatMapTuple(_both_ends)
            | "GroupNeighbours" >> beam.GroupByKey()
            | "Neighbourhood" >> beam.MapTuple(_union)
        )
        for round_number in range(self._rounds):
            sets = (
                sets
                | f"HashToMin{round_number}" >> beam.FlatMapTuple(_hash_to_min)
                | f"Gather{round_number}" >> beam.GroupByKey()
                | f"Union{round_number}" >> beam.MapTuple(_union)
            )
        return sets | "Label" >> beam.ParDo(_Label())
