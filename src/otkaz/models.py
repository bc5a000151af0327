"""The data that flows between stages, and its JSON form (FORMAT.md, version 1).

    >>> doc = Document(id="a1", text="60 soldiers refused.", published=date(2022, 4, 26))
    >>> Report(id=doc.id).to_dict()
    {'id': 'a1', 'incidents': [], 'figures': []}

Offsets are character offsets into `Document.text`, end exclusive, and never
into a normalised copy of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Span = tuple[int, int]

INCIDENT_TYPES = ("refusal", "desertion")
FORCES = ("army", "airborne", "marines", "navy", "rosgvardia", "police", "pmc", "proxy", "other")
PERSONNEL = ("conscript", "contract", "mobilized", "volunteer", "officer", "reservist", "prisoner")
OUTCOMES = (
    "returned_home", "dismissed", "detained", "threatened", "prosecuted", "convicted",
    "forced_back", "family_pressured", "released", "fled_abroad", "sued",
)
MEASURES = (
    "awol_cases", "desertion_cases", "refusal_cases", "convictions", "refusers", "helped_to_leave",
)


@dataclass(frozen=True)
class Document:
    """One article as ingested: plain text (title on the first line) plus metadata."""

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    lang: str | None = None  # ISO 639-1; None: the extractor decides (otkaz.lang.detect)
    # the document's identity across versions when it has no URL: `PATH#ID` for a JSONL
    # record with an id (set by otkaz.ingest); not part of FORMAT.md, not compared
    key: str | None = field(default=None, compare=False, repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def version_key(self) -> str | None:
        """What makes a newer text the next version of this document: its URL, else `key`.

            >>> Document("a", "text", url="https://example.org/1").version_key
            'https://example.org/1'
        """
        return (self.url or "").strip() or self.key

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url, "outlet": self.outlet, "title": self.title,
            **({"lang": self.lang} if self.lang else {}),
        }


@dataclass(frozen=True)
class Range:
    """A count or a figure's value: `low..high`, either end open (None)."""

    low: int | None
    high: int | None

    def to_dict(self) -> dict[str, int | None]:
        return {"low": self.low, "high": self.high}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Range | None:
        return None if d is None else cls(d.get("low"), d.get("high"))


@dataclass(frozen=True)
class DateRange:
    """An inclusive interval of days."""

    start: date
    end: date

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> DateRange | None:
        if d is None:
            return None
        return cls(date.fromisoformat(d["start"][:10]), date.fromisoformat(d["end"][:10]))


@dataclass(frozen=True)
class Place:
    """A gazetteer entry a place phrase resolved to."""

    name: str  # canonical English name, e.g. "Luhansk Oblast" or "Pskov"
    country: str | None = None  # ISO 3166-1 alpha-2, e.g. "RU", "UA", "GE"
    admin1: str | None = None  # the region it lies in (or itself, for a region)
    lat: float | None = None
    lon: float | None = None
    precision: Literal["city", "region", "country", "other"] = "other"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "country": self.country, "admin1": self.admin1,
            "lat": self.lat, "lon": self.lon, "precision": self.precision,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Place | None:
        return None if d is None else cls(**d)


@dataclass
class ChainLink:
    """One step of attribution: `speaker` said it, citing `cites` (an index into the chain)."""

    name: str | None  # None for an anonymous source ("a source", "relatives")
    kind: str  # "outlet", "organisation", "person", "official", "anonymous", "document"
    span: Span | None = None
    cites: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind,
                "span": list(self.span) if self.span else None, "cites": self.cites}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChainLink:
        span = d.get("span")
        return cls(d.get("name"), d.get("kind", "anonymous"),
                   (span[0], span[1]) if span else None, d.get("cites"))


