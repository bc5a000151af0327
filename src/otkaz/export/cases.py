"""Which cases and mentions an export holds, and one case as a flat row.

    >>> rows = case_rows(store)  # live cases, one flat dict each  # doctest: +SKIP

Exports are one row per case by default, read from the case's merged record
with reviewers' decisions applied (otkaz.link.records): the same numbers as
`otkaz cases`, `show`, `stats` and the dashboard. Rejected cases and cases
merged into another are left out unless `statuses` asks for them. A
mention-level export (`mentions=True` in each exporter, `--mentions` in the
CLI) holds the mentions of the same cases, plus mentions that are in no case.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from otkaz.link.records import CASE_FIELDS, LIVE_STATUSES, case_records, check_statuses
from otkaz.store import DocumentRecord, Store

__all__ = ["CASE_FIELDS", "LIVE_STATUSES", "case_rows", "exported_records"]


def case_rows(store: Store, statuses: Collection[str] = LIVE_STATUSES
              ) -> Iterator[dict[str, Any]]:
    """The flat record (CASE_FIELDS) of each case with these statuses, newest event first."""
    for record in case_records(store, statuses=statuses, with_mentions=True, limit=None):
        yield record.flat()


def exported_records(store: Store, statuses: Collection[str] = LIVE_STATUSES
                     ) -> Iterator[DocumentRecord]:
    """Every document with only the mentions a mention-level export holds (see the module)."""
    wanted = set(check_statuses(statuses))
    status_of = {c.id: c.status for c in store.cases(limit=None)}
    for record in store.records():
        kept = [m for m in record.mentions
                if m.case_id is None or status_of.get(m.case_id) in wanted]
        yield DocumentRecord(record.document, kept, record.figures)
