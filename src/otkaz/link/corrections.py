"""Reviewers' values for one mention's fields, applied before linking and merging.

    >>> fixes = field_corrections(store.mention_overrides())        # doctest: +SKIP
    >>> corrected(Incident("refusal", "men", count=Range(3, 9)), {"count": {"low": 12,
    ...                                                                      "high": 12}}).count
    Range(low=12, high=12)

A decision about one mention's field (an annotation imported from Label Studio:
accepted, corrected or rejected) is a `mention_overrides` row keyed by the mention's
stable key, with the field's name and its reviewed value. The linker (link.store) and a
review action's rebuild (web.merging) read the mention through `corrected`, so a case
shows the reviewed values and keeps them across re-extraction and relinking. The
stored mention itself stays the machine's reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from otkaz.models import Incident

CORRECTABLE = ("type", "force", "actor", "unit", "count", "home", "place", "when",
               "personnel", "outcomes", "sources")


def field_corrections(rows: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Mention key -> {field: reviewed value}, from `mention_overrides` rows or records
    (with `mention_key`, `field`, `value`); decisions about a mention's case or status are
    left out."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.field in CORRECTABLE:
            out.setdefault(row.mention_key, {})[row.field] = row.value
    return out


def corrected(incident: Incident, fields: Mapping[str, Any]) -> Incident:
    """`incident` with the reviewed values of `fields`; the same object when there are none.

    A reviewed place or home drops the gazetteer entry the machine resolved for the old
    words, so the merge resolves the new ones.
    """
    if not fields:
        return incident
    d = incident.to_dict()
    for name, value in fields.items():
        if name not in CORRECTABLE:
            continue
        d[name] = value if value is not None or name not in ("personnel", "outcomes",
                                                             "sources") else []
        if name in ("home", "place"):
            d["geo"].pop(name, None)
    if not d.get("type"):
        d["type"] = incident.type  # a report needs a type: a rejected type keeps the machine's
    d["actor"] = d.get("actor") or ""
    return Incident.from_dict(d)
