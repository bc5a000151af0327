"""Parse repairs, declared: the slips of the English parser that news sentences provoke,
fixed before any rule reads the parse.

    >>> nlp.add_pipe("otkaz_parse_repairs", before="otkaz_triggers")

Each repair re-hangs or re-tags tokens so that the rules downstream read the sentence as
a person would; no other component changes the parse.

- "Dagestani mobilised men refused": a status participle parsed as the main verb
  (`syntax.repair_status_participles`);
- "a crew of three deserted near X": a participle tagged as an adjective of the number;
- "a tank crew of three deserted": the verb hung as a clause of the number
  (`syntax.repair_counted_collective`);
- "dozens of marines deserted", "Servicemen from the regiment fled": a word for servicemen,
  lower-case or opening the sentence, tagged as a proper noun;
- "Sergeant Ivanov, along with five comrades, deserted": with the company set off by commas,
  the verb hung as a clause of the last noun and the man left as the root;
- "Five soldiers from Tver then deserted, their relatives said": the verb read as a
  participle of the soldiers, who were made the subject of "said";
- "Two prisoners recruited by Wagner deserted": the reduced relative read as the clause and
  the real verb hung on the last noun of it, the group left as the root;
- "the news site NGS.ru reported", "according to 161.ru", "iStories found": an outlet named
  by its web address or in camel case, tagged as an adverb, a number or a plural noun, is a
  proper noun (after "the site", its name);
- "According to the rights group Agora, twelve marines refused": the name read as the
  subject and the group set off after it as its apposition;
- "According to X, twelve marines deserted in May": the group read as the root and the verb
  as a reduced relative of it, though no other verb is there.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.syntax import repair_counted_collective, repair_status_participles

_PARTICIPLES = {"deserted": "desert", "refused": "refuse"}
# A web address used as a name: "NGS.ru", "161.RU", "Znak.com".
_WEB_NAME = re.compile(r"[\w-]+\.(?:ru|com|org|net|info|media|news|ua|by|kz|io|tv)",
                       re.IGNORECASE)


# A name written in camel case: "iStories", "eNews".
_CAMEL_NAME = re.compile(r"[a-z]{1,3}[A-Z][A-Za-z]+")


def _web_name(tok: Token) -> bool:
    return tok.pos_ != "PROPN" and bool(_WEB_NAME.fullmatch(tok.text) or
                                        _CAMEL_NAME.fullmatch(tok.text))


def _as_name(tok: Token) -> None:
    """Read a web address as the proper noun it is, the name of an outlet noun before it."""
    tok.tag_ = "NNP"
    tok.pos_ = "PROPN"
    tok.lemma_ = tok.text
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.lemma_.lower() in \
            lx.OUTLET_WORDS and tok.dep_ not in ("appos", "compound"):
        tok.head = before
        tok.dep_ = "appos"


def _participle_after_number(tok: Token) -> bool:
    return (tok.dep_ == "amod" and tok.lower_ in _PARTICIPLES and tok.head.like_num
            and tok.head.i < tok.i)  # no adjective follows its noun


def _as_verb(tok: Token) -> None:
    """Read a participle the tagger took for an adjective as the verb it is."""
    tok.tag_ = "VBD"
    tok.pos_ = "VERB"
    tok.lemma_ = _PARTICIPLES[tok.lower_]
    tok.dep_ = "acl"


def _person_lemma(tok: Token) -> str | None:
    """The person noun a lower-case word tagged as a proper noun is ("marines": marine), or a
    capitalised one that opens a sentence ("Servicemen from the regiment ...")."""
    if tok.pos_ != "PROPN" or not (tok.text.islower() or tok.is_sent_start and tok.text.istitle()
                                   and tok.i + 1 < len(tok.doc)
                                   and not tok.doc[tok.i + 1].text.istitle()):
        return None
    low = tok.lower_
    singular = low[:-3] + "man" if low.endswith("men") else low[:-1] if low.endswith("s") else ""
    for lemma in (singular, tok.lemma_.lower()):
        if lemma and lemma in lx.PERSON_NOUNS:
            return lemma
    return None


def _verb_after_set_off_company(tok: Token) -> Token | None:
    """The man a misparsed "NAME, along with N others, VERBED" leaves as the root, or None."""
    if tok.dep_ != "acl" or tok.tag_ not in ("VBD", "VBN") or tok.i < 2 or \
            tok.doc[tok.i - 1].text != "," or tok.lemma_.lower() not in lx.TRIGGER_VERBS:
        return None
    root = tok.sent.root
    if root.pos_ not in ("PROPN", "NOUN") or root.i >= tok.i or not root.is_ancestor(tok):
        return None
    company = [p for p in root.children if p.dep_ == "prep" and p.i > root.i
               and p.lower_ in ("along", "together", "with")]
    if not company and not any(c.dep_ == "advmod" and c.lower_ == "together"
                               for p in root.children for c in p.children):
        return None
    return root


def _reported_verb_read_as_participle(tok: Token) -> tuple[Token, Token] | None:
    """(the group, the reporting verb) of a misparsed "GROUP VERBED, X said", or None."""
    if tok.lower_ not in _PARTICIPLES or tok.dep_ not in ("acl", "amod"):
        return None
    group = tok.head
    if group.dep_ != "nsubj" or group.i > tok.i:
        return None
    verb = group.head
    if verb.lemma_.lower() not in lx.REPORT_VERBS or not any(
            c.dep_ == "nsubj" and c.i > tok.i for c in verb.children):
        return None
    return group, verb


def _verb_after_reduced_relative(tok: Token) -> Token | None:
    """The group a misparsed "N NOUNS recruited by X VERBED" leaves as the root, or None."""
    if tok.dep_ != "acl" or tok.lemma_.lower() not in lx.TRIGGER_VERBS or tok.i < 3:
        return None
    root = tok.sent.root
    if root.pos_ not in ("NOUN", "PROPN") or root.i >= tok.i or not root.is_ancestor(tok):
        return None
    relative = [c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"
                and c.i < tok.i and c.is_ancestor(tok)]
    return root if relative and not any(t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT"
                                        for t in tok.sent) else None


def _group_after_named_source(tok: Token) -> tuple[Token, Token] | None:
    """(the descriptor or preposition, the group) of a misparsed "According to the group Agora,
    twelve marines refused": the name made the subject and the group its apposition; else
    None."""
    if tok.pos_ != "PROPN" or tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    name = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    first = min([tok.i, *(c.i for c in name)])
    if first == 0:
        return None
    descriptor = tok.doc[first - 1]  # or the preposition: "According to iStories, ..."
    lemma = descriptor.lemma_.lower()
    if descriptor.pos_ == "ADP":
        if not (descriptor.lower_ in ("to", "by") and descriptor.dep_ == "prep"):
            return None
    elif descriptor.pos_ != "NOUN" or descriptor.dep_ != "pobj" or not (
            lemma in lx.OUTLET_WORDS or lemma in lx.ORGANISATION_WORDS
            or lemma in lx.PERSON_TITLE_WORDS):
        return None
    groups = [c for c in tok.rights if c.dep_ == "appos" and (
        c.lemma_.lower() in lx.PERSON_NOUNS or c.lower_ in lx.PERSON_NOUNS)
        and tok.doc[c.left_edge.i - 1].text == ","]
    return (descriptor, groups[0]) if groups else None


def _verb_read_as_relative_of_root(tok: Token) -> Token | None:
    """The group a misparsed "According to X, twelve marines deserted in May" leaves as the
    root, the verb hung under it as a reduced relative though no other verb is there; or
    None."""
    group = tok.head
    if tok.dep_ != "acl" or tok.lemma_.lower() not in lx.TRIGGER_VERBS or tok.tag_ not in (
            "VBD", "VBN") or group.dep_ != "ROOT" or group.pos_ != "NOUN" or group.i > tok.i:
        return None
    if group.lemma_.lower() not in lx.PERSON_NOUNS or not any(
            c.dep_ == "prep" and c.i < group.i and c.lower_ == "according"
            for c in group.children):
        return None
    return group if not any(t.pos_ in ("VERB", "AUX") and t != tok and t.dep_ in (
        "ROOT", "ccomp", "conj") for t in tok.sent) else None


def _as_root_of(verb: Token, subject: Token) -> None:
    """Make `verb` the sentence's main verb, past tense, with `subject` as its subject."""
    verb.head = verb
    verb.dep_ = "ROOT"
    verb.tag_ = "VBD"
    subject.head = verb
    subject.dep_ = "nsubj"


