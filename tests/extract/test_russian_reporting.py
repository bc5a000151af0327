"""Russian reporting phrases: verdicts credited to courts, flight abroad, pronouns, letters."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.ru.report import extract_russian
from otkaz.models import Document, Incident, Range

PUB = date(2024, 6, 1)


def only(text: str) -> Incident:
    (incident,) = extract_russian(Document("t", text, PUB)).incidents
    return incident


@pytest.mark.parametrize(("text", "court"), [
    ("Суд в Хабаровске приговорил мобилизованного Ивана Петрова к пяти годам колонии за "
     "самовольное оставление части.", "Суд в Хабаровске"),
    ("Южно-Сахалинский гарнизонный военный суд осудил 25-летнего контрактника на 6 лет за "
     "отказ выполнять приказ.", "Южно-Сахалинский гарнизонный военный суд"),
])
def test_a_sentencing_court_is_the_source_of_its_verdict(text: str, court: str) -> None:
    incident = only(text)
    assert incident.sources == [court] and "convicted" in incident.outcomes
    start, end = incident.spans["sources.0"]
    assert text[start:end] == court


@pytest.mark.parametrize("text", [
    "Рядовой Сергей Иванов сбежал из части и уехал в Казахстан.",
    "Контрактник из Читы самовольно оставил часть и бежал в Монголию.",
])
def test_leaving_for_another_country_is_fled_abroad(text: str) -> None:
    assert "fled_abroad" in only(text).outcomes


def test_a_resignation_letter_is_not_a_dismissal() -> None:
    incident = only("Более 20 контрактников написали рапорты об увольнении и отказались "
                    "возвращаться на фронт.")
    assert incident.outcomes == [] and incident.count == Range(20, None)


def test_they_takes_up_the_group_named_earlier_in_the_sentence() -> None:
    incident = only("Двенадцать омоновцев уволили после того, как они отказались ехать на "
                    "Украину.")
    assert (incident.actor, incident.count) == ("Двенадцать омоновцев", Range(12, 12))
    assert incident.outcomes == ["dismissed"] and incident.force == "rosgvardia"


def test_they_does_not_take_up_the_source() -> None:
    text = "Как рассказал Павел Чиков, они отказались ехать на Украину."
    assert extract_russian(Document("t", text, PUB)).incidents == []


def test_leaving_the_unit_in_the_imperfective_is_desertion() -> None:
    incident = only("Военный суд вынес приговор мобилизованному, который дважды самовольно "
                    "покидал часть.")
    assert (incident.type, incident.count) == ("desertion", Range(1, 1))
    assert incident.sources == [] and incident.outcomes == ["convicted"]  # no court named


@pytest.mark.parametrize("text", [
    "Житель Пензенской области отказался получать повестку в военкомат.",
    "Двое мужчин из Тулы отказались от получения повесток.",
    "Студент отказался явиться в военкомат по повестке.",
])
def test_refusing_call_up_papers_is_draft_evasion(text: str) -> None:
    assert extract_russian(Document("t", text, PUB)).incidents == []


@pytest.mark.parametrize(("text", "itype"), [
    ("Суд приговорил срочника к 5 годам колонии по части 2.1 статьи 337 УК.", "desertion"),
    ("Против контрактника возбудили дело по статье 338 УК.", "desertion"),
    ("Мобилизованного из Омска обвинили по ст. 332 УК.", "refusal"),
])
def test_a_serviceman_tried_under_the_articles_is_a_case(text: str, itype: str) -> None:
    incident = only(text)
    assert (incident.type, incident.count) == (itype, Range(1, 1))


def test_the_articles_alone_are_law_not_cases() -> None:
    text = "Статья 337 УК предусматривает до 10 лет лишения свободы."
    assert extract_russian(Document("t", text, PUB)).incidents == []


def test_employees_are_servicemen_beside_a_force() -> None:
    incident = only("Сотрудники СОБР из Якутии отказались ехать в зону СВО, сообщил "
                    "«Байкал-Дейли».")
    assert (incident.force, incident.home) == ("rosgvardia", "Якутии")
    text = "Сотрудники компании отказались ехать в командировку."
    assert extract_russian(Document("t", text, PUB)).incidents == []


@pytest.mark.parametrize(("text", "place"), [
    ("В Приморье задержали дезертира, сбежавшего из части в Уссурийске.", "Уссурийске"),
    ("В Москве задержали контрактника, который самовольно оставил часть.", None),
])
def test_where_a_deserter_was_caught_is_not_where_he_deserted(text: str, place: str | None
                                                              ) -> None:
    incident = only(text)
    assert incident.place == place and "detained" in incident.outcomes


@pytest.mark.parametrize(("text", "cases"), [
    # the category a law or a proposal is about is no case
    ("Депутат предложил ужесточить наказание для дезертиров.", 0),
    ("В Госдуме предложили ввести уголовную ответственность для отказников.", 0),
    ("Законопроект о дезертирах внесли в Госдуму.", 0),
    # deserters something happened to are
    ("Дезертиров из Бурятии задержали в Казахстане.", 1),
])
def test_deserters_as_the_category_of_a_law_are_no_case(text: str, cases: int) -> None:
    assert len(extract_russian(Document("t", text, PUB)).incidents) == cases
