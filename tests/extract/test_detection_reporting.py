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
