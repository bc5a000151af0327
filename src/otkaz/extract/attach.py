"""Outcomes to cases: "they were fired" goes to the case its patient refers to.

    >>> attach_outcomes(ctx, cases, outcomes)

A patient inside a case's clause, a named group, a surname ("Sorokin, a conscript, was
detained"), or a pronoun near the case decides; general statements about refuseniks at
large are dropped.
"""

from __future__ import annotations

import re

from otkaz.extract.fold import Case, CharSpan, Context, Item, actor_span, focus, position


def _overlaps(a: CharSpan | None, b: CharSpan) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def attach_outcomes(ctx: Context, cases: list[Case], outcomes: list[Item]) -> None:
    """Give each outcome to the case its patient refers to; drop general statements."""
    for o in sorted(outcomes, key=lambda o: o["span"][0]):
        start = o["span"][0]
        if o["negated"] or ctx.in_title(start):
            continue
        if o["patient"] == "family" and o["label"] != "family_pressured":
            continue  # "her brother crossed into Kazakhstan": not the group
        if o["patient"] == "thing" and o.get("object"):
            continue  # "the command dismissed the reports as fake"
        if o["label"] in ("forced_back", "returned_home") and any(
                "trigger" in m and _overlaps(actor_span(m), o["span"])
                and o["span"][1] <= m["trigger"][0] for c in cases for m in c.members):
            continue  # "reservists who were sent to the front refused": before, not after
        inside = [c for c in cases for m in c.members
                  if m["evidence"][0] <= start < m["evidence"][1]]
        ps = o.get("patient_span")
        if not inside and ps:
            inside = [c for c in cases for m in c.members
                      if _overlaps(actor_span(m), (ps[0], ps[1]))]
        targets: list[Case] = []
        if inside:
            targets = [min(inside, key=lambda c: min(
                [start - m["evidence"][0] for m in c.members
                 if m["evidence"][0] <= start < m["evidence"][1]] or [10 ** 6]))]
            if o["all"]:
                targets = list(dict.fromkeys(inside))
        elif o["generic"]:
            continue
        elif o["all"]:
            same_sent = [c for c in cases for m in c.members if m.get("sent") == o["sent"]]
            targets = list(dict.fromkeys(same_sent))
            if not targets and ps and re.match(r"(?i)both\b", ctx.slice(ps)):
                before = [c for c in cases if any(position(m) < start for m in c.members)
                          and ctx.paragraph(c.last) >= ctx.paragraph(start) - 1]
                targets = before[-2:] if len(before) >= 2 else []  # "Both groups were held"
        if not targets and ps and o["patient"] == "group":
            targets = [c for c in cases if any(_shares_name(ctx, ps, actor_span(x))
                                               for x in c.concrete())][:1]  # "Sorokin, ..."
        if not targets and o["patient"] in ("pronoun", "partitive", "generic", "family",
                                             "none"):
            here = [(abs(position(m) - start), c) for c in cases for m in c.members
                    if m.get("sent") == o["sent"] and "trigger" in m]
            near = min(here, key=lambda x: x[0])[1] if here else focus(ctx, cases, start)
            if near is not None:
                targets = [near]
        if not targets and len(cases) == 1 and o["patient"] not in ("thing",) \
                and not o["generic"]:
            targets = cases  # a story of one case: what followed is that case's
        for case in targets:
            case.outcomes.append((o["label"], o["span"], o["clause"], o["sent"]))


_NOT_NAMES = frozenset({"The", "A", "An", "Private", "Sergeant", "Captain", "Major",
                        "Lieutenant", "Colonel", "Corporal", "General", "Russian", "Ukrainian"})


def _shares_name(ctx: Context, a: CharSpan, b: CharSpan | None) -> bool:
    """ "Sorokin, a conscript" and "Private Ivan Sorokin, 22": one man by his surname."""
    if b is None:
        return False
    names_a = {w for w in re.findall(r"\b[A-Z][a-z]{2,}\b", ctx.slice(a))} - _NOT_NAMES
    names_b = {w for w in re.findall(r"\b[A-Z][a-z]{2,}\b", ctx.slice(b))} - _NOT_NAMES
    return bool(names_a & names_b) and len(names_b) >= 2
