"""`otkaz_outcomes`: what befell a group: fired, held in a basement, sent back, charged ...

    >>> [o["label"] for o in nlp("They were fired and later charged.")._.otkaz_outcomes]
    ['dismissed', 'prosecuted']

Outcomes are found with the patterns of `lexicon.OUTCOME_RULES`; for each, the parse tells
who it befell (`patient`: a pronoun, "most of them", "the men", relatives, a named group,
or a generic plural such as "servicemen who refuse", which is about refuseniks at large).
The document step attaches an outcome to the case that patient refers to.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.cache import sents
from otkaz.extract.components.syntax import char_span, children_by_dep, noun_phrase
from otkaz.lang import word_set

Outcome = dict[str, Any]

if not Doc.has_extension("otkaz_outcomes"):
    Doc.set_extension("otkaz_outcomes", default=None)

FAMILY_WORDS = word_set("en", "outcomes", "family_words")
PARTITIVE_WORDS = word_set("en", "outcomes", "partitive_words")


def _verb_of(tok: Token) -> Token:
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur
        cur = cur.head
    return cur


def patient_kind(tok: Token | None) -> str:
    """How the phrase headed by `tok` refers to people."""
    if tok is None:
        return "none"
    low = tok.lower_
    if low in ("they", "them", "he", "him", "we", "us", "she", "her", "who", "which", "their",
               "his", "our"):
        return "pronoun"
    words = {t.lower_ for t in tok.subtree}
    if low in ("son", "husband") and any(c.dep_ == "poss" for c in tok.children):
        return "pronoun"  # "your son was dismissed": the serviceman, as his family hears it
    if low in FAMILY_WORDS or tok.lemma_.lower() in FAMILY_WORDS:
        return "family"
    if low in PARTITIVE_WORDS or tok.like_num or (words & {"them", "us"}):
        return "partitive"
    dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
    numbered = words & {"dozen", "dozens", "several", "hundreds", "scores"} or any(
        t.like_num for t in tok.subtree)
    if numbered and dets and dets[0] in ("the", "these", "those", "all"):
        return "partitive"  # "the three detained men": some of a group named before
    if numbered:
        return "group"
    dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
    if dets and dets[0] in ("the", "these", "those", "our", "their", "his") and (
            low in lx.GENERIC_ANAPHORS or tok.lemma_.lower() in lx.GENERIC_ANAPHORS):
        return "generic"
    if not dets and tok.tag_ in ("NNS", "NNPS") and any(
            c.dep_ == "relcl" and c.tag_ in ("VBP", "VBZ") for c in tok.children):
        return "general"  # "servicemen who refuse to fight are threatened"
    if not dets and tok.tag_ in ("NNS", "NNPS") and not any(
            c.dep_ == "nummod" for c in tok.children):
        return "general"
    if tok.pos_ == "NOUN" and not (low in lx.PERSON_NOUNS or tok.lemma_.lower() in
                                   lx.PERSON_NOUNS or low in lx.CONDITIONAL_PERSON_NOUNS
                                   or tok.lemma_.lower() in lx.CONDITIONAL_PERSON_NOUNS):
        return "thing"  # "dismissed the reports as fake"
    return "group"


# Nouns of what befell someone: "their dismissal", "his arrest".
EVENT_NOUNS = word_set("en", "outcomes", "event_nouns")
MANNER_NOUNS = word_set("en", "outcomes", "manner_nouns")
CASE_OBJECTS = word_set("en", "outcomes", "case_objects")


SUBJECT_FIRST = ("sued", "fled_abroad", "returned_home")


def patient_of(verb: Token, label: str = "") -> Token | None:
    """Who an outcome befell: "against X", passive subject, object, then subject (subject first
    for what people do themselves: sue, flee, go home)."""
    if label in SUBJECT_FIRST:
        subj = children_by_dep(verb, "nsubj", "nsubjpass")
        if subj:
            return subj[0]
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return patient_of(verb.head, label)
    for p in children_by_dep(verb, "prep"):
        if p.lower_ in ("against",):
            objs = [o for o in children_by_dep(p, "pobj") if o.lower_ not in MANNER_NOUNS]
            if objs:  # not "transferred against their will"
                return objs[0]
    for deps in (("nsubjpass",), ("dobj", "dative")):
        found = [f for f in children_by_dep(verb, *deps) if f.lemma_.lower() not in CASE_OBJECTS
                 and f.ent_type_ not in ("GPE", "LOC", "ORG", "FAC")
                 and f.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ", "DET")]
        if found:
            return found[0]
        for f in children_by_dep(verb, *deps):  # "opened cases ... against seven of them"
            for p in children_by_dep(f, "prep"):
                if p.lower_ == "against":
                    objs = children_by_dep(p, "pobj")
                    if objs:
                        return objs[0]
    for x in children_by_dep(verb, "xcomp"):  # "threatened to shoot them": them
        objs = [o for o in children_by_dep(x, "dobj") if o.pos_ in ("PRON", "NOUN", "PROPN")]
        if objs:
            return objs[0]
    subj = children_by_dep(verb, "nsubj")
    if subj and subj[0].lower_ not in lx.COMMAND_NOUNS and subj[0].lemma_.lower() not in \
            lx.COMMAND_NOUNS:
        return subj[0]
    if verb.dep_ == "conj" and children_by_dep(verb, "auxpass") and verb.head != verb:
        # "the private refused an order and was detained": the subject they share, not the
        # object of the first verb
        shared = children_by_dep(verb.head, "nsubj", "nsubjpass")
        if shared:
            return shared[0]
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
        return patient_of(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    if verb.dep_ in ("relcl", "acl"):
        return verb.head
    return None


def find_outcomes(doc: Doc) -> list[Outcome]:
    """Every outcome phrase in `doc` with the kind of its patient."""
    out: list[Outcome] = []
    for sent in sents(doc):
        text = sent.text
        for label, regex in lx.OUTCOME_RES:
            for m in regex.finditer(text):
                start, end = sent.start_char + m.start(), sent.start_char + m.end()
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                if any(o["label"] == label and o["span"][0] < end and start < o["span"][1]
                       for o in out):
                    continue
                if text.lstrip(' "“').lower().startswith(("if ", "unless ", "whether ")):
                    continue  # "If the dismissed men go to court, ..."
                if span.root.dep_ == "amod":
                    continue  # "the dismissed men": a description, not an event
                verb = _verb_of(span.root)
                owners = [c for t in span if t.lower_ in EVENT_NOUNS for c in t.children
                          if c.dep_ == "poss" and c.pos_ == "PRON"]
                # "their dismissal", "his arrest": the owner is who it befell
                patient = owners[0] if owners else patient_of(verb, label)
                kind = patient_kind(patient)
                if label == "family_pressured":
                    kind = "family"
                phrase = noun_phrase(patient) if patient is not None else []
                pspan = char_span(phrase) if phrase else None
                clause = char_span(verb.subtree) or (start, end)
                top = verb
                while top.dep_ == "conj" and top.head != top:
                    top = top.head  # "men who refuse are threatened ... or fired"
                # about refuseniks at large, in this clause ("men who refuse are jailed"), not
                # in a description of someone else ("the group, which advises men who ...")
                whole = char_span(top.subtree) or clause
                generic = bool(lx.GENERIC_OUTCOME_SUBJECTS.search(
                    doc.text[whole[0]:whole[1]]))
                negated = any(c.dep_ == "neg" for c in verb.children)
                out.append({
                    "label": label, "span": (start, end),
                    "sent": (sent.start_char, sent.end_char),
                    "clause": clause,
                    "patient": kind, "patient_span": pspan,
                    "all": patient is not None and any(
                        t.lower_ in ("all", "both") for t in patient.subtree),
                    "generic": generic or kind == "general", "negated": negated,
                    "object": patient is not None and patient.dep_ in ("dobj", "dative"),
                    "verb": (verb.idx, verb.idx + len(verb.text)),
                })
    return out


@Language.component(
    "otkaz_outcomes",
    requires=["token.dep"],
    assigns=["doc._.otkaz_outcomes"],
)
def outcomes_component(doc: Doc) -> Doc:
    """Store outcome phrases in `doc._.otkaz_outcomes`."""
    doc._.otkaz_outcomes = find_outcomes(doc)
    return doc
