"""The document step: one Incident per folded case, every field normalised and grounded.

    >>> incident = compile_case(ctx, case)

The actor is the group phrase with the largest count among the case's phrases; count, unit,
home, place and date come from the first phrase that has them (the trigger's own clause
first); sources are the named links that vouch for any sentence of the case. Every value
comes with the span it was read from.
"""

from __future__ import annotations

import re
from typing import Any

from otkaz.extract.fold import (
    Case,
    CharSpan,
    Context,
    Item,
    actor_span,
    covers_any,
    group_count,
    is_concrete,
    member_links,
    position,
)
from otkaz.extract.sources import ResolvedLink, chain_and_sources
from otkaz.extract.text import merge_spans, same_name
from otkaz.lang import pattern, word_set
from otkaz.models import DateRange, Incident, Place

_BACK_TO = re.compile(r"\b(?:back|returned|return|home|returning) to (?:the )?"
                      r"(?P<place>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*)")
_FIRST_PERSON = re.compile(r"\b(?:our|us|we)\b", re.IGNORECASE)
_IN_PLACE = re.compile(r"\b(?:in|near|at) (?:the )?(?P<place>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*"
                       r"(?: region| oblast| krai| republic)?)")

# "confined to their barracks in the Bryansk region": held where they were serving, which is
# where they refused; a cell or a town they were taken to is not.
_OWN_QUARTERS = re.compile(r"\b(?:their|his|her|its|the unit's) (?:own )?(?:barracks|base|bases"
                           r"|unit|units|garrison|camp|positions?|quarters|ship|regiment"
                           r"|battalion|brigade)\b", re.IGNORECASE)


def _first(items: list[Any]) -> Any:
    return items[0] if items else None


def resolve(name: str | None) -> Place | None:
    if not name:
        return None
    try:
        from otkaz.normalize.places import resolve_place
    except ImportError:
        return None
    return resolve_place(name)


def _classify(actor: str, context: str) -> tuple[str | None, list[str]]:
    try:
        from otkaz.normalize.forces import classify_force, classify_personnel
    except ImportError:
        return None, []
    force = classify_force(actor) or classify_force(context)
    personnel = classify_personnel(actor)
    return force, list(personnel)


def _when(ctx: Context, members: list[Item], told: tuple[DateRange | None, CharSpan | None]
          ) -> tuple[DateRange | None, CharSpan | None]:
    """The first date of the trigger's clause, else of the group phrases, else after the
    sentence before ("... Thirty of them then refused"), else `told` (a sentence that names
    the event, see `_told_by_its_name`)."""
    from otkaz.normalize.dates import parse_when

    ordered = [m for m in members if "trigger" in m and not m["weak"]] + [
        m for m in members if "trigger" not in m] + [
        m for m in members if "trigger" in m and m["weak"]]
    for m in ordered:
        for span in m.get("dates") or []:
            found = parse_when(ctx.slice(span), ctx.ref(span[0]))
            if found is not None:
                return found, span
    when, span = _after_the_sentence_before(ctx, members)
    return (when, span) if when is not None else told


_EVENT_NAME = re.compile(
    r"\b(?:the|this|that|their|his|its|alleged)\s+(?:alleged\s+)?(?:"
    + "|".join(word_set("en", "document", "event_nouns")) + r")s?\b", re.IGNORECASE)


_EVENT_PRONOUN = re.compile(pattern("en", "document", "event_pronoun"))
# "The desertion took place ...": the sentence tells where the event was, not only when
_EVENT_HAPPENED = re.compile(_EVENT_NAME.pattern + pattern("en", "document", "event_happened"),
                             re.IGNORECASE)
_EVENT_PLACE = re.compile(pattern("en", "document", "event_place"))
_EVENT_CLAUSE_END = re.compile(pattern("en", "document", "event_clause_end"))
_REPORTED_ON = re.compile(pattern("en", "document", "reported_on"), re.IGNORECASE)
_ABBREVIATIONS = word_set("en", "document", "abbreviations")
_STOP = re.compile(r"[.!?][\"”’')]*(?:\s+|$)|\n+")


