"""`otkaz_triggers`: words that report a refusal or a desertion, with polarity and modality.

    >>> [t["status"] for t in nlp("No soldier refused. Ten soldiers refused.")._.otkaz_triggers]
    ['negated', 'ok']

Each trigger is a dict: token index `i`, `type` (refusal/desertion), `weak` (it can only add
to a case named elsewhere: "their refusal", "they said no"), `status` and `reason`.
Status is "ok", or why it is not an incident: "negated" ("no soldier refused"), "denied"
("the ministry denied that anyone refused"), "hypothetical" ("may refuse if ..."),
"general" ("servicemen who refuse are punished"), "other" ("refused to return the body").
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.actors import charged_patient, found_guilty
from otkaz.extract.components.cache import doc_text, sent_of
from otkaz.extract.components.syntax import (
    WRITTEN_NOUNS,
    children_by_dep,
    is_military_group,
    is_negated,
    quoted,
    relcl_head,
    subject_of,
)
from otkaz.lang import word_set
from otkaz.normalize.counts import parse_count

Trigger = dict[str, Any]

if not Doc.has_extension("otkaz_triggers"):
    Doc.set_extension("otkaz_triggers", default=None)


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _xcomp(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    return None


def _objects(tok: Token) -> list[Token]:
    return children_by_dep(tok, "dobj", "obj", "attr", "oprd")


def _clause_text_after(tok: Token) -> str:
    sent = sent_of(tok)
    return doc_text(sent.doc)[tok.idx:sent.end_char].lower()


# People who are not servicemen ("draft dodgers"): with them, fleeing abroad is no desertion.
_CIVILIAN_NOUNS = word_set("en", "figures", "civilian_nouns")


def _civilian_subject(tok: Token) -> bool:
    return any(t.lower_ in _CIVILIAN_NOUNS for c in tok.children
               if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree)


def _needs_met(tok: Token, need: str) -> bool:
    if "|" in need:  # alternatives: "flee" from a post, or to avoid fighting
        return any(_needs_met(tok, one) for one in need.split("|"))
    if "&" in need:  # "crossed into Georgia to avoid being sent back": abroad, and why
        return all(_needs_met(tok, one) for one in need.split("&"))
    lemma = _lemma(tok)
    kids = list(tok.children)
    if need == "":
        return True
    if need == "deploy":
        x = _xcomp(tok)
        if x is None and not _objects(tok) and _ordered_nearby(tok):
            return True  # "when their commander ordered them to advance, they declined"
        return x is not None and _lemma(x) in lx.DEPLOY_VERBS
    if need == "rather":
        after = _clause_text_after(tok)[:80]
        return any(cue in after for cue in lx.RATHER_CUES)
    if need == "order":
        return any(_lemma(o) in ("order", "command", "instruction") for o in _objects(tok))
    if need == "border":  # "escaped by crossing the border", "fled across the border"
        return any(t.lemma_.lower() in ("border", "frontier") for t in tok.subtree
                   if t.i > tok.i)
    if need == "abroad":  # "fled to Kazakhstan", "escaped into Georgia"
        if _civilian_subject(tok):
            return False  # "deserters and draft dodgers fled to Kazakhstan": not all servicemen
        return any(re.match(lx.FOREIGN_COUNTRIES, doc_text(tok.doc)[o.left_edge.idx:o.idx + len(
            o.text)], re.IGNORECASE) for p in children_by_dep(tok, "prep")
            if p.lower_ in ("to", "into") for o in children_by_dep(p, "pobj"))
    if need == "country":  # "fled the country", "fled Russia": a serviceman leaving Russia
        return not _civilian_subject(tok) and any(
            _lemma(o) in ("country", "homeland") or o.text == "Russia" for o in _objects(tok))
    if need == "army":  # "fled the Russian army", "escaped from the military"
        return not _civilian_subject(tok) and any(
            _lemma(o) in lx.FLED_ARMIES for o in _objects(tok) + [
                g for p in children_by_dep(tok, "prep") if p.lower_ == "from"
                for g in children_by_dep(p, "pobj")])
    if need == "away":
        return any(c.lower_ in lx.AWAY_PARTICLES and c.dep_ in ("prt", "advmod", "prep")
                   for c in kids)
    if need == "post":
        objs = _objects(tok) + [g for p in children_by_dep(tok, "prep") if p.lower_ == "from"
                                for g in children_by_dep(p, "pobj")]
        # "fled with their weapons from the combat zone": the parser hangs the "from" phrase
        # on the noun before it; any "from" within the verb's own phrases counts
        objs += [g for t in tok.subtree if t.dep_ == "prep" and t.lower_ == "from"
                 and t.head != tok and t.head.pos_ in ("NOUN", "PROPN") and t.head.head == tok
                 or (t.head.dep_ == "pobj" and t.head.head.head == tok and t.lower_ == "from")
                 for g in children_by_dep(t, "pobj")]
        if any(_lemma(o) in lx.POST_NOUNS or o.lower_ in lx.POST_NOUNS for o in objs):
            return True
        text = _clause_text_after(tok)[:60]
        return "without permission" in text or "without leave" in text or "awol" in text
    if need == "home":
        if lx.LAWFUL_RETURN.search(_clause_text_after(tok)[:80]):
            return False  # "returned home after their contracts expired": service over
        home = any(c.lower_ == "home" for c in kids)
        if lemma == "return":
            if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in kids):
                return False  # "were returned": something done to them
            if home:
                return True
            dests = [g for p in children_by_dep(tok, "prep") if p.lower_ in ("to", "towards")
                     for g in children_by_dep(p, "pobj")]
            return any(_lemma(d) in ("republic", "region", "city", "town", "village", "home",
                                     "homes", "capital", "homeland", "family", "families")
                       or d.ent_type_ in ("GPE", "LOC") for d in dests)
        text = _clause_text_after(tok)[:70]
        own = any(cue in text for cue in ("on their own", "on his own", "on her own",
                                          "without permission", "without leave",
                                          "of their own accord", "awol"))
        return (home or "home" in text[:20]) and own
    if need == "way":
        return any(_lemma(o) == "way" for o in _objects(tok)) and any(
            c.lower_ in ("back", "home") for o in _objects(tok) for c in o.head.children)
    return False


ORDER_VERBS = word_set("en", "triggers", "order_verbs")


def _ordered_nearby(tok: Token) -> bool:
    """True when the sentence orders someone to go or fight ("ordered them to cross")."""
    for t in sent_of(tok):
        if _lemma(t) in ORDER_VERBS and t.i != tok.i:
            x = _xcomp(t)
            if x is not None and _lemma(x) in lx.DEPLOY_VERBS:
                return True
    return False


def _unsaid(tok: Token) -> bool:
    """ "None of the men said they had refused": reported by a speaker who says it did not
    happen."""
    first = next((t for t in sent_of(tok) if not t.is_punct), None)
    for anc in tok.ancestors:
        if _lemma(anc) in lx.REPORT_VERBS and (_negative_subject(subject_of(anc)) or (
                first is not None and first.lower_ in lx.NEGATIVE_SUBJECTS and first.i < anc.i)
                or is_negated(anc)):
            return True  # also "the men did not say they had refused any orders"
        if anc.dep_ == "ROOT":
            break
    return False


LEAVE_NOUNS = word_set("en", "triggers", "leave_nouns")


def _no_return(tok: Token) -> bool:
    """ "did not return to their unit after leave", "failed to return from leave": AWOL."""
    if tok.pos_ != "VERB":
        return False
    back = _lemma(tok) == "return" or any(c.lower_ == "back" for c in tok.children)
    # "failed to return", and "decided not to return": a choice told of what was done
    failed = tok.dep_ == "xcomp" and _lemma(tok.head) in ("fail", "neglect", "decide", "choose")
    if not back or not (failed or any(c.dep_ == "neg" or c.lower_ == "never"
                                      for c in tok.children)):
        return False
    targets = [o for p in children_by_dep(tok, "prep") for o in children_by_dep(p, "pobj")]
    if any(_lemma(o) in LEAVE_NOUNS or (_lemma(o) in lx.POST_NOUNS and o.i > tok.i)
           for o in targets):
        return True
    # "went home on leave and never went back": the leave was told just before
    return not targets and tok.dep_ == "conj" and any(
        _lemma(t) in LEAVE_NOUNS for t in tok.head.subtree if t.i < tok.i)


def _bare(noun: Token) -> bool:
    """True for a bare plural ("servicemen", "Russian military personnel"): no determiner."""
    dets = [c for c in noun.children if c.dep_ in ("det", "nummod", "poss", "quantmod")]
    plural = noun.tag_ in ("NNS", "NNPS") or noun.lower_.endswith(("s", "men", "personnel"))
    return not dets and plural


HABITUAL = word_set("en", "triggers", "habitual")


TREND_WORDS = word_set("en", "triggers", "trend_words")


def _in_numbers(tok: Token) -> bool:
    """ "are deserting their posts in increasing numbers": a trend, not one occasion."""
    return any(p.dep_ == "prep" and p.lower_ == "in" and any(
        o.lower_ == "numbers" and any(a.lower_ in TREND_WORDS for a in o.children)
        for o in p.children) for p in tok.subtree if p.head == tok or p.head.head == tok)


def _restricted(subject: Token) -> bool:
    """A group picked out by where it is from or what happened to it: "men from Tatarstan",
    "soldiers of the 64th brigade", "the men, who were mobilised last autumn"."""
    for c in subject.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "of") and any(
                t.pos_ == "PROPN" or t.like_num for t in c.subtree):
            return True
        if c.dep_ == "relcl" and (c.tag_ == "VBD" or any(
                a.dep_ in ("auxpass", "aux") and a.tag_ == "VBD" for a in c.children)):
            return True  # a past told of them, not "who have opted" (whoever does)
    return False


def _is_generic(tok: Token, subject: Token | None) -> bool:
    """A statement about refuseniks at large: present tense with a bare plural or "those"."""
    if (any(c.lower_ in HABITUAL for c in tok.children) or _in_numbers(tok)) and (
            subject is None or _bare(subject)):
        return True  # "Russian troops are increasingly deserting", "... in growing numbers"
    if tok.tag_ == "VBG" and tok.dep_ == "csubj" and subject is not None and _bare(subject):
        return True  # "Russian soldiers refusing to fight is a growing problem"
    if tok.tag_ == "VBG" and tok.dep_ == "acl" and _bare(relcl_head(tok.head)) and \
            not (tok.head.lemma_.lower() in WRITTEN_NOUNS and tok.head.dep_ in ("dobj", "obj")):
        return True  # "reports of soldiers refusing to fight", not "wrote letters refusing"
    if subject is not None and (subject.lower_ in ("anyone", "anybody", "whoever") or any(
            c.dep_ == "det" and c.lower_ in ("any", "every") for c in subject.children)):
        return True  # "any soldier who refused to fight would be punished", in any tense
    if tok.tag_ not in ("VBP", "VBZ", "VB"):
        return False
    if any(c.dep_ == "aux" and c.lower_ in ("have", "has", "are", "is", "am", "'ve", "'re")
           for c in tok.children):
        return False  # perfect or progressive: a report of something that happened
    if subject is None:
        return tok.dep_ in ("relcl", "acl")
    if subject.lower_ in ("we", "i", "they", "he", "she"):
        return False
    if subject.ent_type_ == "PERSON" and subject.tag_ == "NNP":
        return False  # "Mobilised soldier Dmitry Kuznetsov refuses to return": one man, named
    if subject.lower_ in lx.GENERIC_MARKERS:
        return True
    dets = [c for c in subject.children if c.dep_ in ("det", "nummod", "poss", "quantmod")]
    if any(d.dep_ == "nummod" or d.like_num for d in dets):
        return False
    if any(d.lower_ in lx.GENERIC_MARKERS or d.lower_ in ("a", "an") for d in dets):
        return True
    # present simple about a group: a general claim or a headline, unless the subject
    # picks the men out ("men from Tatarstan refuse to return, their relatives say")
    return not _restricted(subject)


def _negative_subject(subject: Token | None) -> bool:
    if subject is None:
        return False
    if subject.lower_ in lx.NEGATIVE_SUBJECTS:
        return True
    first = [t.lower_ for t in subject.subtree if not t.is_punct][:3]
    if first[:1] and first[0] in ("no", "none", "neither", "nobody"):
        return True
    if first[:2] in (["not", "a"], ["not", "one"], ["not", "single"]):
        return True
    return subject.lower_ in ("anyone", "anybody", "any")


def _modal(tok: Token) -> bool:
    cur: Token | None = tok
    for _ in range(3):
        if cur is None:
            break
        for c in cur.children:
            if c.dep_ == "aux" and (c.lower_ in lx.MODAL_VERBS or c.lemma_ in lx.MODAL_VERBS):
                return True
            if c.dep_ == "aux" and c.lower_ == "going" and cur.tag_ == "VB":
                return True
        if cur.dep_ in ("xcomp", "conj") and cur.head != cur:
            cur = cur.head
        else:
            break
    return False


def _conditional(tok: Token) -> bool:
    for anc in [tok, *tok.ancestors]:
        for c in anc.children:
            if c.dep_ in ("mark", "advmod") and c.lower_ in lx.CONDITIONAL_MARKS:
                return True
        if anc.dep_ in ("ROOT",):
            break
    return False


def _hypothetical_head(tok: Token) -> bool:
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "pcomp", "pobj", "prep", "acomp"):
            return False
        cur = cur.head
        if _lemma(cur) in lx.HYPOTHETICAL_HEADS:
            return True
    return False


# What a court rejects: "a lawsuit by 115 guardsmen who had refused ... was rejected".
REQUEST_NOUNS = word_set("en", "triggers", "request_nouns")


def _denied(tok: Token) -> bool:
    for a in tok.ancestors:
        if _lemma(a) in REQUEST_NOUNS:
            return False  # the request was rejected, not the refusal denied
        if _lemma(a) in lx.RUMOUR_NOUNS:
            return True
        if any(p.lower_ == "as" and any(_lemma(o) in lx.RUMOUR_NOUNS for o in p.children)
               for p in children_by_dep(a, "prep")):
            return True  # "dismissed as rumours the claims that the regiment refused"
        if _lemma(a) in lx.DENIAL_HEADS:
            return not _named_report(a)
    return False


def _named_report(denial: Token) -> bool:
    """ "denied a report by the Astra channel that ...": a named source reports it, so it
    stays a report (FORMAT.md: a denied report is still an incident)."""
    for obj in children_by_dep(denial, "dobj"):
        if _lemma(obj) in ("report", "reports", "claim", "claims", "information") and any(
                t.pos_ == "PROPN" and t.i < obj.i + 8 for t in obj.subtree if t.i > obj.i
                or t.dep_ == "poss"):
            return True
    return False


_CLAUSE_DEPS = frozenset({"advcl", "prep", "advmod", "npadvmod", "conj", "cc", "mark", "punct"})


def _object_words(verb: Token) -> list[Token]:
    """The words of `verb`'s objects, not of its adverbial clauses: "refused to return to their
    unit after their leave ended" returns no leave."""
    return [o for c in verb.children if c.dep_ not in _CLAUSE_DEPS for o in c.subtree
            if o.dep_ in ("dobj", "compound", "dative", "nsubj")]


