from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from otkaz import settings
from otkaz.errors import SourceError
from otkaz.ingest import fetch_url, make_client
from otkaz.ingest.fetch import LazyClient, download
from otkaz.models import Document

URL = "https://ledger.example/news/zarechny"


def _only(items: Iterator[Any]) -> Any:
    found = list(items)
    assert len(found) == 1, found
    return found[0]


def test_page_url_gives_one_document(mock_web: Callable[..., Any], samples: SimpleNamespace,
                                     page_response: Callable[..., httpx.Response]) -> None:
    web = mock_web({URL: page_response(samples.page)})
    doc = _only(fetch_url(URL, web.client()))
    assert isinstance(doc, Document)
    assert doc.id == doc.url == URL
    assert doc.title == "Marines from Zarechny refuse to return to the front"
    assert doc.published == date(2023, 9, 2)
    assert doc.outlet == "The Harbour Ledger"


def test_client_sends_user_agent_and_follows_redirects(
    mock_web: Callable[..., Any], samples: SimpleNamespace,
    page_response: Callable[..., httpx.Response], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OTKAZ_USER_AGENT", "otkaz-test/9")
    final = "https://ledger.example/news/zarechny-2023"
    web = mock_web({URL: httpx.Response(301, headers={"Location": final}),
                    final: page_response(samples.page)})
    doc = _only(fetch_url(URL, web.client()))
    assert doc.id == URL and doc.url == final
    assert [str(r.url) for r in web.requests] == [URL, final]
    assert {r.headers["user-agent"] for r in web.requests} == {"otkaz-test/9"}


def test_timeout_comes_from_setting_or_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKAZ_FETCH_TIMEOUT", "7")
    assert make_client().timeout.read == 7
    assert make_client(timeout=2).timeout.connect == 2
    assert make_client().headers["user-agent"] == settings.get("user_agent")


def test_plain_text_url(mock_web: Callable[..., Any]) -> None:
    body = "Sailors refuse to sail\r\nSailors in Baltiysk refused to sail on Monday.\r\n"
    web = mock_web({URL: httpx.Response(200, text=body,
                                        headers={"Content-Type": "text/plain; charset=utf-8"})})
    doc = _only(fetch_url(URL, web.client(), published=date(2024, 1, 8)))
    assert doc.text == "Sailors refuse to sail\nSailors in Baltiysk refused to sail on Monday."
    assert doc.title == "Sailors refuse to sail"
    assert doc.published == date(2024, 1, 8)


def test_http_charset_header_decodes_cp1251(mock_web: Callable[..., Any]) -> None:
    page = ("<html><head><title>Отказ в Заречном</title></head><body><article><p>"
            "Двенадцать солдат отказались возвращаться на позиции, сообщили родственники."
            "</p></article></body></html>")
    web = mock_web({URL: httpx.Response(200, content=page.encode("cp1251"),
                                        headers={"Content-Type": "text/html; charset=cp1251"})})
    doc = _only(fetch_url(URL, web.client()))
    assert doc.text == ("Отказ в Заречном\nДвенадцать солдат отказались возвращаться на "
                        "позиции, сообщили родственники.")


def _raise(error: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("simulated", request=request)
    return handler


@pytest.mark.parametrize(
    ("route", "code", "reason"),
    [
        (httpx.Response(404), "E108", "HTTP 404 Not Found"),
        (httpx.Response(500), "E108", "HTTP 500 Internal Server Error"),
        (httpx.Response(403, text="go away"), "E108", "HTTP 403 Forbidden"),
        (_raise(httpx.ConnectTimeout), "E109", "timed out after 3 s"),
        (_raise(httpx.ReadTimeout), "E109", "timed out after 3 s"),
        (_raise(httpx.ConnectError), "E109", "connection failed: simulated"),
        (httpx.Response(200, text=""), "E102", "empty response"),
        (httpx.Response(200, content=b"%PDF-1.4\n\x00\x01\x02",
                        headers={"Content-Type": "application/pdf"}),
         "E103", "binary content, not text (application/pdf)"),
        (httpx.Response(200, content=b"\x00\x01\x02\x03" * 10), "E103",
         "binary content, not text (unknown type)"),
        (httpx.Response(200, text="<html><body><script>go()</script></body></html>",
                        headers={"Content-Type": "text/html"}),
         "E107", "no article text found in HTML"),
    ],
)
def test_failing_urls_yield_one_source_error(
    mock_web: Callable[..., Any], route: Any, code: str, reason: str
) -> None:
    web = mock_web({URL: route})
    error = _only(fetch_url(URL, web.client(timeout=3)))
    assert isinstance(error, SourceError)
    assert (error.code, error.reason, error.source) == (code, reason, URL)


def test_too_many_redirects(mock_web: Callable[..., Any]) -> None:
    web = mock_web({URL: httpx.Response(302, headers={"Location": URL})})
    error = _only(fetch_url(URL, web.client()))
    assert (error.code, error.reason) == ("E108", "too many redirects")


class CountingStream(httpx.SyncByteStream):
    """A body of `chunks` chunks of 1000 bytes that counts how many were read."""

    def __init__(self, chunks: int) -> None:
        self.chunks, self.read = chunks, 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.chunks):
            self.read += 1
            yield b"a" * 1000


def test_content_length_over_limit_is_refused_before_reading(
    mock_web: Callable[..., Any]
) -> None:
    body = CountingStream(50_000)
    huge = httpx.Response(200, stream=body, headers={"Content-Length": str(50 * 1024 * 1024)})
    web = mock_web({URL: huge})
    error = _only(fetch_url(URL, web.client()))
    assert error.code == "E104"
    assert error.reason.startswith("too large: 50.0 MB (52428800 bytes), over the 10.0 MB limit")
    assert body.read == 0


def test_stream_past_limit_is_cut_off(mock_web: Callable[..., Any]) -> None:
    body = CountingStream(1_000_000)  # 1 GB if read to the end; no Content-Length
    web = mock_web({URL: httpx.Response(200, stream=body)})
    with pytest.raises(SourceError) as caught:
        download(URL, web.client(), max_bytes=5_500)
    assert caught.value.code == "E104"
    assert caught.value.reason.startswith("too large: over the 5.4 KB limit (max_bytes=5500;")
    assert body.read == 6


def test_lazy_client_is_made_only_when_needed_and_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[httpx.Client] = []

    def fake_make_client() -> httpx.Client:
        client = make_client(httpx.MockTransport(lambda r: httpx.Response(200)))
        made.append(client)
        return client

    monkeypatch.setattr("otkaz.ingest.fetch.make_client", fake_make_client)
    with LazyClient(None):
        pass
    assert made == []
    with LazyClient(None) as lazy:
        assert lazy.get() is lazy.get()
    assert len(made) == 1 and made[0].is_closed
    given = make_client(httpx.MockTransport(lambda r: httpx.Response(200)))
    with LazyClient(given) as lazy:
        assert lazy.get() is given
    assert not given.is_closed


@pytest.mark.parametrize("url", ["https://", "http:///path", "https://[::1/"])
def test_invalid_url(url: str) -> None:
    web_client = make_client(httpx.MockTransport(lambda r: httpx.Response(200, text="x")))
    error = _only(fetch_url(url, web_client))
    assert isinstance(error, SourceError)
    assert error.code == "E109" and error.reason.startswith("invalid URL")
