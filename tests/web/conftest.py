"""Fixtures for the web tests: a small store of hand-written articles, reports and cases.

The articles are invented for these tests. Each incident's evidence and spans
are found in the text by the phrases below, so offsets are always right.
`filled_url` is parametrised like `db_url` (SQLite and PostgreSQL);
`sqlite_filled_url` is SQLite only (the browser tests and a live server).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, asynccontextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from otkaz.models import DateRange, Document, Figure, Incident, Place, Range, Report
from otkaz.store import Store, open_store
from otkaz.web.app import create_app
from otkaz.web.auth import create_user
from otkaz.web.merging import rebuild

PASSWORD = "correct horse battery"
REVIEWERS = ("anna", "boris")


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def incident(text: str, evidence: list[str], spans: dict[str, str], **values: Any) -> Incident:
    """An Incident whose evidence and spans are the offsets of the given phrases in `text`."""
    return Incident(evidence=[_span(text, e) for e in evidence],
                    spans={f: _span(text, p) for f, p in spans.items()}, **values)


def figure(text: str, evidence: str, spans: dict[str, str], **values: Any) -> Figure:
    return Figure(evidence=[_span(text, evidence)],
                  spans={f: _span(text, p) for f, p in spans.items()}, **values)


OMSK = Place("Omsk", "RU", "Omsk Oblast", 54.98, 73.37, "city")
BURYATIA = Place("Buryatia", "RU", "Buryatia", 52.0, 108.0, "region")
BELGOROD = Place("Belgorod", "RU", "Belgorod Oblast", 50.6, 36.6, "city")
VLADIVOSTOK = Place("Vladivostok", "RU", "Primorsky Krai", 43.12, 131.9, "city")
KHERSON = Place("Kherson", "UA", "Kherson Oblast", 46.64, 32.61, "city")
TOMSK = Place("Tomsk", "RU", "Tomsk Oblast", 56.5, 84.97, "city")
ROSTOV = Place("Rostov Oblast", "RU", "Rostov Oblast", 47.23, 39.72, "region")

HOSTILE_TITLE = "Marines <script>window.__pwned=3</script> in Kherson"


def sample() -> dict[str, tuple[Document, Report]]:
    """The articles and what was "extracted" from them, by article id.

    Confidences: omsk-1 0.9, omsk-2 0.6, buryat 0.35, tomsk 0.75, hostile none; so
    the cases read omsk 0.9, tomsk 0.75, buryat 0.35, hostile none.
    """
    out: dict[str, tuple[Document, Report]] = {}

    t = ("Omsk riot police refuse to go to Ukraine\n"
         "Twelve officers of the Omsk OMON refused to go to Ukraine in late February, the "
         "rights group Zov said on Tuesday. The officers were dismissed a week later.\n"
         "The regional police press office did not answer a request for comment.")
    out["omsk-1"] = (
        Document("omsk-1", t, date(2022, 3, 2), "https://example.org/omsk-1", "Sibir Daily",
                 "Omsk riot police refuse to go to Ukraine"),
        Report("omsk-1", [incident(
            t, ["Twelve officers of the Omsk OMON refused to go to Ukraine in late February, "
                "the rights group Zov said on Tuesday. The officers were dismissed a week later."],
            {"actor": "Twelve officers of the Omsk OMON", "count": "Twelve", "home": "Omsk OMON",
             "force": "OMON", "when": "late February", "type": "refused to go",
             "sources": "Zov", "outcomes": "dismissed"},
            type="refusal", actor="Twelve officers of the Omsk OMON", force="rosgvardia",
            count=Range(12, 12), home="Omsk", when=DateRange(date(2022, 2, 21), date(2022, 2, 28)),
            sources=["Zov"], outcomes=["dismissed"], geo={"home": OMSK}, confidence=0.9)]))

    t = ("Eleven OMON fighters from Omsk declined to cross into Ukraine in February, lawyer "
         "Ivan Petrov told Steppe News. All of them were fired.")
    out["omsk-2"] = (
        Document("omsk-2", t, date(2022, 3, 5), "https://example.org/omsk-2", "Steppe News",
                 "Omsk OMON fighters fired"),
        Report("omsk-2", [incident(
            t, [t], {"actor": "Eleven OMON fighters from Omsk", "count": "Eleven", "home": "Omsk",
                     "when": "in February", "sources": "Ivan Petrov", "outcomes": "fired"},
            type="refusal", actor="Eleven OMON fighters from Omsk", force="rosgvardia",
            count=Range(11, 11), home="Omsk", when=DateRange(date(2022, 2, 1), date(2022, 2, 28)),
            sources=["Ivan Petrov"], outcomes=["dismissed"], geo={"home": OMSK},
            confidence=0.6)]))

    t = ("Five conscripts from Buryatia left their unit near Belgorod in May and returned "
         "home, their mothers told Baikal Wire.")
    out["buryat"] = (
        Document("buryat", t, date(2022, 6, 10), None, "Baikal Wire", "Buryat conscripts go home"),
        Report("buryat", [incident(
            t, [t], {"count": "Five", "personnel": "conscripts", "home": "Buryatia",
                     "place": "Belgorod", "when": "in May", "outcomes": "returned home"},
            type="desertion", actor="Five conscripts from Buryatia", force="army",
            personnel=["conscript"], count=Range(5, 5), home="Buryatia", place="Belgorod",
            when=DateRange(date(2022, 5, 1), date(2022, 5, 31)), outcomes=["returned_home"],
            geo={"home": BURYATIA, "place": BELGOROD}, confidence=0.35)]))

    t = (f"{HOSTILE_TITLE}\n"
         "About 30 marines from Vladivostok refused to fight near Kherson in March "
         "<img src=x onerror=\"window.__pwned=2\">, a source said. "
         "<script>window.__pwned=1</script>")
    out["hostile"] = (
        Document("hostile", t, date(2022, 4, 1), "javascript:alert(1)", "Prank <b>Gazette</b>",
                 HOSTILE_TITLE),
        Report("hostile", [incident(
            t, ["About 30 marines from Vladivostok refused to fight near Kherson in March "
                "<img src=x onerror=\"window.__pwned=2\">, a source said. "
                "<script>window.__pwned=1</script>"],
            {"count": "About 30", "actor": "30 marines from Vladivostok", "place": "Kherson",
             "home": "Vladivostok", "when": "in March <img src=x onerror=\"window.__pwned=2\">",
             "type": "<script>window.__pwned=1</script>"},
            type="refusal", actor="30 marines from Vladivostok", force="marines",
            count=Range(30, 30), home="Vladivostok", place="Kherson",
            when=DateRange(date(2022, 3, 1), date(2022, 3, 31)),
            geo={"home": VLADIVOSTOK, "place": KHERSON})]))

    t = ("Three contract soldiers from Tomsk deserted from a base in the Rostov region in "
         "April, a court in Tomsk said. They were convicted of going absent without leave.")
    out["tomsk"] = (
        Document("tomsk", t, date(2023, 6, 1), "https://example.org/tomsk", "Tomsk Courts Watch",
                 "Tomsk deserters convicted"),
        Report("tomsk", [incident(
            t, [t], {"count": "Three", "personnel": "contract", "home": "Tomsk",
                     "place": "the Rostov region", "when": "April", "outcomes": "convicted"},
            type="desertion", actor="Three contract soldiers from Tomsk", force="army",
            personnel=["contract"], count=Range(3, 3), home="Tomsk", place="Rostov Oblast",
            when=DateRange(date(2023, 4, 1), date(2023, 4, 30)), outcomes=["convicted"],
            geo={"home": TOMSK, "place": ROSTOV}, confidence=0.75)]))

    t = ("Military courts handed down 5,000 sentences for going AWOL under Article 337 in "
         "2023, according to Mediazona.")
    out["courts-2023"] = (
        Document("courts-2023", t, date(2024, 1, 15), None, "Court Ledger", "AWOL sentences 2023"),
        Report("courts-2023", figures=[figure(
            t, t, {"value": "5,000", "period": "in 2023"}, measure="awol_cases",
            value=Range(5000, 5000), period=DateRange(date(2023, 1, 1), date(2023, 12, 31)),
            sources=["Mediazona"])]))

    t = "In the first half of 2024 courts passed 4,200 AWOL sentences, Mediazona counted."
    out["courts-2024"] = (
        Document("courts-2024", t, date(2024, 7, 1), None, "Court Ledger", "AWOL sentences 2024"),
        Report("courts-2024", figures=[figure(
            t, t, {"value": "4,200", "period": "the first half of 2024"}, measure="awol_cases",
            value=Range(4200, 4200), period=DateRange(date(2024, 1, 1), date(2024, 6, 30)),
            sources=["Mediazona"])]))
    return out


CASES = {"omsk": ["omsk-1", "omsk-2"], "buryat": ["buryat"], "hostile": ["hostile"],
         "tomsk": ["tomsk"]}


def fill(store: Store) -> dict[str, int]:
    """Store the sample and link it into CASES by hand; {case name: case id}."""
    for doc, report in sample().values():
        store.add(doc, report, "test-1")
    source_of = {d.id: d.document.id for d in store.documents()}
    by_source = {source_of[m.document_id]: m.id for m in store.mentions()}
    ids: dict[str, int] = {}
    for name, sources in CASES.items():
        key = f"case-{name}"
        ids[name] = store.upsert_case(key, {}, {})
        store.set_mention_cases({by_source[s]: ids[name] for s in sources})
        with store.engine.connect() as conn:
            rebuilt = rebuild(conn, ids[name])
        merged = rebuilt.pop("merged")
        store.upsert_case(key, merged, rebuilt)
    for name in REVIEWERS:
        create_user(store, name, PASSWORD)
    return ids


@pytest.fixture(scope="session")
def filled_sqlite_master(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A SQLite store filled once per run; `filled` hands each test a copy."""
    path = tmp_path_factory.mktemp("filled") / "otkaz.db"
    with open_store(f"sqlite:///{path}") as store:
        ids = fill(store)
    return path, ids


