"""Sample pages and feeds (invented text) and a mock HTTP client, shared by the ingest tests."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import httpx
import pytest

from otkaz.ingest import make_client

PAGE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Marines from Zarechny refuse to return to the front | The Harbour Ledger</title>
<meta property="og:title" content="Marines from Zarechny refuse to return to the front">
<meta property="og:site_name" content="The Harbour Ledger">
<meta property="article:published_time" content="2023-09-02T08:15:00+00:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Marines from Zarechny refuse to return to the front</h1>
<p>Thirty-two marines of a brigade based in Zarechny refused to return to their positions
near Vodyane on 28 August, their wives told The Harbour Ledger.</p>
<p>The men said they had been promised a rotation after four months and had served nine.
A military prosecutor has opened cases against six of them, according to the lawyer
Marta Kolesnik, who represents two of the families.</p>
<p>The brigade's command did not answer a request for comment on Friday.</p>
</article>
<footer>Copyright 2023 The Harbour Ledger. All rights reserved.</footer>
</body></html>
"""

LINKED_PAGE_HTML = """<!DOCTYPE html>
<html><head><title>Reservists walk out of training camp</title>
<meta property="og:site_name" content="Steppe Monitor">
</head><body><article>
<h1>Reservists walk out of training camp</h1>
<p>About forty reservists called up in the Belogorsk district left their training camp
on Sunday night and went home, a local rights group said.</p>
<p>The group, Open Door, said the men had received no equipment and no pay for two months.
Police later detained three of them at a railway station.</p>
</article></body></html>
"""

LONG_CONTENT = (
    "<p>Eleven contract soldiers from the 9th rifle battalion wrote a joint letter refusing "
    "to take part in an assault on the village of Krutoyar, the monitoring group Vestnik "
    "reported on Tuesday.</p>"
    "<p>In the letter, which Vestnik published in full, the soldiers said their unit had "
    "lost half of its men in three weeks and had not been allowed to rest. They asked to "
    "be sent back to their base in Lesnoy.</p>"
    "<p>According to a relative of one of the men, the commander of the battalion answered "
    "by threatening to send all eleven to a punishment unit. Two of the soldiers have since "
    "stopped answering their phones, she said.</p>"
)

RSS_BYTES = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Steppe Monitor</title>
<link>https://steppe.example/</link>
<description>News from the steppe</description>
<item>
<title>Eleven soldiers refuse to storm Krutoyar</title>
<link>https://steppe.example/news/eleven-refuse</link>
<guid>steppe-1001</guid>
<pubDate>Tue, 14 Nov 2023 09:30:00 GMT</pubDate>
<description>Eleven soldiers wrote a letter.</description>
<content:encoded><![CDATA[{LONG_CONTENT}]]></content:encoded>
</item>
<item>
<title>Reservists walk out of training camp</title>
<link>https://steppe.example/news/reservists-walk-out</link>
<pubDate>Mon, 13 Nov 2023 18:00:00 GMT</pubDate>
<description>About forty reservists left their camp. Read more...</description>
</item>
</channel>
</rss>
""".encode()

ATOM_BYTES = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Northern Wire</title>
<id>urn:northern-wire</id>
<updated>2024-02-03T12:00:00Z</updated>
<entry>
<title>Battalion refuses orders near Krutoyar</title>
<id>urn:northern-wire:77</id>
<link href="https://north.example/77"/>
<updated>2024-02-03T11:00:00Z</updated>
<content type="html"><![CDATA[{LONG_CONTENT}]]></content>
</entry>
</feed>
""".encode()

Route = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class MockWeb:
    """A dict of URL -> response (or exception to raise) behind an httpx.MockTransport."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get(str(request.url))
        if route is None:
            return httpx.Response(404)
        if isinstance(route, Exception):
            raise route
        if callable(route):
            return route(request)
        return route

    def client(self, timeout: float | None = None) -> httpx.Client:
        return make_client(httpx.MockTransport(self.handle), timeout=timeout)


@pytest.fixture
def mock_web() -> Callable[[dict[str, Route]], MockWeb]:
    return MockWeb


def html_response(html: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, text=html, headers={"Content-Type": "text/html; charset=utf-8"})


@pytest.fixture
def page_response() -> Callable[..., httpx.Response]:
    return html_response


@pytest.fixture
def samples() -> SimpleNamespace:
    """The sample texts above: page, linked_page, long_content, rss, atom."""
    return SimpleNamespace(page=PAGE_HTML, linked_page=LINKED_PAGE_HTML,
                           long_content=LONG_CONTENT, rss=RSS_BYTES, atom=ATOM_BYTES)
