"""The Russian pipeline on sentences written for these tests: values, not just presence."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract import extract_documents
from otkaz.extract.ru.dates import find_dates
from otkaz.extract.ru.numbers import find_counts
from otkaz.extract.ru.places import resolve_ru
from otkaz.extract.ru.report import extract_russian
from otkaz.models import Document, Range

PUB = date(2023, 4, 12)

INCIDENTS = [
    # text, type, actor (substring), count, home, home entry, force, personnel
    ("Двенадцать омоновцев из Краснодара отказались ехать в зону боевых действий, "
     "сообщает «Медиазона».",
     "refusal", "Двенадцать омоновцев из Краснодара", Range(12, 12), "Краснодара", "Krasnodar",
     "rosgvardia", []),
    ("Около 300 мобилизованных из Псковской области отказались воевать, пишет Astra.",
     "refusal", "Около 300 мобилизованных", Range(300, 300), "Псковской области",
     "Pskov Oblast", "army", ["mobilized"]),
    ("Более 80 контрактников из Брянки самовольно оставили часть.",
     "desertion", "Более 80 контрактников", Range(80, None), "Брянки", "Bryanka", "army",
     ["contract"]),
    ("Несколько десантников из Якутии дезертировали в конце марта.",
     "desertion", "Несколько десантников", Range(3, 9), "Якутии", "Sakha Republic",
     "airborne", []),
]


@pytest.mark.parametrize(("text", "kind", "actor", "count", "home", "entry", "force",
                          "personnel"), INCIDENTS)
def test_incident_fields(text: str, kind: str, actor: str, count: Range, home: str,
                         entry: str, force: str, personnel: list[str]) -> None:
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert (inc.type, inc.count, inc.home, inc.force) == (kind, count, home, force)
    assert actor in inc.actor
    assert inc.geo["home"].name == entry
    assert inc.personnel == personnel
    s, e = inc.evidence[0]
    assert s <= text.index(actor) < e  # evidence indexes the Cyrillic text as given


def test_sources_when_and_outcomes() -> None:
    text = ("По словам правозащитника Ивана Петрова, 25 февраля семеро мобилизованных из Омска "
            "отказались выполнять приказ. Их уволили, а командир пригрозил им трибуналом.")
    (inc,) = extract_russian(Document("t", text, PUB)).incidents
    assert inc.sources == ["Ивана Петрова"]
    assert inc.when is not None and inc.when.start == inc.when.end == date(2023, 2, 25)
    assert inc.count == Range(7, 7)
    assert inc.outcomes == ["dismissed", "threatened"]


@pytest.mark.parametrize("text", [
    "Военнослужащие не отказывались выполнять приказы.",
    "Мобилизованные могут отказаться от участия в боевых действиях.",
    "Министерство опровергло фейк о том, что солдаты отказались воевать.",
    "Четверо военнослужащих ВСУ отказались выполнять приказ, сообщили в ТЦК.",
])
def test_negation_modality_denial_and_the_other_side_give_nothing(text: str) -> None:
    assert extract_russian(Document("t", text, PUB)).incidents == []


def test_figure_by_article() -> None:
    text = ("За первую половину 2022 года военные суды получили 1 234 уголовных дела о "
            "самовольном оставлении части (статья 337 УК).")
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert (fig.measure, fig.value) == ("awol_cases", Range(1234, 1234))
    assert fig.period is not None and (fig.period.start, fig.period.end) == (
        date(2022, 1, 1), date(2022, 6, 30))


def test_rates_are_not_figures() -> None:
    text = "Суды выносили по 120 приговоров по статье 337 УК каждую неделю."
    assert extract_russian(Document("t", text, PUB)).figures == []


@pytest.mark.parametrize(("phrase", "value"), [
    ("двенадцать омоновцев", Range(12, 12)), ("около 300 военных", Range(300, 300)),
    ("более 80 человек", Range(80, None)), ("десятки солдат", Range(24, 99)),
    ("порядка двух десятков", Range(20, 20)), ("сотни отказников", Range(200, 999)),
    ("17,7 тысяч обвиняемых", Range(17700, 17700)), ("20 538 дел", Range(20538, 20538)),
])
def test_counts(phrase: str, value: Range) -> None:
    assert find_counts(phrase)[0].value == value


@pytest.mark.parametrize(("phrase", "start", "end"), [
    ("25 февраля", date(2023, 2, 25), date(2023, 2, 25)),
    ("в конце марта", date(2023, 3, 21), date(2023, 3, 31)),
    ("осенью 2022 года", date(2022, 9, 1), date(2022, 11, 30)),
    ("на прошлой неделе", date(2023, 4, 3), date(2023, 4, 9)),
    ("в мае", date(2022, 5, 1), date(2022, 5, 31)),  # no year: on or before publication
])
def test_dates(phrase: str, start: date, end: date) -> None:
    found, _ = find_dates(phrase, PUB)[0]
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(("phrase", "name"), [
    ("Псковской области", "Pskov Oblast"), ("Брянке", "Bryanka"),
    ("ЛНР", "Luhansk People's Republic"), ("Петербурга", "Saint Petersburg"),
])
def test_places_resolve_to_the_english_entries(phrase: str, name: str) -> None:
    entry = resolve_ru(phrase)
    assert entry is not None and entry.name == name


def test_routing_keeps_english_and_reads_russian() -> None:
    en = Document("en", "12 riot police officers from Omsk refused to go to Ukraine.")
    ru = Document("ru", INCIDENTS[0][0], PUB)
    reports = list(extract_documents([en, ru], verify=False))
    assert [r.id for r in reports] == ["en", "ru"]
    assert reports[0].incidents[0].count == Range(12, 12)
    assert reports[1].incidents[0].home == "Краснодара"
    assert "notices" not in reports[0].to_dict()
