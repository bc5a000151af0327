"""Linking over the store: rebuild cases from all stored mentions, and show one case.

    >>> summary = relink(store)  # same cases whatever the ingest order  # doctest: +SKIP
    >>> case_detail(store, 7)["fields"]["count"]["values"]  # doctest: +SKIP

`relink` rebuilds every case from the stored mentions, keeping reviewers' decisions:

1. a mention a reviewer pinned to a case (mention override `case_key`, written
   by a merge or a split) stays in that case, whatever the machine thinks;
2. the other mentions are linked by the machine (cases.py) among themselves;
   a cluster holding mentions that are now in a case a reviewer touched
   (confirmed or rejected it, corrected a field, or pinned mentions to it)
   keeps that case's key, so the decision survives an earlier report joining
   the case; when one cluster holds mentions of several touched cases, those
   mentions stay where they are and the rest go with the earliest one's case;
3. any other cluster is keyed by the hash of its earliest mention (`case_key`),
   independent of ingest order;
4. each case's merged record is rebuilt (merge.py) and the reviewers' field
   corrections (`case_overrides`) are applied last; its confidence is the
   highest of its mentions' that no reviewer rejected (merge.case_confidence).

It writes only what changed, and deletes machine cases left without mentions.
Documents are identified by content hash, so ingesting A then B gives the same
cases and keys as B then A.

Linking heals: a mention is stored waiting to be linked (`Store.pending_links`)
and marked linked only once a relink that read it has written its case. A run
killed or interrupted anywhere leaves the waiting mentions waiting, and
`link_pending` (called when ingest, reextract and serve start, and by `otkaz
relink`) finishes the job. Relinks take turns (`Store.link_lock`), and one that
finds the mentions changed while it ran goes again, so concurrent ingests end
with the cases of all their documents.

Ingest, `link_pending` and `link_document` link incrementally (link.incremental):
only the waiting mentions and what they reach through their blocks and cases are
linked again, with the same result. `relink` (and `otkaz relink`) stays the full
pass; it also (re)builds the block index the incremental path reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .cases import Known, LinkResult, link_mentions
from .corrections import corrected, field_corrections
from .features import MentionRef
from .merge import FIELDS, apply_override, case_columns, merge_case
from .origins import citations
from .records import merged_into, status_label

if TYPE_CHECKING:
    from otkaz.store import (
        CaseOverride,
        DocumentMeta,
        Store,
        StoredCase,
        StoredDocument,
        StoredMention,
    )
    from otkaz.store.linkindex import CaseKey, LinkState

REVIEWED = ("confirmed", "rejected")
MAX_PASSES = 5  # relinks in a row while other writers keep changing the mentions


@dataclass
class LinkSummary:
    """What a relink did."""

    mentions: int = 0
    cases: int = 0
    moved: int = 0  # mentions whose case changed
    deleted: int = 0  # cases left without mentions and removed
    comparisons: int = 0
    seconds: float = 0.0
    incremental: bool = False  # linked only what new mentions reach (link.incremental)
    fallback: bool = False  # an incremental link that grew too large and relinked all


def assign_keys(result: LinkResult, pins: Mapping[str, str],
                touched: Mapping[str, str]) -> dict[str, str]:
    """Mention key -> final case key (see the module's rules, 1-3).

    `result` links the unpinned mentions; `pins`: mention key -> case key a
    reviewer put it in; `touched`: mention key -> key of the reviewer-touched
    case it is in now.
    """
    final: dict[str, str] = dict(pins)
    for machine_key, members in result.cases.items():
        held = [touched[m.key] for m in members if m.key in touched]
        several = len(set(held)) > 1
        for m in members:
            if several and m.key in touched:
                final[m.key] = touched[m.key]
            else:
                final[m.key] = held[0] if held else machine_key
    return final


def _documents(store: Store) -> dict[int, DocumentMeta]:
    return {d.id: d for d in store.document_meta()}


def review_rows(store: Store) -> tuple[dict[str, str], list[CaseOverride]]:
    """Reviewer pins (mention_key -> case key) and field corrections (oldest first)."""
    pins = {o.mention_key: str(o.value) for o in store.mention_overrides("case_key") if o.value}
    return pins, store.case_overrides()


def touched_cases(store: Store, pins: Mapping[str, str], fixes: list[CaseOverride]
                   ) -> list[StoredCase]:
    """Cases a reviewer decided on: reviewed status, corrected fields, or pinned mentions."""
    found: dict[int, StoredCase] = {}
    for status in REVIEWED:
        found.update((c.id, c) for c in store.cases(status=status))
    for case_id in {f.case_id for f in fixes} - found.keys():
        case = store.case(case_id)
        if case is not None:
            found[case.id] = case
    for key in sorted(set(pins.values())):
        case = store.case_by_key(key)
        if case is not None:
            found[case.id] = case
    return [c for c in found.values() if c.status != "merged"]


def stored_refs(store: Store) -> tuple[list[MentionRef], dict[int, int | None]]:
    """Every stored mention as a MentionRef (document = content hash), and its current case."""
    docs = _documents(store)
    refs, current = [], {}
    fixes = field_corrections(store.mention_overrides())  # reviewed fields of mentions
    for m in store.mentions():
        doc = docs.get(m.document_id)
        if doc is None:  # stored (or superseded) by another process since `docs` was read:
            continue     # the mentions changed, so relink() goes again and links it then
        incident = corrected(m.incident, fixes.get(m.mention_key, {}))
        refs.append(MentionRef(m.mention_key, doc.sha256, incident, doc.published,
                               doc.outlet, m.id))
        current[m.id] = m.case_id
    return refs, current


def relink(store: Store, *, rebuild_blocks: bool = False) -> LinkSummary:
    """Rebuild the cases of every stored mention (see the module's rules).

        >>> relink(store).cases  # doctest: +SKIP
        42

    Then every mention it read is marked linked, unless the mentions changed
    meanwhile (another process stored some): then it goes again, up to
    MAX_PASSES times; what is still waiting after that waits for the next run.
    It also keeps the block index of incremental linking (link.incremental)
    current: rebuilt whole when it is missing or outdated, or `rebuild_blocks`.
    """
    from .incremental import full_pass

    return run_passes(store, lambda state, review_top: full_pass(
        store, state, review_top, rebuild=rebuild_blocks))


def run_passes(store: Store, once: Callable[[LinkState, int], LinkSummary]) -> LinkSummary:
    """Run `once(state, last review id)` under the link lock until no other writer changed
    the mentions meanwhile (at most MAX_PASSES), then mark them linked; its last summary."""
    summary = LinkSummary()
    with store.link_lock():
        for _ in range(MAX_PASSES):
            state = store.link_state()
            review_top = store.last_review_id()
            summary = once(state, review_top)
            if store.mark_linked(state.mentions_version, review_top):
                break
    return summary


def link_pending(store: Store) -> LinkSummary | None:
    """Link the mentions waiting to be linked (incrementally, link.incremental); else None.

        >>> link_pending(store)  # after a crash: the waiting mentions get their cases
        ...                      # doctest: +SKIP
    """
    if store.pending_links() == 0:
        return None
    from .incremental import link_new

    return link_new(store)


def touched_keys(cases: Iterable[StoredCase | CaseKey], pins: Mapping[str, str],
                 fixes: list[CaseOverride]) -> dict[int, str]:
    """Case id -> key of the cases among `cases` that a reviewer decided on (reviewed
    status, corrected fields, or pinned mentions), merged-away ones left out."""
    fixed = {f.case_id for f in fixes}
    pinned = set(pins.values())
    return {c.id: c.key for c in cases if c.status != "merged" and (
        c.status in REVIEWED or c.id in fixed or c.key in pinned)}


def place_mentions(store: Store, refs: list[MentionRef], current: Mapping[int, int | None],
                   pins: Mapping[str, str], fixes: list[CaseOverride],
                   key_of: Mapping[int, str], rejected: Collection[str],
                   emptied: Collection[int] | None = None,
                   known: Known | None = None,
                   settled: Callable[[str, list[MentionRef]], int | None] | None = None
                   ) -> LinkSummary:
    """Link `refs` (rules 1-4 of the module) and write their cases, changed ones only.

    `current`: mention id -> its case now; `key_of`: id -> key of the touched cases
    (touched_keys). The old cases left without mentions are deleted: those of
    `emptied` when given (an incremental link), else any in the store.
    `known` passes on what the caller computed or knows (cases.Known); `settled(key,
    members)` gives the id of a stored case whose record these members under this key
    would write again unchanged (link.incremental), which is then not merged again.
    """
    started = time.perf_counter()
    held = {}
    for r in refs:
        case_id = current.get(r.id) if r.id is not None else None
        if case_id is not None and case_id in key_of:
            held[r.key] = key_of[case_id]
    result = link_mentions([r for r in refs if r.key not in pins], known=known)
    keys = {r.key for r in refs}
    final = assign_keys(result, {k: v for k, v in pins.items() if k in keys}, held)
    groups: dict[str, list[MentionRef]] = {}
    for ref in sorted(refs, key=lambda r: r.order_key):
        groups.setdefault(final[ref.key], []).append(ref)
    corrections: dict[str, list[Any]] = {}
    for fix in fixes:
        if fix.case_id in key_of:
            corrections.setdefault(key_of[fix.case_id], []).append(fix)
    items = []
    ids: dict[str, int] = {}
    for key, members in groups.items():
        same = settled(key, members) if settled is not None else None
        if same is not None:
            ids[key] = same
            continue
        merged = merge_case(members, rejected)
        for fix in corrections.get(key, []):
            merged = apply_override(merged, fix.field, fix.value, fix.user, fix.at)
        items.append((key, merged, case_columns(merged)))
    ids.update(store.upsert_cases(items) if items else {})
    moves = {ref.id: ids[final[ref.key]] for ref in refs
             if ref.id is not None and current.get(ref.id) != ids[final[ref.key]]}
    store.set_mention_cases(moves, linked=False)  # marked by run_passes once all is written
    store.write_components(component_labels(result, refs), whole=emptied is None)
    if emptied is None:
        deleted = store.delete_cases_without_mentions()
    else:
        deleted = store.delete_empty_cases(set(emptied) - set(ids.values()))
    return LinkSummary(len(refs), len(groups), len(moves), deleted, result.comparisons,
                       time.perf_counter() - started)


def component_labels(result: LinkResult, refs: Iterable[MentionRef]) -> dict[int, int]:
    """Mention id -> the label of its accepted-pair component (its smallest mention id);
    a pinned mention, placed by its reviewer and never linked, is a component of its own."""
    labels = {r.id: r.id for r in refs if r.id is not None}
    for members in result.components:
        ids = [m.id for m in members if m.id is not None]
        for i in ids:
            labels[i] = min(ids)
    return labels


def link_document(store: Store, document_id: int) -> LinkSummary:
    """Link a newly stored document's mentions (with every other waiting one).

    Incremental (link.incremental): only the mentions a new report can reach
    through its blocks and their cases are linked again, which gives the cases
    a full relink would, in any ingest order. Unchanged cases are not rewritten.
    """
    del document_id  # every waiting mention is linked; see the docstring
    from .incremental import link_new

    return link_new(store)


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
            "lang": doc.lang if doc else None,
        },
        "evidence": _quotes(doc.text if doc else "", inc.evidence),
        "evidence_spans": [list(s) for s in inc.evidence],
        "chain": [c.to_dict() for c in inc.chain],
        "citations": citations(inc.chain),  # who cited whom, each name once
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
    langs = sorted({m["document"]["lang"] for m in mentions if m["document"]["lang"]})
    return {
        "id": case.id, "key": case.key, "status": case.status, "version": case.version,
        "status_label": status_label(case.status, merged), "merged_into": merged_into(merged),
        "n_mentions": case.n_mentions, "n_origins": case.n_origins,
        "confidence": case.confidence,
        "origins": (merged.get("case") or {}).get("origins", []),
        "count": {"low": count.get("low"), "high": count.get("high")},
        "fields": {name: merged[name] for name in FIELDS if name in merged},
        "langs": langs,  # the languages of the documents that tell the case
        "mentions": mentions,
    }
