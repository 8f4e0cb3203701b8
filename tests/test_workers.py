"""Every core by default on local runs, and the same bytes whatever the number of workers."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipeline.options import every_core
from tests.support import CORPUS, SEEDS, run_pipeline

TABLES = ("articles", "duplicates", "rejects")
STORY = (
    "The harbour authority said on Monday that container traffic rose for a third month in a row.",
    "Shipping lines added routes to Asia as demand for consumer goods recovered after the holidays.",
    "Analysts expect the growth to slow later in the year as new tariffs take effect in the spring.",
)


def page(title: str, paragraphs) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in paragraphs)
    nav = "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    return f"<html><head><title>{title}</title></head><body>{nav}<article><h1>{title}</h1>{body}</article></body></html>".encode()


@pytest.fixture
def inputs(tmp_path):
    """The seeds, pages (one a copy of another), JSONL records, items every stage rejects, and six
    real pages when the shared corpus is beside the repo."""
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "port.html").write_bytes(page("Port traffic rises", STORY))
    (folder / "port-copy.html.gz").write_bytes(gzip.compress(page("Port traffic rises again", STORY)))
    (folder / "empty-page.html").write_bytes(b"<html><body><nav>Home</nav></body></html>")
    records = [
        {"id": "r1", "url": "https://news.example/rail", "text": " ".join(STORY).replace("harbour", "rail")},
        {"id": "r2", "url": "https://news.example/short", "text": "Too short."},
    ]
    lines = [json.dumps(record) for record in records] + ["not json"]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    if (CORPUS / "wcxb-dev" / "html").is_dir():
        for path in sorted((CORPUS / "wcxb-dev" / "html").glob("*.html.gz"))[:6]:
            shutil.copy(path, folder / path.name)
    return folder


def table_bytes(output):
    return {
        (table, path.name): path.read_bytes()
        for table in TABLES
        for path in sorted((output / table).iterdir())
    }


def test_one_and_two_worker_processes_write_the_same_bytes(tmp_path, inputs):
    one, two = tmp_path / "one", tmp_path / "two"
    single = run_pipeline(one, "--input", str(inputs / "*"), "--direct_num_workers=1")
    multi = run_pipeline(
        two, "--input", str(inputs / "*"), "--direct_num_workers=2", "--direct_running_mode=multi_processing"
    )
    assert single.counters == multi.counters
    assert single.articles and single.duplicates and single.rejects >= 4
    assert single.balanced
    assert table_bytes(one) == table_bytes(two)


def test_a_local_run_uses_every_core_unless_told_otherwise():
    options = PipelineOptions(every_core(["--input", "x"], cores=4))
    assert options.view_as(StandardOptions).runner == "FnApiRunner"
    assert options.view_as(DirectOptions).direct_running_mode == "multi_processing"
    assert options.view_as(DirectOptions).direct_num_workers == 4
    for local in ("--runner=DirectRunner", "--runner=FnApiRunner"):
        assert every_core([local], cores=4)[-1] == "--direct_num_workers=4"
    for told in (
        ["--direct_num_workers=1"],
        ["--direct_running_mode", "in_memory"],
        ["--runner=DataflowRunner", "--project=p"],
        ["--runner", "FlinkRunner"],
    ):
        assert every_core(told, cores=4) == told
    assert every_core([], cores=1) == []
