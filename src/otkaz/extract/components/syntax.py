"""Small helpers over spaCy's dependency parse, shared by the components.

    >>> subject_of(doc[3])  # "Twelve marines from Pskov refused to go."
    marines

Everything here reads a parsed Doc and returns tokens or (start, end) character
spans relative to that Doc; only `repair_counted_collective` and
`repair_status_participles` change the parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.cache import doc_text, sent_of
from otkaz.lang import word_set

CharSpan = tuple[int, int]

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
CLIMB_DEPS = ("xcomp", "conj", "pcomp", "prep", "advcl", "acl", "ccomp", "oprd", "dep", "pobj",
              "agent", "advmod", "npadvmod", "acomp")
VERB_POS = ("VERB", "AUX")


def char_span(tokens: Iterable[Token]) -> CharSpan | None:
    """The character span from the first to the last of `tokens`, punctuation trimmed."""
    toks = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while toks and toks[0].is_punct and toks[0].text not in "\"'“‘":
        toks.pop(0)
    while toks and toks[-1].is_punct and toks[-1].text not in ")":
        toks.pop()
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def lower_words(tokens: Iterable[Token]) -> set[str]:
    """Lower-case texts and lemmas of `tokens`."""
    out: set[str] = set()
    for t in tokens:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    return out


# What people write or sign to refuse: "wrote statements refusing to go".
WRITTEN_NOUNS = word_set("en", "syntax", "written_nouns")
TERM_NOUNS = word_set("en", "syntax", "term_nouns")


def subject_of(verb: Token, limit: int = 6) -> Token | None:
    """The subject of `verb`, climbing xcomp/conj/prep chains to the clause that has one.

    For a relative clause ("men who refused") the modified noun is returned instead of "who".
    """
    tok = verb
    if verb.dep_ == "pcomp" and verb.head.lower_ == "for":
        above = verb.head.head  # "sentenced X to five years for leaving": climb to the verb
        for _ in range(6):
            if above.pos_ == "VERB" or above.head == above:
                break
            above = above.head
        objects = [c for c in above.children if c.dep_ in ("dobj", "obj")
                   and c.lemma_.lower() not in lx.CASE_NOUNS
                   and c.lower_ not in TERM_NOUNS]  # "was given two years for leaving"
        if above.pos_ == "VERB" and objects:
            return objects[0]  # "sentenced Private Sokolov for leaving his unit"
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in WRITTEN_NOUNS \
            and verb.head.dep_ in ("dobj", "obj") and verb.head.head.pos_ == "VERB":
        tok = verb.head.head  # "30 of them wrote statements refusing to go": the writers
    for _ in range(limit):
        if tok != verb and verb.dep_ == "xcomp" and tok == verb.head:
            for child in tok.children:
                if child.dep_ in ("dobj", "obj"):
                    return child  # "helped 300 people to leave": the object leaves
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if (child.tag_ in ("WP", "WDT") or child.lower_ in ("who", "that", "which")) \
                        and tok.dep_ in ("relcl", "acl") and tok.head.pos_ in (
                            "NOUN", "PROPN", "PRON", "NUM"):
                    return relcl_head(tok.head, tok)
                return child
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            return relcl_head(tok.head, tok)
        if tok.dep_ == "ROOT" or tok.head == tok:
            return None
        if tok.dep_ == "ccomp" and tok.pos_ in VERB_POS:
            return None  # "X said that [no subject]": the subject of say is not ours
        if tok.dep_ not in CLIMB_DEPS:
            return None
        tok = tok.head
    return None


def _is_person(t: Token, strict: bool = False) -> bool:
    if t.pos_ not in ("NOUN", "PROPN"):
        return False
    if t.lower_ in lx.PERSON_NOUNS or t.lemma_.lower() in lx.PERSON_NOUNS:
        return True
    return not strict and t.lower_ in lx.CONDITIONAL_PERSON_NOUNS


QUANTITY_HEADS = word_set("en", "syntax", "quantity_heads")


def _quantity_of_people(noun: Token) -> bool:
    if not (noun.like_num or noun.lower_ in QUANTITY_HEADS):
        return False
    return any(p.lower_ in ("of", "among") and any(_is_person(o) for o in p.children)
               for p in noun.children)


def relcl_head(noun: Token, clause: Token | None = None) -> Token:
    """The person a relative clause is about: "men from the Ivanovo region who refused" may be
    parsed with the clause on "region", "a lieutenant who served on a boat deserted" with
    "deserted" on "boat"; climb or look back to the person."""
    if _quantity_of_people(noun):
        return noun  # "dozens of fighters ... who refused"
    cur = noun
    first_conditional: Token | None = None
    unit_like: Token | None = None
    for _ in range(5):
        if _is_person(cur, strict=True):
            return cur
        if _is_person(cur) and cur.lemma_.lower() in lx.UNIT_NOUNS:
            unit_like = unit_like or cur  # "prisoners recruited into the unit who deserted"
        elif first_conditional is None and _is_person(cur):
            first_conditional = cur
        if cur.dep_ in ("pobj", "poss") and cur.head.dep_ in ("prep", "case", "pobj") or (
                cur.dep_ == "pobj" and cur.head.dep_ == "prep"):
            nxt = cur.head.head if cur.head.dep_ == "prep" else cur.head
            if nxt.pos_ == "VERB" and nxt.dep_ == "acl" and nxt.tag_ == "VBN":
                nxt = nxt.head  # "men [recruited into the unit]", "a soldier [based in X]"
            if nxt.pos_ not in ("NOUN", "PROPN", "NUM", "PRON"):
                break
            cur = nxt
        else:
            break
    if first_conditional is not None or unit_like is not None:
        return first_conditional or unit_like  # type: ignore[return-value]
    doc = noun.doc
    start = clause.left_edge.i if clause is not None else noun.i
    for i in range(start - 1, max(sent_of(noun).start, start - 14) - 1, -1):
        t = doc[i]
        if _is_person(t, strict=True):
            return t
        if t.text in (";", ":") or (t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp")):
            break
    return noun


LEFT_COUNT_WORDS = word_set("en", "syntax", "left_count_words")


def extend_left(phrase: list[Token]) -> list[Token]:
    """Take back a count the parser cut off: "About 40 [mobilised men ...]"; drop a date the
    parser hung inside ("[On November 10,] about 70 mobilised soldiers")."""
    if not phrase:
        return phrase
    if phrase[0].pos_ == "ADP":
        comma = next((k for k, t in enumerate(phrase[:8]) if t.text == ","), None)
        if comma is not None and any(t.ent_type_ in ("DATE", "TIME") for t in phrase[:comma]):
            phrase = phrase[comma + 1:]
            if not phrase:
                return phrase
    doc = phrase[0].doc
    i = phrase[0].i - 1
    added: list[Token] = []
    while i >= 0 and not doc[i].is_space and not doc[i].is_punct:
        t = doc[i]  # the parser may even end a sentence at "Forty" | "Pskov paratroopers"
        if t.ent_type_ in ("DATE", "TIME"):
            break  # "on October 27 [dozens of men]"
        if t.like_num or t.lower_ in LEFT_COUNT_WORDS or (t.pos_ == "ADJ" and added):
            added.insert(0, t)
            i -= 1
            continue
        break
    if added and any(t.like_num or t.lower_ in ("several", "dozens", "hundreds", "dozen")
                     for t in added):
        return added + phrase
    return phrase


def is_ancestor(a: Token, b: Token) -> bool:
    """True when `a` dominates `b` in the parse (or is `b`)."""
    return a == b or a.is_ancestor(b)


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above `tok` (or `tok` itself when it is a verb)."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in VERB_POS:
            return cur
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def verb_chain(tok: Token) -> Iterator[Token]:
    """`tok` and its ancestors, nearest first."""
    yield tok
    yield from tok.ancestors


def noun_phrase(head: Token, cut: Iterable[Token] = ()) -> list[Token]:
    """The tokens of the phrase headed by `head`, without the subtrees of the `cut` tokens.

    Relative clauses are kept; the phrase is made contiguous by stopping at the first gap.
    """
    banned: set[int] = set()
    for c in cut:
        if c.i != head.i and head.is_ancestor(c):
            banned.update(t.i for t in c.subtree)
    for c in head.children:  # "in June 2024 Bondarenko refused": the date dates the verb
        if c.i < head.i and c.dep_ in ("prep", "nmod", "npadvmod") and any(
                t.ent_type_ == "DATE" for t in c.subtree):
            banned.update(t.i for t in c.subtree)
    toks = [t for t in head.subtree if t.i not in banned]
    # keep the contiguous run around the head
    idx = [t.i for t in toks]
    lo = hi = head.i
    s = set(idx)
    while lo - 1 in s:
        lo -= 1
    while hi + 1 in s:
        hi += 1
    doc = head.doc
    out = [doc[i] for i in range(lo, hi + 1)]
    while out and (out[-1].is_punct or out[-1].dep_ in ("cc", "punct")) and out[-1] != head:
        out.pop()
    while out and (out[0].is_punct or out[0].dep_ == "cc") and out[0] != head:
        out.pop(0)
    return out


def has_military_cue(tokens: Iterable[Token]) -> bool:
    """True when a phrase has a word that makes people in it military."""
    ws = lower_words(tokens)
    return bool(ws & lx.MILITARY_CUES)


def _rank_before_name(t: Token) -> bool:
    """ "Private Alexei Popov": a capitalised rank the tagger took for an adjective."""
    doc = t.doc
    return t.pos_ == "ADJ" and t.text[:1].isupper() and t.i + 1 < len(doc) and \
        doc[t.i + 1].pos_ == "PROPN"


def person_head(tokens: list[Token]) -> Token | None:
    """The first token of a phrase that names military people (soldiers, marines, OMON ...)."""
    for t in tokens:
        if (t.lower_ in lx.PERSON_NOUNS or t.lemma_.lower() in lx.PERSON_NOUNS) and (
                t.pos_ in ("NOUN", "PROPN") or t.lower_ in ("military", "mobilised", "mobilized")
                or _rank_before_name(t)):
            return t
    return None


def is_military_group(tokens: list[Token]) -> bool:
    """True when a phrase names servicemen: a person noun, or people with a military word."""
    if not tokens:
        return False
    head = min(tokens, key=lambda t: len(list(t.ancestors)))
    if head.lower_ in lx.COMMAND_NOUNS or head.lemma_.lower() in lx.COMMAND_NOUNS:
        return False
    if head.lower_ in lx.KIN_NOUNS:
        return False  # "a soldier's wife": kin of a serviceman
    if person_head(tokens) is not None:
        return True
    ws = lower_words(tokens)
    if ws & lx.CONDITIONAL_PERSON_NOUNS and ws & lx.MILITARY_CUES:
        return True
    return bool(ws & {"omon", "sobr", "rosgvardia", "wagner", "pmc", "vdv"})


def children_by_dep(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def is_negated(tok: Token) -> bool:
    """True when `tok` (a verb or noun) carries a negation: "not", "never", "n't", "no"."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in ("never", "not", "n't"):
            return True
        if c.dep_ == "det" and c.lower_ in lx.NEGATIVE_DETERMINERS:
            return True
    return False


