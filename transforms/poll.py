"""Feed polling: RSS/Atom feeds fetched on every poll, each new item emitted once.

Feeds are keyed by their host, with state per feed: the validators of its last response (so an
unchanged feed costs a 304 and no parsing) and the ids of the items it served within the
retention period (so a feed re-served with old items emits only the new ones). An item's id comes
from its GUID, else its link (the batch feed reader's rule), else a hash of its title, date and
text, so the same item in two feeds has one id and the stream's `OncePerKey` keeps one. An item
whose feed carries no content has its page fetched (`FetchLinkedPages`, which `newsbeam run
--fetch_links` uses too), keyed by the page's host. All network access goes through
`transforms.fetch` (timeouts, size limit, no private addresses unless allowed); the per-host
delay is kept in each host key's state, so it holds across workers: a host gets at most one feed
request and one page request per delay. A feed that cannot be fetched or parsed becomes a reject
of that poll.
"""

from __future__ import annotations

import dataclasses
import io
import json
import time

import apache_beam as beam
from apache_beam import coders, pvalue
from apache_beam.metrics import Metrics
from apache_beam.transforms import userstate

from schemas.records import CONTENT_HTML, Document, Reject
from transforms.fetch import Fetcher, FetchError, FetchPolicy, Validators, host_key
from transforms.formats import Limits, feed
from transforms.formats.common import decoded_document, document_id, reject
from transforms.polls import Polls
from transforms.stage import StageOutput
from transforms.state_coders import JSON_CODER, KEYED
from transforms.tags import DOCS, REJECTS

__all__ = ["FetchLinkedPages", "PollFeeds"]

_METRICS = "newsbeam.poll"


class _FetchingFn(beam.DoFn):
    """A DoFn that fetches, keyed by host (`fetch.host_key`): requests to one host go through one
    key, whose state holds when the last one was made (wall clock), so the policy's per-host
    delay holds across workers, not only within one Fetcher. One Fetcher per instance keeps the
    connections."""

    LAST_REQUEST = userstate.ReadModifyWriteStateSpec("last_request", coders.FloatCoder())

    def __init__(self, policy: FetchPolicy, clock=time.time, sleep=time.sleep):
        self._policy = policy
        self._clock = clock
        self._sleep = sleep
        self._fetcher: Fetcher | None = None

    def setup(self):
        self._fetcher = Fetcher(self._policy)

    def teardown(self):
        if self._fetcher:
            self._fetcher.close()

    def _wait_turn(self, last_request) -> None:
        """Sleeps until the host's delay has passed since its last request from any worker."""
        last = last_request.read()
        if last is not None:
            remaining = self._policy.min_host_delay - (self._clock() - last)
            if remaining > 0:
                self._sleep(remaining)
        last_request.write(self._clock())


class _PollFeedFn(_FetchingFn):
    """(host, (feed URL, poll)) → the feed's new items; items without content go to REJECTS."""

    VALIDATORS = userstate.ReadModifyWriteStateSpec("validators", JSON_CODER)  # url: [etag, date]
    SEEN = userstate.ReadModifyWriteStateSpec("seen", JSON_CODER)  # url: {item id: poll time}

    def __init__(self, policy: FetchPolicy, retention_seconds: float):
        super().__init__(policy)
        self._retention = retention_seconds
        self._polls = Metrics.counter(_METRICS, "polls")
        self._not_modified = Metrics.counter(_METRICS, "not_modified")
        self._errors = Metrics.counter(_METRICS, "feed_errors")
        self._new = Metrics.counter(_METRICS, "new_items")
        self._known = Metrics.counter(_METRICS, "items_already_seen")

    def process(
        self,
        element,
        timestamp=beam.DoFn.TimestampParam,
        validators_state=beam.DoFn.StateParam(VALIDATORS),
        seen_state=beam.DoFn.StateParam(SEEN),
        last_request=beam.DoFn.StateParam(_FetchingFn.LAST_REQUEST),
    ):
        _, (url, _) = element
        self._polls.inc()
        validators = validators_state.read() or {}
        known = validators.get(url)
        self._wait_turn(last_request)
        try:
            fetched = self._fetcher.get(url, Validators(*known) if known else None)
        except FetchError as error:
            self._errors.inc()
            failure = reject(url, f"cannot fetch feed: {error}", b"")
            yield pvalue.TaggedOutput(REJECTS, _failure_of_poll(failure, timestamp))
            return
        if fetched.status == 304:
            self._not_modified.inc()
            return
        validators[url] = [fetched.validators.etag, fetched.validators.last_modified]
        validators_state.write(validators)
        now = float(timestamp)
        seen_by_feed = seen_state.read() or {}
        seen = {
            item_id: at
            for item_id, at in seen_by_feed.get(url, {}).items()
            if at > now - self._retention
        }
        limits = Limits(self._policy.max_bytes)
        for item in feed.read(url, io.BytesIO(fetched.body), limits):
            if item.id in seen:
                self._known.inc()
            else:
                self._new.inc()
                if isinstance(item, Document):
                    yield item
                elif item.source_uri == url:  # the whole feed failed (unreadable, not a feed)
                    yield pvalue.TaggedOutput(REJECTS, _failure_of_poll(item, timestamp))
                else:
                    yield pvalue.TaggedOutput(REJECTS, item)
            seen[item.id] = now
        seen_by_feed[url] = seen
        seen_state.write(seen_by_feed)



