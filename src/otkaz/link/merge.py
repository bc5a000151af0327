"""One record per case from its mentions, with every reported value kept beside the chosen one.

    >>> merged = merge_case(mentions)  # doctest: +SKIP
    >>> merged["count"]  # doctest: +SKIP
    {'value': {'low': 60, 'high': 60}, 'values': [{'value': {'low': 60, 'high': 60},
     'mentions': [1, 4]}, {'value': {'low': 70, 'high': 70}, 'mentions': [2]}],
     'conflict': True, 'low': 60, 'high': 70}

Rules (conflicts are data, not errors; merging never invents a value):

- Every field (FIELDS) becomes `{"value", "values", "conflict"}`. `values` lists
  each distinct value as stated with the mentions that gave it, most supported
  first. Spelling variants of one thing (Lugansk/Luhansk, "113th Regiment" /
  "113th regiment") support each other: support is counted per group of
  equivalent values, and `value` is the most supported group's earliest-reported
  wording; ties go to the group reported earliest.
- `conflict` is true when reports disagree: two types or forces; counts or
  dates with no common range; places of which neither is, contains or lies in
  the other; numbered units that differ. Only values that exclude each other
  conflict: actor wordings differ by nature, and the list fields are unions,
  so they never conflict (`LIST_FIELDS`; "mobilized" and "reservist", or
  "detained" and then "forced_back", are both true of one group).
- List fields (personnel, sources, outcomes): `value` is every item stated by
  some mention (the union), most supported first; `values` gives each item's
  mentions.
- The case's count reading (`count.low`, `count.high`): where all stated counts
  share a range, that common range (60 and "dozens" give 60..60; "at least 15"
  and 15 give 15..15). Where they do not, the smallest and largest numbers any
  report states (60 and 70 give 60..70), the high open if any report is
  open-ended. No count in any mention: both None (an unknown count).
- `home` and `place` also carry `geo`, the gazetteer entry of the chosen value.
- The case's confidence (`case.confidence`, see case_confidence): the highest
  confidence among its mentions that no reviewer rejected. It stays the
  machine's estimate: a reviewer's verdict on the whole case is its status.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Sequence
from datetime import date
from typing import Any

from otkaz.models import DateRange, Place, Range

from .features import MentionRef, PlaceInfo, fold, name_key, place_info, unit_key
from .origins import group_names, origin_groups
from .pairs import _skeleton, compare_places

FIELDS = ("type", "actor", "force", "personnel", "unit", "count", "home", "place", "when",
          "sources", "outcomes")
LIST_FIELDS = ("personnel", "sources", "outcomes")


def _json(value: Any) -> Any:
    if isinstance(value, Range | DateRange):
        return value.to_dict()
    return value


def _group_values(mentions: Sequence[MentionRef], field: str,
                  canon: Callable[[Any], Hashable]) -> list[dict[str, Any]]:
    """Groups of equivalent stated values: [{"canon", "variants": {json: [names]}, ...}]."""
    groups: dict[Hashable, dict[str, Any]] = {}
    for order, m in enumerate(mentions):
        value = getattr(m.incident, field)
        if value is None or value == "":
            continue
        key = canon(value)
        g = groups.setdefault(key, {"first": order, "support": set(), "variants": {},
                                    "raw": value, "mention": m})
        g["support"].add(m.name)
        stated = repr(_json(value))
        g["variants"].setdefault(stated, {"value": _json(value), "mentions": []})
        g["variants"][stated]["mentions"].append(m.name)
    return sorted(groups.values(), key=lambda g: (-len(g["support"]), g["first"]))


def _scalar(mentions: Sequence[MentionRef], field: str, canon: Callable[[Any], Hashable],
            conflicting: Callable[[list[Any]], bool]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The merged entry of one scalar field, and the chosen group (for extras like geo)."""
    groups = _group_values(mentions, field, canon)
    values = [v for g in groups for v in g["variants"].values()]
    chosen = groups[0] if groups else {}
    entry = {
        "value": _json(chosen["raw"]) if groups else None,
        "values": values,
        "conflict": len(groups) > 1 and conflicting([g["raw"] for g in groups]),
    }
    return entry, chosen


