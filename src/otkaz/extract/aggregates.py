"""The document step for figures: measure, value, period, place and sources of each number.

    >>> figures = build_figures(candidates, aggregate_mentions, ctx)

A follow-up ("In June the number rose to 468") takes the measure of the figure before it,
and its sources and place when it names none. A number given twice, rounded and exact, is
one figure with the exact value.
"""

from __future__ import annotations

import re
from typing import Any

from otkaz.extract import lexicon as lx
from otkaz.extract.assemble import resolve
from otkaz.extract.fold import Context
from otkaz.extract.sources import chain_and_sources
from otkaz.extract.text import merge_spans, same_name
from otkaz.models import DateRange, Figure, Range

Item = dict[str, Any]
CharSpan = tuple[int, int]


def _nearest(spans: list[CharSpan], pos: int, within: CharSpan | None = None) -> CharSpan | None:
    pool = [s for s in spans if within is None or (within[0] <= s[0] and s[1] <= within[1])]
    if not pool:
        return None
    return min(pool, key=lambda s: min(abs(s[0] - pos), abs(s[1] - pos)))


def _period(ctx: Context, spans: list[CharSpan], value: CharSpan, clause: CharSpan
            ) -> tuple[DateRange | None, CharSpan | None]:
    from otkaz.normalize.dates import parse_period

    for span in spans:
        found = parse_period(ctx.slice(span), ctx.ref(span[0]))
        if found is not None:
            return found, span
    return None, None


def _sources(ctx: Context, sent: CharSpan, start: int) -> tuple[list[Any], list[Any]]:
    links = ctx.book.links_for(sent[0])
    if not any(link.name for link in links):
        links = links + ctx.book.previous_links(sent[0], ctx.paragraph_starts[
            ctx.paragraph(sent[0])])
    chain, named = chain_and_sources(links, ctx.book)
    if ctx.self_org and not any(same_name(n, ctx.self_org[0]) for n, _ in named):
        named.insert(0, ctx.self_org)
    return chain, named


def _figure(ctx: Context, measure: str, value_span: CharSpan, evidence: list[CharSpan],
            dates: list[CharSpan], places: list[CharSpan], sent: CharSpan,
            previous: Figure | None, follow_up: bool, earlier: tuple[Figure, ...] = ()
            ) -> Figure | None:
    from otkaz.normalize.counts import parse_count

    value = parse_count(ctx.slice(value_span))
    if value is None:
        return None
    clause = (min(e[0] for e in evidence), max(e[1] for e in evidence))
    period, period_span = _period(ctx, dates, value_span, clause)
    same_para = previous is not None and previous.evidence and ctx.paragraph(
        previous.evidence[0][0]) == ctx.paragraph(sent[0])
    next_para = previous is not None and previous.evidence and ctx.paragraph(
        previous.evidence[-1][0]) >= ctx.paragraph(sent[0]) - 1
    also = bool(next_para and (_ALSO.search(ctx.slice(sent)) or _SUCH.search(ctx.slice(sent))))
    if period is None and previous is not None and (follow_up or same_para or also):
        period = previous.period  # "Courts also heard 9 cases ...": the same month
    source_spans = ctx.book.named_spans()
    places = [p for p in places if not any(p[0] <= n[0] and n[1] <= p[1] for n in source_spans)
              and _place_like(ctx.slice(p))]
    place_span = _nearest(places, value_span[0], clause) or _nearest(places, value_span[0])
    place = ctx.slice(place_span) or None
    if place is None and follow_up and previous is not None:
        place = previous.place
    area = _SAME_AREA.search(ctx.slice(sent)) if place is None else None
    if area is not None:  # "courts in the district passed 187": the district named before
        place = next((f.place for f in reversed(earlier) if f.place and area.group(
            "area").lower() in f.place.lower()), None)
    chain, named = _sources(ctx, sent, value_span[0])
    if not named and previous is not None and (follow_up or same_para or next_para):
        sources = list(previous.sources)  # the same count, told on in the next paragraph
        chain = list(previous.chain)
    else:
        sources = [n for n, _ in named]
    if place is None:
        place = _jurisdiction(sources)
    spans: dict[str, CharSpan] = {"value": value_span}
    if period_span:
        spans["period"] = period_span
    if place_span and place:
        spans["place"] = place_span
    for i, (_, s) in enumerate(named):
        if s and i < len(sources):
            spans[f"sources.{i}"] = s
    geo = {}
    resolved = resolve(place)
    if resolved is not None:
        geo["place"] = resolved
    return Figure(measure=measure, value=value, period=period, place=place, sources=sources,
                  evidence=merge_spans(evidence), spans=spans, chain=chain, geo=geo)


