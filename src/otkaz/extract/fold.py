"""Fold the mentions of one document into cases: who "they" are, which group is named again.

    >>> cases, aggregates = fold_mentions(ctx, mentions, groups)

`Context` is what the document step knows of a document (its text, paragraphs, reference
dates, sources). A mention whose actor is "they", "the men" or "Fifteen of them" joins the
case of the group named just before; a mention naming a group joins an earlier case of the
same group (same count, home or unit, nothing in conflict); anything else opens a case.
Outcomes join the case their patient refers to.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from otkaz.extract.sources import ResolvedLink, SourceBook
from otkaz.extract.text import fold as fold_text
from otkaz.extract.text import same_name
from otkaz.models import Range
from otkaz.normalize.counts import find_counts, parse_count

Item = dict[str, Any]
CharSpan = tuple[int, int]

# What the outlet named just before holds: "At the disposal of the editors was a recording".
_OUTLET_MATERIAL = re.compile(r"\b(?:the|its) (?:editors|editorial office|newsroom|"
                              r"publication|outlet|newspaper|site|channel|portal)\b",
                              re.IGNORECASE)


@dataclass
class Context:
    """What the document step knows about the document."""

    text: str
    published: date | None
    paragraph_starts: list[int]
    ref_dates: list[date | None]  # per paragraph: the date relative dates resolve against
    book: SourceBook
    self_org: tuple[str, CharSpan] | None
    we: str = ""  # the group that says "we" ("We, the mobilised men of the 113th regiment")
    titled: bool = True  # the first line is a title
    units: list[CharSpan] = field(default_factory=list)  # every named unit, in text order
    headlines: frozenset[int] = frozenset()  # paragraphs that head a live-blog entry
    # every case's first and last sentence, so that one case's reading stops at another's
    cases_at: list[CharSpan] = field(default_factory=list)

    def paragraph(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def in_title(self, pos: int) -> bool:
        """True in the title (a short first line with no final stop; it repeats the story)."""
        para = self.paragraph(pos)
        return self.titled and para == 0 or para in self.headlines

    def ref(self, pos: int) -> date | None:
        return self.ref_dates[self.paragraph(pos)]

    def slice(self, span: CharSpan | None) -> str:
        return self.text[span[0]:span[1]] if span else ""


@dataclass(eq=False)
class Case:
    members: list[Item] = field(default_factory=list)
    outcomes: list[tuple[str, CharSpan, CharSpan, CharSpan]] = field(default_factory=list)
    fragments: list[Item] = field(default_factory=list)
    extra_links: list[Any] = field(default_factory=list)

    @property
    def last(self) -> int:
        return max(position(m) for m in self.members)

    def concrete(self) -> list[Item]:
        return [m for m in self.members if is_concrete(m)]


def position(m: Item) -> int:
    return int(m["trigger"][0]) if "trigger" in m else int((m.get("span") or (0, 0))[0])


def is_concrete(m: Item) -> bool:
    if "trigger" in m:
        return m["actor"]["kind"] in ("group", "person") and m["actor"]["span"] is not None
    return m.get("span") is not None and not m.get("partitive") and \
        m.get("continuation") != "generic"


def actor_span(m: Item) -> CharSpan | None:
    return m["actor"]["span"] if "trigger" in m else m.get("span")


def group_count(ctx: Context, m: Item) -> Range | None:
    """The count a group phrase states (a named person is one)."""
    if "trigger" in m and m.get("count") and m["count"] == m["actor"]["span"] and \
            m["actor"]["kind"] in ("person", "group"):
        named = 1 + (m.get("named_others") or 0)  # "Ivan Petrov and Oleg Smirnov": two
        return Range(named, named)  # a person named: one
    if m.get("named_person"):
        return Range(1, 1)
    count = parse_count(ctx.slice(m["count"])) if m.get("count") else None
    add = m.get("count_add") or 0
    if count is not None and add:  # "Captain Petrov and 11 of his officers": twelve
        count = Range(None if count.low is None else count.low + add,
                      None if count.high is None else count.high + add)
    return count


def _home(ctx: Context, m: Item) -> str | None:
    homes = m.get("homes") or []
    return ctx.slice(homes[0]) if homes else None


def _units(ctx: Context, m: Item) -> list[str]:
    return [fold_text(ctx.slice(u)) for u in m.get("units") or []]


def conflict(ctx: Context, a: Item, b: Item) -> bool:
    """True when two group phrases cannot be the same people."""
    ca, cb = group_count(ctx, a), group_count(ctx, b)
    if ca and cb and ca != cb:
        return True
    ha, hb = _home(ctx, a), _home(ctx, b)
    if ha and hb and not same_name(ha, hb):
        return True
    ua, ub = _units(ctx, a), _units(ctx, b)
    if ua and ub and not set(ua) & set(ub):
        return True
    text_b = ctx.slice(actor_span(b)).lower()
    return text_b.startswith(("another", "other ")) or " another " in f" {text_b} "


def same_group(ctx: Context, a: Item, b: Item) -> bool:
    """True when two group phrases name the same people (something shared, nothing in
    conflict)."""
    span = actor_span(a)
    if span is not None and span == actor_span(b):
        return True  # "A sailor ... deserted his ship and fled to Finland": one subject
    if conflict(ctx, a, b):
        return False
    ca, cb = group_count(ctx, a), group_count(ctx, b)
    if ca and cb and ca == cb and (ca.low or 0) > 1:
        return True
    ha, hb = _home(ctx, a), _home(ctx, b)
    if ha and hb:
        return True
    return bool(set(_units(ctx, a)) & set(_units(ctx, b)))


def _anaphor_word(ctx: Context, m: Item) -> str:
    span = m["actor"]["span"]
    return ctx.slice(span).lower() if span else ""


def antecedent(ctx: Context, m: Item, cases: list[Case], groups: list[Item]
               ) -> tuple[Case | None, Item | None]:
    """The case or group that a pronoun, "the men" or "N of them" refers to."""
    pos = position(m)
    para = ctx.paragraph(pos)
    word = _anaphor_word(ctx, m)
    first_person = bool(re.search(r"\b(?:we|us|our)\b", word))
    singular = word in ("he", "him", "she", "her", "his")
    options: list[tuple[int, Case | None, Item | None]] = []
    for case in cases:
        for mem in case.members:
            p = position(mem)
            if p < pos and ctx.paragraph(p) >= para - 2:
                options.append((p, case, None))
    for g in groups:
        p = position(g)
        if g.get("rejected"):
            continue
        if p >= pos or (ctx.paragraph(p) < para - 1 and not (first_person and
                                                             g.get("first_person"))):
            continue
        if first_person and not g.get("first_person"):
            continue
        if singular and (g.get("plural") or not g.get("person", True)):
            continue
        if not singular and not first_person and not g.get("plural"):
            continue
        options.append((p, None, g))
    if first_person:
        firsts = [o for o in options if o[2] is not None]
        if firsts:
            return None, max(firsts, key=lambda o: o[0])[2]
        # "'We refuse to go back,' one of them says": the group just named
        options += [(position(g), None, g) for g in groups if not g.get("rejected")
                    and g.get("plural") and position(g) < pos
                    and ctx.paragraph(position(g)) >= para - 1]
    if not options:
        return None, None
    best = max(options, key=lambda o: o[0])
    return best[1], best[2]


def focus(ctx: Context, cases: list[Case], pos: int, window: int = 2) -> Case | None:
    """The case spoken of last before `pos`, within `window` paragraphs."""
    para = ctx.paragraph(pos)
    best: tuple[int, Case] | None = None
    for case in cases:
        ps = [position(m) for m in case.members if position(m) < pos]
        if not ps:
            continue
        p = max(ps)
        if ctx.paragraph(p) >= para - window and (best is None or p > best[0]):
            best = (p, case)
    return best[1] if best else None


def fold_mentions(ctx: Context, mentions: list[Item], groups: list[Item]) -> tuple[
        list[Case], list[Item]]:
    """Cases from mentions (in text order); aggregate mentions are returned apart."""
    cases: list[Case] = []
    aggregates: list[Item] = []
    case_of_group: dict[int, Case] = {}
    for m in sorted(mentions, key=position):
        if ctx.in_title(position(m)):
            continue  # the title repeats the story
        kind = m["actor"]["kind"]
        if m.get("aggregate") and kind in ("group", "number"):
            aggregates.append(m)
            continue
        if kind in ("group", "person"):
            same = next((c for c in reversed(cases) if any(
                is_concrete(x) and same_group(ctx, x, m) for x in c.members)), None)
            if same is None and m["weak"]:
                near = focus(ctx, cases, position(m))
                if near is not None and (m.get("definite") or not any(
                        conflict(ctx, x, m) for x in near.concrete())):
                    same = near  # "60 marines took part in the refusal": the same case
                elif m["type"] != "desertion" or m["reason"] == "noun" or not (
                        m.get("count") or m.get("units")):
                    continue
            if same is None:
                same = _same_person(ctx, cases, m)
            if same is None:
                intro = _introduced_before(ctx, m, groups, case_of_group)
                if intro is not None:  # "detained a serviceman from Buryatia ... the man had
                    new = Case([intro, m])  # left his unit": one man, introduced first
                    case_of_group[id(intro)] = new
                    cases.append(new)
                    continue
            if same is None:
                cases.append(Case([m]))
            else:
                same.members.append(m)
            continue
        if kind == "civilian" and m["actor"]["span"] and not m["weak"] and re.match(
                r"(?:another|a second|a third|one more) (?:group|\w+ of)\b",
                ctx.slice(m["actor"]["span"]), re.IGNORECASE) and focus(ctx, cases, position(m)):
            start = m["actor"]["span"][0]
            counts = find_counts(ctx.slice(m["actor"]["span"]))
            count = (start + counts[0][0], start + counts[0][1]) if counts else None
            cases.append(Case([{**m, "actor": {**m["actor"], "kind": "group"}, "count": count,
                                "homes": m.get("civilian_homes") or []}]))  # "Another group"
            continue
        if kind == "civilian" and m["actor"].get("word") in _PLAIN_PEOPLE and m["actor"]["span"]:
            near = focus(ctx, cases, position(m), window=1)
            span = m["actor"]["span"]
            if near is not None and parse_count(ctx.slice(span)) is not None:
                near.fragments.append({"span": span, "count": span, "evidence": m["evidence"],
                                       "sent": m["sent"]})  # "about 15 men had refused"
            continue
        if kind in ("civilian", "number", "other side") and not m["weak"]:
            continue
        if kind == "other side":
            continue
        if kind in ("none", "civilian"):
            near = focus(ctx, cases, position(m), window=1)
            if near is not None and m["weak"]:
                near.members.append(m)
            continue
        if kind == "generic" and not m["weak"]:
            intro = _introduced_before(ctx, m, groups, case_of_group)
            if intro is not None:  # "stopped a contract soldier ... The soldier had deserted"
                new = Case([intro, m])
                case_of_group[id(intro)] = new
                cases.append(new)
                continue
        case, group = antecedent(ctx, m, cases, groups)
        if group is not None and _anaphor_word(ctx, m) in ("he", "him", "she", "her"):
            near = focus(ctx, cases, position(m), window=1)
            if near is not None and near.concrete() and all(
                    _singular(ctx, x) for x in near.concrete()):
                case, group = near, None  # "he": the one person the story is about
        if group is not None and group.get("anaphoric") and id(group) not in case_of_group:
            near = focus(ctx, cases, position(group), window=1)
            if near is not None:  # "The riot police officers ... they declined": named before
                near.members.append({**group, "continuation": "generic"})
                case_of_group[id(group)] = near
        if case is not None:
            case.members.append(m)
        elif group is not None:
            existing = case_of_group.get(id(group))
            if existing is not None:
                existing.members.append(m)
            elif m["weak"]:
                near = focus(ctx, cases, position(m), window=1)
                if near is not None and not any(conflict(ctx, x, group)
                                                for x in near.concrete()):
                    near.members.append(m)  # "'we will not go,' said Olga": the case told
            elif group.get("named_person") and (near := _named_later(ctx, cases, group)):
                near.members.extend([{**group, "continuation": "same"}, m])
                case_of_group[id(group)] = near
            else:
                new = Case([group, m])
                case_of_group[id(group)] = new
                cases.append(new)
        elif kind == "generic" and m["actor"].get("named") and not m["weak"]:
            named = {**m, "actor": {**m["actor"], "kind": "person"}, "named_person": True}
            cases.append(Case([named]))
        elif kind == "generic" and not m["weak"] and _first_told(ctx, m, cases, groups,
                                                                 aggregates):
            # "The soldiers ran away from their unit, the court ruling says": a story that
            # opens on its case names the group as already known; nothing came before it
            cases.append(Case([{**m, "actor": {**m["actor"], "kind": "group"}}]))
        elif kind == "partitive" and not m["weak"] and m.get("count") and any(
                position(a) < position(m) for a in aggregates):
            whole = max((a for a in aggregates if position(a) < position(m)), key=position)
            part_of = {"span": whole["actor"]["span"], "count": None, "sent": whole["sent"],
                       "evidence": whole["actor"]["span"], "homes": whole.get("homes") or [],
                       "units": whole.get("units") or []}
            cases.append(Case([m], fragments=[part_of]))  # "150 have refused ... 30 of them"
    return cases, aggregates


_PLAIN_PEOPLE = frozenset({"men", "people", "guys", "boys", "persons"})


def _singular(ctx: Context, m: Item) -> bool:
    if m["actor"].get("plural"):
        return False
    count = group_count(ctx, m)
    return count is None or count == Range(1, 1)


def _same_person(ctx: Context, cases: list[Case], m: Item) -> Case | None:
    """ "A contract soldier ... deserted. The 24-year-old paratrooper from Pskov left his
    position ...": one person, told of again with "the"."""
    raw = ctx.slice(actor_span(m))
    text = raw.lower()
    word = m["actor"].get("word") or ""
    if len(word) > 3 and word.capitalize() in raw and _singular(ctx, m):
        for case in reversed(cases):  # "Private Ivan Sokolov ... Sokolov, a driver, refused"
            if any(x.get("actor", {}).get("word") == word and _singular(ctx, x)
                   and not conflict(ctx, x, m) for x in case.concrete()):
                return case
    named = m.get("count") is not None and m["count"] == m["actor"]["span"]
    if m["actor"]["kind"] not in ("group", "person") or not _singular(ctx, m) or not (
            text.startswith("the ") or named):
        return None
    near = focus(ctx, cases, position(m), window=1)
    if near is None:
        return None
    people = near.concrete()
    if not people or len(cases) > 1 and near is not cases[-1]:
        return None
    if named and not all(ctx.slice(actor_span(x)).lower().startswith(("a ", "an "))
                         for x in people):
        return None  # "A Russian officer ... Captain Andrei Sidorov": one man, named later
    if all("trigger" in x and x["type"] == m["type"] and _singular(ctx, x)
           and not conflict(ctx, x, m) for x in people):
        return near
    return None


