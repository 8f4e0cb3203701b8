"""`newsbeam run --fetch_links`: feed items that only link to their article have the page fetched
(from a loopback server started here); without the option the run stays offline and the reject
says how to fetch them."""

from __future__ import annotations

import pytest

from bench.feed_server import FeedServer, Step
from tests.support import read_table, run_pipeline
from transforms.formats.feed import LINK_ONLY

STORY = (
    "A storm hit the northern coast on Sunday night, cutting power to forty thousand homes. "
    "Crews expect to restore most lines by Tuesday, the utility said."
)
PAGES = {"/pages/storm.html": f"<html><body><article><p>{STORY}</p></article></body></html>"}


def feed_linking_to(*urls: str) -> str:
    items = "".join(
        f"<item><title>Item {n}</title><link>{url}</link><guid>g-{n}</guid></item>"
        for n, url in enumerate(urls, start=1)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'


@pytest.fixture
def server():
    with FeedServer([Step({})], PAGES) as running:
        yield running


@pytest.fixture
def link_only_feed(tmp_path, server):
    feed = tmp_path / "links.rss"
    feed.write_text(feed_linking_to(server.url("/pages/storm.html"), server.url("/pages/gone.html")))
    return feed


def test_linked_pages_are_fetched_and_a_missing_page_is_rejected(
    tmp_path, server, link_only_feed
):
    out = tmp_path / "out"
    summary = run_pipeline(
        out, "--input", str(link_only_feed),
        "--fetch_links", "--allow_private_hosts", "--host_delay", "0", "--extraction", "trafilatura",
    )
    (article,) = read_table(out, "articles")
    assert (article["text"], article["url"]) == (STORY, server.url("/pages/storm.html"))
    assert article["title"] == "Item 1"
    (reject,) = read_table(out, "rejects")
    assert "cannot fetch page" in reject["error"] and "HTTP status 404" in reject["error"]
    assert summary.get("poll", "pages_fetched") == 1 and summary.balanced


def test_without_the_option_nothing_is_fetched_and_the_reject_names_it(
    tmp_path, server, link_only_feed
):
    out = tmp_path / "out"
    summary = run_pipeline(out, "--input", str(link_only_feed), "--extraction", "trafilatura")
    errors = [row["error"] for row in read_table(out, "rejects")]
    assert errors == [LINK_ONLY] * 2 and "--fetch_links" in LINK_ONLY
    assert server.requests == [] and summary.balanced


def test_private_hosts_stay_refused_unless_allowed(tmp_path, link_only_feed):
    out = tmp_path / "out"
    run_pipeline(
        out, "--input", str(link_only_feed), "--fetch_links=true", "--host_delay", "0",
        "--extraction", "trafilatura",
    )
    errors = sorted(row["error"] for row in read_table(out, "rejects"))
    assert len(errors) == 2 and all("non-public address" in error for error in errors)
