"""ReadNews in a pipeline: files of several formats in, Documents and Rejects out, and counters
that count every item exactly once."""

from __future__ import annotations

import gzip
import io
import pathlib

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from schemas import Document, Reject
from transforms.read import ReadNews

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>w1</guid><description>&lt;p&gt;One&lt;/p&gt;</description></item>
<item><guid>w2</guid><description>Two</description></item>
<item><guid>w3</guid><title>No content</title></item></channel></rss>"""


def crawl(*responses: tuple[str, str, bytes]) -> bytes:
    """A gzipped WARC holding one response record per (url, content type, body)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, content_type, body in responses:
        status = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", io.BytesIO(body), http_headers=status)
        writer.write_record(record)
    return out.getvalue()


def write_inputs(folder: pathlib.Path) -> None:
    (folder / "story.txt").write_text("A plain text story.", encoding="utf-8")
    (folder / "page.html.gz").write_bytes(gzip.compress(b"<html><body><p>Page</p></body></html>"))
    (folder / "items.jsonl").write_bytes(
        b'{"id": "j1", "text": "First item"}\nnot json\n{"html": "<p>Third</p>"}\n'
    )
    (folder / "wire.rss").write_text(RSS, encoding="utf-8")
    (folder / "crawl.warc.gz").write_bytes(
        crawl(
            ("https://news.example/a", "text/html", b"<html><body>A</body></html>"),
            ("https://news.example/b", "text/html; charset=utf-8", b"<p>B</p>"),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
        )
    )
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7")


def located(item: Document | Reject) -> tuple[str, str]:
    """(file name with the item's fragment, content_type or error) without the temp folder."""
    name = pathlib.PurePath(item.source_uri).name
    outcome = item.content_type if isinstance(item, Document) else item.error
    return name.split("#offset=")[0], outcome


def counter(result, name: str) -> int:
    query = MetricsFilter().with_namespace("newsbeam.read").with_name(name)
    return sum(metric.committed for metric in result.metrics().query(query)["counters"])


def test_read_news_routes_documents_and_rejects(tmp_path):
    write_inputs(tmp_path)
    pipeline = TestPipeline()
    # story.txt matches both patterns and must still be read once.
    docs, rejects = pipeline | ReadNews([str(tmp_path / "*.*"), str(tmp_path / "*.txt")])
    assert_that(
        docs | "LocateDocs" >> beam.Map(located),
        equal_to(
            [
                ("story.txt", "text"),
                ("page.html.gz", "html"),
                ("items.jsonl#line=1", "text"),
                ("items.jsonl#line=3", "html"),
                ("wire.rss#item=1", "html-fragment"),
                ("wire.rss#item=2", "html-fragment"),
                ("crawl.warc.gz", "html"),
                ("crawl.warc.gz", "html"),
            ]
        ),
        label="Documents",
    )
    assert_that(
        rejects | "LocateRejects" >> beam.Map(located),
        equal_to(
            [
                (
                    "items.jsonl#line=2",
                    "line 2 is not JSON: Expecting value: line 1 column 1 (char 0)",
                ),
                (
                    "wire.rss#item=3",
                    "feed item carries no content, only a link (--fetch_links fetches linked pages)",
                ),
                ("crawl.warc.gz", "WARC response is not HTML (Content-Type: image/png)"),
                (
                    "scan.pdf",
                    "unsupported input format '.pdf' (expected .txt, .html, .htm, .jsonl, "
                    ".ndjson, .xml, .rss, .atom, .warc, optionally + .gz)",
                ),
            ]
        ),
        label="Rejects",
    )
    result = pipeline.run()
    result.wait_until_finish()

    assert counter(result, "files") == 6
    assert counter(result, "items") == 12
    assert counter(result, "rejects") == 4
    assert counter(result, "items_jsonl") == 3
    assert counter(result, "items_warc") == 3
    assert counter(result, "items_unsupported") == 1


def test_the_items_of_a_file_are_spread_over_the_workers(tmp_path):
    """Extraction is the costly stage: the items of one big file must not stay on the worker
    thread that read the file, so a shuffle follows the read."""
    pipeline = beam.Pipeline()
    docs, _ = pipeline | ReadNews([str(tmp_path / "*")])
    assert "SpreadItems" in docs.producer.full_label
