"""`otkaz_arguments`: who refused or deserted, how many, which unit, from where, where, when.

    >>> doc = nlp("On 3 May, 20 marines from Omsk refused to attack near Bakhmut.")
    >>> m = doc._.otkaz_mentions[0]; doc.text[slice(*m["actor"]["span"])]
    '20 marines from Omsk'

For every trigger that passed polarity and modality, a mention dict records character spans
(relative to the Doc) of the actor, count, unit, home and place candidates and date phrases,
plus the clause that is its evidence. Phrases are normalised later, in the document step,
which knows the publication date. `doc._.otkaz_groups` lists the other phrases naming
servicemen ("60 Pskov soldiers were transferred ..."), which "they" can refer back to.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components import places as pl
from otkaz.extract.components.actors import (
    PARTITIVE_HEADS,
    STATUS_VERBS,
    actor_of,
    phrase_head,
)
from otkaz.extract.components.cache import doc_text, sent_of
from otkaz.extract.components.syntax import (
    CharSpan,
    char_span,
    extend_left,
    is_military_group,
    noun_phrase,
    person_head,
)
from otkaz.lang import phrases, word_set

Mention = dict[str, Any]
# Date phrases are only located here, against a reference later than any article; the
# document step reads them against the publication date.
SPAN_REFERENCE = date(2099, 12, 31)

for _name in ("otkaz_mentions", "otkaz_groups"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# A group counted after its name: "a tank crew of three", "a group of five conscripts" (before).
COLLECTIVE_HEADS = word_set("en", "arguments", "collective_heads")
PEOPLE_NOUNS = word_set("en", "arguments", "people_nouns")
MOTION_VERBS = word_set("en", "arguments", "motion_verbs")
REPORT_LIKE = lx.REPORT_VERBS | word_set("en", "arguments", "report_like")
# A sentence without any of these has no date phrase worth the date finder's time.
DATEISH = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|"
                     r"thu|fri|sat|sun|year|month|week|day|yesterday|today|tonight|ago|last|"
                     r"since|spring|summer|autumn|fall|winter|beginning|start|end|early|late|"
                     r"mid|war|invasion|mobili[sz]ation|night|morning|evening)", re.IGNORECASE)
OUTCOME_VERBS = word_set("en", "arguments", "outcome_verbs")
LATER_VERBS = word_set("en", "arguments", "later_verbs")
AVOIDED_VERBS = word_set("en", "arguments", "avoided_verbs")
NOT_TAKEN_CUES = frozenset(phrases("en", "arguments", "not_taken_cues"))
FLIGHT_VERBS = word_set("en", "arguments", "flight_verbs")


def _clause_tokens(head: Token, cut_heads: list[Token]) -> list[Token]:
    """The tokens of the clause headed by `head`, without nested clauses of other triggers
    and without attribution ("according to ...", "citing ...")."""
    banned: set[int] = set()
    for c in cut_heads:
        if c != head and head.is_ancestor(c):
            banned.update(t.i for t in c.subtree)
    for t in head.subtree:
        if t.lower_ == "according" or (t.dep_ in ("advcl", "conj", "parataxis", "ccomp")
                                       and t.lemma_.lower() in REPORT_LIKE | {"cite"}
                                       and t != head and not any(
                                           c.dep_ in ("mark", "auxpass") for c in t.children)):
            banned.update(x.i for x in t.subtree)
    return [t for t in head.subtree if t.i not in banned]


def _clause_head(trigger: Token, actor: Token | None) -> Token:
    """The verb whose subject is the actor (the trigger, or the verb the trigger hangs from)."""
    if actor is None or trigger.dep_ in ("relcl", "acl") or actor == trigger:
        return trigger  # a deserter: the noun phrase is the whole clause
    if trigger.dep_ == "pcomp" and actor.dep_ in ("dobj", "obj"):
        return trigger  # "sentenced X for leaving his unit in May": the leaving
    cur = trigger
    for _ in range(6):
        if actor in cur.children or cur.head == cur:
            return cur
        if actor.head == cur:
            return cur
        if cur.dep_ in ("relcl", "acl") and cur.head == actor:
            return cur
        cur = cur.head
    return trigger


def _not_there(tok: Token, trigger: Token) -> bool:
    """True when the place `tok` lies in a part of the trigger's clause that tells something
    else than where the refusal or desertion was: the alternative not taken ("deserted rather
    than fight in Ukraine"), what was avoided ("to avoid fighting in Ukraine"), or what
    followed ("... and surrendered to the police in Moscow")."""
    chain = {trigger.i, *(a.i for a in trigger.ancestors)}
    for cur in [tok, *tok.ancestors]:
        if cur.i in chain:
            return False
        lemma = cur.lemma_.lower()
        if cur.pos_ in ("VERB", "AUX") and cur.left_edge.i >= 2 and tok.doc[
                cur.left_edge.i - 2:cur.left_edge.i].text.lower() in NOT_TAKEN_CUES:
            return True
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX") and (
                any(c.lower_ == "than" for c in cur.head.children if c.dep_ == "cc")
                or lemma in OUTCOME_VERBS | CAPTURE_VERBS | LATER_VERBS):
            return True
        if cur.head.lemma_.lower() in AVOIDED_VERBS and cur.dep_ in ("dobj", "obj", "xcomp"):
            return True
    return False


def dates_in_sentence(trigger: Token, clause: list[Token]) -> list[CharSpan]:
    """Date phrases that date the trigger's clause, not the report or an outcome."""
    from otkaz.normalize.dates import find_dates

    sent = sent_of(trigger)
    doc = trigger.doc
    cache = doc.user_data.setdefault("otkaz.dates", {})
    found = cache.get(sent.start)
    if found is None:
        found = find_dates(sent.text, SPAN_REFERENCE) if DATEISH.search(sent.text) else []
        cache[sent.start] = found
    allowed = {t.i for t in clause}
    chain = [trigger, *trigger.ancestors]
    out: list[tuple[int, CharSpan]] = []
    for start, end, _ in found:
        span = doc.char_span(sent.start_char + start, sent.start_char + end,
                             alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        gov = root
        while gov.pos_ not in ("VERB", "AUX") and gov.head != gov:
            gov = gov.head
        lemma = gov.lemma_.lower()
        if gov == trigger or root.i in allowed:
            rank = 0
        elif lemma in REPORT_LIKE:
            continue
        elif gov in chain and lemma not in OUTCOME_VERBS:
            rank = 1
        elif gov.dep_ == "relcl" and lemma in FLIGHT_VERBS and pl.is_place(gov.head) and any(
                c.dep_ == "advmod" and c.lower_ == "where" for c in gov.children):
            rank = 2  # "... in Kazakhstan, where he fled in Sept. 2022": when he deserted
        else:
            continue
        out.append((rank, (span.start_char, span.end_char)))
    return [s for _, s in sorted(out, key=lambda x: (x[0], x[1][0]))]


# Relative-clause verbs that describe servicemen where they serve, kept in the actor's core.
QUIET_VERBS = word_set("en", "arguments", "quiet_verbs")


def _units(doc: Doc, span: CharSpan | None, formations: bool = True) -> list[CharSpan]:
    if span is None:
        return []
    return pl.units_in(doc_text(doc)[span[0]:span[1]], span[0], formations)


def _aggregate(trigger: Token, head: Token | None, phrase: list[Token], units: list[CharSpan],
               count_text: str, situated: bool = False) -> bool:
    """A number of people counted over time ("several hundred servicemen have refused since
    January"): a figure, not one incident."""
    from otkaz.normalize.counts import parse_count

    if head is None or units:
        return False
    rng = parse_count(count_text) if count_text else None
    if rng is None or (rng.low or rng.high or 0) < 100:
        return False
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" and c.lower_ != "had"
                  for c in trigger.children)  # "have refused so far"; "had refused" tells one
    bare_number = head.like_num or head.pos_ == "NUM"
    sent = sent_of(trigger).text
    small = (rng.low or rng.high or 0) < 500
    if situated and (small or any(pl.is_home_word(t.text) and pl.is_place(t) for t in phrase)) \
            and not bare_number and not lx.TALLY_CUES.search(sent):
        return False  # "About 100 men from Omsk have refused ... at a range near Belgorod"
    return perfect or bare_number or bool(lx.AGGREGATE_CUES.search(sent))


# One assault they would not join: "have refused to take part in the assault".
ONE_EVENT_NOUNS = word_set("en", "arguments", "one_event_nouns")


def _one_event(trigger: Token) -> bool:
    """The refusal names one operation ("the assault", "this attack"): one occasion, however
    many refused."""
    for t in trigger.subtree:
        if t.lower_ in ONE_EVENT_NOUNS and t.tag_ == "NN" and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children):
            return True
    return False


