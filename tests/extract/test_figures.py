"""Aggregate numbers: measures, values, periods, follow-ups, and numbers that are not figures."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.models import DateRange, Range

TITLE = "Court data\n"
PUB = date(2023, 8, 10)

MEASURES = [
    ("Military courts received 300 cases under Article 337 in May 2023, the project Open "
     "Docket found.", "awol_cases", Range(300, 300)),
    ("Courts heard 41 cases under Article 338 in the first half of 2023.", "desertion_cases",
     Range(41, 41)),
    ("Prosecutors opened between 20 and 40 cases under Article 332 in April.", "refusal_cases",
     Range(20, 40)),
    ("Courts have passed more than 4,000 sentences under Articles 332, 337 and 338 since "
     "mobilisation was announced.", "convictions", Range(4000, None)),
    ("The group said it had helped 250 servicemen to leave the army since September 2022.",
     "helped_to_leave", Range(250, 250)),
    ("The group estimates that several hundred servicemen from Tuva have refused to fight "
     "since January.", "refusers", Range(200, 999)),
    ("The site Volna reported that more than 300 servicemen had been convicted of desertion "
     "in 2022.", "desertion_cases", Range(300, None)),
    ("Military courts convicted 515 people of leaving their units without permission in May.",
     "awol_cases", Range(515, 515)),
    ("The number of servicemen convicted of disobeying orders under Article 332 is far lower: "
     "9 in June.", "refusal_cases", Range(9, 9)),
    ("The hotline has recorded 450 refusals since the autumn, its coordinator said.",
     "refusers", Range(450, 450)),
]


@pytest.mark.parametrize("text,measure,value", MEASURES)
def test_measure_and_value(run, only_figure, text, measure, value):
    fig = only_figure(run(TITLE + text, published=PUB))
    assert (fig.measure, fig.value) == (measure, value)
    assert fig.period is not None


def test_follow_ups_inherit_measure_and_source(run):
    text = (TITLE + "Courts received 400 cases under Article 337 in May, according to the "
            "project Open Docket. In June the number rose to 450, and in July to 520.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("awol_cases", 400), ("awol_cases", 450), ("awol_cases", 520)]
    assert [f.period.start.month for f in figs if f.period] == [5, 6, 7]
    assert all(f.sources == ["Open Docket"] for f in figs)


def test_period_since_mobilisation_runs_to_publication(run, only_figure):
    text = (TITLE + "Courts have passed more than 4,000 sentences under Articles 337 and 338 "
            "since mobilisation was announced.")
    fig = only_figure(run(text, published=PUB))
    assert fig.period == DateRange(date(2022, 9, 21), PUB)


def test_place_of_a_court(run, only_figure):
    text = TITLE + "The Kazan garrison military court registered 37 cases under Article 337 in May."
    fig = only_figure(run(text, published=PUB))
    assert fig.place == "Kazan"
    assert fig.sources == ["Kazan garrison military court"]


NOT_FIGURES = [
    "More than 20,000 Russian soldiers have died since the beginning of the war.",
    "Officials say 300,000 reservists were mobilised in autumn 2022.",
    "Prosecutors opened more than 700 cases under Article 328 against civilians.",
    "The group received more than 4,000 requests for advice.",
    "Courts pass about 100 sentences a week, the project said.",
    "Regions pay up to 800,000 roubles for signing a contract.",
    "About 12 percent of the cases ended in acquittals.",
    "Ukrainian prosecutors opened more than 60,000 cases for leaving a unit without permission.",
    "The Omsk garrison court sentenced nine contract soldiers of the 5th Tank Brigade to four "
    "years for leaving their unit.",
    "A military court in Ryazan sentenced three contract soldiers to four years for being "
    "absent without leave.",
    "The Chita garrison court sentenced six mobilised men for going absent without leave in May.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(run, text):
    assert run(TITLE + text, published=PUB).figures == []


def test_rounded_and_exact_number_is_one_figure(run, only_figure):
    text = (TITLE + "Courts received nearly 700 cases under Article 337 in June. The exact "
            "number, 684 cases under Article 337, was published on Monday.")
    assert only_figure(run(text, published=PUB)).value == Range(684, 684)


def test_data_collected_by_an_outlet_is_its_source_and_no_place(run):
    text = (TITLE + "Garrison courts convicted 610 people of leaving their units without "
            "permission in June, according to data collected by the Volna outlet. In May, "
            "there were 575 such cases.\n"
            "Courts also heard 14 cases of desertion under Article 338 in June.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.value.low) for f in figs] == [
        ("awol_cases", 610), ("awol_cases", 575), ("desertion_cases", 14)]
    assert all(f.sources == ["Volna"] and f.place is None for f in figs)


def test_an_authority_counts_for_its_own_territory(run, only_figure):
    text = (TITLE + "The Luhansk People's Republic's prosecutor's office said a soldier had "
            "been jailed.\nSeparately, the office said it had sent 38 cases of leaving a unit "
            "without permission to court since the start of the year.")
    fig = only_figure(run(text, published=PUB))
    assert (fig.measure, fig.place) == ("awol_cases", "Luhansk People's Republic")


def test_an_outlets_analysis_is_the_outlet(run, only_figure):
    text = (TITLE + "In 2022, military courts handed down more than 1,200 sentences under "
            "Article 337, according to Volna's analysis.")
    fig = only_figure(run(text, published=PUB))
    assert (fig.sources, fig.place) == (["Volna"], None)


def test_helped_n_to_leave_in_a_year_the_group_says(run):
    text = (TITLE + "Since the war began, hundreds of soldiers have refused to fight, according "
            "to the Exit Door project. In 2022 alone, the project says it helped 3,000 "
            "servicemen to leave.")
    figs = run(text, published=PUB).figures
    helped = [f for f in figs if f.measure == "helped_to_leave"]
    assert [(f.value.low, f.period) for f in helped] == [
        (3000, DateRange(date(2022, 1, 1), date(2022, 12, 31)))]


def test_also_in_the_next_paragraph_keeps_period_and_source(run):
    text = (TITLE + "In June, military courts received 980 cases under Article 337, according "
            "to data collected by the outlet Volna.\nCourts also heard 11 cases of refusing to "
            "obey orders.")
    figs = run(text, published=PUB).figures
    assert [(f.measure, f.sources, f.period) for f in figs][1] == (
        "refusal_cases", ["Volna"], DateRange(date(2023, 6, 1), date(2023, 6, 30)))


def test_part_of_a_tally_told_as_one_case_is_an_incident(run):
    report = run(TITLE + "About 140 servicemen from Tuva have refused to fight since January, "
                 "the group Free Tuva estimates. In one case in May, 25 of them refused to go "
                 "to Zaporizhzhia.", published=PUB)
    assert [(f.measure, f.value.low) for f in report.figures] == [("refusers", 140)]
    assert [(i.count.low, i.home) for i in report.incidents] == [(25, "Tuva")]


@pytest.mark.parametrize("text,value,month,place,source", [
    ("Military courts in the Samara region sentenced 52 servicemen for going absent without "
     "leave in April, according to the court database analysed by the project Kholod.",
     52, 4, "Samara region", "Kholod"),
    ("Garrison courts in the Perm region convicted 19 soldiers of being absent without leave "
     "in June, according to data compiled by the outlet Verstka.", 19, 6, "Perm region",
     "Verstka"),
])
def test_courts_of_a_region_sentencing_servicemen_is_a_figure(
        run, only_figure, text, value, month, place, source):
    fig = only_figure(run(TITLE + text, published=PUB))
    assert (fig.measure, fig.value) == ("awol_cases", Range(value, value))
    assert fig.period is not None and fig.period.start.month == month
    assert (fig.place, fig.sources) == (place, [source])
