"""The case list: filters, sorting and pages, as parameterised SQLAlchemy Core queries.

    >>> f = CaseFilter(type="refusal", place="Omsk", min_origins=2)
    >>> f.query_string(page=2)
    'type=refusal&place=Omsk&min_origins=2&page=2'
    >>> CaseFilter(min_confidence=0.5, sort="confidence", order="asc").query_string()
    'min_confidence=0.5&sort=confidence&order=asc'

Every sort puts cases without a value (no date, no count, no confidence) last, in
either direction, and breaks ties by id in the same direction.

Every value a visitor sends reaches the database as a bound parameter; sort
keys and vocabularies are checked against fixed tables first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlencode

from sqlalchemy import Connection, Engine, Select, and_, func, literal_column, or_, select
from sqlalchemy.sql.elements import ColumnElement

from otkaz.models import FORCES, INCIDENT_TYPES, OUTCOMES
from otkaz.store.filters import place_matches
from otkaz.store.schema import LIVE_CASES, cases
from otkaz.store.store import case_in_language
from otkaz.web import search

STATUSES = ("machine", "confirmed", "rejected", "merged", "all")  # all: every status
HIDDEN = ("merged", "rejected")  # left out of the list unless its status is asked for
SORTS = {
    "when": cases.c.when_start, "count": cases.c.count_low, "mentions": cases.c.n_mentions,
    "origins": cases.c.n_origins, "id": cases.c.id, "updated": cases.c.updated_at,
    "confidence": cases.c.confidence,
}
PER_PAGE_MAX = 200
CSV_COLUMNS = ("id", "key", "status", "type", "force", "actor", "count_low", "count_high",
               "when_start", "when_end", "home", "place", "place_lat", "place_lon",
               "n_mentions", "n_origins", "confidence", "place_entry", "home_entry")

# Cases merged into another are hidden unless asked for. The condition is written out
# (never a bound parameter) so that the partial indexes (store.schema.WEB_CASE_INDEXES,
# made by migration 0002) can serve it.
NOT_MERGED = LIVE_CASES

LANG_CODE = re.compile(r"[a-z]{2,3}")  # ISO 639-1 (639-2/3 codes have three letters)

# The canonical (English) names of the gazetteer entries of a case's place and home, read
# from its merged record (otkaz.link.merge: `{"place": {"value", "geo": {"name", ...}}}`).
PLACE_ENTRY = cases.c.merged[("place", "geo", "name")].as_string()
HOME_ENTRY = cases.c.merged[("home", "geo", "name")].as_string()


def place_entry_name(place: str) -> str | None:
    """The canonical name of the gazetteer entry a place filter names, in any language.

        >>> place_entry_name("Брянке"), place_entry_name("Brianka")
        ('Bryanka', 'Bryanka')
    """
    from otkaz.normalize.identity import resolve_any

    found = resolve_any(place)
    return found.name if found is not None else None


class FilterError(ValueError):
    """A filter value outside its vocabulary; shown to the visitor as a 422 message."""


@dataclass(frozen=True)
class CaseFilter:
    """What the case list shows; the fields are the query-string parameters of /cases."""

    type: str | None = None
    force: str | None = None
    place: str | None = None  # part of the incident place or the home region, any case
    date_from: date | None = None
    date_to: date | None = None
    outcome: str | None = None
    status: str | None = None  # None: live cases (machine, confirmed); "all": every status
    min_origins: int | None = None
    # 0..1; a case without a confidence never passes, so 0 keeps the cases that have one
    min_confidence: float | None = None
    q: str | None = None  # full-text search over the evidence
    lang: str | None = None  # ISO 639-1: cases with a mention in a document in this language
    sort: str = "when"
    order: str = "desc"
    page: int = 1
    per_page: int = 50

    def checked(self) -> CaseFilter:
        """This filter with blanks dropped, or FilterError naming the bad value."""
        def blank(value: str | None) -> str | None:
            value = (value or "").strip()[:200]
            return value or None

        f = replace(self, type=blank(self.type), force=blank(self.force),
                    outcome=blank(self.outcome), status=blank(self.status),
                    place=blank(self.place), q=blank(self.q),
                    lang=(blank(self.lang) or "").lower() or None)
        for name, allowed in (("type", INCIDENT_TYPES), ("force", FORCES),
                              ("outcome", OUTCOMES), ("status", STATUSES)):
            value = getattr(f, name)
            if value is not None and value not in allowed:
                raise FilterError(f"{name} must be one of {', '.join(allowed)}")
        if f.lang is not None and not LANG_CODE.fullmatch(f.lang):
            raise FilterError("lang must be a language code such as en or ru")
        if f.sort not in SORTS:
            raise FilterError(f"sort must be one of {', '.join(SORTS)}")
        if f.order not in ("asc", "desc"):
            raise FilterError("order must be asc or desc")
        if f.page < 1 or not 1 <= f.per_page <= PER_PAGE_MAX:
            raise FilterError(f"page must be 1 or more, per_page 1 to {PER_PAGE_MAX}")
        if f.min_origins is not None and f.min_origins < 0:
            raise FilterError("min_origins must be 0 or more")
        # written so that NaN fails too
        if f.min_confidence is not None and not 0.0 <= f.min_confidence <= 1.0:
            raise FilterError("min_confidence must be a number from 0 to 1")
        return f

    def query_string(self, **changes: Any) -> str:
        """The query string of this filter with `changes`, leaving out defaults."""
        current = replace(self, **changes)
        defaults = CaseFilter()
        params = {f.name: getattr(current, f.name) for f in fields(self)
                  if getattr(current, f.name) != getattr(defaults, f.name)
                  and getattr(current, f.name) is not None}
        return urlencode({k: v.isoformat() if isinstance(v, date) else v
                          for k, v in params.items()})

    def as_params(self) -> dict[str, Any]:
        """The filter as JSON-ready values (dates as ISO strings)."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