@pytest.fixture(scope="session")
def filled_pg_template(pg_database_copies: Callable[[str | None], AbstractContextManager[str]]
                       ) -> Iterator[tuple[str, dict[str, int]]]:
    """The name of a PostgreSQL database filled once per run, a template for `filled`."""
    with pg_database_copies(None) as url:
        with open_store(url) as store:
            ids = fill(store)
        yield str(make_url(url).database), ids


@pytest.fixture(params=["sqlite", "postgres"])
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """(store URL, case ids) of a filled store of its own, on SQLite and on PostgreSQL.

    Each test gets a copy of a store filled once, not a store migrated and filled again.
    """
    if request.param == "sqlite":
        master, ids = request.getfixturevalue("filled_sqlite_master")
        target = tmp_path / "otkaz.db"
        with sqlite3.connect(master) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        yield f"sqlite:///{target}", ids
        return
    template, ids = request.getfixturevalue("filled_pg_template")
    with request.getfixturevalue("pg_database_copies")(template) as url:
        yield url, ids


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@asynccontextmanager
async def app_client(url: str, **options: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process (httpx's ASGI transport)."""
    app = create_app(url, secret_key="test-secret", **options)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            yield c
    finally:
        app.state.store.close()


@pytest.fixture
async def client(filled: tuple[str, dict[str, int]]) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(filled[0]) as c:
        yield c


@pytest.fixture
def ids(filled: tuple[str, dict[str, int]]) -> dict[str, int]:
    return filled[1]


def token_in(html: str) -> str:
    """The CSRF token a page's forms carry."""
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


async def sign_in(client: httpx.AsyncClient, name: str = "anna") -> str:
    """Sign `client` in as `name`; the new session's CSRF token."""
    page = await client.get("/login")
    answer = await client.post("/login", data={
        "name": name, "password": PASSWORD, "next": "/cases", "csrf_token": token_in(page.text)})
    assert answer.status_code == 303, answer.text
    return token_in((await client.get("/cases")).text)


@pytest.fixture(scope="session")
def web() -> SimpleNamespace:
    """The helpers above, for test modules (which cannot import conftest by name)."""
    return SimpleNamespace(sign_in=sign_in, app_client=app_client, token_in=token_in,
                           fill=fill, sample=sample, PASSWORD=PASSWORD,
                           HOSTILE_TITLE=HOSTILE_TITLE)