def _other_object(tok: Token) -> bool:
    """True when the refusal is of something other than going or fighting."""
    x = _xcomp(tok)
    if x is not None:
        lem = _lemma(x)
        objs = _objects(x)
        if lem in ("return", "send", "take", "hand", "bring", "give") and any(
                _lemma(o) in lx.OTHER_OBJECTS or o.lower_ in lx.OTHER_OBJECTS
                or _lemma(o) in ("body", "bodies", "remains", "son", "him", "her")
                for o in _object_words(x)):
            return True
        if lem in lx.OTHER_VERBS:
            return True
        if any(_lemma(o) in lx.OTHER_OBJECTS for o in objs) and lem not in lx.DEPLOY_VERBS:
            return True
    return any(_lemma(o) in lx.OTHER_OBJECTS or o.lower_ in lx.OTHER_OBJECTS
               for o in _objects(tok))


def _retreat(tok: Token, subject: Token | None) -> bool:
    """ "Russian troops left their positions on the west bank": an army withdrawing."""
    if subject is None or _lemma(tok) not in ("abandon", "leave", "flee", "withdraw"):
        return False
    head = subject.lower_
    counted = any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in subject.subtree)
    own = any(t.lower_ in ("permission", "awol", "deserted", "own") for t in tok.subtree)
    return head in lx.ARMY_COLLECTIVES and not counted and not own


