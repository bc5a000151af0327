"""Who refused or deserted: the actor phrase of a trigger, and what kind of phrase it is.

    >>> head, phrase, kind = actor_of(trigger)   # "20 marines from Omsk", "group"

Kinds: group (servicemen named), person (a named soldier), pronoun ("they"), generic ("the
men", an anaphor), partitive ("Fifteen of them"), number ("418 had left"), civilian (not
servicemen), other side (Ukraine's), none. Parser slips that news sentences provoke are
caught here: "A conscript escaped" with "conscript" as a modifier, "men from X mobilised in
2022 have refused" as two clauses.
"""

from __future__ import annotations

from spacy.tokens import Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.syntax import (
    children_by_dep,
    extend_left,
    is_military_group,
    noun_phrase,
    subject_of,
)
from otkaz.lang import word_set

COLLECTIVE_HEADS = word_set("en", "arguments", "collective_heads")

PARTITIVE_HEADS = word_set("en", "actors", "partitive_heads")
# Verbs of a relative clause that tell what the people are: "who were mobilised in 2022".
STATUS_VERBS = word_set("en", "actors", "status_verbs")



def phrase_head(noun: Token) -> Token:
    """Climb from "men" in "dozens of men" / "one of the men" to the quantity that heads it;
    not from "one of about 40 men", where the group is the forty."""
    head = noun
    while head.dep_ == "pobj" and head.head.lower_ in ("of", "among") and (
            head.head.head.lower_ in PARTITIVE_HEADS or head.head.head.like_num
            or head.head.head.pos_ == "NUM"):
        upper = head.head.head
        if upper.lower_ in ("one", "each", "none", "any", "either") and any(
                c.dep_ in ("nummod", "quantmod") or c.like_num for c in head.children):
            break
        head = upper
    return head


def _trigger_clause_cut(trigger: Token) -> list[Token]:
    """Relative clauses that hold the trigger: cut from the actor phrase."""
    out = []
    for anc in [trigger, *trigger.ancestors]:
        if anc.dep_ in ("relcl", "acl"):
            out.append(anc)
            break
    return out


# Verbs that punish or charge someone for an act: their subject did not do it.
CHARGE_VERBS = word_set("en", "actors", "charge_verbs")
DETENTION_VERBS = word_set("en", "actors", "detention_verbs")
DETENTION_NOUNS = word_set("en", "actors", "detention_nouns")


def _held_by_noun(noun: Token) -> Token | None:
    """ "the detention of a mobilised soldier": the servicemen "of" a detention noun."""
    held = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children if o.dep_ == "pobj"]
    if not held:
        return None
    head = phrase_head(held[0])
    return head if head.pos_ != "PRON" and is_military_group(
        extend_left(noun_phrase(head))) else None


def _detention_before(trigger: Token) -> Token | None:
    """ "raised alarm over the detention of a soldier on charges of desertion", with the
    charge hung on another verb: the nearest detention noun before it in the sentence."""
    sent = trigger.sent
    for tok in reversed(sent.doc[sent.start:trigger.i]):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in DETENTION_NOUNS:
            return _held_by_noun(tok)
    return None


