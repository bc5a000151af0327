"""The Datasette metadata: checked against otkaz's schema, then served by Datasette itself
over a real otkaz database (datasette's Python API: Datasette(...).client)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from datasette.app import Datasette
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.export.datasette import (
    HIDDEN_TABLES,
    SECRET_TABLES,
    MetadataError,
    database_name,
    datasette_metadata,
)
from otkaz.store import open_store
from otkaz.store.schema import metadata as schema
from otkaz.web.auth import create_user


def _tables(meta: dict[str, Any], db: str = "otkaz") -> dict[str, Any]:
    tables: dict[str, Any] = meta["databases"][db]["tables"]
    return tables


def test_every_name_in_it_is_a_real_table_and_column() -> None:
    tables = _tables(datasette_metadata("otkaz"))
    assert set(tables) - set(schema.tables) <= {"alembic_version", "web_case_fts"}
    for name, table in tables.items():
        if name not in schema.tables:
            continue
        columns = set(schema.tables[name].c.keys())
        facets = [f if isinstance(f, str) else f["array"] for f in table.get("facets", [])]
        named = {*table.get("columns", {}), *facets, *table.get("sortable_columns", []),
                 *([table["label_column"]] if "label_column" in table else []),
                 *([table["sort_desc"]] if "sort_desc" in table else [])}
        assert named <= columns, (name, named - columns)
    for name in ("cases", "mentions", "documents", "figures", "review_log"):
        assert tables[name]["description"] and tables[name]["columns"]


def test_what_the_issue_asks_for() -> None:
    meta = datasette_metadata("otkaz")
    assert meta["title"] and meta["description"]
    tables = _tables(meta)
    facets = {f for t in tables.values() for f in t.get("facets", []) if isinstance(f, str)}
    assert {"force", "type", "lang", "place"} <= facets
    assert tables["cases"]["label_column"] == "key"
    assert tables["documents"]["label_column"] == "title"
    assert "confidence" in tables["cases"]["sortable_columns"]
    for name in SECRET_TABLES:
        assert tables[name] == {"hidden": True, "allow": False}
    assert meta["databases"]["otkaz"]["allow_sql"] is False
    assert "allow_sql" not in datasette_metadata("otkaz", allow_sql=True)["databases"]["otkaz"]


@pytest.mark.parametrize(("url", "name"), [
    ("sqlite:///otkaz.db", "otkaz"), ("sqlite:////data/2024/cases.sqlite", "cases"),
    ("sqlite:///file:/tmp/x.db?mode=ro&uri=true", "x"),
])
def test_database_name(url: str, name: str) -> None:
    assert database_name(url) == name


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "sqlite://"])
def test_no_file_no_metadata(url: str) -> None:
    with pytest.raises(MetadataError, match=r"\[E502\]"):
        database_name(url)


@pytest.fixture
def served(tmp_path: Path, export_data: SimpleNamespace) -> Any:
    """Datasette over an otkaz SQLite file (two linked cases, one user), with the metadata
    `otkaz datasette-metadata` wrote for it."""
    path = tmp_path / "cases.db"
    with open_store(f"sqlite:///{path}") as store:
        export_data.fill_linked(store)
        create_user(store, "anna", "correct horse battery")
    target = tmp_path / "metadata.json"
    result = CliRunner().invoke(app, ["datasette-metadata", "-o", str(target), "--db",
                                      f"sqlite:///{path}"])
    assert result.exit_code == 0, result.output
    assert f"--metadata {target}" in result.output
    return Datasette([str(path)], metadata=json.loads(target.read_text()))


@pytest.mark.anyio
async def test_datasette_serves_it(served: Any) -> None:
    ds = served
    await ds.invoke_startup()
    index = await ds.client.get("/")
    assert index.status_code == 200 and "otkaz: servicemen refusing" in index.text
    cases = (await ds.client.get("/cases/cases.json?_extra=facet_results")).json()
    assert {row[cases["columns"].index("key")] for row in cases["rows"]} == {
        "case-marines", "case-conscript"}
    facets = cases["facet_results"]
    facets = facets.get("results", facets)  # the shape differs between Datasette versions
    assert {"type", "force", "place", "status"} <= set(facets)
    forces = {f["value"]: f["count"] for f in facets["force"]["results"]}
    assert forces == {"marines": 1, "army": 1}
    page = (await ds.client.get("/cases/cases")).text
    assert "One row per real case" in page  # the table's description
    assert "Fewest people the reports allow" in page  # a column's description
    docs = (await ds.client.get("/cases/documents.json?_facet=lang")).json()
    langs = {f["value"]: f["count"] for f in docs["facet_results"]["lang"]["results"]}
    assert langs == {"en": 2, "ru": 1}
    mentions = (await ds.client.get("/cases/mentions.json?_labels=on&_shape=objects")).json()
    titles = {m["document_id"]["label"] for m in mentions["rows"]}  # the documents' titles
    assert titles == {"Marines refuse to advance", "Морпехи отказались наступать",
                      "Omsk conscript"}
    query = (await ds.client.get("/cases/cases_in_language.json?lang=ru")).json()
    assert len(query["rows"]) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/cases/users", "/cases/users.json", "/cases/api_tokens",
                                  "/cases.json?sql=select+password_hash+from+users"])
async def test_hashes_stay_closed(served: Any, path: str) -> None:
    ds = served
    await ds.invoke_startup()
    answer = await ds.client.get(path)
    assert answer.status_code == 403 and "$argon2" not in answer.text


@pytest.mark.anyio
async def test_bookkeeping_tables_are_hidden(served: Any) -> None:
    ds = served
    await ds.invoke_startup()
    listing = (await ds.client.get("/cases.json")).json()
    shown = {t["name"] for t in listing["tables"] if not t["hidden"]}
    assert shown >= {"cases", "mentions", "documents", "figures", "review_log"}
    assert not shown & {*HIDDEN_TABLES, *SECRET_TABLES}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
