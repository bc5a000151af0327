"""CSV export: one row per case (table.CASE_COLUMNS), or per mention (flat.FIELDS).

    >>> export_csv(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
    id,key,status,status_label,...,outlets,urls,titles,document_ids
    >>> export_csv(store, sys.stdout, mentions=True)  # doctest: +SKIP
    mention_id,document_id,url,...

A case row holds every field of the case, its resolved places, a conflicts
marker and the articles it comes from (export.table). A mention row carries
its case's id, key and confidence (`case_confidence`) beside the mention's own
`confidence`.

Missing values are empty cells. In a case row lists are joined with " | " (an
outlet's or a source's name may hold ";" or ","); in a mention row with ";".
Evidence is the quoted sentences joined by " … ".
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from typing import Any, TextIO

from otkaz.export.cases import LIVE_STATUSES, exported_records
from otkaz.export.flat import FIELDS, mention_record
from otkaz.export.table import CASE_COLUMNS, case_table
from otkaz.store import Store

LIST_SEPARATOR = ";"  # mention rows
CASE_LIST_SEPARATOR = " | "  # case rows


def _cell(value: Any, separator: str = LIST_SEPARATOR) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return separator.join(map(str, value))
    return value


def export_csv(store: Store, out: TextIO, *, mentions: bool = False,
               statuses: Collection[str] = LIVE_STATUSES) -> int:
    """Write a header and one row per case (or per mention); how many rows.

    Open `out` with newline="". `statuses`: which cases (export.cases).
    """
    n = 0
    if not mentions:
        writer = csv.DictWriter(out, fieldnames=CASE_COLUMNS)
        writer.writeheader()
        for row in case_table(store, statuses):
            writer.writerow({k: _cell(v, CASE_LIST_SEPARATOR) for k, v in row.flat().items()})
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for record in exported_records(store, statuses):
        for mention in record.mentions:
            writer.writerow({k: _cell(v) for k, v in mention_record(record, mention).items()})
            n += 1
    return n
