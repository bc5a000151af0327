"""Review actions: confirm and reject, field corrections, merge, split, the log, stale edits."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import insert, select

from otkaz.store import open_store
from otkaz.store.schema import case_overrides, mention_overrides
from otkaz.web.review import ReviewError, parse_value

JSON = {"accept": "application/json"}


@pytest.mark.parametrize(("field", "raw", "expected"), [
    ("count", "12", {"low": 12, "high": 12}),
    ("count", "12-20", {"low": 12, "high": 20}),
    ("count", " 100+ ", {"low": 100, "high": None}),
    ("count", "-20", {"low": None, "high": 20}),
    ("count", "", None),
    ("when", "2022-03", {"start": "2022-03-01", "end": "2022-03-31"}),
    ("when", "2024-02", {"start": "2024-02-01", "end": "2024-02-29"}),
    ("when", "2022", {"start": "2022-01-01", "end": "2022-12-31"}),
    ("when", "2022-03-05", {"start": "2022-03-05", "end": "2022-03-05"}),
    ("when", "2022-03-01..2022-03-10", {"start": "2022-03-01", "end": "2022-03-10"}),
    ("type", "desertion", "desertion"),
    ("outcomes", "detained, convicted", ["detained", "convicted"]),
    ("sources", "Zov, Ivan Petrov", ["Zov", "Ivan Petrov"]),
    ("place", "  Omsk ", "Omsk"),
    ("unit", "", None),
])
def test_parse_value(field: str, raw: str, expected: Any) -> None:
    assert parse_value(field, raw) == expected


@pytest.mark.parametrize(("field", "raw", "message"), [
    ("count", "twelve", "count: write"), ("count", "20-12", "low end is above"),
    ("when", "March", "when: write"), ("when", "2022-03-10..2022-03-01", "start is after"),
    ("type", "mutiny", "type must be one of"), ("force", "navy seals", "force must be one of"),
    ("outcomes", "detained, shot", "unknown shot"),
])
def test_parse_value_refuses(field: str, raw: str, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        parse_value(field, raw)


async def _case(client: httpx.AsyncClient, case_id: int) -> dict[str, Any]:
    answer = await client.get(f"/cases/{case_id}.json")
    assert answer.status_code == 200
    data: dict[str, Any] = answer.json()
    return data


@pytest.fixture
async def reviewer(client: httpx.AsyncClient, web: SimpleNamespace) -> str:
    """Sign the client in as anna; the CSRF token."""
    token: str = await web.sign_in(client)
    return token


pytestmark = pytest.mark.anyio


async def test_confirm_is_logged_and_shown(client: httpx.AsyncClient, ids: dict[str, int],
                                           reviewer: str) -> None:
    case = await _case(client, ids["omsk"])
    version = case["case"]["version"]
    answer = await client.post(f"/cases/{ids['omsk']}/status", data={
        "status": "confirmed", "version": version, "note": "two outlets", "csrf_token": reviewer})
    assert answer.status_code == 303 and answer.headers["location"] == f"/cases/{ids['omsk']}"
    after = await _case(client, ids["omsk"])
    assert after["case"]["status"] == "confirmed" and after["case"]["version"] == version + 1
    entry = after["review_log"][0]
    assert (entry["user"], entry["action"], entry["before"], entry["after"], entry["note"]) == (
        "anna", "confirm", "machine", "confirmed", "two outlets")
    html = (await client.get(f"/cases/{ids['omsk']}")).text
    assert '<tr data-action="confirm">' in html and "Case marked confirmed." in html
    listed = (await client.get("/cases.json?status=confirmed")).json()["cases"]
    assert [c["id"] for c in listed] == [ids["omsk"]]
    # confirming is the reviewer's verdict (the status); the confidence stays the machine's
    assert after["case"]["confidence"] == listed[0]["confidence"] == 0.9


async def test_a_rejected_mention_no_longer_vouches_for_its_case(
        client: httpx.AsyncClient, ids: dict[str, int], reviewer: str,
        filled: tuple[str, Any]) -> None:
    case = await _case(client, ids["omsk"])
    strongest = case["mentions"][0]
    assert (strongest["confidence"], case["case"]["confidence"]) == (0.9, 0.9)
    with open_store(filled[0]) as store, store.engine.begin() as conn:
        conn.execute(insert(mention_overrides).values(
            mention_key=strongest["mention_key"], field="status", value="rejected",
            user="anna", at=datetime.now(UTC)))
    # any action that rebuilds the case (here a field correction) reads the rejection
    await client.post(f"/cases/{ids['omsk']}/edit", data={
        "field": "unit", "value": "OMON", "version": case["case"]["version"],
        "csrf_token": reviewer})
    after = await _case(client, ids["omsk"])
    assert after["case"]["confidence"] == 0.6 and after["case"]["n_mentions"] == 2
    listed = (await client.get("/cases.json?min_confidence=0.7")).json()["cases"]
    assert ids["omsk"] not in [c["id"] for c in listed]


async def test_a_stale_edit_is_refused(client: httpx.AsyncClient, ids: dict[str, int],
                                       reviewer: str, web: SimpleNamespace,
                                       filled: tuple[str, Any]) -> None:
    url = f"/cases/{ids['buryat']}/status"
    version = (await _case(client, ids["buryat"]))["case"]["version"]
    first = await client.post(url, data={"status": "confirmed", "version": version,
                                         "csrf_token": reviewer})
    assert first.status_code == 303
    # boris opened the page at the same version, and now rejects it
    async with web.app_client(filled[0]) as other:
        token = await web.sign_in(other, "boris")
        late = await other.post(url, data={"status": "rejected", "version": version,
                                           "csrf_token": token})
        assert late.status_code == 409
        assert "This case was changed by anna at" in late.text and "reload" in late.text
        late_json = await other.post(url, headers=JSON, data={
            "status": "rejected", "version": version, "csrf_token": token})
        assert late_json.status_code == 409 and "changed by anna" in late_json.json()["detail"]
    after = await _case(client, ids["buryat"])
    assert after["case"]["status"] == "confirmed"
    assert [e["action"] for e in after["review_log"]] == ["confirm"]


async def test_correct_a_field_from_a_seen_value(client: httpx.AsyncClient, ids: dict[str, int],
                                                 reviewer: str, filled: tuple[str, Any]) -> None:
    case = await _case(client, ids["omsk"])
    second = case["mentions"][1]
    assert second["values"]["count"] == {"low": 11, "high": 11}
    answer = await client.post(f"/cases/{ids['omsk']}/edit", headers=JSON, data={
        "field": "count", "choice": f"m:{second['id']}", "version": case["case"]["version"],
        "csrf_token": reviewer})
    assert answer.status_code == 200, answer.text
    after = await _case(client, ids["omsk"])
    assert after["case"]["fields"]["count"] == {"low": 11, "high": 11}
    assert after["case"]["count"] == {"low": 11, "high": 11}  # the filter columns follow
    assert after["case"]["merged"]["count"]["reviewed"]["user"] == "anna"
    assert after["overrides"][0]["span"] == second["spans"]["count"]
    entry = after["review_log"][0]
    assert (entry["action"], entry["field"], entry["before"], entry["after"],
            entry["mention_id"]) == ("edit", "count", {"low": 12, "high": 12},
                                     {"low": 11, "high": 11}, second["id"])
    assert [c["id"] for c in (await client.get("/cases.json?sort=count&order=asc")).json()[
        "cases"]][:3] == [ids["tomsk"], ids["buryat"], ids["omsk"]]


async def test_correct_a_field_by_typing(client: httpx.AsyncClient, ids: dict[str, int],
                                         reviewer: str) -> None:
    version = (await _case(client, ids["tomsk"]))["case"]["version"]
    bad = await client.post(f"/cases/{ids['tomsk']}/edit", data={
        "field": "when", "value": "in spring", "version": version, "csrf_token": reviewer})
    assert bad.status_code == 422 and "when: write" in bad.text
    good = await client.post(f"/cases/{ids['tomsk']}/edit", data={
        "field": "when", "value": "2023-03", "version": version, "csrf_token": reviewer})
    assert good.status_code == 303
    after = await _case(client, ids["tomsk"])
    assert after["case"]["when"] == {"start": "2023-03-01", "end": "2023-03-31"}
    assert after["overrides"][0]["span"] is None
    march = (await client.get("/cases.json?date_from=2023-03-01&date_to=2023-03-31")).json()
    assert [c["id"] for c in march["cases"]] == [ids["tomsk"]]


async def test_merge_two_cases(client: httpx.AsyncClient, ids: dict[str, int], reviewer: str,
                               filled: tuple[str, Any]) -> None:
    target, other = ids["omsk"], ids["hostile"]
    version = (await _case(client, target))["case"]["version"]
    answer = await client.post(f"/cases/{target}/merge", data={
        "other": other, "version": version, "csrf_token": reviewer})
    assert answer.status_code == 303
    merged = await _case(client, target)
    assert merged["case"]["n_mentions"] == 3 and merged["case"]["n_origins"] == 3
    assert merged["case"]["confidence"] == 0.9  # still omsk-1's: hostile has none
    assert merged["conflicts"].keys() >= {"force", "count"}
    assert {(e["action"], e["case_id"]) for e in merged["review_log"]} == {
        ("merge", target), ("merged_into", other)}
    gone = await _case(client, other)
    assert gone["case"]["status"] == "merged" and gone["case"]["merged"]["merged_into"] == target
    assert gone["case"]["confidence"] is None  # no mention left to vouch for it
    assert "was merged into" in (await client.get(f"/cases/{other}")).text
    listed = [c["id"] for c in (await client.get("/cases.json")).json()["cases"]]
    assert other not in listed and target in listed
    with open_store(filled[0]) as store, store.engine.connect() as conn:
        keys = {r.value for r in conn.execute(select(mention_overrides.c.value))}
    assert keys == {"case-omsk"}  # the moved mention now belongs to the target's key
    again = await client.post(f"/cases/{target}/merge", headers=JSON, data={
        "other": other, "version": version + 1, "csrf_token": reviewer})
    assert again.status_code == 422 and "already merged" in again.json()["detail"]


async def test_split_a_mention_out(client: httpx.AsyncClient, ids: dict[str, int],
                                   reviewer: str) -> None:
    case = await _case(client, ids["omsk"])
    mention = case["mentions"][1]
    answer = await client.post(f"/cases/{ids['omsk']}/split", data={
        "mention_id": mention["id"], "version": case["case"]["version"],
        "csrf_token": reviewer})
    assert answer.status_code == 303
    new_id = int(answer.headers["location"].rsplit("/", 1)[1])
    new = await _case(client, new_id)
    assert [m["id"] for m in new["mentions"]] == [mention["id"]]
    assert new["case"]["count"] == {"low": 11, "high": 11}
    assert new["case"]["confidence"] == 0.6  # omsk-2's, which went with it
    assert new["review_log"][0]["action"] == "split_from"
    old = await _case(client, ids["omsk"])
    assert old["case"]["n_mentions"] == 1 and old["case"]["count"] == {"low": 12, "high": 12}
    assert old["case"]["confidence"] == 0.9
    assert old["conflicts"] == {}
    single = await client.post(f"/cases/{new_id}/split", headers=JSON, data={
        "mention_id": mention["id"], "version": new["case"]["version"], "csrf_token": reviewer})
    assert single.status_code == 422


async def test_corrections_survive_a_split_and_re_extraction(
        client: httpx.AsyncClient, ids: dict[str, int], reviewer: str, web: SimpleNamespace,
        filled: tuple[str, Any]) -> None:
    case = await _case(client, ids["omsk"])
    await client.post(f"/cases/{ids['omsk']}/edit", data={
        "field": "actor", "value": "Omsk OMON officers", "version": case["case"]["version"],
        "csrf_token": reviewer})
    case = await _case(client, ids["omsk"])
    await client.post(f"/cases/{ids['omsk']}/split", data={
        "mention_id": case["mentions"][1]["id"], "version": case["case"]["version"],
        "csrf_token": reviewer})
    assert (await _case(client, ids["omsk"]))["case"]["fields"]["actor"] == "Omsk OMON officers"
    with open_store(filled[0]) as store:  # the same article extracted again by a new version
        doc, report = web.sample()["omsk-1"]
        assert store.add(doc, report, "test-2")
        with store.engine.connect() as conn:
            kept = conn.execute(select(case_overrides.c.field, case_overrides.c.value)).all()
    assert [tuple(k) for k in kept] == [("actor", "Omsk OMON officers")]
    after = await _case(client, ids["omsk"])
    assert [m["mention_key"] for m in after["mentions"]] == [case["mentions"][0]["mention_key"]]


async def test_relinking_keeps_every_decision(client: httpx.AsyncClient, ids: dict[str, int],
                                              reviewer: str, filled: tuple[str, Any]) -> None:
    from otkaz.link import relink

    case = await _case(client, ids["omsk"])
    await client.post(f"/cases/{ids['omsk']}/edit", data={
        "field": "count", "value": "12", "version": case["case"]["version"],
        "csrf_token": reviewer})
    case = await _case(client, ids["omsk"])
    moved = case["mentions"][1]
    answer = await client.post(f"/cases/{ids['omsk']}/split", data={
        "mention_id": moved["id"], "version": case["case"]["version"], "csrf_token": reviewer})
    new_id = int(answer.headers["location"].rsplit("/", 1)[1])
    with open_store(filled[0]) as store:
        relink(store)
    after = await _case(client, ids["omsk"])
    assert [m["id"] for m in after["mentions"]] == [case["mentions"][0]["id"]]
    assert after["case"]["fields"]["count"] == {"low": 12, "high": 12}
    assert after["case"]["merged"]["count"]["reviewed"]["user"] == "anna"
    split = await _case(client, new_id)
    assert [m["id"] for m in split["mentions"]] == [moved["id"]]
