"""bench.feed_server: feeds that grow by script, conditional GET, article pages, first_served,
and the demo script built from the seeds and a corpus laid out as wcxb-dev (generated here)."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import time

import feedparser
import pytest

from bench.feed_server import FeedServer, Item, Step, demo_steps
from schemas import Document, Reject
from tests.support import SEEDS
from transforms.fetch import FetchPolicy, Fetcher, HTTPStatusError, Validators
from transforms.read import read_file

T0 = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.timezone.utc)
HOUR = datetime.timedelta(hours=1)
FIRST = Item("g-1", "https://news.example/1", "Rates held", "The bank held rates.\n\nIt said.", T0)
SECOND = Item("g-2", "https://news.example/2", "Rain due", "Rain is due on Monday.", T0 + HOUR)
LINKED = Item("g-3", "/pages/storm.html", "Storm", None, T0 + 2 * HOUR)
STORM_PAGE = "<html><body><article><p>A storm hit the coast.</p></article></body></html>"
STEPS = [
    Step({"/feeds/a.xml": (FIRST,), "/feeds/b.atom": (FIRST,)}),
    Step({"/feeds/a.xml": (FIRST, SECOND), "/feeds/b.atom": (FIRST, LINKED)}),
]


@pytest.fixture
def server():
    with FeedServer(STEPS, {"/pages/storm.html": STORM_PAGE}) as running:
        yield running


@pytest.fixture
def corpus(tmp_path):
    """Five pages in the corpus layout `demo_steps` reads: wcxb-dev/gold.jsonl and html/*.gz."""
    folder = tmp_path / "wcxb-dev"
    (folder / "html").mkdir(parents=True)
    records = []
    for n in range(5):
        page_id = f"{n:04d}"
        page = f"<html><head><title>Story {n}</title></head><body><p>Text {n}.</p></body></html>"
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(page.encode()))
        records.append({"id": page_id, "url": f"https://site.example/{n}", "title": f"Story {n}"})
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return tmp_path


@pytest.fixture
def fetcher():
    client = Fetcher(FetchPolicy(allow_private_hosts=True, min_host_delay=0))
    yield client
    client.close()


def entries(body: bytes) -> list[feedparser.FeedParserDict]:
    parsed = feedparser.parse(io.BytesIO(body))
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed.entries


@pytest.mark.parametrize("path, version", [("/feeds/a.xml", "rss20"), ("/feeds/b.atom", "atom10")])
def test_feeds_parse_and_grow_across_steps(server, fetcher, path, version):
    first = fetcher.get(server.url(path)).body
    assert feedparser.parse(io.BytesIO(first)).version == version
    assert [entry.id for entry in entries(first)] == ["g-1"]
    server.advance()
    grown = entries(fetcher.get(server.url(path)).body)
    assert [entry.id for entry in grown][0] == "g-1" and len(grown) == 2
    assert grown[0].title == "Rates held"
    assert grown[0].published_parsed[:4] == (2026, 3, 1, 8)


def test_advance_stays_at_the_last_step(server):
    for _ in range(3):
        server.advance()
    assert server.step == len(STEPS) - 1


def test_newsbeam_reads_content_items_and_rejects_link_only_items(server, fetcher):
    server.advance()
    body = fetcher.get(server.url("/feeds/b.atom")).body
    first, linked = read_file("b.atom", io.BytesIO(body))
    assert isinstance(first, Document)
    assert first.content == "<p>The bank held rates.</p>\n<p>It said.</p>"
    assert isinstance(linked, Reject) and linked.error.startswith("feed item carries no content")
    assert linked.url == server.url("/pages/storm.html")  # made absolute, on this server


def test_conditional_get_gets_304_until_the_feed_changes(server, fetcher):
    url = server.url("/feeds/a.xml")
    first = fetcher.get(url)
    assert first.validators.last_modified == "Sun, 01 Mar 2026 08:00:00 GMT"
    assert fetcher.get(url, first.validators).status == 304
    assert fetcher.get(url, Validators(last_modified=first.validators.last_modified)).status == 304
    server.advance()
    changed = fetcher.get(url, first.validators)
    assert changed.status == 200 and changed.validators.etag != first.validators.etag
    assert fetcher.get(url, Validators(last_modified=first.validators.last_modified)).status == 200
    assert server.requests == [("/feeds/a.xml", status) for status in (200, 304, 304, 200, 200)]


def test_a_stale_etag_decides_even_with_a_matching_date(server, fetcher):
    first = fetcher.get(server.url("/feeds/a.xml"))
    stale = Validators('"0000"', first.validators.last_modified)
    assert fetcher.get(server.url("/feeds/a.xml"), stale).status == 200


def test_serves_pages_and_404_for_anything_else(server, fetcher):
    page = fetcher.get(server.url("/pages/storm.html"))
    assert (page.content_type, page.body.decode()) == ("text/html", STORM_PAGE)
    with pytest.raises(HTTPStatusError, match="HTTP status 404"):
        fetcher.get(server.url("/pages/missing.html"))
    assert server.requests == [("/pages/storm.html", 200), ("/pages/missing.html", 404)]


def test_first_served_is_recorded_once_per_item(server, fetcher):
    before = time.time()
    fetcher.get(server.url("/feeds/a.xml"))
    assert set(server.first_served) == {"g-1"} and server.first_served["g-1"] >= before
    noted = dict(server.first_served)
    server.advance()
    fetcher.get(server.url("/feeds/a.xml"))
    fetcher.get(server.url("/feeds/b.atom"))
    assert server.first_served["g-1"] == noted["g-1"]
    assert set(server.first_served) == {"g-1", "g-2", "g-3"}


def test_advances_by_itself_every_interval():
    with FeedServer(STEPS, advance_every=0.05) as running:
        deadline = time.monotonic() + 5
        while running.step == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert running.step == 1


def test_demo_steps_release_seed_and_page_items_over_the_steps(corpus):
    steps, pages = demo_steps(SEEDS, corpus, n_steps=3, n_pages=4)
    assert len(steps) == 3
    sizes = [sum(len(items) for items in step.feeds.values()) for step in steps]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    last = [item for items in steps[-1].feeds.values() for item in items]
    guids = {item.guid for item in last}
    assert len(guids) == len(list(SEEDS.glob("*.txt"))) + 4
    assert len(last) > len(guids)  # syndicated: some items stand in two feeds
    assert sum(path.endswith(".atom") for path in steps[-1].feeds) == 1
    for earlier, later in zip(steps, steps[1:]):
        for path, items in earlier.feeds.items():
            assert later.feeds[path][: len(items)] == items  # released items stay unchanged
    linked = [item for item in last if item.text is None]
    assert {item.link for item in linked} == set(pages)
    assert all("<html" in pages[item.link].lower() for item in linked)


def test_demo_feeds_serve_and_pages_resolve(fetcher, corpus):
    steps, pages = demo_steps(SEEDS, corpus, n_steps=2, n_pages=2)
    with FeedServer(steps, pages) as running:
        running.advance()
        links = {
            entry.link
            for path in steps[-1].feeds
            for entry in entries(fetcher.get(running.url(path)).body)
            if not entry.get("content")
        }
        assert len(links) == 2
        assert all(fetcher.get(link).content_type == "text/html" for link in links)
