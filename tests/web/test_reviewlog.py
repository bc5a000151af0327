"""The review log as pages show it: case numbers and titles as links, keys only in tooltips."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from otkaz.store import open_store
from otkaz.store.schema import cases, mentions
from otkaz.web.formats import shorten
from otkaz.web.review import merge_cases, set_status, split_mention
from otkaz.web.reviewlog import CaseTitle, Part, case_part, describe, short_key

KEY = "741df8d03f8df6b6e4dfabf707e5ee58436631f281cc9f79649a80244fa8fe5d:50:desertion"
TITLES = {7: CaseTitle(7, "case-5349acdc9f626db8", "a 20-year-old conscript from Severodvinsk"),
          2: CaseTitle(2, "case-e6ff64b6a356a3a0", "About 25 mobilised reservists")}
LONG_RUN = re.compile(r"[0-9a-f]{16,}")
pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Omsk OMON", 60, "Omsk OMON"),
    ("Nine contract sailors of the Pacific Fleet", 24, "Nine contract sailors…"),
    ("  two\nlines  ", 60, "two lines"),
    ("Averyveryverylongsingleword", 10, "Averyvery…"),
])
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_short_key_keeps_eight_hex_digits() -> None:
    assert short_key(KEY) == "741df8d0…"
    assert short_key("case-5349acdc9f626db8") == "case-5349acdc9f626db8"  # short: kept


@pytest.mark.parametrize(("value", "field", "texts", "urls"), [
    # a merge: the case merged in, by number and title; its status before
    ({"case": 7, "key": "case-5349acdc9f626db8", "status": "machine"}, None,
     ["#7 a 20-year-old conscript from Severodvinsk", " · ", "status machine"], ["/cases/7"]),
    # the mentions moved: a count and their ids; keys in the tooltip only
    ({"mentions": [4, 9], "keys": [KEY, KEY + "-2"]}, None, ["2 mentions (#4, #9)"], []),
    # a split: the new case
    ({"case": 2, "key": "case-e6ff64b6a356a3a0-2"}, None,
     ["#2 About 25 mobilised reservists"], ["/cases/2"]),
    # a case deleted since: its number, still a link
    ({"case": 99}, None, ["#99"], ["/cases/99"]),
    # a deleted document: its id and title, its mentions counted, its cases linked
    ({"id": 3, "title": "Omsk OMON fired", "sha256": "ab" * 32, "mentions": [KEY],
      "figures": 0, "cases": [2]}, None,
     ["document 3: Omsk OMON fired", " · ", "#2 About 25 mobilised reservists", " · ",
      "1 mention"], ["/cases/2"]),
    # field values read as on the case page
    ({"low": 30, "high": 35}, "count", ["30–35"], []),
    ("machine", "status", ["machine"], []),
    (None, "unit", ["—"], []),
    (["Zov", "Ivan Petrov"], "sources", ["Zov, Ivan Petrov"], []),
    # any other hash is cut, whole in the tooltip
    (KEY, "mention", ["741df8d0…"], []),
])
def test_describe(value: Any, field: str | None, texts: list[str], urls: list[str]) -> None:
    parts = describe(value, field, TITLES)
    assert [p.text for p in parts] == texts
    assert [p.url for p in parts if p.url] == urls
    for p in parts:
        assert not LONG_RUN.search(p.text), p  # no raw key in what is shown


def test_a_case_part_carries_its_key_and_whole_title_in_the_tooltip() -> None:
    long = CaseTitle(5, "case-0123456789abcdef", "Nine contract sailors of the Pacific Fleet "
                                                 "from Petropavlovsk-Kamchatsky, a very long name")
    part = case_part(5, {5: long})
    assert part == Part("#5 Nine contract sailors of the Pacific Fleet from…", "/cases/5",
                        f"{long.title}\nkey case-0123456789abcdef")


def _merge_and_split(url: str, ids: dict[str, int]) -> int:
    """Merge the Buryat case into Tomsk's, confirm Omsk, split Buryat's mention back out."""
    with open_store(url) as store:
        engine = store.engine

        def version(case_id: int) -> int:
            with engine.connect() as conn:
                return int(conn.execute(select(cases.c.version).where(
                    cases.c.id == case_id)).scalar_one())

        set_status(engine, ids["omsk"], version(ids["omsk"]), "anna", "confirmed",
                   note="two outlets")
        merge_cases(engine, ids["tomsk"], version(ids["tomsk"]), ids["buryat"], "boris")
        with engine.connect() as conn:
            moved = conn.execute(select(mentions.c.id, mentions.c.mention_key).where(
                mentions.c.case_id == ids["tomsk"]).order_by(mentions.c.id)).all()
        split_mention(engine, ids["tomsk"], version(ids["tomsk"]), moved[0].id, "anna")
        return int(moved[0].id)


def _rows(page: str) -> list[Any]:
    return lxml_html.fromstring(page).xpath("//table[@class='log']/tbody/tr")


async def test_review_page_shows_case_numbers_and_titles_not_keys(
        filled: tuple[str, dict[str, int]], web: Any) -> None:
    url, ids = filled
    _merge_and_split(url, ids)
    async with web.app_client(url) as client:
        page = (await client.get("/review")).text
        data = (await client.get("/review.json")).json()
    rows = _rows(page)
    actions = [r.get("data-action") for r in rows]
    assert actions == ["split_from", "split", "merged_into", "merge", "confirm"]
    for row in rows:
        shown = row.text_content()
        assert not LONG_RUN.search(shown), shown  # no 64-character key in the text
        assert "key:" not in shown and "keys:" not in shown
    merge = rows[actions.index("merge")]
    case_cell, before = merge.xpath("td[@class='case']")[0], merge.xpath("td[@class='before']")[0]
    link = case_cell.xpath("a")[0]
    assert link.get("href") == f"/cases/{ids['tomsk']}"
    assert link.text_content() == f"#{ids['tomsk']} Three contract soldiers from Tomsk"
    assert re.search(r"key case-tomsk$", link.get("title"))  # the key, in the tooltip
    merged_in = before.xpath("a")[0]
    assert (merged_in.get("href"), merged_in.text_content()) == (
        f"/cases/{ids['buryat']}", f"#{ids['buryat']} Five conscripts from Buryatia")
    after = merge.xpath("td[@class='after']")[0]
    assert after.text_content() == f"1 mention (#{_mention_of(url, 'buryat')})"
    assert len(after.xpath("span[@title]")[0].get("title")) > 64  # the key, in the tooltip
    # the JSON twin keeps the entries as stored, and adds the title the page shows
    merge_entry = next(e for e in data["entries"] if e["action"] == "merge")
    assert merge_entry["before"]["key"] == "case-buryat"
    assert merge_entry["case_title"] == "Three contract soldiers from Tomsk"


def _mention_of(url: str, source: str) -> int:
    with open_store(url) as store:
        by_source = {d.id: d.document.id for d in store.documents()}
        return next(m.id for m in store.mentions() if by_source[m.document_id] == source)


async def test_case_page_log_links_the_other_case(filled: tuple[str, dict[str, int]],
                                                  web: Any) -> None:
    url, ids = filled
    _merge_and_split(url, ids)
    async with web.app_client(url) as client:
        page = (await client.get(f"/cases/{ids['tomsk']}")).text
    rows = _rows(page)
    assert [r.get("data-action") for r in rows] == ["split", "merge"]
    split = rows[0]
    new_case = split.xpath("td[@class='after']/a")[0]
    assert new_case.get("href") == f"/cases/{ids['buryat']}"  # the split undid the merge
    for row in rows:
        assert not LONG_RUN.search(row.text_content())
