"""JSON Lines exports: one FORMAT.md report per stored document, or one line per case.

    >>> export_jsonl(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from otkaz.store import Store


def _entry_name(merged: dict[str, Any], role: str) -> str | None:
    geo = (merged.get(role) or {}).get("geo") if isinstance(merged, dict) else None
    return geo.get("name") if isinstance(geo, dict) else None


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write one report per document ({"id", "incidents", "figures"}); how many were written.

    Evidence stays as [start, end] offsets into the document text; a linked
    incident carries its case key as `incident_id`; `lang` is the document's language.
    """
    n = 0
    for doc, report in store.reports():
        line = report.to_dict()
        if doc.lang:  # the document's language (ISO 639-1), as it was read
            line["lang"] = doc.lang
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_cases_jsonl(store: Store, out: TextIO) -> int:
    """Write one line per case: its columns, merged record and mention ids; how many."""
    n = 0
    lang_of = {d.id: d.lang for d in store.document_meta()}
    for case in store.cases():
        members = store.mentions(case_id=case.id)
        line = {
            "id": case.id, "key": case.key, "status": case.status, "version": case.version,
            "type": case.type, "force": case.force,
            "count": {"low": case.count_low, "high": case.count_high},
            "when": ({"start": case.when_start.isoformat(), "end": case.when_end.isoformat()}
                     if case.when_start and case.when_end else None),
            "home": case.home, "place": case.place,
            "lat": case.place_lat, "lon": case.place_lon,
            "n_mentions": case.n_mentions, "n_origins": case.n_origins,
            "confidence": case.confidence,  # the highest of its mentions' not rejected
            "merged": case.merged,
            "mentions": [m.id for m in members],
            # the languages the case is told in, and its places' gazetteer entries by name
            "langs": sorted({lang for m in members if (lang := lang_of.get(m.document_id))}),
            "home_entry": _entry_name(case.merged, "home"),
            "place_entry": _entry_name(case.merged, "place"),
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return n
