"""Everyday paraphrases of deserting and refusing, and people taken in for desertion."""

from __future__ import annotations

import pytest

from otkaz.models import Range

TITLE = "News of the day\n"


@pytest.mark.parametrize(("text", "itype", "actor", "count"), [
    ("The sergeant absconded from his unit in the Belgorod region in March, his mother said.",
     "desertion", "The sergeant", Range(1, 1)),
    ("A group of 27 marines fled with their weapons from the combat zone, Baza reported.",
     "desertion", "A group of 27 marines", Range(27, 27)),
    ("Three conscripts balked at orders to cross the border, their parents said.",
     "refusal", "Three conscripts", Range(3, 3)),
    ("About 40 soldiers left the ranks of their regiment near Kupiansk, a lawyer said.",
     "desertion", "About 40 soldiers", Range(40, 40)),
])
def test_paraphrase_is_a_case(run, only, text, itype, actor, count):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor, incident.count) == (itype, actor, count)


@pytest.mark.parametrize(("text", "actor", "count", "home"), [
    ("Military police detained a contract soldier from Tuva on charges of desertion in "
     "Yerevan last week.", "a contract soldier", Range(1, 1), "Tuva"),
    ("A 30-year-old mobilised man was arrested for desertion in Perm, the court said.",
     "A 30-year-old mobilised man", Range(1, 1), None),
    ("Police in Omsk detained two conscripts on suspicion of desertion on Monday.",
     "two conscripts", Range(2, 2), None),
    ("Activists protested the detention of a mobilised soldier on charges of desertion.",
     "a mobilised soldier", Range(1, 1), None),
])
def test_taken_in_for_desertion_is_a_case(run, only, text, actor, count, home):
    incident = only(run(TITLE + text))
    assert incident.type == "desertion" and incident.actor == actor
    assert incident.count == count and incident.home == home
    assert "detained" in incident.outcomes or "prosecuted" in incident.outcomes or \
        incident.outcomes == []
    assert incident.place is None and incident.when is None  # the arrest's, not the desertion's


@pytest.mark.parametrize("text", [
    "The commander threatened the soldiers with prosecution for desertion.",
    "Deserters could be arrested for desertion under the new law.",
    "Thousands of civilians fled with their belongings from the zone of fighting.",
    "Police detained a journalist on charges of fraud.",
])
def test_no_case(run, text):
    assert run(TITLE + text).incidents == []


def test_mass_nouns_count_no_one(run, only):
    incident = only(run(TITLE + "Military personnel deserted from the base in May."))
    assert incident.count is None


@pytest.mark.parametrize(("text", "count"), [
    ("Captain Ivan Petrov and 11 of his officers refused to go to Ukraine.", Range(12, 12)),
    ("Police Captain Ivan Petrov, a platoon commander of the OMON squadron, and eleven "
     "fighters from his squadron refused to go to Ukraine.", Range(12, 12)),
    ("On 3 March Major Oleg Sidorov, the head of a reconnaissance company, and 20 of his soldiers "
     "refused to cross the border.", Range(21, 21)),
    ("Along with eight others, Dmitri refused to return to the front.", Range(9, 9)),
    ("Sergeant Ivanov, along with five comrades, deserted from his unit.", Range(6, 6)),
    ("Ivanov, together with five other soldiers, deserted from his unit.", Range(6, 6)),
    ("Eleven of the officers refused to go to Ukraine.", Range(11, 11)),
])
def test_a_named_man_and_his_men_are_counted_together(run, only, text, count):
    incident = only(run(TITLE + text))
    assert incident.count == count
    assert "deserted" not in incident.actor and "refused" not in incident.actor


@pytest.mark.parametrize(("text", "itype"), [
    ("About 60 soldiers of the 7th brigade have decided to leave the ranks, officials said.",
     "desertion"),
    ("A junior officer of the 5th tank brigade has quit the war against Ukraine, he told CNN.",
     "desertion"),
    ("Sergeant Ivan Sokolov of the 12th regiment decided not to return to his unit after "
     "his leave ended in March.", "desertion"),
])
def test_a_decision_told_is_a_deed(run, only, text, itype):
    assert only(run(TITLE + text)).type == itype


@pytest.mark.parametrize(("text", "found"), [
    ("A Russian army officer fled to Kazakhstan in September.", True),
    ("A contract soldier from Omsk escaped into Georgia last week.", True),
    ("Thousands of Russian men fled to Kazakhstan in September.", False),  # not servicemen
    ("A Russian soldier fled to the front line.", False),
])
def test_a_serviceman_fleeing_abroad_deserts(run, text, found):
    incidents = run(TITLE + text).incidents
    assert [(i.type, i.outcomes) for i in incidents] == (
        [("desertion", ["fled_abroad"])] if found else [])


@pytest.mark.parametrize("text", [
    "Forty marines want to leave their unit.",
    "Forty marines of the 7th brigade planned to desert.",
])
def test_a_plan_is_still_no_deed(run, text):
    assert run(TITLE + text).incidents == []


