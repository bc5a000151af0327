"""Russian field readers on sentences written for these tests: units, where vs whither,
headlines as sentences, credited sources and figure totals."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.ru.attribution import same_source, unique_sources
from otkaz.extract.ru.fields import read_units
from otkaz.extract.ru.parse import parse
from otkaz.extract.ru.report import extract_russian
from otkaz.models import Document, Range

PUB = date(2023, 7, 1)


@pytest.mark.parametrize(("text", "units"), [
    ("бойцы батальона «Тайга» отказались", ["Тайга"]),
    ("командир роты ОМОН «Север» и его люди", ["Север"]),
    ("служил в 64-й отдельной мотострелковой бригаде", ["64-й отдельной мотострелковой бригаде"]),
    ("солдаты 1-го гвардейского танкового полка", ["1-го гвардейского танкового полка"]),
    ("покинул войсковую часть 12345 в мае", ["войсковую часть 12345"]),
    ("завербован в «Шторм Z» из колонии", ["Шторм Z"]),
    ("бойцы из Омска отказались", []),
    ("в 2023-м году двое ушли", []),
])
def test_read_units(text: str, units: list[str]) -> None:
    assert [text[a:b] for a, b in read_units(text)] == units


def test_unit_offsets_shift() -> None:
    text = "… батальона «Тайга»"
    (span,) = read_units(text, 100)
    assert text[span[0] - 100:span[1] - 100] == "Тайга"


def test_incident_takes_the_unit_named_with_its_group() -> None:
    text = "Несколько бойцов батальона «Тайга» из Омска отказались ехать на фронт."
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.unit == "Тайга"
    a, b = inc.spans["unit"]
    assert text[a:b] == "Тайга"


@pytest.mark.parametrize(("text", "place"), [
    # "в + accusative" is where they went; "в + locative" is where it happened
    ("Пятеро мобилизованных из Омска бежали в Казахстан.", None),
    # where they were caught is not where they deserted (as in English)
    ("Пятеро мобилизованных из Омска задержаны в Казахстане за дезертирство.", None),
    ("Пятеро мобилизованных из Омска дезертировали в Белгородской области.",
     "Белгородской области"),
    ("Сотни отказников из Омска вывезли под Курск.", None),
    # where the case is heard is not where they refused
    ("В Чите прекращено уголовное дело против пятерых мобилизованных из Омска, отказавшихся "
     "ехать на фронт.", None),
])
def test_destination_is_not_the_place(text: str, place: str | None) -> None:
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.place == place


def test_a_line_without_a_full_stop_is_a_sentence() -> None:
    text = "Суд в Омске\n3 мая 2023, 10:15\n\nДвое мобилизованных отказались воевать."
    sents = parse(text)
    assert [text[s.start:s.end] for s in sents] == [
        "Суд в Омске", "3 мая 2023, 10:15", "Двое мобилизованных отказались воевать."]
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.count == Range(2, 2)  # not the 3 of the dateline


@pytest.mark.parametrize(("names", "unique"), [
    (["Павел Чиков", "Павла Чикова"], ["Павел Чиков"]),
    (["Медиазоны", "Медиазона", "Агора"], ["Медиазоны", "Агора"]),
    (["Иван Петров", "Иван Петренко"], ["Иван Петров", "Иван Петренко"]),
])
def test_unique_sources(names: list[str], unique: list[str]) -> None:
    assert unique_sources(names) == unique


def test_same_source_needs_the_same_number_of_words() -> None:
    assert not same_source("Павел Чиков", "Чиков")


def test_a_figure_takes_the_source_credited_earlier_in_its_paragraph() -> None:
    text = ("«Новая редакция» продолжает считать дела против военных. "
            "За первую половину 2023 года суды получили 1 234 дела о самовольном оставлении "
            "части (статья 337 УК).")
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert (fig.measure, fig.value, fig.sources) == (
        "awol_cases", Range(1234, 1234), ["Новая редакция"])


def test_a_headline_credits_its_outlet_after_a_dash() -> None:
    text = ("В России завели 3 000 дел о самовольном оставлении части — «Новая редакция»\n"
            "Всего с начала войны суды получили 3 000 дел о самовольном оставлении части.")
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert fig.sources == ["Новая редакция"]


def test_a_total_before_its_breakdown_is_convictions_and_bracketed_counts_keep_their_article(
) -> None:
    text = ("К маю было заведено 640 уголовных дел на 655 военных. Больше всего дел по ст. 337 "
            "о «самовольном оставлении части» (500 дел), затем ст. 332 о «неисполнении приказа» "
            "(40), ст. 334 об «избиении командира» (30) и ст. 338 о «дезертирстве» (20).")
    figures = {f.value.low: f.measure for f in extract_russian(Document("t", text, PUB)).figures}
    assert figures == {640: "convictions", 655: "refusers", 500: "awol_cases",
                       40: "refusal_cases", 20: "desertion_cases"}


@pytest.mark.parametrize(("text", "counts"), [
    ("28-летний мобилизованный и 12 бойцов", [12]),
    ("бойцы 138-й бригады", []),
    ("около 40 военных", [40]),
])
def test_ages_and_ordinals_are_no_counts(text: str, counts: list[int]) -> None:
    from otkaz.extract.ru.numbers import find_counts

    assert [c.value.low for c in find_counts(text)] == counts


def test_a_headline_without_a_number_gives_way_to_the_counted_group() -> None:
    text = ("Почему бежавшие из армии россияне просят убежища?\n"
            "Пятеро российских дезертиров, сбежавшие в Армению, добрались до Германии.")
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.count == Range(5, 5)
    assert inc.actor.startswith("Пятеро российских дезертиров")


def test_the_exact_count_of_the_lede_refines_a_vague_headline() -> None:
    text = ("Несколько сотен мобилизованных из Омска отказались воевать\n"
            "Около 300 мобилизованных отказались возвращаться на передовую.")
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.count == Range(300, 300)
    assert inc.actor.startswith("Несколько сотен")


def test_compound_prepositions_are_not_part_of_the_actor() -> None:
    text = "Суд возбудил дело в отношении военнослужащего, который отказался воевать."
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.actor == "военнослужащего"


@pytest.mark.parametrize(("text", "home"), [
    ("Двое мобилизованных из Омской области отказались воевать.", "Омской области"),
    ("Двое мобилизованных из регионов России отказались воевать.", None),
])
def test_a_home_is_headed_by_a_place(text: str, home: str | None) -> None:
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.home == home


@pytest.mark.parametrize(("text", "source"), [
    ("Двенадцать солдат отказались воевать, сообщило Министерство обороны Украины.",
     "Министерство обороны Украины"),
    ("По данным Главного управления разведки Министерства обороны Украины, 40 морпехов "
     "дезертировали.", "Главного управления разведки Министерства обороны Украины"),
])
def test_a_body_keeps_the_names_it_is_of(text: str, source: str) -> None:
    (incident,) = extract_russian(Document("t", "Новости\n" + text, PUB)).incidents
    assert incident.sources == [source]


def test_the_actor_ends_where_the_group_phrase_breaks_off() -> None:
    # the parser hangs "после отпуска" on the men; the actor is still only their phrase
    text = ("Новости\nДвадцать мобилизованных из Омской области 3 мая отказались возвращаться "
            "на фронт после отпуска, рассказали их жены.")
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.actor == "Двадцать мобилизованных из Омской области"


def test_every_russian_value_has_its_words() -> None:
    text = ("Новости\nДвенадцать бойцов ОМОН из Омска отказались ехать на фронт, сообщило "
            "издание «Вечерний город». Позже их уволили и задержали.")
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    said = {k: text[a:b] for k, (a, b) in inc.spans.items()}
    assert said["type"] == "отказались"
    assert said["count"] == "Двенадцать"
    assert said["sources.0"] == "Вечерний город"
    assert {said[f"outcomes.{i}"] for i in range(len(inc.outcomes))} == {"уволили", "задержали"}


@pytest.mark.parametrize(("text", "measure", "value", "period"), [
    # convicted people are counted under their article, not as refusers
    ("В 2022 году за дезертирство осудили 120 человек.", "desertion_cases", Range(120, 120),
     (date(2022, 1, 1), date(2022, 12, 31))),
    ("За отказ выполнять приказ в 2022 году осуждены 300 военнослужащих.", "refusal_cases",
     Range(300, 300), (date(2022, 1, 1), date(2022, 12, 31))),
    # "с сентября 2022 года": since that month, up to the article's date
    ("С сентября 2022 года вынесено более 10 тысяч приговоров за самоволку.", "awol_cases",
     Range(10000, None), (date(2022, 9, 1), PUB)),
    # people an organisation helped out of the army, "более чем" an open top
    ("Проект «Свободный путь» помог покинуть армию более чем 500 военным.", "helped_to_leave",
     Range(500, None), None),
])
def test_russian_figure_wording(text: str, measure: str, value: Range,
                                period: tuple[date, date] | None) -> None:
    (fig,) = extract_russian(Document("t", "Новости\n" + text, PUB)).figures
    got = (fig.period.start, fig.period.end) if fig.period else None
    assert (fig.measure, fig.value, got) == (measure, value, period)


@pytest.mark.parametrize(("text", "actor", "count"), [
    ("Десятки морпехов отказались идти в атаку под Угледаром.", "Десятки морпехов",
     Range(24, 99)),
    ("Боец «Шторм Z» дезертировал с позиций под Бахмутом.", "Боец «Шторм Z»", Range(1, 1)),
])
def test_russian_group_phrases(text: str, actor: str, count: Range) -> None:
    (inc,) = extract_russian(Document("t", "Новости\n" + text, PUB)).incidents
    assert (inc.actor, inc.count) == (actor, count)