@dataclass
class Incident:
    """One group of servicemen refusing or deserting, on one occasion, as one document tells it."""

    type: str
    actor: str
    force: str | None = None
    personnel: list[str] = field(default_factory=list)
    unit: str | None = None
    count: Range | None = None
    home: str | None = None
    place: str | None = None
    when: DateRange | None = None
    sources: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    chain: list[ChainLink] = field(default_factory=list)
    geo: dict[str, Place] = field(default_factory=dict)  # "home"/"place" -> resolved entry
    incident_id: str | None = None
    confidence: float | None = None
    # the text its offsets index, when the extractor made it: not serialised, not compared;
    # lets an incident show its evidence in a notebook (otkaz.notebook)
    text: str | None = field(default=None, compare=False, repr=False)

    def _repr_html_(self) -> str:
        from .notebook import to_html

        return str(to_html(self))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "type": self.type, "actor": self.actor, "force": self.force,
            "personnel": list(self.personnel), "unit": self.unit,
            "count": self.count.to_dict() if self.count else None,
            "home": self.home, "place": self.place,
            "when": self.when.to_dict() if self.when else None,
            "sources": list(self.sources), "outcomes": list(self.outcomes),
            "evidence": [list(s) for s in self.evidence],
            "spans": {k: list(v) for k, v in self.spans.items()},
            "chain": [c.to_dict() for c in self.chain],
            "geo": {k: v.to_dict() for k, v in self.geo.items()},
        }
        if self.incident_id is not None:
            d["incident_id"] = self.incident_id
        if self.confidence is not None:
            d["confidence"] = round(self.confidence, 3)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        return cls(
            type=d["type"], actor=d.get("actor") or "", force=d.get("force"),
            personnel=list(d.get("personnel") or []), unit=d.get("unit"),
            count=Range.from_dict(d.get("count")), home=d.get("home"), place=d.get("place"),
            when=DateRange.from_dict(d.get("when")),
            sources=list(d.get("sources") or []), outcomes=list(d.get("outcomes") or []),
            evidence=[(e[0], e[1]) for e in d.get("evidence") or [] if isinstance(e, list)],
            spans={k: (v[0], v[1]) for k, v in (d.get("spans") or {}).items()},
            chain=[ChainLink.from_dict(c) for c in d.get("chain") or []],
            geo={k: Place(**v) for k, v in (d.get("geo") or {}).items() if v},
            incident_id=d.get("incident_id"), confidence=d.get("confidence"),
        )


@dataclass
class Figure:
    """An aggregate number about refusals, desertion or their punishment."""

    measure: str
    value: Range
    period: DateRange | None = None
    place: str | None = None
    sources: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    chain: list[ChainLink] = field(default_factory=list)
    geo: dict[str, Place] = field(default_factory=dict)
    confidence: float | None = None
    text: str | None = field(default=None, compare=False, repr=False)  # as Incident.text

    def _repr_html_(self) -> str:
        from .notebook import to_html

        return str(to_html(self))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "measure": self.measure, "value": self.value.to_dict(),
            "period": self.period.to_dict() if self.period else None,
            "place": self.place, "sources": list(self.sources),
            "evidence": [list(s) for s in self.evidence],
            "spans": {k: list(v) for k, v in self.spans.items()},
            "chain": [c.to_dict() for c in self.chain],
            "geo": {k: v.to_dict() for k, v in self.geo.items()},
        }
        if self.confidence is not None:
            d["confidence"] = round(self.confidence, 3)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        value = Range.from_dict(d.get("value")) or Range(None, None)
        return cls(
            measure=d["measure"], value=value, period=DateRange.from_dict(d.get("period")),
            place=d.get("place"), sources=list(d.get("sources") or []),
            evidence=[(e[0], e[1]) for e in d.get("evidence") or [] if isinstance(e, list)],
            spans={k: (v[0], v[1]) for k, v in (d.get("spans") or {}).items()},
            chain=[ChainLink.from_dict(c) for c in d.get("chain") or []],
            geo={k: Place(**v) for k, v in (d.get("geo") or {}).items() if v},
            confidence=d.get("confidence"),
        )


@dataclass
class Report:
    """What otkaz extracts from one document."""

    id: str
    incidents: list[Incident] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    # What the extractor could not do with the document ("document in Ukrainian (uk) was not
    # read"); serialised only when there is one, so reports without stay as they were.
    notices: list[str] = field(default_factory=list)
    text: str | None = field(default=None, compare=False, repr=False)  # as Incident.text

    def with_text(self, text: str | None) -> Report:
        """This report, its incidents and figures holding the text their offsets index
        (for display; never serialised); None lets it go."""
        self.text = text
        for incident in self.incidents:
            incident.text = text
        for figure in self.figures:
            figure.text = text
        return self

    def _repr_html_(self) -> str:
        from .notebook import to_html

        return str(to_html(self))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "incidents": [i.to_dict() for i in self.incidents],
                             "figures": [f.to_dict() for f in self.figures]}
        if self.notices:
            d["notices"] = list(self.notices)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(d["id"], [Incident.from_dict(i) for i in d.get("incidents") or []],
                   [Figure.from_dict(f) for f in d.get("figures") or []],
                   list(d.get("notices") or []))
