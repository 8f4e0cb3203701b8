"""`OUT/manifest.json` and publishing: a batch run writes under a staging prefix and its last
step moves the files into place and writes the manifest, whose row counts are the files'."""

from __future__ import annotations

import contextlib
import io
import json
import pathlib

import pyarrow.parquet as pq
import pytest

import transforms.write
from pipeline import cli
from pipeline.manifest import MANIFEST, REPORT, schema_version
from pipeline.outputs import read_output_table
from pipeline.publish import publish, staging_prefix
from tests.sample_output import write_sample_output
from tests.support import FIXED_INSTANT, SEEDS, run_pipeline
from transforms.write import TABLES

RUN = ["--input", f"{SEEDS}/*", "--ingested_at", FIXED_INSTANT, "--extraction", "trafilatura"]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[pathlib.Path, int, str]:
    """`newsbeam run` on the seeds: its output folder, exit code and printed summary."""
    output = tmp_path_factory.mktemp("run") / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = cli.main(["run", *RUN, "--output", str(output)])
    return output, code, printed.getvalue()


def manifest_of(output: pathlib.Path) -> dict:
    return json.loads((output / MANIFEST).read_text())


def test_the_summary_prints_where_the_manifest_and_report_are(run):
    output, code, printed = run
    assert code == 0
    assert f"manifest                    {output / MANIFEST}" in printed
    assert f"report                      {output / REPORT}" in printed
    assert (output / REPORT).is_file()


def test_the_manifest_lists_every_file_with_its_row_count(run):
    output, _, _ = run
    manifest = manifest_of(output)
    for table in TABLES:
        entry = manifest["tables"][table.name]
        listed = {f["path"] for f in entry["files"]}
        on_disk = {f"{table.name}/{p.name}" for p in (output / table.name).glob("*.parquet")}
        assert listed == on_disk
        for file in entry["files"]:
            assert file["rows"] == pq.read_metadata(output / file["path"]).num_rows
        assert entry["rows"] == pq.read_table(output / table.name).num_rows
        assert entry["schema_version"] == schema_version(table.schema)
    counters = manifest["counters"]
    tables = manifest["tables"]
    assert counters["read/items"] == sum(tables[t.name]["rows"] for t in TABLES) == 5
    assert tables["duplicates"]["rows"] == counters["write/duplicates"] == 1


def test_the_manifest_records_the_run(run):
    output, _, _ = run
    manifest = manifest_of(output)
    assert manifest["newsbeam_version"] == "0.1.0"
    assert manifest["inputs"]["patterns"] == [f"{SEEDS}/*"]
    assert manifest["inputs"]["files"] == sorted(str(p) for p in SEEDS.iterdir())
    assert manifest["options"]["newsbeam"]["extraction"] == "trafilatura"
    assert manifest["options"]["newsbeam"]["num_shards"] == 1
    assert manifest["started_at"] <= manifest["finished_at"]
    assert not (output / ".runs").exists()  # the staging prefix is gone once published


def test_a_failed_run_leaves_the_previous_output_whole(run, monkeypatch):
    output, _, _ = run
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}

    def fail(self, element, *side_inputs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(transforms.write._WriteShard, "process", fail)
    with pytest.raises(Exception, match="disk full"):
        run_pipeline(output, *RUN[:2], "--extraction", "trafilatura")
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file() and ".runs" not in p.parts}
    assert after == before


def test_publishing_replaces_the_previous_run_whole_and_can_be_retried(tmp_path):
    output = tmp_path / "out"
    for table in TABLES:  # a previous run with two shards per table, a manifest and a report
        (output / table.name).mkdir(parents=True)
        for shard in (0, 1):
            (output / table.name / f"part-0000{shard}-of-00002.parquet").write_bytes(b"old")
    (output / MANIFEST).write_text("{}")
    (output / REPORT).write_text("old report")
    launch = {"run_id": "r1", "inputs": {"patterns": ["in/*"]}, "started_at": "t"}
    staging = pathlib.Path(staging_prefix(str(output), "r1"))
    write_sample_output(staging)
    staged = sorted(str(p) for p in staging.rglob("*.parquet"))

    manifest = publish(staged, str(output), launch, ["in/b", "in/a"])
    assert publish(staged, str(output), launch, ["in/b", "in/a"]) == {
        **manifest, "finished_at": manifest_of(output)["finished_at"]
    }  # a retried step finds its files in place
    for table in TABLES:
        assert [p.name for p in (output / table.name).iterdir()] == ["part-00000-of-00001.parquet"]
    assert {t: manifest["tables"][t]["rows"] for t in manifest["tables"]} == {
        "articles": 2, "duplicates": 1, "rejects": 2
    }
    assert manifest["inputs"]["files"] == ["in/a", "in/b"]
    assert not (output / REPORT).exists() and not (output / ".runs").exists()


def test_readers_take_the_files_the_manifest_lists_and_nothing_beside_them(tmp_path):
    output = tmp_path / "out"
    staging = write_sample_output(pathlib.Path(staging_prefix(str(output), "r1")))
    launch = {"run_id": "r1", "inputs": {"patterns": []}, "started_at": "t"}
    publish(sorted(str(p) for p in staging.rglob("*.parquet")), str(output), launch, [])
    stray = output / "articles" / "part-00001-of-00002.parquet"  # a file of another run
    stray.write_bytes((output / "articles" / "part-00000-of-00001.parquet").read_bytes())
    assert read_output_table(str(output), "articles").num_rows == 2
    (output / MANIFEST).unlink()  # without a manifest (a stream's output) every file counts
    assert read_output_table(str(output), "articles").num_rows == 4