def classify(tok: Token, word: lx.TriggerWord) -> tuple[str, str]:
    """(status, reason) of one trigger token."""
    subject = subject_of(tok)
    if sent_of(tok).text.rstrip().rstrip('"”’\'').endswith("?"):
        return "hypothetical", "question"
    if is_negated(tok) or _negative_subject(subject) or _unsaid(tok):
        return "negated", "negation"
    if tok.dep_ in ("xcomp", "conj") and is_negated(tok.head) and _lemma(tok.head) not in (
            "say", "tell"):
        return "negated", "negated head"
    if _denied(tok):
        return "denied", "denial"
    if _modal(tok) or _conditional(tok) or _hypothetical_head(tok):
        return "hypothetical", "modal or conditional"
    if word.type == "refusal" and _other_object(tok):
        return "other", "refusal of something else"
    if word.type == "desertion" and _retreat(tok, subject):
        return "other", "a retreat, not a desertion"
    if _is_generic(tok, subject):
        return "general", "generic statement"
    return "ok", ""


def _declared_refusal(tok: Token) -> bool:
    """ "would not advance", "we are not going", "will not walk into the minefield"."""
    if _lemma(tok) not in lx.DECLARED_REFUSAL_VERBS or not is_negated(tok):
        return False
    x = _xcomp(tok)
    if x is not None and x.i > tok.i:
        return False  # "they were not going to have exercises": a future, not a refusal
    return any(c.dep_ == "aux" and c.lower_ in ("would", "will", "wo", "are", "were", "'re")
               for c in tok.children)