def build_mention(trigger: Token, info: dict[str, Any], clause_heads: list[Token]) -> Mention:
    doc = trigger.doc
    head, phrase, kind = actor_of(trigger)
    clause_head = _clause_head(trigger, head)
    cut = [c for c in clause_heads if c != clause_head]
    if clause_head == trigger and trigger.pos_ == "NOUN":
        cut += [c for c in trigger.children if c.dep_ == "relcl"]  # what the deserter did later
    clause = _clause_tokens(clause_head, cut)
    if head is not None and kind not in ("pronoun",):
        actor_span = char_span(phrase)
    elif head is not None:
        actor_span = char_span([head])
    else:
        actor_span = None
    phrase_idx = {t.i for t in phrase}
    evidence = char_span([*clause, *phrase]) or (trigger.idx, trigger.idx + len(trigger.text))
    deeds = {t.i for c in (head.children if head is not None else []) if c.dep_ == "relcl"
             and c.lemma_.lower() not in STATUS_VERBS | QUIET_VERBS for t in c.subtree}
    core = [t for t in phrase if t.i not in deeds]  # not "who shot two policemen in Belgorod"
    homes, actor_places = pl.home_and_place_in_actor(core) if kind in (
        "group", "partitive", "generic", "number", "person", "civilian") else ([], [])
    if kind == "civilian":  # kept apart: only "another group of 15 men" reads them
        civilian_homes, homes, actor_places = homes, [], []
    if phrase and not homes and kind in ("group", "person"):
        homes = pl.from_right_after(phrase)
    skip = set(phrase_idx)
    if head is not None and head.dep_ in ("dobj", "obj"):
        for c in clause_head.children:  # "the Kazan court sentenced X for leaving ..."
            if c.dep_ in ("nsubj", "nsubjpass"):
                skip.update(t.i for t in c.subtree)
    clause_places = [p for p in pl.places_in_clause(clause, skip) if not (
        (place := doc.char_span(p[0], p[1], alignment_mode="expand")) is not None
        and _not_there(place.root, trigger))]
    for span in list(clause_places):
        if pl.from_partitive(doc, span):  # "..., most of them from Buryatia, refused"
            clause_places.remove(span)
            homes.append(span)
        elif info["type"] == "refusal" and span[0] > trigger.idx and doc_text(doc)[
                span[0]:span[1]] in ("Ukraine", "the front"):
            clause_places.remove(span)  # "refused to fight in Ukraine": where they would not go
    if info["reason"] == "taken in for it":  # "detained ... in Yerevan last week": the
        clause_places = []  # place and day of the arrest, not of the desertion
    units = _units(doc, actor_span) or _units(doc, evidence, formations=False)
    count_span: CharSpan | None = None
    if actor_span and kind == "person":
        count_span = actor_span  # a named person is one person
    elif actor_span and kind in ("group", "partitive", "number"):
        from otkaz.normalize.counts import find_counts

        text = doc_text(doc)[actor_span[0]:actor_span[1]]
        ph = person_head(phrase)
        limit = (ph.idx + len(ph.text) - actor_span[0]) if ph is not None else len(text)
        for s, e, _ in find_counts(text):
            if s < limit or (ph is not None and ph.lower_ in COLLECTIVE_HEADS and re.fullmatch(
                    r"\s*(?:of\s+)?", text[limit:s]) and re.match(r"\s*of\b", text[limit:e])):
                count_span = (actor_span[0] + s, actor_span[0] + e)
                break
    if count_span is None and actor_span and kind == "group" and head is not None and \
            head.pos_ == "PROPN" and head.tag_ == "NNP":
        count_span = actor_span  # "Private Ivan Sokolov": one person
    companions = _companions(head, trigger) if head is not None and kind in (
        "group", "person") and head.tag_ in ("NN", "NNP") else None
    if companions is not None:  # "Captain Petrov and 11 of his officers": twelve in all
        count_span = (companions.idx, companions.idx + len(companions.text))
    elif count_span is not None and head is not None and _led_by_one(head):
        companions = head  # the same, parsed the other way round: the officers lead
    if count_span is None and actor_span and kind == "group" and head is not None and \
            head.tag_ == "NN" and head.lemma_.lower() in lx.PERSON_NOUNS and \
            head.lower_ not in COLLECTIVE_HEADS | MASS_PERSON_NOUNS:
        count_span = actor_span  # "the sergeant deserted": one man, though no number says so
    count_text = doc_text(doc)[count_span[0]:count_span[1]] if count_span else ""
    dates = [] if info["reason"] == "taken in for it" else [
        d for d in dates_in_sentence(trigger, clause) if not (
            actor_span and actor_span[0] <= d[0] and d[1] <= actor_span[1])]  # "mobilised in 2022"
    situated = bool(actor_places or clause_places or dates or _one_event(trigger))
    return {
        "trigger": (trigger.idx, trigger.idx + len(trigger.text)),
        "type": info["type"], "weak": info["weak"], "reason": info["reason"],
        "sent": (sent_of(trigger).start_char, sent_of(trigger).end_char),
        "evidence": evidence,
        "actor": {"span": actor_span, "kind": kind,
                  "word": head.lower_ if head is not None else None,
                  "plural": head is not None and (head.tag_ in ("NNS", "NNPS", "CD")
                                                  or head.lower_ in ("they", "them", "we", "us")),
                  # "the soldier, Ivan Gorin,": told before, or a case of its own if not
                  "named": head is not None and any(
                      c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children)},
        "count": count_span,
        "count_add": 1 if companions is not None else 0,
        "named_others": _named_others(head) if head is not None and count_span == actor_span
        else 0,
        "units": units,
        "homes": homes,
        "places": actor_places + clause_places,
        "dates": dates,
        "aggregate": _aggregate(trigger, head, phrase, units, count_text, situated),
        "civilian_homes": civilian_homes if kind == "civilian" else [],
        "core": char_span(core) if deeds and core else None,
        "definite": trigger.pos_ == "NOUN" and any(
            c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "their", "its")
            for c in trigger.children),
    }


