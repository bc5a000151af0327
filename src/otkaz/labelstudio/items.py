"""One incident or figure as Label Studio regions, and back into a report item.

    >>> item = to_regions("incidents", gold_incident, text)     # quotes and values located
    >>> from_regions(item, text, published)                     # the gold incident again

`to_regions` takes an item as a report holds it (docs/FORMAT.md: gold quotes or
predicted offsets, with `spans`), `from_regions` gives a gold item (quotes, every field).
A text value (actor, unit, home, place, sources) becomes a span when its words are in the
text, else a `values` line; counts, dates and `case` are always `values` lines
("count: 12-20", "when: 2022-03-01..2022-03-31"), with their spans beside them as
grounding. On the way back a `values` line wins over a span; a count or date span without
one is read by otkaz's normalizers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from otkaz.errors import AnnotationError
from otkaz.evaluate.matching import locate
from otkaz.labelstudio.config import (
    CHOICES,
    FIELD_OF_LABEL,
    FIGURE_CHOICES,
    INCIDENT_CHOICES,
    SPAN_LABELS,
    TEXT_FIELDS,
)
from otkaz.models import Range

Span = tuple[int, int]

INCIDENT_KEYS = ("type", "actor", "force", "personnel", "unit", "count", "home", "place", "when",
                 "sources", "outcomes")
FIGURE_KEYS = ("measure", "value", "period", "place", "sources")
_RANGES = ("count", "value")
_DATES = ("when", "period")
_LISTS = ("personnel", "outcomes", "sources")


@dataclass
class Region:
    """A labelled range of the text, `[start, end)` in Python characters."""

    start: int
    end: int
    label: str


@dataclass
class AnnotatedItem:
    """An incident or a figure as regions: evidence passages first, then field spans."""

    kind: str  # "incidents" or "figures"
    evidence: list[Region] = field(default_factory=list)
    spans: list[Region] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)
    values: list[str] = field(default_factory=list)  # "field: value" lines


# --- a report item to regions ------------------------------------------------------------

def _range_of(text: str, piece: Any) -> Span | None:
    if isinstance(piece, str):
        return locate(text, piece)
    if (isinstance(piece, list | tuple) and len(piece) == 2
            and all(isinstance(x, int) for x in piece) and 0 <= piece[0] < piece[1] <= len(text)):
        return (piece[0], piece[1])
    return None


def _near(text: str, words: str, within: Sequence[Span]) -> Span | None:
    """Where `words` stand: inside the item's evidence if they are there, else their first
    occurrence in the text; None when they are not in it word for word."""
    if not words:
        return None
    for start, end in within:
        i = text.find(words, start, end)
        if i >= 0:
            return (i, i + len(words))
    i = text.find(words)
    return (i, i + len(words)) if i >= 0 else None


def format_range(value: Any) -> str | None:
    """A count as a reviewer types it: "12", "12-20", "12+", "-20"; None for no number."""
    if not isinstance(value, dict):
        return None
    low, high = value.get("low"), value.get("high")
    if low is None and high is None:
        return None
    if low == high:
        return str(low)
    if high is None:
        return f"{low}+"
    return f"-{high}" if low is None else f"{low}-{high}"


def format_dates(value: Any) -> str | None:
    """A date interval as "YYYY-MM-DD" (one day) or "START..END"."""
    if not isinstance(value, dict) or not value.get("start") or not value.get("end"):
        return None
    start, end = str(value["start"])[:10], str(value["end"])[:10]
    return start if start == end else f"{start}..{end}"


def to_regions(kind: str, item: dict[str, Any], text: str) -> AnnotatedItem | None:
    """Regions for one report item; None when none of its evidence lies in the text."""
    out = AnnotatedItem(kind)
    for piece in item.get("evidence") or []:
        r = _range_of(text, piece)
        if r is not None:
            out.evidence.append(Region(r[0], r[1], ""))
    if not out.evidence:
        return None
    within = [(r.start, r.end) for r in out.evidence]
    spans = {k: s for k, s in ((k, _range_of(text, v))
                               for k, v in (item.get("spans") or {}).items()) if s is not None}
    keys = INCIDENT_KEYS if kind == "incidents" else FIGURE_KEYS
    for name in keys:
        value = item.get(name)
        if name in CHOICES:
            if value:
                out.choices[name] = list(value) if isinstance(value, list) else [value]
            continue
        if name in TEXT_FIELDS and isinstance(value, str) and value:
            given = spans.get(name)
            span = given if given and text[given[0]:given[1]] == value else _near(
                text, value, within)
            if span:
                out.spans.append(Region(*span, SPAN_LABELS[name]))
            else:
                out.values.append(f"{name}: {value}")
        elif name == "sources" and value:
            _sources(out, value, spans, text, within)
        elif name in _RANGES or name in _DATES:
            line = format_range(value) if name in _RANGES else format_dates(value)
            if line is not None:
                out.values.append(f"{name}: {line}")
    for key, span in spans.items():  # grounding of counts, dates, outcomes, the trigger
        base = key.split(".")[0]
        if base in ("count", "value", "when", "period", "outcomes", "type"):
            out.spans.append(Region(*span, SPAN_LABELS[base]))
    case = item.get("case") or item.get("incident_id")
    if case:
        out.values.append(f"case: {case}")
    return out


def _sources(out: AnnotatedItem, names: list[str], spans: dict[str, Span], text: str,
             within: Sequence[Span]) -> None:
    """Every source as a span when each one's words are in the text, else one values line
    (so that their order survives the round trip)."""
    found: list[Span] = []
    for i, name in enumerate(names):
        given = spans.get(f"sources.{i}")
        span = given if given and text[given[0]:given[1]] == name else _near(text, name, within)
        if span is None:
            out.values.append("sources: " + "; ".join(names))
            return
        found.append(span)
    out.spans.extend(Region(*s, SPAN_LABELS["sources"]) for s in found)


# --- regions to a gold item --------------------------------------------------------------

def _parse_line(line: str) -> tuple[str, str] | None:
    name, sep, raw = line.partition(":")
    return (name.strip().lower(), raw.strip()) if sep else None


def _value_from_line(name: str, raw: str) -> Any:
    """A `values` line's value, read as a reviewer's typed value is (otkaz.web.review)."""
    from otkaz.web.review import ReviewError, parse_value

    if name == "sources":
        return [s.strip() for s in raw.split(";") if s.strip()]
    if name == "case":
        return raw or None
    try:
        if name in _RANGES:
            return parse_value("count", raw)
        if name in _DATES:
            return parse_value("when", raw)
        if name in CHOICES and CHOICES[name].multiple:
            return parse_value(name, raw)
        if name in ("type", "force"):
            return parse_value(name, raw)
    except ReviewError as e:
        # the reviewer's message names the field it was read as ("count: write N...")
        raise AnnotationError(f"{name}: {e.message.split(': ', 1)[-1]}", "E614") from None
    return raw or None


def _from_span(name: str, words: str, published: date | None) -> Any:
    """A count or date span without a values line, read by the normalizers."""
    if name in _RANGES:
        from otkaz.normalize.counts import parse_count

        rng: Range | None = parse_count(words)
        return rng.to_dict() if rng else None
    from otkaz.normalize.dates import parse_period, parse_when

    dates = parse_when(words, published) if name == "when" else parse_period(words, published)
    return dates.to_dict() if dates else None


def from_regions(item: AnnotatedItem, text: str, published: date | None = None
                 ) -> dict[str, Any]:
    """The gold item (docs/FORMAT.md, every field, evidence as quotes) the regions say."""
    keys = INCIDENT_KEYS if item.kind == "incidents" else FIGURE_KEYS
    found: dict[str, Any] = {}
    for region in item.spans:
        name = FIELD_OF_LABEL.get(region.label)
        if name not in keys:
            continue
        words = text[region.start:region.end]
        if name == "sources":
            found.setdefault("sources", []).append(words)
        elif name in TEXT_FIELDS:
            found.setdefault(name, words)
        elif name in _RANGES or name in _DATES:
            found.setdefault(name, _from_span(name, words, published))
    for name in INCIDENT_CHOICES if item.kind == "incidents" else FIGURE_CHOICES:
        chosen = item.choices.get(name)
        if chosen:
            found[name] = list(chosen) if CHOICES[name].multiple else chosen[0]
    case = None
    for line in item.values:
        parsed = _parse_line(line)
        if parsed is None or (parsed[0] not in keys and parsed[0] != "case"):
            continue
        name, raw = parsed
        if name == "case":
            case = _value_from_line(name, raw)
        else:
            found[name] = _value_from_line(name, raw)
    out: dict[str, Any] = {}
    for name in keys:
        value = found.get(name)
        out[name] = (list(value or []) if name in _LISTS
                     else ("" if name == "actor" and value is None else value))
    if item.kind == "incidents" and case:
        out["case"] = case
    out["evidence"] = [text[r.start:r.end] for r in item.evidence]
    if item.kind == "incidents" and out["type"] is None:
        raise AnnotationError("an Incident region has no type (choose refusal or desertion)",
                              "E614")
    if item.kind == "figures" and out["measure"] is None:
        raise AnnotationError("a Figure region has no measure", "E614")
    if item.kind == "figures" and out["value"] is None:
        out["value"] = {"low": None, "high": None}
    return out
