"""Plainly worded case reports that once gave no incident, or a wrong one (one table each).

Each sentence is a concrete case as news reports it; the negatives at the end are not cases.
"""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

# A story may open on its case with "the soldiers": nothing comes before that it could
# point back to, so the group is the case's own.
DEFINITE_OPENERS = [
    ("The soldiers ran away from their unit in Donetsk and were detained at a checkpoint, the "
     "court ruling says.", "desertion", "The soldiers"),
    ("The soldiers laid down their arms and refused to fight, according to a video published "
     "by iStories.", "refusal", "The soldiers"),
    ("The serviceman did not return to his unit after a short leave and was put on the wanted "
     "list, Mediazona found.", "desertion", "The serviceman"),
    ("The soldier was convicted of refusing to follow a combat order, a Meduza investigation "
     "found.", "refusal", "The soldier"),
]


@pytest.mark.parametrize("text,kind,actor", DEFINITE_OPENERS)
def test_definite_group_opening_the_story(run, only, text, kind, actor):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor) == (kind, actor)


def test_definite_group_after_a_case_is_that_case(run, only):
    text = (TITLE + "Six marines from Kaspiysk refused to storm the village, Astra said.\n\n"
            "The soldiers were later detained.")
    assert only(run(text)).actor == "Six marines from Kaspiysk"


# Verbs of leaving that news uses besides "deserted": vanishing from the unit, going missing
# from it, fleeing the army itself, defecting to the other side.
LEAVING_VERBS = [
    "A contract soldier from Kursk disappeared from his unit in June, the local court said.",
    "Two conscripts from Tver vanished from the training ground near Rostov, Astra reported.",
    "A contract soldier went missing from his unit in Kursk region in April and was later "
    "found at home in Saratov, according to court documents.",
    "Two contract soldiers from Orenburg fled the Russian army and crossed into Kazakhstan, "
    "Vot Tak reported.",
    "A mobilised man from Perm escaped from the army and hid in the forest, his wife said.",
    "A Russian pilot defected to Ukraine with his Mi-8 helicopter, Ukraine's military "
    "intelligence said.",
]


@pytest.mark.parametrize("text", LEAVING_VERBS)
def test_verbs_of_leaving_report_a_desertion(run, only, text):
    assert only(run(TITLE + text)).type == "desertion"


# A rank or a trade names one serviceman: the paragraph is worth parsing.
RANKS = [
    "The sergeant, 42, fled his post in the Kherson region in May, according to court records.",
    "A lieutenant from Pskov abandoned his post near Kupiansk, the garrison court said.",
    "A gunner from Omsk fled from his position in October, the verdict says.",
]


@pytest.mark.parametrize("text", RANKS)
def test_rank_alone_makes_the_paragraph_military(run, only, text):
    assert only(run(TITLE + text)).type == "desertion"


# Not a desertion: missing in action, a civilian defector, a lawful end of service.
NOT_LEAVING = [
    "Two soldiers went missing during an assault near Avdiivka, their relatives said.",
    "A Russian soldier went missing in action near Bakhmut in May, his mother told the BBC.",
    "A Russian diplomat in Geneva defected to the West, the newspaper reported.",
    "He left the army in 2019 after his contract expired.",
    "The soldier's body disappeared from the morgue in Rostov, his widow said.",
    "Thousands of civilians fled the Russian army's advance in the Kharkiv region.",
]


@pytest.mark.parametrize("text", NOT_LEAVING)
def test_not_a_desertion(run, text):
    assert run(TITLE + text).incidents == []


# Reported speech: the group says it will not go back. "Return" there is a refusal, even
# where it names a country ("would not return to Ukraine"); "Thirteen mobilised men" is
# one group though the parser took "mobilised" for a verb.
DECLARED_NOT_RETURNING = [
    ("Thirteen mobilised men from Novosibirsk said they would not return to Ukraine, "
     "Sibir.Realii reported.", "Thirteen mobilised men from Novosibirsk"),
    ("Twenty reservists from Chita said they would not return to Ukraine, their wives told "
     "Sibir.Realii.", "Twenty reservists from Chita"),
]


@pytest.mark.parametrize("text,actor", DECLARED_NOT_RETURNING)
def test_group_declares_it_will_not_return(run, only, text, actor):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor) == ("refusal", actor)


