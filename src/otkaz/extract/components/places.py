"""Place phrases, unit names and date phrases in a parsed sentence.

    >>> place_phrase(doc[7])  # "... positions in the Lugansk region"
    (40, 55)

A token is in a place when the gazetteer ruler marked it (doc.spans["otkaz_places"]) or the
NER called it GPE/LOC; a place phrase runs over the compounds of its head ("the Lugansk
region", "Luhansk People's Republic"), without the determiner.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from spacy.tokens import Doc, Span, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components.cache import doc_text
from otkaz.extract.components.syntax import CharSpan
from otkaz.lang import word_set

PLACE_SPANS_KEY = "otkaz_places"
REGION_WORDS = word_set("en", "places", "region_words")
NOT_HOME = word_set("en", "places", "not_home")
HOME_PARTICIPLES = word_set("en", "places", "home_participles")
PLACE_PREPS = word_set("en", "places", "place_preps")
DESTINATION_PREPS = word_set("en", "places", "destination_preps")
SETTLEMENT_NOUNS = word_set("en", "places", "settlement_nouns")

_UNIT_WORD = (r"(?:battalion|regiment|brigade|division|company|detachment|squadron|platoon"
              r"|corps|base|army|flotilla)")
_UNIT_MOD = (r"(?:\s+(?:Guards?|Separate|Motori[sz]ed|Mechani[sz]ed|Motor|Rifle|Tank|Artillery"
             r"|Military|Air|Assault|Airborne|Naval|Infantry|Marine|Special|Forces|Engineering"
             r"|Reconnaissance|Combined|Arms|Volunteer|Territorial|Defen[cs]e|Storm|[A-Z][\w'-]+"
             r"|motor|motori[sz]ed|mechani[sz]ed|rifle|tank|artillery|assault|airborne|naval"
             r"|infantry|marine|special|engineering|reconnaissance|guards|combined|arms"
             r"|separate|air|storm|sapper|engineer|volunteer))")
UNIT_RE = re.compile(
    rf"(?<![\w-])(?P<unit>(?:\d{{1,4}}(?:st|nd|rd|th)|[A-Z][\w'-]+)(?:{_UNIT_MOD}){{0,4}}\s+"
    rf"(?i:{_UNIT_WORD})(?:\s+of\s+the\s+\d{{1,4}}(?:st|nd|rd|th)(?:{_UNIT_MOD}){{0,4}}\s+"
    rf"(?i:{_UNIT_WORD}))?)(?![\w-])"
)
NAMED_UNIT_RE = re.compile(
    r"\b(?:private military company|PMC|volunteer (?:battalion|unit|detachment)|battalion"
    r"|detachment|company|unit)\s+(?P<unit>[«\"“]?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?[»\"”]?)"
)
PARTITIVE_FROM = re.compile(r"\b(?:most|all|many|some|half|several|majority) of them"
                            r"(?: [\w-]+){0,2} from (?:[\w-]+ ){0,3}(?:in |of )?(?:the )?$")
_INDEFINITE = re.compile(r"\b(?:a|an|one|any|every|each|another|some)\s+$", re.IGNORECASE)


def place_tokens(doc: Doc) -> set[int]:
    """Indices of tokens that lie in a gazetteer place or a GPE/LOC entity."""
    out: set[int] = set()
    if PLACE_SPANS_KEY in doc.spans:
        for span in doc.spans[PLACE_SPANS_KEY]:
            out.update(range(span.start, span.end))
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            out.update(range(ent.start, ent.end))
    return out


def _places(doc: Doc) -> set[int]:
    cached = doc.user_data.get("otkaz_place_tokens")
    if cached is None:
        cached = place_tokens(doc)
        doc.user_data["otkaz_place_tokens"] = cached
    return cast(set[int], cached)


def is_place(tok: Token) -> bool:
    return tok.i in _places(tok.doc)


def is_demonym(tok: Token) -> bool:
    """ "South Ossetian", "Buryat": a NORP adjective that is not Russian or Ukrainian, or a
    region's demonym the NER missed ("Tuvan soldiers", "Buryat servicemen")."""
    if tok.lower_ in NOT_HOME:
        return False
    return tok.ent_type_ == "NORP" or _listed_demonym(tok)


def _listed_demonym(tok: Token) -> bool:
    """A region's demonym from the gazetteer, not the first word of a name ("Crimean Wind")."""
    if tok.text not in _region_demonyms():
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is None or not nxt.text.istitle() or nxt.lower_ in lx.UNIT_NOUNS