def _failure_of_poll(failure: Reject, poll) -> Reject:
    """A failure of the whole feed, identified by the feed and the poll: each poll's failure is a
    reject of its own, so a later (maybe different) error is not taken for a redelivery."""
    return dataclasses.replace(failure, id=document_id(failure.source_uri, f"poll@{poll.micros}"))


class _FetchPageFn(_FetchingFn):
    """(host, a feed item without content (its read Reject)) → the Document of its linked page."""

    def __init__(self, policy: FetchPolicy, clock=time.time, sleep=time.sleep):
        super().__init__(policy, clock, sleep)
        self._pages = Metrics.counter(_METRICS, "pages_fetched")
        self._errors = Metrics.counter(_METRICS, "page_errors")

    def process(self, element, last_request=beam.DoFn.StateParam(_FetchingFn.LAST_REQUEST)):
        _, item = element
        self._wait_turn(last_request)
        try:
            page = self._fetcher.get(item.url)
        except FetchError as error:
            self._errors.inc()
            yield pvalue.TaggedOutput(
                REJECTS, dataclasses.replace(item, error=f"cannot fetch page: {error}")
            )
            return
        self._pages.inc()
        doc = decoded_document(
            item.source_uri, page.body, CONTENT_HTML, declared=page.charset, url=item.url
        )
        if isinstance(doc, Reject):
            yield pvalue.TaggedOutput(REJECTS, dataclasses.replace(doc, id=item.id))
            return
        described = json.loads(item.payload)
        yield doc.replace(
            id=item.id, item_id=described.get("id"), title=described.get("title") or None
        )


def _is_link_only(item: Reject, partitions: int) -> int:
    return int(feed.is_link_only(item))


class FetchLinkedPages(beam.PTransform):
    """Read rejects → `StageOutput`: each feed item that only links to its article becomes the
    Document of the linked page, or a reject saying why it could not be fetched; other rejects
    pass through. The stream fetches every such item; `newsbeam run` with --fetch_links."""

    def __init__(self, policy: FetchPolicy = FetchPolicy()):
        super().__init__()
        self._policy = policy

    def expand(self, rejects) -> StageOutput:
        others, linked = rejects | "LinkOnly" >> beam.Partition(_is_link_only, 2)
        pages = (
            linked
            | "ByHost"
            >> beam.Map(lambda item: (host_key(item.url), item)).with_output_types(KEYED)
            | "FetchPages"
            >> beam.ParDo(_FetchPageFn(self._policy)).with_outputs(REJECTS, main=DOCS)
        )
        return StageOutput(pages[DOCS], (others, pages[REJECTS]) | "Rejects" >> beam.Flatten())


class PollFeeds(beam.PTransform):
    """Polls `feed_urls` every `interval` seconds from `start` until `stop` (epoch seconds; None:
    forever) → `StageOutput` of new items, each timestamped with the poll that found it."""

    def __init__(
        self,
        feed_urls: list[str],
        interval: float,
        start: float,
        stop: float | None,
        retention_seconds: float,
        policy: FetchPolicy = FetchPolicy(),
    ):
        super().__init__()
        self._feed_urls = sorted(set(feed_urls))
        self._interval = interval
        self._start = start
        self._stop = stop
        self._retention = retention_seconds
        self._policy = policy

    def expand(self, pbegin) -> StageOutput:
        feed_urls = self._feed_urls
        polled = (
            pbegin
            | "Polls" >> Polls(self._start, self._stop, self._interval)
            | "EachFeed"
            >> beam.FlatMap(
                lambda poll: [(host_key(url), (url, poll)) for url in feed_urls]
            ).with_output_types(KEYED)
            | "Poll"
            >> beam.ParDo(_PollFeedFn(self._policy, self._retention)).with_outputs(
                REJECTS, main=DOCS
            )
        )
        pages = polled[REJECTS] | "Pages" >> FetchLinkedPages(self._policy)
        docs = (polled[DOCS], pages.docs) | "Docs" >> beam.Flatten()
        return StageOutput(docs, pages.rejects)