def charged_patient(trigger: Token) -> Token | None:
    """ "Military police detained a contract soldier on charges of desertion", "a conscript
    was arrested for desertion": the servicemen taken in for the act are the ones who did it,
    so the act is a case with them as the actor. The head of that group, or None.

    The noun hangs from "for"/"of" ("for desertion", "on charges of desertion", "on suspicion
    of desertion") under a verb of detention or punishment that was done, not threatened."""
    article = trigger.lower_ == "article"  # "charged under Article 337"
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.pos_ == "PROPN" and not article or \
            trigger.head.lower_ not in ("for", "of", "with", "under"):
        return None
    if trigger.head.lower_ == "under" and not article:
        return None
    if trigger.head.lower_ == "with" and trigger.head.head.lemma_.lower() != "charge":
        return None  # "charged with desertion", not "threatened with desertion cases"
    verb = trigger.head.head
    while verb.pos_ == "NOUN" and verb.lemma_.lower() in lx.CASE_NOUNS | {"suspicion"}:
        verb = verb.head.head if verb.head.dep_ == "prep" else verb.head  # "on charges of"
    if verb.pos_ == "VERB" and verb.lemma_.lower() not in DETENTION_VERBS:
        # "protested the detention of a soldier on charges of desertion", with "on charges"
        # hung on the main verb: the detention named as its object
        held_nouns = [o for o in verb.children if o.dep_ == "dobj"
                      and o.lemma_.lower() in DETENTION_NOUNS]
        verb = held_nouns[0] if held_nouns else verb
    if verb.pos_ == "NOUN" and verb.lemma_.lower() in DETENTION_NOUNS:
        return _held_by_noun(verb)
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in DETENTION_VERBS:
        return _detention_before(trigger)
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("could", "would", "may", "might",
                                                         "will", "can", "should")
           for c in verb.children):
        return None  # "could be arrested for desertion": a prospect
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    deps = ("nsubjpass",) if passive else ("dobj",)
    patients = [c for c in verb.children if c.dep_ in deps]
    if not patients:
        return None
    head = phrase_head(patients[0])
    if head.pos_ == "PRON":
        return None
    # "arrested 20-year-old Dmitry Sokolov for desertion": only a serviceman can desert, so a
    # named person taken in for it needs no military word of his own
    if head.pos_ == "PROPN" or is_military_group(extend_left(noun_phrase(head))):
        return head
    return None