def _led_by_one(group: Token) -> bool:
    """ "Captain Petrov, a platoon commander, and 11 of his officers" parsed with the officers
    as the subject and the captain hung before them: one more man than the number says."""
    if not (group.like_num or any(c.dep_ == "nummod" for c in group.children)):
        return False
    first = group.left_edge
    before = group.doc[first.i - 1] if first.i > 0 else None
    if group.dep_ == "conj":
        lead = group.head
    elif before is not None and before.dep_ == "cc" and before.lower_ == "and":
        lead = before.head  # the man hung elsewhere, with the "and" on him
    else:
        return False
    return lead.i < group.i and lead.tag_ in ("NN", "NNP") and (
        lead.pos_ == "PROPN" or lead.lemma_.lower() in lx.PERSON_NOUNS)


# Who went along with one named man: "along with eight others", "together with five comrades".
COMPANION_NOUNS = word_set("en", "arguments", "companion_nouns")

def _companions(head: Token, trigger: Token) -> Token | None:
    """The number of the others who acted with one named man: "Captain Petrov and 11 of his
    officers", "Petrov, ..., and eleven fighters from his squadron" (parsed as a second
    subject), "Along with eight others, Dmitri". The man is counted on top."""
    def number_of(tok: Token) -> Token | None:
        if tok.like_num or tok.pos_ == "NUM":
            return tok
        return next((c for c in tok.children if c.dep_ == "nummod" and c.like_num), None)

    for c in head.children:
        if c.dep_ == "conj":
            found = number_of(c)
            if found is not None:
                return found
    verb = head.head
    if head.dep_ == "nsubj" and any(c.dep_ == "cc" for c in head.children):
        for c in verb.children:
            if c.dep_ == "nsubj" and c.i > head.i:
                found = number_of(c)
                if found is not None:
                    return found
    for anchor in (verb, head):
        for p in anchor.children:
            if p.dep_ != "prep" or p.lower_ not in ("along", "together", "with"):
                continue
            inner = [p] + [q for q in p.children if q.dep_ == "prep" and q.lower_ == "with"]
            for q in inner:
                for o in q.children:
                    if o.dep_ == "pobj" and (o.lower_ in COMPANION_NOUNS or
                                             o.lemma_.lower() in lx.PERSON_NOUNS):
                        found = number_of(o)
                        if found is not None:
                            return found
    return None


