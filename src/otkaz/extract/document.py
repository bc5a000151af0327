"""The document step on typed records: restatements folded, a figure's source shared.

    >>> incidents = merge_restatements(incidents, Layout.of(text))
    >>> figures = share_figure_sources(figures, text, own_findings={"mediazona"})

Headline, lead and body tell one case: their incidents fold into one, most specific first.

A news page states its main case in the title, again in the lead, and again in the
body, each time in other words ("60 Russian paratroopers refuse ..." / "Approximately
60 paratroopers from Russia's Pskov region have refused ..."). The fold inside the
pipeline joins mentions it can tie by their words; this step joins what is left on the
shape of the records: an incident told only in the title or lead joins a compatible
incident of the body, and two incidents with the same group size and type are one case.
The more specific record is kept as the base and the other only fills its gaps, so the
lead's count survives a vaguer body wording and nothing already stated is overwritten.
"""

from __future__ import annotations

import re
from functools import cache

from otkaz.extract.prefilter import Layout
from otkaz.extract.text import merge_spans, same_name
from otkaz.lang import ResourceError, pattern, phrases, word_set
from otkaz.models import Figure, Incident, Range

_FILLABLE = ("force", "unit", "count", "home", "place", "when")


def _specificity(incident: Incident) -> tuple[int, int, int]:
    exact = int(incident.count is not None and incident.count.low is not None
                and incident.count.low == incident.count.high)
    filled = sum(1 for name in _FILLABLE if getattr(incident, name))
    return exact, filled + len(incident.sources) + len(incident.outcomes), len(incident.evidence)


def _overlaps(a: Range | None, b: Range | None) -> bool | None:
    """True/False when both counts are known, None when either is not."""
    if a is None or b is None or (a.low is None and a.high is None) or (
            b.low is None and b.high is None):
        return None
    lo_a = a.low if a.low is not None else 0
    lo_b = b.low if b.low is not None else 0
    hi_a = a.high if a.high is not None else 10**9
    hi_b = b.high if b.high is not None else 10**9
    return lo_a <= hi_b and lo_b <= hi_a


def _same_size(a: Incident, b: Incident) -> bool:
    """Both name the same number of people: "60 paratroopers", "up to 60", "at least 60"."""
    if a.count is None or b.count is None:
        return False
    ends_a = {x for x in (a.count.low, a.count.high) if x is not None and x >= 2}
    ends_b = {x for x in (b.count.low, b.count.high) if x is not None and x >= 2}
    return bool(ends_a & ends_b) and _overlaps(a.count, b.count) is not False


