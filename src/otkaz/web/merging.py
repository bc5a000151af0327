"""A case's merged record and filter columns, rebuilt after a reviewer acts on it.

    >>> rebuild(conn, 7)["n_mentions"]        # doctest: +SKIP
    3

`rebuild(conn, case_id)` does for one case what `otkaz.link.relink` does for
all: the linker's merge (merge_case) over the mentions the case now holds, the
reviewers' `case_overrides` applied last (apply_override, oldest first), and the
filter columns read from the result (case_columns). So a correction outlives a
merge, a split and a re-run of linking, and both paths give the same record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from otkaz.link import MentionRef, case_columns, merge_case
from otkaz.link.merge import apply_override
from otkaz.store.rows import incident_from_row
from otkaz.store.schema import case_overrides, documents, mentions


def mention_refs(conn: Connection, case_id: int) -> list[MentionRef]:
    """The case's mentions as the linker sees them (document = content hash, named by id)."""
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
    for o in conn.execute(select(case_overrides).where(case_overrides.c.case_id == case_id)
                          .order_by(case_overrides.c.at, case_overrides.c.field)):
        merged = apply_override(merged, o.field, o.value, o.user, o.at)
    return {"merged": merged, **case_columns(merged)}