# Singular nouns that name many people: "military personnel deserted" counts no one.
MASS_PERSON_NOUNS = word_set("en", "arguments", "mass_person_nouns")

# Verbs whose object's "from X" the parser hangs on the verb: "detained a soldier from Chita".
CAPTURE_VERBS = word_set("en", "arguments", "capture_verbs")


def _named_others(head: Token) -> int:
    """How many more people are named beside `head` ("Ivan Petrov and Oleg Smirnov": one)."""
    if head.pos_ != "PROPN":
        return 0
    others = [t for t in head.subtree if t.dep_ == "conj" and t.pos_ == "PROPN"
              and t.ent_type_ == "PERSON" and t.head.pos_ == "PROPN"]
    return len(others)


def _group_record(head: Token, phrase: list[Token]) -> Mention:
    doc = head.doc
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    if verb is not None and head.dep_ == "dobj" and phrase and verb.lemma_.lower() in \
            CAPTURE_VERBS:
        origin = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "from"
                  and p.i == phrase[-1].i + 1]
        if origin:
            phrase = phrase + list(origin[0].subtree)  # where the soldier is from
    span = char_span(phrase)
    motion = verb is not None and verb.lemma_.lower() in MOTION_VERBS
    clause = _clause_tokens(verb, []) if verb is not None else phrase
    homes, actor_places = pl.home_and_place_in_actor(phrase)
    count_span = None
    if span is not None:
        from otkaz.normalize.counts import find_counts

        counts = find_counts(doc_text(doc)[span[0]:span[1]])
        if counts:
            count_span = (span[0] + counts[0][0], span[0] + counts[0][1])
    dates = dates_in_sentence(verb, clause) if verb is not None and motion else []
    evidence = char_span(clause) if verb is not None and verb.lemma_.lower() not in \
        REPORT_LIKE else span
    dets = [c.lower_ for c in head.children if c.dep_ in ("det", "poss")]
    anaphoric = bool(dets) and (dets[0] == "both" or count_span is None and dets[0] in (
        "the", "these", "those")) and (
        head.lower_ in lx.GENERIC_ANAPHORS or head.lemma_.lower() in lx.GENERIC_ANAPHORS
        or head.lower_ == "military")
    status = [char_span(list(c.subtree)) for c in head.children if c.dep_ == "relcl"
              and c.lemma_.lower() in STATUS_VERBS]
    return {
        "named_person": head.pos_ == "PROPN" and head.ent_type_ == "PERSON" and count_span is None,
        "status": [x for x in status if x],
        "span": span, "evidence": evidence or span, "count": count_span, "anaphoric": anaphoric,
        "sent": (sent_of(head).start_char, sent_of(head).end_char),
        "first_person": head.dep_ == "appos" and head.head.lower_ in ("we", "us"),
        "plural": head.tag_ in ("NNS", "NNPS") or head.lower_.endswith((
            "men", "military", "personnel")) or any(
            t.tag_ in ("NNS", "NNPS") and (t.lower_ in lx.PERSON_NOUNS or t.lower_ in
                                           PEOPLE_NOUNS) for t in phrase),
        "units": _units(doc, span) or _units_in_relative(head),
        "homes": homes,
        "places": actor_places + (pl.places_in_clause(clause, {t.i for t in phrase}, motion)
                                  if verb is not None and motion else []),
        "dates": dates,
    }


