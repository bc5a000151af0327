"""RSS and Atom feeds to Documents, one per entry, with feedparser.

    docs = list(parse_feed(Path("news.xml").read_bytes(), source="news.xml"))

An entry's text is its full content (``content:encoded`` or Atom ``content``),
else its summary, converted from HTML to plain text, with the entry title on
the first line. When that text is shorter than `SNIPPET_CHARS` it is taken for
a teaser and the entry's link is fetched instead (with the given client, or
one made on demand). An entry whose link fails yields a SourceError and the
feed goes on. The date is the entry's published date, else its updated date;
the outlet is the feed's title; the id is the entry's id, else its link.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import feedparser
import httpx

from otkaz.errors import SourceError
from otkaz.ingest.fetch import LazyClient, fetch_page
from otkaz.ingest.html import fragment_to_text, join_title
from otkaz.models import Document

SNIPPET_CHARS = 500  # entry text shorter than this is a teaser: the link is fetched


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _as_text(value: str, content_type: str | None) -> str:
    if content_type and "html" not in content_type:
        lines = (line.strip() for line in value.strip().splitlines())
        return "\n".join(line for line in lines if line)
    return fragment_to_text(value)


def _entry_title(entry: Any) -> str | None:
    title = entry.get("title")
    if not title:
        return None
    detail = entry.get("title_detail") or {}
    return " ".join(_as_text(title, detail.get("type")).split()) or None


def _entry_text(entry: Any) -> str:
    """The entry's own text: its longest content, else its summary ('' when none)."""
    texts = [_as_text(c.get("value", ""), c.get("type")) for c in entry.get("content") or []]
    best = max(texts, key=len, default="")
    if best:
        return best
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary") or "", detail.get("type"))


def parse_feed(
    data: bytes,
    *,
    source: str,
    client: httpx.Client | None = None,
    max_bytes: int | None = None,
) -> Iterator[Document | SourceError]:
    """Documents for the entries of feed `data`; a SourceError E110 when it is not a feed.

    `client` fetches the links of teaser-only entries; one is made on first need when None.
    """
    with LazyClient(client) as lazy:
        yield from feed_documents(data, source, lazy, max_bytes)


def feed_documents(
    data: bytes, source: str, lazy: LazyClient, max_bytes: int | None = None, *,
    skip: Callable[[str], bool] | None = None,
) -> Iterator[Document | SourceError]:
    """`parse_feed` with a shared LazyClient (used when reading many sources).

    `skip` is asked about each entry's key (`entry_key`: its link, else its id) before
    anything of it is read or fetched; an entry it answers True for yields nothing
    (otkaz.watch passes the item URLs it has seen).
    """
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version"):
        reason = "not an RSS or Atom feed"
        problem = parsed.get("bozo_exception")
        if problem is not None:
            reason += f" ({problem})"
        yield SourceError(source, "E110", reason)
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for index, entry in enumerate(parsed.entries, 1):
        if skip is not None and skip(entry_key(entry, source, index)):
            continue
        yield _entry_document(entry, index, source, outlet, lazy, max_bytes)


def entry_key(entry: Any, source: str, index: int) -> str:
    """What identifies a feed entry across polls: its link, else its id, else its place."""
    for key in ("link", "id"):
        value = (entry.get(key) or "").strip()
        if value:
            return str(value)
    return f"{source}#{index}"


def _entry_document(
    entry: Any, index: int, source: str, outlet: str | None, lazy: LazyClient,
    max_bytes: int | None,
) -> Document | SourceError:
    link = (entry.get("link") or "").strip() or None
    doc_id = (entry.get("id") or "").strip() or link or f"{source}#{index}"
    title, when = _entry_title(entry), _entry_date(entry)
    body = _entry_text(entry)
    if body and (len(body) >= SNIPPET_CHARS or link is None):
        return Document(doc_id, join_title(title, body), when, link, outlet, title)
    if link is None:
        return SourceError(doc_id, "E107", "feed entry has no text and no link")
    try:
        page = fetch_page(link, lazy.get(), doc_id=doc_id, published=when, outlet=outlet,
                          max_bytes=max_bytes)
    except SourceError as e:
        return e
    if when is not None and page.published != when:
        page = replace(page, published=when)  # the feed's date outranks the page's guess
    if page.title is None and title:
        page = replace(page, text=join_title(title, page.text), title=title)
    return page
