"""A case's merged record and filter columns, rebuilt after a reviewer moves mentions.

    >>> columns_for("count", {"low": 12, "high": 20}, None)
    {'count_low': 12, 'count_high': 20}

`rebuild(conn, case_id)` runs the linker's own merge (otkaz.link.merge_case and
case_columns) over the mentions the case now holds, then applies the
reviewers' `case_overrides` with `apply_override`, so a correction outlives a
merge or a split. An overridden field keeps every reported value and the
`conflict` flag, and gains `"reviewed": {"user", "at"}`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from otkaz.link import MentionRef, case_columns, merge_case
from otkaz.store.rows import incident_from_row
from otkaz.store.schema import case_overrides, documents, mentions
from otkaz.web.views import iso


def _resolve_place(name: str) -> tuple[float | None, float | None]:
    """Coordinates of a typed place name from the gazetteer, when one is available."""
    from otkaz.link.features import resolve

    place = resolve(name)
    return (place.lat, place.lon) if place is not None else (None, None)


def columns_for(field: str, value: Any, mention: Any) -> dict[str, Any]:
    """The `cases` filter columns that change when `field` becomes `value`."""
    if field in ("type", "force", "home"):
        return {field: value}
    if field == "count":
        return {"count_low": value["low"] if value else None,
                "count_high": value["high"] if value else None}
    if field == "when":
        return {"when_start": date.fromisoformat(value["start"]) if value else None,
                "when_end": date.fromisoformat(value["end"]) if value else None}
    if field == "place":
        if mention is not None and mention.place == value:
            lat, lon = mention.place_lat, mention.place_lon
        else:
            lat, lon = _resolve_place(value) if value else (None, None)
        return {"place": value, "place_lat": lat, "place_lon": lon}
    return {}


def apply_override(merged: dict[str, Any], field: str, value: Any, user: str, at: Any
                   ) -> dict[str, Any]:
    """A copy of `merged` with `field` set by a reviewer (the reported values are kept)."""
    out = dict(merged)
    entry = dict(out[field]) if isinstance(out.get(field), dict) else {"values": []}
    entry["value"] = value
    entry["reviewed"] = {"user": user, "at": iso(at)}
    if field == "count":
        entry["low"], entry["high"] = (value["low"], value["high"]) if value else (None, None)
    if field in ("home", "place"):
        entry["geo"] = None  # the chosen place's gazetteer entry no longer applies
    out[field] = entry
    return out


def mention_refs(conn: Connection, case_id: int) -> list[MentionRef]:
    """The case's mentions as the linker sees them (named by row id)."""
    rows = conn.execute(
        select(mentions, documents.c.outlet, documents.c.published, documents.c.sha256)
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(mentions.c.case_id == case_id).order_by(mentions.c.id)).all()
    return [MentionRef(key=r.mention_key, document_id=r.sha256,
                       incident=incident_from_row(r._mapping), published=r.published,
                       outlet=r.outlet, id=r.id) for r in rows]


def rebuild(conn: Connection, case_id: int) -> dict[str, Any]:
    """New `merged` and filter columns (with counts) for case `case_id`, overrides applied."""
    merged = merge_case(mention_refs(conn, case_id))
    columns = case_columns(merged)
    for o in conn.execute(select(case_overrides).where(case_overrides.c.case_id == case_id)
                          .order_by(case_overrides.c.at)):
        merged = apply_override(merged, o.field, o.value, o.user, o.at)
        keep_coordinates = o.field == "place" and o.value == columns.get("place")
        if not keep_coordinates:
            columns |= columns_for(o.field, o.value, None)
    return {"merged": merged, **columns}
