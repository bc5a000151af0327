"""The dashboard's index tables follow the store: new cases, reviewed outcomes, re-linking."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from otkaz.models import Document, Incident, Report
from otkaz.store import open_store
from otkaz.web.merging import rebuild
from otkaz.web.search import fts_query

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("words", "expected"), [
    ("refused to go", '"refused" "to" "go"'),
    ('x" OR y*', '"x" "OR" "y"'),
    ("()*:^", ""),
    ("Бурятия ушли", '"Бурятия" "ушли"'),
])
def test_fts_query_has_no_operators(words: str, expected: str) -> None:
    assert fts_query(words) == expected


async def _ids(client: httpx.AsyncClient, query: str) -> list[int]:
    answer = await client.get(f"/cases.json?{query}")
    assert answer.status_code == 200, answer.text
    return [c["id"] for c in answer.json()["cases"]]


async def test_a_new_case_is_found(client: httpx.AsyncClient, ids: dict[str, int],
                                   filled: tuple[str, Any]) -> None:
    assert await _ids(client, "q=sappers") == []
    assert await _ids(client, "outcome=detained") == []
    text = "Seven sappers from Pskov deserted in June and were detained at a checkpoint."
    with open_store(filled[0]) as store:
        store.add(Document("pskov", text, date(2022, 7, 1)), Report("pskov", [Incident(
            "desertion", "Seven sappers from Pskov", outcomes=["detained"],
            evidence=[(0, len(text))])]), "test-1")
        mention = next(m for m in store.mentions() if m.case_id is None)
        case_id = store.upsert_case("case-pskov", {}, {})
        store.set_mention_cases({mention.id: case_id})
        with store.engine.connect() as conn:
            rebuilt = rebuild(conn, case_id)
        store.upsert_case("case-pskov", rebuilt.pop("merged"), rebuilt)
    assert await _ids(client, "q=sappers+checkpoint") == [case_id]
    assert await _ids(client, "outcome=detained") == [case_id]
    assert await _ids(client, "q=dismissed") == [ids["omsk"]]  # the others are still there


async def test_reviewed_outcomes_drive_the_filter(client: httpx.AsyncClient, ids: dict[str, int],
                                                  web: SimpleNamespace) -> None:
    token = await web.sign_in(client)
    assert await _ids(client, "outcome=dismissed") == [ids["omsk"]]
    version = (await client.get(f"/cases/{ids['omsk']}.json")).json()["case"]["version"]
    answer = await client.post(f"/cases/{ids['omsk']}/edit", data={
        "field": "outcomes", "value": "detained, released", "version": version,
        "csrf_token": token})
    assert answer.status_code == 303
    assert await _ids(client, "outcome=dismissed") == []
    assert await _ids(client, "outcome=released") == [ids["omsk"]]
    total = (await client.get("/cases.json?outcome=detained")).json()["total"]
    assert total == 1
