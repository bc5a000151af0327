"""A cheap lexical scan that picks the paragraphs worth parsing.

    >>> candidate_blocks("Weather.\\n\\nTen soldiers refused to go.\\nThey were fired.")
    [(10, 51)]

A paragraph is one non-empty line. A paragraph that names a trigger (refuse,
desert, AWOL, "Article 337", ...; or a weaker one such as "returned home" beside a
military word) is a candidate, and so are its neighbours, which often hold the
actor or the attribution. The title (the first line) is left out: it repeats the story. Neighbouring
candidates are merged into blocks: one block is parsed as one spaCy Doc, so
"They" in one paragraph can still find the group named in the one before.
Offsets are character offsets into the text, end exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from otkaz.lang import alternation, alternatives

Span = tuple[int, int]

# Words and phrases that on their own make a paragraph a candidate, and those that make one
# only beside a military word (lang/en/prefilter.toml says why).
STRONG_PATTERNS: tuple[str, ...] = alternatives("en", "prefilter", "strong")
WEAK_PATTERNS: tuple[str, ...] = alternatives("en", "prefilter", "weak")
MILITARY_PATTERN = rf"\b(?:{alternation('en', 'prefilter', 'military')})s?\b"
STRONG_RE = re.compile("|".join(f"(?:{p})" for p in STRONG_PATTERNS), re.IGNORECASE)
WEAK_RE = re.compile("|".join(f"(?:{p})" for p in WEAK_PATTERNS), re.IGNORECASE)
MILITARY_RE = re.compile(MILITARY_PATTERN, re.IGNORECASE)
TRIGGER_RE = re.compile("|".join(f"(?:{p})" for p in STRONG_PATTERNS + WEAK_PATTERNS),
                        re.IGNORECASE)

_LINE_RE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[Span]:
    """The non-blank lines of `text` as (start, end) offsets, surrounding white space trimmed."""
    out: list[Span] = []
    for m in _LINE_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


MAX_BLOCK = 20_000  # characters; longer runs of candidate paragraphs are parsed in pieces


def has_title(text: str, paras: list[Span] | None = None) -> bool:
    """True when the first line reads as a title: short, more lines follow, no final stop."""
    paras = paragraphs(text) if paras is None else paras
    if len(paras) < 2:
        return False
    first = text[paras[0][0]:paras[0][1]]
    return len(first) <= 200 and not first.rstrip("\"”’' ").endswith((".", "!", "?"))


@dataclass(frozen=True)
class Layout:
    """Where a document's title, lead and paragraphs are.

        >>> Layout.of("Soldiers refuse\nSupport us!\n"
        ...           "Twelve soldiers from Omsk refused to go to the front, a lawyer told us.")
        Layout(title=(0, 15), starts=[0, 16, 28], length=99, lead_end=99)

    The lead is the first paragraph of prose after the title: pages put a repeated
    headline, captions, bylines and appeals ("Support us!") between the two.
    """

    title: Span | None
    starts: list[int]
    length: int
    lead_end: int

    @classmethod
    def of(cls, text: str) -> Layout:
        paras = paragraphs(text) or [(0, len(text))]
        title = paras[0] if has_title(text, paras) else None
        body = paras[1:] if title is not None else paras
        lead_end = next((e for s, e in body if _is_prose(text[s:e])), body[0][1] if body
                        else len(text))
        return cls(title, [s for s, _ in paras], len(text), lead_end)

    def paragraph_index(self, offset: int) -> int:
        return sum(1 for s in self.starts if s <= offset) - 1


_PROSE_WORDS = 12  # a caption or byline is shorter; a lead sentence is rarely shorter


def _is_prose(paragraph: str) -> bool:
    return (len(paragraph.split()) >= _PROSE_WORDS
            and paragraph.rstrip("\"”’' )").endswith((".", "!", "?", ":")))


def is_candidate(paragraph: str) -> bool:
    """True when a paragraph names a trigger, or a weak one beside a military word."""
    if STRONG_RE.search(paragraph):
        return True
    return WEAK_RE.search(paragraph) is not None and MILITARY_RE.search(paragraph) is not None


def candidate_blocks(text: str, window: int = 2, lead: int = 1) -> list[Span]:
    """Spans of text to parse: candidate paragraphs with `window` neighbours, merged.

    When anything is a candidate, the `lead` paragraphs after the title are kept too (they
    name the outlet or organisation speaking, or the person interviewed).
    """
    paras = paragraphs(text)
    hits = [i for i, (s, e) in enumerate(paras) if is_candidate(text[s:e])]
    if not hits:
        return []
    first = 1 if has_title(text, paras) else 0
    keep = set(range(first, min(first + lead, len(paras))))
    for i in hits:
        keep.update(range(max(0, i - window), min(len(paras), i + window + 1)))
    if has_title(text, paras):
        keep.discard(0)  # the title repeats the story; the document step ignores it
    blocks: list[Span] = []
    previous = -2
    for i in sorted(keep):
        start, end = paras[i]
        if i == previous + 1 and blocks and end - blocks[-1][0] <= MAX_BLOCK:
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
        previous = i
    return blocks
