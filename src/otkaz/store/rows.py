"""What the store hands back (StoredDocument, StoredMention, ...) and the row <-> model mapping.

    >>> inc = Incident(type="refusal", actor="60 soldiers", count=Range(60, 60))
    >>> incident_from_row(incident_row(inc)).count
    Range(low=60, high=60)

An incident's `geo` keeps its "home" and "place" entries (other keys are not
stored). `incident_id` is not stored from a report: on reading it is the key
of the case the mention is linked to, or None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from otkaz.models import ChainLink, DateRange, Document, Figure, Incident, Place, Range, Span


@dataclass(frozen=True)
class StoredDocument:
    """A document as stored: its row id, the extraction that last read it, and the Document."""

    id: int
    sha256: str
    pipeline_version: str
    ingested_at: datetime
    extracted_at: datetime
    document: Document
    superseded_by: int | None = None  # the row of the newer version; None for the current one


@dataclass(frozen=True)
class DocumentMeta:
    """A stored document without its text: what the linker and listings need."""

    id: int
    source_id: str
    sha256: str
    published: date | None
    outlet: str | None
    url: str | None
    title: str | None
    lang: str | None = None  # ISO 639-1


@dataclass(frozen=True)
class CaseOverride:
    """A reviewer's correction of one field of a case (`case_overrides`)."""

    case_id: int
    field: str
    value: Any
    span: Any
    user: str
    at: datetime


@dataclass(frozen=True)
class MentionOverride:
    """A reviewer's decision about one mention, by its stable key (`mention_overrides`)."""

    mention_key: str
    field: str
    value: Any
    user: str
    at: datetime


@dataclass(frozen=True)
class StoredMention:
    """One incident as one document tells it, with its row id and (if linked) its case."""

    id: int
    document_id: int
    idx: int
    mention_key: str
    pipeline_version: str
    case_id: int | None
    incident: Incident  # incident_id is the case key when linked
    case_confidence: float | None = None  # its case's confidence (cases.confidence), if linked


@dataclass(frozen=True)
class StoredFigure:
    """One aggregate figure as one document gives it."""

    id: int
    document_id: int
    idx: int
    pipeline_version: str
    figure: Figure


@dataclass(frozen=True)
class StoredCase:
    """A linked case: the linker's merged record plus the columns used to filter cases."""

    id: int
    key: str
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    merged: dict[str, Any]
    type: str | None
    force: str | None
    count_low: int | None
    count_high: int | None
    when_start: date | None
    when_end: date | None
    home: str | None
    place: str | None
    place_lat: float | None
    place_lon: float | None
    n_mentions: int
    n_origins: int
    # the highest confidence of a mention no reviewer rejected; None when none has one
    confidence: float | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """A document with everything extracted from it, in report order (for exports)."""

    document: StoredDocument
    mentions: list[StoredMention]
    figures: list[StoredFigure]


