"""Attribution in the language of published news: courts named by place, people of an
organisation, staff of an outlet, credit lines, the publisher's own reporting, and sources
named in the sentences that go on with a case."""

from __future__ import annotations

import pytest

from otkaz.extract import extract_documents
from otkaz.models import Document

TITLE = "News of the day\n"

SOURCES = [
    # a court without a name of its own is named by where it sits
    ("A military court in the Siberian city of Omsk said that nine soldiers deserted their "
     "unit in May.", ["military court in the Siberian city of Omsk"]),
    ("A garrison tribunal in the Far East region of Primorye found a marine guilty of "
     "deserting his unit.", ["garrison tribunal in the Far East region of Primorye"]),
    ("A military court in the republic of Kabardino-Balkaria said that forty guardsmen "
     "refused to go to Ukraine.", ["military court in the republic of Kabardino-Balkaria"]),
    # "X of Y": the person and the organisation he speaks for
    ("Twelve guardsmen refused to go to Ukraine, says Ivan Orlov of Free Path, a rights group.",
     ["Ivan Orlov", "Free Path"]),
    ("Nine sailors who refused to sail were locked in a hangar, says Pavel Lebedev of Agora, a "
     "human rights group.", ["Pavel Lebedev", "Agora"]),
    ("Nine sailors refused to sail, says Pavel Lebedev of Moscow.", ["Pavel Lebedev"]),
    ("Eight reservists fled their unit, the defence lawyer Oleg Sidorov argued in court.",
     ["Oleg Sidorov"]),
    # a name the tokenizer splits at its hyphen is one name
    ("Twenty marines refused to attack, the rights group OVD-Info reported.", ["OVD-Info"]),
    # "told <outlet>" with the outlet's platform word after its name
    ("Nine conscripts deserted, Ivan Orlov, head of the NGO Free Path, told the Current Time "
     "TV channel.", ["Ivan Orlov", "Free Path", "Current Time"]),
    ("Ivan Orlov, head of the NGO Free Path, said in an interview with Current Time that nine "
     "conscripts deserted.", ["Ivan Orlov", "Free Path", "Current Time"]),
    # reporters and investigators speak for the outlet they work at
    ("Reporters at Open Pages found that twelve marines from Omsk had refused to attack.",
     ["Open Pages"]),
    ("Twelve marines from Omsk deserted in May, according to investigators from Open Pages.",
     ["Open Pages"]),
    # a post on a channel is the channel's; a post on a platform names no one
    ("Nine marines refused to attack in May, according to a post on the Telegram channel "
     "Steppe Watch.", ["Steppe Watch"]),
    ("Nine marines refused to attack in May, according to a post on Telegram.", []),
    # the name after its descriptor, with the group set off after it
    ("According to the rights group Agora, twelve marines from Omsk refused to attack.", ["Agora"]),
]


@pytest.mark.parametrize("text,sources", SOURCES)
def test_named_sources(run, only, text, sources):
    assert sorted(only(run(TITLE + text)).sources) == sorted(sources)


def test_journalists_of_an_outlet_credit_the_outlet(run, only_figure):
    text = (TITLE + "At least 3,000 soldiers have deserted since 2022, according to journalists "
            "from \"Open Pages,\" who studied court lists.")
    assert only_figure(run(text)).sources == ["Open Pages"]


def test_told_an_outlet_makes_a_chain(run, only):
    text = (TITLE + "Nine conscripts deserted, Ivan Orlov, head of the NGO Free Path, told the "
            "Current Time TV channel.")
    chain = only(run(text)).chain
    names = [c.name for c in chain]
    assert names[-1] == "Current Time"
    assert chain[-1].cites == names.index("Ivan Orlov")


def _report(text: str, outlet: str | None = None):
    return next(extract_documents([Document("t", TITLE + text, None, outlet=outlet)],
                                  verify=False))


CREDIT_LINES = [
    ("Source: Russian media outlet Sea Post\nFifty mobilised men from Samara refused to go to "
     "the front.", None, ["Sea Post"]),
    ("Sources: Sea Post and River Times\nFifty mobilised men from Samara refused to go to the "
     "front.", None, ["Sea Post", "River Times"]),
    # a platform names no one; the publisher credited in its own footer is not a source
    ("Source: Telegram\nFifty mobilised men from Samara refused to go to the front.", None, []),
    ("Fifty mobilised men from Samara refused to go to the front.\nSource: Volga Courier",
     "Volga Courier", []),
]


@pytest.mark.parametrize("text,outlet,sources", CREDIT_LINES)
def test_a_credit_line_credits_the_article(text, outlet, sources):
    report = _report(text, outlet)
    assert len(report.incidents) == 1
    assert sorted(report.incidents[0].sources) == sorted(sources)


