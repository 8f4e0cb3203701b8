"""read_file on every input format: the fields each item gets, and what broken inputs become."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
import logging
import random

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from schemas import Document, Reject
from transforms.timestamps import parse_timestamp
from transforms.read import DEFAULT_MAX_ITEM_BYTES, read_file

UTC = datetime.timezone.utc
MiB = 1024 * 1024
ARTICLE = "Le président a déclaré mardi que la réforme serait « menée à son terme » à Paris."
PAGE = (
    '<html><head><meta charset="windows-1252"><title>Réforme</title>'
    '<link rel="canonical" href="https://news.example/reforme?a=1&amp;b=2"></head>'
    f"<body><p>{ARTICLE}</p></body></html>"
)
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire</title>
<item><title>First</title><link>https://news.example/1</link><guid>wire-1</guid>
  <description>Teaser</description>
  <content:encoded><![CDATA[<p>Full story one.</p>]]></content:encoded>
  <pubDate>Tue, 02 Jan 2024 10:00:00 +0100</pubDate><author>desk@example.com (Ann Lee)</author>
</item>
<item><title>Second</title><link>https://news.example/2</link>
  <description>Plain summary two</description></item>
<item><title>Empty</title><link>https://news.example/3</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><id>urn:uuid:1</id><title>Atom one</title><link href="https://news.example/a1"/>
  <updated>2024-03-01T12:00:00Z</updated><author><name>Bo Chen</name></author>
  <author><name>Di Ruiz</name></author><content type="text">Plain text body.</content></entry>
<entry><id>urn:uuid:2</id><title>Atom two</title><link href="https://news.example/a2"/>
  <updated>2024-03-02T12:00:00+02:00</updated>
  <summary type="html">&lt;p&gt;Html summary&lt;/p&gt;</summary>
</entry></feed>"""


def read(name: str, data: bytes, **options) -> list[Document | Reject]:
    return list(read_file(name, io.BytesIO(data), **options))


def only(items: list[Document | Reject]) -> Document | Reject:
    assert len(items) == 1, items
    return items[0]


def sha16(identity: str) -> str:
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


def assert_rejected(item: Document | Reject, reason: str) -> Reject:
    assert isinstance(item, Reject), item
    assert item.stage == "read"
    assert reason in item.error
    return item


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


def http_response(url: str, body: bytes, content_type: str, **headers: str) -> tuple:
    return url, body, [("Content-Type", content_type), *headers.items()]


