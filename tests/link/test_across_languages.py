"""Linking across languages: a case told in Russian and in English becomes one case, compared
by what both scripts share (counts, forces, resolved places, dates, numbered units, sources
written in either alphabet, outcomes), never by actor words."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.link.cases import link_mentions
from otkaz.link.features import MentionRef, actor_tokens, fold, profile, unit_key
from otkaz.link.merge import merge_case
from otkaz.link.pairs import compare, same_inflected_name
from otkaz.models import DateRange, Incident, Range
from otkaz.normalize.identity import resolve_any

DAY = DateRange(date(2023, 11, 12), date(2023, 11, 12))


def _incident(actor: str, home: str, unit: str | None = None, sources: tuple[str, ...] = (),
              outcomes: tuple[str, ...] = ("detained",), count: int = 18) -> Incident:
    geo = {"home": place} if (place := resolve_any(home)) else {}
    return Incident(type="refusal", actor=actor, force="army", personnel=["mobilized"],
                    unit=unit, count=Range(count, count), home=home, when=DAY,
                    sources=list(sources), outcomes=list(outcomes), geo=geo,
                    evidence=[(0, 10)])


RU = _incident("Восемнадцать мобилизованных из Костромской области", "Костромской области",
               sources=("«Северный берег»",))
EN = _incident("Eighteen mobilised men from the Kostroma region", "Kostroma region",
               sources=("Severny Bereg",))


def _ref(key: str, incident: Incident, published: date) -> MentionRef:
    return MentionRef(key, key, incident, published)


def test_a_russian_and_an_english_report_of_one_case_link() -> None:
    a, b = _ref("ru", RU, date(2023, 11, 14)), _ref("en", EN, date(2023, 11, 16))
    score = compare(profile(a), profile(b))
    assert score.linked and score.veto is None
    result = link_mentions([a, b])
    assert [sorted(m.key for m in ms) for ms in result.cases.values()] == [["en", "ru"]]
    merged = merge_case([a, b])
    # both wordings side by side, as one entry: no conflict between languages
    assert [v["value"] for v in merged["home"]["values"]] == ["Костромской области",
                                                              "Kostroma region"]
    assert merged["home"]["conflict"] is False
    assert merged["home"]["geo"]["name"] == "Kostroma Oblast"
    assert merged["count"]["value"] == {"low": 18, "high": 18}


def test_a_different_place_keeps_them_apart_across_languages() -> None:
    other = _incident("Восемнадцать мобилизованных из Омской области", "Омской области")
    score = compare(profile(_ref("ru", other, date(2023, 11, 14))),
                    profile(_ref("en", EN, date(2023, 11, 16))))
    assert not score.linked and score.veto == "home"


def test_numbered_units_compare_across_languages() -> None:
    assert unit_key("1-й батальон 237-го полка").numbers == unit_key(
        "the 1st battalion of the 237th regiment").numbers
    ru = _incident("мобилизованные", "Костромской области", unit="237-го полка")
    en = _incident("men", "Kostroma region", unit="the 239th regiment")
    score = compare(profile(_ref("ru", ru, date(2023, 11, 14))),
                    profile(_ref("en", en, date(2023, 11, 16))))
    assert score.veto == "unit"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Павел Чиков", "Pavel Chikov", True),
    ("Павла Чикова", "Pavel Chikov", True),
    ("Медиазоны", "Mediazona", True),
    ("«Северный берег»", "Severny Bereg", True),
    ("Агора", "Astra", False),
    ("Павел Чиков", "Pavel Durov", False),
])
def test_source_names_meet_across_scripts_and_case_forms(a: str, b: str, same: bool) -> None:
    assert same_inflected_name(fold(a), fold(b)) is same


def test_russian_actor_words_compare_by_lemma_and_not_with_english() -> None:
    assert actor_tokens("мобилизованных из Новосибирска") & actor_tokens(
        "новосибирские мобилизованные") == {"мобилизовать"}
    assert not actor_tokens("12 бойцов Росгвардии") & actor_tokens("12 Rosgvardia fighters")
