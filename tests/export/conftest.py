"""A small in-memory store for export tests: two documents, three mentions, one figure, a case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace

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


KHERSON_EN = ("Marines refuse to advance\n"
              "Forty marines of the 155th brigade from Vladivostok refused to advance near "
              "Vuhledar on 3 February 2023, the Siberia Desk reported. They were detained.")
KHERSON_RU = ("Морпехи отказались наступать\n"
              "Сорок пять морпехов из Владивостока отказались наступать под Угледаром "
              "3 февраля 2023 года, сообщил Pacific Courier.")
CONSCRIPTS = "A conscript from Omsk deserted in May 2023, his mother told Steppe News."
OMSK = Place("Omsk", "RU", "Omsk Oblast", 54.98, 73.37, "city")


def fill_linked(s: Store) -> dict[str, int]:
    """Store two cases linked as the linker does (merged records rebuilt from their
    mentions): "marines", told in English and in Russian with counts that conflict (40 and
    45), and "conscript", a single report with only a home. {name: case id}."""
    from otkaz.web.merging import rebuild

    en = Document("en", KHERSON_EN, date(2023, 2, 6), "https://example.org/en", "Siberia Desk",
                  "Marines refuse to advance", lang="en")
    ru = Document("ru", KHERSON_RU, date(2023, 2, 5), "https://example.ru/ru", "Pacific Courier",
                  "Морпехи отказались наступать", lang="ru")
    omsk = Document("omsk", CONSCRIPTS, date(2023, 6, 1), None, "Steppe News", "Omsk conscript",
                    lang="en")
    feb3 = DateRange(date(2023, 2, 3), date(2023, 2, 3))
    reports = {
        "en": Incident(type="refusal", actor="Forty marines of the 155th brigade",
                       force="marines", unit="155th brigade", count=Range(40, 40),
                       home="Vladivostok", place="Vuhledar", when=feb3,
                       sources=["Siberia Desk"], outcomes=["detained"],
                       evidence=[at(KHERSON_EN, "Forty marines")],
                       geo={"home": VLADIVOSTOK, "place": VUHLEDAR}, confidence=0.9),
        "ru": Incident(type="refusal", actor="Сорок пять морпехов", force="marines",
                       count=Range(45, 45), home="Владивостока", place="Угледаром", when=feb3,
                       sources=["Pacific Courier"], evidence=[at(KHERSON_RU, "Сорок пять")],
                       geo={"home": VLADIVOSTOK, "place": VUHLEDAR}, confidence=0.8),
        "omsk": Incident(type="desertion", actor="A conscript from Omsk", force="army",
                         personnel=["conscript"], count=Range(1, 1), home="Omsk",
                         when=DateRange(date(2023, 5, 1), date(2023, 5, 31)),
                         sources=["his mother"], evidence=[at(CONSCRIPTS, "A conscript")],
                         geo={"home": OMSK}, confidence=0.7),
    }
    for doc in (en, ru, omsk):
        s.add(doc, Report(doc.id, [reports[doc.id]]), "v1")
    by_doc = {s.document(m.document_id).document.id: m.id  # type: ignore[union-attr]
              for m in s.mentions()}
    ids: dict[str, int] = {}
    for name, docs in (("marines", ["en", "ru"]), ("conscript", ["omsk"])):
        ids[name] = s.upsert_case(f"case-{name}", {}, {})
        s.set_mention_cases({by_doc[d]: ids[name] for d in docs})
        with s.engine.connect() as conn:
            rebuilt = rebuild(conn, ids[name])
        s.upsert_case(f"case-{name}", rebuilt.pop("merged"), rebuilt)
    return ids


@pytest.fixture
def linked() -> Iterator[tuple[Store, dict[str, int]]]:
    """An in-memory store filled by fill_linked, and its {case name: id}."""
    with open_store("sqlite://") as s:
        yield s, fill_linked(s)


@pytest.fixture(scope="session")
def export_data() -> SimpleNamespace:
    """Helpers for test modules (which cannot import conftest by name)."""
    return SimpleNamespace(fill_linked=fill_linked)
