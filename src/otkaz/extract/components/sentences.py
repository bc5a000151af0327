"""`otkaz_newline_sentences`: a newline ends a sentence before the parser sees the text.

    >>> nlp.add_pipe("otkaz_newline_sentences", before="parser")

Headlines and datelines have no final full stop; glued to the next line they
ruin its parse. The parser keeps boundaries that are already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component(
    "otkaz_newline_sentences",
    assigns=["token.is_sent_start"],
)
def newline_sentences(doc: Doc) -> Doc:
    """Mark the first token after every newline as a sentence start."""
    after_newline = False
    for token in doc:
        if token.is_space:
            after_newline = after_newline or "\n" in token.text
            continue
        if after_newline and token.i > 0:
            token.is_sent_start = True
        after_newline = "\n" in token.whitespace_
    return doc
