"""Totals across the articles and counts of cases that name no offence.

FORMAT.md: `convictions` also takes totals of criminal cases under several of the articles
together; a total under one article takes that article's measure. A count of cases that
names no offence belongs to the offence the figures before it share, or to all of them.
"""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.models import Range

TITLE = "Court data\n"
PUB = date(2024, 3, 12)

ONE_TOTAL = [
    # a list of offences after the number
    ("Garrison courts have received 1,240 cases brought under the toughened articles, "
     "including going absent without leave, disobeying orders and desertion, the outlet Volna "
     "found.", Range(1240, 1240)),
    # a list of offences before it, told as "the number of ..."
    ("Volna found that the number of sentences for unauthorised absence and desertion in 2023 "
     "exceeded 4,500.", Range(4500, None)),
    # refusing to serve as a whole
    ("Military courts have heard 6,300 criminal cases of refusal to serve since mobilisation "
     "was announced, according to Volna.", Range(6300, 6300)),
    ("Prosecutors sent 410 cases of refusing to serve to the courts in January, Volna "
     "reported.", Range(410, 410)),
]


@pytest.mark.parametrize("text,value", ONE_TOTAL)
def test_total_across_articles_is_convictions(run, only_figure, text, value):
    fig = only_figure(run(TITLE + text, published=PUB))
    assert (fig.measure, fig.value) == ("convictions", value)


def test_breakdown_after_a_total_gives_one_figure_per_article(run):
    text = (TITLE + "Military courts have heard 5,170 cases of refusal to serve since "
            "September 2022, Volna found.\nThe total includes 4,620 cases of unauthorised "
            "absence, 380 cases of insubordination and 170 cases of desertion.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("convictions", 5170), ("awol_cases", 4620), ("refusal_cases", 380),
        ("desertion_cases", 170)]


def test_cases_naming_no_offence_after_several_articles_are_convictions(run):
    text = (TITLE + "Volna counted 820 cases under Article 337, 51 under Article 332 and 37 "
            "under Article 338 last year.\nIn February alone, courts registered 260 new "
            "criminal cases.")
    figs = run(text, published=PUB).figures
    assert (figs[-1].measure, figs[-1].value.low) == ("convictions", 260)
    assert figs[-1].period is not None and figs[-1].period.start == date(2024, 2, 1)


def test_cases_naming_no_offence_after_one_article_take_it(run):
    text = (TITLE + "Courts received 930 cases of going absent without leave in January, "
            "Volna found. In the first week of February, judges handed down about 150 "
            "verdicts.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("awol_cases", 930), ("awol_cases", 150)]


def test_a_total_with_its_breakdown_in_the_next_sentence(run):
    text = (TITLE + "Courts registered 515 new criminal cases in January, Volna found. There "
            "were 470 cases of unauthorised absence, 25 of insubordination and 20 of "
            "desertion.")
    figs = run(text, published=PUB).figures
    assert (figs[0].measure, figs[0].value.low) == ("convictions", 515)


def test_sentences_in_cases_after_a_total(run):
    text = (TITLE + "Courts have received 930 cases under the articles on unauthorised absence, "
            "disobedience and desertion, Volna found. Sentences have been handed down in 410 "
            "cases.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("convictions", 930), ("convictions", 410)]


def test_these_offences_and_a_bare_number_for_another_year(run):
    text = (TITLE + "The number of convictions for desertion and going absent without leave "
            "exceeded 2,000 last year. In 2021, about 450 people were convicted of these "
            "offences, while in 2022, there were nearly 900.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value, f.period.start.year if f.period else None) for f in figs] == [
        ("convictions", Range(2000, None), 2023), ("convictions", Range(450, 450), 2021),
        ("convictions", Range(900, 900), 2022)]


def test_one_article_then_such_cases_of_another(run):
    text = (TITLE + "Courts heard 300 cases under Article 337 in May. Refusing to obey an order, "
            "under Article 332, is rarer: the project counted 12 such cases.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("awol_cases", 300), ("refusal_cases", 12)]


def test_cases_against_soldiers_accused_of_abandoning_their_units(run, only_figure):
    text = (TITLE + "The outlet Volna has reported that 1,540 criminal cases were opened in "
            "the second half of 2023 against soldiers accused of abandoning their units "
            "without leave.")
    fig = only_figure(run(text, published=PUB))
    assert (fig.measure, fig.value) == ("awol_cases", Range(1540, 1540))
