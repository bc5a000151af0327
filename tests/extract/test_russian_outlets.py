"""Russian figures and case fields as other outlets word them (sentences written for these
tests, in the manner of court-statistics reports, Telegram channels and regional news)."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.ru.numbers import find_counts
from otkaz.extract.ru.report import extract_russian
from otkaz.models import DateRange, Document, Incident, Range

PUB = date(2024, 6, 1)  # a Saturday


def figures(text: str) -> list[tuple[str, Range]]:
    report = extract_russian(Document("t", text, PUB))
    return [(f.measure, f.value) for f in report.figures]


@pytest.mark.parametrize(("text", "expected"), [
    # people counted with "человека"/"чел.": the noun's other forms and its abbreviation
    ("По данным Судебного департамента, в 2023 году по статье 338 о дезертирстве осудили "
     "94 человека.", [("desertion_cases", Range(94, 94))]),
    ("В 2023 году военные суды приговорили за самовольное оставление части 5 тыс. чел.",
     [("awol_cases", Range(5000, 5000))]),
    # people who received sentences under an article: a tally, even without a period
    ("Приговоры по статье о неисполнении приказа получили 300 человек.",
     [("refusal_cases", Range(300, 300))]),
    # an adjective before the people noun
    ("По подсчетам «Верстки», с начала войны из армии дезертировали не менее 20 тыс. "
     "российских военных.", [("refusers", Range(20000, None))]),
    # a count that grew "до 400" reached 400
    ("За полгода число дел о дезертирстве выросло вдвое до 400.",
     [("desertion_cases", Range(400, 400))]),
    # the counted noun named well before its number, and the outlet after a comma
    ("Количество дел о дезертирстве за год выросло до 700, пишет «Вёрстка».",
     [("desertion_cases", Range(700, 700))]),
    # a range
    ("За год суды вынесли от 500 до 700 приговоров по статье о дезертирстве.",
     [("desertion_cases", Range(500, 700))]),
    # a second number with no noun of its own counts what the first one counted
    ("По данным «Медиазоны», военные суды за 2023 год вынесли 7300 приговоров за самоволку, "
     "300 — за дезертирство.",
     [("awol_cases", Range(7300, 7300)), ("desertion_cases", Range(300, 300))]),
    # a list of articles after the number is a total over several of them
    ("Всего с начала войны суды рассмотрели порядка 15 тыс. дел о самовольном оставлении "
     "части, неисполнении приказа и дезертирстве.", [("convictions", Range(15000, 15000))]),
    ("Всего с начала войны в суды поступило более 20 тысяч дел об уклонении от службы: "
     "самовольном оставлении части, дезертирстве и неисполнении приказа.",
     [("convictions", Range(20000, None))]),
    # an article's number is not a count
    ("С января по май 2024 года гарнизонные суды вынесли 3,2 тыс. приговоров по статье 337.",
     [("awol_cases", Range(3200, 3200))]),
])
def test_figure_wordings(text: str, expected: list[tuple[str, Range]]) -> None:
    assert figures(text) == expected


def test_each_number_takes_the_year_said_just_before_it() -> None:
    text = ("Число приговоров по делам о самовольном оставлении части растет: в 2022 году их "
            "было 1,5 тыс., в 2023 году — 7,3 тыс.")
    report = extract_russian(Document("t", text, PUB))
    assert [(f.measure, f.value.low, f.period.start.year if f.period else None)
            for f in report.figures] == [("awol_cases", 1500, 2022), ("awol_cases", 7300, 2023)]


@pytest.mark.parametrize(("text", "period"), [
    ("За первое полугодие 2024 года военные суды получили 480 дел о СОЧ.",
     DateRange(date(2024, 1, 1), date(2024, 6, 30))),
    ("С января по май 2024 года гарнизонные суды вынесли 3,2 тыс. приговоров по статье 337.",
     DateRange(date(2024, 1, 1), date(2024, 5, 31))),
])
def test_figure_periods(text: str, period: DateRange) -> None:
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert fig.period == period


@pytest.mark.parametrize(("text", "source"), [
    # the organisation that helped is the source of its own tally
    ("«Идите лесом» помогли покинуть армию более 1000 военным.", "Идите лесом"),
    ("Проект «Идите лесом» с начала мобилизации помог дезертировать около 800 "
     "военнослужащим.", "Идите лесом"),
    ("Организация «Идите лесом» сообщила, что с начала войны помогла уйти из армии 1500 "
     "военнослужащим.", "Идите лесом"),
    # statistics credited to their keeper
    ("По ст. 337 УК осуждены 5600 человек, следует из статистики Судебного департамента.",
     "Судебного департамента"),
])
def test_figure_sources(text: str, source: str) -> None:
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert fig.sources == [source]


def test_a_range_reads_its_unit_once() -> None:
    assert [c.value for c in find_counts("от 2 до 3 тысяч дел и 500–700 приговоров")] == [
        Range(2000, 3000), Range(500, 700)]


def only(text: str) -> Incident:
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    return inc


@pytest.mark.parametrize(("text", "outcomes"), [
    ("Мобилизованных, отказавшихся воевать, поместили в подвал в Зайцеве, сообщает ASTRA.",
     ["detained"]),
    ("Дезертира задержали и отправили обратно на фронт, рассказала правозащитница Елена Попова.",
     ["detained", "forced_back"]),
    # refusing to go back is no return
    ("Двадцать мобилизованных из Омска отказались возвращаться на позиции.", []),
])
def test_outcome_wordings(text: str, outcomes: list[str]) -> None:
    assert only(text).outcomes == outcomes


def test_last_friday() -> None:
    inc = only("В минувшую пятницу 15 бойцов ЧВК «Вагнер» отказались выполнять приказ.")
    assert inc.when == DateRange(date(2024, 5, 31), date(2024, 5, 31))


def test_an_outlet_that_wrote_is_a_source() -> None:
    inc = only("Несколько десятков мобилизованных из Иркутской области отказались от участия в "
               "боевых действиях, написала «Сибирь.Реалии».")
    assert inc.sources == ["Сибирь.Реалии"]


def test_the_credited_lawyer_is_not_the_group() -> None:
    inc = only("По словам адвоката Максима Гребенюка, 40 мобилизованных из Самарской области "
               "отказались выполнять приказы.")
    assert (inc.count, inc.home, inc.sources) == (
        Range(40, 40), "Самарской области", ["Максима Гребенюка"])


def test_a_number_taken_out_of_a_group() -> None:
    inc = only("В роту прибыли 30 мобилизованных из Омска. 11 из них отказались возвращаться "
               "на позиции, после чего их отправили обратно на фронт.")
    assert (inc.count, inc.outcomes) == (Range(11, 11), ["forced_back"])


def test_a_trend_is_no_case() -> None:
    report = extract_russian(Document("t", "Российские военные массово дезертируют, считают "
                                           "эксперты.", PUB))
    assert report.incidents == []


@pytest.mark.parametrize(("text", "expected"), [
    # each number under the article named just before it
    ("За 2023 год по статье о дезертирстве осуждены 190 человек, а по статье о неисполнении "
     "приказа — 250.",
     [("desertion_cases", Range(190, 190)), ("refusal_cases", Range(250, 250))]),
    # people convicted under several articles together
    ("Всего в прошлом году по статьям о самоволке, дезертирстве и неисполнении приказа были "
     "осуждены 8 тыс. человек.", [("convictions", Range(8000, 8000))]),
    # convicted for refusing to fight; "превысило" opens the top
    ("Число осужденных за отказ воевать с начала мобилизации превысило 1000 человек.",
     [("refusal_cases", Range(1000, None))]),
    # people who fled, counted at the end of the sentence
    ("Сбежавших из армии военнослужащих, по оценке правозащитников, не менее 50 тыс.",
     [("refusers", Range(50000, None))]),
    # rates and requests for help are not figures
    ("Ежемесячно в суды поступает порядка 800 дел о самовольном оставлении части.", []),
    ("По данным проекта «Идите лесом», только в 2023 году к ним за помощью в дезертирстве "
     "обратились 1500 военных.", []),
])
def test_more_figure_wordings(text: str, expected: list[tuple[str, Range]]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(("text", "period"), [
    ("Гарнизонные суды с начала года зарегистрировали около 4,5 тысячи дел о самовольном "
     "оставлении части.", DateRange(date(2024, 1, 1), PUB)),
    ("Журналисты насчитали не менее 250 приговоров по делам о дезертирстве с начала 2024 года.",
     DateRange(date(2024, 1, 1), PUB)),
    ("В первом квартале 2024 года суды получили 2,8 тыс. дел о СОЧ.",
     DateRange(date(2024, 1, 1), date(2024, 3, 31))),
])
def test_more_figure_periods(text: str, period: DateRange) -> None:
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert fig.period == period


def test_about_a_hundred_held_in_a_camp() -> None:
    inc = only("Около сотни мобилизованных, отказавшихся воевать, содержатся в лагере под "
               "Луганском, сообщила «Агора».")
    assert (inc.count, inc.outcomes) == (Range(100, 100), ["detained"])


def test_leaving_the_unit_in_other_words() -> None:
    inc = only("Более 30 срочников в/ч 41659 ушли из части в знак протеста, сообщил "
               "телеграм-канал «Можем объяснить».")
    assert (inc.type, inc.count, inc.unit, inc.sources) == (
        "desertion", Range(30, None), "в/ч 41659", ["Можем объяснить"])


def test_caught_deserters_are_detained() -> None:
    inc = only("Бывшие заключенные из отряда «Шторм Z» бежали с передовой, их поймали, "
               "утверждает The Insider.")
    assert inc.outcomes == ["detained"]


def test_a_hypothetical_is_no_case() -> None:
    report = extract_russian(Document("t", "Военные могли бы отказаться от участия в войне, "
                                           "если бы знали свои права.", PUB))
    assert report.incidents == []


def test_what_followed_a_lone_group_may_be_told_later() -> None:
    inc = only("Около 40 мобилизованных из Тувы отказались выходить на позиции в Запорожской "
               "области. Об этом сообщил телеграм-канал «Говорит НеМосква». По словам "
               "родственников, военных заперли в подвале.")
    assert (inc.count, inc.home, inc.place, inc.sources, inc.outcomes) == (
        Range(40, 40), "Тувы", "Запорожской области", ["Говорит НеМосква"], ["detained"])


def test_a_count_said_in_a_sentence_of_its_own() -> None:
    inc = only("Мобилизованные из Якутии, отказавшиеся воевать, самостоятельно вернулись домой. "
               "По ее словам, их было более 20 человек.")
    assert inc.count == Range(20, None)


def test_a_lawyer_s_client() -> None:
    inc = only("Как рассказал адвокат Леонид Кривенко, его подзащитный самовольно покинул часть "
               "после ранения.")
    assert (inc.type, inc.count, inc.sources) == ("desertion", Range(1, 1), ["Леонид Кривенко"])


@pytest.mark.parametrize(("text", "when"), [
    ("Вчера трое контрактников самовольно покинули позиции под Угледаром.",
     DateRange(date(2024, 5, 31), date(2024, 5, 31))),
    ("В начале 2023 года 30 мобилизованных из Саратова отказались идти в штурм.",
     DateRange(date(2023, 1, 1), date(2023, 3, 31))),
    ("В прошлом месяце шестеро военнослужащих сбежали из части в Подмосковье.",
     DateRange(date(2024, 5, 1), date(2024, 5, 31))),
])
def test_relative_and_rough_dates(text: str, when: DateRange) -> None:
    assert only(text).when == when


@pytest.mark.parametrize(("text", "source"), [
    ("Как стало известно Русской службе Би-би-си, 17 мобилизованных из Калининграда "
     "отказались воевать.", "Русской службе Би-би-си"),
])
def test_more_incident_sources(text: str, source: str) -> None:
    assert only(text).sources == [source]


@pytest.mark.parametrize(("text", "source"), [
    ("Военные суды с начала 2024 года получили более 5 тыс. дел о самовольном оставлении "
     "части, выяснили журналисты «Медиазоны».", "Медиазоны"),
    ("За год в суды поступило 6 200 дел по статье 337 — такие данные приводит Судебный "
     "департамент.", "Судебный департамент"),
])
def test_more_figure_sources(text: str, source: str) -> None:
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert fig.sources == [source]


def test_a_bare_number_after_a_desertion_count_counts_cases() -> None:
    # "дезертирстве" names the offence, not people: "80" counts cases like the "120" before it
    text = "Кроме того, суды получили 120 дел о дезертирстве и 80 — о неисполнении приказа."
    assert figures(text) == [("desertion_cases", Range(120, 120)),
                             ("refusal_cases", Range(80, 80))]


def test_such_sentences_take_up_the_article_before() -> None:
    text = ("По данным Судебного департамента, в 2023 году по статье 332 УК о неисполнении "
            "приказа были осуждены 311 военнослужащих. Годом ранее таких приговоров было 60.")
    assert figures(text) == [("refusal_cases", Range(311, 311)), ("refusal_cases", Range(60, 60))]


def test_which_takes_up_the_counted_group() -> None:
    text = ("Росгвардейцев уволили за отказ ехать в Украину\nСуд признал законным увольнение "
            "115 сотрудников Росгвардии, которые в феврале 2022 года отказались выполнять "
            "задачи на территории Украины.")
    inc = only(text)
    assert (inc.count, inc.force, inc.when) == (
        Range(115, 115), "rosgvardia", DateRange(date(2022, 2, 1), date(2022, 2, 28)))


def test_a_place_phrase_stops_at_the_clause_before_it() -> None:
    inc = only("Не менее 30 мобилизованных из Курской области, которые отказались идти в штурм, "
               "удерживают в подвале в селе Зайцево в ДНР.")
    assert inc.place is not None and "штурм" not in inc.place and "Зайцево" in inc.place


@pytest.mark.parametrize(("text", "expected"), [
    # a multiple and a dash before the value it reached
    ("Число дел о СОЧ за год выросло в 2,5 раза — до 8 тыс.", [("awol_cases", Range(8000, 8000))]),
    # people counted up to the comma; the article after it is the next number's
    ("В 2023 году за неисполнение приказа осудили 250 человек, за дезертирство — 190, за "
     "самовольное оставление части — 5,8 тыс.",
     [("refusal_cases", Range(250, 250)), ("desertion_cases", Range(190, 190)),
      ("awol_cases", Range(5800, 5800))]),
    # two articles joined by "и" before the people: a total over both
    ("Всего, по подсчетам журналистов, за дезертирство и самоволку с начала войны осуждены "
     "свыше 15 тыс. военных.", [("convictions", Range(15000, None))]),
])
def test_figures_in_lists(text: str, expected: list[tuple[str, Range]]) -> None:
    assert figures(text) == expected


def test_the_first_months_of_a_year() -> None:
    (fig,) = extract_russian(Document(
        "t", "За девять месяцев 2024 года суды получили 9 тыс. дел о самовольном оставлении "
             "части.", date(2024, 11, 1))).figures
    assert fig.period == DateRange(date(2024, 1, 1), date(2024, 9, 30))


def test_one_trial_of_a_group_stays_an_incident() -> None:
    report = extract_russian(Document(
        "t", "Суд в Ростове приговорил 12 военнослужащих по статье 332 к срокам от двух до пяти "
             "лет за отказ идти в бой.", PUB))
    assert report.figures == [] and [i.count for i in report.incidents] == [Range(12, 12)]


def test_a_participle_of_leaving_without_leave() -> None:
    inc = only("Военнослужащего из Тывы, самовольно оставившего часть, приговорили к 5 годам "
               "колонии.")
    assert (inc.type, inc.home, inc.outcomes) == ("desertion", "Тывы", ["convicted"])


def test_a_pit_in_quotes_is_a_place_of_detention_not_a_source() -> None:
    inc = only("Около 20 мобилизованных из Красноярского края написали рапорты об отказе "
               "участвовать в СВО; их отправили в «яму», сообщил Telegram-канал «Осторожно, "
               "новости».")
    assert (inc.outcomes, inc.sources) == (["detained"], ["Осторожно, новости"])


def test_an_anonymous_source_inside_a_body_is_not_the_body() -> None:
    inc = only("Как сообщает издание «Верстка» со ссылкой на источник в Минобороны, 35 военных "
               "из Тувы отказались воевать под Кременной.")
    assert inc.sources == ["Верстка"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Только за октябрь 2023 года в гарнизонные суды поступило 700 с лишним дел о СОЧ.",
     [("awol_cases", Range(700, None))]),
    ("Гарнизонные суды вынесли полторы тысячи приговоров за неисполнение приказа.",
     [("refusal_cases", Range(1500, 1500))]),
    # "военной службы" names no people: the bare number counts the cases named first
    ("Всего же дел об уклонении от военной службы — СОЧ, дезертирство, неисполнение приказа — "
     "в 2023 году было возбуждено 13 тыс.", [("convictions", Range(13000, 13000))]),
])
def test_number_wordings_in_figures(text: str, expected: list[tuple[str, Range]]) -> None:
    assert figures(text) == expected


def test_the_judicial_department_is_found_without_the_tagger() -> None:
    (fig,) = extract_russian(Document(
        "t", "Военные суды России за 2023 год вынесли 8 745 приговоров по делам о самовольном "
             "оставлении части, следует из данных Судебного департамента.", PUB)).figures
    assert fig.sources == ["Судебного департамента"]


def test_since_the_moment_mobilisation_was_announced() -> None:
    (fig,) = extract_russian(Document(
        "t", "С момента объявления мобилизации «Идите лесом» помогли дезертировать 2 тысячам "
             "человек.", PUB)).figures
    assert fig.period == DateRange(date(2022, 9, 21), PUB)


@pytest.mark.parametrize(("text", "kind", "count"), [
    ("Полтора десятка контрактников бросили позиции под Работино и ушли в тыл.",
     "desertion", Range(15, 15)),
    ("Около 150 военных из Пермского края заявили об отказе продолжать участие в СВО.",
     "refusal", Range(150, 150)),
])
def test_more_trigger_wordings(text: str, kind: str, count: Range) -> None:
    inc = only(text)
    assert (inc.type, inc.count) == (kind, count)


def test_the_number_of_deserters_is_no_case() -> None:
    report = extract_russian(Document(
        "t", "Эксперты предупреждают, что число дезертиров может вырасти.", PUB))
    assert report.incidents == []


def test_people_who_left_with_an_organisation_s_help() -> None:
    assert figures("Свыше 700 военнослужащих, по данным «Идите лесом», с их помощью покинули "
                   "армию и уехали из России.") == [("helped_to_leave", Range(700, None))]


def test_a_hyphenated_serviceman() -> None:
    inc = only("Солдат-срочник сбежал из воинской части в Кемерово с оружием; его задержали.")
    assert (inc.type, inc.count, inc.personnel, inc.outcomes) == (
        "desertion", Range(1, 1), ["conscript"], ["detained"])


def test_a_group_word_gives_no_count() -> None:
    assert only("Группа контрактников из Забайкалья самовольно оставила позиции в Курской "
                "области.").count is None


def test_the_penalty_for_refusing_is_no_case() -> None:
    report = extract_russian(Document(
        "t", "За отказ от участия в боевых действиях военным грозит до десяти лет лишения "
             "свободы.", PUB))
    assert report.incidents == []
