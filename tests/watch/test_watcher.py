"""Rounds of the watcher over a scripted web and a fake clock: conditional GETs, 304s,
throttling and backoff, robots.txt, the per-host pace, stopping, and deduplication."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from otkaz.store import Store
from otkaz.store.schema import watch_items
from otkaz.watch import ManualClock, Watcher, WatchSource, backoff
from otkaz.watch.state import all_sources

FEED = "https://wire.example/rss"
A = "https://wire.example/news/krasnodar-police"
B = "https://wire.example/news/omsk-sappers"
C = "https://wire.example/news/tver-reservists"
TEXT = {
    A: "Twelve riot police officers from Krasnodar refused to go to Ukraine, their lawyer said.",
    B: "Five sappers from Omsk left their unit and went home, their mothers told reporters.",
    C: "Forty reservists from Tver walked out of a training camp on Sunday night.",
}
HOUR = 3600
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # where the `clock` fixture starts
Web = Any  # conftest.Web, from the make_web fixture (conftest cannot be imported)


def rss(items: list[tuple[str, str, str]], title: str = "Harbour Wire") -> bytes:
    """An RSS feed of (link, title, description) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Mon, 03 Mar 2025 08:00:00 +0000</pubDate><description>{d}</description>"
        "</item>" for link, t, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://wire.example/</link>{entries}"
            "</channel></rss>").encode()


def article(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>").encode()


def page(url: str) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html"},
                          content=article(url.rsplit("/", 1)[1], TEXT[url]))


def feed_route(links: list[str], etag: str = '"v1"',
               last_modified: str = "Mon, 03 Mar 2025 08:00:00 GMT") -> Any:
    """A feed that answers 304 to a request carrying its current validators."""
    body = rss([(link, link.rsplit("/", 1)[1], "Read more") for link in links])

    def handle(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"etag": etag})
        return httpx.Response(200, content=body, headers={
            "content-type": "application/rss+xml", "etag": etag,
            "last-modified": last_modified})
    return handle


def watcher(store: Store, web: Web, clock: ManualClock, **options: Any) -> Watcher:
    sources = options.pop("sources", [WatchSource(FEED, HOUR)])
    return Watcher(store, sources, transport=web.transport(), clock=clock,
                   host_delay=options.pop("host_delay", 0), **options)


def items(store: Store) -> dict[str, tuple[str, str | None]]:
    with store.engine.connect() as conn:
        return {r.url: (r.outcome, r.reason) for r in conn.execute(select(watch_items))}


