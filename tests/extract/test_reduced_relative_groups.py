"""A group described by a reduced relative clause ("prisoners recruited by Wagner") is the
subject of the verb after it, and "contracted soldiers" are contract personnel."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,actor,count,force,personnel", [
    ("Two former prisoners recruited by Wagner deserted from the front.",
     "Two former prisoners recruited by Wagner", 2, "pmc", ["prisoner"]),
    ("Five men mobilised from Omsk deserted from their positions near Kreminna.",
     "Five men mobilised from Omsk", 5, "army", ["mobilized"]),
])
def test_the_group_of_a_reduced_relative_is_the_subject(run, only, text, actor, count, force,
                                                        personnel):
    incident = only(run("Front news\n" + text))
    assert incident.actor == actor
    assert (incident.count.low, incident.count.high) == (count, count)
    assert (incident.force, incident.personnel) == (force, personnel)


def test_contracted_soldiers_are_contract_personnel(run, only):
    incident = only(run("Front news\nContracted soldiers Ivan Petrov and Oleg Smirnov refused "
                        "to go back to the front."))
    assert incident.personnel == ["contract"]


@pytest.mark.parametrize("text,count", [
    ("Ivan Petrov and Oleg Smirnov deserted in May.", 2),
    ("Privates Ivan Petrov and Oleg Smirnov deserted in May.", 2),
    ("Ivan Petrov, Oleg Smirnov and Pavel Lebedev refused to fight.", 3),
    ("Soldier Ivan Petrov deserted in May.", 1),
])
def test_people_named_together_are_counted(run, only, text, count):
    incident = only(run("Front news\n" + text))
    assert (incident.count.low, incident.count.high) == (count, count)


@pytest.mark.parametrize("text", [
    "A group of servicemen from Yakutia went missing after they left their unit in the Kursk "
    "region.",
    "A platoon of mobilised men from Omsk was detained after they refused to attack.",
])
def test_they_takes_up_a_collective_group(run, only, text):
    incident = only(run("Front news\n" + text))
    assert incident.actor.startswith(("A group", "A platoon"))


@pytest.mark.parametrize("text,kind", [
    ("Five contract soldiers from Tver then deserted, their relatives said.", "desertion"),
    ("Twelve marines from Vladivostok then refused, a relative told the outlet.", "refusal"),
])
def test_a_group_verb_before_a_reporting_clause_is_the_groups(run, only, text, kind):
    incident = only(run("Front news\n" + text))
    assert incident.type == kind and incident.count is not None and incident.count.low in (5, 12)
