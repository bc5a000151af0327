"""Where an unnamed outlet is from is not its name: "a Ukrainian Telegram channel claimed"
credits nobody, while "the Astra Telegram channel" and "the Russian Telegram channel Baza"
name theirs."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

CASES = [
    # text, sources
    ("Twelve soldiers deserted near Kupiansk in May, a Ukrainian Telegram channel claimed.", []),
    ("Twelve soldiers deserted near Kupiansk in May, a pro-Russian Telegram channel claimed.",
     []),
    ("Twelve soldiers deserted near Kupiansk in May, a Russian Telegram channel reported.", []),
    ("Twelve soldiers deserted near Kupiansk in May, the Astra Telegram channel reported.",
     ["Astra"]),
    ("Twelve soldiers deserted near Kupiansk in May, the Russian Telegram channel Baza "
     "reported.", ["Baza"]),
]


@pytest.mark.parametrize("text,sources", CASES)
def test_nationality_is_no_name(run, only, text, sources):
    assert only(run(TITLE + text)).sources == sources