def found_guilty(trigger: Token) -> Token | None:
    """ "The court found Ivan Petrov, a contract soldier, guilty of refusing to fight": the
    one found guilty did it. The parser hangs "guilty" on the verb or on the person."""
    prep = trigger.head
    if prep.lower_ != "of" or prep.head.lower_ != "guilty":
        return None
    guilty = prep.head
    if guilty.head.pos_ in ("PROPN", "NOUN") and guilty.dep_ == "amod":
        return guilty.head
    subjects = [c for c in guilty.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    if subjects and guilty.head.lemma_.lower() in ("find", "declare", "pronounce"):
        return phrase_head(subjects[0])  # "found [a reservist guilty]": a small clause
    if guilty.head.lemma_.lower() in ("find", "declare", "pronounce"):
        objects = [c for c in guilty.head.children if c.dep_ in ("dobj", "nsubjpass")]
        if objects and objects[0].pos_ != "PRON":
            return phrase_head(objects[0])
    return None


def _part_of_told(head: Token) -> bool:
    """ "two of the officers", "three of them": part of a group told before."""
    return any(p.dep_ == "prep" and p.lower_ == "of" and any(
        o.lower_ in ("them", "us") or any(d.lower_ in ("the", "these", "those")
                                          for d in o.children if d.dep_ == "det")
        for o in children_by_dep(p, "pobj")) for p in head.children)


def _case_against(trigger: Token) -> Token | None:
    """ "Prosecutors opened a criminal case against two mobilised men for leaving their
    unit": the men the case is against did it."""
    if trigger.head.lower_ != "for":
        return None
    for node in list(trigger.head.ancestors)[:3]:
        # "against" hangs on the verb or on its object ("a case against ...")
        preps = [c for c in node.children if c.dep_ == "prep"] + [
            g for c in node.children if c.dep_ in ("dobj", "nsubjpass") for g in c.children
            if g.dep_ == "prep"]
        for prep in preps:
            if prep.lower_ == "against":
                for o in children_by_dep(prep, "pobj"):
                    if o.pos_ == "PROPN" or is_military_group(extend_left(noun_phrase(o))):
                        return o
    return None


def actor_of(trigger: Token) -> tuple[Token | None, list[Token], str]:
    """(head, phrase tokens, kind) of who refused; kind: group, pronoun, generic, none."""
    tok = trigger
    if trigger.pos_ == "NOUN" and trigger.lemma_.lower() in lx.PERSON_TRIGGER_NOUNS:
        phrase = extend_left(noun_phrase(trigger, cut=[  # "a deserter from the 1st Tank Army"
            c for c in trigger.children if c.dep_ == "relcl"]))  # not "who shot two police"
        return trigger, phrase, "group"
    patient = charged_patient(trigger) or found_guilty(trigger) or _case_against(trigger)
    if patient is not None:  # "detained a soldier on charges of desertion": the soldier
        guilty = [c for c in patient.children if c.lower_ == "guilty"]
        return patient, extend_left(noun_phrase(patient, cut=guilty)), (
            "partitive" if _part_of_told(patient) else "group")
    if trigger.pos_ == "NOUN":  # "their refusal", "took part in the refusal"
        poss = children_by_dep(trigger, "poss")
        if poss:
            return poss[0], [poss[0]], "pronoun"
        if trigger.head.lower_ in ("for", "of", "with") and (
                trigger.head.head.lemma_.lower() in lx.CASE_NOUNS | CHARGE_VERBS):
            return None, [], "none"  # "threatened them with cases for desertion": a charge
        verb = trigger.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        tok = verb
    subj = subject_of(tok)
    if subj is None:
        described = _status_clause_subject(tok)
        if described is not None:  # "23 men from Dagestan mobilised in 2022 have refused"
            return described[0], list(described[1].subtree), "group"
        misparsed = _misparsed_subject(tok)
        if misparsed is not None:
            doc = misparsed.doc
            start = misparsed.i - 1 if misparsed.i > 0 and doc[misparsed.i - 1].lower_ in (
                "a", "an", "the", "one") else misparsed.i
            return misparsed, list(doc[start:misparsed.i + 1]), "group"
        return None, [], "none"
    if subj.lower_ in lx.PRONOUN_ANAPHORS or subj.pos_ == "PRON" and subj.lower_ not in (
            "none", "some", "all", "most", "many", "several"):
        main = _main_clause_subject(subj)
        if main is not None:  # "Four marines ... were held after they refused": the marines
            phrase = extend_left(noun_phrase(main, cut=[subj.head]))
            return main, phrase, "group"
        return subj, [subj], "pronoun"
    counted = _number_before_participle(subj)
    if counted is not None:  # "Eleven mobilised soldiers from Omsk refused", misparsed
        doc = subj.doc
        return counted, list(doc[subj.i:counted.right_edge.i + 1]), "group"
    head = phrase_head(subj)
    phrase = extend_left(noun_phrase(head, cut=_trigger_clause_cut(trigger)))
    # "Fifteen of them", "more than 100 of us": a count of a group named before
    if any(p.lower_ == "of" and any(o.lower_ in ("them", "us") for o in p.children)
           for p in head.children):
        return head, phrase, "partitive"
    dets = [c.lower_ for c in head.children if c.dep_ in ("det", "poss")]
    has_count = any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in head.subtree)
    named_by = [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("of", "from")
                for o in p.children if o.dep_ == "pobj" and (o.pos_ == "PROPN" or any(
                    t.pos_ == "PROPN" for t in o.lefts))]
    if (dets and dets[0] in ("the", "these", "those", "our") and not has_count and not named_by
            and (head.lower_ in lx.GENERIC_ANAPHORS or head.lemma_ in lx.GENERIC_ANAPHORS)):
        return head, phrase, "generic"  # not "the crew of a Black Sea Fleet ship": named
    if (head.like_num or head.pos_ == "NUM") and len(phrase) <= 3:
        return head, phrase, "number"  # "418 had left their units": people counted
    if lx.UKRAINIAN_SIDE.search("".join(t.text_with_ws for t in phrase)) or lx.ukrainian_frame(
            trigger.sent.text):
        return head, phrase, "other side"  # Ukraine's servicemen: not this tool's subject
    if not is_military_group(phrase):
        if _named_person(head) and _military_act(trigger):
            return head, phrase, "person"  # "Alexei deserted from his unit"
        if trigger.tag_ == "VBG":  # "12 servicemen wrote to the office [nsubj] refusing ..."
            for verb in trigger.ancestors:
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                if verb.pos_ == "VERB" and subjects and subjects[0] != head:
                    upper = phrase_head(subjects[0])
                    words = extend_left(noun_phrase(upper))
                    if is_military_group(words):
                        return upper, words, "group"
                    break
        return head, phrase, "civilian"
    return head, phrase, "group"


