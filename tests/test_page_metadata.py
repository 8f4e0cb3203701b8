"""Extract finds a page's metadata as trafilatura's `extract_metadata` does, minus the parts newsbeam
drops, and skips the date search when the input record brings its own date."""

from __future__ import annotations

import datetime
import gzip

import apache_beam as beam
import pytest
import trafilatura
from apache_beam.metrics.metric import MetricsFilter
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from schemas import Document
from tests.support import CORPUS, requires_corpus
from tests.test_extract import PAGE
from transforms import extract
from transforms.decode import decode_bytes
from transforms.extract import extract_document, extract_page, page_metadata

KEPT = ("title", "author", "url", "sitename", "date")
PAGES = {
    "meta tags": PAGE,
    "json-ld and a lower-case site name": """<html><head><title>Rail strike ends | the courier</title>
<meta property="og:site_name" content="the courier">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rail strike ends",
"author": {"@type": "Person", "name": "Ann Smith"}, "datePublished": "2024-11-02T08:00:00Z"}</script>
</head><body><article><p>Rail workers returned to work on Tuesday after a two-week strike.</p></article></body></html>""",
    "a Twitter handle, a one-word author, a canonical link": """<html><head><title>Port news</title>
<meta name="twitter:site" content="@portnews"><meta name="author" content="admin">
<link rel="canonical" href="https://www.portnews.example/2023/05/06/traffic">
</head><body><p>Published 6 May 2023. Container traffic rose for a third month in a row.</p></body></html>""",
    "nothing but a body": "<html><body><p>Container traffic rose for a third month in a row.</p></body></html>",
}


def kept(metadata) -> tuple:
    return tuple(getattr(metadata, field) for field in KEPT)


@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_metadata_is_trafilatura_s(html):
    assert kept(page_metadata(load_html(html))) == kept(extract_metadata(load_html(html)))
    url = "https://news.example/given"
    assert kept(page_metadata(load_html(html), url)) == kept(extract_metadata(load_html(html), url))


@requires_corpus
def test_metadata_and_text_are_trafilatura_s_on_real_pages():
    for path in sorted((CORPUS / "wcxb-dev" / "html").glob("*.html.gz"))[:25]:
        html, _ = decode_bytes(gzip.decompress(path.read_bytes()), markup=True)
        assert kept(page_metadata(load_html(html))) == kept(extract_metadata(load_html(html))), path.name
        assert_extracts_as_trafilatura(html)


@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_text_and_metadata_are_those_of_trafilatura_with_metadata(html):
    assert_extracts_as_trafilatura(html)


def assert_extracts_as_trafilatura(html):
    page = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    if page is None or not page.text:
        return
    ours = extract_page(html, extraction="trafilatura")
    assert ours.text == page.text.strip()
    assert (ours.title, ours.url, ours.source) == (page.title or None, page.url or None, page.sitename or None)
    assert ours.published_at == extract.parse_timestamp(page.date)
    assert ours.authors == extract._split_authors(page.author)


def test_without_the_date_search_only_the_date_is_missing():
    with_date, without = page_metadata(load_html(PAGE)), page_metadata(load_html(PAGE), with_date=False)
    assert with_date.date == "2025-03-04" and without.date is None
    assert kept(with_date)[:-1] == kept(without)[:-1]


@pytest.mark.parametrize("extraction", ["model", "trafilatura"])
def test_a_record_with_its_own_date_skips_the_page_s_date_search(monkeypatch, extraction):
    def no_search(*args, **kwargs):
        raise AssertionError("the page's date was searched for")

    monkeypatch.setattr(extract, "find_date", no_search)
    given = datetime.datetime(2025, 3, 5, 12, tzinfo=datetime.timezone.utc)
    doc = Document(id="1", source_uri="x.jsonl#line=1", payload=b"", content_type="html", content=PAGE, published_at=given)
    extracted = extract_document(doc, extraction)
    assert extracted.published_at == given and extracted.authors == ("Jane Roe",)
    with pytest.raises(AssertionError, match="searched"):
        extract_document(doc.replace(published_at=None), extraction)


def test_extract_counts_the_pages_whose_date_came_with_the_record():
    given = datetime.datetime(2025, 3, 5, 12, tzinfo=datetime.timezone.utc)
    docs = [
        Document(id=str(i), source_uri=f"x.jsonl#line={i}", payload=b"", content_type="html", content=PAGE, published_at=date)
        for i, date in enumerate([given, None, given])
    ]
    pipeline = beam.Pipeline()
    _ = pipeline | beam.Create(docs) | extract.Extract("trafilatura")
    result = pipeline.run()
    result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_name("page_date_search_skipped"))["counters"]
    assert [counter.committed for counter in counters] == [2]
