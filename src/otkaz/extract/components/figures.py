"""`otkaz_figures`: aggregate numbers of AWOL, desertion and refusal cases, sentences, and
people helped to leave.

    >>> doc = nlp("Courts received 412 cases under Article 337 in May.")
    >>> [(f["measure"], doc.text[slice(*f["value"])]) for f in doc._.otkaz_figures]
    [('awol_cases', '412')]

A number is a figure when it counts cases or sentences and a measure cue (Article 337,
"leaving a unit without permission", ...) stands near it, or it counts people an
organisation helped to leave, or it follows up an earlier figure ("In June the number rose
to 468", "58 such cases", "compared with 22 in December"): then `measure` is None and
`follow_up` True, and the document step takes the measure of the figure before.
Death tolls, mobilisation totals, requests and money are never figures.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from otkaz.extract import lexicon as lx
from otkaz.extract.components import places as pl
from otkaz.extract.components.arguments import SPAN_REFERENCE
from otkaz.extract.components.cache import doc_text, release, sents
from otkaz.extract.components.syntax import char_span
from otkaz.lang import join_pieces, pattern, phrases, resource, word_set

FigureCandidate = dict[str, Any]

if not Doc.has_extension("otkaz_figures"):
    Doc.set_extension("otkaz_figures", default=None)

NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                       r"twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                       r"hundreds?|thousands?|dozens?|several|scores)\b", re.IGNORECASE)
FIGURE_CUES = re.compile(r"\b(?:cases?|sentence[sd]?|verdicts?|convict\w*|charge[sd]?|"
                         r"proceedings|trials?|filings?|help\w*|assist\w*|number|figure|total|count\w*|"
                         r"rose|fell|grew|increased|dropped|reached|compared|such|refus\w*|"
                         r"desert\w*|left|AWOL|abandon\w*|fled)\b", re.IGNORECASE)
CHANGE_VERBS = word_set("en", "figures", "change_verbs")
HELP_VERBS = word_set("en", "figures", "help_verbs")
DRAFT_NOUNS = word_set("en", "figures", "draft_nouns")
RATE_AFTER = re.compile(pattern("en", "figures", "rate_after"), re.IGNORECASE)
EXACT_IN_BRACKETS = re.compile(pattern("en", "figures", "exact_in_brackets"))
MILITARY_DISTRICT = re.compile(r"\b(?:Southern|Western|Central|Eastern|Northern|Leningrad|"
                               r"Moscow) Military District\b")


OFFENCE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (rule["measure"], re.compile(join_pieces(rule["pattern"]), re.IGNORECASE))
    for rule in resource("en", "figures")["offence_words"])
UMBRELLA = re.compile(pattern("en", "figures", "umbrella"), re.IGNORECASE)
BACK_REFERENCE = re.compile(pattern("en", "figures", "back_reference"), re.IGNORECASE)
BREAKDOWN = re.compile(pattern("en", "figures", "breakdown"), re.IGNORECASE)
BREAKDOWN_AFTER = re.compile(pattern("en", "figures", "breakdown_after"), re.IGNORECASE)
WHOLE_COUNTRIES = frozenset(p.lower() for p in phrases("en", "figures", "whole_countries"))
CHARGE_VERBS = word_set("en", "figures", "charge_verbs")
CONVICT_VERBS = word_set("en", "figures", "convict_verbs")
REGISTER_VERBS = word_set("en", "figures", "register_verbs")
DESERTER_MARKS = word_set("en", "figures", "deserter_marks")
PARTITIVE_PRONOUNS = word_set("en", "figures", "partitive_pronouns")
OTHER_OFFENCES = word_set("en", "figures", "other_offences")
CIVILIAN_NOUNS = word_set("en", "figures", "civilian_nouns")
RELATIVE_OFFENCES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (measure, frozenset(words.split()))
    for measure, words in resource("en", "figures")["relative_offences"].items())
# Between two offences of one list: a comma or "and"/"or", no number and no clause break.
_LIST_GAP = re.compile(r"[^.;:!?\d]{0,45}")
_LIST_JOIN = re.compile(r",|\b(?:and|or|as well as|nor)\b")

Cue = tuple[int, int, str]


def _offence_lists(text: str) -> list[Cue]:
    """Offences of several articles named together ("for unauthorised leave and desertion"):
    one cue for their total, `convictions`."""
    words = sorted({(m.start(), m.end(), measure) for measure, regex in
                    (*lx.MEASURE_RES, *OFFENCE_WORDS) for m in regex.finditer(text)})
    out: list[Cue] = []
    run: list[Cue] = []
    for w in words:
        if run and (w[0] <= run[-1][1] or (
                _LIST_GAP.fullmatch(gap := text[run[-1][1]:w[0]]) and _LIST_JOIN.search(gap))):
            run.append((w[0], max(w[1], run[-1][1]), w[2]))
            continue
        if len({m for _, _, m in run} - {"convictions"}) >= 2:
            out.append((run[0][0], run[-1][1], "convictions"))
        run = [w]
    if len({m for _, _, m in run} - {"convictions"}) >= 2:
        out.append((run[0][0], run[-1][1], "convictions"))
    return out


def _cues(text: str) -> list[Cue]:
    cues = [(m.start(), m.end(), measure) for measure, regex in lx.MEASURE_RES
            for m in regex.finditer(text)]
    cues += [(m.start(), m.end(), "convictions") for m in UMBRELLA.finditer(text)]
    lists = _offence_lists(text)
    cues = [c for c in cues if not any(a <= c[0] and c[1] <= b for a, b, _ in lists)]
    return sorted(cues + lists)


def _measure_near(text: str, pos: int, end: int | None = None, slot_end: int | None = None
                  ) -> str | None:
    """The measure whose cue stands nearest to character `pos` of `text`; a cue that follows
    the number before the next one ("9,059 cases of unauthorised absence, 627 ...") first."""
    if any(measure == "convictions" and regex.search(text) for measure, regex in lx.MEASURE_RES):
        return "convictions"  # "under Articles 337 and 338"
    cues = _cues(text)
    if end is not None:
        after = [c for c in cues if end <= c[0] < (len(text) if slot_end is None else slot_end)]
        if after:
            return after[0][2]
    best: tuple[int, str] | None = None
    for start, stop, measure in cues:
        d = min(abs(start - pos), abs(stop - pos))
        if best is None or d < best[0]:
            best = (d, measure)
    return best[1] if best else None


def _measures_ahead(text: str) -> set[str]:
    """The measures that the text after a total names ("the number includes 9,059 cases of
    ... 627 cases of ..."): several make the total a `convictions` figure."""
    return {m for _, _, m in _cues(text)} | {
        measure for measure, regex in OFFENCE_WORDS if regex.search(text)}


def _default_measure(before: list[FigureCandidate], ahead: str) -> str | None:
    """A count of cases naming no offence: the offence of the figures before it when they
    share one, the total of all when they name several ("929 criminal cases were brought ...
    844 of unauthorised absence, 43 of insubordination and 42 of desertion")."""
    told = {f["resolved"] for f in before if f.get("resolved")}
    if len(told) == 1:
        return told.pop()
    if told or len(_measures_ahead(ahead) - {"convictions", "helped_to_leave", "refusers"}) >= 2:
        return "convictions"
    return None


def _counted_noun(tok: Token) -> Token:
    """The noun a number counts: "412 cases" -> cases, "Up to 200 of the cases" -> cases."""
    doc = tok.doc
    for t in doc[tok.i + 1:min(len(doc), tok.i + 5)]:
        if t.pos_ == "NOUN" and t.ent_type_ != "DATE":
            if t.dep_ == "compound" and t.head.i > t.i and t.head.pos_ == "NOUN":
                return t.head  # "25,000 AWOL cases": cases
            return t
        if t.pos_ not in ("ADJ", "DET") and t.lower_ not in ("such", "more", "new", "of",
                                                              "the"):
            break
    cur = tok
    if cur.dep_ in ("nummod", "quantmod", "amod", "compound") and cur.head.i > cur.i:
        cur = cur.head
        while cur.dep_ in ("nummod", "quantmod") and cur.head.i > cur.i:
            cur = cur.head
    for p in cur.children:
        if p.dep_ == "prep" and p.lower_ == "of":
            for o in p.children:
                if o.dep_ == "pobj":
                    return o
    return cur


def _accused(noun: Token) -> tuple[str | None, tuple[int, int]] | None:
    """Cases counted against people told by what they did ("250 cases against soldiers who
    refused to fight"): the measure that their verb names (None for a verb of no offence),
    and the characters of those people, who are counted here, not a case of their own."""
    preps = list(noun.children)
    if noun.dep_ == "dobj":  # "opened 300 cases against ...": the parser hangs it on the verb
        preps += [c for c in noun.head.children if c.i > noun.i]
    for prep in preps:
        if prep.dep_ != "prep" or prep.lower_ not in ("against", "involving"):
            continue
        for people in prep.children:
            if people.dep_ != "pobj":
                continue
            verbs = [t for t in people.subtree if t.pos_ == "VERB" and t.i > people.i]
            measure = next((m for t in verbs for m, lemmas in RELATIVE_OFFENCES
                            if t.lemma_.lower() in lemmas), None)
            subtree = list(people.subtree)
            return measure, (subtree[0].idx, subtree[-1].idx + len(subtree[-1]))
    return None


def _governor(tok: Token) -> Token:
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur
        cur = cur.head
    return cur


def _helped(gov: Token) -> bool:
    helps = gov.lemma_.lower() in HELP_VERBS
    if helps and any(
            c.dep_ == "dobj" and c.lower_ in lx.HELP_GOALS and c.i > 0 and c.nbor(-1).pos_ in (
                "NOUN", "PROPN") for c in gov.children):
        return True  # "helped 520 military personnel desert": "desert" parsed as the noun
    if gov.lemma_.lower() in lx.HELP_GOALS and gov.dep_ in ("xcomp", "ccomp") and \
            gov.head.lemma_.lower() in HELP_VERBS:
        return True  # "helped 7,000 servicemen [nsubj] to leave": parsed onto the goal
    if not helps:
        return False
    # "helped 500 soldiers to desert" ("desert" read as a noun after "to"), "assisted 800
    # soldiers in fleeing the army"
    goals = [c for c in _own_goals(gov) if c.dep_ in ("xcomp", "ccomp", "advcl", "pcomp",
                                                       "pobj") and (
        c.dep_ != "pobj" or c.head.lower_ == "to")]
    return bool(goals)


def _own_goals(gov: Token) -> list[Token]:
    """The goal verbs in `gov`'s clause, not in a verb joined to it ("helped 1,500 desert and
    assisted 43,000 in avoiding conscription": "avoiding" is the second verb's)."""
    out = []
    for c in gov.subtree:
        if c == gov or c.lemma_.lower() not in lx.HELP_GOALS:
            continue
        path, cur = [], c
        while cur != gov and cur.head != cur:
            path.append(cur)
            cur = cur.head
        if cur == gov and not any(t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") for t in path):
            out.append(c)
    return out


def _kept_from_draft(gov: Token) -> bool:
    """"helped 43,000 men avoid conscription": civilians kept out of the army, not servicemen
    out of the war."""
    goals = [gov, *_own_goals(gov)] if gov.lemma_.lower() in lx.HELP_GOALS else _own_goals(gov)
    return any(o.dep_ == "dobj" and o.lemma_.lower() in DRAFT_NOUNS
               for g in goals for o in g.children)


def _follow_up(tok: Token, gov: Token, sent: Span, value_start: int) -> bool:
    if gov.lemma_.lower() in CHANGE_VERBS:
        return True
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("to", "with") and (
            head.head.lemma_.lower() in CHANGE_VERBS | {"compare"} or head.head.lower_ in (
                "compared", "against", "versus")):
        return True
    before = doc_text(sent.doc)[sent.start_char:value_start]
    return bool(lx.FOLLOW_UP_NUMBER.search(before)) and bool(
        re.search(r"\b(?:to|with|and)\s*$", before))


def _elliptic(tok: Token, noun: Token, out: list[FigureCandidate], sent: Span, start: int,
              own_cue: bool) -> bool:
    """A bare number after a figure of the same sentence, with a date or an offence of its own:
    the same count for another period or article ("In 2021, 600 convictions were issued,
    while in 2022, there were nearly 1,000"; "820 cases under Article 337, 51 under Article
    332")."""
    if noun.pos_ in ("NOUN", "PROPN") and noun != tok:
        return False
    before = [f for f in out if f["sent"] == (sent.start_char, sent.end_char)]
    if not before:
        return False
    between = (before[-1]["value"][1], start)
    return own_cue or any(between[0] <= a and b <= between[1] for a, b in _dates(sent))


def _formation(before: str) -> bool:
    """ "soldiers of the Southern Military District": the district is their formation, not
    where the figure is counted (as in "courts of the Southern Military District")."""
    m = _OWNER_OF.search(before)
    word = m.group(1).lower() if m else ""
    return bool(word) and bool({word, word[:-1]} & (lx.PERSON_NOUNS | lx.CONDITIONAL_PERSON_NOUNS))


def _own_places(places: list[tuple[int, int]], noun: Token) -> list[tuple[int, int]]:
    """The places inside the counted phrase ("1,800 soldiers held in DNR prisons"), when it
    names one; else those of the sentence."""
    span = char_span(list(noun.subtree))
    own = [p for p in places if span and span[0] <= p[0] and p[1] <= span[1]]
    return own or places


_OWNER_OF = re.compile(r"\b([A-Za-z]+)\s+(?:of|from)\s+(?:the\s+)?(?:Russia['’]s\s+)?$")


def _places(sent: Span) -> list[tuple[int, int]]:
    out = [(sent.start_char + m.start(), sent.start_char + m.end())
           for m in MILITARY_DISTRICT.finditer(sent.text) if not _formation(sent.text[:m.start()])]
    for span, tok in pl.places_in(list(sent)):
        if tok.dep_ in ("compound", "nmod") and tok.head.lemma_.lower() in NAMED_BODIES:
            continue  # "the Mediazona outlet", "the Vesna project": a name, not a place
        if pl.is_demonym(tok) and not pl.is_place(tok) and tok.ent_type_ != "NORP":
            continue  # "Buryat": where people come from, not where a figure is counted
        name = doc_text(sent.doc)[span[0]:span[1]].lower()
        if MILITARY_DISTRICT.search(doc_text(sent.doc)[span[0]:span[1]]) and _formation(
                doc_text(sent.doc)[sent.start_char:span[0]]):
            continue
        if name not in pl.NOT_HOME and name not in WHOLE_COUNTRIES:
            out.append(span)
    return out


NAMED_BODIES = lx.OUTLET_WORDS | word_set("en", "figures", "named_bodies")


REPORTING = word_set("en", "figures", "reporting")


def _reported(doc: Doc, span: tuple[int, int]) -> bool:
    """ "published on Monday": the date of a report, not of what it counts."""
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None:
        return False
    gov = _governor(tokens.root)
    if any(c.dep_ == "mark" for c in gov.children):
        return False  # "since mobilisation was announced": a time, not a report
    if gov.tag_ in ("VBZ", "VBP"):
        return False  # "In 2023, the project says it helped ...": says now, of 2023
    return gov.lemma_.lower() in REPORTING and gov.pos_ in ("VERB", "AUX")


# "..., the highest monthly number since the start of the invasion": the date a comparison
# reaches back to, not the period the number covers.
_COMPARED = re.compile(r"\b(?:highest|lowest|largest|biggest|smallest|greatest|most|fewest|"
                       r"record|first time)\b[^,;.()]{0,40}$", re.IGNORECASE)


def _compared(sent: Span, span: tuple[int, int]) -> bool:
    text = sent.doc.text
    return text[span[0]:span[0] + 6].lower() == "since " and bool(
        _COMPARED.search(text[sent.start_char:span[0]]))


def _dates(sent: Span) -> list[tuple[int, int]]:
    from otkaz.normalize.dates import find_dates

    found = [(sent.start_char + s, sent.start_char + e) for s, e, _ in find_dates(
        sent.text, SPAN_REFERENCE, periods=True)]
    found = [f for f in found if not _reported(sent.doc, f) and not _compared(sent, f)]
    for ent in sent.ents:
        if ent.label_ == "DATE" and not _reported(sent.doc, (ent.start_char, ent.end_char)) \
                and not any(s < ent.end_char and ent.start_char < e for s, e in found):
            found.append((ent.start_char, ent.end_char))
    return sorted(f for f in found if not _dateline(doc_text(sent.doc), f))


# "MOSCOW, 30 June 2025 –" or "ISLAMABAD: 30 June 2025 –": the date of the dispatch.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z .'-]{2,30}[:,]?[ \t]*(?:\(\w+\)[ \t]*)?$")
_DATELINE_AFTER = re.compile(r"^[ \t]*(?:[,:]?[ \t]*)?[–—-]")


def _dateline(text: str, span: tuple[int, int]) -> bool:
    return bool(_DATELINE_BEFORE.search(text[max(0, span[0] - 50):span[0]])) and bool(
        _DATELINE_AFTER.match(text[span[1]:span[1] + 5]))


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in index:
            return n + index[t.i]
    return 99


def _order_dates(doc: Doc, figs: list[FigureCandidate]) -> None:
    """A number lists its dates nearest first in the parse ("October, when we helped 131,
    and December, when we helped 142"), then in the text."""
    for fig in figs:
        value = doc.char_span(fig["value"][0], fig["value"][1], alignment_mode="expand")
        if value is not None:
            ranks = {span: _date_rank(doc, span, fig, value.root) for span in fig["dates"]}
            fig["dates"] = sorted(fig["dates"], key=ranks.__getitem__)


def _date_rank(doc: Doc, span: tuple[int, int], fig: FigureCandidate, root: Token
               ) -> tuple[int, int, int]:
    d = doc.char_span(span[0], span[1], alignment_mode="expand")
    tree = tree_distance(d.root, root) if d is not None else 99
    after = int(span[0] > fig["value"][0])
    return tree, after, min(abs(span[0] - fig["value"][1]), abs(fig["value"][0] - span[1]))


def _split_evidence(figs: list[FigureCandidate]) -> None:
    """Numbers sharing a clause ("in October, when we helped 131, and December, 142") each
    keep the part of it up to the next number."""
    figs.sort(key=lambda f: f["value"][0])
    for i, fig in enumerate(figs):
        lo = figs[i - 1]["value"][1] if i > 0 else fig["evidence"][0]
        hi = figs[i + 1]["value"][0] if i + 1 < len(figs) else fig["evidence"][1]
        start, end = max(fig["evidence"][0], lo), min(fig["evidence"][1], hi)
        if start < fig["value"][0] and end > fig["value"][1]:
            fig["evidence"] = (start, end)
        else:
            fig["evidence"] = (min(start, fig["value"][0]), max(end, fig["value"][1]))


ARTICLES_OF_UKRAINE = re.compile(r"\bArticles? 40[78]\b")


def _other_side(gov: Token, noun: Token, sent: str) -> bool:
    phrases = [noun.subtree] + [c.subtree for c in gov.children
                                if c.dep_ in ("nsubj", "nsubjpass")]
    return any(lx.UKRAINIAN_SIDE.search(" ".join(t.text for t in p)) for p in phrases) or \
        lx.ukrainian_frame(sent)


NUMBER_OF = re.compile(r"\b(?:the|its|their) (?:number|total|tally|count) of\b", re.IGNORECASE)
STATE_VERBS = word_set("en", "figures", "state_verbs")


def _number_of(text: str, start: int, gov: Token) -> bool:
    """ "The number of people convicted under Article 332 remains small: 12 in May", "the
    number of AWOL cases rose to 1,200"."""
    before = text[:start]
    return bool(NUMBER_OF.search(before)) and (
        before.rstrip().endswith(":") or gov.lemma_.lower() in STATE_VERBS | CHANGE_VERBS)


def _tally_of_refusers(noun: Token, gov: Token) -> bool:
    """ "The group has recorded 300 refusals", "300 desertions were logged": what is tallied is
    the verb's object or passive subject; "two deserters received asylum" did it themselves."""
    return (noun.lemma_.lower() in lx.REFUSER_NOUNS or noun.lower_ in lx.REFUSER_NOUNS) and \
        gov.lemma_.lower() in lx.TALLY_VERBS and not (noun.dep_ == "nsubj" and noun.head == gov)


def _one_group(gov: Token, noun: Token, doc: Doc) -> bool:
    """Servicemen sentenced as one group: a named unit, or one court that sentenced them."""
    while noun.dep_ in ("compound", "amod") and noun.head.i > noun.i and noun.head.pos_ == "NOUN":
        noun = noun.head  # "two contract soldiers": soldiers, not contract
    if not (noun.lower_ in lx.PERSON_NOUNS or noun.lemma_.lower() in lx.PERSON_NOUNS
            or noun.lower_ in lx.CONDITIONAL_PERSON_NOUNS):
        return False
    span = char_span(list(noun.subtree))
    if span and pl.units_in(doc_text(doc)[span[0]:span[1]]):
        return True
    subjects = [c for c in gov.children if c.dep_ == "nsubj"]
    return bool(subjects) and subjects[0].lemma_.lower() in ("court", "tribunal") and \
        subjects[0].tag_ == "NN"


def _other_offence(after: str) -> bool:
    """An offence that is not ours is named after the number before any of ours."""
    words = re.finditer(r"[A-Za-z]+", after)
    first = next((m for m in words if m.group().lower() in OTHER_OFFENCES), None)
    if first is None:
        return False
    return not any(c[0] < first.start() for c in _cues(after))


def _is_person(noun: Token) -> bool:
    return noun.lemma_.lower() in lx.PERSON_NOUNS or noun.lower_ in lx.PERSON_NOUNS or \
        noun.lower_ in lx.CONDITIONAL_PERSON_NOUNS or noun.lower_ in lx.REFUSER_NOUNS or \
        noun.lower_ in PARTITIVE_PRONOUNS


def _verbs(gov: Token) -> set[str]:
    """The lemmas of a governing verb and the verbs it governs ("were considered to have
    left": consider, leave)."""
    return {gov.lemma_.lower()} | {c.lemma_.lower() for c in gov.children
                                   if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"}


def _refusal_told(noun: Token, gov: Token) -> bool:
    """Someone refused or deserted in the clause of the counted people: a trigger of the
    clause (not negated), a deserter word, or "escaped fighters"."""
    if noun.lower_ in lx.REFUSER_NOUNS or noun.lemma_.lower() in lx.REFUSER_NOUNS or any(
            c.lower_ in DESERTER_MARKS for c in noun.children):
        return True
    registered = bool(_verbs(gov) & REGISTER_VERBS)
    if registered and any(t.lower_ in lx.REFUSER_NOUNS for t in gov.subtree):
        return True  # "were listed as deserters"
    scope = {t.i for t in gov.subtree} | {t.i for c in noun.children if c.dep_ in (
        "acl", "relcl") for t in c.subtree}
    for trig in noun.doc._.otkaz_triggers or []:
        status = trig["status"]
        if trig["i"] in scope and (status in ("ok", "general") or (
                status == "hypothetical" and registered)):
            return True
    return False


def _statistic(tok: Token, gov: Token, rng_low: int) -> bool:
    """A count of people over time, not one group on one occasion: a large number, a register
    ("were listed as deserters") or a vague number ("hundreds of soldiers refusing"). Smaller
    groups told with "have refused" or "since" are left to the mentions, which know whether
    the group is situated (a place, a date, one assault)."""
    if rng_low >= 1000:
        return True
    if rng_low < 100:
        return False
    return tok.lower_ in ("hundreds", "thousands") or bool(_verbs(gov) & REGISTER_VERBS)


def _people_measure(tok: Token, noun: Token, gov: Token, own: str | None, low: int
                    ) -> str | None:
    """The measure of a count of people: convicted people are convictions, charged people
    refusers (each unless one article is named after them), people against whom cases were
    opened refusers, and people who refused or deserted, counted as a statistic, refusers."""
    if low < 100:
        return None  # a few people sentenced or charged: one case, or the court's figure
    verbs = _verbs(gov)
    received = any(c.dep_ == "dobj" and c.lemma_.lower() in lx.SENTENCE_NOUNS
                   for c in gov.children)  # "17,721 had received their convictions"
    if verbs & CONVICT_VERBS or received:
        return own or "convictions"
    if verbs & CHARGE_VERBS:  # "charged with refusing to serve": people, not cases
        return own if own not in (None, "convictions") else "refusers"
    if noun.dep_ == "pobj" and noun.head.lower_ == "against" and (
            noun.head.head.lemma_.lower() in lx.CASE_NOUNS or any(
                c.dep_ == "dobj" and c.lemma_.lower() in lx.CASE_NOUNS
                for c in noun.head.head.children)):
        return "refusers"  # "criminal cases against 20,662 men" (however it is parsed)
    if noun.lower_ in PARTITIVE_PRONOUNS or noun == tok or any(
            c.dep_ == "conj" and c.lower_ in CIVILIAN_NOUNS for c in noun.children):
        return None  # "deserters and draft dodgers": not all of them servicemen
    if _refusal_told(noun, gov) and _statistic(tok, gov, low):
        return "refusers"
    return None


def _breakdown(text: str, s: int, e: int, out: list[FigureCandidate], last_count: int | None,
               start: int) -> bool:
    """A part of the figure told just before it ("the number includes 9,059 ...", "12,000
    of them"): no other number between them."""
    return bool(out) and last_count == out[-1]["value"][1] and \
        start - out[-1]["value"][1] < 600 and bool(
            BREAKDOWN.search(text[:s]) or BREAKDOWN_AFTER.match(text[e:]))


def find_figures(doc: Doc) -> list[FigureCandidate]:
    """Numbers that are figures, each with its measure (or follow-up mark) and context."""
    from otkaz.normalize.counts import find_counts

    out: list[FigureCandidate] = []
    last_cue: tuple[int, str] | None = None  # where the last sentence naming an offence ends
    last_count: int | None = None  # where the last number read ends, figure or not
    for sent in sents(doc):
        text = sent.text
        counts = find_counts(text) if NUMBERISH.search(text) and FIGURE_CUES.search(
            text) and not ARTICLES_OF_UKRAINE.search(text) else []
        for n, (s, e, _rng) in enumerate(counts):
            if _rng.low == 1 and _rng.high == 1:
                continue  # "a soldier", "one deserter": a person, not a count of cases
            after = text[e:counts[n + 1][0] if n + 1 < len(counts) else len(text)]
            if RATE_AFTER.search(after):
                continue  # "500 sentences per month": a rate
            start, end = sent.start_char + s, sent.start_char + e
            previous_count, last_count = last_count, end
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            last = span[-1]
            noun = _counted_noun(last)
            if noun.lemma_.lower() in lx.NOT_FIGURE_NOUNS or noun.lower_ in lx.NOT_FIGURE_NOUNS:
                continue
            if _other_offence(text[e:counts[n + 1][0] if n + 1 < len(counts) else len(text)]):
                continue  # "convicted of evading conscription": not refusing to fight
            gov = _governor(last)
            slot_end = counts[n + 1][0] if n + 1 < len(counts) else len(text)
            measure: str | None = None
            follow = False
            is_case = noun.lemma_.lower() in lx.CASE_NOUNS or noun.lower_ in lx.CASE_NOUNS
            person = not is_case and (_is_person(noun) or noun == last)
            own = next((c[2] for c in _cues(text) if e <= c[0] < slot_end), None)
            accused = _accused(noun) if is_case else None
            low = _rng.low or _rng.high or 0
            if _kept_from_draft(gov):
                continue
            if _helped(gov) or (gov.lemma_.lower() in HELP_VERBS and out and out[-1][
                    "measure"] == "helped_to_leave"):
                measure = "helped_to_leave"
            elif person and (people := _people_measure(last, noun, gov, own, low)):
                measure = people  # "10,085 people have been charged, 8,594 of whom sentenced"
            elif is_case or gov.lemma_.lower() in ("sentence", "convict"):
                measure = _measure_near(text, s, e, slot_end)
                back = BACK_REFERENCE.search(text)
                if measure is None and back:  # "such cases", "for these violations": the
                    # offence named last, or the figure told after it
                    if out and (last_cue is None or last_cue[0] < out[-1]["value"][0]):
                        measure = out[-1]["resolved"]
                    elif last_cue is not None:
                        measure = last_cue[1]
                if measure is None and out and not back and \
                        re.search(r"\bthe\b", text[max(0, s - 5):e + 12]) and out[-1][
                            "sent"][1] >= sent.start_char - 400:
                    follow = True  # "Up to 200 of the July cases"
                if measure is None and not follow and accused:
                    measure = accused[0]  # "cases against soldiers who refused to fight"
                if measure is None and not follow:
                    measure = _default_measure(out, doc_text(doc)[sent.end_char:
                                                                  sent.end_char + 400])
            elif _elliptic(last, noun, out, sent, start, own is not None):
                measure = own  # "..., 51 under Article 332"
                follow = own is None  # "600 convictions in 2021, while in 2022, 1,000"
            elif _follow_up(last, gov, sent, start) and out:
                follow = True  # its own cue, if it names one ("cases of desertion rose to 142")
                measure = _measure_near(text, s)
            elif _tally_of_refusers(noun, gov):
                measure = "refusers"  # "the group has recorded 300 refusals since May"
            if measure is None and not follow and _number_of(text, s, gov):
                measure = _measure_near(text, s)  # "The number convicted ... : 12 in May"
            if _breakdown(text, s, e, out, previous_count, start):
                follow = True  # "the number includes 9,059 cases of ...": its period, source
            if measure is None and not follow:
                continue
            if _one_group(gov, noun, doc) and low < 1000:
                continue  # "the court sentenced seven servicemen of the 6th Corps": a case
            if _other_side(gov, noun, text):
                continue  # "Ukrainian prosecutors opened 60,000 cases": not Russia's army
            if noun.lower_ in ("civilians",) or "Article 328" in text:
                continue
            clause = [t for t in gov.subtree] if gov.pos_ in ("VERB", "AUX") else list(sent)
            exact = EXACT_IN_BRACKETS.match(text[e:])
            value = (sent.start_char + e + exact.start(1), sent.start_char + e + exact.end(1)) \
                if exact else (start, end)  # "more than seven hundred (718)": 718
            out.append({
                "measure": measure, "follow_up": follow,
                "resolved": measure or (out[-1]["resolved"] if out else None),
                "value": value, "sent": (sent.start_char, sent.end_char),
                "evidence": char_span(clause) or (sent.start_char, sent.end_char),
                "dates": _dates(sent), "places": _own_places(_places(sent), noun),
                "people": accused[1] if accused else None,
            })
        here = [f for f in out if f["sent"] == (sent.start_char, sent.end_char)]
        _order_dates(doc, here)
        _split_evidence(here)
        cues = _cues(text)
        if cues and (told := _measure_near(text, len(text))) is not None:
            last_cue = (sent.start_char + cues[-1][0], told)
    return out


@Language.component(
    "otkaz_figures",
    requires=["token.dep"],
    assigns=["doc._.otkaz_figures"],
)
def figures_component(doc: Doc) -> Doc:
    """Store figure candidates in `doc._.otkaz_figures`."""
    doc._.otkaz_figures = find_figures(doc)
    release(doc)
    return doc
