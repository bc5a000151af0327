"""Russian incident fields told apart from the refusal verb, on articles and sentences written
for these tests in the manner of independent, regional, court and state outlets: where and
when in a later sentence, where the men are held, home vs place of recruitment, chains of
attribution with a dative addressee, and the negatives (the report's date, a court's or an
arrest's place, the sources of another case)."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.ru.places import resolve_ru
from otkaz.extract.ru.report import extract_russian
from otkaz.models import Document, Incident

PUB = date(2024, 6, 1)  # a Saturday


def _one(text: str, published: date = PUB) -> Incident:
    incidents = extract_russian(Document("t", text, published)).incidents
    assert len(incidents) == 1, [i.actor for i in incidents]
    return incidents[0]


def _when(inc: Incident) -> tuple[str, str] | None:
    return None if inc.when is None else (inc.when.start.isoformat(), inc.when.end.isoformat())


# Articles: the headline gives the count, the lede the group, a later sentence when and where.
ARTICLES = {
    "back_reference_after_a_credit": (date(2023, 11, 10), (
        "Пятнадцать мобилизованных из Челябинской области отказались идти в штурм\n"
        "Пятнадцать мобилизованных из 1-го мотострелкового батальона, набранных в Челябинской "
        "области, отказались идти в штурм. Об этом «Медиазоне» рассказала жена одного из них "
        "Ольга Петрова. По ее словам, это произошло в конце октября под Бахмутом. После отказа "
        "мужчин задержали и отправили в подвал. Командование пригрозило им трибуналом.")),
    "back_reference_with_a_credit_inside": (date(2024, 3, 14), (
        "Семеро контрактников из Бурятии сбежали с позиций\n"
        "Семеро военнослужащих по контракту, призванных из Бурятии, самовольно оставили позиции. "
        "Как сообщает «Верстка» со ссылкой на родственников, это случилось 25 февраля в Луганской "
        "области. Позже их поймали и вернули на передовую.")),
    "where_they_are_held": (date(2023, 6, 9), (
        "Около 40 мобилизованных из Тувы отказались воевать\n"
        "Около 40 мобилизованных из Тувы отказались возвращаться на фронт, сообщает ASTRA. "
        "По данным ASTRA, на прошлой неделе их удерживали на полигоне в Белгородской области. "
        "Против троих возбудили дело по статье 337.")),
    "lawyer_told_a_regional_site": (date(2022, 4, 2), (
        "В Новосибирске уволили 11 росгвардейцев\n"
        "Одиннадцать сотрудников ОМОН из Новосибирска отказались ехать на Украину. "
        "Это произошло в начале марта на границе в Курской области. "
        "Всех их уволили, рассказал NGS.ru адвокат Сергей Иванов. Бойцы подали иск в суд.")),
    "the_refusal_told_last": (date(2023, 10, 2), (
        "Двенадцать десантников отказались воевать под Работино\n"
        "Двенадцать военнослужащих 56-го десантно-штурмового полка отказались выполнять боевую "
        "задачу. Об этом сообщает «Новая газета Европа», ссылаясь на письмо одного из "
        "десантников. По данным издания, после этого военных вывезли на полигон и избили. "
        "Отказ произошел в середине сентября под Работино в Запорожской области.")),
    "court_press_service": (date(2023, 4, 7), (
        "В Хабаровске осудили дезертира\n"
        "Хабаровский гарнизонный военный суд приговорил к шести годам колонии военнослужащего, "
        "который сбежал из воинской части в Хабаровском крае. Как сообщили в пресс-службе суда "
        "в четверг, мужчина скрывался у знакомых. Его задержали в Комсомольске-на-Амуре.")),
}

ARTICLE_FIELDS = [
    ("back_reference_after_a_credit", "place", "Бахмутом"),
    ("back_reference_after_a_credit", "when", ("2023-10-21", "2023-10-31")),
    ("back_reference_after_a_credit", "sources", {"Медиазоне", "Ольга Петрова"}),
    ("back_reference_after_a_credit", "home", "Челябинской области"),
    ("back_reference_with_a_credit_inside", "place", "Луганской области"),
    ("back_reference_with_a_credit_inside", "when", ("2024-02-25", "2024-02-25")),
    ("where_they_are_held", "place", "полигоне в Белгородской области"),
    ("where_they_are_held", "when", ("2023-05-29", "2023-06-04")),
    ("lawyer_told_a_regional_site", "place", "Курской области"),
    ("lawyer_told_a_regional_site", "when", ("2022-03-01", "2022-03-10")),
    ("lawyer_told_a_regional_site", "sources", {"NGS.ru", "Сергей Иванов"}),
    ("the_refusal_told_last", "when", ("2023-09-11", "2023-09-20")),
    # the term of the sentence is no part of the group; the arrest is not where he deserted
    ("court_press_service", "count", (1, 1)),
    ("court_press_service", "place", "Хабаровском крае"),
]


@pytest.mark.parametrize(("article", "field", "expected"), ARTICLE_FIELDS)
def test_article_fields(article: str, field: str, expected: object) -> None:
    published, text = ARTICLES[article]
    inc = _one(text, published)
    got: object = {
        "place": inc.place, "home": inc.home, "when": _when(inc), "sources": set(inc.sources),
        "force": inc.force,
        "count": None if inc.count is None else (inc.count.low, inc.count.high),
    }[field]
    assert got == expected


# Sentences: one field each, within the sentence.
SENTENCES = [
    # a town the tagger reads as an adjective
    ("Шестеро бойцов батальона «Тайфун» сбежали с позиций под Покровском.", "place", "Покровском"),
    ("Мобилизованные из Марий Эл отказались воевать в Донецкой области.", "home", "Марий Эл"),
    # "в X" after a word of call-up is where they come from
    ("Двенадцать мобилизованных, набранных в Свердловской области, отказались идти в штурм.",
     "place", None),
    ("Двенадцать мобилизованных, набранных в Свердловской области, отказались идти в штурм.",
     "home", "Свердловской области"),
    # "из X" after a verb of leaving is where they left from
    ("Контрактник сбежал из части и выехал из России в Казахстан.", "home", None),
    # a place that places the place before it is part of that phrase, not a second place
    ("Сотни отказников из поселка Каменка под Петербургом насильно вывезли в Курскую область.",
     "place", None),
    ("По данным «Агоры», восемь росгвардейцев из Нальчика уволили после того, как они "
     "отказались ехать в командировку.", "force", "rosgvardia"),
    ("Шестерых мобилизованных, отказавшихся воевать, удерживают на территории завода в "
     "Донецке.", "outcomes", ["detained"]),
    ("Контрактник, сбежавший из части в Курской области, был задержан в Воронеже и приговорен "
     "к четырем годам.", "outcomes", ["detained", "convicted"]),
    ("Пятеро срочников отказались ехать на фронт, об этом пишет «Медиазона», ссылаясь на "
     "правозащитника Павла Чикова.", "sources", ["Медиазона", "Павла Чикова"]),
    ("Супруга мобилизованного Екатерина рассказала «Новой газете», что ее муж сбежал из части.",
     "sources", ["Екатерина", "Новой газете"]),
    # the tagger calls a substantivised participle a verb: it still names the man
    ("Жена мобилизованного из Иркутска рассказала «Сибирь.Реалии», что ее муж отказался воевать "
     "в ноябре.", "home", "Иркутска"),
]


@pytest.mark.parametrize(("text", "field", "expected"), SENTENCES)
def test_sentence_field(text: str, field: str, expected: object) -> None:
    inc = _one(text)
    assert getattr(inc, field) == expected


# Negatives: what is not the incident's.
def test_the_date_of_the_report_is_not_the_date_of_the_event() -> None:
    inc = _one("Трое мобилизованных из Перми отказались идти в штурм. Это стало известно в "
               "пятницу, когда суд в Перми арестовал их.")
    assert inc.when is None
    assert inc.place is None


def test_an_arrest_after_the_story_is_not_where_they_are_held() -> None:
    inc = _one("Трое мобилизованных из Перми отказались идти в штурм. Их задержали в Ростове.")
    assert inc.place is None


def test_the_next_case_keeps_its_own_source() -> None:
    text = ("Двое контрактников из Омска сбежали из части, сообщает «Верстка». В другом случае "
            "пятеро мобилизованных из Тувы отказались воевать под Бахмутом, пишет ASTRA.")
    first, second = extract_russian(Document("t", text, PUB)).incidents
    assert first.sources == ["Верстка"]
    assert second.sources == ["ASTRA"]


def test_a_back_reference_to_another_group_is_not_taken() -> None:
    text = ("Двое контрактников из Омска сбежали из части. Пятеро мобилизованных из Тувы "
            "отказались воевать. Это произошло 12 мая под Бахмутом.")
    first, _ = extract_russian(Document("t", text, PUB)).incidents
    assert first.when is None and first.place is None


@pytest.mark.parametrize("text", [
    "Пятеро бойцов ВСУ отказались выполнять приказ под Купянском.",
    "Правозащитники призвали мобилизованных отказаться от участия в войне.",
    "Если мобилизованные откажутся воевать, их ждет тюрьма.",
])
def test_no_incident(text: str) -> None:
    assert extract_russian(Document("t", text, PUB)).incidents == []


def test_a_town_read_as_an_adjective_resolves() -> None:
    entry = resolve_ru("Покровском")
    assert entry is not None and entry.name == "Pokrovsk"


@pytest.mark.parametrize("text", [
    # the date of the telling, its verb after the tellers
    "В середине мая жены мобилизованных из Омска рассказали, что их мужья отказались воевать.",
    # the date of the case, not of the flight
    "Вчера, 30 мая, СКР возбудил дело о самовольном оставлении части мобилизованным из Омска.",
    # "by" early May: a bound, not the date
    "К началу мая шестеро дезертиров из Омска, сбежавшие в Казахстан, добрались до Европы.",
])
def test_a_date_that_is_not_the_event_date(text: str) -> None:
    assert _one(text).when is None