@lru_cache(maxsize=1)
def _region_demonyms() -> frozenset[str]:
    try:
        from otkaz.normalize.places import region_demonyms
    except ImportError:
        return frozenset()
    return frozenset(d for d in region_demonyms() if " " not in d)


def place_phrase(tok: Token) -> CharSpan | None:
    """The place phrase that `tok` heads or lies in: its compounds and region word, no "the"."""
    head = tok
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i > head.i and (
            is_place(head.head) or head.head.lower_ in REGION_WORDS):
        head = head.head
    parts = [head]
    for c in head.lefts:
        if c.dep_ in ("compound", "amod", "nmod", "poss", "case") and not c.like_num and (
                c.pos_ == "PROPN" or is_place(c) or c.dep_ == "case"):
            parts.extend(c.subtree)
    parts = sorted(set(parts), key=lambda t: t.i)
    while parts and parts[0].lower_ in ("the", "'s"):
        parts.pop(0)
    # "People's Republic" after a place name
    last = parts[-1] if parts else head
    nxt = last.i + 1
    doc = tok.doc
    tail = doc[nxt:nxt + 3]
    if [t.lower_ for t in tail] in (["people", "'s", "republic"], ["people", "’s", "republic"]):
        parts.extend(tail)
        last = tail[-1]
        nxt = last.i + 1
    while nxt < len(doc) and doc[nxt].lower_ in REGION_WORDS and doc[nxt].i == last.i + 1:
        last = doc[nxt]
        parts.append(last)
        nxt += 1
    if not parts:
        return None
    for span in tok.doc.spans.get(PLACE_SPANS_KEY, []):  # the gazetteer's extent wins
        if span.start <= parts[-1].i < span.end or span.start <= parts[0].i < span.end:
            lo, hi = min(parts[0].i, span.start), max(parts[-1].i, span.end - 1)
            parts = list(tok.doc[lo:hi + 1])
            break
    if not any(is_place(p) or is_demonym(p) for p in parts) and not (
            head.lower_ in REGION_WORDS and any(p.pos_ == "PROPN" for p in parts)):
        return None
    return parts[0].idx, parts[-1].idx + len(parts[-1].text)


def prep_of(tok: Token, stop: Token | None = None) -> Token | None:
    """The preposition that introduces the phrase `tok` lies in (below `stop`)."""
    cur = tok
    for _ in range(8):
        if cur.dep_ == "prep" or (cur.pos_ == "ADP" and cur.dep_ != "pobj"):
            return cur
        if cur.head == cur or cur == stop:
            return None
        cur = cur.head
    return None


def places_in(tokens: list[Token]) -> list[tuple[CharSpan, Token]]:
    """Place phrases among `tokens`, in order, each with its first place token."""
    seen: set[CharSpan] = set()
    out: list[tuple[CharSpan, Token]] = []
    for t in tokens:
        if not (is_place(t) or is_demonym(t)) or t.text.islower():
            continue  # "in absentia": the NER's lower-case "places" are words
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if t.ent_type_ == "PERSON" and nxt is not None and nxt.ent_type_ == "PERSON" and \
                nxt.ent_iob_ == "I":
            continue  # "Vladimir Putin's war": a town's name as a person's first name
        if _owner_country(t):
            continue  # "Russia's Sverdlovsk region": the region is the place
        span = place_phrase(t)
        if span is None or span in seen or any(s[0] <= span[0] < s[1] for s in seen):
            continue
        seen.add(span)
        out.append((span, t))
    return out


# The breakaway entities: "the DNR's corps" names a side, not where its men come from.
PROXY_ENTITIES = re.compile(r"^(?:the )?(?:DNR|LNR|DPR|LPR|(?:Donetsk|Luhansk|Lugansk) "
                            r"People'?s Republic)(?:'s)?$", re.IGNORECASE)


def is_affiliation(span: CharSpan, tok: Token) -> bool:
    """True for a breakaway entity named as the owner of a force ("the DNR's 1st Army Corps"),
    not "the 105th Regiment of the Donetsk People's Republic" or "from the DNR" (origins)."""
    text = doc_text(tok.doc)
    if not PROXY_ENTITIES.match(text[span[0]:span[1]].strip()):
        return False
    if not (text[span[0]:span[1]].endswith(("'s", "’s")) or
            text[span[1]:span[1] + 2] in ("'s", "’s")):
        return False
    prep = prep_of(tok)
    return prep is None or prep.lower_ != "from"


