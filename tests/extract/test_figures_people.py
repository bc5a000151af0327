"""Counts of people as figures: charged, convicted, prosecuted, or counted as deserters.

FORMAT.md: `refusers` are people who refused or deserted, counted in aggregate; people
convicted take `convictions` (or the article named); a count of refusers across the war, a
region or a period is a figure, not an incident.
"""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.models import Range

TITLE = "Court data\nDesertion has grown since the autumn. "
PUB = date(2024, 3, 12)

PEOPLE = [
    # charged, no article: refusers; one article named after them: that article
    ("Volna found that 7,300 servicemen have been charged since the start of mobilisation.",
     "refusers", Range(7300, 7300)),
    ("Another 640 soldiers have been charged with desertion under Article 338, Volna found.",
     "desertion_cases", Range(640, 640)),
    # convicted or sentenced, no article: convictions
    ("By February, more than 5,000 servicemen had been sentenced, Volna found.",
     "convictions", Range(5000, None)),
    # people against whom cases were opened
    ("Courts have received criminal cases against 8,900 men since September 2022, Volna "
     "found.", "refusers", Range(8900, 8900)),
    # people counted as deserters in a register, or in thousands
    ("According to leaked lists, about 700 soldiers were registered as having left their units "
     "without permission.", "refusers", Range(700, 700)),
    ("Ukrainian intelligence says that more than 15,000 soldiers of the Western Military "
     "District have deserted their units.", "refusers", Range(15000, None)),
    ("The reports describe hundreds of Russian soldiers refusing to go back to the front.",
     "refusers", Range(200, 999)),
]


@pytest.mark.parametrize("text,measure,value", PEOPLE)
def test_counts_of_people(run, only_figure, text, measure, value):
    fig = only_figure(run(TITLE + text, published=PUB))
    assert (fig.measure, fig.value) == (measure, value)


def test_charged_then_sentenced_of_whom(run):
    text = (TITLE + "Since September 2022, 6,200 people have been charged, 5,100 of whom have "
            "been sentenced, Volna found.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("refusers", 6200), ("convictions", 5100)]
    assert all(f.period is not None and f.period.start == date(2022, 9, 1) for f in figs)


def test_received_their_sentences(run):
    text = (TITLE + "Courts have received cases against 4,400 men. Of these, 3,900 have "
            "already received their sentences.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("refusers", 4400), ("convictions", 3900)]


def test_a_figure_then_its_parts(run):
    text = (TITLE + "Intelligence said that in total, over 9,000 soldiers of the Eastern "
            "Military District have abandoned their posts, with around 6,000 of them from one "
            "army.\nOf this number, about 5,000 are mobilised men and 1,500 contract soldiers.")
    report = run(text, published=PUB)
    assert [(f.measure, f.value.low) for f in report.figures] == [
        ("refusers", 9000), ("refusers", 6000), ("refusers", 5000), ("refusers", 1500)]
    assert report.incidents == []


@pytest.mark.parametrize("text", [
    # few people sentenced: one case
    "Two soldiers from Tver have been sentenced to three years for refusing to fight.",
    # another offence
    "In 2023, 1,400 people were convicted of evading conscription, the court department said.",
    # the parts of something that is not a figure
    "The hotline received 9,000 requests, of which 1,300 were about desertion.",
])
def test_not_figures(run, text):
    assert run(TITLE + text, published=PUB).figures == []


def test_the_place_in_the_counted_phrase(run, only_figure):
    text = (TITLE + "Reports from the LNR mention about 2,000 soldiers who refused to fight and "
            "were held in Donetsk jails in May.")
    assert only_figure(run(text, published=PUB)).place == "Donetsk"


def test_whole_country_is_no_place(run, only_figure):
    text = (TITLE + "Journalists found that at least 31,000 soldiers of the Russian Federation "
            "Armed Forces were listed as deserters.")
    fig = only_figure(run(text, published=PUB))
    assert (fig.value, fig.place) == (Range(31000, None), None)


def test_at_least_and_plain_number_are_one_figure(run, only_figure):
    text = (TITLE + "Army loses 31,000 soldiers to desertion\n"
            "Army loses 31,000 soldiers to desertion\n"
            "At least 31,000 soldiers have deserted from the army since 2022, journalists "
            "found.")
    assert only_figure(run(text, published=PUB)).value == Range(31000, None)


def test_a_dateline_is_not_the_period(run, only_figure):
    text = ("Court data\nMOSCOW: 4 March 2024 – Courts have heard over 12,000 cases of refusal to "
            "serve since the start of the war, according to Volna.")
    fig = only_figure(run(text, published=PUB))
    assert fig.period is not None and fig.period.start == date(2022, 2, 24)


@pytest.mark.parametrize("text,place", [
    # the district as the formation of the soldiers counted: no place
    ("Intelligence says over 6,000 soldiers of the Central Military District have deserted "
     "their units.", None),
    ("Over 6,000 troops of Central Military District have deserted their units, intelligence "
     "says.", None),
    # the district as where courts sit: the place
    ("Courts of the Central Military District received 640 cases under Article 337 in May.",
     "Central Military District"),
])
def test_a_military_district_of_soldiers_is_no_place(run, only_figure, text, place):
    assert only_figure(run(TITLE + text, published=PUB)).place == place


def test_an_outlet_is_no_place(run, only_figure):
    text = (TITLE + "Courts received 640 cases under Article 337 in May, Novaya Volna research "
            "shows.")
    assert only_figure(run(text, published=PUB)).place is None


def test_deserters_counted_with_draft_dodgers_are_no_figure(run):
    text = (TITLE + "Hundreds of deserters and draft dodgers have fled to Kazakhstan, where "
            "they live in limbo.")
    assert run(text, published=PUB).figures == []


def test_a_part_accounting_for_cases_keeps_the_period(run):
    text = (TITLE + "Since September 2022, courts have received 2,400 cases under the articles "
            "on unauthorised absence, disobedience and desertion.\n"
            "The most common charge is going absent without leave, accounting for 2,100 cases.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("convictions", 2400), ("awol_cases", 2100)]
    assert figs[1].period == figs[0].period and figs[0].period is not None
