"""A unit named after a region's demonym ("the Buryat battalion Baikal") is its name, and
the demonym is the group's home; quotes around a unit's name are not part of it."""

from __future__ import annotations

import pytest

from otkaz.extract.components.places import units_in

UNITS = [
    ("fighters of the Buryat battalion Baikal refused", ["Baikal"]),
    ('fighters of the Buryat battalion "Baikal" refused', ["Baikal"]),
    ("fighters of the volunteer battalion «Baikal» refused", ["Baikal"]),
    ("twenty soldiers of the Chechen battalion refused", ["Chechen battalion"]),
    ("men of the 3rd battalion of the 1425th regiment refused", ["3rd battalion of the 1425th "
                                                                 "regiment"]),
]


@pytest.mark.parametrize("text,units", UNITS)
def test_units_in(text, units):
    assert [text[s:e] for s, e in units_in(text)] == units


def test_named_battalion_of_a_region(run, only):
    text = ("News of the day\nSome 40 fighters of the Buryat battalion Baikal, whose contracts "
            "had run out, refused to sign new ones in May.")
    incident = only(run(text))
    assert incident.unit == "Baikal"
    assert incident.home == "Buryat"
