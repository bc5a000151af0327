"""A small in-memory store for export tests: two documents, three mentions, one figure, a case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from otkaz.models import DateRange, Document, Figure, Incident, Place, Range, Report
from otkaz.store import Store, open_store

FIRST = ("Marines quit\n"
         "Forty marines from Vladivostok refused to advance near Vuhledar in February 2023, "
         "the Siberia Desk reported.\nThey were threatened with prison.")
SECOND = "Two conscripts deserted from a base in Belgorod, their mothers said."


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


VLADIVOSTOK = Place("Vladivostok", "RU", "Primorsky Krai", 43.1056, 131.8735, "city")
VUHLEDAR = Place("Vuhledar", "UA", "Donetsk Oblast", 47.7806, 37.2486, "city")


@pytest.fixture
def store() -> Iterator[Store]:
    first = Document(id="first", text=FIRST, published=date(2023, 3, 1),
                     url="https://example.org/marines", outlet="Example")
    second = Document(id="second", text=SECOND)
    marines = Incident(
        type="refusal", actor="Forty marines", force="marines", personnel=["contract", "officer"],
        count=Range(40, 40), home="Vladivostok", place="Vuhledar",
        when=DateRange(date(2023, 2, 1), date(2023, 2, 28)), sources=["Siberia Desk"],
        outcomes=["threatened"],
        evidence=[at(FIRST, "Forty marines from Vladivostok refused to advance"),
                  at(FIRST, "They were threatened with prison.")],
        geo={"home": VLADIVOSTOK, "place": VUHLEDAR}, confidence=0.9)
    home_only = Incident(type="refusal", actor="marines", home="Vladivostok",
                         evidence=[at(FIRST, "Marines quit\nForty")],
                         geo={"home": VLADIVOSTOK})
    conscripts = Incident(type="desertion", actor="Two conscripts", personnel=["conscript"],
                          count=Range(2, 2), place="Belgorod",
                          evidence=[at(SECOND, "Two conscripts deserted")])
    figure = Figure(measure="refusers", value=Range(40, None))
    with open_store("sqlite://") as s:
        s.add(first, Report("first", [marines, home_only], [figure]), "v1")
        s.add(second, Report("second", [conscripts]), "v1")
        # the case's confidence is set apart from its mention's own 0.9, so that an export
        # mixing the two up shows
        case_id = s.upsert_case("marines-2023-02", {}, {"type": "refusal", "confidence": 0.75})
        s.set_mention_cases({s.mentions()[0].id: case_id})
        yield s