def warc_file(responses: list[tuple], compress: bool) -> bytes:
    """A WARC like a crawler writes: warcinfo, then a request and a response per page."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    for url, body, headers in responses:
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        status = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=status
        )
        writer.write_record(response)
    return out.getvalue()


def record_ids_by_offset(data: bytes) -> dict[int, str]:
    records = ArchiveIterator(io.BytesIO(data))
    ids = {}
    for record in records:
        ids[records.offset] = record.rec_headers.get_header("WARC-Record-ID")
    return ids


# --- plain text --------------------------------------------------------------------------------


def test_text_file_is_one_article():
    doc = only(read("in/story.txt", ARTICLE.encode()))
    assert doc == Document(
        id=sha16("uri:in/story.txt"),
        source_uri="in/story.txt",
        payload=ARTICLE.encode(),
        content_type="text",
        content=ARTICLE,
    )


def test_text_in_windows_1252_is_decoded_right():
    assert only(read("story.txt", ARTICLE.encode("cp1252"))).content == ARTICLE


def test_text_with_invalid_utf8_is_read_with_replacement():
    doc = only(read("story.txt", ARTICLE.encode() + b" \xc3\x28 end"))
    assert doc.content == ARTICLE + " \ufffd( end"


def test_whitespace_only_text_is_rejected():
    reject = assert_rejected(only(read("blank.txt", b" \r\n\t \n")), "no text")
    assert reject.payload == b" \r\n\t \n"


def test_oversized_text_is_rejected_with_its_head():
    data = b"word " * (4 * MiB)  # 20 MiB
    reject = assert_rejected(only(read("huge.txt", data)), "--max_item_bytes")
    assert f"limit of {DEFAULT_MAX_ITEM_BYTES} bytes" in reject.error
    assert reject.payload == data[:DEFAULT_MAX_ITEM_BYTES]


def test_gzip_bomb_is_rejected_without_inflating_it_all():
    bomb = gzip.compress(bytes(64 * MiB))
    reject = assert_rejected(only(read("bomb.txt.gz", bomb, max_item_bytes=1000)), "item too large")
    assert reject.payload == bytes(1000)


def test_item_of_exactly_the_limit_is_read():
    assert only(read("story.txt", b"x" * 1000, max_item_bytes=1000)).content == "x" * 1000


# --- compression and file-level failures ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("story.txt", ARTICLE.encode()),
        ("page.html", PAGE.encode("cp1252")),
        ("items.jsonl", jsonl({"url": "https://news.example/1", "text": ARTICLE})),
        ("wire.rss", RSS.encode()),
    ],
)
def test_gzipped_file_reads_like_the_plain_one(name, data):
    plain, gzipped = read(name, data), read(name + ".gz", gzip.compress(data))
    assert [(type(item), item.payload) for item in gzipped] == [
        (type(item), item.payload) for item in plain
    ]
    assert [item.source_uri for item in gzipped] == [
        item.source_uri.replace(name, name + ".gz") for item in plain
    ]


@pytest.mark.parametrize("name", ["story.txt.gz", "page.html.gz", "wire.rss.gz"])
def test_truncated_gzip_of_a_single_item_file_is_rejected_with_its_raw_bytes(name):
    broken = gzip.compress(ARTICLE.encode() * 20)[:-12]
    reject = assert_rejected(only(read(name, broken)), "EOFError: Compressed file ended")
    assert (reject.source_uri, reject.payload) == (name, broken)


def test_file_that_is_not_gzip_at_all_is_rejected():
    assert_rejected(only(read("story.txt.gz", ARTICLE.encode())), "BadGzipFile")


@pytest.mark.parametrize(
    "name",
    ["a.txt", "a.html", "a.htm", "a.jsonl", "a.ndjson", "a.xml", "a.rss", "a.atom", "a.warc"],
)
def test_empty_file_of_each_format_is_rejected(name):
    assert_rejected(only(read(name, b"")), "empty file")
    assert_rejected(only(read(name + ".gz", gzip.compress(b""))), "empty file")


def test_unknown_suffix_is_rejected():
    reject = assert_rejected(only(read("scan.pdf", b"%PDF-1.7")), "unsupported input format '.pdf'")
    assert "expected .txt, .html" in reject.error
    assert reject.payload == b"%PDF-1.7"


def test_suffix_is_matched_without_regard_to_case():
    assert only(read("STORY.TXT", ARTICLE.encode())).content == ARTICLE


def test_reader_failure_becomes_a_reject_for_the_file(monkeypatch):
    def broken_decoder(*args, **kwargs):
        raise RuntimeError("decoder bug")

    monkeypatch.setattr("transforms.formats.common.decode_bytes", broken_decoder)
    reject = assert_rejected(only(read("story.txt", b"abc")), "RuntimeError: decoder bug")
    assert reject.payload == b"abc"


@pytest.mark.parametrize("name", ["noise.html", "noise.txt", "noise.htm.gz"])
def test_random_bytes_are_rejected_as_binary_not_read_as_text(name):
    data = random.Random(3).randbytes(20_000)
    stored = gzip.compress(data) if name.endswith(".gz") else data
    reject = assert_rejected(only(read(name, stored)), "binary data, not text: ")
    assert reject.payload == data


def test_text_with_nul_bytes_is_read_without_them():
    doc = only(read("story.txt", ARTICLE.encode().replace(b" ", b" \x00")))
    assert doc.content == ARTICLE


# --- HTML -------------------------------------------------------------------------------------


def test_html_page_is_one_item_decoded_by_its_meta_charset():
    payload = PAGE.encode("cp1252")
    doc = only(read("in/page.html", payload))
    assert (doc.id, doc.source_uri, doc.payload) == (
        sha16("uri:in/page.html"),
        "in/page.html",
        payload,
    )
    assert (doc.content_type, doc.content) == ("html", PAGE)
    assert doc.url == "https://news.example/reforme?a=1&b=2"
    assert doc.item_id is None


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ('<meta content="https://news.example/og" property="og:url">', "https://news.example/og"),
        ('<link rel="canonical" href="/relative/path">', None),
        ("<title>No URL</title>", None),
    ],
)
def test_html_url_comes_only_from_an_absolute_canonical_or_og_url(head, url):
    page = f"<html><head>{head}</head><body><p>Text</p></body></html>"
    assert only(read("page.htm", page.encode())).url == url


def test_canonical_link_in_the_body_is_not_the_page_url():
    page = '<html><head></head><body><link rel="canonical" href="https://x.example/"></body></html>'
    assert only(read("page.html", page.encode())).url is None


def test_whitespace_only_html_is_rejected():
    assert_rejected(only(read("page.html", b"\n  \n")), "no text")


# --- JSONL ------------------------------------------------------------------------------------


def test_jsonl_record_fields():
    record = {
        "id": "wire-42",
        "url": "https://news.example/42",
        "html": "<p>Story</p>",
        "text": "ignored when html is given",
        "title": "Headline",
        "source": "Example Wire",
        "published": "2024-05-01T12:30:00+02:00",
        "authors": ["Ann Lee", " ", 7],
    }
    line = json.dumps(record).encode()
    doc = only(read("in/items.jsonl", line + b"\n"))
    assert doc == Document(
        id=sha16("id:wire-42"),
        source_uri="in/items.jsonl#line=1",
        payload=line,
        content_type="html",
        content="<p>Story</p>",
        item_id="wire-42",
        url="https://news.example/42",
        source="Example Wire",
        title="Headline",
        published_at=datetime.datetime(2024, 5, 1, 10, 30, tzinfo=UTC),
        authors=("Ann Lee",),
    )


def test_jsonl_text_record_without_id_is_identified_by_its_line():
    doc = only(read("items.ndjson", jsonl({"url": "https://news.example/9", "text": ARTICLE})))
    assert (doc.content_type, doc.content, doc.item_id) == ("text", ARTICLE, None)
    assert doc.id == sha16("uri:items.ndjson#line=1")


def test_jsonl_numeric_id_is_kept_as_text():
    assert only(read("items.jsonl", jsonl({"id": 42, "text": "x"}))).item_id == "42"


def test_jsonl_escaped_half_surrogate_becomes_a_replacement_character():
    """json.loads turns "\\ud800" into a lone surrogate, which Parquet's UTF-8 cannot store."""
    line = b'{"text": "half \\ud800 pair", "title": "\\udfff", "authors": ["A \\ud83d"]}'
    doc = only(read("items.jsonl", line))
    assert (doc.content, doc.title, doc.authors) == ("half \ufffd pair", "\ufffd", ("A \ufffd",))


