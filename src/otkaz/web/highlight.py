"""Highlighted text built from character offsets, never from raw HTML.

    >>> str(highlight("60 soldiers <b>refused</b>", [Mark(0, 2, "count")]))
    '<mark data-field="count" data-label="count">60</mark> soldiers &lt;b&gt;refused&lt;/b&gt;'

The text is cut at every mark's start and end; each piece is escaped with
`markupsafe.escape` and wrapped in the marks that cover it (evidence spans as
`<span class="evidence">`, field spans as `<mark data-field=...>`). Marks that
cross each other are split into pieces; the piece that ends a field mark carries
`data-label`, which the stylesheet shows as a small tag. Offsets outside the
text (or inside-out) are dropped, so a bad span can never break the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

EVIDENCE = "evidence"


@dataclass(frozen=True)
class Mark:
    """A highlighted range `[start, end)` of a text, labelled with the field it gave."""

    start: int
    end: int
    field: str  # a report field ("count", "place"...) or EVIDENCE for an evidence passage
    mention: int | None = None  # the mention the span belongs to, for cross-referencing


def _valid(mark: Mark, lo: int, hi: int) -> Mark | None:
    start, end = max(mark.start, lo), min(mark.end, hi)
    if start >= end:
        return None
    return Mark(start, end, mark.field, mark.mention)


def _open_tag(mark: Mark, ends_here: bool) -> str:
    mention = f' data-mention="{int(mark.mention)}"' if mark.mention is not None else ""
    if mark.field == EVIDENCE:
        return f'<span class="evidence"{mention}>'
    field = escape(mark.field)
    label = f' data-label="{field}"' if ends_here else ""
    return f'<mark data-field="{field}"{mention}{label}>'


def _close_tag(mark: Mark) -> str:
    return "</span>" if mark.field == EVIDENCE else "</mark>"


def _nesting_key(mark: Mark) -> tuple[int, int, str]:
    # evidence outermost, then longer spans outside shorter ones, then by name for stability
    return (0 if mark.field == EVIDENCE else 1, -(mark.end - mark.start), mark.field)


def highlight(text: str, marks: Iterable[Mark], window: tuple[int, int] | None = None) -> Markup:
    """`text[window]` escaped, with each mark wrapped around the characters it covers."""
    lo, hi = window if window is not None else (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    if lo >= hi:
        return Markup("")
    kept = [m for m in (_valid(m, lo, hi) for m in marks) if m is not None]
    kept = sorted(set(kept), key=_nesting_key)
    cuts = sorted({lo, hi, *(m.start for m in kept), *(m.end for m in kept)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in kept if m.start <= a and m.end >= b]
        out.extend(_open_tag(m, ends_here=m.end == b) for m in covering)
        out.append(str(escape(text[a:b])))
        out.extend(_close_tag(m) for m in reversed(covering))
    return Markup("".join(out))


def _span(value: Any) -> tuple[int, int] | None:
    """`[start, end]` as stored in JSON, or None when it is not a pair of integers."""
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
        start, end = value
        if isinstance(start, int) and isinstance(end, int):
            return start, end
    return None


def mention_marks(mention_id: int | None, evidence: Any, spans: Any) -> list[Mark]:
    """The marks of one stored mention: its evidence passages and its field spans.

        >>> mention_marks(3, [[0, 20]], {"count": [0, 2]})[1]
        Mark(start=0, end=2, field='count', mention=3)
    """
    marks = [Mark(s[0], s[1], EVIDENCE, mention_id)
             for s in (_span(e) for e in evidence or []) if s is not None]
    if isinstance(spans, dict):
        for field, value in spans.items():
            span = _span(value)
            if span is not None:
                marks.append(Mark(span[0], span[1], str(field), mention_id))
    return marks


def evidence_windows(evidence: Any, text_length: int) -> list[tuple[int, int]]:
    """The evidence passages of a mention as valid `(start, end)` windows, in text order."""
    windows = {(max(0, s[0]), min(text_length, s[1]))
               for s in (_span(e) for e in evidence or []) if s is not None}
    return sorted(w for w in windows if w[0] < w[1])
