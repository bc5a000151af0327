"""Sources named beside a case: a reporting sentence that tells no case of its own goes on
with the case told just before it.

    >>> attach_continuing_sources(ctx, cases, figure_sentences)

"Twelve guardsmen refused to go. ... They were fired, Kommersant reported." or "'They did not
want to kill,' said Oleg Sidorov, their lawyer.": Kommersant and Sidorov vouch for the case,
though the sentence that names them has no refusal in it.
"""

from __future__ import annotations

import re

from otkaz.extract.fold import Case, Context, focus, position
from otkaz.extract.text import entry_date_phrase
from otkaz.lang import phrases

CharSpan = tuple[int, int]

# "a lawyer who is not involved in the case": a commentator, not a source of the case.
_OUTSIDER = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases(
    "en", "attribution", "outsider_phrases")) + r")\b", re.IGNORECASE)


def attach_continuing_sources(ctx: Context, cases: list[Case],
                              figure_sentences: list[CharSpan]) -> None:
    """Named sources of sentences without a trigger or a figure join the case just before."""
    figures = {tuple(s) for s in figure_sentences}
    entries = [p for p in range(len(ctx.paragraph_starts)) if _entry_start(ctx, p)]
    if len(entries) < 2:
        entries = []  # one dateline under the title: an article, not a live blog
    for sent in ctx.book.sentences:
        if sent.scope or sent.confirms or tuple(sent.sent) in figures or ctx.in_title(
                sent.sent[0]):
            continue  # its own case, a figure, or "X confirmed this" (attached already)
        named = [link for link in sent.links if link.name and link.main]
        if not named:
            continue
        near = focus(ctx, cases, sent.sent[0])
        if near is None or _OUTSIDER.search(ctx.slice(sent.sent)):
            continue
        last = max(position(m) for m in near.members if position(m) < sent.sent[0])
        if any(ctx.paragraph(last) < p <= ctx.paragraph(sent.sent[0]) for p in entries):
            continue  # a new entry of a live blog: another story
        near.extra_links.extend(x for x in named if x not in near.extra_links)


def _entry_start(ctx: Context, para: int) -> bool:
    """True where a live-blog entry begins: its header ("14 June, 08:15") or headline."""
    start = ctx.paragraph_starts[para]
    end = ctx.paragraph_starts[para + 1] if para + 1 < len(ctx.paragraph_starts) else len(
        ctx.text)
    return para in ctx.headlines or entry_date_phrase(ctx.text[start:end]) is not None