def _list_field(mentions: Sequence[MentionRef], field: str) -> dict[str, Any]:
    """The union of the items the mentions state; never a conflict (see the module's rules)."""
    items: dict[str, dict[str, Any]] = {}
    for order, m in enumerate(mentions):
        for v in getattr(m.incident, field) or []:
            item = items.setdefault(name_key(v), {"value": v, "mentions": [], "first": order})
            if m.name not in item["mentions"]:
                item["mentions"].append(m.name)
    ordered = sorted(items.values(), key=lambda i: (-len(i["mentions"]), i["first"]))
    return {
        "value": [i["value"] for i in ordered],
        "values": [{"value": i["value"], "mentions": i["mentions"]} for i in ordered],
        "conflict": False,
    }


def is_conflict(field: str, entry: Any) -> bool:
    """Whether a merged record's `field` entry shows values that exclude each other.

        >>> is_conflict("outcomes", {"value": ["detained"], "conflict": True})
        False

    Records stored before list fields became unions may still carry a `conflict`
    flag on them; it is ignored here, so no reader shows it until the next relink.
    """
    return (field not in LIST_FIELDS and isinstance(entry, dict)
            and bool(entry.get("conflict")))


def _common_range(ranges: Sequence[Range]) -> tuple[int | None, int | None] | None:
    lows = [r.low for r in ranges if r.low is not None]
    highs = [r.high for r in ranges if r.high is not None]
    low, high = (max(lows) if lows else None), (min(highs) if highs else None)
    if low is None or high is None or low <= high:
        return low, high
    return None


def case_count(ranges: Sequence[Range]) -> tuple[int | None, int | None]:
    """The case's count reading from the stated counts (see the module's rules)."""
    if not ranges:
        return None, None
    common = _common_range(ranges)
    if common is not None:
        return common
    numbers = [n for r in ranges for n in (r.low, r.high) if n is not None]
    open_ended = any(r.high is None for r in ranges)
    return min(numbers), (None if open_ended else max(numbers))


def _always(_values: list[Any]) -> bool:
    return True


def _never(_values: list[Any]) -> bool:
    return False


def _dates_conflict(values: list[Any]) -> bool:
    return max(v.start for v in values) > min(v.end for v in values)


def _units_conflict(values: list[Any]) -> bool:
    keys = [unit_key(v) for v in values]
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            for kind in {k for _, k in a.numbers} & {k for _, k in b.numbers}:
                if not {n for n, k in a.numbers if k == kind} & {n for n, k in b.numbers
                                                                 if k == kind}:
                    return True
    return False


class _PlaceField:
    """Place values of one role: spelling variants resolve to one entry or share a skeleton."""

    def __init__(self, role: str, mentions: Sequence[MentionRef]) -> None:
        self.geo_by_text: dict[str, Place] = {}
        for m in mentions:
            text, geo = getattr(m.incident, role), m.incident.geo.get(role)
            if text and geo is not None:
                self.geo_by_text.setdefault(text, geo)

    def info(self, text: str) -> PlaceInfo | None:
        return place_info(text, self.geo_by_text.get(text))

    def canon(self, text: str) -> Hashable:
        info = self.info(text)
        if info is not None and info.geo is not None:
            return ("geo", fold(info.geo.name), info.geo.country)
        return ("text", _skeleton(info.key if info else fold(text)))

    def conflicting(self, values: list[Any]) -> bool:
        infos = [self.info(v) for v in values]
        for i, a in enumerate(infos):
            for b in infos[i + 1:]:
                evidence, veto = compare_places(a, b)
                if veto or evidence < 0:
                    return True
        return False


def case_confidence(mentions: Sequence[MentionRef], rejected: Collection[str] = ()
                    ) -> float | None:
    """The case's confidence: the highest of its mentions' that no reviewer rejected.

        >>> refs = [MentionRef(k, "d", Incident("refusal", "men", confidence=c))
        ...         for k, c in (("a", 0.4), ("b", 0.8), ("c", None))]
        >>> case_confidence(refs), case_confidence(refs, rejected={"b"})
        (0.8, 0.4)
        >>> case_confidence(refs, rejected={"a", "b"}) is None
        True

    The maximum, not a combination: each mention's confidence is the probability
    that it is a real report of this kind, and one well-read report is enough
    for the case to exist; echoes of one report would inflate any product rule
    (origins are counted apart, in `n_origins`). `rejected` holds mention keys
    (a reviewer's `mention_overrides` status "rejected"); a rejected mention
    stays in the case but no longer vouches for it. None when no remaining
    mention has a confidence. A reviewer confirming the case does not make it
    1.0: confidence stays the machine's estimate, so it can be compared with
    reviewers' verdicts (the case status) rather than overwritten by them.
    """
    known = [m.incident.confidence for m in mentions
             if m.key not in rejected and m.incident.confidence is not None]
    return max(known) if known else None


