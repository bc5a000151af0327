"""All the sentences about one case become one incident; different groups stay apart."""

from __future__ import annotations

import pytest

from otkaz.models import Range

TITLE = "News of the day\n"


def test_they_continues_the_group(run, only):
    text = (TITLE + "Thirty reservists from Tver were sent to the Belgorod region in May. "
            "They refused to cross the border and returned to Tver.")
    incident = only(run(text))
    assert incident.actor == "Thirty reservists from Tver"
    assert incident.count == Range(30, 30)
    assert len(incident.evidence) == 2 or incident.evidence[0][1] - incident.evidence[0][0] > 80


def test_follow_up_paragraph_joins_the_case(run, only):
    text = (TITLE + "About 40 mobilised men from Ivanovo refused to advance on Tuesday.\n"
            "The men were disarmed and taken to a basement. They were let out five days later.")
    incident = only(run(text))
    assert {"detained", "released"} <= set(incident.outcomes)
    assert len(incident.evidence) == 3


def test_the_refusal_with_a_bigger_group_is_the_same_case(run, only):
    text = (TITLE + "Investigators charged nine marines who refused to attack near Vuhledar. "
            "Roughly 60 marines from Kaliningrad took part in the refusal.")
    incident = only(run(text))
    assert incident.count == Range(60, 60)
    assert "prosecuted" in incident.outcomes


def test_two_groups_in_one_sentence_are_two_incidents(run):
    text = (TITLE + "Last week twelve reservists from Chelyabinsk left their barracks in Kazan "
            "and went home, and at least 30 mobilised men from Ufa refused to board a train.")
    report = run(text)
    assert sorted((i.type, i.count) for i in report.incidents) == [
        ("desertion", Range(12, 12)), ("refusal", Range(30, None))]


def test_another_soldier_is_another_case(run):
    text = (TITLE + "A soldier from Bryansk refused to go to the front and was fired. "
            "Another soldier from Bryansk refused to go to the front in June.")
    assert len(run(text).incidents) == 2


def test_same_group_named_again_is_one_case(run, only):
    text = (TITLE + "Fifty contract soldiers from Chita refused to return to the front on "
            "Friday.\nThe fifty contract soldiers from Chita are now held in a basement.")
    assert "detained" in only(run(text)).outcomes


def test_the_same_person_told_of_again_is_one_case(run, only):
    text = (TITLE + "A contract soldier of the 20th Motor Rifle Division who deserted from his "
            "unit near Bakhmut in May has reached Georgia, the group Free Path said.\n"
            "The 31-year-old gunner from Tver left his trench after his third assault in a "
            "month, the group said.\n"
            "A criminal case for desertion has been opened against him.")
    incident = only(run(text))
    assert incident.home == "Tver"
    assert {"fled_abroad", "prosecuted"} <= set(incident.outcomes)
    assert incident.sources == ["Free Path"]


@pytest.mark.parametrize("text", [
    "None of the marines we interviewed said they had refused to fight. They complained of "
    "bad food.",
    "Lawyers say a marine could in theory refuse such an order if his contract allowed it.",
])
def test_unsaid_and_hypothetical_refusals_are_not_incidents(run, text):
    assert not run(TITLE + "Marines of the Pacific Fleet were moved to infantry units.\n"
                   + text).incidents


def test_a_person_named_in_the_next_sentence_is_the_same_case(run, only):
    text = (TITLE + "A Russian sergeant who refused to fight says he was threatened with "
            "prison. Sergeant Ilya Fomin, 29, told the site Rubezh that his platoon was ordered "
            "to attack in April and that he refused to go.")
    incident = only(run(text))
    assert any("Ilya Fomin" in s for s in incident.sources)
    assert "threatened" in incident.outcomes


def test_n_men_said_later_give_the_count(run, only):
    text = (TITLE + "Soldiers of an assault company near Bakhmut have refused to attack again, "
            "one of them told the Vot Tak channel. He said about 25 men had refused. Their "
            "commander threatened to hand them over to the military police.")
    incident = only(run(text))
    assert incident.count == Range(25, 25)
    assert "threatened" in incident.outcomes


def test_he_and_the_surname_refer_to_the_one_soldier(run, only):
    text = (TITLE + "A military court in Kursk sentenced Private Roman Lebedev, 21, to three "
            "years for refusing to go to the front, the court said. Lebedev, a conscript who "
            "later signed a contract, was detained in May after he refused an order to board "
            "a bus.")
    incident = only(run(text))
    assert incident.actor.startswith("Private Roman Lebedev")
    assert set(incident.outcomes) == {"convicted", "detained"}


def test_another_group_of_men_is_a_second_case_and_both_are_held(run):
    text = (TITLE + "Thirty mobilised men from Samara refused to go to the front on Monday, "
            "relatives told the site Bashinform Watch. Another group of 12 men from Sterlitamak "
            "refused on Wednesday. Both groups were locked in a sports hall.")
    incidents = run(text).incidents
    assert [(i.count.low, i.home) for i in incidents] == [(30, "Samara"), (12, "Sterlitamak")]
    assert all("detained" in i.outcomes for i in incidents)


@pytest.mark.parametrize("organisation", ["Sailors' Watch", "Soldiers' Mothers", "Marines Aid"])
def test_an_organisation_named_after_servicemen_is_not_a_group(run, only, organisation):
    text = (TITLE + "Eight contract sailors from Vladivostok refused in March to join an assault "
            f"unit, the human rights group {organisation} said on Monday.\n"
            "According to the group's lawyer, all eight were dismissed, and two of them have "
            "since been charged with refusing to obey an order.")
    incident = only(run(text))
    assert incident.count == Range(8, 8)
    assert {"dismissed", "prosecuted"} <= set(incident.outcomes)
