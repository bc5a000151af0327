"""Per-Doc caches the components share: the text, the sentences, the sentence of a token.

    >>> doc_text(doc)[:10], sent_of(doc[5]).start

`Doc.text` and `Token.sent` are rebuilt on every access (a join over all tokens, a scan for
the sentence); the components ask for them thousands of times per document. The caches live
in `doc.user_data` and are dropped by `release` at the end of the pipeline.
"""

from __future__ import annotations

import bisect
from typing import cast

from spacy.tokens import Doc, Span, Token

_TEXT, _SENTS, _STARTS = "otkaz.text", "otkaz.sents", "otkaz.sent_starts"


def doc_text(doc: Doc) -> str:
    """The text of `doc`, computed once."""
    cached = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.text
        doc.user_data[_TEXT] = cached
    return cast(str, cached)


def sents(doc: Doc) -> list[Span]:
    """The sentences of `doc`, computed once."""
    cached = doc.user_data.get(_SENTS)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_SENTS] = cached
        doc.user_data[_STARTS] = [s.start for s in cached]
    return cast(list[Span], cached)


def sent_of(tok: Token) -> Span:
    """The sentence `tok` lies in."""
    doc = tok.doc
    spans = sents(doc)
    starts: list[int] = doc.user_data[_STARTS]
    return spans[max(0, bisect.bisect_right(starts, tok.i) - 1)]


def release(doc: Doc) -> None:
    """Drop the caches (they are not meant to travel with the Doc)."""
    for key in (_TEXT, _SENTS, _STARTS, "otkaz_place_tokens", "otkaz.dates"):
        doc.user_data.pop(key, None)
