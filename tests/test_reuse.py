"""Another team's pipeline, built from `transforms` imports only, and the README's example."""

import json
import re

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from tests.support import REPO
from transforms import Clean, Deduplicate, DetectLanguage, Extract, ReadNews

STORY = [
    "Le conseil municipal a approuvé mardi un plan pour doubler le nombre de bus électriques d'ici 2030.",
    "Le maire a déclaré que l'investissement de 40 millions d'euros serait financé par un fonds régional.",
    "Les élus de l'opposition ont critiqué le projet, estimant qu'il oubliait les quartiers du nord.",
]


def test_stages_compose_in_a_users_own_pipeline(tmp_path):
    records = [
        {"id": "a", "url": "https://example.fr/bus", "title": "Plus de bus", "text": "\n".join(STORY)},
        {"id": "b", "url": "https://example.fr/bus?utm_source=feed", "text": "\n".join(STORY[:2])},
        {"id": "c", "url": "https://example.fr/vide", "text": "Photo: AFP"},
    ]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    with TestPipeline() as pipeline:
        docs, read_rejects = pipeline | ReadNews([str(tmp_path / "*.jsonl")])
        extracted, _ = docs | Extract()
        cleaned, clean_rejects = extracted | Clean()
        detected, _ = cleaned | DetectLanguage()
        articles, duplicates = detected | Deduplicate()
        assert_that(
            articles | beam.Map(lambda d: (d.item_id, d.title, d.language, d.cluster_size)),
            equal_to([("a", "Plus de bus", "fr", 2)]),
            label="Articles",
        )
        assert_that(duplicates | beam.Map(lambda d: (d.item_id, d.duplicate_of == d.id)), equal_to([("b", False)]), label="Duplicates")
        assert_that(clean_rejects | beam.Map(lambda r: (r.stage, r.url)), equal_to([("clean", "https://example.fr/vide")]), label="Rejects")
        assert_that(read_rejects, equal_to([]), label="NoReadRejects")


def test_readme_example_runs(tmp_path, monkeypatch):
    readme = (REPO / "README.md").read_text()
    example = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.jsonl").write_text(json.dumps({"url": "https://a.example/1", "text": "\n".join(STORY)}))
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    (row,) = pq.read_table(tmp_path / "out" / "articles").to_pylist()
    assert row["language"] == "fr"