def quoted(tok: Token) -> bool:
    """True when `tok` stands inside quotation marks in its paragraph (a rough count)."""
    doc = tok.doc
    start = tok.idx
    line_start = doc_text(doc).rfind("\n", 0, start) + 1
    before = doc_text(doc)[line_start:start]
    straight = before.count('"')
    curly = before.count("“") - before.count("”")
    return straight % 2 == 1 or curly > 0


# A group counted after its name: "a tank crew of three", "a group of five".
COUNTED_COLLECTIVES = word_set("en", "syntax", "counted_collectives")


def repair_counted_collective(verb: Token) -> bool:
    """Re-hang a verb the parser read as a clause of the number after a collective noun.

    "A tank crew of three deserted near Pokrovsk in May, X reported" comes out as
    "three [deserted ...]" with "in May" on "crew" and "crew" on "reported"; the crew is the
    subject of "deserted", and what follows the verb belongs to it. True when repaired.
    """
    num = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or not num.like_num \
            or num.dep_ != "pobj" or num.head.lower_ != "of":
        return False
    group = num.head.head
    if group.lower_ not in COUNTED_COLLECTIVES or group.i > verb.i:
        return False
    later = [c for c in group.children if c.i > verb.i]
    top = group.head
    if top == group:
        verb.head = verb
        verb.dep_ = "ROOT"
    else:
        verb.head = top
        verb.dep_ = "ccomp" if top.lemma_.lower() in lx.REPORT_VERBS else group.dep_
    group.head = verb
    group.dep_ = "nsubj"
    for c in later:
        c.head = verb
    return True


