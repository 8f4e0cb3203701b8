"""`newsbeam report`: one self-contained HTML page whose numbers are the Parquet's, rendered in
headless Chromium (Debian's `chromium`; CI installs it, elsewhere the browser tests skip)."""

from __future__ import annotations

import collections
import html
import json
import os
import pathlib
import re
import shutil
import subprocess

import pyarrow.parquet as pq
import pytest

from pipeline import cli
from pipeline.manifest import MANIFEST, REPORT
from pipeline.report import render_report
from tests.sample_output import write_sample_output

TABLES = ("articles", "duplicates", "rejects")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# .ci/run installs chromium and sets this, so CI can never skip the browser tests.
REQUIRED = os.environ.get("NEWSBEAM_REQUIRE_CHROMIUM") == "1"
needs_chromium = pytest.mark.skipif(
    not pathlib.Path(CHROMIUM).is_file() and not REQUIRED,
    reason="needs Debian's chromium (apt-get install chromium) to render the report",
)


def chromium(page: pathlib.Path, profile: pathlib.Path, *mode: str) -> subprocess.CompletedProcess:
    """Headless Chromium on `page`, offline in all but name: no background fetches, no sync."""
    return subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            *mode, page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=True,
    )


def counts_in(dom: str) -> dict[str, int]:
    """The page's `data-count` cells: {key: number}."""
    found = re.findall(r"data-count=\"([^\"]+)\">([0-9]+)<", dom.replace("'", '"'))
    return {html.unescape(key): int(n) for key, n in found}


def write_manifest(output: pathlib.Path, counters: dict[str, int]) -> None:
    """The parts of a batch run's manifest the report reads: its id, counters and files."""
    files = {t: {"files": [{"path": f"{t}/part-00000-of-00001.parquet"}]} for t in TABLES}
    manifest = {"run_id": "r1", "counters": counters, "tables": files}
    (output / MANIFEST).write_text(json.dumps(manifest))


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[pathlib.Path, pathlib.Path]:
    """A sample output folder with a read count in its manifest, and its report written by
    `newsbeam report`."""
    output = write_sample_output(tmp_path_factory.mktemp("report") / "out")
    write_manifest(output, {"read/items": 5})
    assert cli.main(["report", str(output)]) == 0
    return output, output / REPORT


def test_the_report_fetches_nothing_and_is_the_same_each_time(report):
    output, page = report
    text = page.read_text()
    assert text.count("<svg") == 3  # languages, sources, word counts
    # Nothing to fetch: references stay inside the page (`#id`), no scripts, links or imports.
    assert not re.search(r"(src|href)\s*=\s*[\"'](?!#)|url\((?!#)|<link|<script|@import", text)
    assert render_report(str(output)) == text


@needs_chromium
def test_the_report_renders_in_chromium_with_the_parquet_numbers(report, tmp_path):
    output, page = report
    rendered = chromium(page, tmp_path / "profile", "--dump-dom")
    assert "CONSOLE" not in rendered.stderr  # no console message, let alone an error
    counts = counts_in(rendered.stdout)
    tables = {t: pq.read_table(output / t) for t in TABLES}
    assert counts["articles"] == tables["articles"].num_rows == 2
    assert counts["duplicates"] == tables["duplicates"].num_rows == 1
    assert counts["rejects"] == tables["rejects"].num_rows == 2
    assert counts["read"] == counts["written"] == 5
    assert "read = articles + duplicates + rejects: ok" in re.sub("<[^>]+>", "", rendered.stdout)
    languages = collections.Counter(tables["articles"]["language"].to_pylist())
    assert {k[10:]: n for k, n in counts.items() if k.startswith("languages:")} == languages
    rules = collections.Counter(
        removal["rule"]
        for table in ("articles", "duplicates")
        for removed in tables[table]["removed"].to_pylist()
        for removal in removed
    )
    assert {k[5:]: n for k, n in counts.items() if k.startswith("rule:")} == rules
    stages = collections.Counter(tables["rejects"]["stage"].to_pylist())
    assert {k[6:]: n for k, n in counts.items() if k.startswith("stage:")} == stages
    assert counts["cluster:story-1"] == 2
    assert "Harbour bridge reopens" in rendered.stdout
    assert "Bridge reopens (wire)" in rendered.stdout

    screenshot = tmp_path / "shot.png"
    chromium(page, tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1200,3000")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_dedupe_that_did_not_converge_is_flagged(tmp_path):
    output = write_sample_output(tmp_path / "out")
    write_manifest(output, {"read/items": 5, "dedupe/components_unsettled": 2})
    assert "dedupe did not converge on 2 components" in render_report(str(output))


def test_a_stream_output_without_a_manifest_is_reported_from_its_window_files(tmp_path):
    output = write_sample_output(tmp_path / "out", stream=True)
    page = tmp_path / "stream.html"
    assert cli.main(["report", str(output), "--output", str(page)]) == 0
    counts = counts_in(page.read_text())
    assert (counts["articles"], counts["duplicates"], counts["rejects"]) == (2, 1, 2)
    assert "read" not in counts and "no count of items read" in page.read_text()
