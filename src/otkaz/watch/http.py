"""Polite HTTP for the watcher: a per-host pace, robots.txt, and conditional GETs.

    transport = PoliteTransport(httpx.HTTPTransport(), clock=SystemClock(), host_delay=5)
    client = make_client(transport)
    poll = conditional_get(url, client, etag='"abc"', last_modified=None, now=clock.now())
    poll.fetched is None     # 304 Not Modified: nothing new

`PoliteTransport` wraps any httpx transport (tests pass ``httpx.MockTransport``),
so every request a watcher makes, the feed items that `feed_documents` fetches
included, goes through it: it waits until `host_delay` seconds have passed since
the last request to the same host (through the injected clock, so tests record
the waits instead of sleeping; a robots.txt Crawl-delay for otkaz lengthens it,
up to `MAX_CRAWL_DELAY`), and refuses a URL that the site's robots.txt
disallows for otkaz (``fetch.Refused``, which `download` reports as E115).
robots.txt is read with `urllib.robotparser` through the same paced transport,
once per site and then again after `ROBOTS_TTL`; a 401 or 403 for it disallows
the whole site, another 4xx allows it all, and a 5xx refuses the URL for now
(RFC 9309) without being remembered; a failed connection fails the request.
urllib.robotparser applies the first rule that matches a path, where RFC 9309
asks for the longest: a site that lists `Allow: /news/1` after `Disallow: /news/`
is read as disallowing /news/1 (the cautious side).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin
from urllib.robotparser import RobotFileParser

import httpx

from otkaz.errors import SourceError
from otkaz.ingest.decode import limit
from otkaz.ingest.fetch import (
    Fetched,
    Refused,
    check_url,
    http_error,
    read_body,
    source_errors,
)
from otkaz.watch.clock import Clock

ROBOTS_TTL = timedelta(hours=24)  # how long a site's robots.txt is trusted (RFC 9309)
ROBOTS_MAX_BYTES = 512 * 1024  # robots.txt read up to this size (RFC 9309: at least 500 KiB)
MAX_ROBOTS_REDIRECTS = 5
MAX_CRAWL_DELAY = 60.0  # seconds: a larger robots.txt Crawl-delay would stall every source
THROTTLE_STATUSES = frozenset({429, 503})


class Throttled(SourceError):
    """The server asked us to slow down (429 or 503); `retry_after` seconds when it said."""

    def __init__(self, url: str, response: httpx.Response, retry_after: float | None) -> None:
        reason = http_error(url, response).reason
        if retry_after is not None:
            reason += f", retry after {retry_after:g} s"
        super().__init__(url, "E108", reason)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Poll:
    """What a conditional GET brought: a body (None for 304) and validators for the next."""

    status: int
    fetched: Fetched | None
    etag: str | None
    last_modified: str | None


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date); None if unreadable.

        >>> retry_after("120", now), retry_after("soon", now)  # doctest: +SKIP
        (120.0, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def conditional_get(url: str, client: httpx.Client, *, etag: str | None,
                    last_modified: str | None, now: datetime,
                    max_bytes: int | None = None) -> Poll:
    """GET `url` with If-None-Match / If-Modified-Since from the last poll.

    A 304 gives a Poll without a body; 429 and 503 raise Throttled (with the
    Retry-After seconds); another error status, a failure or a body over
    `max_bytes` raise SourceError as `download` does.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    check_url(url)
    with source_errors(url, client), client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304:
            return Poll(304, None, response.headers.get("etag") or etag,
                        response.headers.get("last-modified") or last_modified)
        if response.status_code in THROTTLE_STATUSES:
            raise Throttled(url, response, retry_after(response.headers.get("retry-after"), now))
        if response.status_code >= 400:
            raise http_error(url, response)
        fetched = read_body(response, url, limit(max_bytes))
        return Poll(response.status_code, fetched, response.headers.get("etag"),
                    response.headers.get("last-modified"))


class PoliteTransport(httpx.BaseTransport):
    """An httpx transport that paces requests per host and obeys robots.txt (module doc)."""

    def __init__(self, inner: httpx.BaseTransport | None = None, *, clock: Clock,
                 host_delay: float, user_agent: str, robots: bool = True) -> None:
        self.inner = inner if inner is not None else httpx.HTTPTransport()
        self.clock = clock
        self.host_delay = host_delay
        self.user_agent = user_agent
        self.robots = robots
        self._last: dict[str, datetime] = {}  # host -> when its last request went out
        self._rules: dict[str, tuple[datetime, RobotFileParser]] = {}  # origin -> rules

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        delay = self.host_delay
        if self.robots and request.url.path != "/robots.txt":
            rules = self._robots_for(request.url)
            if not rules.can_fetch(self.user_agent, str(request.url)):
                raise Refused(f"disallowed by robots.txt of {_origin(request.url)}",
                              request=request)
            asked = rules.crawl_delay(self.user_agent)
            if asked is not None:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        return self._send(request, delay)

    def close(self) -> None:
        self.inner.close()

    def _send(self, request: httpx.Request, delay: float | None = None) -> httpx.Response:
        host = request.url.host
        last = self._last.get(host)
        if last is not None:
            wait = (self.host_delay if delay is None else delay) - \
                (self.clock.now() - last).total_seconds()
            if wait > 0:
                self.clock.sleep(wait)
        self._last[host] = self.clock.now()
        return self.inner.handle_request(request)

    def _robots_for(self, url: httpx.URL) -> RobotFileParser:
        origin = _origin(url)
        now = self.clock.now()
        cached = self._rules.get(origin)
        if cached is not None and now - cached[0] < ROBOTS_TTL:
            return cached[1]
        rules = self._load_robots(origin)
        self._rules[origin] = (now, rules)
        return rules

    def _load_robots(self, origin: str) -> RobotFileParser:
        """The rules of robots.txt at `origin`; Refused when it cannot be read now."""
        url = origin + "/robots.txt"
        rules = RobotFileParser(url)
        for _ in range(MAX_ROBOTS_REDIRECTS + 1):
            request = httpx.Request("GET", url, headers={"User-Agent": self.user_agent})
            # a failed connection propagates as it is: the URL asked for is unreachable too
            response = self._send(request)
            try:
                status, location = response.status_code, response.headers.get("location")
                body = _read_capped(response) if status < 300 else b""
            finally:
                response.close()
            if 300 <= status < 400 and location:
                url = urljoin(url, location)
                continue
            if status in (401, 403):
                rules.parse(["User-agent: *", "Disallow: /"])
            elif 400 <= status < 500:
                rules.parse([])  # no rules: everything allowed
            elif status >= 300:
                raise Refused(f"robots.txt of {origin} unreachable (HTTP {status}): not "
                              "fetched for now", request=request)
            else:
                rules.parse(body.decode("utf-8", "replace").splitlines())
            return rules
        raise Refused(f"robots.txt of {origin}: too many redirects", request=request)


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


def _read_capped(response: httpx.Response) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) >= ROBOTS_MAX_BYTES:
            break  # the rules past the cap are ignored, as RFC 9309 allows
    return bytes(body[:ROBOTS_MAX_BYTES])