def _first_told(ctx: Context, m: Item, cases: list[Case], groups: list[Item],
                aggregates: list[Item]) -> bool:
    """True when "the soldiers" opens the story: no case, group or tally came before it in the
    body, so there is nothing it could point back to."""
    pos = position(m)
    return not cases and not any(
        position(x) < pos and not ctx.in_title(position(x)) for x in [*groups, *aggregates])


_THE_ONE = re.compile(r"the (?:man|soldier|serviceman|conscript|deserter|private|"
                      r"marine|paratrooper|sailor|reservist|officer)\b", re.IGNORECASE)


def _introduced_before(ctx: Context, m: Item, groups: list[Item], taken: dict[int, Case]
                       ) -> Item | None:
    """ "Border guards detained a serviceman from Buryatia ... the man, a private, had left his
    unit": the one person a group phrase introduced in this or the paragraph before."""
    if not _THE_ONE.match(ctx.slice(actor_span(m))) or not _singular(ctx, m):
        return None
    pos, para = position(m), ctx.paragraph(position(m))
    before = [g for g in groups if position(g) < pos and ctx.paragraph(position(g)) >= para - 1
              and id(g) not in taken and not g.get("rejected") and g.get("person")
              and not g.get("plural") and g.get("count") and g.get("span")
              and ctx.slice(g["span"]).lower().startswith(("a ", "an "))]
    if not before:
        return None
    intro = max(before, key=position)
    return None if conflict(ctx, intro, m) else intro