# Participles of the status verbs that open a group's name: "mobilised men", "drafted soldiers".
STATUS_PARTICIPLES = word_set("en", "syntax", "status_participles")
_PREMODIFIER_DEPS = ("nsubj", "npadvmod", "compound", "nummod", "amod", "dep")


def _premodifier(participle: Token) -> Token | None:
    """The word right before `participle`, when it heads a phrase the parser made its subject
    or modifier ("Dagestani", "Twenty Dagestani", "Chuvash")."""
    if participle.i == 0:
        return None
    prev = participle.doc[participle.i - 1]
    top = prev
    while top.head != participle and top.head != top and top.head.i < participle.i:
        top = top.head
    if top.head != participle or top.dep_ not in _PREMODIFIER_DEPS:
        return None
    if top.like_num or top.pos_ in ("PROPN", "ADJ", "NOUN", "NUM"):
        return top
    return None


def _main_verb(participle: Token, noun: Token) -> Token | None:
    """The finite verb the group is the subject of: the noun's own head under the participle
    ("men [nsubj] refused [ccomp]"), or a verb hung on the participle after the noun."""
    if noun.head != participle:
        verb = noun.head
        if verb.head == participle and verb.pos_ in VERB_POS and verb.i > noun.i \
                and noun.dep_ in ("nsubj", "nsubjpass"):
            return verb
        if participle.head == verb and participle.dep_ in ("ccomp", "advcl", "dep") and \
                verb.pos_ in VERB_POS and verb.i > noun.i and noun.dep_ in ("nsubj", "nsubjpass"):
            return verb  # "Thirteen [nsubj] mobilised [ccomp] men [nsubj] said": hung below
        return None
    for c in participle.rights:
        if c.i > noun.i and c.pos_ in VERB_POS and c.dep_ in ("ccomp", "dep", "conj", "parataxis"):
            if any(s.dep_ in SUBJECT_DEPS for s in c.children):
                return None  # "Russia mobilised men, and they refused": a clause of its own
            return c
    # "X reported on Friday that twelve mobilised men had refused": in a reported clause the
    # parser may hang the real verb beside the participle, on the verb of saying
    top = participle.head
    if top == participle or participle.dep_ not in ("ccomp", "conj"):
        return None
    for c in top.rights:
        if c.i > noun.right_edge.i and c.pos_ in VERB_POS and c.dep_ == participle.dep_:
            if any(s.dep_ in SUBJECT_DEPS or s.dep_ == "mark" for s in c.children):
                return None
            return c
    return None


