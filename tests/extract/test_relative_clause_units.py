"""A unit named only in the relative clause of the group a later mention refers to
("relatives of mobilised men who serve in the 1009th regiment say the men refused") is the
group's unit; a clause that is not about where they serve names none."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

UNITS = [
    ("Relatives of mobilised men who serve in the 1009th regiment say the men refused to go "
     "to the front.", "1009th regiment"),
    ("Relatives of reservists who were assigned to the 27th Motor Rifle Brigade say the men "
     "refused to fight.", "27th Motor Rifle Brigade"),
    ("Wives of the marines who belong to the 40th brigade say the men refused to attack.",
     "40th brigade"),
    ("The mobilised men, who serve in the 1009th regiment, refused to go back to the front.",
     "1009th regiment"),
    ("Relatives of mobilised men who wrote to the commander of the 1009th regiment say the men "
     "refused to go to the front.", None),
    ("Relatives of mobilised men who are not in the 1009th regiment say the men refused to go "
     "to the front.", None),
]


@pytest.mark.parametrize("text,unit", UNITS)
def test_unit_from_the_groups_relative_clause(run, only, text, unit):
    assert only(run(TITLE + text)).unit == unit