# A relative clause that tells where the group serves: "mobilised men who serve in the 1009th
# regiment", "reservists who were assigned to the 27th brigade".
SERVICE_VERBS = word_set("en", "arguments", "service_verbs")


def _units_in_relative(head: Token) -> list[CharSpan]:
    """Units named in the group's relative clause about its service (cut from its phrase)."""
    out: list[CharSpan] = []
    clauses = list(head.children)
    if head.dep_ == "pobj" and head.head.head != head.head:  # "relatives of reservists who
        clauses += [c for c in head.head.head.children  # were assigned": hung on "relatives"
                    if c.left_edge.i == head.right_edge.i + 1]
    for c in clauses:
        if c.dep_ == "relcl" and c.lemma_.lower() in SERVICE_VERBS and not any(
                x.dep_ == "neg" for x in c.children):
            span = char_span(list(c.subtree))
            if span is not None:
                out += _units(head.doc, span)
    return out


def _partitive_group(tok: Token) -> Mention | None:
    """ "Fifteen of them, all contract guys from Buryatia": a count of a group named before."""
    if tok.lower_ not in ("them", "us") or tok.head.lower_ != "of":
        return None
    head = tok.head.head
    if not (head.like_num or head.lower_ in PARTITIVE_HEADS) or head.lower_ in (
            "most", "some", "all", "many", "none", "each", "majority", "part"):
        return None
    phrase = [t for t in head.subtree if t.dep_ != "relcl"]
    span = char_span(phrase)
    if span is None:
        return None
    verb = head.head if head.dep_ not in ("ROOT",) else None
    role_ok = head.dep_ in ("ROOT", "appos", "npadvmod", "dep", "attr") or (
        head.dep_ == "nsubj" and verb is not None and verb.lemma_.lower() in ("be", "have"))
    homes, _ = pl.home_and_place_in_actor(phrase)
    return {"span": span, "evidence": span, "count": (head.idx, head.idx + len(head.text))
            if role_ok else None, "sent": (sent_of(head).start_char, sent_of(head).end_char),
            "partitive": True, "first_person": False, "plural": True, "units": [],
            "homes": homes, "places": [], "dates": []}


