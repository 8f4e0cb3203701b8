"""Property tests of every reader in transforms/formats: any bytes in, no exception out, and only
Documents and Rejects whose text a Parquet writer accepts.

The readers are called directly: `read_file` turns a reader's exception into one reject for the
whole file, which would hide a crash and lose the file's other items.
"""

from __future__ import annotations

import gzip
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import Document, Reject
from tests.test_read_formats import http_response, warc_file
from transforms.formats import FORMATS, Limits, format_for
from transforms.read import read_file

LIMITS = Limits(max_item_bytes=4096)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FEED_TOKENS = [
    '<?xml version="1.0" encoding="utf-8"?>', '<rss version="2.0">', "<channel>", "</channel>",
    "<item>", "</item>", "<title>", "</title>", "<link>", "</link>", "<guid>", "</guid>",
    "<description>", "</description>", "<content:encoded>", "</content:encoded>", "<![CDATA[",
    "]]>", '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<entry>", "</entry>",
    '<content type="html">', "</content>", "<id>", "</id>", '<!DOCTYPE rss [<!ENTITY a "&b;&b;">',
    '<!ENTITY b "x">]>', '<!ENTITY e SYSTEM "file:///etc/passwd">', "&a;", "&e;", "&amp;", "&lt;p&gt;",
    "<html><head><title>T</title></head><body>", "<nav>Home</nav>", "<p>", "</p>", "\x00", "\ufffd",
    "https://news.example/1", "2024-01-02T03:04:05Z", "Tue, 02 Jan 2024 10:00:00 +0100",
]
HTML_TOKENS = [
    "<html>", "<head>", '<meta charset="shift_jis">', '<meta charset="utf-16">', '<meta charset="x">',
    "</head>", "<body>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->",
    '<link rel="canonical" href="https://news.example/a">', '<meta property="og:url" content="//x">',
    "&#0;", "&#xd800;", "&nbsp;", "\x00", "\ufeff", "text ", "テキスト", "<",
]
JSON_FIELDS = ["id", "url", "html", "text", "title", "published", "source", "authors"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
json_records = st.dictionaries(st.sampled_from(JSON_FIELDS), json_values, max_size=len(JSON_FIELDS))
# JSON escapes that decode to lone surrogates or controls, which json.dumps never writes itself.
RAW_JSON_LINES = [
    '{"text": "\\ud800 lone"}', '{"html": "\\udfff"}', '{"text": "\\u0000"}', "[[[", "1e999"
]
VALID_WARC = warc_file(
    [
        http_response("https://news.example/a", b"<html><body><p>Story</p></body></html>", "text/html"),
        http_response("https://news.example/b", b"\x89PNG", "image/png"),
    ],
    compress=True,
)


def assert_readable(name: str, data: bytes) -> None:
    """The reader of `name`'s format yields Documents and Rejects whose strings are valid UTF-8."""
    fmt = format_for("." + name.rsplit(".", 1)[1])
    for item in fmt.read(name, io.BytesIO(data), LIMITS):
        assert isinstance(item, (Document, Reject))
        strings = (
            [item.source_uri, item.error]
            if isinstance(item, Reject)
            else [item.content, item.title or "", item.url or "", item.source or "", *item.authors]
        )
        for value in strings:
            value.encode("utf-8")  # raises on a lone surrogate, which Parquet cannot store
        if isinstance(item, Document):
            assert item.content.strip()


def joined(tokens: list[str]) -> st.SearchStrategy[bytes]:
    pieces = st.sampled_from(tokens) | st.text(max_size=20)
    encodings = st.sampled_from(["utf-8", "utf-16", "cp1252", "shift_jis"])
    return st.builds(
        lambda parts, encoding: "".join(parts).encode(encoding, errors="replace"),
        st.lists(pieces, max_size=30),
        encodings,
    )


@PROPERTY
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(FORMATS))
def test_any_bytes_in_any_format(data, fmt):
    assert_readable("input" + fmt.suffixes[0], data)


@PROPERTY
@given(data=joined(FEED_TOKENS))
def test_feed_like_bytes(data):
    assert_readable("input.rss", data)


@PROPERTY
@given(data=joined(HTML_TOKENS), suffix=st.sampled_from([".html", ".txt"]))
def test_page_like_bytes(data, suffix):
    assert_readable("input" + suffix, data)


@PROPERTY
@given(
    lines=st.lists(
        st.one_of(
            json_records.map(json.dumps),
            json_values.map(json.dumps),
            st.sampled_from(RAW_JSON_LINES),
            st.text(max_size=30),
        ),
        max_size=8,
    ),
    line_break=st.sampled_from(["\n", "\r\n"]),
)
def test_jsonl_like_bytes(lines, line_break):
    assert_readable("input.jsonl", line_break.join(lines).encode("utf-8", errors="surrogatepass"))


@PROPERTY
@given(
    cut=st.integers(0, len(VALID_WARC)),
    flips=st.lists(st.integers(0, len(VALID_WARC) - 1), max_size=3),
)
def test_damaged_warc(cut, flips):
    data = bytearray(VALID_WARC)
    for position in flips:
        data[position] ^= 0xFF
    assert_readable("input.warc", bytes(data[:cut]))


@PROPERTY
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(FORMATS), compress=st.booleans())
def test_any_bytes_as_gzip_through_read_file(data, fmt, compress):
    """Through read_file, which undoes gzip: a broken or valid .gz never escapes as an exception."""
    stored = gzip.compress(data) if compress else data
    items = list(read_file("input" + fmt.suffixes[0] + ".gz", io.BytesIO(stored), LIMITS.max_item_bytes))
    assert all(isinstance(item, (Document, Reject)) for item in items)
    assert items or fmt.name == "warc"  # a WARC may hold only records that are not items
