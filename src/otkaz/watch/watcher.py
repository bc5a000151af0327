"""The watcher: poll the sources that are due, store what is new, link, and wait.

    with Watcher(store, sources) as watcher:
        print(watcher.poll_due().line())   # one round (`otkaz watch --once`)
        watcher.run(on_round=print)         # or rounds until stop() (`otkaz watch`)

A poll of a source is a conditional GET (http.conditional_get): 304 brings
nothing; a feed gives its entries, each handled once by URL (`watch_items`),
and an entry that carries only a teaser has its page fetched (as
`feed_documents` does); a page gives one document. A text already stored by
this pipeline version is not extracted again and counts as unchanged; a new
one is extracted and stored as `otkaz ingest` does (batch._extract_and_store),
and after a round that stored something the new mentions are linked
(batch.finish_linking).

Errors: a source that fails (HTTP error, timeout, robots.txt) waits
`backoff(interval, failures)` before its next poll, or what a 429/503's
Retry-After asks. A feed item that fails is not remembered, so the next poll
tries it again; the feed's validators (ETag, Last-Modified) are saved only
after a poll that handled every item, so that a 304 never hides an item not
yet stored. `stop()` (SIGTERM, Ctrl-C) ends the round after the document in
hand is stored; the source is then due again at once.

Everything that waits goes through the injected clock, and every request
through the injected transport wrapped in http.PoliteTransport: tests run
rounds with httpx.MockTransport and a fake clock, with no network and no sleep.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType

import httpx

from otkaz import settings
from otkaz.batch import OnError, Summary, _extract_and_store, finish_linking
from otkaz.errors import SourceError
from otkaz.ingest.feeds import feed_documents
from otkaz.ingest.fetch import Fetched, LazyClient, fetched_to_document, kind_of, make_client
from otkaz.models import Document
from otkaz.store import Store
from otkaz.watch import state as db
from otkaz.watch.clock import Clock, SystemClock
from otkaz.watch.http import PoliteTransport, Throttled, conditional_get
from otkaz.watch.sources import WatchSource
from otkaz.watch.state import SourceState

MAX_BACKOFF = 86400  # seconds: a failing source is still tried once a day
IDLE = 3600.0  # seconds the loop waits when no source has a due time (none listed)


def plural(n: int, singular: str) -> str:
    return f"{n} {singular}{'' if n == 1 else 's'}"


def backoff(interval: int, failures: int) -> float:
    """Seconds to wait after the `failures`-th failure in a row: the interval, doubled
    for each failure after the first, at most a day (or the interval, if longer).

        >>> backoff(600, 1), backoff(600, 3), backoff(3600, 9)
        (600, 2400, 86400)
    """
    return min(interval * 2 ** max(failures - 1, 0), max(MAX_BACKOFF, interval))


@dataclass
class Round:
    """What one round brought; `summary` counts documents as `otkaz ingest` does."""

    polled: int = 0
    not_modified: int = 0
    failed_sources: int = 0
    seen: int = 0  # feed items handled in an earlier round, not fetched again
    skipped: int = 0  # feed items robots.txt disallows
    new_cases: int = 0
    stopped: bool = False
    summary: Summary = field(default_factory=Summary)

    def line(self) -> str:
        """One line for the log: "2 sources polled (1 not modified): 3 new documents, ..."."""
        s = self.summary
        head = [f"{self.not_modified} not modified"] if self.not_modified else []
        if self.failed_sources:
            head.append(f"{self.failed_sources} failed")
        polled = plural(self.polled, "source") + " polled"
        if head:
            polled += f" ({', '.join(head)})"
        parts = [plural(s.stored, "new document"), f"{s.unchanged} unchanged"]
        if self.seen:
            parts.append(f"{self.seen} seen before")
        if self.skipped:
            parts.append(f"{self.skipped} disallowed by robots.txt")
        parts += [plural(s.incidents, "new incident"), plural(self.new_cases, "new case"),
                  plural(s.failed, "error")]
        end = "; stopped" if self.stopped else ""
        return f"{polled}: {', '.join(parts)}{end}"


class _ItemFilter:
    """The `skip` of feed_documents: True for an item seen before. It is asked about each
    entry just before that entry is read, so `current` is the key of the item yielded next."""

    def __init__(self, store: Store, round_: Round) -> None:
        self.store, self.round, self.current = store, round_, ""

    def __call__(self, key: str) -> bool:
        if db.seen(self.store, key):
            self.round.seen += 1
            return True
        self.current = key
        return False


class Watcher:
    """Polls `sources` into `store` (see the module doc); a context manager that closes
    its HTTP client.

    `transport` is the httpx transport underneath (None: the network); `clock` gives
    now() and sleep() (None: the system's, woken by `stop`); `host_delay` is the least
    number of seconds between two requests to one host (setting `watch_host_delay`).
    """

    def __init__(self, store: Store, sources: Sequence[WatchSource], *,
                 transport: httpx.BaseTransport | None = None, clock: Clock | None = None,
                 host_delay: float | None = None, max_bytes: int | None = None,
                 stop: threading.Event | None = None, on_error: OnError | None = None,
                 on_document: Callable[[Document, str], None] | None = None) -> None:
        self.store = store
        self.sources = list(sources)
        self.stop_event = stop if stop is not None else threading.Event()
        self.clock: Clock = clock if clock is not None else SystemClock(self.stop_event)
        delay = float(settings.get("watch_host_delay")) if host_delay is None else host_delay
        self.transport = PoliteTransport(transport, clock=self.clock, host_delay=delay,
                                         user_agent=settings.get("user_agent"))
        self.client = make_client(self.transport)
        self.lazy = LazyClient(self.client)
        self.max_bytes = max_bytes
        self.on_error = on_error
        self.on_document = on_document

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def stop(self) -> None:
        """Stop after the document in hand (safe to call from a signal handler)."""
        self.stop_event.set()

    @property
    def stopping(self) -> bool:
        return self.stop_event.is_set()

    # rounds

    def poll_due(self) -> Round:
        """Poll every source due now, once, in the order they fell due; then link."""
        round_ = Round()
        now = self.clock.now()
        states = db.sync_sources(self.store, self.sources, now)
        due = sorted((s for s in states if s.due(now)),
                     key=lambda s: (s.next_due is not None, s.next_due or now))
        cases_before = self.store.counts()["cases"] if due else 0
        for state in due:
            if self.stopping:
                round_.stopped = True
                break
            self._poll(state, round_)
        round_.stopped = round_.stopped or self.stopping
        if round_.summary.stored:
            finish_linking(self.store, round_.summary)
            round_.new_cases = max(0, self.store.counts()["cases"] - cases_before)
        return round_

    def next_due(self) -> datetime | None:
        """When the next source falls due (None when none is listed)."""
        states = db.sync_sources(self.store, self.sources, self.clock.now())
        times = [s.next_due or self.clock.now() for s in states]
        return min(times, default=None)

    def run(self, on_round: Callable[[Round], None] | None = None) -> None:
        """Rounds until stop(): poll what is due, report the round, sleep until the next."""
        while not self.stopping:
            round_ = self.poll_due()
            if on_round is not None and (round_.polled or round_.stopped):
                on_round(round_)
            if self.stopping:
                break
            wake = self.next_due()
            wait = IDLE if wake is None else (wake - self.clock.now()).total_seconds()
            self.clock.sleep(max(wait, 1.0))

    # one source

    def _poll(self, state: SourceState, round_: Round) -> None:
        now = self.clock.now()
        round_.polled += 1
        try:
            poll = conditional_get(state.url, self.client, etag=state.etag,
                                   last_modified=state.last_modified, now=now,
                                   max_bytes=self.max_bytes)
        except SourceError as e:
            self._failed(state, e, now, round_)
            return
        if poll.fetched is None:
            round_.not_modified += 1
            db.save_source(self.store, state.id, last_fetch=now, last_success=now, failures=0,
                           last_error=None, etag=poll.etag, last_modified=poll.last_modified,
                           next_due=now + timedelta(seconds=state.interval))
            return
        complete, problem = self._read(state, poll.fetched, now, round_)
        values: dict[str, object] = {
            "last_fetch": now, "last_success": now, "failures": 0, "last_error": problem,
            "next_due": now if self.stopping else now + timedelta(seconds=state.interval)}
        if complete:  # else the next poll must not get a 304 for items not yet stored
            values |= {"etag": poll.etag, "last_modified": poll.last_modified}
        db.save_source(self.store, state.id, **values)

    def _failed(self, state: SourceState, error: SourceError, now: datetime,
                round_: Round) -> None:
        failures = state.failures + 1
        wait = backoff(state.interval, failures)
        if isinstance(error, Throttled) and error.retry_after is not None:
            wait = error.retry_after  # the server said when; it knows best
        db.save_source(self.store, state.id, last_fetch=now, failures=failures,
                       last_error=error.one_line(), next_due=now + timedelta(seconds=wait))
        round_.failed_sources += 1
        self._error(error, round_)

    def _error(self, error: SourceError, round_: Round) -> None:
        round_.summary.errors.append(error)
        if self.on_error is not None:
            self.on_error(error)

    def _items(self, state: SourceState, fetched: Fetched, round_: Round
               ) -> tuple[Iterator[Document | SourceError], _ItemFilter | None]:
        if kind_of(fetched) == "feed":
            chosen = _ItemFilter(self.store, round_)
            return feed_documents(fetched.data, state.url, self.lazy, self.max_bytes,
                                  skip=chosen), chosen
        try:
            page: Document | SourceError = fetched_to_document(fetched, doc_id=state.url)
        except SourceError as e:
            page = e
        return iter([page]), None

    def _read(self, state: SourceState, fetched: Fetched, now: datetime, round_: Round
              ) -> tuple[bool, str | None]:
        """Handle every new item of one fetched source: (all handled, last item error)."""
        items, chosen = self._items(state, fetched, round_)
        complete, problem = True, None
        try:
            for item in items:
                key = chosen.current if chosen is not None else None
                if isinstance(item, SourceError):
                    if item.code == "E115" and key:  # robots.txt: remembered, not retried
                        db.record_item(self.store, state.id, key, "skipped", now,
                                       reason=item.reason)
                        round_.skipped += 1
                    else:
                        complete, problem = False, item.one_line()
                        self._error(item, round_)
                elif not self._take(item, state, key, now, round_):
                    complete, problem = False, round_.summary.errors[-1].one_line()
                if self.stopping:
                    return False, problem
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # a feed's generator: fetch nothing more
        return complete, problem

    def _take(self, doc: Document, state: SourceState, key: str | None, now: datetime,
              round_: Round) -> bool:
        """Store `doc` unless its text is stored already; False when extraction failed."""
        from otkaz.extract import PIPELINE_VERSION

        summary = round_.summary
        summary.read += 1
        if self.store.has_document(doc.sha256, PIPELINE_VERSION):
            summary.unchanged += 1
            outcome = "unchanged"
        else:
            stored, failed = summary.stored, summary.failed
            _extract_and_store([doc], self.store, summary, self.on_error)
            if summary.failed > failed:
                return False
            outcome = "stored" if summary.stored > stored else "unchanged"
        if key is not None:
            db.record_item(self.store, state.id, key, outcome, now, sha256=doc.sha256,
                           stored=outcome == "stored")
        elif outcome == "stored":
            db.count_document(self.store, state.id)
        if self.on_document is not None:
            self.on_document(doc, outcome)
        return True