def is_home_word(text: str) -> bool:
    words = text.lower().replace("'s", "").split()
    return bool(words) and not set(words) & NOT_HOME


def units_in(text: str, offset: int = 0, formations: bool = True) -> list[CharSpan]:
    """Named units in `text` ("3rd battalion of the 1425th regiment", "Plastun company")."""
    out: list[CharSpan] = []
    for regex in (UNIT_RE, NAMED_UNIT_RE):
        for m in regex.finditer(text):
            start, end = m.span("unit")
            first = m.group("unit").split()[0].strip("«\"“").lower()
            if regex is NAMED_UNIT_RE:  # «Baikal», "Baikal": the name, not its quotes
                inner = m.group("unit")
                start += len(inner) - len(inner.lstrip("«\"“"))
                end -= len(inner) - len(inner.rstrip("»\"”"))
            if first in lx.UNIT_SKIP_NAMES or _INDEFINITE.search(text[max(0, start - 12):start]):
                continue
            if regex is NAMED_UNIT_RE and first in lx.UNIT_NOUNS:
                continue
            if regex is UNIT_RE and m.group("unit").split()[0] in _region_demonyms() and \
                    re.match(r"\s+[«\"“]?[A-Z]", text[end:end + 3]):
                continue  # "the Tuvan battalion Aldan": its name is the unit, Tuvan its home
            if any(s <= start + offset < e for s, e in out):
                continue
            out.append((start + offset, end + offset))
    for m in lx.KNOWN_FORMATIONS.finditer(text if formations else ""):
        if not any(s <= m.start() + offset < e for s, e in out) and not _INDEFINITE.search(
                text[max(0, m.start() - 12):m.start()]):
            out.append((m.start() + offset, m.end() + offset))
    return sorted(out)


def span_tokens(doc: Doc, span: CharSpan) -> Span | None:
    return doc.char_span(span[0], span[1], alignment_mode="expand")


def home_and_place_in_actor(phrase: list[Token]) -> tuple[list[CharSpan], list[CharSpan]]:
    """(homes, places) named inside an actor phrase: "men from Omsk" (home), "men in Mari El"
    (place), "the OMON unit in Khakassia" (a unit's home), "the DNR's corps" (neither)."""
    homes: list[CharSpan] = []
    places: list[CharSpan] = []
    inside = {t.i for t in phrase}
    for span, tok in places_in(phrase):
        text = doc_text(tok.doc)[span[0]:span[1]]
        prep = prep_of(tok)
        if prep is not None and prep.i in inside:
            above = prep.head
            word = prep.lower_
            if is_affiliation(span, tok):
                continue  # "a serviceman of the DNR's 1st Army Corps": a side, not a home
            if above.lemma_.lower() in MOVED:
                if word in DESTINATION_PREPS:
                    places.append(span)  # "soldiers, who were transferred to Kursk, ..."
                if word in DESTINATION_PREPS or word == "from":
                    continue  # "transferred from Crimea": where they were before
            if _posted_people(above):
                places.append(span)  # "men stationed at a base in the Luhansk region"
                continue
            if word == "in" and names_unit(above):
                homes.append(span)  # "officers of the OMON unit in Khakassia": its home
                continue
            if word in ("in", "near", "at", "on") and above.lemma_.lower() not in \
                    HOME_PARTICIPLES and above.lower_ not in HOME_PARTICIPLES and \
                    not any(a.lower_ == "from" for a in prep.ancestors if a.i in inside):
                places.append(span)  # "mobilised men in Mari El": where they were
                continue
        if is_affiliation(span, tok) or _unit_epithet(text, tok):
            continue
        span, text = _without_country_owner(span, text)
        if is_home_word(text):
            homes.append(span)
    return homes, places


def _owner_country(tok: Token) -> bool:
    doc = tok.doc
    return tok.text in ("Russia", "Ukraine") and tok.i + 2 < len(doc) and \
        doc[tok.i + 1].text in ("'s", "’s") and doc[tok.i + 2].text[:1].isupper()


_COUNTRY_OWNER = re.compile(r"^(?:Russia|Ukraine)['’]s (?=[A-Z])")


def _without_country_owner(span: CharSpan, text: str) -> tuple[CharSpan, str]:
    """ "from Russia's Sverdlovsk region": the region is the home; the country only says whose
    region it is (and a country is no home)."""
    m = _COUNTRY_OWNER.match(text)
    if m is None:
        return span, text
    return (span[0] + m.end(), span[1]), text[m.end():]


