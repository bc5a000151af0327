"""Ingest writes a chunk of documents in one transaction of a few statements: the statements
grow with the chunks, not with the rows, and the store ends as one `add` per document
would leave it."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

import otkaz.batch
from otkaz.batch import ingest_sources
from otkaz.models import Document, Incident, Range, Report
from otkaz.store import Store, open_store

CHUNK = 32


def fake_extract(docs: list[Document]) -> list[Report]:
    """Two incidents and no figure per "N soldiers from X refused" (a stand-in for the model)."""
    return [Report(d.id, [Incident(type="refusal", actor=f"{m[1]} soldiers", force="army",
                                   count=Range(int(m[1]), int(m[1])), home=m[2],
                                   evidence=[m.span()])
                          for m in re.finditer(r"(\d+) soldiers from (\w+) refused", d.text)])
            for d in docs]


def corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"d{i}", "text": f"{10 + i} soldiers from Tuva refused. "
                                f"{i} soldiers from Omsk refused too."}) + "\n")
    return path


@pytest.fixture
def another_db(db_url: str, request: pytest.FixtureRequest) -> Callable[[str], str]:
    """A second, empty database on the same backend as `db_url`: a file beside it, or a
    PostgreSQL schema of its own (dropped afterwards)."""
    def make(name: str) -> str:
        if db_url.startswith("sqlite"):
            return db_url.replace("otkaz.db", f"{name}.db")
        import psycopg

        base: str = request.getfixturevalue("pg_base_url")
        schema = "t_" + uuid.uuid4().hex[:12]
        plain = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')

        def drop() -> None:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

        request.addfinalizer(drop)
        sep = "&" if "?" in base else "?"
        return f"{base}{sep}options=-csearch_path%3D{schema}"
    return make


def statements(store: Store, run: Any) -> int:
    seen = [0]

    def count(*_: Any) -> None:
        seen[0] += 1

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return seen[0]


@pytest.mark.parametrize("n", [CHUNK, 8 * CHUNK])
def test_statements_grow_with_chunks_not_rows(db_url: str, tmp_path: Path, n: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(otkaz.batch, "extract_safely", fake_extract)
    path = corpus(tmp_path / "docs.jsonl", n)
    with open_store(db_url) as store:
        used = statements(store, lambda: ingest_sources([str(path)], store, relink=False,
                                                        batch_size=CHUNK))
        assert store.counts()["documents"] == n and store.counts()["mentions"] == 2 * n
    chunks = n // CHUNK
    # per chunk: which texts are stored, the stored ones again and the versions (inside
    # the transaction), documents, mentions, the store_state bump, plus BEGIN/COMMIT on
    # SQLite: a handful, whatever the chunk holds (2 rows a document here)
    assert used <= 10 * chunks + 4, used
    assert used < n / 3  # well under one statement per document (three rows each)


def test_ingest_with_linking_stays_sublinear(another_db: Callable[[str], str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(otkaz.batch, "extract_safely", fake_extract)
    small, large = corpus(tmp_path / "small.jsonl", CHUNK), corpus(tmp_path / "l.jsonl",
                                                                    8 * CHUNK)
    used = []
    for path in (small, large):
        with open_store(another_db(path.stem)) as store:
            used.append(statements(store, lambda p=path, s=store: ingest_sources(  # type: ignore[misc]
                [str(p)], s, batch_size=CHUNK)))
    # eight times the documents, mentions and cases; far less than eight times the statements
    assert used[1] < 4 * used[0], used


def test_add_many_leaves_the_store_as_add_does(another_db: Callable[[str], str]) -> None:
    a = Document("a", "12 soldiers from Tuva refused.", url="https://example.org/a")
    a2 = Document("a", "13 soldiers from Tuva refused.", url="https://example.org/a")
    a3 = Document("a", "14 soldiers from Tuva refused.", url="https://example.org/a")
    b = Document("b", "15 soldiers from Omsk refused.")
    c = Document("c", "Rain at the weekend.")
    first = [a, b]
    batch = [c, a2, b, c, a3, Document("d", "16 soldiers from Kursk refused.")]

    def state(store: Store) -> tuple[Any, ...]:
        docs = sorted((d.document.text, d.pipeline_version) for d in store.documents())
        history = sorted(v.document.text for v in store.versions(store.documents()[0].id))
        keys = sorted((m.mention_key, m.incident.home) for m in store.mentions())
        return store.counts(), docs, history, keys

    answers, states = [], []
    for name, many in (("one", False), ("many", True)):
        with open_store(another_db(name)) as store:
            for doc, report in zip(first, fake_extract(first), strict=True):
                store.add(doc, report, "v1")
            pairs = list(zip(batch, fake_extract(batch), strict=True))
            answers.append(store.add_many(pairs, "v2") if many else
                           [store.add(d, r, "v2") for d, r in pairs])
            states.append(state(store))
    assert answers[0] == answers[1] == [True, True, True, False, True, True]
    assert states[0] == states[1]
    assert states[1][0]["documents"] == 4  # a3 (a, a2 kept as history), b, c, d
