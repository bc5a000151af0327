"""Which new mention continues an old one when a document is extracted again.

    >>> old = [MentionSpan("doc:120:refusal", "refusal", [(120, 200)])]
    >>> new = [MentionSpan("doc:96:refusal", "refusal", [(96, 200)])]
    >>> successors(old, new)
    {'doc:120:refusal': 'doc:96:refusal'}

A mention's key holds where its evidence starts (schema.mention_key), so a
newer extractor that reads one more clause of the same sentence gives the same
mention a new key. Reviewers' decisions are stored by key, so without this
they would stay behind under the old one. An old mention whose key is gone is
continued by the new mention of the same type whose evidence overlaps its own
the most; each new mention continues at most one old one, and a key that is
still there continues itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MentionSpan:
    """A mention as far as re-keying cares: its key, type and evidence spans."""

    key: str
    type: str
    evidence: Sequence[tuple[int, int]]


def overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Characters that the two sets of spans share.

        >>> overlap([(0, 10), (20, 30)], [(5, 25)])
        10
    """
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def successors(old: Sequence[MentionSpan], new: Sequence[MentionSpan]) -> dict[str, str]:
    """Old key -> the new key that continues it, for old keys that are gone (see module)."""
    new_keys = {m.key for m in new}
    orphans = [m for m in old if m.key not in new_keys]
    free = [m for m in new if m.key not in {o.key for o in old}]
    candidates = sorted(
        ((-overlap(o.evidence, n.evidence), o.key, n.key)
         for o in orphans for n in free if o.type == n.type),
    )
    found: dict[str, str] = {}
    taken: set[str] = set()
    for negative, old_key, new_key in candidates:  # the largest overlap first
        if negative == 0:
            break
        if old_key in found or new_key in taken:
            continue
        found[old_key] = new_key
        taken.add(new_key)
    return found