def _said_no(tok: Token) -> bool:
    return _lemma(tok) == "say" and any(c.lower_ == "no" and c.i == tok.i + 1
                                        for c in tok.children)


def _inside_other_trigger(tok: Token) -> bool:
    cur = tok
    while cur.dep_ in ("xcomp", "conj", "ccomp") and cur.head != cur:
        if cur.dep_ == "xcomp" and _lemma(cur.head) in lx.TRIGGER_VERBS:
            return True
        cur = cur.head
    return False


def _rather_than(tok: Token) -> Token | None:
    """ "asked to be discharged rather than be sent to the front": the verb of the group that
    chose not to go, or None."""
    doc = tok.doc
    if tok.lower_ not in ("rather", "instead") or tok.i + 1 >= len(doc) or \
            doc[tok.i + 1].lower_ not in ("than", "of"):
        return None
    after = [t for t in doc[tok.i + 2:min(len(doc), tok.i + 6)] if t.pos_ in ("VERB", "AUX")]
    go = next((t for t in after if t.lemma_.lower() != "be"), None)
    if go is None or _lemma(go) not in lx.DEPLOY_VERBS:
        return None
    first = tok.head if tok.head.pos_ in ("VERB", "AUX") else (
        tok.head.head if tok.head.head.pos_ in ("VERB", "AUX") else None)
    if first is None:
        return None
    for cand in [first, *first.ancestors]:
        if cand.pos_ not in ("VERB", "AUX"):
            continue
        subj = subject_of(cand)
        if subj is not None and is_military_group(list(subj.subtree)):
            return cand
    return first


