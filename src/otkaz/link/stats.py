"""Totals of people reported refusing or deserting, counted once per case.

    >>> stats([merge_case(m) for m in cases.values()], by="force")["total"]  # doctest: +SKIP
    {'cases': 12, 'low': 310, 'high': 402, 'open_ended': 2, 'unknown_count': 3}

Rules:
- each case adds its count reading (merge.case_count) once, however many
  mentions it has;
- `low` sums the cases' lows (a case stating only an upper bound, "up to 50",
  adds 1: it happened to someone); `high` sums the highs, and a case with an
  open high ("more than 100") adds its low there and is counted in `open_ended`,
  so `high` is then itself a lower bound of the upper end;
- only live cases count: rejected cases, and cases merged into another, are
  left out (stored cases carry a `status`);
- cases with no count are not in the sums: they are reported per row as
  `unknown_count`, and `cases` counts only the cases in the sums;
- groups: `month` of the case's event start (`when.start`), `force`, `region`
  (the home's first-level region from the gazetteer, else the home as stated);
  a case without the value falls in "unknown", listed last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

GROUPS = ("month", "force", "region")
NOT_COUNTED = ("rejected", "merged")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class CaseFacts:
    """What totals need of one case."""

    month: str | None
    force: str | None
    region: str | None
    low: int | None
    high: int | None


def home_region(merged: Mapping[str, Any] | None, home: str | None) -> str | None:
    """The `region` group of a case: its home's first-level region, else the home itself."""
    entry = (merged or {}).get("home") or {}
    geo = entry.get("geo") or {}
    if geo:
        if geo.get("precision") in ("city", "region", "other") and geo.get("admin1"):
            return str(geo["admin1"])
        return str(geo.get("name") or home or "") or None
    value = entry.get("value") or home
    return str(value) if value else None


def _month(start: Any) -> str | None:
    if start is None:
        return None
    if isinstance(start, str):
        start = date.fromisoformat(start[:10])
    return f"{start.year:04d}-{start.month:02d}"


def case_facts(case: Any) -> CaseFacts:
    """Facts from a merged record (merge_case), a stored case row (attributes + `merged`)
    or a link.records.CaseRecord."""
    if isinstance(case, Mapping):
        when = case["when"]["value"]
        return CaseFacts(_month(when["start"] if when else None), case["force"]["value"],
                         home_region(case, None), case["count"]["low"], case["count"]["high"])
    if hasattr(case, "region"):  # a link.records.CaseRecord
        return CaseFacts(_month(case.when_start), case.force, case.region, case.count_low,
                         case.count_high)
    return CaseFacts(_month(case.when_start), case.force, home_region(case.merged, case.home),
                     case.count_low, case.count_high)


def _all_cases(source: Any) -> Iterable[Any]:
    if hasattr(source, "cases") and callable(source.cases):
        return source.cases(limit=None)
    return source


def stats(source: Any, by: str = "month") -> dict[str, Any]:
    """Totals grouped `by` month, force or region, from a store or an iterable of cases."""
    if by not in GROUPS:
        raise ValueError(f"by must be one of {', '.join(GROUPS)}, not {by!r}")
    rows: dict[str, dict[str, Any]] = {}
    total = {"cases": 0, "low": 0, "high": 0, "open_ended": 0, "unknown_count": 0}
    for case in _all_cases(source):
        if getattr(case, "status", None) in NOT_COUNTED:
            continue
        facts = case_facts(case)
        group = getattr(facts, by) or UNKNOWN
        row = rows.setdefault(group, {by: group, "cases": 0, "low": 0, "high": 0,
                                      "open_ended": 0, "unknown_count": 0})
        for target in (row, total):
            if facts.low is None and facts.high is None:
                target["unknown_count"] += 1
                continue
            low = facts.low if facts.low is not None else 1
            target["cases"] += 1
            target["low"] += low
            if facts.high is None:
                target["open_ended"] += 1
                target["high"] += low
            else:
                target["high"] += facts.high
    ordered = sorted(rows, key=lambda g: (g == UNKNOWN, g))
    return {"by": by, "rows": [rows[g] for g in ordered], "total": total}