def test_jsonl_of_blank_lines_only_is_rejected_not_lost():
    reject = assert_rejected(only(read("items.jsonl", b"\n \t\r\n\n")), "no items: only blank lines")
    assert reject.source_uri == "items.jsonl"


def test_jsonl_bad_lines_are_rejected_one_by_one_and_blank_lines_skipped():
    data = b"\n".join(
        [
            json.dumps({"id": "a", "text": "first"}).encode(),
            b"   ",
            b"{not json",
            b'["an", "array"]',
            json.dumps({"id": "b", "url": "https://news.example/b", "html": " "}).encode(),
            b"\xff\xfe garbage \x00",
            json.dumps({"id": "c", "text": "last"}).encode(),
        ]
    )
    items = read("items.jsonl", data)
    assert [(type(item).__name__, item.source_uri) for item in items] == [
        ("Document", "items.jsonl#line=1"),
        ("Reject", "items.jsonl#line=3"),
        ("Reject", "items.jsonl#line=4"),
        ("Reject", "items.jsonl#line=5"),
        ("Reject", "items.jsonl#line=6"),
        ("Document", "items.jsonl#line=7"),
    ]
    not_json = assert_rejected(items[1], "line 3 is not JSON")
    assert not_json.payload == b"{not json"
    assert_rejected(items[2], "line 4 is an array, not a JSON object")
    no_content = assert_rejected(items[3], "line 5 has neither a non-empty 'html' nor")
    assert (no_content.id, no_content.url) == (sha16("id:b"), "https://news.example/b")
    assert_rejected(items[4], "line 6 is not JSON")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-05-01T12:30:00Z", datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        ("2024-05-01 12:30:00", datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        ("Wed, 01 May 2024 14:30:00 +0200", datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        (1714566600, datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        (1714566600.0, datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        ("yesterday", None),
        (True, None),
        (10**20, None),
        ({"date": "2024"}, None),
    ],
)
def test_jsonl_published_is_read_or_left_empty(published, expected):
    doc = only(read("items.jsonl", jsonl({"text": "x", "published": published})))
    assert doc.published_at == expected


