"""Feed polling: RSS/Atom feeds fetched on every poll, each new item emitted once.

Each feed is a key with its own state: the validators of its last response (so an unchanged feed
costs a 304 and no parsing) and the ids of the items it served within the retention period (so a
feed re-served with old items emits only the new ones). An item's id comes from its GUID, else
its link (the batch feed reader's rule), so the same item in two feeds has one id and the
stream's `OncePerKey` keeps one. An item whose feed carries no content has its page fetched.
All network access goes through `transforms.fetch` (timeouts, size limit, per-host delay, no
private addresses unless allowed). A feed that cannot be fetched or parsed becomes a reject.
"""

from __future__ import annotations

import dataclasses
import io
import json

import apache_beam as beam
from apache_beam import coders, pvalue
from apache_beam.metrics import Metrics
from apache_beam.transforms import userstate

from schemas.records import CONTENT_HTML, Document, Reject
from transforms.fetch import Fetcher, FetchError, FetchPolicy
from transforms.formats import Limits, feed
from transforms.formats.common import decoded_document, reject
from transforms.polls import Polls
from transforms.stage import StageOutput
from transforms.tags import DOCS, REJECTS

__all__ = ["PollFeeds"]

_METRICS = "newsbeam.poll"
_PAGES = "pages"


class _FetchingFn(beam.DoFn):
    """A DoFn with one Fetcher per instance: its per-host delay and connections are its own."""

    def __init__(self, policy: FetchPolicy):
        self._policy = policy
        self._fetcher: Fetcher | None = None

    def setup(self):
        self._fetcher = Fetcher(self._policy)

    def teardown(self):
        if self._fetcher:
            self._fetcher.close()


class _PollFeedFn(_FetchingFn):
    """(feed URL, poll) → the feed's new items; items without content go to `pages`."""

    VALIDATORS = userstate.ReadModifyWriteStateSpec("validators", coders.PickleCoder())
    SEEN = userstate.ReadModifyWriteStateSpec("seen", coders.PickleCoder())

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
    ):
        url, _ = element
        self._polls.inc()
        try:
            fetched = self._fetcher.get(url, validators_state.read())
        except FetchError as error:
            self._errors.inc()
            yield pvalue.TaggedOutput(REJECTS, reject(url, f"cannot fetch feed: {error}", b""))
            return
        if fetched.status == 304:
            self._not_modified.inc()
            return
        validators_state.write(fetched.validators)
        now = float(timestamp)
        seen = {
            item_id: at
            for item_id, at in (seen_state.read() or {}).items()
            if at > now - self._retention
        }
        limits = Limits(self._policy.max_bytes)
        for item in feed.read(url, io.BytesIO(fetched.body), limits):
            if item.id in seen:
                self._known.inc()
            else:
                self._new.inc()
                yield _route(item)
            seen[item.id] = now
        seen_state.write(seen)


def _route(item: Document | Reject):
    if isinstance(item, Document):
        return item
    if item.error == feed.NO_CONTENT and item.url:
        return pvalue.TaggedOutput(_PAGES, item)
    return pvalue.TaggedOutput(REJECTS, item)


class _FetchPageFn(_FetchingFn):
    """A feed item without content (its read Reject) → the Document of its linked page."""

    def __init__(self, policy: FetchPolicy):
        super().__init__(policy)
        self._pages = Metrics.counter(_METRICS, "pages_fetched")
        self._errors = Metrics.counter(_METRICS, "page_errors")

    def process(self, item: Reject):
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
            | "EachFeed" >> beam.FlatMap(lambda poll: [(url, poll) for url in feed_urls])
            | "Poll"
            >> beam.ParDo(_PollFeedFn(self._policy, self._retention)).with_outputs(
                REJECTS, _PAGES, main=DOCS
            )
        )
        pages = (
            polled[_PAGES]
            | "SpreadPages" >> beam.Reshuffle()
            | "FetchPages"
            >> beam.ParDo(_FetchPageFn(self._policy)).with_outputs(REJECTS, main=DOCS)
        )
        docs = (polled[DOCS], pages[DOCS]) | "Docs" >> beam.Flatten()
        rejects = (polled[REJECTS], pages[REJECTS]) | "Rejects" >> beam.Flatten()
        return StageOutput(docs, rejects)