def _conflict(a: Incident, b: Incident) -> bool:
    """Values both state that cannot describe one group."""
    for name in ("home", "place", "unit"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and not same_name(x, y):
            return True
    if a.force and b.force and a.force != b.force and "army" not in (a.force, b.force):
        return True
    return _overlaps(a.count, b.count) is False


def _in_opening(incident: Incident, layout: Layout) -> bool:
    """Every evidence span lies in the title or the lead."""
    return bool(incident.evidence) and all(e <= layout.lead_end for _, e in incident.evidence)


_ANOTHER = tuple(f"{w} " for w in phrases("en", "document", "another_openings"))


def _joins(a: Incident, b: Incident, layout: Layout) -> bool:
    if _conflict(a, b) or any(x.actor.lower().startswith(_ANOTHER) for x in (a, b)):
        return False  # "another soldier" is told as a case apart
    if _same_size(a, b) and a.type == b.type:
        return True
    opening_a, opening_b = _in_opening(a, layout), _in_opening(b, layout)
    if opening_a == opening_b:
        return False
    return a.type == b.type or (layout.title is not None and any(
        s < layout.title[1] for s, _ in (a.evidence if opening_a else b.evidence)))


def _absorb(base: Incident, other: Incident) -> Incident:
    """`base` with the gaps filled from `other`, evidence and lists joined."""
    for name in _FILLABLE:
        if not getattr(base, name) and getattr(other, name):
            setattr(base, name, getattr(other, name))
            if name in other.spans:
                base.spans[name] = other.spans[name]
            if name in other.geo:
                base.geo[name] = other.geo[name]
    for name in ("sources", "outcomes", "personnel"):
        mine: list[str] = getattr(base, name)
        for i, value in enumerate(getattr(other, name)):
            if name == "sources" and any(same_name(value, v) for v in mine):
                continue
            if value in mine:
                continue
            span = other.spans.get(f"{name}.{i}")
            if span is not None:
                base.spans[f"{name}.{len(mine)}"] = span
            mine.append(value)
    shift = len(base.chain)
    for link in other.chain:
        if link not in base.chain:
            cites = link.cites + shift if link.cites is not None else None
            base.chain.append(type(link)(link.name, link.kind, link.span, cites))
    base.evidence = merge_spans(base.evidence + other.evidence)
    return base


def _name_from_body(base: Incident, other: Incident, layout: Layout) -> None:
    """A headline's short name ("60 Russian Paratroopers") gives way to the body's fuller one
    ("Approximately 60 paratroopers from the Pskov region") when both count the same."""
    title = layout.title
    mine, theirs = base.spans.get("actor"), other.spans.get("actor")
    if title is None or mine is None or theirs is None or not title[0] <= mine[0] < title[1]:
        return
    if title[0] <= theirs[0] < title[1] or not (other.count is None or other.count == base.count
                                                 or _same_size(base, other)):
        return
    base.actor, base.spans["actor"] = other.actor, theirs


def merge_restatements(incidents: list[Incident], layout: Layout) -> list[Incident]:
    """The incidents with restatements of one case folded together, in text order."""
    out = list(incidents)
    changed = True
    while changed:
        changed = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                if not _joins(a, b, layout):
                    continue
                base, other = (a, b) if _specificity(a) >= _specificity(b) else (b, a)
                _name_from_body(base, other, layout)
                out[i] = _absorb(base, other)
                del out[j]
                changed = True
                break
            if changed:
                break
    return sorted(out, key=lambda x: min((s for s, _ in x.evidence), default=0))


def _first_mention(text: str, name: str) -> tuple[str, tuple[int, int]] | None:
    at = text.lower().find(name.lower())
    if at < 0:
        return None
    return text[at:at + len(name)], (at, at + len(name))


def share_figure_sources(figures: list[Figure], text: str, own_findings: set[str]
                         ) -> list[Figure]:
    """Figures that name no source take the one source the document's figures rest on.

    A data story credits its numbers once ("According to Mediazona, ...", "a Mediazona
    study reveals") and then goes on giving numbers from the same count. When the figures
    that do name a source all name the same one, or the text presents the numbers as one
    organisation's own finding, the unattributed figures are credited to it too. Two
    different sources among the figures leave the rest alone: the story then mixes counts.
    """
    # a paragraph first: "X released a report revealing that ... 3,000. In 2021, around
    # 600 ...": its figures rest on X even when another paragraph cites someone else
    for start, end in _paragraph_spans(text):
        inside = [f for f in figures if f.evidence and start <= f.evidence[0][0] < end]
        if inside and any(not f.sources for f in inside):
            _share(inside, text[start:end], start,
                   {n for n in own_findings if n in text[start:end].lower()})
    return _share(figures, text, 0, own_findings)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _share(figures: list[Figure], text: str, offset: int, own_findings: set[str]
           ) -> list[Figure]:
    named = [(f.sources[0], f.spans.get("sources.0")) for f in figures if f.sources]
    shared: tuple[str, tuple[int, int] | None] | None = None
    if named and all(same_name(n, named[0][0]) for n, _ in named):
        shared = named[0]
    elif not named and len(own_findings) == 1:
        found = _first_mention(text, next(iter(own_findings)))
        if found is not None:
            shared = found[0], (found[1][0] + offset, found[1][1] + offset)
    if shared is None:
        return figures
    name, span = shared
    for figure in figures:
        if not figure.sources:
            figure.sources.append(name)
            if span is not None:
                figure.spans["sources.0"] = span
    return figures


def drop_nationality_homes(incidents: list[Incident]) -> list[Incident]:
    """A home that is the whole of Russia ("Russian contract soldiers") is the servicemen's
    nationality, which every case shares, not where the unit or the men come from."""
    for incident in incidents:
        home = incident.geo.get("home")
        if home is not None and home.precision == "country" and home.country == "RU":
            incident.home = None
            incident.geo.pop("home")
            incident.spans.pop("home", None)
    return incidents


def _speaker_before_colon(incident: Incident, text: str) -> bool:
    span = incident.spans.get("actor")
    if span is None:
        return False
    words = text[span[0]:span[1]].split()
    return (text[span[1]:span[1] + 1] == ":" and 1 <= len(words) <= 4
            and all(w[:1].isupper() for w in words))


def drop_colon_speakers(incidents: list[Incident], text: str) -> list[Incident]:
    """ "Pavel Chikov: 12 officers have refused to serve": a name before a colon is who
    speaks, not who refused. The parser may make it the subject; when another incident
    tells the same words, the speaker's record goes and the name becomes that one's source.
    """
    kept = []
    for incident in incidents:
        others = [o for o in incidents if o is not incident and any(
            s < oe and os < e for s, e in incident.evidence for os, oe in o.evidence)]
        if others and _speaker_before_colon(incident, text):
            target = others[0]
            span = incident.spans["actor"]
            if not any(same_name(incident.actor, n) for n in target.sources):
                target.spans[f"sources.{len(target.sources)}"] = span
                target.sources.append(incident.actor)
            continue
        if _speaker_before_colon(incident, text) and any(
                o is not incident and o.type == incident.type for o in incidents):
            continue  # "General Staff: convicts deserted" as a headline; the body tells it
        kept.append(incident)
    return kept


FURNITURE_LABELS = tuple(phrases("en", "document", "furniture_labels"))


def _line_of(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start:end if end >= 0 else len(text)].strip()


def drop_furniture(incidents: list[Incident], text: str) -> list[Incident]:
    """Incidents told only in page furniture ("Photo: soldiers who refused to fight ...",
    "Read more: ...", "Support us") are not what the page reports."""
    def furniture(span: tuple[int, int]) -> bool:
        return _line_of(text, span[0]).lower().startswith(FURNITURE_LABELS)

    return [i for i in incidents if not (i.evidence and all(furniture(e) for e in i.evidence))]


_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d[\d,.]*")


@cache
def _group_marks(lang: str) -> frozenset[str]:
    """Words that make a phrase pick out a group: determiners, counts, restrictors."""
    return word_set(lang, "actors", "generic_specifiers") | word_set(
        lang, "actors", "generic_restrictors")


@cache
def _restricting_words(lang: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern(lang, "actors", "generic_restricting_words"))
    except ResourceError:
        return None  # a language whose modifiers are all in `generic_restrictors`


def _resource_phrases(lang: str, key: str) -> tuple[str, ...]:
    try:
        return phrases(lang, "actors", key)
    except ResourceError:
        return ()


def _without_present_clause(words: list[str], lang: str) -> list[str]:
    """The words before a relative clause in the present ("members of the military who go
    AWOL"), which describes whoever does it; other words unchanged."""
    try:
        present = word_set(lang, "actors", "generic_clause_verbs")
    except ResourceError:
        return words
    for k, w in enumerate(words[:-1]):
        if w.lower() in ("who", "that") and words[k + 1].lower() in present:
            return words[:k]
    return words


def is_generic_group(incident: Incident, lang: str = "en") -> bool:
    """A bare plural that picks out no group: no count, no determiner or quantifier, no
    name, no restrictive clause, no unit and no place finer than a country ("Russian soldiers",
    "military personnel", "отказников").

        >>> is_generic_group(Incident("refusal", "military personnel"))
        True
        >>> is_generic_group(Incident("refusal", "soldiers who refused to go back"))
        False
    """
    if incident.count is not None or incident.unit or any(
            place.precision != "country" for place in incident.geo.values()):
        return False  # a date alone does not: it is often the story's, not this group's
    words = _WORD.findall(incident.actor)
    if not words:
        return False
    if " ".join(words).lower().startswith(_resource_phrases(lang, "generic_quantities")):
        return True  # "the number of servicemen refusing to fight"
    words = _without_present_clause(words, lang)
    if any(w[0].isdigit() or w[0].isupper() for w in words[1:]) or words[0][0].isdigit():
        return False  # "soldiers of the 11th brigade", "contract soldier Ali Musayev"
    phrase = f" {' '.join(words).lower()} "
    for whole in _resource_phrases(lang, "generic_wholes"):
        phrase = phrase.replace(f" {whole} ", " ")  # "members of the military"
    if any(w in _group_marks(lang) for w in phrase.split()):
        return False
    restricting = _restricting_words(lang)
    if restricting is not None:
        people = word_set(lang, "actors", "person_lemmas")
        from otkaz.lang.lemmas import lemmas

        # a participle restricts ("решивших отказаться"); one that names people is the noun
        if any(restricting.fullmatch(w) and not people.intersection(lemmas(w)) for w in words):
            return False
    return True


def drop_generic_groups(incidents: list[Incident], figures: list[Figure], lang: str = "en"
                        ) -> list[Incident]:
    """Servicemen in general ("amid growing reports of military personnel refusing to
    fight", "criminal cases against soldiers accused of desertion") are the background of
    a report that tells a case or a figure, not a case of their own. A document that
    tells nothing more specific keeps them: a vague case is still the case it reports."""
    specific = [i for i in incidents if not is_generic_group(i, lang)]
    return specific if specific or figures else incidents