def test_a_first_name_is_no_place(run, only):
    incident = only(run(TITLE + "A junior officer of the 5th brigade has quit Vladimir Putin's "
                        "war, he told CNN."))
    assert incident.place is None


@pytest.mark.parametrize("text", [
    "More than 400 soldiers of the Armed Forces of Ukraine refused to fight, a channel claimed.",
    "Twenty fighters of the Territorial Defence deserted near Kharkiv, officials said.",
])
def test_the_other_side_named_in_several_words(run, text):
    assert run(TITLE + text).incidents == []


@pytest.mark.parametrize(("text", "actor"), [
    ("Gendarmes from the 102nd base arrested 20-year-old Dmitry Sokolov for desertion.",
     "20-year-old Dmitry Sokolov"),
    ("A former Wagner fighter escaped by crossing the Russian-Finnish border in May.",
     "A former Wagner fighter"),
])
def test_taken_in_or_across_the_border(run, only, text, actor):
    incident = only(run(TITLE + text))
    assert incident.type == "desertion" and incident.actor == actor


def test_the_actor_is_named_by_the_lead_not_the_repeated_headline(run, only):
    text = ("Forty Marines Refuse to Fight\nSupport our newsroom!\n"
            "Forty Marines Refuse to Fight\n"
            "About 40 marines of the 155th brigade from Vladivostok refused to attack near "
            "Vuhledar on Monday, their relatives told the Primorye Herald.\n")
    incident = only(run(text))
    assert incident.actor == "About 40 marines of the 155th brigade from Vladivostok"


def test_a_police_rank_is_no_military_officer(run, only):
    incident = only(run(TITLE + "Police Captain Ivan Petrov of the Omsk OMON and 11 of his "
                        "officers refused to go to Ukraine in March."))
    assert incident.force == "rosgvardia" and "officer" not in incident.personnel


@pytest.mark.parametrize(("text", "found"), [
    # a counted group told of by relatives is a case of its own
    ("Twenty marines would not go into battle near Krynky, their wives said.", True),
    ("If ordered, twenty marines would not go into battle, their wives said.", False),
    ("The marines would not go into battle, their wives said.", False),  # no group named
])
def test_a_counted_group_that_would_not_go(run, text, found):
    assert [i.type for i in run(TITLE + text).incidents] == (["refusal"] if found else [])


@pytest.mark.parametrize(("text", "actor", "count"), [
    ("An officer of the Interior Ministry decided to avoid fighting by sneaking across the "
     "border into Georgia, his lawyer said.", "An officer of the Interior Ministry", Range(1, 1)),
    ("Lieutenant Pavel Orlov fled the country after he was ordered back to the front.",
     "Lieutenant Pavel Orlov", Range(1, 1)),
    ("A contract soldier from Perm crossed into Georgia to avoid being sent back to the front.",
     "A contract soldier from Perm", Range(1, 1)),
    ("Two soldiers slipped across the Finnish border at night.", "Two soldiers", Range(2, 2)),
])
def test_leaving_the_country_is_desertion(run, only, text, actor, count):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor, incident.count) == ("desertion", actor, count)


@pytest.mark.parametrize("text", [
    "Russian troops crossed the border into Belarus in January for drills.",
    "Thousands of draft dodgers fled the country in September.",
    "The regiment crossed into Ukraine on the first day of the invasion.",
])
def test_crossing_a_border_is_not_desertion_by_itself(run, text):
    assert run(TITLE + text).incidents == []


@pytest.mark.parametrize(("text", "itype", "actor", "count"), [
    ("A garrison court in Chita found Oleg Sidorov, a contract soldier, guilty of refusing to "
     "fight.", "refusal", "Oleg Sidorov, a contract soldier", Range(1, 1)),
    ("A court in Omsk found a reservist guilty of desertion.", "desertion", "a reservist",
     Range(1, 1)),
    ("The garrison court found two marines guilty of refusing to return to the front.",
     "refusal", "two marines", Range(2, 2)),
])
def test_found_guilty_is_a_case_with_its_verdict(run, only, text, itype, actor, count):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor, incident.count) == (itype, actor, count)
    assert "convicted" in incident.outcomes


def test_a_definite_soldier_with_a_name_is_a_case_when_nobody_was_told_before(run, only):
    incident = only(run(TITLE + "A military tribunal in the Far East region of Primorye said "
                        "the sailor, Ivan Gorin, deserted his unit in May."))
    assert (incident.actor, incident.count) == ("the sailor, Ivan Gorin", Range(1, 1))


def test_a_definite_soldier_with_a_name_continues_the_soldier_told_before(run, only):
    incident = only(run(TITLE + "A sailor from Vladivostok left his ship without permission. "
                        "A military court said the sailor, Ivan Gorin, deserted in May."))
    assert incident.actor == "A sailor from Vladivostok"