PUBLISHER = [
    # the publisher presenting its own earlier reporting is a source (FORMAT.md)
    ("The Volga Courier has reported that fifty mobilised men from Samara refused to go to the "
     "front.", ["Volga Courier"]),
    # what was told to the publisher is not the publisher's finding
    ("Fifty mobilised men from Samara refused to go to the front, relatives told the Volga "
     "Courier.", []),
]


@pytest.mark.parametrize("text,sources", PUBLISHER)
def test_the_publishers_own_reporting(text, sources):
    report = _report(text, "Volga Courier")
    assert len(report.incidents) == 1
    assert report.incidents[0].sources == sources


CONTINUING = [
    # a later sentence with no refusal of its own goes on with the case
    ("Eight mobilised men from Tula fled their unit near Svatove in March.\n"
     "They later surrendered their weapons to the police in Podolsk, the newspaper Kursk "
     "Herald reported.", ["Kursk Herald"]),
    ("Twelve guardsmen from Omsk refused to go to Ukraine in February.\n"
     "\"These people did not want to kill or be killed,\" said Oleg Sidorov, their lawyer.",
     ["Oleg Sidorov"]),
    # a commentator set apart from the case vouches for nothing in it
    ("Twelve guardsmen from Omsk refused to go to Ukraine in February.\n"
     "Such orders are often unlawful, said Zakhar Belov, a lawyer who is not involved in the "
     "case.", []),
]


@pytest.mark.parametrize("intro", [
    "The Siberian news agency Steppe Wire published new court data on Monday.",
    "The monitoring agency (Steppe Wire) published new court data on Monday.",
])
def test_the_agency_is_the_one_introduced_as_an_agency(run, only_figure, intro):
    """ "the agency" names the source introduced as one, though the word is no part of its
    name."""
    text = TITLE + intro + "\nThe agency said that more than 5,000 soldiers had deserted last year."
    assert only_figure(run(text)).sources == ["Steppe Wire"]


@pytest.mark.parametrize("text,sources", CONTINUING)
def test_sources_named_as_the_case_goes_on(run, only, text, sources):
    assert only(run(TITLE + text)).sources == sources


def test_a_new_live_blog_entry_is_another_story(run, only):
    text = ("Live: the war, day by day\n"
            "14 June, 09:10\n"
            "Forty marines from Kaliningrad refused to attack near Vuhledar, the channel Baltic "
            "Wives reported.\n"
            "15 June, 11:30\n"
            "The Russian Defence Ministry said its forces had repelled attacks overnight.")
    assert only(run(text)).sources == ["Baltic Wives"]


CHAINS = [
    # (text, chain names in order, the index each cites)
    ("Thirty soldiers deserted near Bakhmut, according to the rights group Free Path, quoted by "
     "the newspaper Sea Post.", ["Free Path", "Sea Post"], [None, 0]),
    ("Thirty soldiers deserted near Bakhmut, the newspaper Sea Post said, citing the rights group "
     "Free Path.", ["Sea Post", "Free Path"], [1, None]),
    ("Thirty soldiers deserted near Bakhmut, Ivan Orlov told the newspaper Sea Post.",
     ["Ivan Orlov", "Sea Post"], [None, 0]),
]


@pytest.mark.parametrize("text,names,cites", CHAINS)
def test_who_cited_whom(run, only, text, names, cites):
    chain = only(run(TITLE + text)).chain
    assert [c.name for c in chain] == names
    assert [c.cites for c in chain] == cites


def test_a_group_set_off_after_a_named_source_is_the_actor(run, only):
    text = (TITLE + "According to the rights group Agora, twelve marines from Omsk refused "
            "to attack.")
    incident = only(run(text))
    assert incident.actor == "twelve marines from Omsk"
    assert (incident.count.low, incident.home) == (12, "Omsk")


@pytest.mark.parametrize("text,actor,sources", [
    ("Military prosecutors have opened some 20,000 criminal cases for desertion since the start "
     "of the war, iStories found.", None, ["iStories"]),
    ("According to iStories, twelve marines deserted in May.", "twelve marines", ["iStories"]),
    ("According to Mediazona, eight soldiers from Tula fled their unit.",
     "eight soldiers from Tula", ["Mediazona"]),
])
def test_camel_case_outlets_and_fronted_according_to(run, text, actor, sources):
    report = run(TITLE + text)
    item = report.incidents[0] if actor else report.figures[0]
    assert item.sources == sources
    if actor:
        assert item.actor == actor
