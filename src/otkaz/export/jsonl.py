"""JSON Lines exports: one FORMAT.md report per stored document, or one line per case.

    >>> export_jsonl(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import TextIO

from otkaz.store import Store


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write one report per document ({"id", "incidents", "figures"}); how many were written.

    Evidence stays as [start, end] offsets into the document text; a linked
    incident carries its case key as `incident_id`.
    """
    n = 0
    for _doc, report in store.reports():
        out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_cases_jsonl(store: Store, out: TextIO) -> int:
    """Write one line per case: its columns, merged record and mention ids; how many."""
    n = 0
    for case in store.cases():
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
            "mentions": [m.id for m in store.mentions(case_id=case.id)],
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return n