def _main_clause_subject(pronoun: Token) -> Token | None:
    """ "Four marines were beaten after they refused to attack": the servicemen who are the
    subject of the clause that the pronoun's adverbial clause hangs from."""
    clause = pronoun.head
    if pronoun.lower_ not in ("they", "he") or clause.dep_ != "advcl" or pronoun.i < clause.i - 3:
        return None
    main = clause.head
    subjects = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < main.i]
    while not subjects and main.dep_ == "conj" and main.head.pos_ in ("VERB", "AUX"):
        main = main.head  # "were beaten and held ... after they refused"
        subjects = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")
                    and c.i < main.i]
    if not subjects:
        return None
    head = phrase_head(subjects[0])
    # "a group of servicemen ... after they left": a collective noun takes "they"
    plural = head.tag_ in ("NNS", "NNPS", "CD") or head.like_num or (
        pronoun.lower_ == "they" and head.lemma_.lower() in COLLECTIVE_HEADS)
    if plural != (pronoun.lower_ == "they") or not is_military_group(noun_phrase(head)):
        return None
    return head


def _status_clause_subject(verb: Token) -> tuple[Token, Token] | None:
    """ "Men from X mobilised in 2022 have refused": the participle parsed as a clause of its
    own, with the men as its subject; (the men, that clause)."""
    for c in verb.lefts:
        if c.dep_ in ("ccomp", "advcl") and c.lemma_.lower() in STATUS_VERBS:
            subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
            if subj and is_military_group(list(c.subtree)):
                return subj[0], c
    return None


def _number_before_participle(subj: Token) -> Token | None:
    """ "Eleven mobilised soldiers ...", parsed as "Eleven [nsubj] mobilised [verb] soldiers
    [dobj]": the people counted, when a number is the subject of a status participle right
    after it whose object, right after that, names servicemen."""
    verb = subj.head
    if not subj.like_num or verb.i != subj.i + 1 or verb.lemma_.lower() not in STATUS_VERBS:
        return None
    doc = subj.doc
    if verb.i + 1 >= len(doc):
        return None
    noun = doc[verb.i + 1]
    if noun.head == verb and noun.dep_ in ("dobj", "nsubj", "nsubjpass") and (
            noun.lower_ in lx.PERSON_NOUNS or noun.lemma_.lower() in lx.PERSON_NOUNS
            or noun.lower_ in lx.CONDITIONAL_PERSON_NOUNS):
        return noun
    return None


def _misparsed_subject(verb: Token) -> Token | None:
    """ "A conscript escaped ..." parsed with "conscript" as a modifier of the verb: the
    person noun right before the verb, when nothing else is its subject."""
    left = [c for c in verb.lefts if c.dep_ in ("amod", "compound", "npadvmod", "dep")
            and c.pos_ in ("NOUN", "PROPN", "ADJ") and c.i == verb.i - 1]
    if left and (left[0].lower_ in lx.PERSON_NOUNS or left[0].lemma_.lower() in
                 lx.PERSON_NOUNS):
        return left[0]
    return None


MILITARY_ACT_WORDS = word_set("en", "actors", "military_act_words")


def _named_person(head: Token) -> bool:
    return head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "") and head.tag_ == "NNP"


def _military_act(trigger: Token) -> bool:
    """Only soldiers do this: desert, go AWOL, leave a unit, refuse to go to the front."""
    if trigger.lemma_.lower() in ("desert",) or trigger.lower_ == "awol":
        return True
    words = {t.lemma_.lower() for t in trigger.subtree} | {t.lower_ for t in trigger.subtree}
    return bool(words & MILITARY_ACT_WORDS)
