"""Finished annotations as reviewers' decisions on the stored mentions they speak of.

    >>> summary = record_decisions(store, read_export(export).documents, user="anna")
    >>> summary.counts()                        # doctest: +SKIP
    {'accept': 31, 'correct': 4, 'reject': 1, 'reject_mention': 1}

The document of a task is found by its text's sha256 (the store's key), and each
annotated incident is paired with a stored mention as the scorer pairs them (evidence
overlap, one to one). For each field a reviewer can set, the annotation decides:

- **accept**: the annotation keeps the machine's value;
- **correct**: it gives another value;
- **reject**: it leaves empty a field the machine filled;
- **reject_mention**: no annotated incident overlaps a stored mention.

Each decision is a `mention_overrides` row (by mention key, so it survives
re-extraction: a field's reviewed value, or the mention's status "rejected") and an entry
in the append-only review log naming the task, the annotation and its annotator. A
decision already recorded with the same value is not recorded again, so importing the
same export twice changes nothing. Cases are then relinked: they show the reviewed values
(otkaz.link.corrections). Annotated incidents with no stored mention are counted as
missed (they stay in the gold); figures have no review and are only gold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert

from otkaz.evaluate.compare import present
from otkaz.evaluate.matching import match
from otkaz.labelstudio.tasks import AnnotatedDocument
from otkaz.link.corrections import CORRECTABLE
from otkaz.store.schema import MENTION_REJECTED, MENTION_STATUS, mention_overrides, review_log

if TYPE_CHECKING:
    from otkaz.store import Store, StoredMention

_LISTS = ("personnel", "outcomes", "sources")


@dataclass(frozen=True)
class Decision:
    """One decision about one stored mention (a field's, or the whole mention's)."""

    mention_id: int
    mention_key: str
    case_id: int | None
    action: str  # "accept", "correct", "reject" or "reject_mention"
    field: str  # a report field, or "status" for reject_mention
    before: Any  # the machine's value
    after: Any  # the reviewed value
    note: str


@dataclass
class ImportSummary:
    """What an import did to the store."""

    decisions: list[Decision] = field(default_factory=list)
    documents: int = 0  # annotated documents found in the store
    not_stored: int = 0  # annotated documents the store does not hold
    unchanged: int = 0  # decisions already recorded with the same value
    missed: int = 0  # annotated incidents no stored mention overlaps

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(d.action for d in self.decisions).items()))


def _same(name: str, a: Any, b: Any) -> bool:
    if name in _LISTS:
        return sorted(map(str, a or [])) == sorted(map(str, b or []))
    return bool(a == b)


def field_decisions(mention: StoredMention, gold: dict[str, Any], note: str) -> list[Decision]:
    """The decision on each field of one stored mention that an annotated incident implies."""
    machine = mention.incident.to_dict()
    out = []
    for name in CORRECTABLE:
        before, after = machine.get(name), gold.get(name)
        if not present(before) and not present(after):
            continue
        if present(after) and _same(name, before, after):
            action = "accept"
        elif present(after):
            action = "correct"
        else:
            action, after = "reject", [] if name in _LISTS else None
        out.append(Decision(mention.id, mention.mention_key, mention.case_id, action, name,
                            before, after, note))
    return out


def plan(store: Store, annotated: AnnotatedDocument) -> tuple[list[Decision], int] | None:
    """The decisions one annotated document implies, and how many of its annotated
    incidents no mention overlaps; None when the store does not hold the document."""
    stored = store.document_by_sha(annotated.document.sha256)
    if stored is None:
        return None
    mentions = store.mentions(stored.id)
    golds = list(annotated.gold.get("incidents") or [])
    text = annotated.document.text
    pairs = match(text, [m.incident.to_dict() for m in mentions], golds)
    note = (f"Label Studio task {annotated.task_id}, annotation {annotated.annotation_id}"
            + (f" by {annotated.annotator}" if annotated.annotator else ""))
    decisions: list[Decision] = []
    for i, j in pairs:
        decisions += field_decisions(mentions[i], golds[j], note)
    matched = {i for i, _ in pairs}
    for i, m in enumerate(mentions):
        if i not in matched:
            decisions.append(Decision(m.id, m.mention_key, m.case_id, "reject_mention",
                                      MENTION_STATUS, None, MENTION_REJECTED, note))
    return decisions, len(golds) - len(pairs)


def record_decisions(store: Store, annotated: Iterable[AnnotatedDocument], user: str,
                     relink: bool = True) -> ImportSummary:
    """Record what `annotated` decides about the stored mentions (see the module)."""
    summary = ImportSummary()
    planned: list[Decision] = []
    for doc in annotated:
        found = plan(store, doc)
        if found is None:
            summary.not_stored += 1
            continue
        summary.documents += 1
        planned += found[0]
        summary.missed += found[1]
    existing = {(o.mention_key, o.field): o.value for o in store.mention_overrides()}
    for d in planned:
        if (d.mention_key, d.field) in existing and existing[d.mention_key, d.field] == d.after:
            summary.unchanged += 1
        else:
            summary.decisions.append(d)
    if summary.decisions:
        _write(store, summary.decisions, user)
        if relink:
            from otkaz.link import relink as relink_cases

            relink_cases(store)
    return summary


def _write(store: Store, decisions: list[Decision], user: str) -> None:
    now = datetime.now(UTC)
    # one transaction, as store.documents does for its log entry: all decisions or none
    with store._write() as conn:
        for d in decisions:
            conn.execute(delete(mention_overrides).where(
                mention_overrides.c.mention_key == d.mention_key,
                mention_overrides.c.field == d.field))
            conn.execute(insert(mention_overrides).values(
                mention_key=d.mention_key, field=d.field, value=d.after, user=user, at=now))
            conn.execute(insert(review_log).values(
                at=now, user=user, action=d.action, case_id=d.case_id, field=d.field,
                before=d.before, after=d.after, mention_id=d.mention_id,
                mention_key=d.mention_key, note=d.note))