def _named_later(ctx: Context, cases: list[Case], g: Item) -> Case | None:
    """ "A Russian officer who refused ... Captain Andrei Sidorov, 35, told the BBC that he
    refused": the one person of the case just told, now named."""
    near = focus(ctx, cases, position(g), window=1)
    if near is None or near is not cases[-1]:
        return None
    people = near.concrete()
    if people and all(_singular(ctx, x) and ctx.slice(actor_span(x)).lower().startswith(
            ("a ", "an ")) for x in people):
        return near
    return None


def attach_confirmations(ctx: Context, cases: list[Case]) -> None:
    """ "X later confirmed this information": X vouches for the case spoken of just before."""
    for sent in ctx.book.confirmations():
        near = focus(ctx, cases, sent.sent[0])
        if near is not None:
            near.extra_links.extend(link for link in sent.links if link.name)


def attach_groups(ctx: Context, cases: list[Case], groups: list[Item]) -> None:
    """Groups named again ("the fifty soldiers from Chita are held ...") join their case;
    "the military was transferred to X" right after a case tells where it happened."""
    used = {id(m) for c in cases for m in c.members}
    for g in sorted(groups, key=position):
        if id(g) in used or g.get("rejected") or ctx.in_title(position(g)):
            continue
        if g.get("anaphoric") and (g.get("homes") or g.get("units")):
            same = next((c for c in cases if any(
                is_concrete(x) and same_group(ctx, x, g) for x in c.members)), None)
            if same is not None:  # "the Kaliningrad marines", named again in a later entry
                same.members.append({**g, "continuation": "same"})
                continue
        if g.get("anaphoric"):
            if g.get("places") or g.get("dates") or g.get("homes") or g.get("status"):
                near = focus(ctx, cases, position(g), window=1)
                if near is not None:
                    near.members.append({**g, "continuation": "generic"})
            continue
        if not (g.get("count") or g.get("homes") or g.get("units")):
            continue
        same = next((c for c in cases if any(
            is_concrete(x) and same_group(ctx, x, g) for x in c.members)), None)
        if same is not None:
            same.members.append({**g, "continuation": "same"})
        elif g.get("count") and ctx.slice(g["span"]).lower().startswith("the "):
            near = focus(ctx, cases, position(g), window=1)
            if near is not None and not any(group_count(ctx, x) for x in near.concrete()) \
                    and not any(conflict(ctx, x, g) for x in near.concrete()):
                near.fragments.append(g)  # "A group of men ... the 18 soldiers": their count


