"""/cases.atom: a valid Atom 1.0 feed of any case-list filter, newest update first, that
follows writes and answers conditional GETs."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from types import SimpleNamespace
from typing import Any

import feedparser
import httpx
import pytest
from lxml import etree
from sqlalchemy import update

from otkaz.store import open_store
from otkaz.store.schema import cases

pytestmark = pytest.mark.anyio

NS = {"a": "http://www.w3.org/2005/Atom"}
# RFC 3339 date-time (RFC 4287, 3.3): full date, "T", time, fraction optional, Z or offset
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


def _one(element: Any, path: str) -> Any:
    found = element.findall(path, NS)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def _date(element: Any, path: str) -> datetime:
    text = _one(element, path).text
    assert RFC3339.match(text), text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_rfc4287(body: bytes) -> list[Any]:
    """The structural rules of RFC 4287 that a feed of ours must keep; its entries."""
    feed = etree.fromstring(body)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated"):
        _one(feed, f"a:{name}")
    _date(feed, "a:updated")
    entries = feed.findall("a:entry", NS)
    has_author = bool(feed.findall("a:author/a:name", NS))
    self_links = [x for x in feed.findall("a:link", NS) if x.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("href") == _one(feed, "a:id").text
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert _one(entry, f"a:{name}").text
        _date(entry, "a:updated")
        _date(entry, "a:published")
        assert has_author or entry.findall("a:author/a:name", NS)
        alternate = [x for x in entry.findall("a:link", NS) if x.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("type") == "text/html"
        assert _one(entry, "a:content").get("type") == "html"
        ids.append(_one(entry, "a:id").text)
    assert len(ids) == len(set(ids))  # atom:id unique in a feed (4.1.1)
    updates = [_date(e, "a:updated") for e in entries]
    assert updates == sorted(updates, reverse=True)  # newest update first
    return entries


async def test_feed_validates_with_feedparser_and_rfc4287(client: httpx.AsyncClient,
                                                          ids: dict[str, int]) -> None:
    answer = await client.get("/cases.atom")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(answer.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    live = {ids[n] for n in ("omsk", "buryat", "hostile", "tomsk")}
    assert {e.link for e in parsed.entries} == {f"http://test/cases/{i}" for i in live}
    omsk = next(e for e in parsed.entries if e.link.endswith(f"/cases/{ids['omsk']}"))
    assert omsk.id == f"http://test/cases/{ids['omsk']}"
    assert omsk.title == "Twelve officers of the Omsk OMON"
    assert {t.term for t in omsk.tags} == {"refusal", "rosgvardia"}
    html = omsk.content[0].value
    for field in ("<dt>Type</dt><dd>refusal</dd>", "<dt>People</dt><dd>11–12</dd>",
                  "<dt>Force</dt><dd>rosgvardia</dd>", "<dt>Sources</dt><dd>Zov, Ivan Petrov",
                  "<dt>When</dt><dd>2022-02-21 – 2022-02-28</dd>",
                  "<dt>Status</dt><dd>machine</dd>"):
        assert field in html, field
    assert omsk.summary.startswith("refusal · People 11–12 · Force rosgvardia")
    assert len(check_rfc4287(answer.content)) == len(live)


async def test_hostile_values_are_escaped(filled: tuple[str, dict[str, int]],
                                          web: SimpleNamespace) -> None:
    hostile = "<script>alert(1)</script> & <b>Co</b>"
    with open_store(filled[0]) as store:
        store.upsert_case("evil", {"actor": {"value": hostile}, "unit": {"value": hostile},
                                   "sources": {"value": [hostile]}},
                          {"type": "refusal", "force": "army", "place": hostile})
    async with web.app_client(filled[0]) as c:
        body = (await c.get("/cases.atom?force=army")).content
    entries = check_rfc4287(body)
    assert b"<script>" not in body  # escaped once in titles, twice in HTML content
    evil = entries[0]
    assert evil.find("a:title", NS).text == hostile
    content = evil.find("a:content", NS).text
    assert "<dd>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;</dd>" \
        in content
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0 and parsed.entries[0].title == hostile


async def test_new_case_appears_filter_holds_and_etag_changes(
        filled: tuple[str, dict[str, int]], web: SimpleNamespace) -> None:
    """The issue's "done when": fetch, add a case, fetch again."""
    path = "/cases.atom?force=army"
    async with web.app_client(filled[0]) as c:
        before = await c.get(path)
        etag, last_modified = before.headers["etag"], before.headers["last-modified"]
        titles = [e.title for e in feedparser.parse(before.content).entries]
        assert titles == ["Three contract soldiers from Tomsk", "Five conscripts from Buryatia"]
        unchanged = await c.get(path, headers={"if-none-match": etag})
        assert unchanged.status_code == 304 and unchanged.content == b""
        assert (await c.get(path, headers={"if-modified-since": last_modified})
                ).status_code == 304

        with open_store(filled[0]) as store:
            store.upsert_case("deserters-of-kursk", {"actor": {"value": "Four deserters"}},
                              {"type": "desertion", "force": "army", "place": "Kursk"})
            store.upsert_case("sailors", {"actor": {"value": "Nine sailors"}},
                              {"type": "refusal", "force": "navy"})
            # Last-Modified counts whole seconds: the new cases change a second after the
            # feed was read, however fast the machine
            later = parsedate_to_datetime(last_modified) + timedelta(seconds=2)
            with store.engine.begin() as conn:
                conn.execute(update(cases).where(cases.c.key == "deserters-of-kursk")
                             .values(updated_at=later))
                conn.execute(update(cases).where(cases.c.key == "sailors")
                             .values(updated_at=later + timedelta(seconds=1)))

        after = await c.get(path, headers={"if-none-match": etag})
        assert after.status_code == 200 and after.headers["etag"] != etag
        entries = feedparser.parse(after.content).entries
        assert [e.title for e in entries] == ["Four deserters", *titles]
        assert "Nine sailors" not in after.text  # another force's case stays out
        assert (await c.get(path, headers={"if-modified-since": last_modified})
                ).status_code == 200
        everything = await c.get("/cases.atom")
        assert [e.title for e in feedparser.parse(everything.content).entries][:2] == \
            ["Nine sailors", "Four deserters"]


