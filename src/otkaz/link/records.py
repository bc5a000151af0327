"""One truth for a case: its stored merged record, with reviewers' decisions applied.

    >>> records = case_records(store)                    # live cases only  # doctest: +SKIP
    >>> records[0].status_label, records[0].count_low    # doctest: +SKIP
    ('confirmed', 12)
    >>> case_records(store, statuses=ALL_STATUSES)       # every case  # doctest: +SKIP

Everything that reads cases (`otkaz cases`, `show`, `stats`, every export, the
dashboard) reads the `cases` row: its `merged` record is rebuilt by the linker
(otkaz.link.relink) and by each review action (otkaz.web.merging.rebuild) from
the mentions the case now holds, with the reviewers' field corrections applied
last, and its columns are read from that record. A `CaseRecord` is that row as
one flat, typed value, so that no reader goes back to the mentions and shows an
older number.

Status: "machine" (nobody reviewed it), "confirmed", "rejected", or "merged"
(folded into another case, `merged_into`). Lists, totals and exports leave out
rejected and merged-away cases unless asked (`statuses`); a merged-away case
holds no mentions, so counting it would count its people twice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .merge import FIELDS, is_conflict
from .stats import home_region

if TYPE_CHECKING:
    from otkaz.store import Store, StoredCase

LIVE_STATUSES = ("machine", "confirmed")
ALL_STATUSES = ("machine", "confirmed", "rejected", "merged")


def merged_into(merged: Mapping[str, Any] | None) -> int | None:
    """The id of the case a merged-away case was folded into, from its record; else None."""
    target = (merged or {}).get("merged_into")
    return int(target) if isinstance(target, int | str) and str(target).isdigit() else None


def status_label(status: str, merged: Mapping[str, Any] | None = None) -> str:
    """A case's status as people read it: "machine", "confirmed", "rejected", "merged into 7"."""
    if status == "merged":
        target = merged_into(merged)
        return f"merged into {target}" if target is not None else "merged"
    return status


def _value(merged: Mapping[str, Any], name: str) -> Any:
    entry = merged.get(name)
    return entry.get("value") if isinstance(entry, dict) else None


def _geo(merged: Mapping[str, Any], name: str) -> dict[str, Any]:
    entry = merged.get(name)
    geo = entry.get("geo") if isinstance(entry, dict) else None
    return geo if isinstance(geo, dict) else {}


def _region(geo: Mapping[str, Any]) -> str | None:
    """The first-level region a gazetteer entry lies in (a region is its own); None if none."""
    admin1 = geo.get("admin1")
    return str(admin1) if admin1 else None


@dataclass(frozen=True)
class CaseRecord:
    """One case as every reader shows it (FIELDS of the merged record, flat, plus its status)."""

    id: int
    key: str
    status: str
    status_label: str
    merged_into: int | None
    type: str | None
    actor: str | None
    force: str | None
    personnel: list[str]
    unit: str | None
    count_low: int | None
    count_high: int | None
    home: str | None
    region: str | None  # the home's first-level region, else the home (`stats --by region`)
    place: str | None
    place_region: str | None
    lat: float | None
    lon: float | None
    geo_of: str | None  # "place" or "home": which gives lat/lon
    when_start: date | None
    when_end: date | None
    sources: list[str]
    outcomes: list[str]
    n_mentions: int
    n_origins: int
    origins: list[str]
    confidence: float | None
    conflicts: list[str]  # fields whose reports state values that exclude each other
    reviewed: list[str]  # fields a reviewer set
    mentions: list[int] = field(default_factory=list)  # mention ids, when asked for

    def flat(self) -> dict[str, Any]:
        """The record as JSON-ready values (dates as ISO strings), in field order."""
        out = asdict(self)
        for name in ("when_start", "when_end"):
            if out[name] is not None:
                out[name] = out[name].isoformat()
        return out


CASE_FIELDS = tuple(CaseRecord.__dataclass_fields__)


def case_record(case: StoredCase, mentions: list[int] | None = None) -> CaseRecord:
    """The CaseRecord of a stored case (columns for what they hold, the record for the rest)."""
    merged = case.merged if isinstance(case.merged, dict) else {}
    place_geo, home_geo = _geo(merged, "place"), _geo(merged, "home")
    geo_of = ("place" if place_geo.get("lat") is not None and place_geo.get("lon") is not None
              else "home" if home_geo.get("lat") is not None and home_geo.get("lon") is not None
              else None)
    where = {"place": place_geo, "home": home_geo}.get(geo_of or "", {})
    info = merged.get("case") if isinstance(merged.get("case"), dict) else {}
    return CaseRecord(
        id=case.id, key=case.key, status=case.status,
        status_label=status_label(case.status, merged), merged_into=merged_into(merged),
        type=case.type, actor=_value(merged, "actor"), force=case.force,
        personnel=list(_value(merged, "personnel") or []), unit=_value(merged, "unit"),
        count_low=case.count_low, count_high=case.count_high,
        home=case.home, region=home_region(merged, case.home),
        place=case.place, place_region=_region(place_geo),
        lat=where.get("lat"), lon=where.get("lon"), geo_of=geo_of,
        when_start=case.when_start, when_end=case.when_end,
        sources=list(_value(merged, "sources") or []),
        outcomes=list(_value(merged, "outcomes") or []),
        n_mentions=case.n_mentions, n_origins=case.n_origins,
        origins=list((info or {}).get("origins") or []), confidence=case.confidence,
        conflicts=[f for f in FIELDS if is_conflict(f, merged.get(f))],
        reviewed=[f for f in FIELDS if isinstance(merged.get(f), dict)
                  and merged[f].get("reviewed")],
        mentions=list(mentions or []),
    )


def check_statuses(statuses: Collection[str]) -> tuple[str, ...]:
    """`statuses` as a tuple, or ValueError naming the valid ones."""
    bad = sorted(set(statuses) - set(ALL_STATUSES))
    if bad:
        raise ValueError(f"unknown status {', '.join(bad)}: use {', '.join(ALL_STATUSES)}")
    return tuple(statuses)


def case_records(store: Store, *, statuses: Collection[str] = LIVE_STATUSES,
                 with_mentions: bool = False, **filters: Any) -> list[CaseRecord]:
    """The cases of `store` with these statuses (live ones by default), as CaseRecords.

    `filters` are Store.cases' (type, force, place, since, until, min_confidence,
    sort, order, limit); `with_mentions` fills each record's mention ids.
    """
    rows = store.cases(statuses=check_statuses(statuses), **filters)
    by_case: dict[int, list[int]] = {}
    if with_mentions:
        for m in store.mentions():
            if m.case_id is not None:
                by_case.setdefault(m.case_id, []).append(m.id)
    return [case_record(c, by_case.get(c.id)) for c in rows]
