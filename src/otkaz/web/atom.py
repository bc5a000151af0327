"""The case list as an Atom 1.0 feed (RFC 4287): new and changed cases of any filter.

    GET /cases.atom?force=rosgvardia&place=Omsk      the newest updated first, FEED_SIZE of them

    >>> feed = Feed(id="https://otkaz.example/cases.atom", title="otkaz: cases",
    ...             self_url="https://otkaz.example/cases.atom",
    ...             page_url="https://otkaz.example/cases", base_url="https://otkaz.example",
    ...             updated=datetime(2024, 5, 1, tzinfo=UTC))
    >>> feed_xml(feed, [])[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"

The XML is built with ElementTree, so every value is escaped by the serialiser:
an entry's `content type="html"` is HTML (built as elements too) carried as
escaped text, which is what RFC 4287 asks of type="html". An entry's `id` is
its case page's URL, which never changes when the case does (case ids are
never reused); its `updated` is the case's `updated_at`, so a feed reader shows
a changed case again. Categories carry the type and force, with the case
list's filter URL as their scheme (scheme + term opens that list).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from otkaz.notify.notices import CaseNotice, rfc3339
from otkaz.web.formats import fmt_count, fmt_when
from otkaz.web.queries import CaseFilter

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
FEED_SIZE = 50  # entries in a feed unless per_page asks for another number (up to 200)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a feed's `updated` while the store has no case

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Feed:
    """What the feed element says of itself (absolute URLs)."""

    id: str
    title: str
    self_url: str  # this feed, with its filter
    page_url: str  # the case list page of the same filter
    base_url: str  # the site, without a trailing slash
    updated: datetime


def feed_filter(f: CaseFilter) -> CaseFilter:
    """The filter a feed lists by: newest update first, one page (sort and page ignored)."""
    return replace(f, sort="updated", order="desc", page=1)


def feed_query(f: CaseFilter) -> str:
    """The query string naming the feed of `f` (what /cases.atom?... carries).

        >>> feed_query(CaseFilter(force="rosgvardia", sort="count", page=3))
        'force=rosgvardia'
    """
    return f.query_string(sort="when", order="desc", page=1)


def feed_title(f: CaseFilter) -> str:
    """'otkaz: cases' and the filter's values, e.g. 'otkaz: cases, force rosgvardia, place Omsk'.

        >>> feed_title(CaseFilter(force="army", q="refused"))
        'otkaz: cases, force army, words “refused”'
    """
    parts = []
    for name, label in (("type", "type"), ("force", "force"), ("place", "place"),
                        ("date_from", "from"), ("date_to", "to"), ("outcome", "outcome"),
                        ("status", "status"), ("min_origins", "min. origins"),
                        ("min_confidence", "min. confidence"), ("lang", "language")):
        value = getattr(f, name)
        if value is not None:
            parts.append(f"{label} {value}")
    if f.q:
        parts.append(f"words “{f.q}”")
    return ", ".join(["otkaz: cases", *parts])


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _fields(n: CaseNotice) -> list[tuple[str, str]]:
    """The key fields as (label, text), in the order a reader scans them."""
    count = fmt_count({"low": n.count_low, "high": n.count_high})
    when = fmt_when({"start": n.when_start.isoformat(), "end": n.when_end.isoformat()}
                    if n.when_start and n.when_end else None)
    values = [("Type", n.type), ("People", count), ("Force", n.force), ("Unit", n.unit),
              ("Place", n.place), ("Home", n.home), ("When", when),
              ("Sources", ", ".join(n.sources)), ("Outcomes", ", ".join(n.outcomes)),
              ("Status", n.status)]
    return [(label, value) for label, value in values if value and value != "—"]


def summary_text(n: CaseNotice) -> str:
    """One plain line: 'refusal · People 12 · Force rosgvardia · ...'."""
    return " · ".join(f"{label} {value}" if label != "Type" else value
                      for label, value in _fields(n))


def content_html(n: CaseNotice, case_url: str) -> str:
    """The entry's HTML: a definition list of the key fields and a link to the case."""
    root = ET.Element("div")
    fields = ET.SubElement(root, "dl")
    for label, value in _fields(n):
        ET.SubElement(fields, "dt").text = label
        ET.SubElement(fields, "dd").text = value
    p = ET.SubElement(root, "p")
    link = ET.SubElement(p, "a", {"href": case_url})
    link.text = f"Case {n.id}: {n.n_mentions} mention{'' if n.n_mentions == 1 else 's'}, " \
                f"{n.n_origins} origin{'' if n.n_origins == 1 else 's'}"
    return ET.tostring(root, encoding="unicode", method="html")


def feed_xml(feed: Feed, notices: Sequence[CaseNotice]) -> bytes:
    """The Atom document of `feed` with one entry per notice, in the order given."""
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "id", feed.id)
    _sub(root, "title", feed.title)
    _sub(root, "updated", rfc3339(feed.updated))
    _sub(root, "link", rel="self", type="application/atom+xml", href=feed.self_url)
    _sub(root, "link", rel="alternate", type="text/html", href=feed.page_url)
    author = _sub(root, "author")
    _sub(author, "name", "otkaz")
    _sub(root, "generator", "otkaz")
    for n in notices:
        url = f"{feed.base_url}{n.path}"
        entry = _sub(root, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", n.title)
        _sub(entry, "updated", rfc3339(n.updated))
        _sub(entry, "published", rfc3339(n.created))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        for name in ("type", "force"):
            value = getattr(n, name)
            if value:
                _sub(entry, "category", term=value, label=f"{name} {value}",
                     scheme=f"{feed.base_url}/cases?{name}=")
        _sub(entry, "summary", summary_text(n), type="text")
        _sub(entry, "content", content_html(n, url), type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