async def test_if_modified_since_in_the_future_and_garbage(client: httpx.AsyncClient) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(days=1), usegmt=True)
    assert (await client.get("/cases.atom", headers={"if-modified-since": later})
            ).status_code == 304
    assert (await client.get("/cases.atom", headers={"if-modified-since": "yesterday"})
            ).status_code == 200


async def test_feed_links_carry_the_filter_and_ignore_sort_and_page(
        client: httpx.AsyncClient) -> None:
    answer = await client.get("/cases.atom?type=refusal&place=Omsk&sort=count&page=3")
    feed = etree.fromstring(answer.content)
    links = {x.get("rel"): x.get("href") for x in feed.findall("a:link", NS)}
    assert links == {"self": "http://test/cases.atom?type=refusal&place=Omsk",
                     "alternate": "http://test/cases?type=refusal&place=Omsk"}
    assert _one(feed, "a:title").text == "otkaz: cases, type refusal, place Omsk"
    assert [e.title for e in feedparser.parse(answer.content).entries] == \
        ["Twelve officers of the Omsk OMON"]  # page 3 of one case would be empty


async def test_feed_size_and_bad_filters(client: httpx.AsyncClient) -> None:
    assert len(feedparser.parse((await client.get("/cases.atom?per_page=2")).content)
               .entries) == 2
    bad = await client.get("/cases.atom?forse=army")
    assert bad.status_code == 422 and "unknown parameter forse" in bad.text
    assert (await client.get("/cases.atom?force=cavalry")).status_code == 422


async def test_empty_feed_is_still_valid(client: httpx.AsyncClient) -> None:
    answer = await client.get("/cases.atom?place=Atlantis")
    assert check_rfc4287(answer.content) == []
    assert feedparser.parse(answer.content).bozo == 0


async def test_case_list_page_offers_the_feed(client: httpx.AsyncClient) -> None:
    html = (await client.get("/cases?force=army&sort=count&page=1")).text
    assert ('<link rel="alternate" type="application/atom+xml" title="otkaz: new and changed '
            'cases of this filter" href="/cases.atom?force=army">') in html
    assert re.search(r'<a class="atom" href="/cases.atom\?force=army"[^>]*>Subscribe \(Atom\)'
                     r'</a>', html)


async def test_openapi_shows_the_feed_like_the_csv(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    feed, csv = spec["paths"]["/cases.atom"]["get"], spec["paths"]["/cases.csv"]["get"]
    assert [p["name"] for p in feed["parameters"]] == [p["name"] for p in csv["parameters"]]
    assert "application/atom+xml" in feed["responses"]["200"]["content"]


async def test_feed_needs_a_reader_when_reading_needs_sign_in(
        filled: tuple[str, dict[str, int]], web: SimpleNamespace) -> None:
    async with web.app_client(filled[0], read_requires_login=True) as c:
        answer = await c.get("/cases.atom")
        assert answer.status_code in (303, 401) and "<feed" not in answer.text
