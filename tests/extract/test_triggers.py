"""Which words make an incident, of which type, and which do not (polarity, modality)."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

REFUSAL = [
    "The regiment's commander, Colonel Pavel Orlov, refused to go to the front in May.",
    "A group of 30 mobilised men from Ufa said they would not go to the front without training.",
    "Twenty-two contract soldiers from Kemerovo refused to return to the front last week.",
    "A group of OMON officers from Omsk declined to take part in the operation, the site said.",
    "Nine paratroopers from Kostroma resigned in May rather than go to Ukraine.",
    "About 30 mobilised men from Tomsk refused orders to advance near Kupiansk.",
    "Forty reservists from Perm refused to board the train to the border on Tuesday.",
    "Several sailors of the Pacific Fleet submitted reports asking to be dismissed rather "
    "than be sent to the combat zone.",
]
DESERTION = [
    "Four army medics from Omsk quit their unit near Horlivka in May and came home.",
    "Six contract soldiers from Kirov did not return to their unit after their leave in May.",
    "A mobilised soldier from Ufa failed to return from leave in March, his wife said.",
    "A group of soldiers fled the battlefield near Bakhmut on Monday, abandoning two tanks.",
    "Some 200 troops of the 1st Guards Tank Army went AWOL near Kupiansk in January.",
    "Two soldiers escaped from their unit in the Bryansk region and made their way to Tula.",
    "A deserter from the 6th Tank Regiment was detained in Voronezh on Monday.",
    "A garrison court sentenced Private Oleg Ivanov to five years for leaving his unit "
    "without permission.",
    "Pyotr, who asked that his surname not be used, deserted from his unit in Donetsk.",
    "Seven conscripts from Tula deserted from their unit in the Belgorod region in April.",
    "Eleven mobilised men from Kirov left their positions near Avdiivka without permission.",
    "A contract soldier from Orenburg went AWOL in March.",
    "Fifteen marines walked away from a training ground in the Kursk region and went home.",
    "Five paratroopers abandoned their posts near Kreminna in early May.",
]


@pytest.mark.parametrize("text", REFUSAL)
def test_refusal_wording(run, only, text):
    assert only(run(TITLE + text)).type == "refusal"


@pytest.mark.parametrize("text", DESERTION)
def test_desertion_wording(run, only, text):
    assert only(run(TITLE + text)).type == "desertion"


NOT_INCIDENTS = {
    "negation": [
        "No soldier from the battalion refused to fight.",
        "None of the 40 reservists refused to go to the front, the governor said.",
        "The marines from Murmansk did not refuse the order.",
        "Officials said that not a single serviceman had refused to serve.",
    ],
    "denial": [
        "The ministry denied that any servicemen had refused orders.",
        "The command dismissed as rumours the claims that the regiment refused to attack.",
    ],
    "hypothetical": [
        "If the rotation is cancelled again, the men from Chita may refuse to fight.",
        "Lawyers say a mobilised man could refuse if he has had no training.",
        "Those soldiers will also refuse, his mother warned.",
        "Can a conscript refuse to go to the front?",
        "Advice for a soldier who is thinking about refusing to go to war.",
    ],
    "refusal of something else": [
        "The commander refused to send the soldier's body home.",
        "The unit refused to comment on the reports.",
        "The regional enlistment office refused to give the names of the men.",
        "The government refused to raise the bonus for new recruits.",
        "His company commander refused to return the body to the family.",
        "The defendant, a former sergeant, refused to plead guilty.",
    ],
    "general statement": [
        "Servicemen who refuse to take part in the war are threatened with prosecution.",
        "Commanders hold men who refuse to fight in basements, rights groups say.",
        "Reports of soldiers refusing to fight keep coming from the regions.",
        "Russian troops near Bakhmut are increasingly deserting, a prisoner said.",
    ],
    "a retreat, not a desertion": [
        "Russian troops left their positions on the west bank of the river in November.",
        "Russian forces abandoned their positions near the town after heavy shelling.",
    ],
    "the other side": [
        "Dozens of Ukrainian soldiers of the 155th Brigade went AWOL during training abroad.",
        "A Ukrainian serviceman who deserted from his brigade was detained in Lviv.",
    ],
    "labels, not cases": [
        "Staff told the families that the men would be written off as deserters.",
        "Nobody can call him a deserter, his mother said.",
    ],
    "civilians evading the draft": [
        "Hundreds of men from Saratov fled to Kazakhstan after receiving summonses.",
        "A man from Samara who ignored his summons left Russia for Armenia.",
        "Police detained 15 men who had not appeared at the enlistment office.",
    ],
}


@pytest.mark.parametrize("kind,text", [(k, t) for k, ts in NOT_INCIDENTS.items() for t in ts])
def test_not_an_incident(run, kind, text):
    report = run(TITLE + text)
    assert report.incidents == [], (kind, [i.actor for i in report.incidents])


def test_title_alone_is_not_counted(run):
    assert run("Forty marines refused to attack\nThe weather was fine.").incidents == []


def test_reported_denial_is_still_an_incident(run, only):
    text = (TITLE + "Twelve sailors from Baltiysk refused to sail on Monday, the news site "
            "Amber Wave reported. The fleet's press service denied the report.")
    assert only(run(text)).sources == ["Amber Wave"]
