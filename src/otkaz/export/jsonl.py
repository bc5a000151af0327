"""JSON Lines exports: one line per case, or one FORMAT.md report per stored document.

    >>> export_jsonl(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
    >>> export_jsonl(store, sys.stdout, mentions=True)  # reports  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TextIO

from otkaz.export.cases import LIVE_STATUSES, case_rows, exported_records
from otkaz.models import Report
from otkaz.store import Store


def export_jsonl(store: Store, out: TextIO, *, mentions: bool = False,
                 statuses: Collection[str] = LIVE_STATUSES) -> int:
    """Write one line per case (export_cases_jsonl), or with `mentions` one report per
    document ({"id", "incidents", "figures"}, and `lang`, the document's language); how
    many lines.

    In reports, evidence stays as [start, end] offsets into the document text; a
    linked incident carries its case key as `incident_id`.
    """
    if not mentions:
        return export_cases_jsonl(store, out, statuses=statuses)
    n = 0
    for record in exported_records(store, statuses):
        doc = record.document.document
        report = Report(doc.id, [m.incident for m in record.mentions],
                        [f.figure for f in record.figures])
        line = report.to_dict()
        if doc.lang:  # the document's language (ISO 639-1), as it was read
            line["lang"] = doc.lang
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_cases_jsonl(store: Store, out: TextIO, *,
                       statuses: Collection[str] = LIVE_STATUSES) -> int:
    """Write one line per case: its flat record (export.cases), mention ids included; how many.
    """
    n = 0
    for row in case_rows(store, statuses):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n