_SUCH = re.compile(r"\bsuch (?:cases|sentences|verdicts|charges|convictions)\b", re.IGNORECASE)
_SAME_AREA = re.compile(r"\b(?:in|of|across) the (?:same )?(?P<area>district|region|republic|"
                        r"territory|province|oblast|krai)\b(?! of)", re.IGNORECASE)
_ALSO = re.compile(r"\b(?:also|as well|in the same period|over the same period)\b",
                   re.IGNORECASE)
_AUTHORITY = re.compile(r"\b(?:prosecutor|court|office|investigat\w*|ministry|administration|"
                        r"government)\b", re.IGNORECASE)


_PLACE_WORD = re.compile(r"\b(?:region|oblast|krai|republic|district|province|territory|city|"
                         r"town|village|county)\b", re.IGNORECASE)


def _place_like(name: str) -> bool:
    """A place a figure can be limited to: one the gazetteer knows, or one named as a region
    or town; not an outlet the tagger took for a place ("Mediazona"), nor a stray dash."""
    return bool(re.search(r"[^\W\d_]", name)) and (
        resolve(name) is not None or bool(_PLACE_WORD.search(name)))


def _jurisdiction(sources: list[str]) -> str | None:
    """ "the Donetsk People's Republic's prosecutor's office": the place its figures cover."""
    for name in sources:
        owners = [name[:m.start()] for m in re.finditer(r"['’]s\b", name)
                  if _AUTHORITY.search(name[m.end():])]
        for owner in sorted(owners, key=len, reverse=True):
            owner = re.sub(r"^the\s+", "", owner.strip(), flags=re.IGNORECASE)
            if owner[:1].isupper() and resolve(owner) is not None:
                return owner
    return None


_PART_OF = re.compile(r"\b([A-Za-z]+)\s*,?\s*(?:of (?:which|whom|them|these)|including)\s*$",
                      re.IGNORECASE)


def _part_of_other(ctx: Context, start: int) -> bool:
    """ "24,000 requests, of which 2,086 were about desertion": a part of what is no figure."""
    m = _PART_OF.search(ctx.text[max(0, start - 60):start])
    return m is not None and m.group(1).lower() in lx.NOT_FIGURE_NOUNS


def _duplicate(a: Figure, b: Figure, a_exact: bool, b_exact: bool) -> bool:
    """The same number given twice: rounded and exact ("nearly 700 ... 684"), or repeated
    as it was (a headline restated, a quote after the paraphrase)."""
    if a.measure != b.measure:
        return False
    va, vb = a.value.low or a.value.high or 0, b.value.low or b.value.high or 0
    if not va or not vb:
        return False
    gap = abs(a.spans["value"][0] - b.spans["value"][0])
    if a.value == b.value or va == vb:
        if a.period is not None and b.period is not None and a.period != b.period:
            return False
        return gap < 1500  # told again, or once with "at least" and once without
    close = abs(va - vb) <= 0.05 * max(va, vb)
    same_period = a.period is not None and b.period is not None and (
        a.period.start <= b.period.end and b.period.start <= a.period.end)
    if a.period is not None and b.period is not None and not same_period:
        return False  # "410 in May, 420 in June"
    near = gap < 400 or (same_period and gap < 3000)  # one period, told twice
    return close and near and va != vb and not (a_exact and b_exact)


