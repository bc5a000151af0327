"""Opening databases: URLs, SQLite settings, migrations and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from otkaz.errors import StoreError
from otkaz.store import Store, metadata, normalise_url, open_store
from otkaz.store.engine import alembic_config
from otkaz.store.schema import include_name


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
    ("postgres://u:pw@h/db", "postgresql+psycopg://u:pw@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///otkaz.db", "sqlite:///otkaz.db"),
    ("sqlite://", "sqlite://"),
])
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_fresh_database_is_migrated_to_head_and_matches_the_metadata(store: Store) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
        tables = {t for t in inspect(conn).get_table_names() if include_name(t, "table")}
        assert tables == set(metadata.tables) | {"alembic_version"}
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diffs = compare_metadata(context, metadata)
    assert diffs == []


def test_reopening_keeps_the_data(db_url: str) -> None:
    with open_store(db_url) as store:
        store.upsert_case("kept", {"n": 1}, {})
    with open_store(db_url) as store:
        assert store.counts()["cases"] == 1


def test_in_memory_store_is_one_database_across_connections() -> None:
    with open_store("sqlite://") as store:
        store.upsert_case("a", {}, {})
        assert store.counts()["cases"] == 1


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000


@pytest.mark.parametrize(("url", "code"), [
    ("not a database url", "E301"),
    ("nosuchdb://host/name", "E301"),
    ("postgresql://postgres@127.0.0.1:1/nothing", "E302"),
    ("sqlite:////no/such/directory/otkaz.db", "E309"),  # the folder is missing
])
def test_bad_url_raises_store_error(url: str, code: str) -> None:
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == code
    assert str(info.value).startswith(f"[{code}] ")


def test_password_is_not_shown_in_errors() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://someone:s3cret@127.0.0.1:1/nothing")
    assert "s3cret" not in str(info.value)


def test_database_from_a_newer_otkaz_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    with open_store(url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert info.value.code == "E303"


def test_default_url_comes_from_the_setting(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKAZ_DB", f"sqlite:///{tmp_path / 'from_env.db'}")
    with open_store() as store:
        assert store.engine.url.database == str(tmp_path / "from_env.db")
    assert (tmp_path / "from_env.db").exists()


def test_migration_0003_fills_case_confidence_from_the_mentions(db_url: str) -> None:
    """A database made before case confidence gets it from its mentions, rejections left out."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import insert, select

    from otkaz.store import make_engine
    from otkaz.store.schema import cases, documents, mention_overrides, mentions

    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(documents).values(
            id=1, sha256="a" * 64, source_id="d", text="x", ingested_at=now,
            pipeline_version="v1", extracted_at=now))
        for case_id in (1, 2, 3):  # 0002's columns only: no confidence yet
            conn.execute(text(
                "INSERT INTO cases (id, key, created_at, updated_at, status, version, merged, "
                "n_mentions, n_origins) VALUES (:id, :key, :now, :now, 'machine', 1, '{}', 1, 1)"
            ), {"id": case_id, "key": f"k{case_id}", "now": now})
        # case 1: 0.4 and 0.8, but the 0.8 was rejected; case 2: no confidence; case 3: none
        for idx, (case_id, confidence) in enumerate([(1, 0.4), (1, 0.8), (2, None)]):
            conn.execute(insert(mentions).values(
                document_id=1, idx=idx, mention_key=f"m{idx}", pipeline_version="v1",
                type="refusal", actor="men", personnel=[], has_count=False, sources=[],
                outcomes=[], evidence=[], spans={}, chain=[], confidence=confidence,
                case_id=case_id))
        conn.execute(insert(mention_overrides).values(
            mention_key="m1", field="status", value="rejected", user="ann", at=now))
    engine.dispose()
    with open_store(db_url) as store, store.engine.connect() as conn:
        found = dict(conn.execute(select(cases.c.id, cases.c.confidence)).all())
    assert found == {1: 0.4, 2: None, 3: None}


def test_migration_0004_gives_stored_documents_their_language(db_url: str) -> None:
    """Documents stored before the language column get it from the detector."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import select

    from otkaz.store import make_engine
    from otkaz.store.schema import documents

    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    now = datetime.now(UTC)
    texts = {1: "Twelve riot police officers from Krasnodar refused to go to Ukraine.",
             2: "Двенадцать бойцов ОМОН из Краснодара отказались ехать на Украину.",
             3: "Чотири військовослужбовці відмовилися їхати на фронт."}
    with engine.begin() as conn:
        for doc_id, body in texts.items():  # 0003's columns only: no language yet
            conn.execute(text(
                "INSERT INTO documents (id, sha256, source_id, text, ingested_at, "
                "pipeline_version, extracted_at) VALUES (:id, :sha, :src, :text, :now, 'v1', "
                ":now)"), {"id": doc_id, "sha": str(doc_id) * 64, "src": f"d{doc_id}",
                           "text": body, "now": now})
        conn.execute(text("INSERT INTO web_search_state (id, fingerprint, cases_seen) "
                          "VALUES (1, '0:0:0', '')"))
    engine.dispose()
    with open_store(db_url) as store, store.engine.connect() as conn:
        found = dict(conn.execute(select(documents.c.id, documents.c.lang)).all())
        searched = conn.execute(text("SELECT count(*) FROM web_search_state")).scalar_one()
    assert found == {1: "en", 2: "ru", 3: "uk"}
    assert searched == 0  # the search index is built again, with Russian lemmas