def test_second_poll_is_conditional_and_a_304_brings_nothing(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({FEED: feed_route([A, B]), A: page(A), B: page(B)})
    with watcher(store, web, clock) as w:
        first = w.poll_due()
        assert (first.polled, first.summary.stored, first.summary.failed) == (1, 2, 0)
        assert first.new_cases == 2 and first.summary.incidents == 2
        assert web.pages() == [FEED, A, B]
        assert not any(h in web.requests[1].headers for h in ("if-none-match",
                                                                "if-modified-since"))
        assert w.poll_due().polled == 0  # nothing is due before the interval has passed
        clock.advance(HOUR)
        second = w.poll_due()
    conditional = web.asked(FEED)[-1].headers
    assert conditional["if-none-match"] == '"v1"'
    assert conditional["if-modified-since"] == "Mon, 03 Mar 2025 08:00:00 GMT"
    assert (second.polled, second.not_modified, second.summary.stored) == (1, 1, 0)
    assert web.pages() == [FEED, A, B, FEED]  # no article fetched again
    assert fast_extract == [A, B]
    [state] = all_sources(store)
    assert (state.items_seen, state.documents, state.failures) == (2, 2, 0)
    assert state.last_success == START + timedelta(seconds=HOUR)
    assert state.next_due == START + timedelta(seconds=2 * HOUR)
    assert "1 source polled (1 not modified): 0 new documents" in second.line()


def test_429_with_retry_after_sets_next_due_and_counts_failures(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({FEED: httpx.Response(429, headers={"retry-after": "120"})})
    with watcher(store, web, clock) as w:
        result = w.poll_due()
        [state] = all_sources(store)
        assert result.failed_sources == 1 and result.summary.failed == 1
        assert state.failures == 1 and state.next_due == START + timedelta(seconds=120)
        assert state.last_error is not None and "HTTP 429 Too Many Requests" in state.last_error
        assert "retry after 120 s" in state.last_error and state.last_success is None
        clock.advance(119)
        assert w.poll_due().polled == 0
        clock.advance(1)
        web.routes[FEED] = httpx.Response(503)  # no Retry-After: exponential backoff
        w.poll_due()
        [state] = all_sources(store)
        assert state.failures == 2
        assert state.next_due == clock.now() + timedelta(seconds=2 * HOUR)
        web.routes[FEED] = httpx.Response(503, headers={
            "retry-after": "Mon, 03 Mar 2025 12:00:00 GMT"})  # an HTTP date
        clock.at = state.next_due
        w.poll_due()
    [state] = all_sources(store)
    assert state.failures == 3 and state.next_due == START.replace(hour=12)


def test_a_success_after_failures_resets_them(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({FEED: httpx.Response(500)})
    with watcher(store, web, clock) as w:
        w.poll_due()
        web.routes.update({FEED: feed_route([A]), A: page(A)})
        clock.advance(HOUR)
        assert w.poll_due().summary.stored == 1
    [state] = all_sources(store)
    assert (state.failures, state.last_error) == (0, None)


@pytest.mark.parametrize(("interval", "failures", "seconds"), [
    (600, 1, 600), (600, 2, 1200), (600, 4, 4800), (3600, 6, 86400), (2 * 86400, 3, 2 * 86400),
])
def test_backoff_doubles_and_is_capped(interval: int, failures: int, seconds: int) -> None:
    assert backoff(interval, failures) == seconds


def test_robots_disallowed_items_are_skipped_with_a_reason(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    private = "https://wire.example/private/tver"
    web = make_web({"https://wire.example/robots.txt": httpx.Response(
        200, text="User-agent: otkaz\nDisallow: /private/\n\nUser-agent: *\nDisallow:\n"),
        FEED: feed_route([A, private]), A: page(A)})
    with watcher(store, web, clock) as w:
        result = w.poll_due()
    assert private not in web.pages() and result.skipped == 1
    assert result.summary.stored == 1 and result.summary.failed == 0
    outcome, reason = items(store)[private]
    assert outcome == "skipped" and reason == "disallowed by robots.txt of https://wire.example"
    assert [str(r.url) for r in web.requests].count("https://wire.example/robots.txt") == 1


def test_a_disallowed_source_is_not_fetched_and_its_error_recorded(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({"https://wire.example/robots.txt": httpx.Response(
        200, text="User-agent: *\nDisallow: /\n"), FEED: feed_route([A])})
    with watcher(store, web, clock) as w:
        result = w.poll_due()
    assert web.pages() == [] and result.failed_sources == 1
    [state] = all_sources(store)
    assert state.last_error == (f"[E115] {FEED}: disallowed by robots.txt of "
                                "https://wire.example")


def test_requests_to_one_host_keep_the_delay(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    other = "https://other.example/news/omsk"
    TEXT[other] = TEXT[B]
    web = make_web({FEED: feed_route([A, other, C]), A: page(A), other: page(other), C: page(C)})
    with watcher(store, web, clock, host_delay=5) as w:
        w.poll_due()
    # wire.example: robots.txt, feed, A, C -> three waits of 5 s; other.example: robots.txt
    # and its page, which follows its robots.txt at once (5 s have passed since: no wait)
    assert web.pages() == [FEED, A, other, C]
    assert clock.sleeps == [5.0, 5.0, 5.0]


def test_crawl_delay_in_robots_txt_lengthens_the_pace(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({"https://wire.example/robots.txt": httpx.Response(
        200, text="User-agent: *\nCrawl-delay: 12\n"), FEED: feed_route([A]), A: page(A)})
    with watcher(store, web, clock, host_delay=2) as w:
        w.poll_due()
    assert clock.sleeps == [12.0, 12.0]  # robots.txt, then feed and A each wait 12 s


def test_stop_ends_after_the_document_in_hand(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({FEED: feed_route([A, B]), A: page(A), B: page(B)})
    with watcher(store, web, clock) as w:
        w.on_document = lambda doc, outcome: w.stop()  # as SIGTERM during the first
        result = w.poll_due()
    assert result.stopped and result.summary.stored == 1 and web.pages() == [FEED, A]
    assert result.line().endswith("; stopped")
    [state] = all_sources(store)
    # no validators saved (the next poll must not get a 304) and due again at once
    assert state.etag is None and state.next_due == START
    with watcher(store, web, clock) as again:
        rest = again.poll_due()
    assert rest.summary.stored == 1 and rest.seen == 1 and web.pages()[-2:] == [FEED, B]
    assert "if-none-match" not in web.asked(FEED)[-1].headers
    assert fast_extract == [A, B]


def test_seen_urls_are_not_fetched_again_when_the_feed_changes(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({FEED: feed_route([A, B]), A: page(A), B: page(B), C: page(C)})
    with watcher(store, web, clock) as w:
        w.poll_due()
        web.routes[FEED] = feed_route([C, A, B], etag='"v2"')
        clock.advance(HOUR)
        result = w.poll_due()
    assert (result.summary.stored, result.seen) == (1, 2)
    assert web.pages() == [FEED, A, B, FEED, C]
    assert "2 seen before" in result.line()


def test_the_same_text_at_a_new_url_is_unchanged_and_not_extracted_again(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    copy = "https://wire.example/news/krasnodar-police-copy"
    web = make_web({FEED: feed_route([A, copy]), A: page(A),
               copy: lambda r: page(A)})  # the same article under a second URL
    with watcher(store, web, clock) as w:
        result = w.poll_due()
    assert (result.summary.stored, result.summary.unchanged) == (1, 1)
    assert fast_extract == [A]
    assert items(store) == {A: ("stored", None), copy: ("unchanged", None)}
    assert store.counts()["documents"] == 1


def test_a_page_source_polled_again_with_the_same_text_is_unchanged(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({A: page(A)})  # no validators: every poll gets the whole page
    with watcher(store, web, clock, sources=[WatchSource(A, 600)]) as w:
        assert w.poll_due().summary.stored == 1
        clock.advance(600)
        again = w.poll_due()
    assert (again.summary.stored, again.summary.unchanged) == (0, 1)
    assert fast_extract == [A] and all_sources(store)[0].documents == 1


def test_a_failed_item_is_tried_again_and_withholds_the_validators(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({FEED: feed_route([A, B]), A: page(A), B: httpx.Response(502)})
    with watcher(store, web, clock) as w:
        first = w.poll_due()
        [state] = all_sources(store)
        assert first.summary.failed == 1 and first.failed_sources == 0
        assert state.etag is None and state.last_error is not None and "HTTP 502" in \
            state.last_error
        web.routes[B] = page(B)
        clock.advance(HOUR)
        second = w.poll_due()
    assert "if-none-match" not in web.asked(FEED)[-1].headers
    assert (second.summary.stored, second.seen) == (1, 1)
    [state] = all_sources(store)
    assert state.etag == '"v1"' and state.last_error is None


def test_run_sleeps_until_the_next_source_is_due(
        store: Store, clock: ManualClock, make_web: Any, fast_extract: list[str]) -> None:
    web = make_web({FEED: feed_route([A]), A: page(A), B: page(B)})
    rounds: list[str] = []
    sources = [WatchSource(FEED, HOUR), WatchSource(B, 1800)]
    with watcher(store, web, clock, sources=sources) as w:
        def on_round(r: Any) -> None:
            rounds.append(r.line())
            if len(rounds) == 3:
                w.stop()
        w.run(on_round)
    assert clock.sleeps == [1800.0, 1800.0]  # B at 30 min, then FEED and B at 60 min
    assert rounds[0].startswith("2 sources polled: 2 new documents")
    assert rounds[1].startswith("1 source polled: 0 new documents, 1 unchanged")
    assert rounds[2].startswith("2 sources polled (1 not modified): 0 new documents")


def test_rounds_on_sqlite_and_postgresql(db_url: str, clock: ManualClock, make_web: Any,
                                         fast_extract: list[str]) -> None:
    from otkaz.store import open_store

    web = make_web({FEED: feed_route([A, B]), A: page(A), B: page(B)})
    with open_store(db_url) as store, watcher(store, web, clock) as w:
        assert w.poll_due().summary.stored == 2
        clock.advance(HOUR)
        assert w.poll_due().not_modified == 1
        [state] = all_sources(store)
        assert (state.items_seen, state.documents, state.etag) == (2, 2, '"v1"')
        assert state.last_success == clock.now() and state.next_due is not None
        assert state.next_due.tzinfo is not None and set(items(store)) == {A, B}
