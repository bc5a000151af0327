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

A corrected version of a document (same URL, new text) has new keys for every
mention; its old mentions' evidence is first carried into the new text
(`carry_spans`, a word-level diff), then matched the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher


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


_TOKEN = re.compile(r"\S+|\s+")


def carry_spans(old: str, new: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` of text `old` moved to where the same words are in `new` (a corrected version).

        >>> carry_spans("Twelve soldiers refused.", "Fourteen soldiers refused.", [(0, 15)])
        [(0, 17)]

    Words are aligned with difflib; a position inside changed words goes to the start
    of their replacement (an end, to its end), so an edited figure keeps its mention.
    """
    a = [(m.start(), m.group()) for m in _TOKEN.finditer(old)]
    b = [(m.start(), m.group()) for m in _TOKEN.finditer(new)]
    starts = [0] * (len(old) + 1)  # old position -> new position, for a span's start
    ends = [0] * (len(old) + 1)  # old position -> new position, for a span's end
    matcher = SequenceMatcher(None, [t for _, t in a], [t for _, t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                (pa, ta), (pb, _) = a[i1 + k], b[j1 + k]
                for off in range(len(ta) + 1):
                    starts[pa + off] = ends[pa + off] = pb + off
            continue
        begin = b[j1][0] if j1 < len(b) else len(new)
        finish = b[j2 - 1][0] + len(b[j2 - 1][1]) if j2 > j1 else begin
        lo = a[i1][0] if i1 < len(a) else len(old)
        hi = a[i2 - 1][0] + len(a[i2 - 1][1]) if i2 > i1 else lo
        for pos in range(lo, hi + 1):
            starts[pos] = begin if pos < hi else finish
            ends[pos] = finish if pos > lo else begin
    out = []
    for start, end in spans:
        s_, e_ = max(0, min(start, len(old))), max(0, min(end, len(old)))
        out.append((starts[s_], max(starts[s_], ends[e_])))
    return out
