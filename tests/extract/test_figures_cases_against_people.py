"""Counts of cases against people told by what they did, and of people an organisation
helped to leave, however the help is worded; help to dodge the draft is no figure of ours."""

from __future__ import annotations

import pytest

TITLE = "Court data\n"

CASES_AGAINST = [
    # text, measure, value
    ("Prosecutors opened 250 criminal cases against soldiers who refused to fight.",
     "refusal_cases", 250),
    ("Military courts received 600 cases against servicemen who had abandoned their units.",
     "awol_cases", 600),
    ("Investigators opened 300 cases against mobilised soldiers who left their positions.",
     "awol_cases", 300),
    ("Courts have heard 140 cases against contract soldiers who deserted from the front.",
     "desertion_cases", 140),
]


@pytest.mark.parametrize("text,measure,value", CASES_AGAINST)
def test_cases_against_people_take_the_offence_of_their_clause(run, only_figure, text,
                                                               measure, value):
    report = run(TITLE + text)
    figure = only_figure(report)
    assert (figure.measure, figure.value.low, figure.value.high) == (measure, value, value)
    assert report.incidents == []  # the people are counted by the figure, not a case


HELPED = [
    ("The group has helped more than 500 Russian soldiers to desert since the war began.",
     500, None),
    ("The foundation has assisted over 800 military personnel in fleeing the army.", 800, None),
    ("The initiative said it had helped 350 soldiers escape from their units.", 350, 350),
]


@pytest.mark.parametrize("text,low,high", HELPED)
def test_people_helped_to_leave_however_the_help_is_worded(run, only_figure, text, low, high):
    figure = only_figure(run(TITLE + text))
    assert (figure.measure, figure.value.low, figure.value.high) == ("helped_to_leave", low,
                                                                      high)


@pytest.mark.parametrize("text,kept", [
    ("The group has helped 1,500 soldiers desert the army and assisted 43,000 men in avoiding "
     "conscription.", [1500]),
    ("The group has helped over 3,000 soldiers escape the front, and another 39,000 avoid "
     "conscription.", [3000]),
    ("The group has helped 2,000 men avoid the draft.", []),
])
def test_help_to_avoid_the_draft_is_not_helped_to_leave(run, text, kept):
    figures = run(TITLE + text).figures
    assert [f.value.low for f in figures] == kept


@pytest.mark.parametrize("text,figures", [
    ("The number of AWOL cases rose to 1,200 in May from 900 in April.",
     [("awol_cases", 1200), ("awol_cases", 900)]),
    ("Courts sentenced 3,000 soldiers for AWOL in the first half of the year, up from 2,100 a "
     "year earlier.", [("awol_cases", 3000), (None, 2100)]),
    ("Military courts handed down 800 sentences for desertion in 2023, against 300 in 2022.",
     [("desertion_cases", 800), (None, 300)]),
])
def test_a_number_that_rose_and_the_one_it_is_compared_with(run, text, figures):
    found = [(f.measure, f.value.low) for f in run(TITLE + text).figures]
    # the measure of the compared number is pinned only where the rules read it reliably
    assert len(found) == len(figures)
    assert [(m if want is not None else None, v) for (m, v), (want, _) in zip(
        found, figures, strict=True)] == figures
