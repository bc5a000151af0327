"""Actor phrases to force and personnel, in British and American spelling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otkaz.models import FORCES, PERSONNEL
from otkaz.normalize.forces import classify_force, classify_personnel


@pytest.mark.parametrize(("phrase", "force"), [
    ("60 soldiers from Pskov", "army"),
    ("a serviceman who refused to fight", "army"),
    ("Russian troops", "army"),
    ("about 40 mobilised men from the Ivanovo region", "army"),
    ("dozens of mobilized men", "army"),
    ("a dozen reservists", "army"),
    ("contract soldiers of the 3rd battalion", "army"),
    ("several officers of an artillery battalion", "army"),
    ("twelve volunteers of a volunteer battalion", "army"),
    ("a 23-year-old conscript", "army"),
    ("the military", "army"),
    ("our boys from the 3rd battalion", "army"),
    ("military police officers", "army"),
    ("a Storm-Z fighter", "army"),
    ("12 employees of the OMON riot police of Krasnodar", "rosgvardia"),
    ("members of the SOBR rapid response unit", "rosgvardia"),
    ("National Guard servicemen", "rosgvardia"),
    ("115 guardsmen from Krasnodar", "rosgvardia"),
    ("a guardsman from Nalchik", "rosgvardia"),
    ("guardsmen of the 4th Guards Tank Brigade", "army"),
    ("Rosgvardiya fighters", "rosgvardia"),
    ("the Rosgvardia's special unit", "rosgvardia"),
    ("riot police officers", "rosgvardia"),
    ("four police officers from the Belgorod region", "police"),
    ("traffic police officers", "police"),
    ("patrol officers of the Interior Ministry", "police"),
    ("Policemen from Dagestan", "police"),
    ("about 80 conscripts and contract soldiers from among the marines", "marines"),
    ("a contract marine", "marines"),
    ("a naval infantry brigade of the Baltic Fleet", "marines"),
    ("contract sailors from the crew of a landing ship", "navy"),
    ("a lieutenant who served on a patrol boat", "navy"),
    ("servicemen of the Black Sea Fleet", "navy"),
    ("a former fleet officer", "navy"),
    ("submariners of the Northern Fleet", "navy"),
    ("five paratroopers of an air assault regiment", "airborne"),
    ("VDV servicemen", "airborne"),
    ("soldiers of an airborne division", "airborne"),
    ("paratroops", "airborne"),
    ("Wagner fighters", "pmc"),
    ("fighters of PMC Wagner", "pmc"),
    ("convicts recruited by a private military company", "pmc"),
    ("mobilised men of the LNR People's Militia", "proxy"),
    ("fighters of the so-called Donetsk People's Republic", "proxy"),
    ("DPR servicemen", "proxy"),
    ("Luhansk militiamen", "proxy"),
    ("a group of FSB border guards", "other"),
    ("border service officers", "other"),
    ("FSB officers", "other"),
    ("his mother", None),
    ("Agora", None),
    ("the lawyer Pavel Chikov", None),
    ("men who had received summonses", None),
    ("prisoners of war", None),
    ("a major offensive", None),
    ("the General Staff", None),
    ("", None),
])
def test_classify_force(phrase: str, force: str | None) -> None:
    assert classify_force(phrase) == force


@pytest.mark.parametrize(("phrase", "personnel"), [
    ("about 80 conscripts and contract soldiers", ["conscript", "contract"]),
    ("contract soldiers and conscripts", ["contract", "conscript"]),
    ("a contract marine", ["contract"]),
    ("contractors of the 3rd battalion", ["contract"]),
    ("men serving under contract", ["contract"]),
    ("mobilised men", ["mobilized"]),
    ("mobilized soldiers", ["mobilized"]),
    ("the mobilised and the mobilized", ["mobilized"]),
    ("twelve volunteers", ["volunteer"]),
    ("a volunteer battalion fighter", ["volunteer"]),
    ("several officers", ["officer"]),
    ("a lieutenant", ["officer"]),
    ("a senior lieutenant and two captains", ["officer"]),
    ("a major from Pskov", ["officer"]),
    ("a colonel", ["officer"]),
    ("a lieutenant colonel", ["officer"]),
    ("a battalion commander", ["officer"]),
    ("a sergeant", []),
    ("a warrant officer", []),
    ("reservists", ["reservist"]),
    ("men called up from the reserve", ["reservist"]),
    ("prisoners recruited by Wagner", ["prisoner"]),
    ("convicts", ["prisoner"]),
    ("inmates", ["prisoner"]),
    ("fighters recruited from penal colonies", ["prisoner"]),
    ("prisoners of war", []),
    ("four police officers", []),
    ("officers of the National Guard", []),
    ("Rosgvardia officers", []),
    ("traffic police officers", []),
    ("a mobilised officer and contract soldiers", ["mobilized", "officer", "contract"]),
    ("60 soldiers", []),
    ("", []),
])
def test_classify_personnel(phrase: str, personnel: list[str]) -> None:
    assert classify_personnel(phrase) == personnel


_WORDS = ["soldiers", "marines", "OMON", "police officers", "conscripts", "mobilised", "Wagner",
          "officers", "sailors", "the", "of", "from", "a", "contract", "LNR", "convicts", "VDV"]


@given(st.lists(st.sampled_from(_WORDS), max_size=8))
def test_values_are_from_the_format(words: list[str]) -> None:
    phrase = " ".join(words)
    assert classify_force(phrase) in (*FORCES, None)
    personnel = classify_personnel(phrase)
    assert set(personnel) <= set(PERSONNEL)
    assert len(personnel) == len(set(personnel))


@given(st.lists(st.sampled_from(_WORDS), max_size=8))
def test_case_does_not_matter(words: list[str]) -> None:
    phrase = " ".join(words)
    assert classify_force(phrase.upper()) == classify_force(phrase.lower())
    assert classify_personnel(phrase.upper()) == classify_personnel(phrase.lower())
