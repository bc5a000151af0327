"""Sources and chains: who says so, on whose word."""

from __future__ import annotations

import pytest

TITLE = "News of the day\n"

SOURCES = [
    ("Twenty marines refused to attack, the news site Sea Post reported.", ["Sea Post"]),
    ("According to the rights group Free Barracks, forty reservists refused to fight.",
     ["Free Barracks"]),
    ("According to lawyer Anna Petrova, nine sailors refused to sail.", ["Anna Petrova"]),
    ("The regional newspaper Ural Bell, citing the wife of one of the men, reported that "
     "thirty mobilised men refused to advance.", ["Ural Bell"]),
    ("The portal River Times, citing the rights group Soldier's Mother, reported that "
     "twelve conscripts deserted.", ["River Times", "Soldier's Mother"]),
    ("Twelve soldiers refused to go to the front, a source told the newspaper.", []),
    ("Relatives say fifteen marines refused to attack near Kherson.", []),
    ("Forty marines refused to attack near Robotyne, Ukraine's military intelligence said.",
     ["Ukraine's military intelligence"]),
    ("A marine who deserted in May has reached Armenia, the Free Path project, which helps "
     "soldiers leave the army, said.", ["Free Path project"]),
    ("Forty marines refused to attack near Kherson last week, the Vot Tak Telegram channel "
     "reported.", ["Vot Tak"]),
    ("Six Russian paratroopers deserted near Kreminna, Ukraine's Centre for Strategic "
     "Communications said.", ["Ukraine's Centre for Strategic Communications"]),
    ("Ukraine's Centre for Strategic Communications said that nine marines refused to attack.",
     ["Ukraine's Centre for Strategic Communications"]),
    ("Thirty Russian soldiers refused to advance near Marinka, the General Staff of the Armed "
     "Forces of Ukraine said.", ["General Staff of the Armed Forces of Ukraine"]),
    ("Eight Russian reservists refused to attack near Svatove, the General Staff said.",
     ["General Staff"]),
    # a body named by the abbreviation in brackets after its description
    ("Six sailors deserted their ship in Sevastopol, Ukraine's military intelligence "
     "agency (HUR) said on Friday.", ["HUR"]),
    # a descriptor word that is part of the name, and a name joined by a slash
    ("Two sailors deserted from their ship in Kaliningrad, Radio North reported on Monday.",
     ["Radio North"]),
    ("Two sailors deserted from their ship in Kaliningrad, Radio Free Europe/Radio Liberty "
     "reported.", ["Radio Free Europe/Radio Liberty"]),
]


@pytest.mark.parametrize("text,sources", SOURCES)
def test_named_sources(run, only, text, sources):
    assert sorted(only(run(TITLE + text)).sources) == sorted(sources)


def test_citing_makes_a_chain(run, only):
    text = (TITLE + "The news site Sea Post, citing a relative of one of the men, reported "
            "that twenty sailors refused to sail.")
    chain = only(run(text)).chain
    assert [(c.name, c.kind) for c in chain] == [("Sea Post", "outlet"), (None, "anonymous")]
    assert chain[0].cites == 1


def test_the_newspaper_is_the_one_named_before(run, only):
    text = (TITLE + "The newspaper Volga Star reported that 40 reservists from Samara refused "
            "to advance. They were later fired, the newspaper said.")
    incident = only(run(text))
    assert incident.sources == ["Volga Star"]
    assert "dismissed" in incident.outcomes


def test_he_is_the_person_named_before_with_his_group(run, only):
    text = (TITLE + "The rights group Free Barracks, headed by Ivan Sorokin, reported that "
            "refuseniks are harassed. He said that on March 3, twelve guardsmen from Omsk "
            "refused to leave for Ukraine.")
    assert sorted(only(run(text)).sources) == ["Free Barracks", "Ivan Sorokin"]


def test_affiliated_lawyer_and_group(run, only):
    text = (TITLE + "Nine marines from Baltiysk refused to attack, according to the rights group "
            "Free Barracks, whose lawyer Oleg Petrov represents two of the men.")
    assert sorted(only(run(text)).sources) == ["Free Barracks", "Oleg Petrov"]


def test_the_publisher_is_not_a_source(run):
    from otkaz.extract import extract_documents
    from otkaz.models import Document

    text = (TITLE + "Twenty reservists from Kirov refused to fight, relatives told Ural Bell. "
            "According to Ural Bell's review, the men were detained.")
    doc = Document("d", text, None, outlet="Ural Bell")
    report = next(extract_documents([doc]))
    assert report.incidents and report.incidents[0].sources == []


