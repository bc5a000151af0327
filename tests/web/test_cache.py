"""The case list's response cache: ETags, 304s, no session for anonymous readers, and
fresh answers after a write."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import httpx
import pytest

from otkaz.store import open_store
from otkaz.web.cache import Memo, ResponseCache

pytestmark = pytest.mark.anyio


def test_cache_keeps_the_newest_entries_and_size_zero_keeps_none() -> None:
    calls: list[str] = []

    def make(name: str) -> bytes:
        calls.append(name)
        return name.encode()

    cache = ResponseCache(size=2)
    for name in ("a", "b", "a", "c", "b"):  # "b" fell out when "c" came in
        cache.get((name,), lambda name=name: make(name))
    assert calls == ["a", "b", "c", "b"]
    off = ResponseCache(size=0)
    first, again = off.get(("x",), lambda: make("x")), off.get(("x",), lambda: make("x"))
    assert first == again and calls[-2:] == ["x", "x"]


@pytest.mark.parametrize("path", ["/cases.json?type=desertion", "/cases?type=desertion"])
async def test_list_answers_carry_an_etag_and_304_when_unchanged(
        client: httpx.AsyncClient, path: str) -> None:
    first = await client.get(path)
    assert first.status_code == 200 and "set-cookie" not in first.headers
    etag = first.headers["etag"]
    again = await client.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    other = await client.get(path.replace("desertion", "refusal"),
                             headers={"if-none-match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag


async def test_a_write_changes_the_etag(filled: tuple[str, dict[str, int]],
                                        web: SimpleNamespace) -> None:
    async with web.app_client(filled[0]) as c:
        before = await c.get("/cases.json")
        with open_store(filled[0]) as store:
            store.upsert_case("new", {}, {})
        after = await c.get("/cases.json", headers={"if-none-match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.json()["total"] == before.json()["total"] + 1


async def test_uncached_app_answers_the_same(filled: tuple[str, dict[str, int]],
                                             web: SimpleNamespace) -> None:
    async with web.app_client(filled[0]) as cached, \
            web.app_client(filled[0], cache=False) as uncached:
        for path in ("/cases.json?sort=count", "/cases.json?outcome=dismissed&q=refused"):
            assert (await cached.get(path)).json() == (await uncached.get(path)).json()


def test_memo_keeps_the_newest_values() -> None:
    calls: list[str] = []
    memo = Memo(size=1)
    for key in ("a", "a", "b", "a"):
        memo.get((key,), lambda key=key: calls.append(key) or key)
    assert calls == ["a", "b", "a"]


async def test_summaries_follow_a_write(filled: tuple[str, dict[str, int]],
                                        web: SimpleNamespace) -> None:
    """Map, timeline and figures are remembered per data version, never served stale."""
    async with web.app_client(filled[0]) as c:
        timeline = (await c.get("/timeline.json")).json()
        map_answer = await c.get("/map.json")
        assert (await c.get("/map.json", headers={
            "if-none-match": map_answer.headers["etag"]})).status_code == 304
        with open_store(filled[0]) as store:
            case_id = store.upsert_case("new", {}, {
                "type": "refusal", "when_start": date(2021, 1, 5), "when_end": date(2021, 1, 5),
                "count_low": 4, "count_high": 4, "place": "Omsk", "place_lat": 54.98,
                "place_lon": 73.37})
        after = (await c.get("/timeline.json")).json()
        assert after["totals"]["cases"] == timeline["totals"]["cases"] + 1
        assert after["months"][0] == {"month": "2021-01", "cases": 1, "low": 4, "high": 4,
                                      "unknown_count": 0, "open_ended": 0}
        fresh = await c.get("/map.json", headers={"if-none-match": map_answer.headers["etag"]})
        assert fresh.status_code == 200
        listed = {case["id"] for f in fresh.json()["place"]["features"]
                  for case in f["properties"]["cases"]}
        assert case_id in listed
