"""A loopback news-feed server whose feeds change by script, for stream tests and the demo.

A poller needs feeds that grow: `FeedServer` serves, at each step of a script, the RSS 2.0 or Atom
feeds (chosen by the path's suffix, `.atom` for Atom) listing that step's items, plus article
pages for items whose feed entry carries no content. Feed responses carry an ETag and a
Last-Modified and answer conditional GETs with 304, as real publishers do, so a poller's use of
them can be checked in `requests`. `first_served` notes when each item first went out, to measure
the end-to-end delay of a streaming run.

Item links starting with "/" name a path on this server and are made absolute when served.
"""

from __future__ import annotations

import dataclasses
import datetime
import email.utils
import gzip
import hashlib
import html
import http.server
import json
import pathlib
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence

__all__ = ["FeedServer", "Item", "Step", "demo_steps"]

_ATOM = "http://www.w3.org/2005/Atom"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
ET.register_namespace("content", _CONTENT)
_EPOCH = datetime.datetime.fromtimestamp(0, datetime.timezone.utc)  # an empty feed's date
_DEMO_START = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
_DEMO_FEEDS = ("/feeds/world.xml", "/feeds/business.xml", "/feeds/wire.atom")
UrlOf = Callable[[str], str]  # a path on the server -> its absolute URL


@dataclasses.dataclass(frozen=True)
class Item:
    """One news item. `text` None: the feed carries only title and link, the article is the
    page at `link`."""

    guid: str
    link: str
    title: str
    text: str | None
    published: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Step:
    """What the server serves from this step on: feed path -> its items, newest last."""

    feeds: Mapping[str, tuple[Item, ...]]


class FeedServer:
    """Serves `steps` one after another on 127.0.0.1, on a free port, from a background thread.

    The script moves on when `advance()` is called (deterministic, for tests) or, with
    `advance_every` seconds, by itself (for the demo); it stays at the last step. `pages` maps a
    path ("/pages/a.html") to its HTML.
    """

    def __init__(
        self,
        steps: Sequence[Step],
        pages: Mapping[str, str] | None = None,
        *,
        advance_every: float | None = None,
    ) -> None:
        if not steps:
            raise ValueError("a FeedServer needs at least one step")
        self._steps = tuple(steps)
        self._pages = dict(pages or {})
        self._step = 0
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.first_served: dict[str, float] = {}
        self.requests: list[tuple[str, int]] = []
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._threads = [
            threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
        ]
        if advance_every is not None:
            self._threads.append(
                threading.Thread(target=self._advance_every, args=(advance_every,), daemon=True)
            )
        for thread in self._threads:
            thread.start()

    @property
    def step(self) -> int:
        """The index of the step being served."""
        return self._step

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def advance(self) -> None:
        """Serve the next step; at the last step, stay there."""
        with self._lock:
            self._step = min(self._step + 1, len(self._steps) - 1)

    def stop(self) -> None:
        self._stopped.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _advance_every(self, seconds: float) -> None:
        while not self._stopped.wait(seconds):
            self.advance()

    def _respond(self, path: str, headers: Mapping[str, str]) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for a GET of `path`, logged in `requests`."""
        with self._lock:
            items = self._steps[self._step].feeds.get(path)
            if items is not None:
                status, reply, body = self._feed(path, items, headers)
            elif path in self._pages:
                status, reply = 200, {"Content-Type": "text/html; charset=utf-8"}
                body = self._pages[path].encode("utf-8")
            else:
                status, reply, body = 404, {"Content-Type": "text/plain"}, b"not found"
            self.requests.append((path, status))
        return status, reply, body

    def _feed(
        self, path: str, items: tuple[Item, ...], headers: Mapping[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        atom = path.endswith(".atom")
        body = (_atom if atom else _rss)(path, items, self.url)
        reply = {
            "Content-Type": "application/atom+xml" if atom else "application/rss+xml",
            "ETag": f'"{hashlib.sha256(body).hexdigest()[:16]}"',
        }
        newest = max((item.published for item in items), default=None)
        if newest is not None:
            reply["Last-Modified"] = email.utils.format_datetime(newest, usegmt=True)
        if _not_modified(headers, reply["ETag"], newest):
            return 304, reply, b""
        now = time.time()
        for item in items:
            self.first_served.setdefault(item.guid, now)
        return 200, reply, body


def _not_modified(
    headers: Mapping[str, str], etag: str, newest: datetime.datetime | None
) -> bool:
    """Whether a conditional GET is answered 304; If-None-Match, when sent, decides alone
    (RFC 9110, 13.2.2)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip() for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None or newest is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    # HTTP dates have whole seconds.
    return since.tzinfo is not None and newest.replace(microsecond=0) <= since


