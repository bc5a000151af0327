"""PoliteTransport on its own: the per-host pace, and what each robots.txt answer means;
Retry-After values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from otkaz.errors import SourceError
from otkaz.ingest.fetch import download, make_client
from otkaz.watch import ManualClock
from otkaz.watch.http import PoliteTransport, retry_after

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PAGE = "https://site.example/news/1"


def client(web: Any, clock: ManualClock, delay: float = 0) -> httpx.Client:
    return make_client(PoliteTransport(web.transport(), clock=clock, host_delay=delay,
                                       user_agent="otkaz/test"))


def test_pace_is_per_host_and_counts_time_already_passed(make_web: Any) -> None:
    clock = ManualClock(NOW)
    web = make_web({PAGE: httpx.Response(200, text="a"),
                    "https://other.example/x": httpx.Response(200, text="b")})
    with client(web, clock, delay=5) as c:
        download(PAGE, c)  # robots.txt first, then the page 5 s later
        clock.advance(3)
        download(PAGE, c)  # 2 s still to wait
        download("https://other.example/x", c)  # another host: its robots.txt at once,
        # then its page 5 s after that
    assert clock.sleeps == [5.0, 2.0, 5.0]
    assert [r.url.path for r in web.requests] == ["/robots.txt", "/news/1", "/news/1",
                                                  "/robots.txt", "/x"]
    assert web.requests[0].headers["user-agent"] == "otkaz/test"


@pytest.mark.parametrize(("robots", "allowed"), [
    (httpx.Response(404), True),  # no robots.txt: everything allowed
    (httpx.Response(410), True),
    (httpx.Response(401), False),  # urllib.robotparser's reading: the site is closed
    (httpx.Response(403), False),
    (httpx.Response(200, text="User-agent: otkaz\nDisallow: /news/\n"), False),
    (httpx.Response(200, text="User-agent: somebot\nDisallow: /\n"), True),
    # urllib.robotparser takes the first rule that matches (RFC 9309: the longest)
    (httpx.Response(200, text="User-agent: *\nAllow: /news/1\nDisallow: /news/\n"), True),
    (httpx.Response(200, text="User-agent: *\nDisallow: /news/\nAllow: /news/1\n"), False),
])
def test_what_robots_txt_allows(make_web: Any, robots: httpx.Response, allowed: bool) -> None:
    web = make_web({"https://site.example/robots.txt": robots,
                    PAGE: httpx.Response(200, text="page")})
    with client(web, ManualClock(NOW)) as c:
        if allowed:
            assert download(PAGE, c).data == b"page"
        else:
            with pytest.raises(SourceError) as caught:
                download(PAGE, c)
            assert str(caught.value) == (f"[E115] {PAGE}: disallowed by robots.txt of "
                                         "https://site.example")
    assert (PAGE in web.pages()) is allowed


def test_robots_txt_is_read_once_per_site_and_again_after_a_day(make_web: Any) -> None:
    clock = ManualClock(NOW)
    web = make_web({PAGE: httpx.Response(200, text="page")})
    with client(web, clock) as c:
        download(PAGE, c)
        download(PAGE, c)
        clock.advance(86400)
        download(PAGE, c)
    assert [r.url.path for r in web.requests] == [
        "/robots.txt", "/news/1", "/news/1", "/robots.txt", "/news/1"]


def test_a_robots_txt_redirect_is_followed(make_web: Any) -> None:
    web = make_web({
        "https://site.example/robots.txt": httpx.Response(
            301, headers={"location": "https://www.site.example/robots.txt"}),
        "https://www.site.example/robots.txt": httpx.Response(
            200, text="User-agent: *\nDisallow: /news/\n"),
        PAGE: httpx.Response(200, text="page")})
    with client(web, ManualClock(NOW)) as c, pytest.raises(SourceError, match="E115"):
        download(PAGE, c)


def test_a_failing_robots_txt_refuses_for_now_and_is_not_remembered(make_web: Any) -> None:
    answers = [httpx.Response(503), httpx.Response(404)]
    web = make_web({"https://site.example/robots.txt": lambda r: answers.pop(0),
                    PAGE: httpx.Response(200, text="page")})
    with client(web, ManualClock(NOW)) as c:
        with pytest.raises(SourceError) as caught:
            download(PAGE, c)
        assert caught.value.code == "E115" and "unreachable (HTTP 503)" in caught.value.reason
        assert download(PAGE, c).data == b"page"  # asked again: now a 404, allowed


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0), (" 0 ", 0.0), ("Mon, 03 Mar 2025 09:05:00 GMT", 300.0),
    ("Mon, 03 Mar 2025 08:00:00 GMT", 0.0),  # a date past: at once
    ("soon", None), ("", None), (None, None), ("-5", None),
])
def test_retry_after(value: str | None, seconds: float | None) -> None:
    assert retry_after(value, NOW) == seconds