def aware(moment: datetime) -> datetime:
    """`moment` with a time zone: SQLite hands back naive datetimes, stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _spans(d: Mapping[Any, Any] | None) -> dict[str, Span]:
    return {k: (int(v[0]), int(v[1])) for k, v in (d or {}).items()}


def _evidence(items: list[Any] | None) -> list[Span]:
    return [(int(e[0]), int(e[1])) for e in items or []]


def _geo_columns(prefix: str, place: Place | None) -> dict[str, Any]:
    return {
        f"{prefix}_geo": place.to_dict() if place else None,
        f"{prefix}_lat": place.lat if place else None,
        f"{prefix}_lon": place.lon if place else None,
    }


def _geo(row: Mapping[Any, Any]) -> dict[str, Place]:
    geo: dict[str, Place] = {}
    for key in ("home", "place"):
        value = row.get(f"{key}_geo")
        if value:
            geo[key] = Place(**value)
    return geo


def incident_row(incident: Incident) -> dict[str, Any]:
    """The `mentions` columns that hold `incident` (not ids, keys or versions)."""
    return {
        "type": incident.type, "actor": incident.actor, "force": incident.force,
        "personnel": list(incident.personnel), "unit": incident.unit,
        "count_low": incident.count.low if incident.count else None,
        "count_high": incident.count.high if incident.count else None,
        "has_count": incident.count is not None,
        "home": incident.home, "place": incident.place,
        **_geo_columns("home", incident.geo.get("home")),
        **_geo_columns("place", incident.geo.get("place")),
        "when_start": incident.when.start if incident.when else None,
        "when_end": incident.when.end if incident.when else None,
        "sources": list(incident.sources), "outcomes": list(incident.outcomes),
        "evidence": [list(s) for s in incident.evidence],
        "spans": {k: list(v) for k, v in incident.spans.items()},
        "chain": [c.to_dict() for c in incident.chain],
        "confidence": incident.confidence,
    }


def incident_from_row(row: Mapping[Any, Any], case_key: str | None = None) -> Incident:
    """The Incident a `mentions` row holds; `case_key` becomes its incident_id."""
    when = None
    if row["when_start"] is not None and row["when_end"] is not None:
        when = DateRange(row["when_start"], row["when_end"])
    return Incident(
        type=row["type"], actor=row["actor"], force=row["force"],
        personnel=list(row["personnel"] or []), unit=row["unit"],
        count=Range(row["count_low"], row["count_high"]) if row["has_count"] else None,
        home=row["home"], place=row["place"], when=when,
        sources=list(row["sources"] or []), outcomes=list(row["outcomes"] or []),
        evidence=_evidence(row["evidence"]), spans=_spans(row["spans"]),
        chain=[ChainLink.from_dict(c) for c in row["chain"] or []],
        geo=_geo(row), incident_id=case_key, confidence=row["confidence"],
    )


def figure_row(figure: Figure) -> dict[str, Any]:
    """The `figures` columns that hold `figure` (not ids or versions)."""
    return {
        "measure": figure.measure,
        "value_low": figure.value.low, "value_high": figure.value.high,
        "period_start": figure.period.start if figure.period else None,
        "period_end": figure.period.end if figure.period else None,
        "place": figure.place, **_geo_columns("place", figure.geo.get("place")),
        "sources": list(figure.sources),
        "evidence": [list(s) for s in figure.evidence],
        "spans": {k: list(v) for k, v in figure.spans.items()},
        "chain": [c.to_dict() for c in figure.chain],
    }


def figure_from_row(row: Mapping[Any, Any]) -> Figure:
    """The Figure a `figures` row holds."""
    period = None
    if row["period_start"] is not None and row["period_end"] is not None:
        period = DateRange(row["period_start"], row["period_end"])
    return Figure(
        measure=row["measure"], value=Range(row["value_low"], row["value_high"]),
        period=period, place=row["place"], sources=list(row["sources"] or []),
        evidence=_evidence(row["evidence"]), spans=_spans(row["spans"]),
        chain=[ChainLink.from_dict(c) for c in row["chain"] or []],
        geo=_geo({"place_geo": row["place_geo"]}),
    )


def document_lang(doc: Document) -> str:
    """The language `doc` is stored with: as given, else as the extractor detects it."""
    from otkaz.lang.detect import detect_language  # loads its model only when needed

    return doc.lang or detect_language(doc.text)


def document_row(doc: Document) -> dict[str, Any]:
    """The `documents` columns that hold `doc` (not versions or times)."""
    return {"sha256": doc.sha256, "source_id": doc.id, "url": doc.url, "outlet": doc.outlet,
            "title": doc.title, "published": doc.published, "text": doc.text,
            "doc_key": doc.version_key, "lang": document_lang(doc)}


def stored_document(row: Mapping[Any, Any]) -> StoredDocument:
    doc = Document(id=row["source_id"], text=row["text"], published=row["published"],
                   url=row["url"], outlet=row["outlet"], title=row["title"],
                   key=row.get("doc_key"), lang=row.get("lang"))
    return StoredDocument(id=row["id"], sha256=row["sha256"],
                          pipeline_version=row["pipeline_version"],
                          ingested_at=aware(row["ingested_at"]),
                          extracted_at=aware(row["extracted_at"]), document=doc,
                          superseded_by=row.get("superseded_by"))


def stored_mention(row: Mapping[Any, Any]) -> StoredMention:
    """A StoredMention from a `mentions` row joined with its case's `case_key`."""
    return StoredMention(id=row["id"], document_id=row["document_id"], idx=row["idx"],
                         mention_key=row["mention_key"], pipeline_version=row["pipeline_version"],
                         case_id=row["case_id"],
                         incident=incident_from_row(row, row.get("case_key")),
                         case_confidence=row.get("case_confidence"))


def stored_figure(row: Mapping[Any, Any]) -> StoredFigure:
    return StoredFigure(id=row["id"], document_id=row["document_id"], idx=row["idx"],
                        pipeline_version=row["pipeline_version"], figure=figure_from_row(row))


def stored_case(row: Mapping[Any, Any]) -> StoredCase:
    values = dict(row)
    values["created_at"] = aware(values["created_at"])
    values["updated_at"] = aware(values["updated_at"])
    return StoredCase(**values)
