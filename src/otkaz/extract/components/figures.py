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
from otkaz.lang import join_pieces, pattern, resource, word_set

FigureCandidate = dict[str, Any]

if not Doc.has_extension("otkaz_figures"):
    Doc.set_extension("otkaz_figures", default=None)

NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                       r"twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                       r"thousand|dozens?|several|scores)\b", re.IGNORECASE)
FIGURE_CUES = re.compile(r"\b(?:cases?|sentence[sd]?|verdicts?|convict\w*|charge[sd]?|"
                         r"proceedings|trials?|filings?|help\w*|number|figure|total|count\w*|"
                         r"rose|fell|grew|increased|dropped|reached|compared|such|refus\w*|"
                         r"desert\w*|left|AWOL|abandon\w*|fled)\b", re.IGNORECASE)
CHANGE_VERBS = word_set("en", "figures", "change_verbs")
RATE_AFTER = re.compile(pattern("en", "figures", "rate_after"), re.IGNORECASE)
EXACT_IN_BRACKETS = re.compile(pattern("en", "figures", "exact_in_brackets"))
MILITARY_DISTRICT = re.compile(r"\b(?:Southern|Western|Central|Eastern|Northern|Leningrad|"
                               r"Moscow) Military District\b")


OFFENCE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (rule["measure"], re.compile(join_pieces(rule["pattern"]), re.IGNORECASE))
    for rule in resource("en", "figures")["offence_words"])
UMBRELLA = re.compile(pattern("en", "figures", "umbrella"), re.IGNORECASE)
BACK_REFERENCE = re.compile(pattern("en", "figures", "back_reference"), re.IGNORECASE)
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


def _governor(tok: Token) -> Token:
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur
        cur = cur.head
    return cur


def _helped(gov: Token) -> bool:
    if gov.lemma_.lower() == "help" and any(
            c.dep_ == "dobj" and c.lower_ in lx.HELP_GOALS and c.i > 0 and c.nbor(-1).pos_ in (
                "NOUN", "PROPN") for c in gov.children):
        return True  # "helped 520 military personnel desert": "desert" parsed as the noun
    if gov.lemma_.lower() in lx.HELP_GOALS and gov.dep_ in ("xcomp", "ccomp") and \
            gov.head.lemma_.lower() == "help":
        return True  # "helped 7,000 servicemen [nsubj] to leave": parsed onto the goal
    if gov.lemma_.lower() != "help":
        return False
    goals = [c for c in gov.subtree if c.dep_ in ("xcomp", "ccomp", "advcl")
             and c.lemma_.lower() in lx.HELP_GOALS]
    return bool(goals)


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


def _places(sent: Span) -> list[tuple[int, int]]:
    out = [(sent.start_char + m.start(), sent.start_char + m.end())
           for m in MILITARY_DISTRICT.finditer(sent.text)]
    for span, tok in pl.places_in(list(sent)):
        if tok.dep_ in ("compound", "nmod") and tok.head.lemma_.lower() in NAMED_BODIES:
            continue  # "the Mediazona outlet", "the Vesna project": a name, not a place
        if pl.is_demonym(tok) and not pl.is_place(tok) and tok.ent_type_ != "NORP":
            continue  # "Buryat": where people come from, not where a figure is counted
        if doc_text(sent.doc)[span[0]:span[1]].lower() not in pl.NOT_HOME:
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
    return sorted(found)


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


def _other_side(gov: Token, noun: Token) -> bool:
    phrases = [noun.subtree] + [c.subtree for c in gov.children
                                if c.dep_ in ("nsubj", "nsubjpass")]
    return any(lx.UKRAINIAN_SIDE.search(" ".join(t.text for t in p)) for p in phrases)


NUMBER_OF = re.compile(r"\b(?:the|its|their) (?:number|total|tally|count) of\b", re.IGNORECASE)
STATE_VERBS = word_set("en", "figures", "state_verbs")


def _number_of(text: str, start: int, gov: Token) -> bool:
    """ "The number of people convicted under Article 332 remains small: 12 in May"."""
    before = text[:start]
    return bool(NUMBER_OF.search(before)) and (
        before.rstrip().endswith(":") or gov.lemma_.lower() in STATE_VERBS)


def _tally_of_refusers(noun: Token, gov: Token) -> bool:
    return (noun.lemma_.lower() in lx.REFUSER_NOUNS or noun.lower_ in lx.REFUSER_NOUNS) and \
        gov.lemma_.lower() in lx.TALLY_VERBS


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


def find_figures(doc: Doc) -> list[FigureCandidate]:
    """Numbers that are figures, each with its measure (or follow-up mark) and context."""
    from otkaz.normalize.counts import find_counts

    out: list[FigureCandidate] = []
    last_cue: tuple[int, str] | None = None  # where the last sentence naming an offence ends
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
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            last = span[-1]
            noun = _counted_noun(last)
            if noun.lemma_.lower() in lx.NOT_FIGURE_NOUNS or noun.lower_ in lx.NOT_FIGURE_NOUNS:
                continue
            gov = _governor(last)
            slot_end = counts[n + 1][0] if n + 1 < len(counts) else len(text)
            measure: str | None = None
            follow = False
            is_case = noun.lemma_.lower() in lx.CASE_NOUNS or noun.lower_ in lx.CASE_NOUNS
            if _helped(gov) or (gov.lemma_.lower() == "help" and out and out[-1][
                    "measure"] == "helped_to_leave"):
                measure = "helped_to_leave"
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
                if measure is None and not follow:
                    measure = _default_measure(out, doc_text(doc)[sent.end_char:
                                                                  sent.end_char + 400])
            elif _elliptic(last, noun, out, sent, start, bool(own := [
                    c for c in _cues(text) if e <= c[0] < slot_end])):
                measure = own[0][2] if own else None  # "..., 51 under Article 332"
                follow = not own  # "600 convictions in 2021, while in 2022 there were 1,000"
            elif _follow_up(last, gov, sent, start) and out:
                follow = True  # its own cue, if it names one ("cases of desertion rose to 142")
                measure = _measure_near(text, s)
            elif _tally_of_refusers(noun, gov):
                measure = "refusers"  # "the group has recorded 300 refusals since May"
            if measure is None and not follow and _number_of(text, s, gov):
                measure = _measure_near(text, s)  # "The number convicted ... : 12 in May"
            if measure is None and not follow:
                continue
            if _one_group(gov, noun, doc):
                continue  # "the court sentenced seven servicemen of the 6th Corps": a case
            if _other_side(gov, noun):
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
                "dates": _dates(sent), "places": _places(sent),
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
