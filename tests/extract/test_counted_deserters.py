"""A few deserters counted by number make a case ("two deserters from Tver were sentenced");
a tally ("more than 100 deserters") or a group told before ("the remaining seven deserters")
does not; a court that jails or imprisons someone for a term convicts them."""

from __future__ import annotations

import pytest

TITLE = "Court news\n"


@pytest.mark.parametrize("text,count,home,outcomes", [
    ("Two deserters from Tver were sentenced to six years each.", 2, "Tver", ["convicted"]),
    ("A military court imprisoned three deserters from Omsk for five years.", 3, "Omsk",
     ["convicted"]),
    ("Military police detained 12 deserters from Buryatia near Belgorod.", 12, "Buryatia",
     ["detained"]),
    # the deserters received it: they are no tally someone received
    ("Two deserters from Tver received asylum in France, their lawyer said.", 2, "Tver",
     ["fled_abroad"]),
    ("Three deserters from Omsk have obtained asylum in Germany.", 3, "Omsk", ["fled_abroad"]),
])
def test_a_counted_few_deserters_make_a_case(run, only, text, count, home, outcomes):
    incident = only(run(TITLE + text))
    assert incident.type == "desertion"
    assert (incident.count.low, incident.count.high) == (count, count)
    assert incident.home == home
    assert incident.outcomes == outcomes


@pytest.mark.parametrize("text", [
    "There are fragmentary reports of more than 100 deserters from the front.",
    "Thousands of deserters are hiding in the forests, officials admit.",
])
def test_a_tally_of_deserters_is_no_case(run, text):
    assert run(TITLE + text).incidents == []


@pytest.mark.parametrize("text,value", [
    ("The group has received 500 refusals from soldiers since May.", 500),
    ("More than 300 desertions were registered in May.", 300),
])
def test_refusals_someone_tallies_are_a_figure(run, text, value):
    report = run(TITLE + text)
    assert report.incidents == []
    assert [(f.measure, f.value.low) for f in report.figures] == [("refusers", value)]


def test_the_remaining_deserters_are_the_group_told_before(run):
    text = (TITLE + "A sailor from Sevastopol deserted with seven other men in May, his lawyer "
            "said. The remaining seven deserters were identified by the court.")
    assert len(run(text).incidents) == 1


@pytest.mark.parametrize("text", [
    "The court in Kaliningrad jailed a marine for five years for leaving his unit.",
    "A garrison court imprisoned a mobilised man from Kursk for two and a half years for "
    "refusing to fight.",
])
def test_jailed_or_imprisoned_for_a_term_is_convicted(run, only, text):
    assert "convicted" in only(run(TITLE + text)).outcomes
