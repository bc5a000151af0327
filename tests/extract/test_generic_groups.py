"""Servicemen in general ("military personnel refusing to fight") are background, not a case."""

from __future__ import annotations

import pytest

from otkaz.extract import extract_documents
from otkaz.extract.document import drop_generic_groups, is_generic_group
from otkaz.models import Document, Figure, Incident, Place, Range


@pytest.mark.parametrize(("actor", "lang", "generic"), [
    ("military personnel", "en", True),
    ("Russian soldiers", "en", True),
    ("deserters or individuals", "en", True),
    ("the soldiers", "en", False),  # anaphoric: a group told before
    ("soldiers who refused to go back", "en", False),
    ("reservists from Tuva", "en", False),
    ("contract soldier Ivan Petrov", "en", False),
    ("dozens of marines", "en", False),
    ("their comrades", "en", False),
    ("the number of servicemen", "en", True),  # a trend, not a group
    ("a growing number of marines", "en", True),
    ("members of the military who go AWOL", "en", True),  # whoever does it
    ("Russian soldiers who refuse to fight", "en", True),
    ("members of his unit who refuse", "en", False),
    ("soldiers of the brigade", "en", False),
    ("мобилизованных", "ru", True),
    ("военнослужащих", "ru", True),  # a noun that looks like a participle
    ("отказников из числа контрактников", "ru", False),
    ("контрактников, решивших разорвать контракт", "ru", False),
    ("тех, кто отказался ехать", "ru", False),
    ("несколько срочников", "ru", False),
])
def test_bare_plurals_are_generic(actor: str, lang: str, generic: bool) -> None:
    assert is_generic_group(Incident("refusal", actor), lang) is generic


@pytest.mark.parametrize("specific", [
    {"count": Range(40, 40)},
    {"unit": "the 64th brigade"},
    {"geo": {"place": Place("Bakhmut", "UA", precision="city")}},
])
def test_a_count_unit_or_a_place_makes_a_bare_plural_a_group(specific: dict[str, object]
                                                              ) -> None:
    assert not is_generic_group(Incident("refusal", "marines", **specific))  # type: ignore[arg-type]


def test_a_country_does_not() -> None:
    ukraine = Place("Ukraine", "UA", precision="country")
    assert is_generic_group(Incident("refusal", "marines", place="Ukraine",
                                     geo={"place": ukraine}))


def test_generic_groups_go_only_beside_something_specific() -> None:
    generic = Incident("refusal", "military personnel")
    case = Incident("refusal", "three sailors", count=Range(3, 3))
    figure = Figure("refusers", Range(500, 500))
    assert drop_generic_groups([generic, case], []) == [case]
    assert drop_generic_groups([generic], [figure]) == []
    assert drop_generic_groups([generic], []) == [generic]  # all the page tells: kept


def _incident_actors(text: str) -> list[str]:
    report = next(extract_documents([Document("d", text, lang="en")], verify=False))
    return [i.actor for i in report.incidents]


def test_background_sentence_beside_a_case_gives_one_incident() -> None:
    text = ("A garrison court in Chita sentenced a paratrooper, Oleg Sidorov, to two years "
            "for refusing to return to his unit. Russian soldiers have refused to deploy in "
            "the past, but such verdicts were rare.")
    actors = _incident_actors(text)
    assert len(actors) == 1 and "Oleg Sidorov" in actors[0]


def test_a_page_that_tells_only_servicemen_in_general_keeps_them() -> None:
    assert _incident_actors("Russian soldiers have refused to deploy, the ministry "
                            "admitted on Monday.") == ["Russian soldiers"]
