"""The incident's place is where the refusal or desertion happened: not where the men were
detained or held afterwards, and not where the unit they would not go back to stands; being
confined to their own barracks somewhere still places them there."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

PLACES = [
    ("Five marines who deserted from their unit were detained in Sevastopol in May.", None),
    ("Three mobilised men who refused to fight were confined in a basement in Baltiysk.",
     None),
    ("Twelve soldiers refused to return to their unit in the Zaporizhzhia region in April.",
     None),
    ("Two soldiers refused to go back to their brigade in the Kherson region.", None),
    ("Ten marines who refused to fight were confined to their barracks in the Kursk region.",
     "Kursk region"),
    ("Eight soldiers refused to attack near Bakhmut and were later detained in Donetsk.",
     "Bakhmut"),
    ("Two conscripts deserted in Belgorod and were detained in Kursk.", "Belgorod"),
    ("Two soldiers refused to fight in the Kherson region and went back to their unit.",
     "Kherson region"),
]


@pytest.mark.parametrize("text,place", PLACES)
def test_place_of_the_incident(run, only, text, place):
    incident = only(run(TITLE + text))
    assert incident.place == place


def test_detention_is_still_an_outcome(run, only):
    incident = only(run(TITLE + PLACES[0][0]))
    assert incident.outcomes == ["detained"]
