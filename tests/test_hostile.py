"""Hostile inputs, generated here (never checked in) and read by one run of the batch pipeline:
each lands as a correct article or in rejects with a clear reason, every item read is accounted
for, no XML entity is expanded and no local file is read."""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import random
import subprocess
import sys

import pytest

from pipeline.summary import RunSummary
from tests.support import REPO, read_table
from transforms.formats.feed import LINK_ONLY
from tests.test_read_formats import http_response, warc_file

MiB = 1024 * 1024
STORIES = {
    "nested": "Engineers reopened the old railway bridge over the river after two years of repairs, "
    "and the first freight train crossed it at dawn on Friday.",
    "laughs": "The city council voted to extend library opening hours into the evening, citing "
    "strong demand from students preparing for the spring examinations.",
    "xxe": "Farmers in the valley reported the largest apple harvest in a decade, although prices "
    "at the regional market fell sharply as supply outpaced demand.",
    "jsonl": "A new ferry service will link the two islands every morning from June, the transport "
    "ministry said, cutting the journey time to under an hour.",
    "utf16": "Scientists at the observatory photographed a comet passing close to the sun, which "
    "will be visible to the naked eye for several nights next week.",
    "nul": "The central bank kept interest rates unchanged for a fourth meeting, saying inflation "
    "had slowed but remained above its target for the year.",
    "name": "Zürich's tram operator ordered forty new vehicles from a Swiss manufacturer, to be "
    "delivered over five years and replace the oldest cars in the fleet.",
    "warc": "Volunteers planted ten thousand trees along the motorway verge over the weekend, "
    "part of a project to reduce noise and absorb exhaust fumes.",
}
JAPANESE = (
    "気象庁によると、台風十号は今夜遅くに九州南部に上陸する見込みです。"
    "各地で大雨や暴風への厳重な警戒が呼びかけられており、"
    "鉄道各社は明日の始発から運転を見合わせると発表しました。"
)
LINK_ONLY_ITEMS = 5_000
LOL = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
)  # lol9 expands to 10^9 "lol"


def page(text: str) -> str:
    return f"<html><head><title>News</title></head><body><article><p>{text}</p></article></body></html>"


def rss(items: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>Hostile</title>'
        f"{items}</channel></rss>"
    )


def item(n: int, description: str) -> str:
    return (
        f"<item><title>Item {n}</title><link>https://news.example/{n}</link>"
        f"<description>{description}</description></item>"
    )