def _names_organisation(tok: Token) -> bool:
    """A capitalised person noun inside an organisation's name: "the group Sailors' Watch",
    "Soldiers' Mothers" (an ORG entity, or just after "group")."""
    word = tok.lower_
    if not (tok.is_title and (word in lx.PERSON_NOUNS or word in lx.MILITARY_CUES
                              or word.rstrip("s") in lx.PERSON_NOUNS)):
        return False
    after = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.ent_type_ in ("ORG", "FAC", "WORK_OF_ART") and after is not None and \
            after.text in ("'", "’", "'s", "’s"):
        return True  # "Soldiers' Mothers"
    before = [t for t in tok.doc[max(0, tok.i - 3):tok.i] if not t.is_punct]
    return bool(before) and (before[-1].lower_ in lx.ORGANISATION_WORDS
                             or before[-1].lower_ in lx.OUTLET_WORDS)


def find_groups(doc: Doc, taken: set[int], rejected: set[int]) -> list[Mention]:
    """Phrases naming servicemen that are not the actor of a trigger; groups in sentences
    that deny, negate or suppose a refusal are marked `rejected` (no antecedent)."""
    out: list[Mention] = []
    seen: set[int] = set(taken)
    for tok in doc:
        part = _partitive_group(tok)
        if part is not None:
            out.append(part)
            continue
        if tok.i in seen or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if not (tok.lower_ in lx.PERSON_NOUNS or tok.lemma_.lower() in lx.PERSON_NOUNS
                or tok.lower_ in lx.CONDITIONAL_PERSON_NOUNS):
            continue
        if _names_organisation(tok):
            continue  # "the rights group Sailors' Watch": a name, not a group of sailors
        head = phrase_head(tok)
        while head.dep_ == "compound" and head.head.pos_ == "PROPN" and head.head.i > head.i:
            head = head.head  # "Lieutenant Colonel Yuri Smirnov": the name heads the title
        phrase = extend_left(noun_phrase(head, cut=[c for c in head.children
                                                     if c.dep_ == "relcl"]))
        dets = [c.lower_ for c in head.children if c.dep_ == "det"]
        named_before = dets[:1] in (["the"], ["both"]) and head.lower_ in lx.GENERIC_ANAPHORS and (
            head.lower_ in lx.PERSON_NOUNS or head.lower_ in PEOPLE_NOUNS) and not any(
            t.pos_ == "PROPN" for t in head.lefts)
        if any(t.i > tok.i and _names_organisation(t) for t in phrase) or (
                tok.i > 0 and doc[tok.i - 1].lower_ in ("rights", "advocacy", "aid", "support")):
            continue  # "the human rights group Sailors' Watch": an organisation, not people
        if not is_military_group(phrase) and not named_before:
            continue  # "The men, all from Tula, ...": the group named before, told again
        if head.lower_ in lx.UNIT_NOUNS and any(c.dep_ == "poss" for c in head.children):
            continue  # "his unit", "their battalion": not a group of people
        seen.update(t.i for t in phrase)
        record = _group_record(head, phrase)
        record["person"] = any(t.lower_ in lx.PERSON_NOUNS or t.lemma_.lower() in
                               lx.PERSON_NOUNS or t.lower_ in PEOPLE_NOUNS for t in phrase)
        record["rejected"] = sent_of(head).start in rejected or sent_of(head).text.rstrip(
            " \"”'").endswith("?")
        out.append(record)
    return out


@Language.component(
    "otkaz_arguments",
    requires=["doc._.otkaz_triggers", "token.dep"],
    assigns=["doc._.otkaz_mentions", "doc._.otkaz_groups"],
)
def arguments_component(doc: Doc) -> Doc:
    """Fill `doc._.otkaz_mentions` (one per accepted trigger) and `doc._.otkaz_groups`."""
    accepted = [t for t in (doc._.otkaz_triggers or []) if t["status"] == "ok"]
    heads = []
    for t in accepted:
        trig = doc[t["i"]]
        head, _, _ = actor_of(trig)
        heads.append(_clause_head(trig, head))
    mentions = [build_mention(doc[t["i"]], t, heads) for t in accepted]
    taken: set[int] = set()
    for m in mentions:
        if m["actor"]["span"]:
            start, end = m["actor"]["span"]
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                taken.update(range(span.start, span.end))
    rejected = {sent_of(doc[t["i"]]).start for t in (doc._.otkaz_triggers or [])
                if t["status"] != "ok"}
    doc._.otkaz_mentions = mentions
    doc._.otkaz_groups = find_groups(doc, taken, rejected)
    return doc