FILTER_NAMES = frozenset(f.name for f in fields(CaseFilter))


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise FilterError(f"{name} must be a date, YYYY-MM-DD") from e


def _float(name: str, value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError as e:
        raise FilterError(f"{name} must be a number") from e


def _int(name: str, value: str | None, default: int | None) -> int | None:
    if not value:
        return default
    try:
        return int(value)
    except ValueError as e:
        raise FilterError(f"{name} must be a whole number") from e


def filter_from_params(params: Mapping[str, str]) -> CaseFilter:
    """The checked filter of query-string parameters (the case list's, a webhook's, a feed's).

        >>> filter_from_params({"force": "rosgvardia", "place": "Omsk", "sort": ""})
        CaseFilter(type=None, force='rosgvardia', place='Omsk', date_from=None, \
date_to=None, outcome=None, status=None, min_origins=None, min_confidence=None, q=None, \
lang=None, sort='when', order='desc', page=1, per_page=50)

    Blank values (an empty form field) are unset. FilterError names an unknown
    parameter (a misspelt one would otherwise be ignored and match every case)
    or a bad value.
    """
    get = params.get
    unknown = sorted(set(params) - FILTER_NAMES)
    if unknown:
        raise FilterError(f"unknown parameter {', '.join(unknown)}: use "
                          f"{', '.join(sorted(FILTER_NAMES))}")
    return CaseFilter(
        type=get("type"), force=get("force"), place=get("place"),
        date_from=_date("date_from", get("date_from")),
        date_to=_date("date_to", get("date_to")), outcome=get("outcome"),
        status=get("status"), min_origins=_int("min_origins", get("min_origins"), None),
        min_confidence=_float("min_confidence", get("min_confidence")),
        q=get("q"), lang=get("lang"), sort=get("sort") or "when",
        order=get("order") or "desc",
        page=_int("page", get("page"), 1) or 1,
        per_page=_int("per_page", get("per_page"), 50) or 50).checked()


def conditions(conn: Connection, f: CaseFilter, page: bool = False
               ) -> list[ColumnElement[bool]]:
    """The WHERE clauses of filter `f` (already checked); `page`: for rows in sort order."""
    where: list[ColumnElement[bool]] = []
    for name in ("type", "force"):
        value = getattr(f, name)
        if value is not None:
            where.append(cases.c[name] == value)
    if f.status not in ("merged", "all"):
        where.append(cases.c.status != literal_column("'merged'"))
    if f.status is None:
        where.append(cases.c.status != literal_column("'rejected'"))
    elif f.status != "all":
        where.append(cases.c.status == f.status)
    if f.place:
        where.append(or_(place_matches(f.place, conn.dialect.name),
                         place_condition(conn, f.place)))
    if f.date_from is not None:
        where.append(cases.c.when_end >= f.date_from)
    if f.date_to is not None:
        where.append(cases.c.when_start <= f.date_to)
    if f.min_origins:
        where.append(cases.c.n_origins >= f.min_origins)
    if f.min_confidence is not None:
        where.append(cases.c.confidence >= f.min_confidence)  # NULL never passes
    if f.outcome is not None:
        where.append(search.has_outcome(f.outcome, probe=page))
    if f.q:
        where.append(search.matches(conn, f.q, probe=page))
    if f.lang is not None:
        where.append(case_in_language(f.lang))
    return where


def place_condition(conn: Connection, place: str) -> ColumnElement[bool]:
    """The place filter: part of the worded place or home, or of their gazetteer entries'
    canonical names, ignoring case; or the very entry `place` names, in any language.

    So "Брянке", "Brianka" and "Bryanka" find a case worded "в Брянке" or "Bryanka".
    """
    # SQLite's LIKE already ignores ASCII case (as its lower() would); PostgreSQL's does not
    sqlite = conn.dialect.name == "sqlite"
    entry = place_entry_name(place)
    found: list[ColumnElement[bool]] = []
    for column in (cases.c.place, cases.c.home, PLACE_ENTRY, HOME_ENTRY):
        found.append(column.contains(place, autoescape=True) if sqlite
                     else column.icontains(place, autoescape=True))
        if entry is not None:
            found.append(column == entry)
    return or_(*found)


LIST_COLUMNS = (cases.c.id, cases.c.key, cases.c.status, cases.c.version, cases.c.type,
                cases.c.force, cases.c.count_low, cases.c.count_high, cases.c.when_start,
                cases.c.when_end, cases.c.home, cases.c.place, cases.c.place_lat,
                cases.c.place_lon, cases.c.n_mentions, cases.c.n_origins, cases.c.confidence,
                cases.c.merged[("actor", "value")].as_string().label("actor"),
                PLACE_ENTRY.label("place_entry"), HOME_ENTRY.label("home_entry"))


def _ordered(query: Select[Any], f: CaseFilter) -> Select[Any]:
    column = SORTS[f.sort]
    if f.order == "asc":
        return query.order_by(column.asc().nulls_last(), cases.c.id.asc())
    return query.order_by(column.desc().nulls_last(), cases.c.id.desc())


def _select(conn: Connection, f: CaseFilter) -> Select[Any]:
    return _ordered(select(*LIST_COLUMNS).where(and_(True, *conditions(conn, f, page=True))), f)


def case_summary(row: Any) -> dict[str, Any]:
    """One case row as the list shows it (and its JSON twin returns it)."""
    return {
        "id": row.id, "key": row.key, "status": row.status, "version": row.version,
        "type": row.type, "force": row.force, "actor": row.actor,
        "count": {"low": row.count_low, "high": row.count_high},
        "when": ({"start": row.when_start.isoformat(), "end": row.when_end.isoformat()}
                 if row.when_start and row.when_end else None),
        "home": row.home, "place": row.place,
        "lat": row.place_lat, "lon": row.place_lon,
        "n_mentions": row.n_mentions, "n_origins": row.n_origins,
        "confidence": row.confidence, "url": f"/cases/{row.id}",
        "home_entry": row.home_entry, "place_entry": row.place_entry,
    }


def count_cases(conn: Connection, f: CaseFilter) -> int:
    """How many cases match `f`, counted by the database."""
    return int(conn.execute(select(func.count()).select_from(cases)
                            .where(and_(True, *conditions(conn, f)))).scalar_one())


def page_ids(conn: Connection, f: CaseFilter) -> list[int]:
    """The ids of the cases on page `f.page` of `f`, in sort order, by the database."""
    return list(conn.execute(_ordered(select(cases.c.id).where(
        and_(True, *conditions(conn, f, page=True))), f).limit(f.per_page)
        .offset((f.page - 1) * f.per_page)).scalars())


def summaries(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """The list rows (case_summary) of cases `ids`, in that order.

    On SQLite and PostgreSQL the rows are read with plain SQL: compiling the
    expression language's JSON paths and 50 bound ids, and its type conversions,
    cost more than the query (SQLite: two thirds off, about 1 ms a page of 50 on
    100,000 cases; PostgreSQL: 6 ms -> 1.5 ms a page on 1,000,000 cases).
    """
    if not ids:
        return []
    if conn.dialect.name == "sqlite":
        return _plain_summaries(conn, _SQLITE_LIST.format(", ".join("?" * len(ids))),
                               tuple(int(i) for i in ids), ids)
    if conn.dialect.name == "postgresql":
        return _plain_summaries(conn, _POSTGRES_LIST, ([int(i) for i in ids],), ids)
    rows = {r.id: r for r in conn.execute(select(*LIST_COLUMNS).where(cases.c.id.in_(ids)))}
    return [case_summary(rows[i]) for i in ids if i in rows]


_SQLITE_LIST = (
    "SELECT id, key, status, version, type, force, count_low, count_high, when_start, "
    "when_end, home, place, place_lat, place_lon, n_mentions, n_origins, confidence, "
    "json_extract(merged, '$.actor.value') AS actor, "
    "json_extract(merged, '$.place.geo.name'), json_extract(merged, '$.home.geo.name') "
    "FROM cases WHERE id IN ({})")


_POSTGRES_LIST = (
    "SELECT id, key, status, version, type, force, count_low, count_high, when_start, "
    "when_end, home, place, place_lat, place_lon, n_mentions, n_origins, confidence, "
    "merged->'actor'->>'value' AS actor, merged->'place'->'geo'->>'name', "
    "merged->'home'->'geo'->>'name' FROM cases WHERE id = ANY(%s)")


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _plain_summaries(conn: Connection, sql: str, params: tuple[Any, ...], ids: list[int]
                     ) -> list[dict[str, Any]]:
    found = {}
    for row in conn.exec_driver_sql(sql, params):
        (case_id, key, status, version, kind, force, low, high, start, end, home, place,
         lat, lon, n_mentions, n_origins, confidence, actor, place_entry, home_entry) = row
        start, end = _iso(start), _iso(end)  # SQLite keeps ISO text; PostgreSQL gives dates
        found[case_id] = {
            "id": case_id, "key": key, "status": status, "version": version, "type": kind,
            "force": force, "actor": actor, "count": {"low": low, "high": high},
            "when": {"start": start, "end": end} if start and end else None,
            "home": home, "place": place, "lat": lat, "lon": lon,
            "n_mentions": n_mentions, "n_origins": n_origins, "confidence": confidence,
            "url": f"/cases/{case_id}", "home_entry": home_entry, "place_entry": place_entry}
    return [found[i] for i in ids if i in found]


class Searcher(Protocol):
    """What list_cases needs of an index: caseindex.CaseIndex."""

    def page(self, engine: Engine, f: CaseFilter, version: tuple[Any, ...] | None = None
             ) -> tuple[int, list[dict[str, Any]]]: ...


def list_cases(engine: Engine, f: CaseFilter, index: Searcher | None = None,
               version: tuple[Any, ...] | None = None) -> dict[str, Any]:
    """One page of cases matching `f`, with the total and the filter echoed back.

    With `index` (a caseindex.CaseIndex) the total and the page's rows come from
    its in-memory columns; without, from SQL (a count, an index walk, the rows),
    the reference the tests hold the index to. `version`: search.data_version(),
    if the caller has just read it.
    """
    if index is not None:
        total, page = index.page(engine, f, version)
    else:
        if f.q or f.outcome:
            search.refresh(engine)
        with engine.connect() as conn:
            total = count_cases(conn, f)
            page = summaries(conn, page_ids(conn, f))
    pages = max(1, -(-total // f.per_page))
    return {"filter": f.as_params(), "total": total, "page": f.page, "pages": pages,
            "per_page": f.per_page, "cases": page}


def iter_case_rows(engine: Engine, f: CaseFilter, batch: int = 1000) -> Iterator[list[Any]]:
    """Every case matching `f` (all pages) as CSV rows, CSV_COLUMNS first."""
    yield list(CSV_COLUMNS)
    if f.q or f.outcome:
        search.refresh(engine)
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(_select(conn, f))
        for row in result:
            values = row._mapping
            yield ["" if values[c] is None else values[c] for c in CSV_COLUMNS]


def ensure_indexes(engine: Engine) -> None:
    """Refresh SQLite's planner statistics and bring the search tables up to date.

    The tables and indexes themselves come with the store's migrations (0002).
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")  # the planner needs statistics to pick indexes
    search.refresh(engine)
