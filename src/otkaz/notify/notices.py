"""Cases as notices: what a feed entry or a webhook says of one new or changed case.

    >>> with engine.connect() as conn:                                  # doctest: +SKIP
    ...     page = changed_since(conn, CaseFilter(force="rosgvardia"), None, limit=100)
    >>> page[0].title, page[0].to_json("https://otkaz.example")["url"]  # doctest: +SKIP
    ('Twelve officers of the Omsk OMON', 'https://otkaz.example/cases/1')

A notice is a typed record read from the `cases` row and its merged record
(otkaz.link.merge); the Atom feed (web.atom) and the webhooks (notify.deliver)
both build on it, so a subscriber reads the same fields in either.

Changes are read in (updated_at, id) order after a `Cursor`: the position of
the last case delivered. A case changed again later moves past the cursor and
is delivered again, with its new fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from otkaz.store.rows import aware
from otkaz.store.schema import cases
from otkaz.web.queries import CaseFilter, conditions

UNNAMED = "(unnamed group)"  # the title the case list shows a case without an actor
_ID_BATCH = 500  # ids per IN list


@dataclass(frozen=True, order=True)
class Cursor:
    """Where a subscriber has read up to: the last delivered case's update time and id."""

    updated: datetime
    case_id: int


@dataclass(frozen=True)
class CaseNotice:
    """One case as a subscriber sees it (`to_json` is the webhook payload's case)."""

    id: int
    title: str  # the actor as the case list shows it, else UNNAMED
    status: str
    type: str | None
    force: str | None
    actor: str | None
    unit: str | None
    count_low: int | None
    count_high: int | None
    when_start: date | None
    when_end: date | None
    place: str | None
    home: str | None
    sources: tuple[str, ...]
    outcomes: tuple[str, ...]
    n_mentions: int
    n_origins: int
    confidence: float | None
    created: datetime
    updated: datetime

    @property
    def path(self) -> str:
        """The case page's path, e.g. /cases/12."""
        return f"/cases/{self.id}"

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.updated, self.id)

    def to_json(self, base_url: str = "") -> dict[str, Any]:
        """The case as JSON values; `url` is `base_url` + its path (relative without one)."""
        return {
            "id": self.id, "url": base_url.rstrip("/") + self.path, "title": self.title,
            "status": self.status, "type": self.type, "force": self.force,
            "actor": self.actor, "unit": self.unit,
            "count": {"low": self.count_low, "high": self.count_high},
            "when": ({"start": self.when_start.isoformat(), "end": self.when_end.isoformat()}
                     if self.when_start and self.when_end else None),
            "place": self.place, "home": self.home, "sources": list(self.sources),
            "outcomes": list(self.outcomes), "n_mentions": self.n_mentions,
            "n_origins": self.n_origins, "confidence": self.confidence,
            "created": rfc3339(self.created), "updated": rfc3339(self.updated),
        }


def rfc3339(moment: datetime) -> str:
    """A time as RFC 3339 in UTC, to the second (what Atom and the payload carry).

        >>> from datetime import UTC
        >>> rfc3339(datetime(2024, 5, 1, 9, 30, 5, 120, tzinfo=UTC))
        '2024-05-01T09:30:05Z'
    """
    return aware(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _chosen(merged: Any, field: str) -> Any:
    """The chosen value of `field` in a merged record ({"value", "values", "conflict"})."""
    entry = merged.get(field) if isinstance(merged, dict) else None
    return entry.get("value") if isinstance(entry, dict) else entry


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


_COLUMNS = (cases.c.id, cases.c.status, cases.c.type, cases.c.force, cases.c.merged,
            cases.c.count_low, cases.c.count_high, cases.c.when_start, cases.c.when_end,
            cases.c.place, cases.c.home, cases.c.n_mentions, cases.c.n_origins,
            cases.c.confidence, cases.c.created_at, cases.c.updated_at)


def notice(row: Any) -> CaseNotice:
    """The notice of one row of _COLUMNS."""
    actor = _chosen(row.merged, "actor")
    unit = _chosen(row.merged, "unit")
    return CaseNotice(
        id=row.id, title=str(actor) if actor else UNNAMED, status=row.status,
        type=row.type, force=row.force, actor=str(actor) if actor else None,
        unit=str(unit) if unit else None, count_low=row.count_low, count_high=row.count_high,
        when_start=row.when_start, when_end=row.when_end, place=row.place, home=row.home,
        sources=_texts(_chosen(row.merged, "sources")),
        outcomes=_texts(_chosen(row.merged, "outcomes")),
        n_mentions=row.n_mentions, n_origins=row.n_origins, confidence=row.confidence,
        created=aware(row.created_at), updated=aware(row.updated_at))


def read_notices(conn: Connection, ids: Sequence[int]) -> list[CaseNotice]:
    """The notices of cases `ids`, in that order (ids of no case are left out)."""
    found: dict[int, CaseNotice] = {}
    for i in range(0, len(ids), _ID_BATCH):
        query = select(*_COLUMNS).where(cases.c.id.in_(list(ids[i:i + _ID_BATCH])))
        found.update((r.id, notice(r)) for r in conn.execute(query))
    return [found[i] for i in ids if i in found]


def changed_since(conn: Connection, f: CaseFilter, cursor: Cursor | None, limit: int
                  ) -> list[CaseNotice]:
    """Up to `limit` cases matching `f` changed after `cursor` (all when None), oldest first.

    The caller refreshes the search tables first when `f` has `q` or `outcome`
    (web.search.refresh), as the case list does.
    """
    where = conditions(conn, f)
    if cursor is not None:
        where.append(or_(cases.c.updated_at > cursor.updated,
                         and_(cases.c.updated_at == cursor.updated,
                              cases.c.id > cursor.case_id)))
    query = (select(*_COLUMNS).where(and_(True, *where))
             .order_by(cases.c.updated_at, cases.c.id).limit(limit))
    return [notice(r) for r in conn.execute(query)]


def latest_cursor(conn: Connection) -> Cursor | None:
    """The cursor just past every case as it is now (None in a store without cases)."""
    row = conn.execute(select(cases.c.updated_at, cases.c.id)
                       .order_by(cases.c.updated_at.desc(), cases.c.id.desc()).limit(1)).first()
    return None if row is None else Cursor(aware(row.updated_at), int(row.id))
