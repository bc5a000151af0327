"""What befell the group, as stated for it, not for refuseniks at large."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"
CASE = "Twenty mobilised men from Kirov refused to advance near Kupiansk on Monday. "

OUTCOMES = [
    ("They were fired a week later.", "dismissed"),
    ("They were locked in a basement by their commanders.", "detained"),
    ("The men were confined to their barracks.", "detained"),
    ("Their commander threatened them with criminal cases.", "threatened"),
    ("Investigators opened criminal cases against seven of them.", "prosecuted"),
    ("Three of them were later sentenced to five years.", "convicted"),
    ("Most were sent back to the front within days.", "forced_back"),
    ("They were brought back to the front line under guard.", "forced_back"),
    ("Officers visited their relatives and threatened them.", "family_pressured"),
    ("They were released after five days.", "released"),
    ("Two of them later crossed into Kazakhstan.", "fled_abroad"),
    ("They have since sued the ministry.", "sued"),
    ("They returned home to Kirov.", "returned_home"),
    ("Two weeks later they were made to resign.", "dismissed"),
    ("On Friday the men were taken back to the front line.", "forced_back"),
    ("They were handed over to the commandant's office.", "detained"),
    ("All of them will be returned to their regiment, the source said.", "forced_back"),
    ("One of them later made it to Georgia.", "fled_abroad"),
    ("Two of them have since applied for asylum in France.", "fled_abroad"),
    ("The men said their commanders had threatened to shoot them.", "threatened"),
    ("Cases have been opened against all twenty.", "prosecuted"),
    ("Military police came to the homes of at least six of them and took them to a collection "
     "point.", "detained"),
    ("Officers rounded up four of them and drove them to an assembly point.", "detained"),
    ("Their commander told them they would go to prison for 12 years.", "threatened"),
    ("An officer told the men that they could face up to ten years in jail.", "threatened"),
    ("They were threatened with 15 years in a penal colony.", "threatened"),
    ("The men have filed lawsuits to get their jobs back.", "sued"),
    ("They challenged their dismissals, but a garrison court sided with the command.", "sued"),
    ("The men are now facing desertion charges.", "prosecuted"),
    ("Two of them were detained on charges of leaving their unit.", "prosecuted"),
    ("Their commanders used threats and intimidation against them.", "threatened"),
    ("They were warned that they could be sent to an assault unit.", "threatened"),
    ("They were later placed under arrest.", "detained"),
    ("They were kicked out of the army.", "dismissed"),
    ("They were sent straight back to the front line.", "forced_back"),
]


@pytest.mark.parametrize("text,outcomes,home", [
    ("Four Belarusian volunteers deserted from the Russian army near Izium and walked back to "
     "Belarus.", ["returned_home"], "Belarusian"),
    # Russia as a whole is the men's nationality, not a home (document.drop_nationality_homes)
    ("Two Russian conscripts deserted near Kreminna and walked back to Russia.",
     ["returned_home"], None),
    ("Two Russian conscripts deserted near Kreminna and walked back to Belarus.", [], None),
    ("Five reservists deserted near Svatove and hitchhiked back to Kursk.", ["returned_home"],
     "Kursk"),
    ("Five reservists deserted near Svatove and took two taxis home to Kursk.", ["returned_home"],
     "Kursk"),
])
def test_back_to_a_country_is_home_only_where_they_came_from(run, only, text, outcomes, home):
    incident = only(run(TITLE + text))
    assert (incident.outcomes, incident.home) == (outcomes, home)


@pytest.mark.parametrize("sentence", [
    "Eight of them resigned rather than be sent to the front.",
    "Most of them chose to resign instead of going to Ukraine.",
])
def test_resigning_of_their_own_accord_is_not_dismissal(run, only, sentence):
    assert "dismissed" not in only(run(TITLE + CASE + sentence)).outcomes


@pytest.mark.parametrize("sentence,label", OUTCOMES)
def test_outcome_of_the_group(run, only, sentence, label):
    incident = only(run(TITLE + CASE + sentence))
    assert label in incident.outcomes
    assert len(incident.evidence) >= 1


GENERAL = [
    "Servicemen who refuse to fight are often threatened with criminal cases.",
    "Rights groups say men who refuse are held in basements.",
    "If the men go to court, they could be dismissed.",
    "The command dismissed the reports as fake.",
    "Her younger brother, a civilian, crossed into Kazakhstan.",
]


@pytest.mark.parametrize("sentence", GENERAL)
def test_general_statements_give_no_outcome(run, only, sentence):
    assert only(run(TITLE + CASE + sentence)).outcomes == []


def test_outcome_in_the_same_sentence(run, only):
    text = TITLE + "Twelve guardsmen refused to go to Ukraine and were dismissed in April."
    assert only(run(text)).outcomes == ["dismissed"]


@pytest.mark.parametrize("sentence,label", [
    ("In January a court ordered that two of them be taken back at work.", "forced_back"),
    ("Their commander said they had been sent to Belarus for drills.", "fled_abroad"),
])
def test_lookalikes_are_not_outcomes(run, only, sentence, label):
    incident = only(run(TITLE + CASE + sentence))
    assert label not in incident.outcomes


def test_being_sent_to_the_front_before_refusing_is_no_outcome(run, only):
    text = (TITLE + "Thirty reservists from Orel who were sent to the front in May refused to "
            "attack near Kreminna on Sunday.")
    assert "forced_back" not in only(run(text)).outcomes


def test_wives_who_speak_are_not_pressured(run, only):
    text = (TITLE + CASE + "The command has threatened to prosecute them, the wives said in an "
            "appeal to the governor.")
    incident = only(run(text))
    assert "threatened" in incident.outcomes
    assert "family_pressured" not in incident.outcomes