# A man named in the present tense is one man, not a general claim.
NAMED_PRESENT = [
    "Mobilised soldier Dmitry Kuznetsov refuses to return to the front, saying his commanders "
    "sent men to die, he told the BBC.",
    "Contract soldier Ivan Petrov refuses to go back to Ukraine, his lawyer told Reuters.",
]


@pytest.mark.parametrize("text", NAMED_PRESENT)
def test_named_man_in_the_present_is_a_case(run, only, text):
    assert only(run(TITLE + text)).type == "refusal"


# Not cases: a gerund subject of a general claim; coming home when service ended lawfully;
# a group that says it will not go home.
NOT_CASES = [
    "Russian soldiers refusing to fight is a growing problem for the Kremlin, analysts say.",
    "Wagner fighters returned home after their contracts ended.",
    "Wagner fighters returned home after their six-month contracts expired.",
    "Twelve marines from Kaspiysk returned home on leave in May, their wives said.",
    "Five marines from Kaspiysk returned home after being discharged, the governor said.",
]


@pytest.mark.parametrize("text", NOT_CASES)
def test_not_a_case(run, text):
    assert run(TITLE + text).incidents == []


# Court reports: the man sentenced, not the length of his sentence, is who refused.
SENTENCE_LENGTHS = [
    ("An officer from St. Petersburg was given two years for refusing to deploy to the special "
     "military operation zone.", "An officer from St. Petersburg"),
    ("A marine from Kaspiysk was given three years for refusing to return to the front, the "
     "court said.", "A marine from Kaspiysk"),
]


@pytest.mark.parametrize("text,actor", SENTENCE_LENGTHS)
def test_sentenced_man_is_the_actor(run, only, text, actor):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor) == ("refusal", actor)


# Refusal reports: writing one is the refusal, whoever writes it.
WRITTEN_REFUSALS = [
    ("Around 100 mobilised men from Bashkortostan wrote refusal reports after returning from "
     "the front, Idel.Realii reported.", "Around 100 mobilised men from Bashkortostan"),
    ("Twenty marines from Kaspiysk have filed refusal statements, their lawyer said.",
     "Twenty marines from Kaspiysk"),
]


@pytest.mark.parametrize("text,actor", WRITTEN_REFUSALS)
def test_written_refusal_is_a_refusal(run, only, text, actor):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor) == ("refusal", actor)


# Two verbs of one subject are one case: "deserted his ship ... and fled to Finland".
ONE_SUBJECT_TWO_VERBS = [
    "A sailor of the Northern Fleet deserted his ship in Severomorsk and fled to Finland, "
    "Barents Observer reported.",
    "A conscript of the Baltic Fleet left his unit in Kaliningrad and fled to Lithuania, the "
    "court said.",
]


@pytest.mark.parametrize("text", ONE_SUBJECT_TWO_VERBS)
def test_one_subject_two_verbs_is_one_case(run, only, text):
    assert only(run(TITLE + text)).type == "desertion"


# A rank before a name, which the tagger reads as an adjective, names a serviceman.
RANK_BEFORE_NAME = [
    "The court found that Private Alexei Popov had left his position in the Donetsk region "
    "without permission.",
    "The verdict says Private Ivan Sorokin abandoned his post near Svatove in March.",
]


@pytest.mark.parametrize("text", RANK_BEFORE_NAME)
def test_rank_before_a_name_is_a_serviceman(run, only, text):
    assert only(run(TITLE + text)).type == "desertion"


# Kin of a serviceman who refuse something are not servicemen refusing.
KIN = [
    "A soldier's wife refused to sign the documents.",
    "The mobilised man's mother refused to sign the papers, the outlet said.",
]


@pytest.mark.parametrize("text", KIN)
def test_kin_of_a_serviceman_is_no_actor(run, text):
    assert run(TITLE + text).incidents == []


# A claim called a rumour or a fake is denied, though no denial verb heads it.
CALLED_RUMOURS = [
    "The command dismissed as rumours the claims that the marines refused to attack.",
]


@pytest.mark.parametrize("text", CALLED_RUMOURS)
def test_claim_called_a_rumour_is_no_case(run, text):
    assert run(TITLE + text).incidents == []
