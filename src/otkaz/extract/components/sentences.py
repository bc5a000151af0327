"""`otkaz_newline_sentences`: a newline ends a sentence before the parser sees the text.

    >>> nlp.add_pipe("otkaz_newline_sentences", before="parser")

Headlines and datelines have no final full stop; glued to the next line they
ruin its parse. The parser keeps boundaries that are already set.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from otkaz.extract.components.cache import doc_text

NEWLINES = re.compile(r"(?:^|\n)\s*")
# "MOSCOW, Oct 14 (Reuters) - ", "IVANOVO - ": a dateline is not the subject of the sentence.
DATELINE = re.compile(r"[A-Z][A-Z'.-]{2,}(?:[ -][A-Z][A-Z'.-]+)*(?:,[^\n]{1,40}?)?\s[-–—]\s")
# Outlet names written with a full stop ("Sibir.Realii", "Caucasus.Realities", "Tochka.Info"):
# the tokenizer would split them, and the parser then ends a sentence in the middle of the name.
_DOTTED = r"[A-Z][a-z]+\.(?:Realii|Realiyi|Realities|Info|Media|News|Ru|RU|Ua|UA|Kz|KZ)"
DOTTED_NAME = re.compile(_DOTTED + r"\Z")
DOTTED_IN_TEXT = re.compile(r"\b" + _DOTTED + r"\b")


def keep_dotted_names(nlp: Language) -> None:
    """Keep "Sibir.Realii" one token (the tokenizer's `token_match`; it runs before infixes)."""
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.token_match = DOTTED_NAME.match


@Language.component(
    "otkaz_newline_sentences",
    assigns=["token.is_sent_start", "token.tag"],
)
def newline_sentences(doc: Doc) -> Doc:
    """Mark the first token after every newline (and after a dateline) as a sentence start."""
    txt = doc_text(doc)
    if not len(doc):
        return doc
    starts = [int(i) for i in doc.to_array("IDX")]
    for m in DOTTED_IN_TEXT.finditer(txt):  # a name, not a plural noun ("realities")
        i = bisect.bisect_left(starts, m.start())
        if i < len(doc) and starts[i] == m.start():
            doc[i].tag_ = "NNP"
    for m in NEWLINES.finditer(txt):
        i = bisect.bisect_left(starts, m.end())
        if i >= len(doc):
            break
        if i > 0:
            doc[i].is_sent_start = True
        dateline = DATELINE.match(txt, starts[i])
        if dateline:
            j = bisect.bisect_left(starts, dateline.end())
            if 0 < j < len(doc):
                doc[j].is_sent_start = True
    return doc