def sentences(text: str, offset: int = 0) -> list[CharSpan]:
    """`text` cut into sentences, as spans offset by `offset`: a stop ends one unless it ends
    an abbreviation or an initial ("on Dec. 23", "Vladimir V. Putin"), or the next word starts
    in lower case."""
    out: list[CharSpan] = []
    begin = 0
    for stop in _STOP.finditer(text):
        if stop.group().startswith("."):
            word = re.search(r"([\w]+)$", text[begin:stop.start()])
            after = text[stop.end():stop.end() + 1]
            if word and (word.group(1).lower() in _ABBREVIATIONS or (
                    len(word.group(1)) == 1 and word.group(1).isupper())) or after.islower():
                continue
        if text[begin:stop.start()].strip():
            out.append((offset + begin, offset + stop.end()))
        begin = stop.end()
    if text[begin:].strip():
        out.append((offset + begin, offset + len(text)))
    return out


def _event_place(ctx: Context, sent: CharSpan, told: re.Match[str]) -> CharSpan | None:
    """The place a sentence that tells the event ("The desertion took place in the occupied city
    of Nova Kakhovka", "It happened near Bakhmut") puts it in: after the telling verb, before a
    clause about something else begins, and known to the gazetteer."""
    clause = ctx.text[sent[0] + told.end():sent[1]]
    cut = _EVENT_CLAUSE_END.search(clause)
    clause = clause[:cut.start()] if cut else clause
    for found in _EVENT_PLACE.finditer(clause):
        if resolve(found.group("place")) is not None:
            start = sent[0] + told.end() + found.start("place")
            return start, start + len(found.group("place"))
    return None


def _told_by_its_name(ctx: Context, members: list[Item]
                      ) -> tuple[DateRange | None, CharSpan | None, CharSpan | None]:
    """ "... fled with weapons. [...] The alleged escape took place on Wednesday, May 24.": a
    sentence that names the event itself ("the escape", "the refusal") dates it, and places it
    when it says the event "took place" somewhere. Looked for in the few sentences after the
    case's last mention, and in the lead before its first ("The escape took place on Dec. 23 in
    Kreminna. Eight soldiers deserted ..."), never across another case. Returns the date, its
    span and the place's span."""
    from otkaz.normalize.dates import find_dates

    spans = [m["sent"] for m in members if "sent" in m]
    if not spans:
        return None, None, None
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    others = [c for c in ctx.cases_at if not (c[0] <= first and last <= c[1])]
    after_end = min([s for s, _ in others if s >= last] + [last + 900])
    before_start = max([e for _, e in others if e <= first] + [first - 600, 0])
    # the case's own sentences first ("The desertion took place in ..." is itself a mention),
    # then those after it, numbered from the first after its last mention
    own_and_after = sentences(ctx.text[first:after_end], first)
    after = [(-1, s) for s in own_and_after if s[0] < last - 1] + [
        (n, s) for n, s in enumerate(s for s in own_and_after if s[0] >= last - 1)]
    before = [(-1, s) for s in sentences(ctx.text[before_start:first], before_start)
              if not ctx.in_title(s[0])]
    when: DateRange | None = None
    when_span: CharSpan | None = None
    place: CharSpan | None = None
    for n, sent in after + before[::-1]:
        text = ctx.slice(sent)
        # "It happened on June 28": a pronoun names the event only right after it is told
        name = _EVENT_NAME.search(text) or (n == 0 and _EVENT_PRONOUN.match(text))
        if not name:
            continue
        told = _EVENT_HAPPENED.search(text) or (n == 0 and _EVENT_PRONOUN.match(text))
        if place is None and told:
            place = _event_place(ctx, sent, told)
        ref = ctx.ref(sent[0])
        for a, b, found in find_dates(text, ref) if when is None else []:
            if (ref is None or found.start <= ref) and not _REPORTED_ON.search(text[:a]):
                when, when_span = found, (sent[0] + a, sent[0] + b)
                break
        if when is not None and place is not None:
            break
    return when, when_span, place