def _group_declares(tok: Token) -> bool:
    """ "30 mobilised men said they would not go to the front": the group itself declares,
    in reported speech, not in a quotation, or a counted group is told of ("twenty marines
    would not go into battle"); the declaration stands on its own."""
    own = subject_of(tok)
    if own is not None and not quoted(tok) and not _conditional(tok) and not any(
            t.lower_ in lx.CONDITIONAL_MARKS for t in sent_of(tok) if t.i < tok.i) and \
            is_military_group(list(own.subtree)) and any(t.like_num for t in own.subtree):
        return True  # "Twenty marines would not go into battle, their wives said": a counted
        # group, told of
    head = tok.head
    if tok.dep_ != "ccomp" or _lemma(head) not in ("say", "declare", "announce", "write", "state",
                                                   "tell", "insist", "vow"):
        return False
    subj = subject_of(head)
    return subj is not None and is_military_group(list(subj.subtree)) and not quoted(tok)


def _few(number: Token) -> bool:
    """A count small enough to be one group ("two", "12"), not a tally ("1,500", "hundreds")."""
    count = parse_count(number.text)
    return count is not None and count.high is not None and count.high < 1000 and not any(
        c.dep_ == "quantmod" for c in number.children)


def _named_deserter(tok: Token) -> bool:
    """ "A deserter from the 1st Tank Army was detained": one person, not deserters at large,
    and not a label ("written off as deserters", "call him a deserter")."""
    if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "appos"):
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in ("as", "like"):
        return False
    if tok.tag_ == "NNS":  # "two deserters from Tver were sentenced": a counted few, not
        # a tally ("more than 100 deserters") or a group told before ("the remaining seven")
        return any(c.dep_ == "nummod" and _few(c) for c in tok.children) and not any(
            c.dep_ == "det" or c.lower_ in ("remaining", "other") for c in tok.children)
    dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "poss")]
    has_origin = any(c.dep_ == "prep" and c.lower_ in ("from", "of") for c in tok.children)
    return bool(dets) and dets[0] in ("a", "the", "one", "another") and has_origin


def _written_refusal(tok: Token) -> bool:
    """ "100 mobilised men wrote refusal reports", "filed refusal statements": the document
    of a refusal, written by its subject (not "a refusal letter was leaked")."""
    doc_noun = tok.head
    return (tok.lower_ == "refusal" and tok.dep_ in ("compound", "amod")
            and _lemma(doc_noun) in WRITTEN_NOUNS and doc_noun.dep_ in ("dobj", "obj")
            and doc_noun.head.pos_ == "VERB"
            and any(c.dep_ == "nsubj" for c in doc_noun.head.children))


