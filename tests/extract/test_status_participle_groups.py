"""A group named by a demonym or number before "mobilised men" ("Twenty Dagestani mobilised
men refused ...") is often parsed with "mobilised" as the main verb; the men are still the
ones who refused or deserted, with their count, home and status."""

from __future__ import annotations

import pytest

from otkaz.extract.components.syntax import repair_status_participles
from otkaz.extract.pipeline import load_pipeline

TITLE = "News of the day\n"

GROUPS = [
    # text, type, actor, count (low, high) or None, home, personnel
    ("Dagestani mobilised men refused to fight near Bakhmut, their wives said.",
     "refusal", "Dagestani mobilised men", None, "Dagestani", ["mobilized"]),
    ("Twenty Dagestani mobilised men refused to return to their positions in May.",
     "refusal", "Twenty Dagestani mobilised men", (20, 20), "Dagestani", ["mobilized"]),
    ("On Monday, 30 Buryat mobilised men refused to attack, their relatives told reporters.",
     "refusal", "30 Buryat mobilised men", (30, 30), "Buryat", ["mobilized"]),
    ("Twelve Tuvan drafted soldiers deserted from their unit near Svatove in April.",
     "desertion", "Twelve Tuvan drafted soldiers", (12, 12), "Tuvan", []),
    ("Fifteen Yakut mobilised servicemen left their positions without permission in March.",
     "desertion", "Fifteen Yakut mobilised servicemen", (15, 15), "Yakut", ["mobilized"]),
    # in a reported clause the parser hangs the real verb beside the participle
    ("The Siberian outlet Taiga Post reported on Friday that twelve mobilised men from Omsk "
     "had refused to return to the front.",
     "refusal", "twelve mobilised men from Omsk", (12, 12), "Omsk", ["mobilized"]),
    ("Relatives said on Tuesday that forty mobilized soldiers from Kursk had deserted their "
     "positions.", "desertion", "forty mobilized soldiers from Kursk", (40, 40), "Kursk",
     ["mobilized"]),
]


@pytest.mark.parametrize("text,kind,actor,count,home,personnel", GROUPS)
def test_group_before_mobilised_men_is_the_actor(run, only, text, kind, actor, count, home,
                                                 personnel):
    incident = only(run(TITLE + text))
    assert incident.type == kind
    assert incident.actor == actor
    assert (None if incident.count is None else (incident.count.low, incident.count.high)) \
        == count
    assert incident.home == home
    for status in personnel:
        assert status in incident.personnel


NOT_REPAIRED = [
    # the participle really is the verb: a state mobilised men, who then refused or not
    "Russia mobilised men, and they refused to go.",
    "The army mobilised men who later refused to fight.",
    "Dagestan mobilised men in September.",
]


@pytest.mark.parametrize("text", NOT_REPAIRED)
def test_a_real_verb_is_left_alone(text):
    doc = load_pipeline()(text)
    verb = next(t for t in doc if t.lower_ == "mobilised")
    assert repair_status_participles(doc) == 0
    assert verb.dep_ != "amod"


def test_the_repaired_men_are_the_subject():
    doc = load_pipeline()("Twenty Dagestani mobilised men refused to fight.")
    men = next(t for t in doc if t.lower_ == "men")
    assert men.dep_ == "nsubj"
    assert men.head.lower_ == "refused"
    assert {c.lower_ for c in men.children} >= {"dagestani", "mobilised"}


TRAILING = [
    # "men mobilised in X deserted": the participle after the noun read as the main verb
    # text, type, count (low, high), home, place
    ("Twenty men mobilised in Omsk deserted from their unit near Kupiansk in May.",
     "desertion", (20, 20), "Omsk", "Kupiansk"),
    ("Thirty-two servicemen mobilised from the Irkutsk region refused to advance on July 2.",
     "refusal", (32, 32), "Irkutsk region", None),
]


@pytest.mark.parametrize("text,kind,count,home,place", TRAILING)
def test_participle_after_the_men_describes_them(run, only, text, kind, count, home, place):
    incident = only(run(TITLE + text))
    assert incident.type == kind
    assert incident.count is not None and (incident.count.low, incident.count.high) == count
    assert incident.home == home
    assert incident.place == place
    assert "mobilized" in incident.personnel


def test_passive_participle_is_not_re_hung():
    doc = load_pipeline()("The men were mobilised in September and refused to go.")
    verb = next(t for t in doc if t.lower_ == "mobilised")
    assert verb.dep_ == "ROOT"
    assert next(t for t in doc if t.lower_ == "men").head == verb


@pytest.mark.parametrize("text,actor", [
    ("Dozens of marines deserted near Vuhledar.", "Dozens of marines"),
    ("Dozens of sailors deserted their ship in Sevastopol.", "Dozens of sailors"),
])
def test_lower_case_servicemen_tagged_as_names_are_still_the_group(run, only, text, actor):
    assert only(run(TITLE + text)).actor == actor


@pytest.mark.parametrize("text,actor", [
    ("Servicemen from the 1430th motorised rifle regiment abandoned their positions.",
     "Servicemen from the 1430th motorised rifle regiment"),
    ("Marines of the 40th brigade refused to attack near Vuhledar.",
     "Marines of the 40th brigade"),
])
def test_servicemen_opening_a_sentence_are_a_group_not_a_named_man(run, only, text, actor):
    incident = only(run(TITLE + text))
    assert incident.actor == actor
    assert incident.count is None  # a group of no stated size, not one named person