_THEN = re.compile(r"\b(?:then|after that|afterwards|subsequently|soon after|thereafter|"
                   r"in response)\b", re.IGNORECASE)


def _after_the_sentence_before(ctx: Context, members: list[Item]
                               ) -> tuple[DateRange | None, CharSpan | None]:
    """ "They were told in mid-October that their leave was cancelled. Thirty of them then
    refused": after the date of the sentence before, up to publication."""
    from otkaz.normalize.dates import find_dates

    for m in members:
        if "trigger" not in m or not _THEN.search(ctx.text[m["sent"][0]:m["trigger"][0]]):
            continue
        ref = ctx.ref(m["sent"][0])
        floor = max(m["sent"][0] - 400, ctx.paragraph_starts[max(0, ctx.paragraph(
            m["sent"][0]) - 1)])
        before = ctx.text[floor:m["sent"][0]]
        found = [f for f in find_dates(before, ref) if ref is None or f[2].start <= ref]
        if found and ref is not None:
            start, end, rng = found[-1]
            return DateRange(rng.start, ref), (floor + start, floor + end)
    return None, None


def _narrower(ctx: Context, candidate: CharSpan, place: CharSpan | None) -> bool:
    """True when `candidate` says more than `place`: there is no place yet, or only a country
    the candidate lies in ("deserted in Ukraine" ... "took place near Bakhmut")."""
    if place is None:
        return True
    from otkaz.normalize.places import place_contains

    outer, inner = resolve(ctx.slice(place)), resolve(ctx.slice(candidate))
    return outer is not None and inner is not None and outer.precision == "country" and \
        place_contains(outer, inner) and outer != inner


def _headline_like(ctx: Context, at: int) -> bool:
    """The title, or a line that reads like one (a repeated headline, a caption): short and
    without a closing stop."""
    if ctx.in_title(at):
        return True
    start = ctx.text.rfind("\n", 0, at) + 1
    end = ctx.text.find("\n", at)
    line = ctx.text[start:end if end >= 0 else len(ctx.text)].strip()
    return len(line.split()) < 20 and not line.rstrip("\"”’' )").endswith((".", "!", "?"))


