"""Where an item points in its text, and which predicted item is which gold one.

    >>> text = "60 soldiers refused. Then 12 police officers refused too."
    >>> match(text, [{"evidence": [[21, 57]]}], [{"evidence": ["60 soldiers refused."]},
    ...                                         {"evidence": ["12 police officers refused"]}])
    [(0, 1)]

An item's footprint is the character ranges of its evidence (gold: exact quotes, found
in the text; predictions: `[start, end]` offsets or quotes, plus the ranges of `spans`).
A predicted and a gold item match when their footprints share characters; matching is
one to one, greatest overlap first, as in the reference scorer `score.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from otkaz.errors import EvaluationError

Range = tuple[int, int]

__all__ = ["footprint", "locate", "match", "overlap"]


def locate(text: str, quote: str) -> Range | None:
    """Where `quote` stands in `text` (end exclusive), tolerating differences of white space.

        >>> locate("They  refused\\nto go", "refused to go")
        (6, 20)
    """
    i = text.find(quote)
    if i >= 0:
        return (i, i + len(quote))
    squashed: list[str] = []
    index: list[int] = []
    for j, c in enumerate(text):
        if c.isspace():
            if squashed and squashed[-1] == " ":
                continue
            c = " "
        squashed.append(c)
        index.append(j)
    q = " ".join(quote.split())
    i = "".join(squashed).find(q)
    if i < 0:
        return None
    return (index[i], index[i + len(q) - 1] + 1)


def footprint(text: str, item: dict[str, Any], gold: bool) -> tuple[list[Range], int]:
    """The ranges an item points at, and how many of its pieces point nowhere in `text`."""
    ranges: list[Range] = []
    bad = 0
    pieces = list(item.get("evidence") or [])
    if not gold:
        pieces += list((item.get("spans") or {}).values())
    for ev in pieces:
        r: Range | None
        if isinstance(ev, str):
            r = locate(text, ev)
        elif (isinstance(ev, list | tuple) and len(ev) == 2
              and all(isinstance(x, int) for x in ev) and 0 <= ev[0] < ev[1] <= len(text)):
            r = (ev[0], ev[1])
        else:
            r = None
        if r is None:
            bad += 1
        else:
            ranges.append(r)
    return ranges, bad


def overlap(a: Sequence[Range], b: Sequence[Range]) -> int:
    """Characters two footprints share (a character covered twice counts twice, as in score.py)."""
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)


def match(text: str, preds: Sequence[dict[str, Any]], golds: Sequence[dict[str, Any]],
          doc_id: str | None = None) -> list[tuple[int, int]]:
    """Pairs (prediction index, gold index), one to one, greatest overlap first.

    A gold quote that is not in the text is an EvaluationError (E604): the gold is
    unusable for that document, and saying so beats scoring it as a miss.
    """
    pf = [footprint(text, p, False)[0] for p in preds]
    gf = []
    for g in golds:
        ranges, bad = footprint(text, g, True)
        if bad:
            where = f" of document {doc_id!r}" if doc_id is not None else ""
            raise EvaluationError(f"a gold quote is not in the text{where}: "
                                  f"{g.get('evidence')}", "E604",
                                  "gold evidence must be exact quotes copied from the text")
        gf.append(ranges)
    pairs = sorted(((overlap(pf[i], gf[j]), i, j) for i in range(len(preds))
                    for j in range(len(golds))), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for ov, i, j in pairs:
        if ov <= 0:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out
