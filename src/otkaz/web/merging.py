"""A case's merged record and filter columns, rebuilt after a reviewer acts on it.

    >>> rebuild(conn, 7)["n_mentions"]        # doctest: +SKIP
    3

`rebuild(conn, case_id)` does for one case what `otkaz.link.relink` does for
all: the linker's merge (merge_case) over the mentions the case now holds, the
reviewers' `case_overrides` applied last (apply_override, oldest first), and the
filter columns read from the result (case_columns), confidence included (mentions
a reviewer rejected left out of it). So a correction outlives a
merge, a split and a re-run of linking, and both paths give the same record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from otkaz.link import MentionRef, case_columns, merge_case
from otkaz.link.corrections import corrected, field_corrections
from otkaz.link.merge import apply_override
from otkaz.store.rows import incident_from_row
from otkaz.store.schema import (
    MENTION_REJECTED,
    MENTION_STATUS,
    case_overrides,
    documents,
    mention_overrides,
    mentions,
)


def mention_refs(conn: Connection, case_id: int) -> list[MentionRef]:
    """The case's mentions as the linker sees them (document = content hash, named by id),
    with reviewers' values for their fields (link.corrections)."""
    rows = conn.execute(
        select(mentions, documents.c.outlet, documents.c.published, documents.c.sha256)
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(mentions.c.case_id == case_id).order_by(mentions.c.id)).all()
    fixes = field_corrections(conn.execute(
        select(mention_overrides).where(mention_overrides.c.mention_key.in_(
            [r.mention_key for r in rows]))).all())
    return [MentionRef(key=r.mention_key, document_id=r.sha256,
                       incident=corrected(incident_from_row(r._mapping),
                                          fixes.get(r.mention_key, {})),
                       published=r.published,
                       outlet=r.outlet, id=r.id) for r in rows]


def rejected_keys(conn: Connection, case_id: int) -> set[str]:
    """Keys of the case's mentions a reviewer rejected (left out of its confidence)."""
    rows = conn.execute(
        select(mention_overrides.c.mention_key, mention_overrides.c.value)
        .join(mentions, mentions.c.mention_key == mention_overrides.c.mention_key)
        .where(mentions.c.case_id == case_id, mention_overrides.c.field == MENTION_STATUS))
    # the value is JSON: compared here rather than in SQL, where each backend differs
    return {r.mention_key for r in rows if r.value == MENTION_REJECTED}


def rebuild(conn: Connection, case_id: int) -> dict[str, Any]:
    """New `merged` and filter columns (with counts) for case `case_id`, overrides applied."""
    merged = merge_case(mention_refs(conn, case_id), rejected_keys(conn, case_id))
    for o in conn.execute(select(case_overrides).where(case_overrides.c.case_id == case_id)
                          .order_by(case_overrides.c.at, case_overrides.c.field)):
        merged = apply_override(merged, o.field, o.value, o.user, o.at)
    return {"merged": merged, **case_columns(merged)}
