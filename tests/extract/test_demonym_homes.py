"""A region's demonym in the group ("Tuvan soldiers") gives the group's home when the NER
misses it; a demonym that begins a name ("Crimean Wind") is no home, and figures take no
place from a demonym."""

from __future__ import annotations

import pytest

from otkaz.extract.components.places import is_demonym
from otkaz.extract.pipeline import load_pipeline
from otkaz.normalize.places import region_demonyms

TITLE = "News of the day\n"

HOMES = [
    ("Buryat servicemen who deserted from their unit were found in a village.", "Buryat",
     "Buryatia"),
    ("Twenty Tuvan soldiers refused to go back to the front in March.", "Tuvan", "Tuva"),
    ("About 30 Buryat contract soldiers refused to storm the village in May.", "Buryat",
     "Buryatia"),
    ("Soldiers of a Chechen unit refused to advance near Kreminna.", "Chechen", "Chechnya"),
    ("Eleven Yakut reservists refused to go to the front, their wives said.", "Yakut",
     "Sakha Republic"),
]


@pytest.mark.parametrize("text,home,region", HOMES)
def test_region_demonym_is_the_home(run, only, text, home, region):
    incident = only(run(TITLE + text))
    assert incident.home == home
    assert incident.geo["home"].name == region


def test_a_stated_home_wins_over_the_demonym(run, only):
    incident = only(run(TITLE + "Fifteen mobilised men from Omsk refused to fight."))
    assert incident.home == "Omsk"


NAMES = [
    ("the rights group told Crimean Wind on Monday.", "Crimean", False),
    ("Tuvan soldiers refused.", "Tuvan", True),
    ("a Chechen battalion refused.", "Chechen", True),
    ("Russian soldiers refused.", "Russian", False),
]


@pytest.mark.parametrize("text,word,expected", NAMES)
def test_demonym_tokens(text, word, expected):
    doc = load_pipeline()(text)
    tok = next(t for t in doc if t.text == word)
    assert is_demonym(tok) is expected


def test_region_demonyms_leave_out_countries():
    names = region_demonyms()
    assert {"Buryat", "Tuvan", "Dagestani", "Chechen"} <= names
    assert "Russian" not in names and "Ukrainian" not in names
