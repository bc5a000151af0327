"""Russian aggregate figures as outlets word them: numbers in words, bounds, people counted,
totals, periods, places, sources, and the numbers that are no figure (sentences written for
these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.ru.report import extract_russian
from otkaz.models import DateRange, Document, Figure, Range

PUB = date(2024, 6, 1)
WAR, MOBILISATION = date(2022, 2, 24), date(2022, 9, 21)
YEAR_2023 = DateRange(date(2023, 1, 1), date(2023, 12, 31))


def figures(text: str, published: date = PUB) -> list[Figure]:
    return extract_russian(Document("t", text, published)).figures


def measures(text: str, published: date = PUB) -> list[tuple[str, Range]]:
    return [(f.measure, f.value) for f in figures(text, published)]


@pytest.mark.parametrize(("text", "expected"), [
    # "с половиной" adds half of the unit that follows
    ("Суды получили две с половиной тысячи дел о неисполнении приказа.",
     [("refusal_cases", Range(2500, 2500))]),
    ("За год в суды поступило 3 с половиной тыс. дел о самоволке.",
     [("awol_cases", Range(3500, 3500))]),
    # "не меньше" is a lower bound like "не менее"
    ("С начала СВО по статье 332 УК вынесено не меньше 300 приговоров.",
     [("refusal_cases", Range(300, None))]),
])
def test_numbers_in_words_and_bounds(text: str, expected: list[tuple[str, Range]]) -> None:
    assert measures(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # servicemen named by how they serve are people a figure counts
    ("За год из армии дезертировали около 5 тысяч контрактников, сообщает ASTRA.",
     [("refusers", Range(5000, 5000))]),
    ("Свыше тысячи мобилизованных самовольно покинули свои части с начала мобилизации.",
     [("refusers", Range(1000, None))]),
    ("В 2023 году суды приговорили за самоволку около 6 тыс. мобилизованных.",
     [("awol_cases", Range(6000, 6000))]),
    # fleeing the army is deserting
    ("Сотни военнослужащих бежали из армии с начала мобилизации, рассказывают юристы.",
     [("refusers", Range(200, 999))]),
    # "получили сроки" is a sentence, so the people count under the article
    ("Порядка полутора тысяч военных получили сроки за самоволку в 2023 году.",
     [("awol_cases", Range(1500, 1500))]),
    # "2 тыс." before a comma is 2000 people, not the year 2000
    ("Отказников в российской армии с начала мобилизации насчитывается не менее 2 тыс., "
     "подсчитала «Новая газета Европа».", [("refusers", Range(2000, None))]),
])
def test_people_counted_in_aggregate(text: str, expected: list[tuple[str, Range]]) -> None:
    assert measures(text) == expected


@pytest.mark.parametrize("text", [
    # one story's group on a day or at a rough time stays an incident
    "В марте 2023 года около 100 мобилизованных из Белгорода отказались идти в штурм.",
    "15 октября 2023 года 40 контрактников из Бурятии сбежали с позиций.",
    "В начале 2024 года 60 мобилизованных из Тувы отказались возвращаться на позиции.",
])
def test_one_group_with_a_date_is_an_incident(text: str) -> None:
    report = extract_russian(Document("t", text, PUB))
    assert report.figures == [] and len(report.incidents) == 1


def test_a_list_of_articles_past_a_comma_is_a_total() -> None:
    text = ("За 2022–2023 годы осуждены более 9 тыс. военнослужащих по статьям о СОЧ, "
            "дезертирстве и неисполнении приказа.")
    assert measures(text) == [("convictions", Range(9000, None))]


def test_help_told_a_few_words_before_the_verb() -> None:
    text = ("С их помощью с начала мобилизации армию покинули около 900 военных, рассказали в "
            "«Идите лесом».")
    (fig,) = figures(text)
    assert (fig.measure, fig.value) == ("helped_to_leave", Range(900, 900))
    assert fig.period == DateRange(MOBILISATION, PUB)


def test_a_compared_number_counts_the_same_and_a_year_earlier() -> None:
    text = "В 2023 году за дезертирство осудили 226 человек — против 39 годом ранее."
    found = {f.value.low: f for f in figures(text)}
    assert found[226].measure == found[39].measure == "desertion_cases"
    assert found[226].period == YEAR_2023
    assert found[39].period == DateRange(date(2022, 1, 1), date(2022, 12, 31))


def test_such_cases_take_the_latest_figure_past_a_credit() -> None:
    text = ("В Свердловской области за девять месяцев 2024 года возбудили 340 уголовных дел о "
            "самовольном оставлении части. Об этом сообщает портал E1. Годом ранее таких дел "
            "было 120.")
    found = {f.value.low: f for f in figures(text, date(2024, 11, 1))}
    assert found[120].measure == "awol_cases"
    assert found[120].period == DateRange(date(2023, 1, 1), date(2023, 9, 30))


@pytest.mark.parametrize("text", [
    # forecasts: a future verb or a word of expectation over the number
    "Юристы ожидают, что в 2024 году число дел о самовольном оставлении части превысит 10 тысяч.",
    "По прогнозу адвокатов, к концу года суды рассмотрят до 15 тысяч дел о дезертирстве.",
    "Число отказников может вырасти до нескольких тысяч, предупреждают юристы.",
    "Юристы ожидают тысячи новых дел о самовольном оставлении части.",
    "В 2024 году ожидается около 20 тысяч приговоров за самоволку.",
    "Если темпы сохранятся, к концу года число приговоров за СОЧ превысит 12 тысяч.",
    # Ukraine's own courts, army and statistics
    "В Украине за 2023 год возбудили более 20 тысяч дел о самовольном оставлении части.",
    "Украинские суды в прошлом году осудили за дезертирство 3 тысячи военнослужащих.",
    "Украинские военные суды рассмотрели более 40 тысяч дел о самовольном оставлении части.",
    "Представитель ВСУ заявил, что в 2023 году из украинской армии дезертировали 16 тысяч "
    "военных.",
])
def test_forecasts_and_the_other_side_are_no_figures(text: str) -> None:
    assert figures(text) == []


def test_refusing_to_fight_in_ukraine_is_still_a_russian_figure() -> None:
    text = ("Более 500 военных отказались воевать в Украине с начала мобилизации, подсчитали "
            "правозащитники.")
    assert measures(text) == [("refusers", Range(500, None))]


@pytest.mark.parametrize(("text", "period"), [
    ("За прошлый год за самовольное оставление части были осуждены 4 200 военнослужащих.",
     YEAR_2023),
    ("В минувшем году суды вынесли 7,3 тыс. приговоров за самоволку.", YEAR_2023),
    # a span of months written with a dash, and a span of years
    ("В январе–марте 2024 года военные суды вынесли 1 900 обвинительных приговоров за СОЧ.",
     DateRange(date(2024, 1, 1), date(2024, 3, 31))),
    ("За 2022–2023 годы осуждены более 9 тыс. военнослужащих по статьям о СОЧ, дезертирстве и "
     "неисполнении приказа.", DateRange(date(2022, 1, 1), date(2023, 12, 31))),
    # periods that already read right, kept so
    ("В первом полугодии 2024 года в суды поступило порядка 4 тысяч дел о СОЧ.",
     DateRange(date(2024, 1, 1), date(2024, 6, 30))),
    ("Более чем 700 дел о дезертирстве рассмотрели военные суды за девять месяцев 2023 года.",
     DateRange(date(2023, 1, 1), date(2023, 9, 30))),
    ("По меньшей мере 300 дел о дезертирстве возбуждено с сентября 2022 года.",
     DateRange(date(2022, 9, 1), PUB)),
    ("Всего с начала войны в военные суды поступило около десяти тысяч дел о самовольном "
     "оставлении части.", DateRange(WAR, PUB)),
])
def test_periods(text: str, period: DateRange) -> None:
    (fig,) = figures(text)
    assert fig.period == period


@pytest.mark.parametrize(("text", "sources"), [
    ("Число отказников в армии с начала войны превысило 2 тысячи, по оценке «Идите лесом».",
     ["Идите лесом"]),
    ("Около 40 тысяч уголовных дел о самовольном оставлении части возбуждено с начала войны, "
     "пишут «Важные истории».", ["Важные истории"]),
    # the next sentence points back at the figure and credits it
    ("Военные суды за 2023 год вынесли более 7 тысяч приговоров за самовольное оставление "
     "части. Это почти в пять раз больше, чем годом ранее, подсчитала «Медиазона».",
     ["Медиазона"]),
    ("В Курской области за год возбудили 340 уголовных дел о самовольном оставлении части. Об "
     "этом сообщает портал Seyminfo.", ["Seyminfo"]),
    # credits that already read right, kept so
    ("Возбуждено более 1 200 уголовных дел о дезертирстве, как подсчитала «Верстка».",
     ["Верстка"]),
    ("«Медиазона» насчитала более 15 тысяч приговоров по делам о самовольном оставлении части.",
     ["Медиазона"]),
])
def test_sources(text: str, sources: list[str]) -> None:
    assert [f.sources for f in figures(text)][:1] == [sources]


def test_a_headline_number_takes_the_period_and_credit_of_its_lede() -> None:
    text = ("Верстка: число дезертиров превысило 50 тысяч\n"
            "Как подсчитала «Верстка», с начала полномасштабного вторжения из армии "
            "дезертировали не менее 50 тысяч военнослужащих.")
    (fig,) = figures(text, date(2025, 3, 1))
    assert (fig.measure, fig.value) == ("refusers", Range(50000, None))
    assert fig.period == DateRange(WAR, date(2025, 3, 1)) and fig.sources == ["Верстка"]
    assert len(fig.evidence) == 2


def test_a_figure_that_goes_on_keeps_the_period_before() -> None:
    text = ("Военные суды за 2023 год вынесли более 7 тысяч приговоров за самовольное оставление "
            "части. Еще около 700 приговоров вынесено за неисполнение приказа.")
    found = {f.measure: f for f in figures(text)}
    assert found["refusal_cases"].value == Range(700, 700)
    assert found["refusal_cases"].period == found["awol_cases"].period == YEAR_2023


@pytest.mark.parametrize(("text", "place"), [
    ("В Свердловской области с начала года возбудили 150 дел о самовольном оставлении части.",
     "Свердловской области"),
    ("В Приморье за год возбудили около 200 дел о дезертирстве.", "Приморье"),
    ("В Ростовской области в 2023 году осудили за самовольное оставление части 410 "
     "военнослужащих.", "Ростовской области"),
    # a named court that hands down the verdicts limits the figure to its district
    ("Южный окружной военный суд в 2023 году вынес 230 приговоров за самовольное оставление "
     "части.", "Южный окружной военный суд"),
    # the whole country, or courts of no name, limit nothing
    ("Военные суды России за 2023 год вынесли более 7 тысяч приговоров за самовольное "
     "оставление части.", None),
    ("Гарнизонные военные суды за 2023 год рассмотрели 6 тысяч дел о самовольном оставлении "
     "части.", None),
])
def test_places(text: str, place: str | None) -> None:
    (fig,) = figures(text)
    assert fig.place == place
    if place is not None:
        start, end = fig.spans["place"]
        assert text[start:end] == place


ARTICLE_HELP = (
    "«Идите лесом»: за год армию покинули тысячи военных\n"
    "Проект «Идите лесом» с начала 2024 года помог покинуть армию более 1 500 "
    "военнослужащим, рассказали изданию в организации. Всего с начала мобилизации к проекту "
    "за помощью обратились около 20 тысяч человек. Чаще всего военные уезжают в Казахстан и "
    "Армению. По словам координатора проекта, каждый день поступает по 30 новых обращений.")
ARTICLE_TRIAL = (
    "Суд в Ростове рассмотрел дело о массовом отказе\n"
    "Южный окружной военный суд приговорил 14 мобилизованных из Бурятии к срокам от 2 до 5 "
    "лет за отказ выполнять приказ. Они отказались идти в наступление под Бахмутом в марте "
    "2023 года. Всего, по данным «Медиазоны», за 2023 год по статье о неисполнении приказа "
    "осуждены более 300 военнослужащих. Адвокат одного из мобилизованных Иван Сидоров назвал "
    "приговор слишком суровым.")


def test_an_organisation_s_tally_beside_requests_and_a_rate() -> None:
    (fig,) = figures(ARTICLE_HELP, date(2024, 10, 1))
    assert (fig.measure, fig.value) == ("helped_to_leave", Range(1500, None))
    assert fig.period == DateRange(date(2024, 1, 1), date(2024, 10, 1))
    assert fig.sources == ["Идите лесом"]


def test_a_trial_s_group_is_an_incident_and_the_year_s_total_a_figure() -> None:
    report = extract_russian(Document("t", ARTICLE_TRIAL, PUB))
    assert [(f.measure, f.value, f.period, f.sources) for f in report.figures] == [
        ("refusal_cases", Range(300, None), YEAR_2023, ["Медиазоны"])]
    assert [i.count for i in report.incidents] == [Range(14, 14)]
