"""Outcomes worded the way court and exile reports word them: "the court gave him five years",
"made their way to Georgia", and a passive verb conjoined to the refusal ("refused an order and
was detained"), whose patient is the man who refused, not the order."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

CASES = [
    # text, an outcome the incident must have
    ("A mobilised soldier from Tver left his unit without permission in March. "
     "The garrison court gave him five years.", "convicted"),
    ("A contract soldier from Kursk deserted from his unit in May. "
     "A military court handed him a six-year sentence on Tuesday.", "convicted"),
    ("Two contract soldiers deserted from their unit in the Kherson region in June and made "
     "their way to Kazakhstan, a volunteer group said.", "fled_abroad"),
    ("A paratrooper deserted near Robotyne in July and made his way to Georgia, his lawyer "
     "said.", "fled_abroad"),
    ("A contract soldier refused an order to advance near Svatove in September and was detained by "
     "military police two days later.", "detained"),
    ("A conscript refused an order to go to the front in May and was dismissed from the "
     "service a week later.", "dismissed"),
]


@pytest.mark.parametrize("text,label", CASES)
def test_outcome_is_found(run, only, text, label):
    assert label in only(run(TITLE + text)).outcomes


NOT_OUTCOMES = [
    # text, an outcome the incident must not have
    ("Six mobilised men refused to attack near Bakhmut in May. The commander gave them two "
     "days to reconsider.", "convicted"),
    ("A contract soldier deserted near Kupiansk in April and made his way to Belgorod, his "
     "mother said.", "fled_abroad"),
    ("A contract soldier refused an order that was signed by the brigade commander, his "
     "lawyer said.", "detained"),
]


@pytest.mark.parametrize("text,label", NOT_OUTCOMES)
def test_other_wording_is_no_outcome(run, only, text, label):
    assert label not in only(run(TITLE + text)).outcomes


@pytest.mark.parametrize(("text", "place"), [
    ("Four sailors from Sevastopol deserted in May and are now hiding in Georgia.", None),
    ("A deserter from Buryatia has been living in Mongolia since last year, his sister said.",
     None),
    ("Two conscripts deserted from their unit near Belgorod and fled to Kazakhstan.",
     "Belgorod"),
])
def test_living_abroad_is_fled_abroad_and_not_the_place(run, only, text, place):
    incident = only(run("News of the day\n" + text))
    assert "fled_abroad" in incident.outcomes and incident.place == place
