"""Positions the men would not go back to are at the front where they were: "refused to return
to their positions near X" places the refusal at X; a unit, base or post they would not return
to still does not (it stands where they no longer are)."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

PLACED = [
    # text, place
    ("Twenty mobilised men refused to return to their positions near Avdiivka in May, their "
     "relatives said.", "Avdiivka"),
    ("A group of contract soldiers refused to go back to their positions near Kreminna in "
     "June, their wives said.", "Kreminna"),
]


@pytest.mark.parametrize("text,place", PLACED)
def test_positions_place_the_refusal(run, only, text, place):
    assert only(run(TITLE + text)).place == place


NOT_PLACED = [
    "Twenty mobilised men refused to return to their unit in the Zaporizhzhia region in May, "
    "their relatives said.",
    "A group of contract soldiers refused to go back to their base near Belgorod in June, "
    "their wives said.",
]


@pytest.mark.parametrize("text", NOT_PLACED)
def test_a_unit_to_return_to_is_no_place(run, only, text):
    assert only(run(TITLE + text)).place is None
