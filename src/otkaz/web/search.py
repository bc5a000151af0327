"""Full-text search over the evidence of each case: SQLite FTS5 or PostgreSQL tsvector.

    >>> fts_query('refused "to go" <b>')
    '"refused" "to" "go" "b"'

The index holds one row per case: the evidence passages of its mentions plus
their actor, unit, home and place. `refresh()` keeps it in step with the
store: cases changed since the last refresh are re-indexed, and a change in the
mentions (new extraction) rebuilds it whole. The visitor's words are reduced to
plain word tokens and always bound as parameters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, select, text
from sqlalchemy.sql.elements import ColumnElement

from otkaz.store.engine import WRITE_OPTION
from otkaz.store.schema import cases, documents, mentions
from otkaz.web.highlight import evidence_windows

FTS_TABLE = "web_case_fts"  # SQLite: fts5(body), rowid = case id
PG_TABLE = "web_case_search"  # PostgreSQL: case_id, body, tsv
STATE_TABLE = "web_search_state"
_BATCH = 500
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(words: str) -> str:
    """An FTS5 query that matches every word of `words` (each quoted: no operators)."""
    return " ".join(f'"{w}"' for w in _WORD.findall(words))


def matches(conn: Connection, words: str) -> ColumnElement[bool]:
    """A WHERE clause on `cases`: the case's evidence contains every word of `words`."""
    query = fts_query(words)
    if not query:  # nothing to search for: no filter, on either backend
        return cases.c.id.is_not(None)
    if conn.dialect.name == "postgresql":
        plain = " ".join(_WORD.findall(words))
        inner = text(f"SELECT case_id FROM {PG_TABLE} "
                     "WHERE tsv @@ plainto_tsquery('english', :words)").bindparams(words=plain)
    else:
        inner = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :words"
                     ).bindparams(words=query)
    return cases.c.id.in_(inner.columns(cases.c.id.label("id")))


def _ensure_tables(conn: Connection) -> None:
    conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
                         "(id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, "
                         "cases_seen TEXT NOT NULL)")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {PG_TABLE} (case_id INTEGER "
                             "PRIMARY KEY, body TEXT NOT NULL, tsv TSVECTOR NOT NULL)")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{PG_TABLE}_tsv "
                             f"ON {PG_TABLE} USING GIN (tsv)")
    else:
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
                             "USING fts5(body, tokenize='porter unicode61')")


def _fingerprints(conn: Connection) -> tuple[str, str]:
    """(the mentions' fingerprint, the newest case update): what the index was built from."""
    m = conn.execute(select(func.count(), func.max(mentions.c.id),
                            func.coalesce(func.sum(mentions.c.case_id), 0))).one()
    c = conn.execute(select(func.count(), func.max(cases.c.updated_at))).one()
    return f"{m[0]}:{m[1]}:{m[2]}:{c[0]}", str(c[1] or "")


def case_bodies(conn: Connection, case_ids: Sequence[int] | None) -> Iterator[tuple[int, str]]:
    """(case id, searchable text) for the given cases, or for every case when None."""
    query = (select(mentions.c.case_id, mentions.c.evidence, mentions.c.actor, mentions.c.unit,
                    mentions.c.home, mentions.c.place, documents.c.text)
             .join(documents, documents.c.id == mentions.c.document_id)
             .where(mentions.c.case_id.is_not(None)).order_by(mentions.c.case_id))
    chunks: Iterator[Sequence[int] | None] = (
        iter([None]) if case_ids is None
        else (case_ids[i:i + _BATCH] for i in range(0, len(case_ids), _BATCH)))
    for chunk in chunks:
        bodies: dict[int, list[str]] = defaultdict(list)
        q = query if chunk is None else query.where(mentions.c.case_id.in_(list(chunk)))
        for row in conn.execute(q):
            parts = bodies[row.case_id]
            parts.extend(row.text[a:b] for a, b in evidence_windows(row.evidence, len(row.text)))
            parts.extend(v for v in (row.actor, row.unit, row.home, row.place) if v)
        yield from ((case_id, "\n".join(parts)) for case_id, parts in bodies.items())


def _write_rows(conn: Connection, rows: list[tuple[int, str]]) -> None:
    if not rows:
        return
    ids = [{"id": case_id} for case_id, _ in rows]
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"DELETE FROM {PG_TABLE} WHERE case_id = :id"), ids)
        conn.execute(text(f"INSERT INTO {PG_TABLE} (case_id, body, tsv) VALUES "
                          "(:id, :body, to_tsvector('english', :body))"),
                     [{"id": i, "body": b} for i, b in rows])
    else:
        conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), ids)
        conn.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (:id, :body)"),
                     [{"id": i, "body": b} for i, b in rows])


def _index(conn: Connection, case_ids: Sequence[int] | None) -> None:
    if case_ids is None:
        table = PG_TABLE if conn.dialect.name == "postgresql" else FTS_TABLE
        conn.exec_driver_sql(f"DELETE FROM {table}")
    batch: list[tuple[int, str]] = []
    for row in case_bodies(conn, case_ids):
        batch.append(row)
        if len(batch) >= _BATCH:
            _write_rows(conn, batch)
            batch = []
    _write_rows(conn, batch)
    if case_ids is not None:  # a case that lost all its mentions keeps no text
        found = {i for i, _ in case_bodies(conn, case_ids)}
        _write_rows(conn, [(i, "") for i in case_ids if i not in found])


def refresh(engine: Engine) -> None:
    """Bring the search index up to date with the store (cheap when nothing changed)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            _ensure_tables(conn)
            mentions_print, newest = _fingerprints(conn)
            state: Any = conn.exec_driver_sql(
                f"SELECT fingerprint, cases_seen FROM {STATE_TABLE} WHERE id = 1").first()
            if state is not None and (state.fingerprint, state.cases_seen) == (
                    mentions_print, newest):
                return
            if state is None or state.fingerprint != mentions_print:
                _index(conn, None)
            else:
                changed = [r.id for r in conn.execute(
                    select(cases.c.id).where(cases.c.updated_at >= bindparam(
                        "since", _parse_moment(state.cases_seen), type_=cases.c.updated_at.type)))]
                _index(conn, changed)
            conn.exec_driver_sql(f"DELETE FROM {STATE_TABLE}")
            conn.execute(text(f"INSERT INTO {STATE_TABLE} (id, fingerprint, cases_seen) "
                              "VALUES (1, :f, :c)"), {"f": mentions_print, "c": newest})


def _parse_moment(value: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(value) if value else datetime.min
