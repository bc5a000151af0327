"""One place, one identity: English and Russian phrases of a place resolve to one entry."""

from __future__ import annotations

import pytest

from otkaz.normalize.identity import canonical_name, resolve_any, worded_and_canonical

# (phrases of one place in either language, the entry's canonical name)
SAME_PLACE = [
    (("в Брянке", "Брянке", "Брянка", "Brianka", "Bryanka"), "Bryanka"),
    (("Псковской области", "Псковская область", "Pskov region", "Pskov Oblast"),
     "Pskov Oblast"),
    (("ЛНР", "в ЛНР", "Луганской Народной Республике", "Луганская Народная Республика",
      "LPR", "LNR", "Luhansk People's Republic", "Lugansk People's Republic"),
     "Luhansk People's Republic"),
    (("ДНР", "Донецкой Народной Республики", "DPR", "Donetsk People's Republic"),
     "Donetsk People's Republic"),
    (("Южной Осетии", "South Ossetia"), "South Ossetia"),
    (("Краснодара", "Krasnodar"), "Krasnodar"),
    (("Краснодарского края", "Krasnodar Krai", "Krasnodar region"), "Krasnodar Krai"),
    (("Бурятии", "Buryatia"), "Buryatia"),
    (("Костромской области", "Kostroma region"), "Kostroma Oblast"),
]


@pytest.mark.parametrize(("phrases", "entry"), SAME_PLACE,
                         ids=[entry for _, entry in SAME_PLACE])
def test_every_phrase_of_a_place_resolves_to_its_entry(phrases: tuple[str, ...],
                                                       entry: str) -> None:
    found = {phrase: getattr(resolve_any(phrase), "name", None) for phrase in phrases}
    assert found == dict.fromkeys(phrases, entry)
    places = {resolve_any(phrase) for phrase in phrases}
    assert len(places) == 1  # the very same entry: country, region, coordinates and all


def test_a_region_and_its_city_stay_apart_in_both_languages() -> None:
    assert resolve_any("Псковской области") != resolve_any("Пскове")
    assert resolve_any("Pskov") == resolve_any("Пскове")


@pytest.mark.parametrize(("worded", "shown"), [
    ("Брянке", "Брянке → Bryanka"),
    ("Bryanka", "Bryanka"),  # nothing to add
    ("Pskov region", "Pskov region → Pskov Oblast"),
    ("в ЛНР", "в ЛНР → Luhansk People's Republic"),
])
def test_a_worded_place_shows_its_canonical_name(worded: str, shown: str) -> None:
    assert worded_and_canonical(worded, resolve_any(worded)) == shown


def test_unresolved_places_are_shown_as_worded() -> None:
    assert resolve_any("Нарнии") is None
    assert worded_and_canonical("Нарнии", None) == "Нарнии"
    assert canonical_name("Нарнии", None) is None
    assert worded_and_canonical(None, {"name": "Bryanka"}) == "Bryanka"
