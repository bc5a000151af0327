"""Issue "Numbers people can publish": what the dashboard shows of cases, sources and places."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update

from otkaz.store import open_store
from otkaz.store.schema import cases

pytestmark = pytest.mark.anyio


async def test_set_fields_get_no_conflict_badge(filled: tuple[str, dict[str, int]],
                                                client: httpx.AsyncClient) -> None:
    """A record stored with the old set-field conflict flags shows no badge for them."""
    url, ids = filled
    with open_store(url) as store:
        merged = dict(store.case(ids["omsk"]).merged)  # type: ignore[union-attr]
        merged["outcomes"] = {"value": ["detained", "forced_back"], "conflict": True,
                              "values": [{"value": "detained", "mentions": [1]},
                                         {"value": "forced_back", "mentions": [2]}]}
        merged["personnel"] = {"value": ["mobilized", "reservist"], "conflict": True,
                               "values": [{"value": "mobilized", "mentions": [1]},
                                          {"value": "reservist", "mentions": [2]}]}
        with store.engine.begin() as conn:
            conn.execute(update(cases).where(cases.c.id == ids["omsk"]).values(merged=merged))
    data = (await client.get(f"/cases/{ids['omsk']}.json")).json()
    assert set(data["conflicts"]) == {"count"}  # 12 against 11; the sets are unions
    page = (await client.get(f"/cases/{ids['omsk']}")).text
    assert page.count('class="badge conflict"') == 1
