"""CSV export: one row per case (cases.CASE_FIELDS), or per mention (flat.FIELDS).

    >>> export_csv(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
    id,key,status,status_label,...
    >>> export_csv(store, sys.stdout, mentions=True)  # doctest: +SKIP
    mention_id,document_id,url,...

A mention row carries its case's id, key and confidence (`case_confidence`)
beside the mention's own `confidence`.

Lists are joined with ";", missing values are empty cells, evidence is the
quoted sentences joined by " … ".
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from typing import Any, TextIO

from otkaz.export.cases import CASE_FIELDS, LIVE_STATUSES, case_rows, exported_records
from otkaz.export.flat import FIELDS, mention_record
from otkaz.store import Store

LIST_SEPARATOR = ";"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value))
    return value


def export_csv(store: Store, out: TextIO, *, mentions: bool = False,
               statuses: Collection[str] = LIVE_STATUSES) -> int:
    """Write a header and one row per case (or per mention); how many rows.

    Open `out` with newline="". `statuses`: which cases (export.cases).
    """
    n = 0
    if not mentions:
        writer = csv.DictWriter(out, fieldnames=CASE_FIELDS)
        writer.writeheader()
        for row in case_rows(store, statuses):
            writer.writerow({k: _cell(v) for k, v in row.items()})
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for record in exported_records(store, statuses):
        for mention in record.mentions:
            writer.writerow({k: _cell(v) for k, v in mention_record(record, mention).items()})
            n += 1
    return n
