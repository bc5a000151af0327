"""A large group that "has refused to take part in the assault" refused once, on one
occasion: an incident, not a tally over time; with "since ..." or no one operation named, a
big group that "has refused" stays a figure."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

INCIDENTS = [
    # text, count (low, high)
    ("Some 200 reservists from Kaliningrad have refused to take part in the assault, their "
     "relatives wrote in an appeal to the president.", (200, 200)),
    ("About 150 mobilised men have refused to join the attack on the village, their wives "
     "said.", (150, 150)),
    ("Around 120 contract soldiers have refused to take part in this offensive, a relative "
     "told reporters.", (120, 120)),
]


@pytest.mark.parametrize("text,count", INCIDENTS)
def test_one_assault_is_one_incident(run, only, text, count):
    report = run(TITLE + text)
    incident = only(report)
    assert incident.type == "refusal"
    assert (incident.count.low, incident.count.high) == count
    assert report.figures == []


TALLIES = [
    "More than 300 servicemen from Buryatia have refused to take part in the assaults since "
    "January, a rights group said.",
    "Hundreds of soldiers from Dagestan have refused to fight, a rights group said.",
]


@pytest.mark.parametrize("text", TALLIES)
def test_a_tally_stays_a_figure(run, text):
    report = run(TITLE + text)
    assert report.incidents == []
    assert [f.measure for f in report.figures] == ["refusers"]
