"""The case list: filters, sorting and pages, as parameterised SQLAlchemy Core queries.

    >>> f = CaseFilter(type="refusal", place="Omsk", min_origins=2)
    >>> f.query_string(page=2)
    'type=refusal&place=Omsk&min_origins=2&page=2'

Every value a visitor sends reaches the database as a bound parameter; sort
keys and vocabularies are checked against fixed tables first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection, Engine, Select, and_, exists, func, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from otkaz.models import FORCES, INCIDENT_TYPES, OUTCOMES
from otkaz.store.schema import cases, mentions
from otkaz.web import search
from otkaz.web.views import field_value

STATUSES = ("machine", "confirmed", "rejected", "merged")
SORTS = {
    "when": cases.c.when_start, "count": cases.c.count_low, "mentions": cases.c.n_mentions,
    "origins": cases.c.n_origins, "id": cases.c.id, "updated": cases.c.updated_at,
}
PER_PAGE_MAX = 200
CSV_COLUMNS = ("id", "key", "status", "type", "force", "actor", "count_low", "count_high",
               "when_start", "when_end", "home", "place", "place_lat", "place_lon",
               "n_mentions", "n_origins")

# Indexes the dashboard's filters and sorts need; made once by ensure_indexes().
WEB_INDEXES = (
    ("ix_web_cases_type_when", "cases", "type, when_start"),
    ("ix_web_cases_force_when", "cases", "force, when_start"),
    ("ix_web_cases_status_when", "cases", "status, when_start"),
    ("ix_web_cases_origins", "cases", "n_origins"),
    ("ix_web_cases_count", "cases", "count_low"),
    ("ix_web_cases_mentions", "cases", "n_mentions"),
    ("ix_web_cases_when_end", "cases", "when_end"),
)


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
    status: str | None = None  # None: every status but "merged"
    min_origins: int | None = None
    q: str | None = None  # full-text search over the evidence
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
                    place=blank(self.place), q=blank(self.q))
        for name, allowed in (("type", INCIDENT_TYPES), ("force", FORCES),
                              ("outcome", OUTCOMES), ("status", STATUSES)):
            value = getattr(f, name)
            if value is not None and value not in allowed:
                raise FilterError(f"{name} must be one of {', '.join(allowed)}")
        if f.sort not in SORTS:
            raise FilterError(f"sort must be one of {', '.join(SORTS)}")
        if f.order not in ("asc", "desc"):
            raise FilterError("order must be asc or desc")
        if f.page < 1 or not 1 <= f.per_page <= PER_PAGE_MAX:
            raise FilterError(f"page must be 1 or more, per_page 1 to {PER_PAGE_MAX}")
        if f.min_origins is not None and f.min_origins < 0:
            raise FilterError("min_origins must be 0 or more")
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


def outcome_condition(conn: Connection, outcome: str) -> ColumnElement[bool]:
    """Cases with a mention whose outcomes list holds `outcome` (exact item, either backend)."""
    if conn.dialect.name == "postgresql":
        has = text("CAST(mentions.outcomes AS jsonb) ? :outcome").bindparams(outcome=outcome)
    else:
        has = text("EXISTS (SELECT 1 FROM json_each(mentions.outcomes) AS o "
                   "WHERE o.value = :outcome)").bindparams(outcome=outcome)
    return exists().where(mentions.c.case_id == cases.c.id, has)


def conditions(conn: Connection, f: CaseFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of filter `f` (already checked)."""
    where: list[ColumnElement[bool]] = []
    for name in ("type", "force"):
        value = getattr(f, name)
        if value is not None:
            where.append(cases.c[name] == value)
    if f.status is not None:
        where.append(cases.c.status == f.status)
    else:
        where.append(cases.c.status != "merged")
    if f.place:
        where.append(or_(cases.c.place.icontains(f.place, autoescape=True),
                         cases.c.home.icontains(f.place, autoescape=True)))
    if f.date_from is not None:
        where.append(cases.c.when_end >= f.date_from)
    if f.date_to is not None:
        where.append(cases.c.when_start <= f.date_to)
    if f.min_origins:
        where.append(cases.c.n_origins >= f.min_origins)
    if f.outcome is not None:
        where.append(outcome_condition(conn, f.outcome))
    if f.q:
        where.append(search.matches(conn, f.q))
    return where


def _select(conn: Connection, f: CaseFilter) -> Select[Any]:
    column = SORTS[f.sort]
    ordered = column.asc() if f.order == "asc" else column.desc()
    tiebreak = cases.c.id.asc() if f.order == "asc" else cases.c.id.desc()
    return (select(cases).where(and_(True, *conditions(conn, f)))
            .order_by(column.is_(None), ordered, tiebreak))


def case_summary(row: Any) -> dict[str, Any]:
    """One case row as the list shows it (and its JSON twin returns it)."""
    return {
        "id": row.id, "key": row.key, "status": row.status, "version": row.version,
        "type": row.type, "force": row.force, "actor": field_value(row.merged, "actor"),
        "count": {"low": row.count_low, "high": row.count_high},
        "when": ({"start": row.when_start.isoformat(), "end": row.when_end.isoformat()}
                 if row.when_start and row.when_end else None),
        "home": row.home, "place": row.place,
        "lat": row.place_lat, "lon": row.place_lon,
        "n_mentions": row.n_mentions, "n_origins": row.n_origins,
        "url": f"/cases/{row.id}",
    }


def list_cases(engine: Engine, f: CaseFilter) -> dict[str, Any]:
    """One page of cases matching `f`, with the total and the filter echoed back."""
    if f.q:
        search.refresh(engine)
    with engine.connect() as conn:
        query = _select(conn, f)
        total = conn.execute(select(func.count()).select_from(
            query.order_by(None).with_only_columns(cases.c.id).subquery())).scalar_one()
        rows = conn.execute(query.limit(f.per_page).offset((f.page - 1) * f.per_page)).all()
    pages = max(1, -(-total // f.per_page))
    return {"filter": f.as_params(), "total": total, "page": f.page, "pages": pages,
            "per_page": f.per_page, "cases": [case_summary(r) for r in rows]}


def iter_case_rows(engine: Engine, f: CaseFilter, batch: int = 1000) -> Iterator[list[Any]]:
    """Every case matching `f` (all pages) as CSV rows, CSV_COLUMNS first."""
    yield list(CSV_COLUMNS)
    if f.q:
        search.refresh(engine)
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(_select(conn, f))
        for row in result:
            summary = case_summary(row)
            values = {**row._mapping, "actor": summary["actor"]}
            yield ["" if values[c] is None else values[c] for c in CSV_COLUMNS]


def ensure_indexes(engine: Engine) -> None:
    """Create the indexes the dashboard's filters need, where they are missing."""
    with engine.begin() as conn:
        for name, table, columns in WEB_INDEXES:
            conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