def merge_case(mentions: Sequence[MentionRef], rejected: Collection[str] = ()
               ) -> dict[str, Any]:
    """The merged record of one case: every field with its chosen value, all values, conflict.

    `rejected`: keys of mentions a reviewer rejected, left out of the confidence only.
    """
    ordered = sorted(mentions, key=lambda m: m.order_key)
    merged: dict[str, Any] = {}
    merged["type"], _ = _scalar(ordered, "type", str, _always)
    merged["actor"], _ = _scalar(ordered, "actor", fold, _never)
    merged["force"], _ = _scalar(ordered, "force", str, _always)
    merged["unit"], _ = _scalar(
        ordered, "unit", lambda u: tuple(sorted(unit_key(u).numbers)) or fold(u), _units_conflict)
    merged["count"], _ = _scalar(ordered, "count", lambda r: (r.low, r.high),
                                 lambda rs: _common_range(rs) is None)
    ranges = [m.incident.count for m in ordered if m.incident.count is not None
              and (m.incident.count.low is not None or m.incident.count.high is not None)]
    merged["count"]["low"], merged["count"]["high"] = case_count(ranges)
    for role in ("home", "place"):
        places = _PlaceField(role, ordered)
        merged[role], chosen = _scalar(ordered, role, places.canon, places.conflicting)
        info = places.info(chosen["raw"]) if chosen else None
        merged[role]["geo"] = info.geo.to_dict() if info and info.geo else None
    merged["when"], _ = _scalar(ordered, "when", lambda d: (d.start, d.end), _dates_conflict)
    for name in LIST_FIELDS:
        merged[name] = _list_field(ordered, name)
    merged = {name: merged[name] for name in FIELDS}
    origins = origin_groups(ordered)  # counted and named from one grouping
    merged["case"] = {
        "anchor": ordered[0].key if ordered else None,
        "mentions": [m.name for m in ordered],
        "n_mentions": len(ordered),
        "n_origins": len(origins),
        "origins": group_names(origins),
        "confidence": case_confidence(ordered, rejected),
    }
    return merged


def apply_override(merged: dict[str, Any], field: str, value: Any, user: str,
                   at: Any) -> dict[str, Any]:
    """A copy of `merged` with `field` set by a reviewer; every reported value is kept.

    The entry gains `"reviewed": {"user", "at"}`; a count sets the case's
    low/high; a typed place gets its gazetteer entry, when it has one.
    """
    out = dict(merged)
    entry = dict(out[field]) if isinstance(out.get(field), dict) else {"values": []}
    entry["value"] = value
    entry["reviewed"] = {"user": user, "at": at.isoformat() if hasattr(at, "isoformat") else at}
    if field == "count":
        entry["low"], entry["high"] = (value["low"], value["high"]) if value else (None, None)
    if field in ("home", "place"):
        info = place_info(value, None) if value else None
        entry["geo"] = info.geo.to_dict() if info and info.geo else None
    out[field] = entry
    return out


def case_columns(merged: dict[str, Any]) -> dict[str, Any]:
    """The denormalised columns of a case row, read from its merged record."""
    when = merged["when"]["value"]
    place_geo = merged["place"].get("geo") or {}
    return {
        "type": merged["type"]["value"],
        "force": merged["force"]["value"],
        "count_low": merged["count"]["low"],
        "count_high": merged["count"]["high"],
        "when_start": date.fromisoformat(when["start"]) if when else None,
        "when_end": date.fromisoformat(when["end"]) if when else None,
        "home": merged["home"]["value"],
        "place": merged["place"]["value"],
        "place_lat": place_geo.get("lat"),
        "place_lon": place_geo.get("lon"),
        "n_mentions": merged["case"]["n_mentions"],
        "n_origins": merged["case"]["n_origins"],
        # records merged before confidence existed have none until the next relink
        "confidence": merged["case"].get("confidence"),
    }