def _handler_for(server: FeedServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            status, headers, body = server._respond(self.path.split("?")[0], self.headers)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass  # `requests` is the log

    return Handler


def _absolute(link: str, url_of: UrlOf) -> str:
    return url_of(link) if link.startswith("/") else link


def _article_html(text: str) -> str:
    """Plain text as HTML paragraphs, one a blank-line-separated block."""
    blocks = (block.strip() for block in text.split("\n\n"))
    return "\n".join(f"<p>{html.escape(block)}</p>" for block in blocks if block)


def _rss(path: str, items: tuple[Item, ...], url_of: UrlOf) -> bytes:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = f"newsbeam demo {path}"
    ET.SubElement(channel, "link").text = url_of(path)
    ET.SubElement(channel, "description").text = "Items added by script"
    for item in items:
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = item.title
        ET.SubElement(entry, "link").text = _absolute(item.link, url_of)
        ET.SubElement(entry, "guid", isPermaLink="false").text = item.guid
        ET.SubElement(entry, "pubDate").text = email.utils.format_datetime(item.published)
        if item.text is not None:
            ET.SubElement(entry, f"{{{_CONTENT}}}encoded").text = _article_html(item.text)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def _atom(path: str, items: tuple[Item, ...], url_of: UrlOf) -> bytes:
    feed = ET.Element("feed", xmlns=_ATOM)
    ET.SubElement(feed, "id").text = url_of(path)
    ET.SubElement(feed, "title").text = f"newsbeam demo {path}"
    newest = max((item.published for item in items), default=_EPOCH)
    ET.SubElement(feed, "updated").text = newest.isoformat()
    for item in items:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = item.guid
        ET.SubElement(entry, "title").text = item.title
        ET.SubElement(entry, "link", href=_absolute(item.link, url_of))
        ET.SubElement(entry, "updated").text = item.published.isoformat()
        ET.SubElement(entry, "published").text = item.published.isoformat()
        if item.text is not None:
            content = ET.SubElement(entry, "content", type="html")
            content.text = _article_html(item.text)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def demo_steps(
    seeds_dir: pathlib.Path, corpus_dir: pathlib.Path, n_steps: int = 4, n_pages: int = 10
) -> tuple[list[Step], dict[str, str]]:
    """(steps, pages) for the demo: three feeds (two RSS, one Atom) fed from the seed texts
    (`seeds_dir/*.txt`, content in the feed) and the first `n_pages` wcxb-dev pages
    (`corpus_dir/wcxb-dev`, link-only items whose page this server serves), items released
    evenly over `n_steps` steps. Every third item also appears, same guid and link, in the next
    feed, as syndicated copies do; released items stay in their feeds unchanged."""
    if n_steps < 1:
        raise ValueError(f"n_steps must be at least 1, got {n_steps}")
    linked = _corpus_items(corpus_dir, n_pages)
    pages = {item.link: page for item, page in linked}
    items = [
        dataclasses.replace(item, published=_DEMO_START + datetime.timedelta(minutes=index))
        for index, item in enumerate(_seed_items(seeds_dir) + [item for item, _ in linked])
    ]
    homes = [
        (_DEMO_FEEDS[index % 3],) + ((_DEMO_FEEDS[(index + 1) % 3],) if index % 3 == 0 else ())
        for index in range(len(items))
    ]
    steps = []
    for step in range(n_steps):
        released = -(-len(items) * (step + 1) // n_steps)  # ceiling: the last step has them all
        feeds = {
            path: tuple(item for item, home in zip(items[:released], homes) if path in home)
            for path in _DEMO_FEEDS
        }
        steps.append(Step(feeds))
    return steps, pages


def _seed_items(seeds_dir: pathlib.Path) -> list[Item]:
    """One item per seed text, its content in the feed, titled by its first line."""
    items = []
    for path in sorted(pathlib.Path(seeds_dir).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        first_line = next(line.strip() for line in text.splitlines() if line.strip())
        items.append(
            Item(
                guid=f"seed-{path.stem}",
                link=f"https://seeds.newsbeam.invalid/{path.stem}",
                title=first_line[:100],
                text=text,
                published=_DEMO_START,  # demo_steps dates every item
            )
        )
    return items


def _corpus_items(corpus_dir: pathlib.Path, count: int) -> list[tuple[Item, str]]:
    """(link-only item, page HTML) for the first `count` wcxb-dev pages, read from the corpus."""
    folder = pathlib.Path(corpus_dir) / "wcxb-dev"
    found = []
    with open(folder / "gold.jsonl", encoding="utf-8") as gold:
        for line in gold:
            if len(found) == count:
                break
            record = json.loads(line)
            raw = gzip.decompress((folder / "html" / f"{record['id']}.html.gz").read_bytes())
            item = Item(
                guid=f"wcxb-{record['id']}",
                link=f"/pages/{record['id']}.html",
                title=record.get("title") or record["url"],
                text=None,
                published=_DEMO_START,  # demo_steps dates every item
            )
            found.append((item, raw.decode("utf-8", errors="replace")))
    return found
