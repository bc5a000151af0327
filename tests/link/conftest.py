"""Hand-built mentions for the linking tests (invented content)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from otkaz.link import MentionRef
from otkaz.link import features as link_features
from otkaz.models import ChainLink, DateRange, Incident, Place, Range

PLACES = {
    "pskov": Place("Pskov", "RU", "Pskov Oblast", 57.8, 28.3, "city"),
    "pskov region": Place("Pskov Oblast", "RU", "Pskov Oblast", 57.5, 29.0, "region"),
    "luhansk region": Place("Luhansk Oblast", "UA", "Luhansk Oblast", 48.6, 39.3, "region"),
    "buryatia": Place("Buryatia", "RU", "Buryatia", 53.0, 109.5, "region"),
    "svatove": Place("Svatove", "UA", "Luhansk Oblast", 49.4, 38.2, "city"),
    "kursk region": Place("Kursk Oblast", "RU", "Kursk Oblast", 51.7, 36.2, "region"),
    "belgorod region": Place("Belgorod Oblast", "RU", "Belgorod Oblast", 50.6, 36.6, "region"),
    "tomsk": Place("Tomsk", "RU", "Tomsk Oblast", 56.5, 84.9, "city"),
    "omsk": Place("Omsk", "RU", "Omsk Oblast", 55.0, 73.4, "city"),
    "ukraine": Place("Ukraine", "UA", None, 49.0, 32.0, "country"),
    "belarus": Place("Belarus", "BY", None, 53.7, 27.9, "country"),
    "bakhmut": Place("Bakhmut", "UA", "Donetsk Oblast", 48.595, 38.000, "city"),
    "soledar": Place("Soledar", "UA", "Donetsk Oblast", 48.686, 38.070, "city"),
    "kramatorsk": Place("Kramatorsk", "UA", "Donetsk Oblast", 48.723, 37.556, "city"),
    "vuhledar": Place("Vuhledar", "UA", "Donetsk Oblast", 47.781, 37.248, "city"),
    "kamchatka": Place("Kamchatka Krai", "RU", "Kamchatka Krai", 57.0, 160.0, "region"),
    "tver": Place("Tver", "RU", "Tver Oblast", 56.86, 35.90, "city"),
    "tver region": Place("Tver Oblast", "RU", "Tver Oblast", 57.0, 35.0, "region"),
    "rzhev": Place("Rzhev", "RU", "Tver Oblast", 56.26, 34.33, "city"),
    "chuvashia": Place("Chuvashia", "RU", "Chuvashia", 55.5, 47.1, "region"),
    "kupiansk": Place("Kupiansk", "UA", "Kharkiv Oblast", 49.71, 37.62, "city"),
    "zaporizhzhia": Place("Zaporizhzhia", "UA", "Zaporizhzhia Oblast", 47.84, 35.14, "city"),
    "tokmak": Place("Tokmak", "UA", "Zaporizhzhia Oblast", 47.25, 35.71, "city"),
    "kursk": Place("Kursk", "RU", "Kursk Oblast", 51.73, 36.19, "city"),
    "zheleznogorsk": Place("Zheleznogorsk", "RU", "Kursk Oblast", 52.34, 35.35, "city"),
}


@pytest.fixture(autouse=True)
def no_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests state places explicitly (`geo`); the gazetteer module must not change results."""
    monkeypatch.setattr(link_features, "resolve", lambda _text: None)


def _day(text: str | None) -> DateRange | None:
    if text is None:
        return None
    start, _, end = text.partition("/")
    return DateRange(date.fromisoformat(start), date.fromisoformat(end or start))


def make_ref(doc: str, *, type: str = "refusal", actor: str = "soldiers",
             force: str | None = "army", count: tuple[int | None, int | None] | None = None,
             home: str | None = None, place: str | None = None, when: str | None = None,
             unit: str | None = None, personnel: tuple[str, ...] = (),
             sources: tuple[str, ...] = (), outcomes: tuple[str, ...] = (),
             chain: tuple[tuple[str | None, str, int | None], ...] = (),
             published: str | None = "2023-06-30", outlet: str | None = None,
             start: int = 0, geo: bool = True, id: int | None = None, **extra: Any) -> MentionRef:
    """A mention of document `doc`; places given as keys of PLACES get their entry as `geo`."""
    places = {}
    if geo:
        for role, text in (("home", home), ("place", place)):
            if text and text.lower() in PLACES:
                places[role] = PLACES[text.lower()]
    incident = Incident(
        type=type, actor=actor, force=force, personnel=list(personnel), unit=unit,
        count=Range(*count) if count else None, home=home, place=place, when=_day(when),
        sources=list(sources), outcomes=list(outcomes), evidence=[(start, start + 40)],
        chain=[ChainLink(name, kind, None, cites) for name, kind, cites in chain], geo=places,
        **extra)
    return MentionRef(f"{doc}:{start}:{type}", doc, incident,
                      date.fromisoformat(published) if published else None, outlet, id)


@pytest.fixture
def ref() -> Callable[..., MentionRef]:
    return make_ref