def test_struct_time_from_feedparser_is_utc():
    parsed = datetime.datetime(2024, 1, 2, 9, 0, tzinfo=UTC).timetuple()
    assert parse_timestamp(parsed) == datetime.datetime(2024, 1, 2, 9, 0, tzinfo=UTC)


def test_jsonl_line_over_the_limit_is_rejected_and_the_next_line_read():
    long_line = json.dumps({"text": "x" * 5000}).encode()
    data = long_line + b"\r\n" + jsonl({"text": "short"})
    first, second = read("items.jsonl", data, max_item_bytes=1000)
    reject = assert_rejected(first, f"{len(long_line)} bytes exceeds the limit of 1000 bytes")
    assert (reject.source_uri, reject.payload) == ("items.jsonl#line=1", long_line[:1000])
    assert (second.source_uri, second.content) == ("items.jsonl#line=2", "short")


def test_20_mb_jsonl_of_small_records_is_read_whole():
    record = {"url": "https://news.example/n", "text": "A short wire item. " * 8}
    count = 20 * MiB // len(json.dumps(record))
    items = read("big.jsonl", jsonl(*[record] * count))
    assert len(items) == count
    assert all(isinstance(item, Document) for item in items)
    assert items[-1].source_uri == f"big.jsonl#line={count}"


