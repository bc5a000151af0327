"""One mention as a flat record: what CSV rows and GeoJSON properties hold.

    >>> FIELDS[:3]
    ('mention_id', 'document_id', 'url')

Values keep their types here (lists, ints, None); each exporter writes them
its own way. Coordinates come from the place the incident happened, else from
the home of the people (`geo_of` says which). `confidence` is the mention's own;
`case_confidence` is its case's (the highest among the case's mentions that no
reviewer rejected), empty for a mention in no case. `lang` is the document's language
(ISO 639-1); `home_entry` and `place_entry` are the canonical (English) names of the
gazetteer entries the worded `home` and `place` resolved to, whatever their language
("Брянке" -> "Bryanka"), empty when unresolved.
"""

from __future__ import annotations

import re
from typing import Any

from otkaz.models import Incident, Place, Span
from otkaz.store import DocumentRecord, StoredMention

FIELDS = (
    "mention_id", "document_id", "url", "outlet", "published",
    "type", "actor", "force", "personnel", "unit", "count_low", "count_high",
    "home", "place", "lat", "lon", "geo_of", "when_start", "when_end",
    "sources", "outcomes", "case_id", "case_key", "confidence", "case_confidence", "evidence",
    "lang", "home_entry", "place_entry",
)
QUOTE_SEPARATOR = " … "
_SPACE = re.compile(r"\s+")


def quotes(text: str, evidence: list[Span]) -> str:
    """The evidence sentences of `text`, whitespace collapsed, joined by " … "."""
    return QUOTE_SEPARATOR.join(_SPACE.sub(" ", text[s:e]).strip() for s, e in evidence)


def located(incident: Incident) -> tuple[Place | None, str | None]:
    """The gazetteer entry to map the incident at, and which field it came from."""
    for name in ("place", "home"):
        place = incident.geo.get(name)
        if place is not None and place.lat is not None and place.lon is not None:
            return place, name
    return None, None


def mention_record(record: DocumentRecord, mention: StoredMention) -> dict[str, Any]:
    """The FIELDS of one mention of `record`'s document."""
    doc, incident = record.document.document, mention.incident
    place, geo_of = located(incident)
    return {
        "mention_id": mention.id, "document_id": doc.id, "url": doc.url, "outlet": doc.outlet,
        "published": doc.published.isoformat() if doc.published else None,
        "type": incident.type, "actor": incident.actor, "force": incident.force,
        "personnel": list(incident.personnel), "unit": incident.unit,
        "count_low": incident.count.low if incident.count else None,
        "count_high": incident.count.high if incident.count else None,
        "home": incident.home, "place": incident.place,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "geo_of": geo_of,
        "when_start": incident.when.start.isoformat() if incident.when else None,
        "when_end": incident.when.end.isoformat() if incident.when else None,
        "sources": list(incident.sources), "outcomes": list(incident.outcomes),
        "case_id": mention.case_id, "case_key": incident.incident_id,
        "confidence": incident.confidence, "case_confidence": mention.case_confidence,
        "evidence": quotes(doc.text, incident.evidence),
        "lang": doc.lang,
        "home_entry": _entry(incident, "home"), "place_entry": _entry(incident, "place"),
    }


def _entry(incident: Incident, role: str) -> str | None:
    place = incident.geo.get(role)
    return place.name if place is not None else None
