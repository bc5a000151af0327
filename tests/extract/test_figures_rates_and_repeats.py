"""Rates are not figures; a number told twice (repeated, or rounded then exact) is one figure."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.models import Range

TITLE = "Court data\n"
PUB = date(2024, 3, 12)

RATES = [
    "Since October, courts have handed down more than 600 sentences under Article 337 per "
    "month, Volna found.",
    "Judges were passing 31 sentences under Article 337 each working day in February.",
    "By winter, courts were receiving about 900 new AWOL cases every month.",
    "Courts issued convictions for desertion at a rate of 20 a day in January.",
    "In January, judges convicted 700 people of going absent without leave, about 30 "
    "convictions for every working day.",
]


@pytest.mark.parametrize("text", RATES)
def test_rates_are_not_figures(run, text):
    figs = run(TITLE + text, published=PUB).figures
    assert all(f.value.low not in (600, 31, 900, 20, 30) for f in figs), figs


@pytest.mark.parametrize("text,value", [
    ("Courts passed 300 sentences of a year or more under Article 337 in May.", 300),
    ("Courts passed 420 sentences under Article 337 over a year, Volna found.", 420),
])
def test_a_length_is_not_a_rate(run, only_figure, text, value):
    assert only_figure(run(TITLE + text, published=PUB)).value.low == value


def test_exact_number_in_brackets(run, only_figure):
    text = (TITLE + "In January, courts received more than nine hundred (947) cases under "
            "Article 337, Volna found.")
    assert only_figure(run(text, published=PUB)).value == Range(947, 947)


def test_rounded_and_exact_far_apart_in_one_month(run, only_figure):
    filler = ("Lawyers say most of the defendants had been wounded before, and that many of "
              "them asked to be transferred to the rear before leaving. ") * 5
    text = (TITLE + "In January alone, courts passed nearly 800 sentences under Article 337, "
            "Volna found.\n" + filler + "\nIn all, 786 sentences under Article 337 were passed "
            "by garrison courts in January.")
    assert only_figure(run(text, published=PUB)).value == Range(786, 786)


def test_a_figure_repeated_is_one_figure(run, only_figure):
    text = (TITLE + "The group has helped more than 2,500 soldiers to leave the front, its "
            "founder said.\n\"We have helped more than 2,500 soldiers to leave the front,\" "
            "he told reporters.")
    fig = only_figure(run(text, published=PUB))
    assert (fig.measure, fig.value) == ("helped_to_leave", Range(2500, None))
    assert len(fig.evidence) == 2


@pytest.mark.parametrize("text,value", [
    ("The project says it has already helped 310 servicemen desert.", Range(310, 310)),
    ("\"We have helped more than 200 soldiers flee since the autumn,\" the founder said.",
     Range(200, None)),
])
def test_helped_soldiers_desert(run, only_figure, text, value):
    fig = only_figure(run(TITLE + text, published=PUB))
    assert (fig.measure, fig.value) == ("helped_to_leave", value)


def test_rounded_in_the_lead_exact_later_in_the_same_period(run, only_figure):
    filler = ("Lawyers say most of the defendants had been wounded before, and that many of "
              "them asked to be transferred to the rear before leaving. ") * 4
    text = (TITLE + "Courts have received over 900 cases under Article 337 since mobilisation "
            "was announced, Volna found.\n" + filler + "\nBy 1 March 2024, garrison courts "
            "had received 912 cases under Article 337.")
    assert only_figure(run(text, published=PUB)).value == Range(912, 912)


def test_close_numbers_of_two_months_stay_two(run):
    text = (TITLE + "Courts received 410 cases under Article 337 in May and 420 cases under "
            "Article 337 in June.")
    assert [f.value.low for f in run(text, published=PUB).figures] == [410, 420]