MOVED = word_set("en", "places", "moved")


def _posted_people(tok: Token) -> bool:
    """ "stationed"/"deployed" said of people (not of a unit): where they were."""
    cur = tok
    for _ in range(3):  # "stationed at a base in X": climb from "base" to the participle
        if cur.lemma_.lower() in ("station", "deploy", "position", "fight", "serve"):
            head = cur.head
            return head.pos_ == "NOUN" and not names_unit(head) and (
                head.lower_ in lx.PERSON_NOUNS or head.lemma_.lower() in lx.PERSON_NOUNS
                or head.lower_ in lx.CONDITIONAL_PERSON_NOUNS)
        if cur.head == cur:
            break
        cur = cur.head
    return False


def _unit_epithet(text: str, tok: Token) -> bool:
    """ "the Kantemirovskaya division", "the Tamanskaya division": a unit's honorific name."""
    return text.lower().endswith(("skaya", "skiy", "skoy")) and " " not in text.strip() and \
        tok.head.lemma_.lower() in lx.UNIT_NOUNS


UNIT_HOLDERS = lx.UNIT_NOUNS | word_set("en", "places", "unit_holders")


def names_unit(tok: Token) -> bool:
    """ "unit", "battalion", "OMON", "police": a body stationed somewhere, not people."""
    return tok.lower_ in UNIT_HOLDERS or tok.lemma_.lower() in UNIT_HOLDERS


def from_right_after(phrase: list[Token]) -> list[CharSpan]:
    """ "a soldier [from Yekaterinburg]" when the parser hung "from ..." on the verb."""
    doc = phrase[0].doc
    nxt = phrase[-1].i + 1
    if nxt + 1 >= len(doc) or doc[nxt].lower_ != "from" or not is_place(doc[nxt + 1]):
        return []
    span = place_phrase(doc[nxt + 1])
    return [span] if span and is_home_word(doc_text(doc)[span[0]:span[1]]) else []


def places_in_clause(clause: list[Token], skip: set[int], motion: bool = False
                     ) -> list[CharSpan]:
    """Where: places after in/near/at/from in the clause; destinations only after motion."""
    out: list[CharSpan] = []
    for span, tok in places_in([t for t in clause if t.i not in skip]):
        if is_demonym(tok) and not is_place(tok):
            continue
        prep = prep_of(tok)
        if prep is not None and prep.lower_ == "of" and prep.head.lower_ in SETTLEMENT_NOUNS:
            prep = prep_of(prep.head)  # "in the village of Robotyne": placed by its "in"
        word = prep.lower_ if prep is not None else ""
        if word in DESTINATION_PREPS and not motion:
            continue
        if not word and not motion and tok.dep_ in ("dobj", "obj") or (
                not word and tok.head.dep_ in ("dobj", "obj") and not motion):
            continue  # "ordered to enter Ukraine", "refused to storm Avdiivka": a target
        if word and word not in PLACE_PREPS | DESTINATION_PREPS:
            continue
        if word == "from" and prep is not None and prep.head.lemma_.lower() in ("return",):
            continue  # "after returning from Ukraine"
        if word in ("in", "near", "at", "outside") and _UNIT_TO_RETURN_TO.search(
                doc_text(tok.doc)[max(0, span[0] - 100):span[0]]):
            continue  # "refused to return to their unit in the Zaporizhzhia region"
        out.append(span)
    return out


# The unit they would go back to: where it stands, not where they refused or deserted.
_UNIT_TO_RETURN_TO = re.compile(
    r"\b(?:return(?:ed|ing|s)?|(?:go|goes|going|went|gone|come|came|coming|report(?:ed)?|"
    r"head(?:ed)?) back|rejoin(?:ed|ing)?)(?: to)? (?:their|his|her|its|the) (?:own )?"
    r"(?:[\w-]+ ){0,3}?(?:unit|units|regiment|battalion|brigade|company|division|base"
    r"|post|ship|detachment) (?:in|near|at|outside) (?:the )?$", re.IGNORECASE)
# (positions are at the front, where the men are: "refused to return to their positions near
# Avdiivka" places the refusal, as "refused to return to positions near Svatove" does)


def from_partitive(doc: Doc, span: CharSpan) -> bool:
    before = doc_text(doc)[max(0, span[0] - 80):span[0]].lower()
    return bool(PARTITIVE_FROM.search(before))