def repair_parse(doc: Doc) -> int:
    """Apply every repair to `doc`; the number of repairs made."""
    made = 0
    for tok in doc:
        lemma = _person_lemma(tok)
        if lemma is not None:
            tok.tag_ = "NN" if tok.lower_ == lemma else "NNS"
            tok.pos_ = "NOUN"
            tok.lemma_ = lemma
            if tok.ent_type_:
                tok.ent_type_ = ""  # no longer a name
            made += 1
    made += repair_status_participles(doc)
    for misparsed in (_verb_after_set_off_company, _verb_after_reduced_relative,
                      _verb_read_as_relative_of_root):
        for tok in doc:
            subject = misparsed(tok)
            if subject is not None:
                fronted = [c for c in subject.children if c.dep_ == "prep" and c.i < subject.i]
                _as_root_of(tok, subject)
                for c in fronted:  # "According to X, ..." tells of the verb, not the group
                    c.head = tok
                made += 1
    for tok in doc:
        set_off = _group_after_named_source(tok)
        if set_off is not None:
            descriptor, group = set_off
            group.head, group.dep_ = tok.head, tok.dep_
            tok.head, tok.dep_ = descriptor, "pobj" if descriptor.pos_ == "ADP" else "appos"
            made += 1
    for tok in doc:
        if _web_name(tok):
            _as_name(tok)
            made += 1
    for tok in doc:
        reported = _reported_verb_read_as_participle(tok)
        if reported is not None:
            group, verb = reported
            _as_verb(tok)
            tok.head, tok.dep_ = verb, "ccomp"
            group.head = tok
            made += 1
    for tok in doc:
        if _participle_after_number(tok):
            _as_verb(tok)
            made += 1
    for tok in doc:
        if tok.dep_ == "acl" and tok.lemma_.lower() in lx.TRIGGER_VERBS and \
                repair_counted_collective(tok):
            made += 1
    return made


@Language.component(
    "otkaz_parse_repairs",
    requires=["token.dep", "token.tag", "token.lemma"],
    assigns=["token.dep", "token.head", "token.tag", "token.pos", "token.lemma"],
)
def parse_repairs_component(doc: Doc) -> Doc:
    """Repair the parse of `doc` in place (see the module docstring)."""
    repair_parse(doc)
    return doc
