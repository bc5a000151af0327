"""Fetching URLs with httpx: one client, a size limit, and errors as SourceError.

    >>> client = make_client(httpx.MockTransport(lambda r: httpx.Response(200, text="hi")))
    >>> download("https://example.org/a", client).data
    b'hi'

Tests pass an ``httpx.MockTransport`` to `make_client`, so none touches the
network. A download stops as soon as it passes the size limit: a larger
``Content-Length`` is refused before any body is read, and a body that streams
past the limit is cut off there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import httpx

from otkaz import settings
from otkaz.errors import SourceError
from otkaz.ingest.decode import decode_text, limit, looks_binary, too_large
from otkaz.ingest.html import html_to_document, join_title
from otkaz.models import Document

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml",
})
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "application/pdf",
                    "application/zip", "application/octet-stream")


class Refused(httpx.TransportError):
    """A transport declined to send a request (otkaz.watch's obeys robots.txt): E115.

    Raise it from a custom transport; `download` reports it as SourceError E115 with
    this message, never as a connection failure.
    """


@dataclass(frozen=True)
class Fetched:
    """A downloaded body with what the server said about it."""

    url: str  # the final URL, after redirects
    data: bytes
    content_type: str  # media type, lower case, without parameters ("" when absent)
    charset: str | None


def make_client(
    transport: httpx.BaseTransport | None = None, timeout: float | None = None
) -> httpx.Client:
    """An httpx client with otkaz's User-Agent and timeout that follows redirects."""
    seconds = settings.get_int("fetch_timeout") if timeout is None else timeout
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(seconds),
        follow_redirects=True,
        headers={"User-Agent": settings.get("user_agent")},
    )


class LazyClient:
    """`client` when given, else one made by `make_client` on first use and closed on exit.

        with LazyClient(client) as lazy: page = fetch_page(url, lazy.get())
    """

    def __init__(self, client: httpx.Client | None = None) -> None:
        self._client = client
        self._owned = False

    def get(self) -> httpx.Client:
        if self._client is None:
            self._client, self._owned = make_client(), True
        return self._client

    def close(self) -> None:
        if self._owned and self._client is not None:
            self._client.close()
            self._client, self._owned = None, False

    def __enter__(self) -> LazyClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _timeout_seconds(error: httpx.TimeoutException, client: httpx.Client) -> str:
    t = client.timeout
    value = {
        httpx.ConnectTimeout: t.connect, httpx.ReadTimeout: t.read,
        httpx.WriteTimeout: t.write, httpx.PoolTimeout: t.pool,
    }.get(type(error))
    if value is None:
        value = max((v for v in (t.connect, t.read, t.write, t.pool) if v is not None), default=0)
    return f"{value:g}"


def check_url(url: str) -> None:
    """Raise SourceError E109 when `url` cannot be fetched at all (no host, malformed)."""
    try:
        if not httpx.URL(url).host:
            raise SourceError(url, "E109", "invalid URL: no host")
    except httpx.InvalidURL as e:
        raise SourceError(url, "E109", f"invalid URL: {e}") from None


@contextmanager
def source_errors(url: str, client: httpx.Client) -> Iterator[None]:
    """Turn httpx's errors inside the block into SourceError E108/E109 naming `url`.

        with source_errors(url, client), client.stream("GET", url) as response: ...
    """
    try:
        yield
    except Refused as e:
        raise SourceError(url, "E115", str(e)) from e
    except httpx.TimeoutException as e:
        raise SourceError(url, "E109", f"timed out after {_timeout_seconds(e, client)} s") from e
    except httpx.TooManyRedirects as e:
        raise SourceError(url, "E108", "too many redirects") from e
    except httpx.InvalidURL as e:
        raise SourceError(url, "E109", f"invalid URL: {e}") from e
    except httpx.TransportError as e:
        raise SourceError(url, "E109", f"connection failed: {e or type(e).__name__}") from e


def read_body(response: httpx.Response, url: str, cap: int) -> Fetched:
    """The body of a streamed `response` as a Fetched, no larger than `cap` bytes (E104)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large(url, int(declared), cap)
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > cap:
            raise too_large(url, len(body), cap, at_least=True)
    media, _, params = response.headers.get("content-type", "").partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ").lower()
    return Fetched(str(response.url), bytes(body), media.strip().lower(), charset)


def http_error(url: str, response: httpx.Response) -> SourceError:
    """SourceError E108 for an HTTP error status: "HTTP 404 Not Found"."""
    phrase = response.reason_phrase or ""
    return SourceError(url, "E108", f"HTTP {response.status_code} {phrase}".rstrip())


def download(url: str, client: httpx.Client, *, max_bytes: int | None = None) -> Fetched:
    """GET `url` and return its body; raises SourceError E104, E108 or E109."""
    cap = limit(max_bytes)
    check_url(url)
    with source_errors(url, client), client.stream("GET", url) as response:
        if response.status_code >= 400:
            raise http_error(url, response)
        return read_body(response, url, cap)


def looks_like_feed(data: bytes) -> bool:
    """True when the first bytes hold an RSS, RDF or Atom root element."""
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return False
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def kind_of(fetched: Fetched) -> str:
    """``"feed"``, ``"html"`` or ``"text"``: how to read a download."""
    if fetched.content_type in FEED_TYPES or looks_like_feed(fetched.data):
        return "feed"
    if fetched.content_type == "text/plain":
        return "text"
    return "html"


def fetched_to_document(
    fetched: Fetched, *, doc_id: str, published: date | None = None, outlet: str | None = None
) -> Document:
    """A page or plain-text download as one Document; raises SourceError (E102/E103/E107/E111)."""
    if not fetched.data.strip():
        raise SourceError(doc_id, "E102", "empty response")
    if fetched.content_type.startswith(_BINARY_PREFIXES) or looks_binary(fetched.data):
        shown = fetched.content_type or "unknown type"
        raise SourceError(doc_id, "E103", f"binary content, not text ({shown})")
    if kind_of(fetched) == "text":
        text = decode_text(fetched.data, source=doc_id, declared=fetched.charset)
        text = text.replace("\r\n", "\n").strip()
        title = text.split("\n", 1)[0].strip() or None
        return Document(doc_id, join_title(None, text), published, fetched.url, outlet, title)
    html: str | bytes = fetched.data
    if fetched.charset:  # the HTTP header outranks a <meta charset>
        html = decode_text(fetched.data, source=doc_id, declared=fetched.charset)
    return html_to_document(
        html, url=fetched.url, doc_id=doc_id, published=published, outlet=outlet
    )


def fetch_page(
    url: str,
    client: httpx.Client,
    *,
    doc_id: str | None = None,
    published: date | None = None,
    outlet: str | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Download `url` and read it as one article; raises SourceError."""
    fetched = download(url, client, max_bytes=max_bytes)
    return fetched_to_document(fetched, doc_id=doc_id or url, published=published, outlet=outlet)
