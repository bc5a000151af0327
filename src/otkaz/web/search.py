"""The dashboard's own index tables: full-text search over evidence, and case outcomes.

    >>> fts_query('refused "to go" <b>')
    '"refused" "to" "go" "b"'

Search (SQLite FTS5, PostgreSQL tsvector) holds one row per case: the evidence
passages of its mentions plus their actor, unit, home and place, and the lemmas of
their Russian words (otkaz.lang.lemmas). A Russian query word matches any of its
lemmas, so it finds every inflection ("Брянка" finds "в Брянке"). On PostgreSQL the
passages of Russian documents are also read with the `russian` text search
configuration (Snowball stems), the others with `english`, and each query word
may match under either. The outcomes
table holds (outcome, case) pairs for the outcome filter. `refresh()` keeps both
in step with the store by `data_version()`: the cases created or updated since
the last refresh, and the cases of new mentions, are re-indexed. The visitor's
words are reduced to plain word tokens and always bound as parameters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from otkaz.lang.lemmas import CYRILLIC_WORD, lemma_line, lemmas
from otkaz.store.engine import WRITE_OPTION
from otkaz.store.schema import cases, documents, mentions, store_state
from otkaz.web.highlight import evidence_windows
from otkaz.web.views import field_value

FTS_TABLE = "web_case_fts"  # SQLite: fts5(body), rowid = case id
PG_TABLE = "web_case_search"  # PostgreSQL: case_id, tsv (no positions)
STATE_TABLE = "web_search_state"
OUTCOMES_TABLE = "web_case_outcomes"  # (outcome, case_id): the outcome filter
_BATCH = 500
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(words: str) -> str:
    """An FTS5 query that matches every word of `words` (each quoted: no operators)."""
    return " ".join(f'"{w}"' for w in _WORD.findall(words))


def _fts_term(word: str) -> str:
    """One query word for FTS5: itself, or for a Russian word, any of its lemmas."""
    if not CYRILLIC_WORD.fullmatch(word):
        return f'"{word}"'
    forms = dict.fromkeys([word.lower(), *lemmas(word)])
    if len(forms) == 1:
        return f'"{word.lower()}"'
    return "(" + " OR ".join(f'"{f}"' for f in forms) + ")"


def fts_lemma_query(words: str) -> str:
    """The FTS5 query search runs: every word must match, a Russian word by any lemma.

        >>> fts_lemma_query("Брянке refused")
        '("брянке" OR "брянка") AND "refused"'
    """
    # FTS5 takes no implicit AND next to a parenthesised group: write it out
    return " AND ".join(_fts_term(w) for w in _WORD.findall(words))


def _pg_query(words: str) -> tuple[str, dict[str, str]]:
    """A tsquery SQL expression (and its parameters) that needs every word of `words`, each
    read by the `english` or the `russian` configuration, a Russian word by its lemmas too."""
    parts, params = [], {}
    for i, word in enumerate(_WORD.findall(words)):
        forms = [word] + (list(lemmas(word)) if CYRILLIC_WORD.fullmatch(word) else [])
        options = []
        for j, form in enumerate(dict.fromkeys(forms)):
            params[f"w{i}_{j}"] = form
            options.append(f"plainto_tsquery('english', :w{i}_{j}) || "
                           f"plainto_tsquery('russian', :w{i}_{j})")
        parts.append("(" + " || ".join(options) + ")")
    return " && ".join(parts), params


def matches(conn: Connection, words: str, probe: bool = False) -> ColumnElement[bool]:
    """A WHERE clause on `cases`: the case's evidence contains every word of `words`.

    `probe`: for a page in sort order, walk the sort index and probe the matches
    (as has_outcome). Its cost is bounded by the index (SQLite, 100,000 cases:
    10 ms at worst, 1.6 ms for a word in 5% of cases, 12 ms instead of 35 for
    one in all), where the match-driven plan grows with the number of matches.
    """
    query = fts_query(words)
    if not query:  # nothing to search for: no filter, on either backend
        return cases.c.id.is_not(None)
    if conn.dialect.name == "postgresql":
        tsquery, params = _pg_query(words)
        inner = text(f"SELECT case_id FROM {PG_TABLE} WHERE tsv @@ ({tsquery})"
                     ).bindparams(**params)
    else:
        inner = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :words"
                     ).bindparams(words=fts_lemma_query(words))
    column = cases.c.id + 0 if probe else cases.c.id
    return column.in_(inner.columns(cases.c.id.label("id")))




VERSION_SQL = (
    f"SELECT (SELECT max(id) FROM {cases.name}), (SELECT max(updated_at) FROM {cases.name}), "
    f"(SELECT max(id) FROM {mentions.name}), "
    f"(SELECT data_version FROM {store_state.name} WHERE id = 1)")


def data_version(conn: Connection) -> tuple[int, str, int, int]:
    """(newest case id, newest case update, newest mention id, store write counter).

    One statement of index lookups (about 0.03 ms on SQLite). Every write the
    dashboard cares about moves one of them: a new case, a case re-linked or
    reviewed (upsert_cases and the review actions bump `updated_at`), a document
    extracted again (its mentions get new ids), and any Store write at all,
    deletions included (the counter in `store_state`).
    """
    # one statement of scalar subqueries: each lone max() is answered from an index end;
    # plain SQL, as building it with the expression language costs 7 times as much
    return version_of(conn.exec_driver_sql(VERSION_SQL).one())


def version_of(row: Sequence[Any]) -> tuple[int, str, int, int]:
    """data_version() from the row of VERSION_SQL, as the driver returned it."""
    case_id, updated, mention_id, writes = row
    return int(case_id or 0), str(updated or ""), int(mention_id or 0), int(writes or 0)


def case_bodies(conn: Connection, case_ids: Sequence[int] | None) -> Iterator[tuple[int, str]]:
    """(case id, searchable text) for the given cases, or for every case when None."""
    for case_id, body, _russian in case_texts(conn, case_ids):
        yield case_id, body


def case_texts(conn: Connection, case_ids: Sequence[int] | None
               ) -> Iterator[tuple[int, str, str]]:
    """(case id, searchable text, the part of it from Russian documents) per case.

    The searchable text ends with a line of the lemmas of its Russian words.
    """
    query = (select(mentions.c.case_id, mentions.c.evidence, mentions.c.actor, mentions.c.unit,
                    mentions.c.home, mentions.c.place, documents.c.text, documents.c.lang)
             .join(documents, documents.c.id == mentions.c.document_id)
             .where(mentions.c.case_id.is_not(None)).order_by(mentions.c.case_id))
    chunks: Iterator[Sequence[int] | None] = (
        iter([None]) if case_ids is None
        else (case_ids[i:i + _BATCH] for i in range(0, len(case_ids), _BATCH)))
    for chunk in chunks:
        bodies: dict[int, list[str]] = defaultdict(list)
        russian: dict[int, list[str]] = defaultdict(list)
        q = query if chunk is None else query.where(mentions.c.case_id.in_(list(chunk)))
        for row in conn.execute(q):
            parts = [row.text[a:b] for a, b in evidence_windows(row.evidence, len(row.text))]
            parts.extend(v for v in (row.actor, row.unit, row.home, row.place) if v)
            bodies[row.case_id].extend(parts)
            if row.lang == "ru":
                russian[row.case_id].extend(parts)
        for case_id, parts in bodies.items():
            body = "\n".join(parts)
            lemma_words = lemma_line(body)
            yield (case_id, f"{body}\n{lemma_words}" if lemma_words else body,
                   "\n".join(russian.get(case_id, [])))


def _case_outcomes(conn: Connection, case_ids: Sequence[int] | None
                   ) -> Iterator[tuple[int, list[str]]]:
    """(case id, outcomes): the merged record's list (as reviewed), else every mention's."""
    chunks: Iterator[Sequence[int] | None] = (
        iter([None]) if case_ids is None
        else (case_ids[i:i + _BATCH] for i in range(0, len(case_ids), _BATCH)))
    for chunk in chunks:
        q = select(cases.c.id, cases.c.merged)
        m = select(mentions.c.case_id, mentions.c.outcomes).where(mentions.c.case_id.is_not(None))
        if chunk is not None:
            q = q.where(cases.c.id.in_(list(chunk)))
            m = m.where(mentions.c.case_id.in_(list(chunk)))
        stated: dict[int, set[str]] = defaultdict(set)
        for row in conn.execute(m):
            stated[row.case_id].update(str(o) for o in row.outcomes or [])
        for row in conn.execute(q):
            merged = field_value(row.merged, "outcomes")
            found = merged if isinstance(merged, list) else sorted(stated.get(row.id, ()))
            yield row.id, [str(o) for o in found]


def _write_rows(conn: Connection, rows: list[tuple[int, str, str]],
                fresh: bool = False) -> None:
    """Index these case texts (case id, text, its Russian part); `fresh`: the table was
    just emptied (nothing to replace)."""
    if not rows:
        return
    ids = [{"id": case_id} for case_id, _, _ in rows]
    if conn.dialect.name == "postgresql":
        if not fresh:
            conn.execute(text(f"DELETE FROM {PG_TABLE} WHERE case_id = :id"), ids)
        # every word under `english`; the Russian documents' words under `russian` too.
        # Stripped of positions, and the text not kept: every query word must match in
        # any order, and a common word's fetch reads the whole table (migration 0011)
        conn.execute(text(f"INSERT INTO {PG_TABLE} (case_id, tsv) VALUES "
                          "(:id, strip(to_tsvector('english', :body) || "
                          "to_tsvector('russian', :ru)))"),
                     [{"id": i, "body": b, "ru": r} for i, b, r in rows])
    else:
        if not fresh:
            conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), ids)
        conn.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (:id, :body)"),
                     [{"id": i, "body": b} for i, b, _ in rows])


def _write_outcomes(conn: Connection, rows: list[tuple[int, list[str]]],
                    fresh: bool = False) -> None:
    if not rows:
        return
    if not fresh:
        conn.execute(text(f"DELETE FROM {OUTCOMES_TABLE} WHERE case_id = :id"),
                     [{"id": case_id} for case_id, _ in rows])
    pairs = [{"o": o, "id": case_id} for case_id, found in rows for o in sorted(set(found))]
    if pairs:
        conn.execute(text(f"INSERT INTO {OUTCOMES_TABLE} (outcome, case_id) VALUES (:o, :id)"),
                     pairs)


def _index(conn: Connection, case_ids: Sequence[int] | None) -> None:
    """Re-index `case_ids` (every case when None) in both tables."""
    fresh = case_ids is None
    if fresh:
        table = PG_TABLE if conn.dialect.name == "postgresql" else FTS_TABLE
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(f"DELETE FROM {OUTCOMES_TABLE}")
    written: set[int] = set()
    batch: list[tuple[int, str, str]] = []
    for row in case_texts(conn, case_ids):
        batch.append(row)
        written.add(row[0])
        if len(batch) >= _BATCH:
            _write_rows(conn, batch, fresh)
            batch = []
    if case_ids is not None:  # a case that lost all its mentions keeps no text
        batch.extend((i, "", "") for i in case_ids if i not in written)
    _write_rows(conn, batch, fresh)
    outcomes: list[tuple[int, list[str]]] = []
    for item in _case_outcomes(conn, case_ids):
        outcomes.append(item)
        if len(outcomes) >= _BATCH:
            _write_outcomes(conn, outcomes, fresh)
            outcomes = []
    _write_outcomes(conn, outcomes, fresh)


def _stored_version(conn: Connection) -> tuple[int, str, int, int] | None:
    row = conn.exec_driver_sql(
        f"SELECT fingerprint, cases_seen FROM {STATE_TABLE} WHERE id = 1").first()
    if row is None:
        return None
    parts = [int(x) for x in row.fingerprint.split(":")]
    if len(parts) != 3:  # written before the write counter: index everything again
        return None
    case_id, mention_id, writes = parts
    return case_id, row.cases_seen, mention_id, writes


def refresh(engine: Engine) -> None:
    """Bring the index tables up to date with the store (one cheap read when nothing changed)."""
    with engine.connect() as conn:
        if _stored_version(conn) == data_version(conn):
            return
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            current, stored = data_version(conn), _stored_version(conn)
            if stored == current:
                return
            if stored is None:
                _index(conn, None)
            else:
                changed = changed_cases(conn, stored)
                _index(conn, changed)
            conn.exec_driver_sql(f"DELETE FROM {STATE_TABLE}")
            conn.execute(text(f"INSERT INTO {STATE_TABLE} (id, fingerprint, cases_seen) "
                              "VALUES (1, :f, :c)"),
                         {"f": f"{current[0]}:{current[2]}:{current[3]}", "c": current[1]})


def changed_cases(conn: Connection, since: tuple[int, str, int, int]) -> list[int]:
    """Cases created or updated since data version `since`, and the cases of newer mentions."""
    last_case, last_update, last_mention, _writes = since
    moment = bindparam("since", _parse_moment(last_update), type_=cases.c.updated_at.type)
    return list(conn.execute(select(cases.c.id).where(or_(
        cases.c.id > last_case, cases.c.updated_at >= moment,
        cases.c.id.in_(select(mentions.c.case_id).where(mentions.c.id > last_mention))))
        .order_by(cases.c.id)).scalars())


def matching_ids(conn: Connection, words: str, among: Sequence[int] | None = None
                 ) -> list[int]:
    """The ids of the cases whose evidence holds every word of `words` (after refresh());
    only those of `among`, when given (the cases written since a word's matches were kept).
    """
    if not fts_query(words) or (among is not None and not len(among)):
        return []
    if conn.dialect.name == "postgresql":
        tsquery, words_params = _pg_query(words)
        params: dict[str, Any] = dict(words_params)
        only = ""
        if among is not None:
            only, params["among"] = "case_id = ANY(:among) AND ", [int(i) for i in among]
        # one row holding an array: a common word matches most cases, and fetching them as
        # rows one at a time took ~1.4 s at a million cases (about 0.2 s as an array)
        array = conn.execute(text(
            f"SELECT array_agg(case_id) FROM {PG_TABLE} WHERE {only}tsv @@ ({tsquery})"),
            params).scalar_one()
        return list(array or [])  # ints already: an int4 array
    query = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :words"
    if among is None:
        return [int(i) for (i,) in conn.execute(text(query),
                                                 {"words": fts_lemma_query(words)})]
    found: list[int] = []
    ids = [int(i) for i in among]
    among_ids = text(query + " AND rowid IN :among").bindparams(
        bindparam("among", expanding=True))
    match = fts_lemma_query(words)
    for start in range(0, len(ids), _BATCH):  # SQLite caps a statement's parameters
        found.extend(int(i) for (i,) in conn.execute(
            among_ids, {"words": match, "among": ids[start:start + _BATCH]}))
    return sorted(found)


def has_outcome(outcome: str, probe: bool = False) -> ColumnElement[bool]:
    """A WHERE clause on `cases`: the case's outcomes include `outcome` (after refresh()).

    `probe`: for a page in sort order. An outcome holds many cases, so walking the
    sort index and probing the outcome's set beats fetching every case of the
    outcome and sorting them (SQLite: 21 -> 8 ms on 100,000 cases); `id + 0`
    keeps the planner from driving the query from the set. A count is faster
    driven from the set, so it leaves `probe` off.
    """
    inner = text(f"SELECT case_id FROM {OUTCOMES_TABLE} WHERE outcome = :outcome"
                 ).bindparams(outcome=outcome)
    column = cases.c.id + 0 if probe else cases.c.id
    return column.in_(inner.columns(cases.c.id.label("id")))


def _parse_moment(value: str) -> datetime:
    return datetime.fromisoformat(value) if value else datetime.min
