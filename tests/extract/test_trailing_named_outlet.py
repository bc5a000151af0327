"""A trailing attribution with a descriptor and a name ("..., the regional outlet Prufy
reported"), which the parser hangs as appositions on the place before it, still names its
source."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

CASES = [
    # text, sources
    ("Twelve soldiers deserted near Kupiansk, the Ukrainian outlet Hromadske reported.",
     ["Hromadske"]),
    ("Twelve soldiers deserted near Kupiansk, the independent outlet Prufy reported.",
     ["Prufy"]),
    ("Dozens of mobilised soldiers from Bashkortostan have refused to go on the offensive, "
     "saying they lack equipment, the regional outlet Prufy reported on Monday.", ["Prufy"]),
    ("Twelve soldiers deserted near Kupiansk, the rights group Zona Solidarnosti said.",
     ["Zona Solidarnosti"]),
]


@pytest.mark.parametrize("text,sources", CASES)
def test_trailing_descriptor_and_name(run, only, text, sources):
    assert only(run(TITLE + text)).sources == sources
