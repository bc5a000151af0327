"""Court totals worded by their sentences or verdicts ("540 sentences for desertion") are
Article 338 figures like "540 people convicted of desertion"."""

from __future__ import annotations

from datetime import date

import pytest

TITLE = "Court data\n"
PUBLISHED = date(2024, 7, 8)

CASES = [
    # text, measure, value, period start
    ("Courts handed down 540 sentences for desertion in May, according to Mediazona.",
     "desertion_cases", 540, date(2024, 5, 1)),
    ("Military courts issued 212 convictions for desertion last year, Mediazona found.",
     "desertion_cases", 212, date(2023, 1, 1)),
    ("Courts delivered 380 verdicts for desertion in the first half of 2024, according to "
     "Mediazona.", "desertion_cases", 380, date(2024, 1, 1)),
    ("Courts handed down 610 sentences for leaving a unit without permission in May, according "
     "to Mediazona.", "awol_cases", 610, date(2024, 5, 1)),
]


@pytest.mark.parametrize("text,measure,value,start", CASES)
def test_measure_from_sentences_wording(run, only_figure, text, measure, value, start):
    figure = only_figure(run(TITLE + text, published=PUBLISHED))
    assert figure.measure == measure
    assert (figure.value.low, figure.value.high) == (value, value)
    assert figure.period is not None and figure.period.start == start


def test_each_number_takes_the_offence_named_after_it(run):
    text = ("News of the day\nMilitary courts sentenced 320 people for desertion and 4,100 for "
            "going AWOL in the first half of 2024.")
    figures = run(text).figures
    assert [(f.measure, f.value.low) for f in figures] == [
        ("desertion_cases", 320), ("awol_cases", 4100)]


def test_the_one_who_calculated_a_figure_is_its_source(run, only_figure):
    figure = only_figure(run("News of the day\nRussian military courts have convicted more "
                             "than 7,300 servicemen of going AWOL since September 2022, "
                             "Mediazona calculated."))
    assert figure.sources == ["Mediazona"]