def compile_case(ctx: Context, case: Case) -> Incident:
    """One Incident from a folded case."""
    members = case.members
    concrete = case.concrete()
    counted = [(c, group_count(ctx, c)) for c in concrete]
    with_count = [(c, r) for c, r in counted if r is not None]
    if with_count:
        # the largest group; among equals the first told outside the title, which names
        # the group in full ("Twelve officers from the Omon unit", not "the 12 officers")
        actor_m, count = max(with_count, key=lambda cr: (
            cr[1].low or cr[1].high or 0, not _headline_like(ctx, position(cr[0])),
            -position(cr[0])))
    else:
        actor_m, count = _first(concrete), None
    partitives = [m for m in members if "trigger" in m and m["actor"]["kind"] == "partitive"]
    count_span = actor_m.get("count") if actor_m is not None and count else None
    for extra in partitives + case.fragments:
        if count is None and extra.get("count"):
            count, count_span = group_count(ctx, extra), extra["count"]
    if actor_m is None:
        actor_m = _first(partitives) or members[0]
    a_span = actor_span(actor_m)
    spans: dict[str, CharSpan] = {}
    if a_span:
        spans["actor"] = a_span
    if count_span:
        spans["count"] = count_span
        if actor_m is not None and actor_m.get("count_add") and a_span and \
                count_span == actor_m.get("count"):
            spans["count_lead"] = a_span  # "Captain Petrov and 11 of his officers": he adds one
    strong = [m for m in members if "trigger" in m and not m["weak"]]
    types = [m["type"] for m in strong] or [m["type"] for m in members if "type" in m]
    itype = "refusal" if "refusal" in types else "desertion"
    typed = next((m for m in members if "trigger" in m and m["type"] == itype), None)
    if typed is not None:
        spans["type"] = typed["trigger"]
    ordered = [actor_m] + [m for m in members if m is not actor_m] + case.fragments
    source_spans = ctx.book.named_spans()
    unit = _first([u for m in ordered for u in m.get("units") or []])
    unit_context = ""
    if unit is None and actor_m is not None:
        unit, unit_context = _unit_named_before(ctx, actor_m)
    trigger_places = {tuple(p) for m in members if "trigger" in m for p in m.get("places") or []}
    home = _first([h for m in ordered for h in m.get("homes") or [] if not covers_any(
        h, source_spans) and ("trigger" in m or tuple(h) not in trigger_places)])
    # not a group's "in the Kharkiv region" that the trigger reads as where they deserted
    case.outcomes = [o for o in case.outcomes if not (o[0] == "returned_home" and _back_elsewhere(
        ctx, o[1], home, ctx.slice(a_span)))]
    if home is None:
        home = _outcome_home(ctx, case)
    fled_to = [span for label, span, _, _ in case.outcomes if label == "fled_abroad"]
    place = _first([p for m in ordered for p in m.get("places") or []
                    if not (home and same_name(ctx.slice(p), ctx.slice(home)))
                    and not covers_any(p, source_spans)
                    and not any(o[0] <= p[0] and p[1] <= o[1] for o in fled_to)])
    # "... and are now hiding in Georgia": where they went, not where they deserted
    if place is None:
        place = _outcome_place(ctx, case, home)
    told_when, told_when_span, told_place = _told_by_its_name(ctx, members)
    if told_place is not None and not (home and same_name(ctx.slice(told_place), ctx.slice(
            home))) and _narrower(ctx, told_place, place):
        place = told_place  # "The desertion took place in the city of Nova Kakhovka"
    when, when_span = _when(ctx, members, (told_when, told_when_span))
    for key, span in (("unit", unit), ("home", home), ("place", place), ("when", when_span)):
        if span:
            spans[key] = span
    links: list[ResolvedLink] = []
    for m in members:
        links.extend(x for x in member_links(ctx, m) if x not in links)
    for *_, sent in case.outcomes:
        links.extend(x for x in ctx.book.links_for(sent[0]) if x.name and x.main
                     and x not in links)
    links.extend(x for x in case.extra_links if x not in links)
    chain, named = chain_and_sources(links, ctx.book)
    if ctx.self_org and not any(same_name(n, ctx.self_org[0]) for n, _ in named):
        named.insert(0, ctx.self_org)
    sources = [n for n, _ in named]
    for i, (_, span) in enumerate(named):
        if span:
            spans[f"sources.{i}"] = span
    outcomes: list[str] = []
    evidence = [m["evidence"] for m in members] + [f["evidence"] for f in case.fragments]
    for label, span, clause, _ in case.outcomes:
        if label not in outcomes:
            spans[f"outcomes.{len(outcomes)}"] = span
            outcomes.append(label)
        evidence.append(clause if clause[1] - clause[0] < 400 else span)
    actor_text = ctx.slice(a_span)
    others = [ctx.slice(actor_span(m)) for m in concrete if m is not actor_m]
    context = " ".join([actor_text, ctx.slice(unit), unit_context] + others + [
        ctx.slice(f["span"]) for f in case.fragments])
    core = ctx.slice(actor_m.get("core")) if actor_m is not None and actor_m.get("core") else ""
    force, personnel = _classify(core or actor_text, context)
    if unit_context and force in (None, "army"):
        force = _classify(unit_context, unit_context)[0] or force  # "private military company"
    if ctx.we and _FIRST_PERSON.search(actor_text):  # "several of our comrades"
        we_force, we_personnel = _classify(ctx.we, ctx.we)
        force = force or we_force
        personnel = personnel or we_personnel
    status = [ctx.slice(x) for m in members for x in m.get("status") or []]
    status += [ctx.slice(m["span"]) for m in members if m.get("continuation") == "generic"
               and m.get("span")]  # "The 27-year-old contract serviceman ... told Yle"
    for phrase in others + [ctx.slice(f["span"]) for f in case.fragments] + status:
        personnel += [p for p in _classify(phrase, phrase)[1] if p not in personnel]
    if force is None and actor_m is not None and is_concrete(actor_m):
        force = "army"  # servicemen, service not said: Russia's armed forces (FORMAT.md)
    if force in ("rosgvardia", "police"):  # a police captain's rank is no military one
        personnel = [p for p in personnel if p != "officer"]
    geo = {k: p for k, p in (("home", resolve(ctx.slice(home))),
                             ("place", resolve(ctx.slice(place)))) if p is not None}
    return Incident(
        type=itype, actor=actor_text, force=force, personnel=personnel,
        unit=ctx.slice(unit) or None, count=count, home=ctx.slice(home) or None,
        place=ctx.slice(place) or None, when=when, sources=sources, outcomes=outcomes,
        evidence=merge_spans(evidence), spans=spans, chain=chain, geo=geo,
        confidence=0.9 if strong else 0.6,
    )


