import random

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.components import ConnectedComponents


def reference_labels(edges):
    """Smallest node of each component, by plain graph search."""
    neighbours = {}
    for a, b in edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    labels = {}
    for start in sorted(neighbours):
        if start in labels:
            continue
        component, frontier = {start}, [start]
        while frontier:
            for nxt in neighbours[frontier.pop()] - component:
                component.add(nxt)
                frontier.append(nxt)
        labels.update((node, min(component)) for node in component)
    return labels


def run_components(edges, rounds=8):
    pipeline = TestPipeline()
    labels = pipeline | beam.Create(edges) | ConnectedComponents(rounds)
    assert_that(labels, equal_to(sorted(reference_labels(edges).items())))
    result = pipeline.run()
    result.wait_until_finish()
    unsettled = result.metrics().query(MetricsFilter().with_name("components_unsettled"))["counters"]
    return sum(c.committed for c in unsettled)


def test_random_sparse_graph_matches_a_plain_search():
    rng = random.Random(3)
    nodes = [f"n{i:03d}" for i in range(300)]
    edges = [tuple(rng.sample(nodes, 2)) for _ in range(200)]
    assert run_components(edges) == 0


def test_labels_do_not_depend_on_edge_order_or_direction():
    edges = [("c", "b"), ("b", "a"), ("x", "y"), ("d", "c")]
    assert run_components(edges) == 0
    assert run_components([(b, a) for a, b in reversed(edges)]) == 0


def test_long_chain_is_labelled_and_too_few_rounds_are_counted():
    chain = [(f"v{i:02d}", f"v{i + 1:02d}") for i in range(16)]
    random.Random(5).shuffle(chain)
    assert run_components(chain, rounds=8) == 0
    pipeline = TestPipeline()
    pipeline | beam.Create(chain) | ConnectedComponents(rounds=1)
    result = pipeline.run()
    result.wait_until_finish()
    unsettled = result.metrics().query(MetricsFilter().with_name("components_unsettled"))["counters"]
    assert sum(c.committed for c in unsettled) > 0
