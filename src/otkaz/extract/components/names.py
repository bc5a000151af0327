"""Names a sentence offers for later reference, and "X confirmed this information".

    >>> [n["name"] for n in sentence_names(sent)]   # "the Kazan garrison court", "Pavel Chikov"

"The court said" or "he added" later resolve to names said here, even when this sentence
reports nothing itself.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.cache import doc_text, sent_of
from otkaz.extract.components.places import is_place
from otkaz.extract.components.syntax import char_span, children_by_dep
from otkaz.lang import word_set

DESCRIPTORS = lx.OUTLET_WORDS | lx.ORGANISATION_WORDS | lx.PERSON_TITLE_WORDS
Link = dict[str, Any]


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


CONFIRM_VERBS = word_set("en", "names", "confirm_verbs")
CONFIRM_OBJECTS = word_set("en", "names", "confirm_objects")


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


def name_run(head: Token) -> list[Token]:
    """The proper-noun run that ends at `head` ("Eduard Kokoity", "Volga Courier")."""
    run = [head]
    i = head.i - 1
    doc = head.doc
    while i >= 0:
        t = doc[i]
        if t.dep_ == "case" and i > 0 and doc[i - 1].pos_ == "PROPN" and doc[
                i - 1].head.i in {x.i for x in run}:
            run[:0] = [doc[i - 1], t]  # "Sailors' Watch", "Soldier's Mother"
            i -= 2
            continue
        if t.text in ("-", "‑", "/") and not t.whitespace_ and i > 0 and not doc[
                i - 1].whitespace_ and doc[i - 1].pos_ == "PROPN":
            run[:0] = [doc[i - 1], t]  # "OVD-Info", "Radio Free Europe/Radio Liberty": one name
            i -= 2
            continue
        if (t.pos_ == "PROPN" or (t.is_title and not t.is_sent_start and t.dep_ in (
                "compound", "amod", "nmod", "poss") and t.lower_ not in DESCRIPTORS)) and \
                t.head.i in {x.i for x in run} | {head.i}:
            run.insert(0, t)
            i -= 1
            continue
        break
    return run


NAME_LINKS = frozenset({"of", "for", "on", "the", "and"})


def name_tail(last: Token) -> list[Token]:
    """The titled `of`/`for` phrase that finishes a name after `last`: "Centre [for Strategic
    Communications]", "General Staff [of the Armed Forces of Ukraine]"."""
    for prep in last.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "for") or prep.i != last.i + 1:
            continue
        tail = list(prep.subtree)
        if tail[-1].pos_ == "PROPN" and all(
                t.pos_ == "PROPN" or t.lower_ in NAME_LINKS for t in tail):
            return tail
    return []


def following_name(head: Token) -> list[Token]:
    """Capitalised words right after a descriptor: "the group Behind Bars", "the site
    Kostroma Today reported"."""
    doc = head.doc
    out: list[Token] = []
    i = head.i + 1
    while i < sent_of(head).end and (doc[i].is_title or doc[i].pos_ == "PROPN") and (
            doc[i].pos_ not in ("VERB", "AUX") or doc[i].tag_ == "NNP") and not doc[i].is_punct:
        out.append(doc[i])
        i += 1
    while out and i + 1 < len(doc) and doc[i].text in ("'s", "’s") and doc[i + 1].is_title:
        out.extend([doc[i], doc[i + 1]])  # "the group Soldier's Mother"
        i += 2
    if out and i < len(doc) and doc[i].text in ("'s", "’s"):
        return []
    return out


def generic_plural(head: Token) -> bool:
    """ "Garrison military courts", "officials": no one in particular."""
    if head.tag_ not in ("NNS", "NNPS") and not head.lower_.endswith("s"):
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in head.children):
        return False
    return not any(t.pos_ == "PROPN" and not t.is_sent_start for t in head.subtree
                   if t.i <= head.i)


def comma_name(head: Token) -> list[Token]:
    """A name set off by commas right after a title: "the lawyer, Pavel Orlov, said"."""
    doc = head.doc
    i = head.i + 1
    if i >= len(doc) or doc[i].text != ",":
        return []
    run: list[Token] = []
    i += 1
    while i < len(doc) and doc[i].pos_ == "PROPN":
        run.append(doc[i])
        i += 1
    if len(run) >= 2 and i < len(doc) and doc[i].text in (",", ")"):
        return run
    return []
