"""Phrasings of real reporting that once misled the parser or the rules (one table each)."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.models import DateRange, Range

TITLE = "News of the day\n"

# Outlet names written with a full stop stay one name, and do not end the sentence.
DOTTED_OUTLETS = [
    ("Twenty reservists from Chita refused to advance near Kupiansk, Sibir.Realii reported.",
     "Sibir.Realii"),
    ("Eight marines from Kaspiysk refused to storm the village, Caucasus.Realities said.",
     "Caucasus.Realities"),
    ("According to Idel.Realii, 14 mobilised men from Kazan refused to go to the front.",
     "Idel.Realii"),
    ("Krym.Realii reported that five sailors from Sevastopol deserted from their ship.",
     "Krym.Realii"),
]


@pytest.mark.parametrize("text,source", DOTTED_OUTLETS)
def test_dotted_outlet_is_one_source(run, only, text, source):
    incident = only(run(TITLE + text))
    assert incident.sources == [source]
    assert incident.count is not None and incident.count.low is not None


# "A crew of three deserted ..., X reported": the parser hangs the verb on the number; what
# follows the verb (place, date) still belongs to the desertion.
COUNTED_COLLECTIVES = [
    ("A tank crew of three deserted near Pokrovsk in late May, Vot Tak reported.",
     Range(3, 3), DateRange(date(2023, 5, 21), date(2023, 5, 31))),
    ("A mortar team of four deserted from their position in early April, the outlet said.",
     Range(4, 4), DateRange(date(2023, 4, 1), date(2023, 4, 10))),
    ("A gun crew of two deserted from the training ground in mid-March, Mediazona wrote.",
     Range(2, 2), DateRange(date(2023, 3, 11), date(2023, 3, 20))),
]


@pytest.mark.parametrize("text,count,when", COUNTED_COLLECTIVES)
def test_counted_collective_keeps_its_date(run, only, text, count, when):
    incident = only(run(TITLE + text))
    assert incident.type == "desertion"
    assert incident.count == count
    assert incident.when == when


# A clause about leave after "refused to return" is not "refusing to return the leave".
REFUSED_TO_RETURN = [
    "Twelve mobilised men from Ufa refused to return to their unit after their leave ended.",
    "Six contract soldiers from Orsk refused to go back to the front when their leave was over.",
    "Nine reservists from Tula have refused to return to the front after their leave expired.",
]


@pytest.mark.parametrize("text", REFUSED_TO_RETURN)
def test_refusing_to_return_after_leave(run, only, text):
    assert only(run(TITLE + text)).type == "refusal"