_DEFINITE_UNIT = re.compile(r"\b(?:of the|(?P<same>(?:of|from) the same)) (company|battalion|"
                            r"regiment|brigade|detachment|unit|division)\b", re.IGNORECASE)


def _unit_named_before(ctx: Context, m: Item) -> tuple[CharSpan | None, str]:
    """ "fighters of the company", after "the private military company Yastreb": Yastreb,
    with the words that named it (they tell the force)."""
    span = actor_span(m)
    found = _DEFINITE_UNIT.search(ctx.slice(span)) if span else None
    if span is None or found is None:
        return None, ""
    noun = found.group(2).lower()
    for unit in reversed([u for u in ctx.units if u[1] <= span[0]]):
        before = ctx.text[max(0, unit[0] - 40):unit[1]]
        if noun in before.lower():
            # "two soldiers of the same brigade": its force, but no unit named in the phrase
            return (None if found.group("same") else unit), before
    return None, ""


def _outcome_home(ctx: Context, case: Case) -> CharSpan | None:
    for label, span, _, _ in case.outcomes:
        if label not in ("returned_home",):
            continue
        window = ctx.text[span[0]:span[1] + 60]
        back = _BACK_TO.search(window)
        if back:
            s = span[0] + back.start("place")
            return s, s + len(back.group("place"))
    for m in case.members:
        if "trigger" in m:
            window = ctx.text[m["trigger"][0]:m["evidence"][1]]
            found = re.search(r"\bhome to (?P<place>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)", window)
            if found:
                s = m["trigger"][0] + found.start("place")
                return s, s + len(found.group("place"))
    return None


def _back_elsewhere(ctx: Context, span: CharSpan, home: CharSpan | None, actor: str) -> bool:
    """ "Russian soldiers ... walked back to Belarus": back to a country that is neither their
    home nor their nationality is not going home."""
    back = _BACK_TO.search(ctx.text[span[0]:span[1] + 60])
    dest = resolve(back.group("place")) if back else None
    if dest is None or dest.precision != "country":
        return False
    origins = [resolve(ctx.slice(home))] if home else []
    origins += [resolve(w) for w in re.findall(r"\b[A-Z][a-z]+(?:ian|ish|ese|an)\b", actor)]
    countries = {p.country for p in origins if p is not None}
    return bool(countries) and dest.country not in countries


def _outcome_place(ctx: Context, case: Case, home: CharSpan | None) -> CharSpan | None:
    for label, span, clause, _ in case.outcomes:
        if label != "detained":
            continue
        window = ctx.text[span[0]:min(clause[1], span[1] + 80)]
        m = _IN_PLACE.search(window)
        if m and resolve(m.group("place")) is not None:
            if not _OWN_QUARTERS.search(window[:m.start("place")]):
                continue  # "detained in Sevastopol", "held in a basement in X": not where
            s = span[0] + m.start("place")
            if home and same_name(m.group("place"), ctx.slice(home)):
                continue
            return s, s + len(m.group("place"))
    return None