def build_figures(ctx: Context, candidates: list[Item], aggregates: list[Item]) -> list[Figure]:
    """Figures from number candidates and from aggregate mentions, in text order."""
    items: list[tuple[int, str, Item]] = [(c["value"][0], "number", c) for c in candidates]
    items += [(a["trigger"][0], "people", a) for a in aggregates]
    out: list[Figure] = []
    previous: Figure | None = None
    for _, kind, item in sorted(items, key=lambda x: x[0]):
        if ctx.in_title(item["sent"][0]):
            continue
        if kind == "people":
            if not item.get("count") or _part_of_other(ctx, item["count"][0]):
                continue
            evidence = [item["evidence"]]
            fig = _figure(ctx, "refusers", item["count"], evidence, item.get("dates") or [],
                          (item.get("homes") or []) + (item.get("places") or []),
                          item["sent"], previous, False, tuple(out))
        else:
            measure = item["measure"] or (previous.measure if previous else None)
            if measure is None:
                continue
            fig = _figure(ctx, measure, item["value"], [item["evidence"]], item["dates"],
                          item["places"], item["sent"], previous, item["follow_up"], tuple(out))
        if fig is None:
            continue
        if kind == "number" and item["follow_up"] and out and not fig.spans.get("period"):
            _change_period(ctx, fig, out)
        exact = _exact(ctx, fig)
        if out and _duplicate(out[-1], fig, _exact(ctx, out[-1]), exact):
            if _bounded_same(out[-1], fig):
                keep = fig if fig.value.high is None or fig.value.low is None else out[-1]
            else:
                keep = fig if exact else out[-1]
            other = out[-1] if keep is fig else fig
            keep.period = keep.period if other.period is None else other.period \
                if keep is fig else keep.period
            keep.evidence = merge_spans(keep.evidence + other.evidence)
            out[-1] = keep
            previous = keep
            continue
        if any(f.measure == fig.measure and f.value == fig.value and f.evidence and
               fig.evidence and f.evidence[0][0] <= fig.spans["value"][0] < f.evidence[-1][1]
               for f in out):
            continue
        out.append(fig)
        previous = fig
    return out


_CHANGE = re.compile(r"\b(?P<dir>to|from)\s+(?:about |nearly |almost |some )?$", re.IGNORECASE)
_CHANGE_VERB = re.compile(r"\b(?:rose|rising|risen|fell|falling|fallen|grew|grown|increased|"
                          r"decreased|dropped|climbed|jumped|declined|up|down)\b", re.IGNORECASE)


def _change_period(ctx: Context, fig: Figure, earlier: list[Figure]) -> None:
    """ "rose to 142 from 67", with no date of its own: the new number has the latest period
    told before, the old one the period before that."""
    start = fig.spans["value"][0]
    sent_start = max(ctx.text.rfind(".", 0, start), ctx.text.rfind("\n", 0, start)) + 1
    before = ctx.text[sent_start:start]
    m = _CHANGE.search(before)
    if m is None or not _CHANGE_VERB.search(before):
        return
    periods = sorted({f.period for f in earlier if f.period is not None},
                     key=lambda p: p.start)
    if not periods:
        return
    if m.group("dir").lower() == "to":
        fig.period = periods[-1]
    elif len(periods) > 1:
        fig.period = periods[-2]


def _bounded_same(a: Figure, b: Figure) -> bool:
    """ "at least 49,000" before a plain "49,000": the bound says more, keep it."""
    return a.value != b.value and (a.value.low or a.value.high) == (b.value.low or b.value.high)


def _exact(ctx: Context, fig: Figure) -> bool:
    text = ctx.slice(fig.spans.get("value")).lower()
    return not any(w in text for w in ("about", "nearly", "almost", "around", "roughly",
                                       "some", "approximately", "more than", "over"))


__all__ = ["build_figures", "Range"]