def gzip_bomb(path: pathlib.Path, size: int) -> None:
    """`size` bytes of spaces as a gzip file of about size/1000 bytes, written a member at a
    time: a multi-member gzip inflates to the concatenation of its members."""
    member = gzip.compress(b" " * MiB)
    with path.open("wb") as out:
        for _ in range(size // MiB):
            out.write(member)


def write_hostile_inputs(folder: pathlib.Path, secret: pathlib.Path) -> None:
    (folder / "page-30mb.html").write_bytes(
        b"<html><body><p>" + b"padding " * (30 * MiB // 8) + b"</p></body></html>"
    )
    (folder / "nested-divs.html").write_text(
        "<html><body>" + "<div>" * 200_000 + f"<p>{STORIES['nested']}</p>" + "</div>" * 200_000
        + "</body></html>"
    )
    (folder / "noise.html").write_bytes(random.Random(0).randbytes(40_000))
    gzip_bomb(folder / "bomb.txt.gz", 2048 * MiB)
    (folder / "laughs.rss").write_text(
        rss(
            item(1, "&lol9;") + item(2, STORIES["laughs"]),
            f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{LOL}]>',
        )
    )
    (folder / "xxe.rss").write_text(
        rss(
            item(1, f"{STORIES['xxe']} &passwd; &secret;"),
            '<!DOCTYPE rss [<!ENTITY passwd SYSTEM "file:///etc/passwd">'
            f'<!ENTITY secret SYSTEM "{secret.as_uri()}">]>',
        )
    )
    lines = [
        "[1, 2]",
        '"a string"',
        "null",
        '{"text": 5}',
        '{"html": ["<p>x</p>"]}',
        '{"text": {"nested": true}}',
        json.dumps({"id": [1], "url": {"u": 1}, "text": STORIES["jsonl"], "title": ["t"],
                    "authors": {"a": 1}, "published": [2024], "source": True}),
        '{"text": "half a surrogate pair \\ud800 in a line of text that is long enough to count"}',
        "[" * 100_000 + "]" * 100_000,
    ]
    (folder / "weird.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "utf16-bom.txt").write_bytes(STORIES["utf16"].encode("utf-16"))
    (folder / "nul-bytes.txt").write_bytes(STORIES["nul"].encode().replace(b" ", b" \x00"))
    shift_jis = (
        '<html><head><meta charset="Shift_JIS"><title>台風</title></head>'
        f"<body><p>{JAPANESE}</p></body></html>"
    )
    (folder / "shift_jis.html").write_bytes(shift_jis.encode("shift_jis"))
    (folder / "Nachrichten über Zürich.txt").write_text(STORIES["name"])
    warc = warc_file(
        [
            http_response("https://news.example/trees", page(STORIES["warc"]).encode(), "text/html"),
            http_response("https://news.example/cut", page("cut " * 2000).encode(), "text/html"),
        ],
        compress=True,
    )
    (folder / "cut.warc.gz").write_bytes(warc[: len(warc) - 200])
    links = "".join(
        f"<item><title>T{n}</title><link>https://news.example/l/{n}</link></item>"
        for n in range(LINK_ONLY_ITEMS)
    )
    (folder / "links.rss").write_text(rss(links))
    (folder / "empty.txt.gz").write_bytes(b"")
    (folder / "x.html").mkdir()


# Runs the pipeline as tests.support does, in a child process of its own so that its peak memory
# is measured alone; prints the run's counters.
RUN_AND_PRINT_COUNTERS = """
import json, pathlib, sys
from tests.support import run_pipeline
summary = run_pipeline(pathlib.Path(sys.argv[1]), *sys.argv[2:])
print(json.dumps([[*key, value] for key, value in summary.counters.items()]))
"""


def run_measured(output: pathlib.Path, *args: str) -> tuple[RunSummary, int]:
    """The summary of a pipeline run in a child process, and the child's peak memory in bytes."""
    child = subprocess.Popen(
        [sys.executable, "-c", RUN_AND_PRINT_COUNTERS, str(output), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
    )
    printed = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage, unlike RUSAGE_CHILDREN
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0
    rows = json.loads(printed.splitlines()[-1])
    counters = {(namespace, name): value for namespace, name, value in rows}
    return RunSummary(counters), usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    inputs, out = root / "in", root / "out"
    inputs.mkdir()
    secret = root / "secret.txt"
    secret.write_text("TOKEN-never-to-be-read")
    write_hostile_inputs(inputs, secret)
    summary, peak_memory = run_measured(out, "--input", str(inputs / "*"), "--extraction", "trafilatura")
    tables = {table: read_table(out, table) for table in ("articles", "duplicates", "rejects")}
    return summary, tables, peak_memory


def by_file(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        name = pathlib.PurePath(row["source_uri"].split("#")[0]).name
        grouped.setdefault(name, []).append(row)
    return grouped


def test_every_item_lands_once(hostile_run):
    summary, tables, _ = hostile_run
    assert summary.balanced
    assert summary.read == sum(len(rows) for rows in tables.values())
    assert tables["duplicates"] == []
    # A directory is no input file, whatever its name: not read, and the run goes on.
    assert "x.html" not in by_file([row for rows in tables.values() for row in rows])


def test_hostile_files_become_correct_articles(hostile_run):
    _, tables, _ = hostile_run
    articles = by_file(tables["articles"])
    texts = {name: [row["text"] for row in rows] for name, rows in articles.items()}
    assert texts["nested-divs.html"] == [STORIES["nested"]]
    assert texts["laughs.rss"] == [STORIES["laughs"]]
    assert texts["utf16-bom.txt"] == [STORIES["utf16"]]
    assert texts["nul-bytes.txt"] == [STORIES["nul"]]
    assert texts["Nachrichten über Zürich.txt"] == [STORIES["name"]]
    assert texts["cut.warc.gz"] == [STORIES["warc"]]
    (japanese,) = articles["shift_jis.html"]
    assert JAPANESE in japanese["text"] and japanese["language"] == "ja"
    (xxe,) = texts["xxe.rss"]
    assert xxe.startswith(STORIES["xxe"])
    jsonl = sorted(texts["weird.jsonl"])
    assert jsonl[0] == STORIES["jsonl"]
    assert jsonl[1].startswith("half a surrogate pair \ufffd in a line")
    (odd_fields,) = [row for row in articles["weird.jsonl"] if row["text"] == STORIES["jsonl"]]
    assert odd_fields["authors"] == [] and odd_fields["published_at"] is None


def test_hostile_files_are_rejected_with_a_clear_reason(hostile_run):
    _, tables, _ = hostile_run
    rejects = by_file(tables["rejects"])
    errors = {name: sorted(row["error"] for row in rows) for name, rows in rejects.items()}
    (large,) = errors.pop("page-30mb.html")
    assert large.startswith("item too large: more than 8388608 bytes")
    (bomb,) = errors.pop("bomb.txt.gz")
    assert bomb.startswith(
        "item too large: more than 8388608 bytes exceeds the limit of 8388608 bytes "
        "(raise it with --max_item_bytes)"
    )
    (noise,) = errors.pop("noise.html")
    assert noise.startswith("binary data, not text: ")
    (laughs,) = errors.pop("laughs.rss")
    assert "too short: 1 word" in laughs
    assert errors.pop("weird.jsonl") == sorted(
        [
            "line 1 is an array, not a JSON object",
            "line 2 is a string, not a JSON object",
            "line 3 is null, not a JSON object",
            *[
                f"line {n} has neither a non-empty 'html' nor a non-empty 'text' field"
                for n in (4, 5, 6)
            ],
            "line 9 is not JSON: maximum recursion depth exceeded while decoding a JSON array from "
            "a unicode string",
        ]
    )
    (cut,) = errors.pop("cut.warc.gz")
    assert cut.startswith("WARC ")
    links = errors.pop("links.rss")
    assert links == [LINK_ONLY] * LINK_ONLY_ITEMS
    assert errors.pop("empty.txt.gz") == ["empty file"]
    assert errors == {}, "every other file is an article"


def test_no_entity_is_expanded_and_no_local_file_read(hostile_run):
    _, tables, _ = hostile_run
    written = json.dumps(tables, default=str)
    assert "lollol" not in written
    assert "TOKEN-never-to-be-read" not in written
    assert "root:x:0" not in written


def test_the_run_stays_within_a_gigabyte(hostile_run):
    _, _, peak_memory = hostile_run
    assert peak_memory < 1024 * MiB