def repair_status_participles(doc: Iterable[Token]) -> int:
    """Re-hang "Dagestani mobilised men refused ..." where the parser took the participle for
    the main verb (the demonym or number its subject, the men its object or the subject of a
    clause under it): the men are the subject of the verb after them, the participle and the
    words before it modify the men. Returns how many were repaired.
    """
    repaired = 0
    for p in doc:
        if p.lower_ not in STATUS_PARTICIPLES or p.tag_ not in ("VBD", "VBN"):
            continue
        if _repair_trailing_participle(p):
            repaired += 1
            continue
        if p.tag_ != "VBD":
            continue
        tokens = p.doc
        if p.i + 1 >= len(tokens):
            continue
        noun = tokens[p.i + 1]
        if not _person_word(noun):
            continue
        pre = _premodifier(p)
        verb = _main_verb(p, noun) if pre is not None else None
        if pre is None or verb is None:
            continue
        later = [c for c in p.children if c not in (pre, noun, verb)]
        _make_subject_of(noun, verb, p, "amod")
        pre.head = noun
        pre.dep_ = "nummod" if pre.like_num else "amod"
        for c in later:
            c.head = verb
        repaired += 1
    return repaired


def _person_word(t: Token) -> bool:
    """A word for people, whatever part of speech a misparse gave it (cf. _is_person)."""
    return (t.lower_ in lx.PERSON_NOUNS or t.lemma_.lower() in lx.PERSON_NOUNS
            or t.lower_ in lx.CONDITIONAL_PERSON_NOUNS)


