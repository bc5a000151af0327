"""Actor, count, unit, home, place and date of an incident."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.models import DateRange, Range

TITLE = "News of the day\n"

COUNTS = [
    ("Sixty soldiers from Pskov refused to go to Ukraine.", Range(60, 60)),
    ("About 40 mobilised men from Kirov refused to advance.", Range(40, 40)),
    ("More than 100 reservists from Ufa refused to go to the front.", Range(100, None)),
    ("Up to 50 marines from Murmansk refused to attack.", Range(None, 50)),
    ("Between 20 and 30 volunteers from Orsk refused to fight.", Range(20, 30)),
    ("Several officers from Tver refused to go to the front.", Range(3, 9)),
    ("Dozens of conscripts from Tambov refused to fight.", Range(24, 99)),
    ("A soldier from Kursk refused to go to the front.", Range(1, 1)),
    ("A group of paratroopers refused to take part in the assault.", None),
    ("Sergei was one of about 40 mobilised men who refused to advance.", Range(40, 40)),
    ("A Russian artillery crew of four deserted from their position near Kupiansk.",
     Range(4, 4)),
    ("A mortar crew of two from Yakutia refused to go back to the front.", Range(2, 2)),
    ("A group of seven conscripts from Penza refused to go to the border.", Range(7, 7)),
]


@pytest.mark.parametrize("text,count", COUNTS)
def test_count_of_the_actor(run, only, text, count):
    assert only(run(TITLE + text)).count == count


def test_count_from_a_later_fragment(run, only):
    text = (TITLE + "Our boys from the 2nd battalion refused to go back into the trenches. "
            "Twelve of them, all contract guys from Chita.")
    incident = only(run(text))
    assert incident.count == Range(12, 12)
    assert "contract" in incident.personnel


UNITS = [
    ("Soldiers of the 2nd battalion of the 1434th motor rifle regiment refused to attack.",
     "2nd battalion of the 1434th motor rifle regiment"),
    ("Fighters of the Volga Wolf battalion refused to return to the front.",
     "Volga Wolf battalion"),
    ("Fifty men of the 58th Guards Brigade refused to advance.", "58th Guards Brigade"),
    ("Twelve members of an artillery battalion refused to go to the front.", None),
    ("Ten men of a BARS detachment refused to fight.", None),
    ("Police detained four convicts recruited into the Storm-V unit who had left their "
     "positions near Toretsk.", "Storm-V"),
    ("A former fighter of the Wagner group deserted near Soledar, his lawyer said.", "Wagner"),
    ("Nine contract servicemen of the 3rd Army Corps refused to attack.", "3rd Army Corps"),
    ("During the Wagner mutiny, twelve soldiers refused to fire on the mercenaries.", None),
    ("Eight Russian soldiers fled the battlefield near Robotyne, footage from the Ukrainian "
     "army shows.", None),
]


@pytest.mark.parametrize("text,unit", UNITS)
def test_unit(run, only, text, unit):
    assert only(run(TITLE + text)).unit == unit


HOME_PLACE = [
    ("Thirty reservists from Kostroma refused to advance near Bakhmut.", "Kostroma", "Bakhmut"),
    ("Twenty Omsk riot policemen refused to go to Ukraine.", "Omsk", None),
    ("Forty paratroopers of a regiment based in Ulyanovsk left their positions in the Kursk "
     "region.", "Ulyanovsk", "Kursk region"),
    ("At least 30 mobilised men in Mari El refused to take their weapons.", None, "Mari El"),
    ("Fifteen soldiers of a battalion formed in the Orenburg region refused to go back to the "
     "front.", "Orenburg region", None),
    ("Eleven contract soldiers, most of them from Buryatia, refused to return to positions "
     "near Svatove.", "Buryatia", "Svatove"),
    ("Nine mobilised men from Tomsk left their barracks in Kazan and went home.", "Tomsk",
     "Kazan"),
    ("Some 25 members of the SOBR unit in Kalmykia refused to go to Ukraine.", "Kalmykia", None),
    ("A sergeant of the LNR's 2nd Army Corps deserted near Kreminna.", None, "Kreminna"),
    ("A lieutenant from the Tamanskaya division refused to go back to Ukraine.", None, None),
    ("Twenty paratroopers, who were moved from Belarus to the Bryansk region in May, refused "
     "to attack.", None, "Bryansk region"),
    ("Two marines from Omsk deserted from their unit and were charged in absentia.", "Omsk",
     None),
    ("About 90 mobilised men from Mordovia stationed at a camp in the Zaporizhzhia region "
     "refused to advance.", "Mordovia", "Zaporizhzhia region"),
    # the country that owns the region is no part of the home
    ("Two soldiers from Russia's Sverdlovsk region deserted from their unit near Avdiivka.",
     "Sverdlovsk region", "Avdiivka"),
]


@pytest.mark.parametrize("text,home,place", HOME_PLACE)
def test_home_and_place(run, only, text, home, place):
    incident = only(run(TITLE + text))
    assert (incident.home, incident.place) == (home, place)
    if home:
        assert "home" in incident.spans


def test_place_from_the_sentence_before(run, only):
    text = (TITLE + "Forty Pskov paratroopers were transferred to Belarus at the beginning of the "
            "war. They refused and returned to Pskov.")
    incident = only(run(text, published=date(2022, 4, 26)))
    assert incident.actor == "Forty Pskov paratroopers"
    assert incident.place == "Belarus"
    assert incident.when == DateRange(date(2022, 2, 24), date(2022, 3, 10))
    assert "returned_home" in incident.outcomes


WHEN = [
    ("Ten marines refused to attack last Tuesday, the site Sea Post reported on Thursday.",
     DateRange(date(2023, 6, 13), date(2023, 6, 13))),
    ("On February 25, twelve guardsmen refused to leave for Ukraine.",
     DateRange(date(2023, 2, 25), date(2023, 2, 25))),
    ("In early May, five sappers left their unit without permission.",
     DateRange(date(2023, 5, 1), date(2023, 5, 10))),
    ("At the beginning of the war, eleven riot policemen refused to cross into Ukraine.",
     DateRange(date(2022, 2, 24), date(2022, 3, 10))),
    ("In August, twelve volunteers refused to go back to the front line.",
     DateRange(date(2022, 8, 1), date(2022, 8, 31))),
    ("The site Sea Post reported in early June that twenty sailors refused to sail.", None),
]


@pytest.mark.parametrize("text,when", WHEN)
def test_when_is_the_event_not_the_report(run, only, text, when):
    assert only(run(TITLE + text)).when == when


def test_actor_of_a_relative_clause(run, only):
    text = TITLE + "A court sentenced a conscript from Tula, who had left his unit in May."
    incident = only(run(text))
    assert incident.actor.startswith("a conscript")
    assert incident.home == "Tula"
    assert "convicted" in incident.outcomes


FORCES = [
    ("Twelve riot policemen of the Omsk OMON refused to go to Ukraine.", "rosgvardia"),
    ("Forty marines from Baltiysk refused to attack.", "marines"),
    ("Thirty Wagner fighters deserted near Bakhmut.", "pmc"),
    ("Twenty soldiers from Perm refused to fight.", "army"),
]


@pytest.mark.parametrize("text,force", FORCES)
def test_force(run, only, text, force):
    assert only(run(TITLE + text)).force == force


def test_the_company_is_the_one_named_before(run, only):
    text = (TITLE + "The men of the private military company Sokol were promised a pardon.\n"
            "Between 30 and 50 fighters of the company abandoned their positions near Bakhmut.")
    incident = only(run(text))
    assert (incident.unit, incident.force) == ("Sokol", "pmc")


def test_the_place_they_were_sent_to_when_they_declined(run, only):
    text = (TITLE + "Some 40 members of the riot police unit in Tuva were dismissed after they "
            "refused to take part in the war, a lawyer said.\n"
            "The riot police officers were moved to Crimea in late January. On 3 March, when "
            "their commander ordered them to advance towards Kherson, they declined.")
    incident = only(run(text, date(2022, 3, 20)))
    assert (incident.home, incident.place) == ("Tuva", "Crimea")
    assert incident.when is not None and (incident.when.start, incident.when.end) == (
        date(2022, 3, 3), date(2022, 3, 3))


def test_a_later_definite_count_fills_the_group(run, only):
    text = (TITLE + "A group of reservists from the Kirov region who refused to attack near "
            "Avdiivka were held in a basement, their mothers said.\n"
            "According to the mothers, the 23 men from an artillery battalion had not been "
            "rotated for months.")
    incident = only(run(text))
    assert incident.count is not None and (incident.count.low, incident.count.high) == (23, 23)
    assert incident.home == "Kirov region"


def test_a_situated_group_with_a_perfect_verb_is_an_incident(run, only):
    text = (TITLE + "About 150 mobilised men from Omsk have refused to go to the front from a "
            "training camp in the Belgorod region, their wives told a local paper.")
    report = run(text)
    assert not report.figures
    incident = only(report)
    assert (incident.home, incident.count.low) == ("Omsk", 150)


def test_a_court_sentencing_one_group_is_an_incident(run, only):
    text = (TITLE + "The Omsk garrison court sentenced nine contract soldiers of the 5th Tank "
            "Brigade to four years for leaving their unit near Kupiansk, the court said.")
    report = run(text)
    incident = only(report)
    assert not report.figures
    assert (incident.type, incident.unit, incident.count) == (
        "desertion", "5th Tank Brigade", Range(9, 9))
    assert incident.outcomes == ["convicted"]


def test_statements_refusing_after_a_dated_sentence(run, only):
    text = (TITLE + "Reservists of the 1201st regiment were told in early May that their "
            "rotation was off. About 40 of them then signed letters refusing to go back to the "
            "front, their wives said.")
    incident = only(run(text))
    assert incident.count == Range(40, 40)
    assert incident.when == DateRange(date(2023, 5, 1), date(2023, 6, 15))


def test_the_men_all_from_a_region_is_their_home(run, only):
    text = (TITLE + "Police in Tula detained five former convicts recruited into the Storm-Z "
            "unit who "
            "had abandoned their positions in the Belgorod region in early March.\n"
            "The men, all from the Perm region, were found in a garage. They were handed over "
            "to the military police and will be returned to their unit, a source said.")
    incident = only(run(text))
    assert (incident.home, incident.unit, incident.personnel) == (
        "Perm region", "Storm-Z", ["prisoner"])
    assert {"detained", "forced_back"} <= set(incident.outcomes)


def test_threatened_with_cases_for_desertion_names_no_actor(run, only):
    text = (TITLE + "Sixty mobilised men from Kirov have refused to go to the front from a range "
            "near Bryansk, their relatives said.\nOfficers threatened the men with criminal "
            "cases for desertion.")
    incident = only(run(text))
    assert incident.personnel == ["mobilized"]
    assert "threatened" in incident.outcomes


def test_who_were_mobilised_later_gives_the_personnel(run, only):
    text = (TITLE + "Fifteen soldiers from Chita refused to storm a hill near Siversk on Monday, "
            "their mothers said. The men, who were mobilised in September 2022, have been "
            "held in a cellar since.")
    incident = only(run(text))
    assert "mobilized" in incident.personnel
    assert "detained" in incident.outcomes


def test_a_named_soldier_sentenced_for_refusing_is_the_actor_and_his_age_no_count(run, only):
    text = (TITLE + "A garrison court in Pskov sentenced Private Pavel Gusev, 23, to three years "
            "in a penal colony for refusing to go to the front, the court said.")
    incident = only(run(text))
    assert incident.actor == "Private Pavel Gusev, 23"
    assert incident.count == Range(1, 1)
    assert incident.outcomes == ["convicted"]


def test_a_titled_name_told_of_with_he_is_the_actor(run, only):
    text = (TITLE + "Major Anton Belov, commander of a company of the 4th Tank Division, was "
            "detained in Tver on June 2 after he refused to lead an assault near Klishchiivka, "
            "the site Rubezh reported.")
    incident = only(run(text))
    assert incident.actor.startswith("Major Anton Belov")
    assert (incident.count, incident.unit) == (Range(1, 1), "4th Tank Division")


def test_a_conscript_parsed_as_a_modifier_is_still_the_actor(run, only):
    text = (TITLE + "A conscript escaped from his unit in Kursk on Friday with a rifle, police "
            "said. He was caught on Sunday in the Oryol region.")
    incident = only(run(text))
    assert (incident.actor, incident.type) == ("A conscript", "desertion")
    assert incident.outcomes == ["detained"]


def test_soldiers_counted_by_courts_are_a_figure_not_an_incident(run):
    report = run(TITLE + "Over the past month, garrison courts in the Urals sentenced at least "
                 "60 soldiers for going AWOL, the regional outlet Ural Post counted.")
    assert report.incidents == []
    assert [(f.measure, f.value.low) for f in report.figures] == [("awol_cases", 60)]


def test_the_crew_of_a_named_ship_is_a_group(run, only):
    incident = only(run(TITLE + "The crew of a Baltic Fleet corvette refused to put to sea in "
                        "March, the Kaliningrad channel Amber Watch reported."))
    assert (incident.force, incident.actor) == ("navy", "The crew of a Baltic Fleet corvette")


def test_men_mobilised_in_a_year_have_refused_is_dated_by_the_refusal_not_the_draft(run, only):
    incident = only(run(TITLE + "Nineteen men from Ingushetia mobilised in 2022 have refused to "
                        "return to the front after their leave, the outlet Fortanga reported."))
    assert (incident.count, incident.home, incident.when) == (
        Range(19, 19), "Ingushetia", None)
    assert incident.personnel == ["mobilized"]


def test_a_leading_date_is_not_part_of_the_actor(run, only):
    incident = only(run(TITLE + "On May 12, about 45 mobilised soldiers from Kurgan refused to "
                        "go back to positions near Marinka."))
    assert incident.actor == "about 45 mobilised soldiers from Kurgan"
    assert incident.when == DateRange(date(2023, 5, 12), date(2023, 5, 12))


@pytest.mark.parametrize("text,incidents,figures", [
    ("About 120 reservists have refused to go to the front from a camp in the Kursk region, "
     "relatives said.", 1, 0),
    ("Several hundred servicemen from Tyva have refused to fight since March, the group said.",
     0, 1),
    ("More than 2,000 soldiers have deserted in the Kharkiv region, the agency claims.", 0, 1),
])
def test_a_situated_group_is_an_incident_a_tally_is_a_figure(run, text, incidents, figures):
    report = run(TITLE + text)
    assert (len(report.incidents), len(report.figures)) == (incidents, figures)


def test_ukraine_as_the_refused_destination_is_not_the_place(run, only):
    text = (TITLE + "Some 18 members of the OMON unit in Mordovia have been fired after refusing "
            "to fight in Ukraine, their lawyer said.\nThe officers had been moved to Belarus in "
            "mid-February. When they were ordered to enter Ukraine on February 25, they refused.")
    incident = only(run(text, date(2022, 3, 20)))
    assert (incident.home, incident.place) == ("Mordovia", "Belarus")
    assert incident.when == DateRange(date(2022, 2, 25), date(2022, 2, 25))


def test_what_a_deserter_did_later_is_not_his_force_or_place(run, only):
    incident = only(run(TITLE + "A deserter who stabbed two policemen in Kursk on Sunday had "
                        "fled his unit in the Belgorod region in May, investigators said."))
    assert (incident.type, incident.force, incident.place) == (
        "desertion", "army", "Belgorod region")


@pytest.mark.parametrize("text,home", [
    ("Two soldiers deserted from their unit near Valuyki. Both men, from the Komi republic, "
     "told the court they had not been paid.", "Komi republic"),
    ("Two conscripts left their unit near Sudzha in March. Both soldiers, from Dagestan, "
     "were later detained.", "Dagestan"),
    ("Three marines refused to go back to the front. The men, all from Murmansk, said they "
     "had not been paid.", "Murmansk"),
])
def test_home_told_on_a_later_mention_of_the_group(run, only, text, home):
    assert only(run(TITLE + text)).home == home


def test_contract_paratroopers_of_a_division_based_in_a_city(run, only):
    incident = only(run(TITLE + "Three men who served as contract paratroopers in the 76th "
                        "Airborne Division, based in Pskov, deserted in June."))
    assert (incident.unit, incident.home, incident.force, incident.personnel) == (
        "76th Airborne Division", "Pskov", "airborne", ["contract"])


@pytest.mark.parametrize("text,actor,count,home", [
    ("Eleven mobilised soldiers from Kurgan refused to return to the front.",
     "Eleven mobilised soldiers", Range(11, 11), "Kurgan"),
    ("Fifteen mobilised men from Ishim refused to fight near Toretsk.",
     "Fifteen mobilised men", Range(15, 15), "Ishim"),
])
def test_a_spelled_number_before_mobilised_counts_the_men(run, only, text, actor, count, home):
    incident = only(run(TITLE + text))
    assert incident.actor.startswith(actor)
    assert (incident.count, incident.home) == (count, home)
