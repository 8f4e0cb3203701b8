"""The batch pipeline end to end: reruns, worker counts and input order give identical files;
broken inputs of every format land in rejects and the run still finishes and balances."""

import gzip
import io
import json
import shutil
import subprocess
import sys

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support import REPO, SEEDS, read_table, run_pipeline
from transforms.write import part_file_name

ARTICLE = (
    "The port authority said on Monday that container traffic rose for a third month in a row.\n"
    "Shipping lines added routes to Asia as demand for consumer goods recovered after the holidays.\n"
    "Analysts expect the growth to slow later in the year as new tariffs take effect."
)
TABLES = ("articles", "duplicates", "rejects")


def table_bytes(output):
    return {
        (table, path.name): path.read_bytes()
        for table in TABLES
        for path in sorted((output / table).glob("part-*.parquet"))
    }


def test_reruns_workers_and_input_order_give_identical_files(tmp_path):
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    first = tmp_path / "first"
    run_pipeline(first, *(arg for s in seeds for arg in ("--input", s)))
    again = tmp_path / "again"
    run_pipeline(again, *(arg for s in reversed(seeds) for arg in ("--input", s)))
    parallel = tmp_path / "parallel"
    run_pipeline(
        parallel, "--input", str(SEEDS / "*.txt"),
        "--direct_num_workers=2", "--direct_running_mode=multi_processing",
    )
    assert len(table_bytes(first)) == 3
    assert table_bytes(first) == table_bytes(again) == table_bytes(parallel)


def test_rows_are_sharded_by_id(tmp_path):
    summary = run_pipeline(tmp_path, "--input", str(SEEDS / "*.txt"), "--num_shards", "4")
    names = sorted(p.name for p in (tmp_path / "articles").iterdir())
    assert names == [part_file_name(shard, 4) for shard in range(4)]
    assert len(read_table(tmp_path, "articles")) == summary.articles == 4


def test_previous_outputs_are_replaced(tmp_path):
    run_pipeline(tmp_path, "--input", str(SEEDS / "*.txt"), "--num_shards", "3")
    run_pipeline(tmp_path, "--input", str(SEEDS / "*.txt"))
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == [part_file_name(0, 1)]


def warc_with(records):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for url, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


@pytest.fixture
def mixed_inputs(tmp_path):
    """Good items of every format and one broken input of each kind."""
    folder = tmp_path / "in"
    folder.mkdir()
    page = f"<html><head><title>Port traffic rises</title></head><body><article>{''.join(f'<p>{line}</p>' for line in ARTICLE.splitlines())}</article></body></html>"
    files = {
        "good.txt": ARTICLE.encode(),
        "good.html.gz": gzip.compress(page.encode()),
        "good.jsonl": (json.dumps({"url": "https://news.example/port", "text": ARTICLE.replace("port", "harbour"), "id": "j1"}) + "\nnot json\n").encode(),
        "good.rss": """<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>
            <item><title>Rail strike ends</title><link>https://news.example/rail</link><guid>rail-1</guid>
            <description>Rail workers returned to work on Tuesday after a two-week strike over pay and conditions ended.</description></item>
            </channel></rss>""".encode(),
        "good.warc": warc_with([
            ("https://news.example/page", "text/html", page.replace("container", "grain").encode()),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n"),
        ]),
        "truncated.txt.gz": gzip.compress(ARTICLE.encode())[:-12],
        "invalid-utf8.txt": "Les dockers ont repris le travail lundi après une grève de deux semaines au port.".encode("cp1252") + b"\xff\xfe",
        "malformed.xml": b"<rss><channel><item><title>Broken",
        "empty.jsonl": b"",
        "huge.txt": b"word " * (4 * 1024 * 1024),
        "notes.pdf": b"%PDF-1.4",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_broken_inputs_land_in_rejects_and_the_run_balances(tmp_path, mixed_inputs):
    output = tmp_path / "out"
    summary = run_pipeline(output, "--input", str(mixed_inputs / "*"))
    rejects = {row["source_uri"].split("/")[-1]: row for row in read_table(output, "rejects")}
    assert set(rejects) == {
        "good.jsonl#line=2", "good.warc#offset=" + rejects_offset(rejects), "truncated.txt.gz",
        "malformed.xml", "empty.jsonl", "huge.txt", "notes.pdf",
    }
    assert "not JSON" in rejects["good.jsonl#line=2"]["error"]
    assert "not HTML" in rejects["good.warc#offset=" + rejects_offset(rejects)]["error"]
    assert rejects["empty.jsonl"]["error"] == "empty file"
    assert "too large" in rejects["huge.txt"]["error"]
    assert "unsupported input format" in rejects["notes.pdf"]["error"]
    assert {row["stage"] for row in rejects.values()} == {"read"}
    articles = read_table(output, "articles") + read_table(output, "duplicates")
    assert len(articles) == 6  # txt, html, jsonl line 1, rss item, warc page, cp1252 text
    french = next(row for row in articles if row["source_uri"].endswith("invalid-utf8.txt"))
    assert french["language"] == "fr" and "grève" in french["text"]
    assert summary.read == 13
    assert summary.balanced


def rejects_offset(rejects):
    (name,) = [name for name in rejects if name.startswith("good.warc#offset=")]
    return name.split("=")[1]


def test_command_line_reports_unmatched_input(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(tmp_path / "nothing-*.txt"), "--output", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert result.returncode == 2
    assert "no files match --input" in result.stderr


def test_command_line_prints_the_summary(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--output", "out"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "semi_persistent_directory" not in result.stderr  # every core's worker starts quietly
    assert "articles written                   4" in result.stdout
    assert "read = articles+dups+rejects      ok" in result.stdout
    assert (tmp_path / "out" / "articles" / part_file_name(0, 1)).exists()


def test_language_filter_rejects_the_other_languages(tmp_path):
    summary = run_pipeline(tmp_path, "--input", str(SEEDS / "*.txt"), "--languages", "fr,de")
    rejects = read_table(tmp_path, "rejects")
    assert {(row["stage"], row["error"].split(" (")[0]) for row in rejects} == {
        ("language", "LanguageNotWanted: language en")
    }
    assert len(rejects) == summary.read == 5
    assert summary.balanced
