"""Russian aggregate figures worded as reporters word them (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.ru.report import extract_russian
from otkaz.models import DateRange, Document, Range

PUB = date(2024, 6, 1)


@pytest.mark.parametrize(("text", "figures"), [
    # the measure the number's own words name, when a sentence names two
    ("Суды получили 1200 дел о неисполнении приказа и 300 дел о дезертирстве.",
     [("refusal_cases", Range(1200, 1200)), ("desertion_cases", Range(300, 300))]),
    # "уход из части" is leaving the unit (Article 337)
    ("Всего суды рассмотрели около 7300 дел об уходе из части.",
     [("awol_cases", Range(7300, 7300))]),
    # a count named before its number; "превысило" is "over" (FORMAT.md: N..null)
    ("Число приговоров по этим статьям превысило 10 тысяч.",
     [("convictions", Range(10000, None))]),
    # people counted over a period, or by someone who counts: a figure, not a group
    ("За год по статье о дезертирстве осуждены 120 человек.",
     [("desertion_cases", Range(120, 120))]),
    ("По подсчетам «Верстки», из армии дезертировали не менее 20 тысяч человек.",
     [("refusers", Range(20000, None))]),
])
def test_figures(text: str, figures: list[tuple[str, Range]]) -> None:
    report = extract_russian(Document("t", text, PUB))
    assert [(f.measure, f.value) for f in report.figures] == figures
    assert report.incidents == []


def test_a_month_without_a_year_is_the_last_such_month_before_publication() -> None:
    text = "Только за март в суды поступило 512 дел о самовольном оставлении части."
    (fig,) = extract_russian(Document("t", text, PUB)).figures
    assert fig.period == DateRange(date(2024, 3, 1), date(2024, 3, 31))


def test_one_story_s_group_stays_an_incident() -> None:
    text = "Около 300 мобилизованных из Псковской области отказались воевать, пишет Astra."
    report = extract_russian(Document("t", text, PUB))
    assert report.figures == [] and [i.count for i in report.incidents] == [Range(300, 300)]