def find_triggers(doc: Doc) -> list[Trigger]:
    """Every trigger token of `doc` with its type, weakness, status and reason."""
    found: list[Trigger] = []  # the parse was repaired before (components/repairs.py)
    for tok in doc:
        chosen = _rather_than(tok)
        if chosen is not None and not any(f["i"] == chosen.i for f in found) and \
                _lemma(chosen) not in lx.TRIGGER_VERBS:
            status, reason = classify(chosen, lx.TriggerWord("refusal"))
            found.append({"i": chosen.i, "type": "refusal", "weak": False, "status": status,
                          "reason": reason or "rather than"})
        if _written_refusal(tok):  # "wrote refusal reports": the writing is the refusal
            writing = tok.head.head
            status, reason = classify(writing, lx.TriggerWord("refusal"))
            found.append({"i": writing.i, "type": "refusal", "weak": False, "status": status,
                          "reason": reason or "written refusal"})
            continue
        lemma = _lemma(tok)
        if lemma in ("return", "go", "come") and _no_return(tok):
            status = "hypothetical" if _modal(tok) or _conditional(tok) else "ok"
            found.append({"i": tok.i, "type": "desertion", "weak": False, "status": status,
                          "reason": "did not return"})
            continue
        word: lx.TriggerWord | None = None
        if tok.pos_ in ("VERB", "AUX") or (lemma in ("refuse", "desert") and tok.pos_ != "NOUN"):
            word = lx.TRIGGER_VERBS.get(lemma)
            if word is not None and not _needs_met(tok, word.needs):
                word = None
            # "said they would not return to Ukraine": a weak "return" declared negated is
            # a refusal, not a desertion that did not happen
            if (word is None or word.weak and not any(c.lower_ == "home" for c in tok.children)
                    ) and (_declared_refusal(tok) or _said_no(tok)):
                found.append({"i": tok.i, "type": "refusal", "weak": not _group_declares(tok),
                              "status": "ok", "reason": "declared"})
                continue
        elif tok.pos_ in ("NOUN", "PROPN"):
            word = lx.TRIGGER_NOUNS.get(lemma) or lx.TRIGGER_NOUNS.get(tok.lower_)
            if lemma in lx.PERSON_TRIGGER_NOUNS and _named_deserter(tok):
                found.append({"i": tok.i, "type": lx.PERSON_TRIGGER_NOUNS[lemma], "weak": False,
                              "status": "ok", "reason": "person noun"})
                continue
        if tok.lower_ == "awol":
            word = lx.TriggerWord("desertion")
        if lemma == "article":  # "charged under Article 337": with whom it was charged
            number = next((c.text for c in tok.children if c.dep_ == "nummod"), "")
            word = (lx.TriggerWord(lx.ARTICLE_TRIGGERS[number], weak=True)
                    if number in lx.ARTICLE_TRIGGERS else None)
        if word is None:
            continue
        if tok.pos_ in ("NOUN", "PROPN") and (tok.dep_ == "compound" or (
                tok.tag_ == "NNS" and not children_by_dep(tok, "poss"))):
            continue  # "desertion charges", "the refusals": not one case
        if _inside_other_trigger(tok):
            continue  # "refused to leave": the refusal is the trigger
        if tok.pos_ in ("NOUN", "PROPN") and word.weak and (
                charged_patient(tok) or found_guilty(tok)) is not None:
            found.append({"i": tok.i, "type": word.type, "weak": False, "status": "ok",
                          "reason": "taken in for it"})  # "detained a soldier for desertion"
            continue
        if tok.pos_ in ("NOUN", "PROPN") and word.weak:
            status, reason = ("negated", "negation") if is_negated(tok) else ("ok", "noun")
        else:
            status, reason = classify(tok, word)
        found.append({"i": tok.i, "type": word.type, "weak": word.weak, "status": status,
                      "reason": reason})
    return found


@Language.component(
    "otkaz_triggers",
    requires=["token.dep", "token.lemma", "token.tag"],
    assigns=["doc._.otkaz_triggers"],
)
def triggers_component(doc: Doc) -> Doc:
    """Store the triggers of `doc` in `doc._.otkaz_triggers`."""
    doc._.otkaz_triggers = find_triggers(doc)
    return doc