def _make_subject_of(noun: Token, verb: Token, participle: Token, dep: str) -> None:
    """Re-hang a misparse: `verb` takes the participle's place in the tree, `noun` becomes
    its subject, and the participle describes the noun (as `dep`)."""
    top = participle.head
    if top == verb:
        pass  # the participle hung under the verb: the verb keeps its place
    elif top == participle:
        verb.head = verb
        verb.dep_ = "ROOT"
    else:
        verb.head = top
        verb.dep_ = participle.dep_
    noun.head = verb
    noun.dep_ = "nsubj"
    participle.head = noun
    participle.dep_ = dep
    participle.tag_ = "VBN"


def _repair_trailing_participle(p: Token) -> bool:
    """ "Twenty men mobilised in Omsk deserted ...", parsed with "mobilised" as the main verb
    and "deserted" hung under it without a subject of its own: the men deserted, and
    "mobilised in Omsk" describes them. True when repaired."""
    subj = [c for c in p.lefts if c.dep_ == "nsubj"]
    if not subj or any(c.dep_ in ("dobj", "aux", "auxpass", "neg") for c in p.children):
        return False
    noun = subj[-1]
    if not _person_word(noun):
        return False
    if noun.right_edge.i != p.i - 1:
        return False
    verbs = [c for c in p.rights if c.pos_ in VERB_POS and c.tag_ in ("VBD", "VBZ", "VBP", "VBN")
             and c.dep_ in ("advcl", "conj", "ccomp", "dep")
             and not any(s.dep_ in SUBJECT_DEPS or s.dep_ in ("aux", "auxpass")
                         for s in c.children)]
    if not verbs:
        return False
    verb = verbs[0]
    if any(c.dep_ == "mark" for c in verb.children) or any(
            c.dep_ == "cc" and verb.i > c.i > p.i for c in p.children):
        return False  # "mobilised in 2022 after they ...", "were mobilised and then ..."
    if verb.tag_ == "VBN":
        verb.tag_ = "VBD"  # "Soldiers drafted in 2022 deserted ...": the finite verb
    later = [c for c in p.children if c.i > verb.i or c.dep_ == "punct" and c.i > p.i
             and c.i >= verb.left_edge.i]
    _make_subject_of(noun, verb, p, "acl")
    for c in later:
        c.head = verb
    for c in [c for c in p.lefts if c is not noun]:
        c.head = verb
    return True
