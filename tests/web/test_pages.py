"""Pages and their JSON twins, in-process over SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import update

from otkaz.store import open_store
from otkaz.store.schema import cases
from otkaz.web.queries import CSV_COLUMNS

pytestmark = pytest.mark.anyio


async def _names(client: httpx.AsyncClient, ids: dict[str, int], query: str) -> list[str]:
    answer = await client.get(f"/cases.json?{query}")
    assert answer.status_code == 200, answer.text
    by_id = {v: k for k, v in ids.items()}
    return [by_id[c["id"]] for c in answer.json()["cases"]]


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["tomsk", "buryat", "hostile", "omsk"]),  # newest event first
    ("type=desertion", ["tomsk", "buryat"]),
    ("force=rosgvardia", ["omsk"]),
    ("place=BURYAT", ["buryat"]),  # home, any case
    ("place=rostov", ["tomsk"]),  # incident place
    ("place=%25", []),  # LIKE wildcards are plain characters
    ("date_from=2022-03-01&date_to=2022-05-15", ["buryat", "hostile"]),
    ("date_to=2022-02-25", ["omsk"]),
    ("outcome=dismissed", ["omsk"]),
    ("outcome=returned_home", ["buryat"]),
    ("min_origins=2", ["omsk"]),
    ("status=confirmed", []),
    ("q=dismissed", ["omsk"]),
    ("q=conscripts+Belgorod", ["buryat"]),
    ("q=refuse", ["hostile", "omsk"]),  # stemmed: "refused"
    ("q=%22+*+%28%29", ["tomsk", "buryat", "hostile", "omsk"]),  # no word: no filter
    ("q=%22dismissed%22+OR+NEAR%28", []),  # operators are plain words: none has "near"
    ("sort=count&order=asc", ["tomsk", "buryat", "omsk", "hostile"]),
    ("sort=id&order=asc&per_page=2&page=2", ["hostile", "tomsk"]),
    ("type=refusal&place=omsk&min_origins=1", ["omsk"]),
    # confidences (conftest.sample): omsk 0.9, tomsk 0.75, buryat 0.35, hostile none
    ("min_confidence=0.5", ["tomsk", "omsk"]),
    ("min_confidence=0.75", ["tomsk", "omsk"]),  # at least: inclusive
    ("min_confidence=0.76", ["omsk"]),
    ("min_confidence=0", ["tomsk", "buryat", "omsk"]),  # an unknown confidence never passes
    ("min_confidence=", ["tomsk", "buryat", "hostile", "omsk"]),  # blank (the form): no filter
    ("sort=confidence", ["omsk", "tomsk", "buryat", "hostile"]),  # highest first, none last
    ("sort=confidence&order=asc", ["buryat", "tomsk", "omsk", "hostile"]),  # none still last
    ("sort=confidence&type=desertion&min_confidence=0.3", ["tomsk", "buryat"]),
])
async def test_case_list_filters(client: httpx.AsyncClient, ids: dict[str, int], query: str,
                                 expected: list[str]) -> None:
    assert await _names(client, ids, query) == expected


async def test_list_counts_pages(client: httpx.AsyncClient) -> None:
    data = (await client.get("/cases.json?per_page=3")).json()
    assert (data["total"], data["pages"], len(data["cases"])) == (4, 2, 3)


@pytest.mark.parametrize(("query", "message"), [
    ("type=mutiny", "type must be one of"),
    ("date_from=yesterday", "date_from must be a date"),
    ("min_origins=two", "min_origins must be a whole number"),
    ("sort=actor", "sort must be one of"),
    ("per_page=100000", "per_page 1 to"),
    ("min_confidence=high", "min_confidence must be a number"),
    ("min_confidence=1.5", "min_confidence must be a number from 0 to 1"),
    ("min_confidence=-0.1", "min_confidence must be a number from 0 to 1"),
    ("min_confidence=nan", "min_confidence must be a number from 0 to 1"),
])
async def test_bad_filters_are_refused(client: httpx.AsyncClient, query: str,
                                       message: str) -> None:
    answer = await client.get(f"/cases.json?{query}")
    assert answer.status_code == 422 and message in answer.json()["detail"]
    page = await client.get(f"/cases?{query}", headers={"accept": "text/html"})
    assert page.status_code == 422 and message in page.text


async def test_csv_is_the_whole_filter(client: httpx.AsyncClient) -> None:
    answer = await client.get("/cases.csv?type=desertion&per_page=1")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert sorted(r["actor"] for r in rows) == ["Five conscripts from Buryatia",
                                                "Three contract soldiers from Tomsk"]
    assert {r["when_start"] for r in rows} == {"2022-05-01", "2023-04-01"}


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["tomsk", "buryat", "hostile", "omsk"]),
    ("place=omsk&sort=id&order=asc", ["omsk", "tomsk"]),  # a part of "Tomsk" too
    ("date_from=2022-03-01&date_to=2022-05-15", ["buryat", "hostile"]),
    ("force=rosgvardia", ["omsk"]),
    ("type=refusal&q=refuse", ["hostile", "omsk"]),
])
async def test_csv_download_parses_and_holds_the_filtered_cases(
        client: httpx.AsyncClient, ids: dict[str, int], query: str, expected: list[str]) -> None:
    answer = await client.get(f"/cases.csv?{query}")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(answer.text)))
    assert table[0] == list(CSV_COLUMNS)
    by_id = {v: k for k, v in ids.items()}
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    assert [by_id[int(r["id"])] for r in rows] == expected
    listed = (await client.get(f"/cases.json?{query}")).json()["cases"]
    assert [int(r["id"]) for r in rows] == [c["id"] for c in listed]
    assert [r["when_start"] for r in rows] == [c["when"]["start"] for c in listed]


async def test_a_deleted_case_leaves_the_list_at_once(filled: tuple[str, dict[str, int]],
                                                     web: SimpleNamespace) -> None:
    url = filled[0]
    async with web.app_client(url) as c:
        with open_store(url) as store:
            orphan = store.upsert_case("orphan", {}, {})  # no mention points to it
            kept = store.upsert_case("kept", {}, {})  # newer, and reviewed: never deleted
            with store.engine.begin() as conn:
                conn.execute(update(cases).where(cases.c.id == kept).values(status="confirmed"))
        for path in ("/cases.json", "/cases.json?sort=id"):
            listed = [x["id"] for x in (await c.get(path)).json()["cases"]]
            assert orphan in listed and kept in listed
        page = await c.get("/cases?sort=id")
        assert f'data-case="{orphan}"' in page.text
        with open_store(url) as store:
            assert store.delete_cases_without_mentions() == 1
        for path in ("/cases.json", "/cases.json?sort=id"):
            listed = [x["id"] for x in (await c.get(path)).json()["cases"]]
            assert orphan not in listed and kept in listed
        assert f'data-case="{orphan}"' not in (await c.get("/cases?sort=id")).text


async def test_confidence_is_listed_and_shown(client: httpx.AsyncClient,
                                              ids: dict[str, int]) -> None:
    listed = (await client.get("/cases.json?sort=confidence")).json()
    assert [c["confidence"] for c in listed["cases"]] == [0.9, 0.75, 0.35, None]
    assert listed["filter"]["sort"] == "confidence"
    html = (await client.get("/cases?min_confidence=0.5&sort=confidence")).text
    assert 'name="min_confidence" value="0.5"' in html
    assert '<td class="num confidence">0.90</td>' in html
    assert '<td class="num confidence">0.35</td>' not in html  # filtered out
    assert 'aria-sort="descending"' in html and "Confidence ▼" in html
    # the header link turns the order round, keeping the filter
    assert "min_confidence=0.5&amp;sort=confidence&amp;order=asc" in html
    hostile = (await client.get("/cases?sort=confidence&order=asc")).text
    assert '<td class="num confidence">—</td>' in hostile  # no confidence: a dash, last

    case = (await client.get(f"/cases/{ids['omsk']}.json")).json()
    assert case["case"]["confidence"] == 0.9
    assert [m["confidence"] for m in case["mentions"]] == [0.9, 0.6]
    page = (await client.get(f"/cases/{ids['omsk']}")).text
    assert 'confidence <strong class="confidence">0.90</strong>' in page
    assert page.count('<span class="confidence">') == 2
    assert '<span class="confidence">0.60</span>' in page

    rows = list(csv.DictReader(io.StringIO(
        (await client.get("/cases.csv?sort=confidence")).text)))
    assert [r["confidence"] for r in rows] == ["0.9", "0.75", "0.35", ""]


async def test_openapi_describes_the_confidence_filter(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    for path in ("/cases.json", "/cases.csv"):
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert params["min_confidence"]["schema"] == {"type": "number", "minimum": 0,
                                                      "maximum": 1}
        assert "confidence" in params["sort"]["schema"]["enum"]


async def test_case_json(client: httpx.AsyncClient, ids: dict[str, int]) -> None:
    data = (await client.get(f"/cases/{ids['omsk']}.json")).json()
    assert data["case"]["count"] == {"low": 11, "high": 12}
    assert data["case"]["n_mentions"] == 2 and data["case"]["n_origins"] == 2
    assert data["conflicts"]["count"] == [{"low": 12, "high": 12}, {"low": 11, "high": 11}]
    first = data["mentions"][0]
    assert first["document"]["outlet"] == "Sibir Daily"
    assert first["evidence"][0]["text"].startswith("Twelve officers of the Omsk OMON refused")
    assert "html_evidence" not in first
    seen_counts = [s["value"] for s in data["seen"]["count"]]
    assert seen_counts == [{"low": 12, "high": 12}, {"low": 11, "high": 11}]


async def test_case_page_highlights_each_field(client: httpx.AsyncClient,
                                               ids: dict[str, int]) -> None:
    html = (await client.get(f"/cases/{ids['omsk']}")).text
    assert '<mark data-field="count" data-label="count">Twelve</mark>' in html
    assert '<mark data-field="when" data-label="when">late February</mark>' in html
    assert '<mark data-field="sources" data-label="sources">Ivan Petrov</mark>' in html
    assert 'href="/documents/' in html and "conflict" in html


async def test_document_page_is_inert(client: httpx.AsyncClient, ids: dict[str, int],
                                      web: SimpleNamespace) -> None:
    case = (await client.get(f"/cases/{ids['hostile']}.json")).json()
    doc_id = case["mentions"][0]["document"]["id"]
    html = (await client.get(f"/documents/{doc_id}")).text
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "Prank &lt;b&gt;Gazette&lt;/b&gt;" in html
    assert 'href="javascript:' not in html  # a non-web source URL is shown, not linked
    data = (await client.get(f"/documents/{doc_id}.json")).json()
    assert data["document"]["title"] == web.HOSTILE_TITLE and "html_text" not in data


@pytest.mark.parametrize("path", ["/cases/999", "/cases/999.json", "/documents/999",
                                  "/documents/999.json"])
async def test_missing_things_are_404(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 404


async def test_map_timeline_figures(client: httpx.AsyncClient) -> None:
    geo = (await client.get("/map.json")).json()
    places = {f["properties"]["name"] for f in geo["place"]["features"]}
    homes = {f["properties"]["name"] for f in geo["home"]["features"]}
    assert places == {"Belgorod", "Kherson", "Rostov Oblast"}
    assert homes == {"Omsk", "Buryatia", "Vladivostok", "Tomsk"}
    timeline = (await client.get("/timeline.json")).json()
    assert timeline["months"][0] == {"month": "2022-02", "cases": 1, "low": 11, "high": 12,
                                     "unknown_count": 0, "open_ended": 0}
    assert timeline["totals"]["low"] == 11 + 30 + 5 + 3
    figures = (await client.get("/figures.json")).json()
    assert [f["value"]["low"] for f in figures["figures"]] == [5000, 4200]
    # a year and a half year of one measure: two series, never one line
    assert [(s["measure"], s["period"], [p["low"] for p in s["points"]])
            for s in figures["series"]] == [("awol_cases", "half year", [4200]),
                                            ("awol_cases", "year", [5000])]
    assert [f["period_kind"] for f in figures["figures"]] == ["year", "half year"]
    for page in ("/map", "/timeline", "/figures", "/review", "/cases"):
        assert (await client.get(page)).status_code == 200, page
    assert '<rect class="bar"' in (await client.get("/timeline")).text


async def test_docs_work_offline(client: httpx.AsyncClient) -> None:
    html = (await client.get("/docs")).text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "cdn" not in html
    assert (await client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")).status_code == 200
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert {"/cases.json", "/cases/{case_id}.json", "/map.json"} <= set(paths)


async def test_reading_can_require_login(filled: tuple[str, dict[str, int]],
                                        web: SimpleNamespace) -> None:
    async with web.app_client(filled[0], read_requires_login=True) as c:
        assert (await c.get("/cases.json")).status_code == 401
        page = await c.get("/cases", headers={"accept": "text/html"})
        assert page.status_code == 303 and page.headers["location"] == "/login?next=/cases"
        assert (await c.get("/login")).status_code == 200
        assert (await c.get("/openapi.json")).status_code == 401
        docs = await c.get("/docs", headers={"accept": "text/html"})
        assert docs.status_code == 303 and docs.headers["location"] == "/login?next=/docs"
        await web.sign_in(c)
        assert (await c.get("/cases.json")).json()["total"] == 4
        assert "/cases.json" in (await c.get("/openapi.json")).json()["paths"]
        assert (await c.get("/docs")).status_code == 200