def test_an_organisation_writing_its_own_statement_is_a_source(run, only):
    text = ("Statement of the Free Barracks legal aid group\n"
            "Free Barracks, a network of lawyers, is alarmed by our clients' reports. "
            "We call on prosecutors to act.\n"
            "In May, eleven contract soldiers from Chita refused to return to the front. "
            "Our lawyers are in contact with their families.")
    assert only(run(text)).sources == ["Free Barracks"]


def test_the_editors_material_is_the_outlets(run, only):
    text = (TITLE + "Commanders keep the pressure on, the outlet Volna found.\n"
            "At the disposal of the editors is a letter from a sailor who refused to sail.")
    assert only(run(text)).sources == ["Volna"]


def test_a_named_relative_quoted_about_the_case_is_a_source(run, only):
    text = (TITLE + "Thirty mobilised men from Tula refused to attack near Kreminna last week, "
            "their wives told a local paper.\n"
            '"They told the officer: we will not go without artillery," said Irina, whose son '
            "is among them.")
    assert only(run(text)).sources == ["Irina"]


def test_relatives_told_an_outlet_makes_the_outlet_the_source(run, only):
    text = (TITLE + "The governor said on Telegram that no soldier from the region had ever "
            "deserted. Relatives of 12 marines from Nakhodka told Kedr Media that the men had "
            "left their positions near Vuhledar in May.")
    assert only(run(text)).sources == ["Kedr Media"]


def test_an_outlet_told_is_left_out_when_it_publishes(run):
    from datetime import date

    from otkaz.extract import extract_documents
    from otkaz.models import Document

    text = (TITLE + "Relatives of 12 marines from Nakhodka told Kedr Media that the men had "
            "left their positions near Vuhledar in May.")
    doc = Document("d", text, date(2023, 6, 15), outlet="Kedr Media")
    report = next(extract_documents([doc]))
    assert [i.sources for i in report.incidents] == [[]]


def test_a_named_court_that_sentenced_is_the_source(run, only):
    text = (TITLE + "The Rostov garrison military court has sentenced a contract soldier from "
            "Kaluga to five years for refusing to return to his positions near Avdiivka in "
            "July. The man pleaded guilty.")
    assert only(run(text)).sources == ["Rostov garrison military court"]


def test_a_denied_report_by_a_named_outlet_is_an_incident_with_that_source(run, only):
    text = (TITLE + "The Defence Ministry denied a report by the Vot Tak channel that 25 "
            "marines of the 61st Brigade had refused to attack near Kherson.")
    incident = only(run(text))
    assert incident.count.low == 25
    assert incident.sources == ["Vot Tak"]


@pytest.mark.parametrize("text,sources", [
    ("A marine of the 40th Brigade who was held in a pit after refusing to attack described "
     "the conditions to Kedr.", ["Kedr"]),
    ("About 50 mobilised men from Omsk have refused to go to the front from a camp near Belgorod. "
     "They recorded a video appeal to governor Pavel Ivanov.", []),
])
def test_said_to_an_outlet_but_not_an_appeal_to_an_official(run, only, text, sources):
    assert only(run(TITLE + text)).sources == sources


@pytest.mark.parametrize(("text", "chain"), [
    ("According to lawyer Anna Petrova, quoted by Sea Post, nine sailors refused to sail.",
     [("Anna Petrova", None), ("Sea Post", 0)]),
    ("Nine sailors refused to sail, Sea Post reported, quoting lawyer Anna Petrova.",
     [("Sea Post", 1), ("Anna Petrova", None)]),
])
def test_quoting_makes_a_chain(run, only, text, chain):
    assert [(c.name, c.cites) for c in only(run(TITLE + text)).chain] == chain


@pytest.mark.parametrize("text,source", [
    ("Twelve soldiers from Omsk refused to return to the front, the news site NGS.ru "
     "reported.", "NGS.ru"),
    ("Twelve soldiers from Omsk refused to return to the front, according to 161.ru.",
     "161.ru"),
    ("Twelve soldiers from Omsk refused to return to the front, E1.ru reported on Monday.",
     "E1.ru"),
    ("Twelve soldiers from Omsk refused to return to the front, as first reported by the "
     "regional news site NGS.ru.", "NGS.ru"),
])
def test_an_outlet_named_by_its_web_address_is_the_source(run, only, text, source):
    assert only(run("Omsk\n" + text)).sources == [source]
