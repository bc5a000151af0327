"""Names a sentence offers for later reference, and "X confirmed this information".

    >>> [n["name"] for n in sentence_names(sent)]   # "the Kazan garrison court", "Pavel Chikov"

"The court said" or "he added" later resolve to names said here, even when this sentence
reports nothing itself.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.cache import doc_text
from otkaz.extract.components.places import is_place
from otkaz.extract.components.syntax import char_span, children_by_dep

DESCRIPTORS = lx.OUTLET_WORDS | lx.ORGANISATION_WORDS | lx.PERSON_TITLE_WORDS
Link = dict[str, Any]


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


CONFIRM_VERBS = lx.words("confirm corroborate verify")
CONFIRM_OBJECTS = lx.words("information report reports this it account news claim claims story")


def confirms(sent: Span) -> bool:
    """ "X confirmed this information": the links vouch for what was said just before."""
    return any(t.lemma_.lower() in CONFIRM_VERBS and any(
        _lemma(o) in CONFIRM_OBJECTS or o.lower_ in CONFIRM_OBJECTS
        for o in children_by_dep(t, "dobj")) for t in sent)


def sentence_names(sent: Span) -> list[Link]:
    """Names of people and organisations in a sentence, which "he" or "the court" may take
    up later even when this sentence reports nothing."""
    out: list[Link] = []
    for tok in sent:
        if tok.pos_ == "NOUN" and _lemma(tok) in lx.ORGANISATION_WORDS and tok.dep_ in (
                "nsubj", "nsubjpass", "pobj", "dobj"):
            named = [c for c in tok.subtree if c.i < tok.i and c.dep_ in (
                "compound", "nmod", "amod") and (c.pos_ == "PROPN" or is_place(c))]
            if named:
                span = char_span([t for t in tok.subtree if named[0].i <= t.i <= tok.i])
                if span:
                    out.append({"name": doc_text(sent.doc)[slice(*span)],
                                "kind": "organisation", "span": span})
    for ent in sent.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            out.append({"name": ent.text, "kind": "person",
                        "span": (ent.start_char, ent.end_char)})
        elif ent.label_ == "ORG" and _lemma(ent[-1]) in DESCRIPTORS:
            toks = [t for t in ent if t.lower_ not in ("the",)]
            span = char_span(toks)
            if span:
                out.append({"name": doc_text(sent.doc)[slice(*span)], "kind": "organisation",
                            "span": span})
    return out
