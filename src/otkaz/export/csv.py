"""CSV export: one row per mention, flattened (see flat.FIELDS for the columns).

Each row carries its case's id, key and confidence (`case_confidence`) beside
the mention's own `confidence`.

    >>> export_csv(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
    mention_id,document_id,url,...

Lists are joined with ";", missing values are empty cells, evidence is the
quoted sentences joined by " … ".
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from otkaz.export.flat import FIELDS, mention_record
from otkaz.store import Store

LIST_SEPARATOR = ";"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value))
    return value


def export_csv(store: Store, out: TextIO) -> int:
    """Write a header and one row per stored mention; how many rows. Open `out` with newline=""."""
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    n = 0
    for record in store.records():
        for mention in record.mentions:
            writer.writerow({k: _cell(v) for k, v in mention_record(record, mention).items()})
            n += 1
    return n
