"""Linking over the store: rebuild cases from all stored mentions, and show one case.

    >>> summary = relink(store)     # after ingest; the same cases whatever the ingest order
    >>> case_detail(store, 7)["fields"]["count"]["values"]

`relink` links every stored mention (cases.py), then decides each case's key:

1. a mention a reviewer pinned to a case (mention override `case_key`) goes to
   that case;
2. an unpinned mention follows the pins in its machine cluster (the most
   pinned key; ties to the smallest key), so a mention that arrives after a
   reviewer merged or split cases joins the case its look-alikes went to; a
   review action should therefore pin every mention of the cases it touches;
3. else a cluster holding the anchor (earliest mention) of a case a reviewer
   confirmed or rejected keeps that case's key, so a case-level decision
   survives an earlier report joining it;
4. else the key is the hash of the cluster's earliest mention (`case_key`),
   independent of ingest order.

Then it writes each case's merged record and columns, points the mentions at
their cases, and deletes machine cases left without mentions. Unchanged cases
and mentions are not rewritten. Documents are identified by content hash, so
ingesting A then B gives the same cases and keys as B then A.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .cases import LinkResult, link_mentions
from .features import MentionRef
from .merge import FIELDS, case_columns, merge_case

if TYPE_CHECKING:
    from otkaz.store import Store, StoredDocument, StoredMention

REVIEWED = ("confirmed", "rejected")


@dataclass
class LinkSummary:
    """What a relink did."""

    mentions: int = 0
    cases: int = 0
    moved: int = 0  # mentions whose case changed
    deleted: int = 0  # cases left without mentions and removed
    comparisons: int = 0
    seconds: float = 0.0


def assign_keys(result: LinkResult, pins: Mapping[str, str],
                reviewed_anchors: Mapping[str, str]) -> dict[str, str]:
    """Mention key -> final case key, from machine clusters, reviewer pins and reviewed anchors.

    `pins`: mention key -> case key a reviewer put it in; `reviewed_anchors`:
    anchor mention key -> key of a case a reviewer confirmed or rejected.
    """
    final: dict[str, str] = {}
    for machine_key, members in result.cases.items():
        pinned = Counter(pins[m.key] for m in members if m.key in pins)
        if pinned:
            top = max(pinned.values())
            follow = min(k for k, n in pinned.items() if n == top)
        else:
            anchored = [reviewed_anchors[m.key] for m in members if m.key in reviewed_anchors]
            follow = anchored[0] if anchored else machine_key
        for m in members:
            final[m.key] = pins.get(m.key, follow)
    return final


def _documents(store: Store) -> dict[int, StoredDocument]:
    return {d.id: d for d in store.documents()}


def _pins(store: Store) -> dict[str, str]:
    """Reviewer pins: mention_key -> case key (mention overrides of field `case_key`)."""
    reader = getattr(store, "mention_overrides", None)
    if reader is not None:
        found = reader(field="case_key")
    else:  # until the Store offers a reader: the table, through its engine
        from sqlalchemy import select

        from otkaz.store.schema import mention_overrides

        query = select(mention_overrides.c.mention_key, mention_overrides.c.value).where(
            mention_overrides.c.field == "case_key")
        with store.engine.connect() as conn:
            found = {row.mention_key: row.value for row in conn.execute(query)}
    return {k: str(v) for k, v in found.items() if v}


def _reviewed_anchors(store: Store) -> dict[str, str]:
    anchors: dict[str, str] = {}
    for status in REVIEWED:
        for case in store.cases(status=status):
            anchor = ((case.merged or {}).get("case") or {}).get("anchor")
            if anchor:
                anchors.setdefault(anchor, case.key)
    return anchors


def stored_refs(store: Store) -> tuple[list[MentionRef], dict[int, int | None]]:
    """Every stored mention as a MentionRef (document = content hash), and its current case."""
    docs = _documents(store)
    refs, current = [], {}
    for m in store.mentions():
        doc = docs[m.document_id]
        refs.append(MentionRef(m.mention_key, doc.sha256, m.incident, doc.document.published,
                               doc.document.outlet, m.id))
        current[m.id] = m.case_id
    return refs, current


def relink(store: Store) -> LinkSummary:
    """Rebuild the cases of every stored mention (see the module's rules)."""
    started = time.perf_counter()
    refs, current = stored_refs(store)
    result = link_mentions(refs)
    final = assign_keys(result, _pins(store), _reviewed_anchors(store))
    groups: dict[str, list[MentionRef]] = {}
    for ref in sorted(refs, key=lambda r: r.order_key):
        groups.setdefault(final[ref.key], []).append(ref)
    items = []
    for key, members in groups.items():
        merged = merge_case(members)
        items.append((key, merged, case_columns(merged)))
    ids = store.upsert_cases(items) if items else {}
    moves = {ref.id: ids[final[ref.key]] for ref in refs
             if ref.id is not None and current.get(ref.id) != ids[final[ref.key]]}
    store.set_mention_cases(moves)
    deleted = store.delete_cases_without_mentions()
    return LinkSummary(len(refs), len(groups), len(moves), deleted, result.comparisons,
                       time.perf_counter() - started)


def link_document(store: Store, document_id: int) -> LinkSummary:
    """Link a newly stored document's mentions.

    It relinks everything: a new report can join, split or re-anchor cases
    anywhere in its blocks, and one global pass is what keeps the result
    independent of ingest order. Unchanged cases are not rewritten.
    """
    del document_id  # the whole store is relinked; see the docstring
    return relink(store)


def _quotes(text: str, spans: Iterable[Any]) -> list[str]:
    out = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        if 0 <= start < end <= len(text):
            out.append(text[start:end])
    return out


def _mention_order(m: StoredMention, stored: StoredDocument | None) -> tuple[date, int, int]:
    published = stored.document.published if stored else None
    return (published or date.max, m.document_id,
            min((s for s, _ in m.incident.evidence), default=-1))


def _mention_detail(m: StoredMention, stored: StoredDocument | None) -> dict[str, Any]:
    doc = stored.document if stored else None
    inc = m.incident
    return {
        "id": m.id, "key": m.mention_key,
        "document": {
            "id": m.document_id, "source_id": doc.id if doc else None,
            "title": doc.title if doc else None, "url": doc.url if doc else None,
            "outlet": doc.outlet if doc else None,
            "published": doc.published.isoformat() if doc and doc.published else None,
        },
        "evidence": _quotes(doc.text if doc else "", inc.evidence),
        "evidence_spans": [list(s) for s in inc.evidence],
        "chain": [c.to_dict() for c in inc.chain],
        "incident": inc.to_dict(),
    }


def case_detail(store: Store, case_id: int) -> dict[str, Any] | None:
    """One case for `otkaz show` and the web page: merged fields, conflicts, every mention."""
    case = store.case(case_id)
    if case is None:
        return None
    merged = case.merged or {}
    docs: dict[int, StoredDocument | None] = {}
    rows = []
    for m in store.mentions(case_id=case_id):
        if m.document_id not in docs:
            docs[m.document_id] = store.document(m.document_id)
        rows.append((m, docs[m.document_id]))
    rows.sort(key=lambda r: _mention_order(*r))
    mentions = [_mention_detail(m, stored) for m, stored in rows]
    count = merged.get("count") or {}
    return {
        "id": case.id, "key": case.key, "status": case.status, "version": case.version,
        "n_mentions": case.n_mentions, "n_origins": case.n_origins,
        "origins": (merged.get("case") or {}).get("origins", []),
        "count": {"low": count.get("low"), "high": count.get("high")},
        "fields": {name: merged[name] for name in FIELDS if name in merged},
        "mentions": mentions,
    }
