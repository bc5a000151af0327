"""Small text helpers: fold names for comparison, merge spans, find paragraphs' dates.

    >>> same_name("the Luhansk region", "Luhansk Region")
    True
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

CharSpan = tuple[int, int]

_QUOTES = "'’ʼ`‘\"“”«»"


def fold(s: str) -> str:
    """Lower case, no accents, no quotes or hyphens, single spaces, no leading "the"."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    for ch in _QUOTES:
        s = s.replace(ch, "")
    s = " ".join(s.lower().replace("-", " ").split())
    return s[4:] if s.startswith("the ") else s


def same_name(a: str, b: str) -> bool:
    """True when two names are the same place or source, spelled alike."""
    a, b = fold(a), fold(b)
    if not a or not b:
        return False
    return a == b or a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.85


def merge_spans(spans: list[CharSpan]) -> list[CharSpan]:
    """Sorted spans with overlapping ones merged."""
    out: list[CharSpan] = []
    for s, e in sorted(x for x in spans if x and x[1] > x[0]):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


_ENTRY_HEADER = re.compile(
    r"^\s*(?P<date>\d{1,2}\s+[A-Z][a-z]+\.?(?:\s+\d{4})?|[A-Z][a-z]+\.?\s+\d{1,2}"
    r"(?:,?\s+\d{4})?),?\s+(?:[-–—|]\s+)?(?:at\s+)?\d{1,2}[:.]\d{2}\b[^\n]{0,30}$"
)


def entry_date_phrase(paragraph: str) -> str | None:
    """The date of a live-blog entry header ("16 June, 21:05", "Nov. 14, 2024, 9:12 a.m."),
    or None."""
    m = _ENTRY_HEADER.match(paragraph)
    return m.group("date") if m else None


def entry_headlines(text: str, paras: list[CharSpan]) -> frozenset[int]:
    """Paragraphs that are a live-blog entry's headline: a short line with no final stop
    just after an entry header. Like the title, they repeat the entry's story."""
    out: set[int] = set()
    for i in range(1, len(paras)):
        line = text[paras[i][0]:paras[i][1]]
        if len(line) <= 200 and not line.rstrip("\"”’' ").endswith((".", "!", "?")) and \
                entry_date_phrase(text[paras[i - 1][0]:paras[i - 1][1]]):
            out.add(i)
    return frozenset(out)
