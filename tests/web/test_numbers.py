"""Issue "Numbers people can publish": what the dashboard shows of cases, sources and places."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update

from otkaz.store import open_store
from otkaz.store.schema import cases
from otkaz.web import review

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


async def test_rejected_and_merged_cases_leave_the_list(filled: tuple[str, dict[str, int]],
                                                        client: httpx.AsyncClient) -> None:
    """(1) the list shows live cases by default; a status (or all) brings the others back."""
    url, ids = filled
    with open_store(url) as store:
        case = store.case(ids["tomsk"])
        assert case is not None
        review.set_status(store.engine, case.id, case.version, "anna", "rejected")
    listed = {c["id"] for c in (await client.get("/cases.json")).json()["cases"]}
    assert listed == {ids["omsk"], ids["buryat"], ids["hostile"]}
    rejected = (await client.get("/cases.json?status=rejected")).json()["cases"]
    assert [c["id"] for c in rejected] == [ids["tomsk"]]
    assert (await client.get("/cases.json?status=all")).json()["total"] == 4


@pytest.mark.parametrize("place", ["Buryatia", "Buryatiya", "Republic of Buryatia",
                                   "Primorsky Krai", "Omsk Oblast", "Kherson Oblast", "Rostov"])
async def test_place_finds_the_cases_of_a_region(client: httpx.AsyncClient,
                                                 ids: dict[str, int], place: str) -> None:
    """(5) a region in any spelling finds the cases placed in its towns (index and SQL)."""
    expected = {"Buryatia": "buryat", "Buryatiya": "buryat", "Republic of Buryatia": "buryat",
                "Primorsky Krai": "hostile", "Omsk Oblast": "omsk", "Kherson Oblast": "hostile",
                "Rostov": "tomsk"}[place]
    answer = (await client.get("/cases.json", params={"place": place})).json()
    assert [c["id"] for c in answer["cases"]] == [ids[expected]]


async def test_pages_carry_a_content_security_policy(client: httpx.AsyncClient,
                                                     ids: dict[str, int]) -> None:
    """(6) no inline script runs on any page."""
    for path in ("/cases", f"/cases/{ids['omsk']}", "/cases.json", "/map"):
        policy = (await client.get(path)).headers["content-security-policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert 'onsubmit="' not in (await client.get("/map")).text


@pytest.mark.parametrize(("path", "status"), [
    ("/no-such-page", 404), ("/cases/999999", 404), ("/documents/999999", 404),
    ("/cases/twelve", 422), ("/cases?type=mutiny", 422), ("/cases?tpye=refusal", 422)])
async def test_html_routes_answer_errors_as_pages(client: httpx.AsyncClient, path: str,
                                                  status: int) -> None:
    """(6) HTML errors on HTML routes; their .json twins and the API stay JSON."""
    page = await client.get(path, headers={"accept": "text/html"})
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>" in page.text
    twin = path.replace("/cases?", "/cases.json?").replace("/cases/999999", "/cases/999999.json")
    if twin != path:
        answer = await client.get(twin)
        assert answer.status_code == status
        assert answer.headers["content-type"].startswith("application/json")


async def test_unknown_parameters_are_refused(client: httpx.AsyncClient) -> None:
    """(6) a misspelt filter is a 422 naming the valid ones, not every case."""
    answer = await client.get("/cases.json?tpye=refusal")
    assert answer.status_code == 422
    assert "unknown parameter tpye" in answer.json()["detail"]
    assert "type" in answer.json()["detail"]
    assert (await client.get("/cases.csv?plcae=omsk")).status_code == 422


async def test_document_page_shows_no_server_path(filled: tuple[str, dict[str, int]],
                                                  client: httpx.AsyncClient) -> None:
    """(6) a file's source shows as its name; a URL as the link."""
    url, _ids = filled
    with open_store(url) as store, store.engine.begin() as conn:
        from otkaz.store.schema import documents

        doc = store.documents()[0]
        conn.execute(update(documents).where(documents.c.id == doc.id).values(
            source_id="/srv/otkaz/private/articles/buryat.txt", url=None))
    page = (await client.get(f"/documents/{doc.id}")).text
    assert "/srv/otkaz/private" not in page and "buryat.txt" in page
