"""`otkaz_newline_sentences`: a newline ends a sentence before the parser sees the text.

    >>> nlp.add_pipe("otkaz_newline_sentences", before="parser")

Headlines and datelines have no final full stop; glued to the next line they
ruin its parse. The parser keeps boundaries that are already set.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc


# "MOSCOW, Oct 14 (Reuters) - ", "IVANOVO - ": a dateline is not the subject of the sentence.
DATELINE = re.compile(r"[A-Z][A-Z'.-]{2,}(?:[ -][A-Z][A-Z'.-]+)*(?:,[^\n]{1,40}?)?\s[-–—]\s")


@Language.component(
    "otkaz_newline_sentences",
    assigns=["token.is_sent_start"],
)
def newline_sentences(doc: Doc) -> Doc:
    """Mark the first token after every newline as a sentence start."""
    after_newline = True
    dateline_ends: set[int] = set()
    for token in doc:
        if token.is_space:
            after_newline = after_newline or "\n" in token.text
            continue
        if after_newline:
            if token.i > 0:
                token.is_sent_start = True
            m = DATELINE.match(doc.text, token.idx)
            if m:
                dateline_ends.add(m.end())
        elif token.idx in dateline_ends:
            token.is_sent_start = True
        after_newline = "\n" in token.whitespace_
    return doc
