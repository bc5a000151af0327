"""One Russian document to a Report: mentions folded into incidents, plus figures.

    >>> from datetime import date
    >>> r = extract_russian(Document("d", "Двенадцать омоновцев из Краснодара отказались "
    ...                                   "ехать на Украину.", date(2022, 3, 1)))
    >>> [(i.type, i.actor, i.count.low, i.home, i.geo["home"].name) for i in r.incidents]
    [('refusal', 'Двенадцать омоновцев из Краснодара', 12, 'Краснодара', 'Krasnodar')]

Mentions in text order join the current incident unless they name another group (other
personnel, another resolved place); a mention without a group of its own ("они отказались")
only adds evidence. A document about Ukraine's forces, or one opening on a fake or its denial,
gives nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from otkaz.extract.document import drop_generic_groups
from otkaz.extract.ru.attribution import find_sources, unique_sources
from otkaz.extract.ru.dates import find_dates
from otkaz.extract.ru.fields import (
    actor_count,
    group_counts,
    locations,
    outcome_spans,
    read_force,
    read_personnel,
    read_units,
    word_span,
)
from otkaz.extract.ru.figures import find_figures
from otkaz.extract.ru.mentions import Mention, find_mentions
from otkaz.extract.ru.numbers import find_counts
from otkaz.extract.ru.parse import Sentence, parse
from otkaz.extract.ru.vocab import low, other_side, rx
from otkaz.lang import alternation, word_set
from otkaz.models import Document, Incident, Place, Range, Report

Span = tuple[int, int]


@dataclass
class _Group:
    members: list[Mention] = field(default_factory=list)

    text: str = ""

    @property
    def lead(self) -> Mention:
        """The member whose words name the group best: the first with a number in its actor
        ("шестеро дезертиров" over a headline's "бежавшие россияне"), else the first with one."""
        named = [m for m in self.members if m.actor]
        counted = [m for m in named if m.actor and find_counts(self.text[m.actor[0]:m.actor[1]])]
        return (counted or named or self.members)[0]


def _skip_document(text: str, sents: list[Sentence]) -> bool:
    lowered = low(text)
    cues = rx("polarity", "alternatives", "ukrainian_forces").findall(lowered)
    if len(cues) >= 2 and not rx("polarity", "alternatives", "russian_side").search(lowered):
        return True
    opening = low(text[:sents[1].end] if len(sents) > 1 else text)
    return bool(rx("polarity", "alternatives", "denial").search(opening))


def _place_of(m: Mention, sents: dict[Span, Sentence], text: str) -> Place | None:
    for kind, _span, entry in locations(sents[m.sent], text):
        if kind == "place" and entry is not None and entry.precision != "country":
            return entry
    return None


def _take_the_bound(m: Mention, text: str) -> None:
    """"Около" and "несколько" hang off the number, not the noun, so the parse leaves them out
    of the actor's subtree: the actor takes the whole count phrase it starts inside."""
    if not m.actor:
        return
    lo = max(m.sent[0], m.actor[0] - 20)
    for c in find_counts(text[lo:m.actor[1]], lo):
        if c.span[0] < m.actor[0] < c.span[1]:
            m.actor = (c.span[0], m.actor[1])


def _fold(mentions: list[Mention], sents: dict[Span, Sentence], text: str) -> list[_Group]:
    groups: list[_Group] = []
    for m in mentions:
        if not groups:
            if m.actor:
                groups.append(_Group([m], text))
            continue
        current = groups[-1]
        if m.actor and current.lead.actor:
            mine = set(read_personnel(text[m.actor[0]:m.actor[1]]))
            theirs = set(read_personnel(text[current.lead.actor[0]:current.lead.actor[1]]))
            here, there = _place_of(m, sents, text), _place_of(current.lead, sents, text)
            same_noun = (m.actor_head is not None and current.lead.actor_head is not None
                         and m.actor_head.lemma == current.lead.actor_head.lemma)
            if (mine and theirs and not mine & theirs) or (
                    here and there and here.name != there.name and not same_noun):
                groups.append(_Group([m], text))
                continue
        current.members.append(m)
    return groups


def _incident(group: _Group, sents: dict[Span, Sentence], order: list[Sentence], text: str,
              doc: Document, single: bool, figure_sents: frozenset[Span] = frozenset(),
              taken: frozenset[Span] = frozenset()) -> Incident:
    """The incident of `group`; `taken` are the sentences of other groups and of figures."""
    lead = group.lead
    sent_spans = sorted({m.sent for m in group.members})
    evidence = [(s, e) for s, e in sent_spans]
    incident_type = "refusal" if any(m.type == "refusal" for m in group.members) else "desertion"
    actor_span = lead.actor or lead.trigger
    inc = Incident(incident_type, text[actor_span[0]:actor_span[1]], evidence=evidence)
    inc.spans["actor"] = actor_span
    if lead.actor_head is not None and lead.actor:
        inc.count = actor_count(sents[lead.sent], lead.actor_head, text, lead.actor)
    if inc.count is not None and inc.count.low != inc.count.high:
        # "несколько сотен" in the headline, "порядка 500" in the lede: the exact value wins
        exact = [c.value for m in group.members if m.actor
                 for c in find_counts(text[m.actor[0]:m.actor[1]])
                 if c.value.low is not None and c.value.low == c.value.high
                 and (inc.count.low is None or c.value.low >= inc.count.low)
                 and (inc.count.high is None or c.value.low <= inc.count.high)]
        if exact:
            inc.count = exact[0]
    if inc.count is None or inc.count.low is None:
        for span in sent_spans:
            counts = group_counts(text, span)
            if counts:
                inc.count = counts[0].value
                break
    if inc.count is None and single:  # "По ее словам, их было более 20 человек."
        inc.count = _counted_later(order, text)
    actors = " ".join(text[m.actor[0]:m.actor[1]] for m in group.members if m.actor)
    member_text = " ".join(text[s:e] for s, e in sent_spans)
    inc.personnel = read_personnel(actors + " " + member_text)
    inc.force = read_force(actors) or read_force(member_text) or "army"
    if "officer" in inc.personnel and inc.force in ("rosgvardia", "police"):
        inc.personnel.remove("officer")
    unit_scope = [lead.actor or lead.trigger, *sent_spans]
    for lo_, hi_ in unit_scope:
        units = read_units(text[lo_:hi_], lo_)
        if units:
            inc.unit, inc.spans["unit"] = text[units[0][0]:units[0][1]], units[0]
            break
    for span in sent_spans:
        for kind, where, entry in locations(sents[span], text):
            if kind == "home" and inc.home is None:
                inc.home, inc.spans["home"] = text[where[0]:where[1]], where
                if entry:
                    inc.geo["home"] = entry
            elif kind == "place" and inc.place is None and where != inc.spans.get("home"):
                inc.place, inc.spans["place"] = text[where[0]:where[1]], where
                if entry:
                    inc.geo["place"] = entry
    retold = _told_again(sent_spans, order, taken, text, single)
    if inc.place is None:
        holding = word_set("ru", "places", "holding_heads")
        for sent, back in retold:
            told = [(w, e) for kind, w, e in locations(sent, text, heads=None if back else holding)
                    if kind == "place"]
            if told:
                (a, b), entry = told[0]
                inc.place, inc.spans["place"] = text[a:b], (a, b)
                if entry:
                    inc.geo["place"] = entry
                break
    sents_by_start = {s.start: s for s in order}
    for span in sent_spans + [(s.start, s.end) for s, _ in retold]:
        found = [(d, s) for d, s in find_dates(text[span[0]:span[1]], doc.published, span[0])
                 if not _reported(text[max(span[0], s[0] - 25):s[0]])
                 and not _dates_the_telling(sents_by_start[span[0]], s)]
        if found:
            inc.when, inc.spans["when"] = found[0]
            break
    # attribution and outcomes are often stated in the next sentence ("Об этом сообщил ...")
    index = {s.start: k for k, s in enumerate(order)}
    # (the next sentence, unless it tells another group: "В другом случае ..., пишет ASTRA"
    # credits that case only)
    nearby = {k2 for s, _ in sent_spans for k2 in (index[s], index[s] + 1) if k2 < len(order)
              and (k2 == index[s] or (order[k2].start, order[k2].end) not in taken
                   or (order[k2].start, order[k2].end) in figure_sents)}
    scope = [order[k] for k in sorted(nearby)] if not single else order
    source_spans = find_sources(scope, text)
    inc.sources = unique_sources([text[a:b] for a, b in source_spans])
    for i, name in enumerate(inc.sources):
        inc.spans[f"sources.{i}"] = next(sp for sp in source_spans if text[sp[0]:sp[1]] == name)
    # the one group of a document: what followed may be told a few sentences on ("По словам
    # родственников, военных заперли в подвале"), but not in the sentences of figures or law
    outcome_scope = [s for k, s in enumerate(order) if k in nearby or (
        single and (s.start, s.end) not in figure_sents
        and not rx("polarity", "alternatives", "law").search(low(text[s.start:s.end])))]
    found_outcomes = outcome_spans(text, [(s.start, s.end) for s in outcome_scope])
    inc.outcomes = [o for o in ("returned_home", "dismissed", "detained", "threatened",
                                "prosecuted", "convicted", "forced_back", "family_pressured",
                                "released", "fled_abroad", "sued") if o in found_outcomes]
    for i, code in enumerate(inc.outcomes):
        inc.spans[f"outcomes.{i}"] = found_outcomes[code]
    typed = next(m for m in group.members if m.type == incident_type)
    inc.spans["type"] = word_span(text, *typed.trigger)
    count_span = _count_span(group, inc, text, sent_spans)
    if count_span is not None:
        inc.spans["count"] = count_span
    return inc


def _reported(before: str) -> bool:
    """Whether the words right before a date say when it was reported ("сообщили в четверг",
    "стало известно в пятницу"), not when it happened."""
    return bool(re.search(r"(?:" + alternation("ru", "dates", "reported_before") + r")\s*$",
                          low(before)))


def _dates_the_telling(sent: Sentence, date_span: Span) -> bool:
    """Whether the date belongs to the verb of a telling or of the proceedings ("В середине
    ноября жены мобилизованных рассказали ...", "26 октября СКР возбудил дело"): the nearest
    verb above its words in the parse. "К началу октября" ("by") bounds, it does not date."""
    if re.search(r"(?:^|\s)(?:" + alternation("ru", "dates", "bound_before") + r")\s*$",
                 low(_words_before(sent, date_span[0]))):
        return True
    verbs = word_set("ru", "dates", "telling_verbs")
    for tok in sent.tokens:
        if not date_span[0] <= tok.start < date_span[1] or tok.pos == "ADP":
            continue
        head = next((a for a in sent.ancestors(tok) if a.pos in ("VERB", "AUX")), None)
        if head is not None and not (date_span[0] <= head.start < date_span[1]):
            return head.lemma in verbs
    return False


def _words_before(sent: Sentence, start: int) -> str:
    """The words of `sent` right before offset `start` (up to three tokens)."""
    toks = [t.text for t in sent.tokens if t.end <= start][-3:]
    return " ".join(toks)


def _told_again(sent_spans: list[Span], order: list[Sentence], taken: frozenset[Span],
                text: str, single: bool) -> list[tuple[Sentence, bool]]:
    """The sentences after the group's own (up to two on, or any for the one group of a
    document) that tell its event again without a group of their own: one that points back
    at it ("это произошло 25 февраля под Бахмутом", flagged True) or one that tells where its
    men are held ("их удерживали на полигоне в Белгородской области", False). Sentences of
    other groups, figures and the law are not."""
    index = {s.start: k for k, s in enumerate(order)}
    mine = {index[a] for a, _ in sent_spans}
    reach = len(order) if single else 2
    after: set[int] = set()
    for k in mine:  # up to the next sentence of another group or a figure
        for k2 in range(k + 1, min(k + reach + 1, len(order))):
            if (order[k2].start, order[k2].end) in taken:
                break
            after.add(k2)
    out: list[tuple[Sentence, bool]] = []
    for k in sorted(after - mine):
        lowered = low(text[order[k].start:order[k].end])
        if rx("polarity", "alternatives", "law").search(lowered):
            continue
        back = bool(rx("triggers", "alternatives", "event_back").search(lowered))
        held = any(t.lemma in word_set("ru", "places", "holding_heads")
                   for t in order[k].tokens)
        if back or held:
            out.append((order[k], back))
    return out


def _counted_later(order: list[Sentence], text: str) -> Range | None:
    """A count of the group said apart from its story, back-referring with "их" ("их было
    более 20 человек", "всего их около 40")."""
    for s in order:
        lowered = low(text[s.start:s.end])
        for m in rx("actors", "alternatives", "count_back").finditer(lowered):
            counts = find_counts(text[s.start + m.end():s.end], s.start + m.end())
            if counts and counts[0].span[0] - (s.start + m.end()) <= 1:
                return counts[0].value
    return None


def _count_span(group: _Group, inc: Incident, text: str, sent_spans: list[Span]
                ) -> Span | None:
    """Where the count is said: a number of that value in a member's group phrase or
    sentence, else the phrase of the one person it counts."""
    if inc.count is None:
        return None
    for lo_, hi_ in [m.actor for m in group.members if m.actor] + sent_spans:
        for c in find_counts(text[lo_:hi_], lo_):
            if c.value == inc.count:
                return c.span
    if inc.count == Range(1, 1):
        return inc.spans.get("actor")
    return None


def extract_russian(doc: Document) -> Report:
    """The Report of one Russian document; offsets index `doc.text` as given."""
    text = doc.text
    order = parse(text)
    if not order or _skip_document(text, order):
        return Report(doc.id)
    sents = {(s.start, s.end): s for s in order}
    figures = find_figures(order, text, doc.published)
    figure_sents = {(s.start, s.end) for s in order for f in figures for a, _ in f.evidence
                    if s.start <= a < s.end}
    mentions = [m for m in find_mentions(order, text)
                if not other_side(low(text[m.sent[0]:m.sent[1]]))
                and not (m.sent in figure_sents and not _single_person(m))]
    for m in mentions:
        _take_the_bound(m, text)
    groups = _fold(mentions, sents, text)
    incidents = [_incident(g, sents, order, text, doc, len(groups) == 1, frozenset(figure_sents),
                           frozenset(figure_sents | {m.sent for h in groups if h is not g
                                                     for m in h.members}))
                 for g in groups]
    return Report(doc.id, drop_generic_groups(incidents, figures, "ru"), figures)


def _single_person(m: Mention) -> bool:
    head = m.actor_head
    return head is not None and head.feats.get("Number") == "Sing"
