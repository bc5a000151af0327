"""Fixtures for store tests: an open store on each backend and a report that sets every field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from otkaz.models import ChainLink, DateRange, Document, Figure, Incident, Place, Range, Report
from otkaz.store import Store, open_store

TEXT = (
    "Tank crews refuse to return to the front\n"
    "Twelve contract soldiers of the 4th Tank Brigade from Buryatia refused to go back "
    "to the front near Bakhmut in March 2023, the rights group Free Ranks said. "
    "According to lawyer Anna Petrova, they were detained and later released. "
    "Courts handed down 150 sentences for leaving a unit without permission in 2023."
)


def span(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as s:
        yield s


@pytest.fixture
def full_doc() -> Document:
    return Document(id="doc-1", text=TEXT, published=date(2023, 4, 2),
                    url="https://example.org/news/1", outlet="Example News",
                    title="Tank crews refuse to return to the front")


@pytest.fixture
def full_report() -> Report:
    """Every field of Incident and Figure set, so a round trip checks each column."""
    buryatia = Place("Republic of Buryatia", "RU", "Republic of Buryatia", 52.0, 109.5, "region")
    bakhmut = Place("Bakhmut", "UA", "Donetsk Oblast", 48.5947, 38.0004, "city")
    full = Incident(
        type="refusal", actor="Twelve contract soldiers", force="army",
        personnel=["contract"], unit="4th Tank Brigade", count=Range(12, 12),
        home="Buryatia", place="Bakhmut",
        when=DateRange(date(2023, 3, 1), date(2023, 3, 31)),
        sources=["Free Ranks", "Anna Petrova"], outcomes=["detained", "released"],
        evidence=[span("Twelve contract soldiers"), span("they were detained and later released")],
        spans={"actor": span("Twelve contract soldiers"), "unit": span("4th Tank Brigade"),
               "when": span("March 2023")},
        chain=[ChainLink("Free Ranks", "organisation", span("Free Ranks")),
               ChainLink("Anna Petrova", "person", span("Anna Petrova"), cites=0),
               ChainLink(None, "anonymous")],
        geo={"home": buryatia, "place": bakhmut}, confidence=0.875,
    )
    open_count = Incident(type="desertion", actor="Tank crews", count=Range(None, None),
                          evidence=[span("Tank crews refuse")])
    bare = Incident(type="refusal", actor="")
    figure = Figure(
        measure="awol_cases", value=Range(150, None),
        period=DateRange(date(2023, 1, 1), date(2023, 12, 31)), place="Russia",
        sources=["Courts"], evidence=[span("Courts handed down 150 sentences")],
        spans={"value": span("150")}, chain=[ChainLink("Courts", "official")],
        geo={"place": Place("Russia", "RU", None, 60.0, 90.0, "country")},
    )
    return Report(id="doc-1", incidents=[full, open_count, bare],
                  figures=[figure, Figure(measure="refusers", value=Range(None, 40))])
