"""Feed items in the stream: a feed's failures are one reject per poll, items with neither GUID
nor link keep their ids when the feed grows, and a host gets one request per delay whichever
worker asks."""

from __future__ import annotations

import io

from apache_beam.utils.timestamp import Timestamp

from pipeline.stream import item_key
from schemas import Document, Reject
from transforms.fetch import Fetched, FetchError, FetchPolicy, Validators, host_key
from transforms.poll import _FetchPageFn, _PollFeedFn
from transforms.read import read_file

URL = "http://feeds.example/news.xml"


class FailingFetcher:
    def __init__(self, *errors: str):
        self._errors = list(errors)

    def get(self, url, validators=None):
        raise FetchError(f"{url}: {self._errors.pop(0)}")


class Serving:
    def __init__(self, body: bytes):
        self._body = body

    def get(self, url, validators=None):
        return Fetched(url, 200, self._body, "application/rss+xml", None, Validators())


class State:
    def __init__(self):
        self.value = None

    def read(self):
        return self.value

    def write(self, value):
        self.value = value


def poll(fetcher, at: float) -> list:
    fn = _PollFeedFn(FetchPolicy(), retention_seconds=3600)
    fn._fetcher = fetcher
    element = (host_key(URL), (URL, at))
    return [out.value for out in fn.process(element, Timestamp(at), State(), State(), State())]


def test_each_failed_poll_of_a_feed_is_its_own_reject():
    fetcher = FailingFetcher("HTTP status 500", "timed out")
    (first,) = poll(fetcher, 60)
    (second,) = poll(fetcher, 120)
    assert "HTTP status 500" in first.error and "timed out" in second.error
    assert item_key(first) != item_key(second)
    (again,) = poll(FailingFetcher("HTTP status 500"), 60)  # the same poll delivered again
    assert item_key(again) == item_key(first)


def test_a_feed_that_is_not_a_feed_is_a_reject_per_poll():
    broken = Serving(b"<html><body>maintenance</body></html>")
    (first,), (second,) = poll(broken, 60), poll(broken, 120)
    assert isinstance(first, Reject) and first.error == second.error
    assert item_key(first) != item_key(second)


def rss(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><description>{text}</description></item>"
        for title, text in items
    )
    return f'<rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'.encode()


def test_items_without_guid_or_link_keep_their_ids_when_one_is_prepended():
    old = [("Rates held", "The bank held rates."), ("Rain due", "Rain is due on Monday.")]
    before = {doc.title: doc.id for doc in read_file("news.xml", io.BytesIO(rss(*old)))}
    grown = [("Storm hits", "A storm hit the coast."), *old]
    after = {doc.title: doc.id for doc in read_file("news.xml", io.BytesIO(rss(*grown)))}
    assert all(isinstance(doc, Document) for doc in read_file("news.xml", io.BytesIO(rss(*grown))))
    assert {title: after[title] for title in before} == before
    assert after["Storm hits"] not in before.values()
    assert len(set(after.values())) == 3


class Clock:
    """Wall clock and sleep of the workers, in one simulated time."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_two_workers_fetching_from_one_host_wait_for_each_other():
    clock = Clock()
    policy = FetchPolicy(min_host_delay=2.0)
    last_request = State()  # the host key's state, whichever worker holds the key
    linked = Reject("feed.xml#item=1", "read", "link only", b"{}", "i1", "https://a.example/1")
    for worker in range(2):
        fn = _FetchPageFn(policy, clock=clock.time, sleep=clock.sleep)
        fn._fetcher = Serving(b"<html><body><p>Page</p></body></html>")
        list(fn.process((host_key(linked.url), linked), last_request))
        clock.now += 0.5
    assert clock.slept == [1.5]  # the second worker waited out the first one's delay
