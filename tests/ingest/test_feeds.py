from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from otkaz.errors import SourceError
from otkaz.ingest import fetch_url, parse_feed, read_path
from otkaz.models import Document

LINKED = "https://steppe.example/news/reservists-walk-out"


def test_rss_entry_with_content_is_used_and_teaser_entry_is_fetched(
    tmp_path: Path, mock_web: Callable[..., Any], samples: SimpleNamespace,
    page_response: Callable[..., httpx.Response],
) -> None:
    web = mock_web({LINKED: page_response(samples.linked_page)})
    path = tmp_path / "steppe.rss"
    path.write_bytes(samples.rss)
    first, second = list(read_path(path, client=web.client()))

    assert isinstance(first, Document)
    assert first.id == "steppe-1001"
    assert first.url == "https://steppe.example/news/eleven-refuse"
    assert first.title == "Eleven soldiers refuse to storm Krutoyar"
    assert first.published == date(2023, 11, 14)
    assert first.outlet == "Steppe Monitor"
    lines = first.text.split("\n")
    assert lines[0] == "Eleven soldiers refuse to storm Krutoyar"
    assert lines[1].startswith("Eleven contract soldiers from the 9th rifle battalion")
    assert len(lines) == 4  # title + three paragraphs
    assert "<p>" not in first.text

    assert isinstance(second, Document)
    assert [str(r.url) for r in web.requests] == [LINKED]  # only the teaser was fetched
    assert second.id == second.url == LINKED
    assert second.title == "Reservists walk out of training camp"
    assert second.published == date(2023, 11, 13)  # from the feed; the page has no date
    assert "Police later detained three of them" in second.text
    assert "Read more" not in second.text


def test_atom_feed(mock_web: Callable[..., Any], samples: SimpleNamespace) -> None:
    web = mock_web({})
    (doc,) = list(parse_feed(samples.atom, source="north.atom", client=web.client()))
    assert isinstance(doc, Document)
    assert doc.id == "urn:northern-wire:77"
    assert doc.url == "https://north.example/77"
    assert doc.published == date(2024, 2, 3)
    assert doc.outlet == "Northern Wire"
    assert doc.text.startswith("Battalion refuses orders near Krutoyar\nEleven contract soldiers")
    assert web.requests == []


def test_teaser_whose_link_fails_yields_an_error_and_the_feed_goes_on(
    mock_web: Callable[..., Any], samples: SimpleNamespace
) -> None:
    web = mock_web({LINKED: httpx.Response(500)})
    items = list(parse_feed(samples.rss, source="steppe.rss", client=web.client()))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], SourceError)
    assert str(items[1]) == f"[E108] {LINKED}: HTTP 500 Internal Server Error"


def test_teaser_without_link_is_kept_as_is() -> None:
    feed = b"""<rss version="2.0"><channel><title>Tiny</title>
    <item><title>Short item</title><description>Two deserters were caught.</description></item>
    <item><title>Nothing</title></item>
    </channel></rss>"""
    first, second = list(parse_feed(feed, source="tiny.xml"))
    assert isinstance(first, Document)
    assert first.text == "Short item\nTwo deserters were caught."
    assert first.id == "tiny.xml#1" and first.published is None
    assert isinstance(second, SourceError)
    assert (second.code, second.reason) == ("E107", "feed entry has no text and no link")


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><p>Not a feed at all.</p></body></html>",
        b"Just some words about soldiers.",
        b'{"items": []}',
        b"<?xml version='1.0'?><sitemap><url>x</url></sitemap>",
    ],
)
def test_not_a_feed(data: bytes) -> None:
    (error,) = list(parse_feed(data, source="news.xml"))
    assert isinstance(error, SourceError)
    assert error.code == "E110"
    assert error.reason.startswith("not an RSS or Atom feed")
    assert str(error).startswith("[E110] news.xml: not an RSS or Atom feed")


def test_feed_url_yields_its_entries(
    mock_web: Callable[..., Any], samples: SimpleNamespace,
    page_response: Callable[..., httpx.Response],
) -> None:
    feed_url = "https://steppe.example/rss"
    web = mock_web({
        feed_url: httpx.Response(200, content=samples.rss,
                                 headers={"Content-Type": "application/rss+xml"}),
        LINKED: page_response(samples.linked_page),
    })
    items = list(fetch_url(feed_url, web.client()))
    assert [d.id for d in items if isinstance(d, Document)] == ["steppe-1001", LINKED]


def test_feed_url_sniffed_without_feed_content_type(
    mock_web: Callable[..., Any], samples: SimpleNamespace
) -> None:
    feed_url = "https://north.example/atom"
    web = mock_web({feed_url: httpx.Response(200, content=samples.atom,
                                             headers={"Content-Type": "text/html"})})
    (doc,) = list(fetch_url(feed_url, web.client()))
    assert isinstance(doc, Document) and doc.outlet == "Northern Wire"