def attach_fragments(ctx: Context, cases: list[Case], fragments: list[Item]) -> None:
    """ "Fifteen of them, all contract guys from Buryatia": fills the case just before."""
    for f in fragments:
        if ctx.in_title(position(f)):
            continue
        near = focus(ctx, cases, position(f), window=1)
        if near is not None:
            near.fragments.append(f)


def covers_any(span: CharSpan, others: list[CharSpan]) -> bool:
    """True when `span` is the whole of one of `others` ("According to Mediazona" is no
    place; "the Sevastopol garrison court" still names Sevastopol)."""
    return any(span[0] <= o[0] and o[1] <= span[1] for o in others)


def member_links(ctx: Context, m: Item) -> list[ResolvedLink]:
    """The links that vouch for one member of a case."""
    if m.get("another"):
        return []
    if "trigger" in m:
        found = ctx.book.links_for(m["sent"][0], m["trigger"][0])
        if not found:
            para = ctx.paragraph(m["sent"][0])
            floor = ctx.paragraph_starts[para]
            if para > 0 and (_OUTLET_MATERIAL.search(ctx.slice(m["sent"])) or any(
                    link.kind == "document" and not link.name
                    for link in ctx.book.links_for(m["sent"][0]))):
                floor = ctx.paragraph_starts[para - 1]  # "a recording the editors have"
            found = found + ctx.book.previous_links(m["sent"][0], floor)
    elif m.get("continuation") == "same":
        found = []
    else:
        found = ctx.book.links_for(m["sent"][0])
    return found