def test_truncated_gzip_jsonl_keeps_the_lines_before_the_break():
    records = [
        {"id": str(n), "text": hashlib.sha256(str(n).encode()).hexdigest()} for n in range(2000)
    ]
    compressed = gzip.compress(jsonl(*records))
    items = read("items.jsonl.gz", compressed[: len(compressed) // 2])
    *docs, last = items
    assert docs
    assert all(isinstance(doc, Document) for doc in docs)
    assert [doc.item_id for doc in docs] == [str(n) for n in range(len(docs))]
    reject = assert_rejected(last, f"input breaks at line {len(docs) + 1}: EOFError")
    assert reject.source_uri == f"items.jsonl.gz#line={len(docs) + 1}"


# --- RSS and Atom -----------------------------------------------------------------------------


def test_rss_items():
    first, second, empty = read("in/wire.rss", RSS.encode())
    assert first == Document(
        id=sha16("id:wire-1"),
        source_uri="in/wire.rss#item=1",
        payload=b"<p>Full story one.</p>",
        content_type="html-fragment",
        content="<p>Full story one.</p>",
        item_id="wire-1",
        url="https://news.example/1",
        source="Wire",
        title="First",
        published_at=datetime.datetime(2024, 1, 2, 9, 0, tzinfo=UTC),
        authors=("Ann Lee",),
    )
    assert (second.source_uri, second.content, second.item_id) == (
        "in/wire.rss#item=2",
        "Plain summary two",
        "https://news.example/2",
    )
    assert second.id == sha16("id:https://news.example/2")
    reject = assert_rejected(empty, "feed item carries no content")
    assert json.loads(reject.payload) == {
        "id": "https://news.example/3",
        "link": "https://news.example/3",
        "title": "Empty",
    }
    assert (reject.source_uri, reject.url) == ("in/wire.rss#item=3", "https://news.example/3")


def test_atom_entries():
    first, second = read("wire.atom", ATOM.encode())
    assert (first.content_type, first.content) == ("text", "Plain text body.")
    assert (first.item_id, first.url, first.title) == (
        "urn:uuid:1",
        "https://news.example/a1",
        "Atom one",
    )
    assert (first.source, first.authors) == ("Atom Wire", ("Bo Chen", "Di Ruiz"))
    assert first.published_at == datetime.datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert (second.content_type, second.content) == ("html-fragment", "<p>Html summary</p>")
    assert second.published_at == datetime.datetime(2024, 3, 2, 10, tzinfo=UTC)


STORY = (
    "The trade ministry said on Monday that exports fell for a second quarter as demand from "
    "Europe weakened, while imports of energy rose. Officials expect a rebalance next year."
)
WHOLE_PAGE = (
    "<!DOCTYPE html><html><head><title>Trade Rebalance</title></head><body>"
    '<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>'
    f"<article><h1>Trade Rebalance</h1><p>{STORY}</p></article>"
    "<aside>Most read: other stories</aside><footer>Example News</footer></body></html>"
)
FURNISHED_FRAGMENT = f'<nav><a href="/">Home</a> <a href="/world">World</a></nav><p>{STORY}</p>'


def feed_of(content: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>W</title>'
        "<item><title>T</title><link>https://news.example/t</link>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    ).encode()


def atom_of(content: str) -> bytes:
    escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
        f'<entry><id>urn:1</id><title>T</title><content type="html">{escaped}</content></entry>'
        "</feed>"
    ).encode()


@pytest.mark.parametrize("content", [WHOLE_PAGE, FURNISHED_FRAGMENT])
@pytest.mark.parametrize(("name", "wrap"), [("wire.rss", feed_of), ("wire.atom", atom_of)])
def test_feed_item_carrying_a_page_is_read_as_a_page_with_its_markup_whole(name, wrap, content):
    doc = only(read(name, wrap(content)))
    assert (doc.content_type, doc.content) == ("html", content)


def test_feed_item_of_plain_article_markup_stays_a_fragment():
    assert only(read("wire.rss", feed_of(f"<p>{STORY}</p>"))).content_type == "html-fragment"


def test_jsonl_html_holding_a_whole_page_is_a_page():
    doc = only(read("items.jsonl", jsonl({"id": "p", "html": WHOLE_PAGE})))
    assert (doc.content_type, doc.content) == ("html", WHOLE_PAGE)


def test_malformed_xml_without_entries_is_one_reject_with_the_parser_error():
    data = b"<?xml version='1.0'?><rss><channel><<title>broken"
    reject = assert_rejected(only(read("wire.xml", data)), "malformed feed: ")
    assert (reject.source_uri, reject.payload) == ("wire.xml", data)


def test_malformed_feed_whose_entries_carry_nothing_is_one_reject():
    data = b"<rss><channel><item><title>Broken"
    reject = assert_rejected(only(read("wire.xml", data)), "malformed feed: ")
    assert (reject.source_uri, reject.payload) == ("wire.xml", data)


def test_malformed_feed_with_recoverable_entries_is_read_with_a_warning(caplog):
    data = RSS.replace("</channel></rss>", "<item><title>cut").encode()
    with caplog.at_level(logging.WARNING):
        items = read("wire.rss", data)
    assert [item.title for item in items if isinstance(item, Document)] == ["First", "Second"]
    assert "malformed feed" in caplog.text


def test_xml_that_is_not_a_feed_is_rejected():
    data = b'<?xml version="1.0"?><catalog><book id="1">Title</book></catalog>'
    reject = assert_rejected(only(read("books.xml", data)), "not an RSS or Atom feed")
    assert reject.payload == data


# --- WARC -------------------------------------------------------------------------------------

PAGE_LATIN1 = f"<html><body><p>{ARTICLE}</p></body></html>"
RESPONSES = [
    http_response(
        "https://news.example/fr", PAGE_LATIN1.encode("cp1252"), "text/html; charset=windows-1252"
    ),
    http_response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
    http_response(
        "https://news.example/x",
        gzip.compress(b"<html><body>xhtml</body></html>"),
        "application/xhtml+xml",
        **{"Content-Encoding": "gzip"},
    ),
]


@pytest.mark.parametrize("compress", [False, True])
def test_warc_html_responses_are_items(compress):
    data = warc_file(RESPONSES, compress)
    name = "crawl.warc.gz" if compress else "crawl.warc"
    page, image, xhtml = read(f"in/{name}", data)
    record_ids = record_ids_by_offset(data)

    offset = int(page.source_uri.rpartition("#offset=")[2])
    assert page.source_uri == f"in/{name}#offset={offset}"
    assert (page.item_id, page.id) == (record_ids[offset], sha16(f"id:{record_ids[offset]}"))
    assert (page.url, page.content_type, page.content) == (
        "https://news.example/fr",
        "html",
        PAGE_LATIN1,
    )
    assert page.payload == PAGE_LATIN1.encode("cp1252")
    assert page.published_at is None

    reject = assert_rejected(image, "WARC response is not HTML (Content-Type: image/png)")
    assert (reject.url, reject.payload) == ("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n")

    assert (xhtml.url, xhtml.payload) == (
        "https://news.example/x",
        b"<html><body>xhtml</body></html>",
    )


def test_warc_response_over_the_limit_is_rejected():
    responses = [http_response("https://news.example/big", b"<p>" + b"x" * 5000, "text/html")]
    reject = only(read("crawl.warc", warc_file(responses, False), max_item_bytes=1000))
    assert_rejected(reject, "item too large: more than 1000 bytes")
    assert (reject.url, len(reject.payload)) == ("https://news.example/big", 1000)


def test_warc_with_a_truncated_gzip_member_keeps_the_records_before_it():
    data = warc_file(RESPONSES, compress=True)
    broken_at = max(record_ids_by_offset(data))
    page, image, rest = read("crawl.warc.gz", data[: broken_at + 40])
    assert (page.url, image.url) == ("https://news.example/fr", "https://news.example/logo.png")
    assert_rejected(rest, f"WARC unreadable from byte {broken_at}")
    assert rest.source_uri == f"crawl.warc.gz#offset={broken_at}"


def test_warc_cut_inside_a_record_rejects_that_record():
    data = warc_file(RESPONSES[:1], compress=False)
    page_offset = max(record_ids_by_offset(data))
    reject = only(read("crawl.warc", data[:-60]))
    assert_rejected(reject, f"file ends inside the record at byte {page_offset}")
    assert reject.source_uri == f"crawl.warc#offset={page_offset}"


def test_warc_cut_inside_a_record_header_keeps_the_records_before_it():
    data = warc_file(RESPONSES[:1] * 2, compress=False)
    second_request = data.index(b"WARC/1.0", data.index(b"WARC-Type: response"))
    cut = data.index(b"WARC-Type: request", second_request) + len(b"WARC-Type: request\r\n")
    page, rest = read("crawl.warc", data[:cut])
    assert isinstance(page, Document) and ARTICLE in page.content
    assert_rejected(rest, f"WARC unreadable from byte {second_request}: ")


def test_file_that_is_not_a_warc_is_rejected():
    reject = only(read("crawl.warc", b"<html>not an archive</html>\r\n"))
    assert_rejected(reject, "WARC unreadable from byte 0: Unknown archive format")


def test_warc_without_responses_has_no_items():
    assert read("crawl.warc", warc_file([], compress=False)) == []
