"""Phrasings of real reporting that once misled the parser or the rules (one table each)."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract.pipeline import extract_documents
from otkaz.extract.text import entry_date_phrase
from otkaz.models import DateRange, Document, Range

TITLE = "News of the day\n"

# Outlet names written with a full stop stay one name, and do not end the sentence.
DOTTED_OUTLETS = [
    ("Twenty reservists from Chita refused to advance near Kupiansk, Sibir.Realii reported.",
     "Sibir.Realii"),
    ("Eight marines from Kaspiysk refused to storm the village, Caucasus.Realities said.",
     "Caucasus.Realities"),
    ("According to Idel.Realii, 14 mobilised men from Kazan refused to go to the front.",
     "Idel.Realii"),
    ("Krym.Realii reported that five sailors from Sevastopol deserted from their ship.",
     "Krym.Realii"),
]


@pytest.mark.parametrize("text,source", DOTTED_OUTLETS)
def test_dotted_outlet_is_one_source(run, only, text, source):
    incident = only(run(TITLE + text))
    assert incident.sources == [source]
    assert incident.count is not None and incident.count.low is not None


# "A crew of three deserted ..., X reported": the parser hangs the verb on the number; what
# follows the verb (place, date) still belongs to the desertion.
COUNTED_COLLECTIVES = [
    ("A tank crew of three deserted near Pokrovsk in late May, Vot Tak reported.",
     Range(3, 3), DateRange(date(2023, 5, 21), date(2023, 5, 31))),
    ("A mortar team of four deserted from their position in early April, the outlet said.",
     Range(4, 4), DateRange(date(2023, 4, 1), date(2023, 4, 10))),
    ("A gun crew of two deserted from the training ground in mid-March, Mediazona wrote.",
     Range(2, 2), DateRange(date(2023, 3, 11), date(2023, 3, 20))),
]


@pytest.mark.parametrize("text,count,when", COUNTED_COLLECTIVES)
def test_counted_collective_keeps_its_date(run, only, text, count, when):
    incident = only(run(TITLE + text))
    assert incident.type == "desertion"
    assert incident.count == count
    assert incident.when == when


# A clause about leave after "refused to return" is not "refusing to return the leave".
REFUSED_TO_RETURN = [
    "Twelve mobilised men from Ufa refused to return to their unit after their leave ended.",
    "Six contract soldiers from Orsk refused to go back to the front when their leave was over.",
    "Nine reservists from Tula have refused to return to the front after their leave expired.",
]


@pytest.mark.parametrize("text", REFUSED_TO_RETURN)
def test_refusing_to_return_after_leave(run, only, text):
    assert only(run(TITLE + text)).type == "refusal"


# A court report names the man twice: with his status first, then by surname with a date
# before it. One person, one incident; the date dates the refusal, not the name.
NAMED_TWICE = [
    ("A garrison court has jailed contract soldier Pyotr Zuev, 31, for refusing to fight.\n"
     "According to the verdict, in May 2023 Zuev, a gunner in a motor rifle regiment, refused "
     "to go back to his positions near Bakhmut.",
     "contract soldier Pyotr Zuev, 31", DateRange(date(2023, 5, 1), date(2023, 5, 31))),
    ("A military court sentenced mobilised serviceman Oleg Rudakov to four years for refusing "
     "to take part in an assault.\nIn March 2023 Rudakov, a driver, refused to go to the front "
     "line, the court said.",
     "mobilised serviceman Oleg Rudakov", DateRange(date(2023, 3, 1), date(2023, 3, 31))),
]


@pytest.mark.parametrize("text,actor,when", NAMED_TWICE)
def test_person_named_again_by_surname(run, only, text, actor, when):
    incident = only(run(TITLE + text))
    assert incident.actor == actor
    assert incident.when == when
    assert "convicted" in incident.outcomes


# Going home on leave and never going back is desertion; the lawful trip home is no outcome.
NEVER_WENT_BACK = [
    "Ivan, a contract soldier from Kirov, went home on leave in April and never went back.",
    "A mobilised soldier from Chita went home on leave last autumn and never came back, his "
    "wife said.",
    "Two conscripts from Tula went on leave in May and never returned to their unit.",
]


@pytest.mark.parametrize("text", NEVER_WENT_BACK)
def test_never_went_back_from_leave(run, only, text):
    incident = only(run(TITLE + text))
    assert incident.type == "desertion"
    assert "returned_home" not in incident.outcomes


NOT_WENT_BACK = [
    "Ivan, a contract soldier from Kirov, went home on leave in April and then went back.",
    "A mobilised soldier from Chita never went back to his old job after the war began.",
]


@pytest.mark.parametrize("text", NOT_WENT_BACK)
def test_going_back_is_not_desertion(run, text):
    assert run(TITLE + text).incidents == []


# What followed, in the words of court and wire reports.
OUTCOMES = [
    ("Eight OMON officers from Kazan who refused to go to Ukraine in 2022 have lost their "
     "appeal against their dismissal.", {"dismissed", "sued"}, set()),
    ("Ten mobilised men from Omsk refused to advance near Svatove, and their commanders said "
     "they would face criminal charges.", {"threatened"}, {"prosecuted"}),
    ("A conscript from Perm who deserted near Belgorod was detained by military police in "
     "Kursk and returned to his unit.", {"detained", "forced_back"}, set()),
    ("A contract soldier from Tver deserted from his unit in May; police later came to his "
     "parents' flat twice.", {"family_pressured"}, set()),
    ("A court has jailed a mobilised soldier from Omsk for refusing to go on a combat "
     "mission.", {"convicted"}, set()),
]


@pytest.mark.parametrize("text,present,absent", OUTCOMES)
def test_outcomes_of_reporting(run, only, text, present, absent):
    outcomes = set(only(run(TITLE + text)).outcomes)
    assert present <= outcomes
    assert not absent & outcomes


# A group's lawsuit that a court rejected: the refusal stands (it is not a denial), and a
# past perfect "had refused" tells one occasion, not a tally.
REJECTED_LAWSUITS = [
    ("A lawsuit by 40 guardsmen from Omsk, who had refused to go to Ukraine, was rejected by "
     "a court.", Range(40, 40)),
    ("A complaint by 120 riot police officers from Kazan who had refused to cross into Ukraine "
     "was rejected last year.", Range(120, 120)),
]


@pytest.mark.parametrize("text,count", REJECTED_LAWSUITS)
def test_rejected_lawsuit_keeps_the_refusal(run, only, text, count):
    report = run(TITLE + text)
    incident = only(report)
    assert incident.type == "refusal"
    assert incident.count == count
    assert incident.force == "rosgvardia"
    assert report.figures == []


def test_rounded_then_exact_in_the_next_sentence(run):
    text = (TITLE + "Military courts convicted more than 5,000 servicemen of leaving their units "
            "without permission in 2023, nearly three times as many as a year earlier, "
            "according to a count published by the outlet on Tuesday.\n"
            "The outlet, which studied the records of all garrison courts, said it had found "
            "5,118 verdicts under Article 337 last year.")
    figures = run(text, published=date(2024, 2, 6)).figures
    assert [(f.measure, f.value) for f in figures] == [("awol_cases", Range(5118, 5118))]
    assert figures[0].period == DateRange(date(2023, 1, 1), date(2023, 12, 31))


def test_change_names_its_own_measure_and_periods(run):
    text = (TITLE + "Courts handed down 3,200 sentences under Article 337 in 2023, compared "
            "with 1,100 in 2022, the outlet said.\n"
            "Cases of desertion, which is punished more harshly, rose to 90 from 41.")
    figures = run(text, published=date(2024, 2, 6)).figures
    year = {2022: DateRange(date(2022, 1, 1), date(2022, 12, 31)),
            2023: DateRange(date(2023, 1, 1), date(2023, 12, 31))}
    got = [(f.measure, f.value.low, f.period) for f in figures]
    assert got == [("awol_cases", 3200, year[2023]), ("awol_cases", 1100, year[2022]),
                   ("desertion_cases", 90, year[2023]), ("desertion_cases", 41, year[2022])]


ENTRY_HEADERS = [
    ("Nov. 14, 2024, 9:12 a.m.", "Nov. 14, 2024"),
    ("March 3, 2023 - 18:40", "March 3, 2023"),
    ("16 June, 21:05", "16 June"),
    ("Sept. 2, 07:15 GMT", "Sept. 2"),
    ("Ten soldiers refused to go, 12:00 reports say.", None),
]


@pytest.mark.parametrize("line,phrase", ENTRY_HEADERS)
def test_live_blog_entry_header(line, phrase):
    assert entry_date_phrase(line) == phrase


def test_live_blog_entry_headlines_are_not_incidents(run, only):
    text = ("Ukraine war latest\n"
            "Live updates\n"
            "Nov. 14, 2024, 9:12 a.m.\n"
            "Intelligence says 40 Russian paratroopers deserted near Toretsk\n"
            "About 40 soldiers of Russia's 98th Airborne Division abandoned their positions "
            "near Toretsk last week, Ukraine's military intelligence said on Nov. 14.\n"
            "Nov. 13, 2024, 3:30 p.m.\n"
            "Court jails deserter who fled to his village\n"
            "Zelensky signed a law extending martial law for another 90 days.\n")
    incident = only(run(text, published=date(2024, 11, 15)))
    assert incident.actor.startswith("About 40 soldiers")
    assert incident.when == DateRange(date(2024, 11, 4), date(2024, 11, 10))


# "X were held ... after they refused": "they" is the group the main clause names.
PRONOUN_IN_ADVERBIAL = [
    ("Six paratroopers from Pskov were locked in a basement after they refused to attack near "
     "Kreminna.", Range(6, 6), "Pskov"),
    ("Nine reservists of a tank regiment, all from Chita, were beaten and held for three days "
     "after they refused to go back to the front.", Range(9, 9), "Chita"),
]


@pytest.mark.parametrize("text,count,home", PRONOUN_IN_ADVERBIAL)
def test_pronoun_in_adverbial_clause_is_the_main_subject(run, only, text, count, home):
    incident = only(run(TITLE + text))
    assert incident.count == count
    assert incident.home == home
    assert "detained" in incident.outcomes


GENERIC_ANY = [
    "A Kremlin spokesman said any soldier who refused to fight would be dealt with by law.",
    "Every serviceman who deserted will be found and punished, the ministry said.",
]


@pytest.mark.parametrize("text", GENERIC_ANY)
def test_any_or_every_is_not_a_case(run, text):
    assert run(TITLE + text).incidents == []


MORE_OUTCOMES = [
    ("Twelve conscripts from Kursk refused to attack in May; on June 2 they were sent to a "
     "different sector of the front.", "forced_back"),
    ("Eight marines from Murmansk refused to advance; they were later transferred to an "
     "assault unit against their will.", "forced_back"),
    ("Twenty sailors from Sevastopol refused to go to sea, and criminal cases under Article "
     "332 were later opened against two of them.", "prosecuted"),
    ("Fifteen conscripts from Omsk refused to cross the border. The movement, which advises "
     "servicemen who do not want to fight, said they had been sent back to the front.",
     "forced_back"),
]


@pytest.mark.parametrize("text,outcome", MORE_OUTCOMES)
def test_more_outcomes(run, only, text, outcome):
    assert outcome in only(run(TITLE + text)).outcomes


def test_unit_location_is_the_place_not_home(run, only):
    text = (TITLE + "A Russian soldier who deserted from the 25th Motor Rifle Brigade in the "
            "Luhansk region in May has been granted temporary protection in Norway, the "
            "broadcaster NRK reported.\n"
            "The 30-year-old contract serviceman from Pskov, identified only as Oleg, told NRK "
            "he had fled after his commander ordered an attack across open ground.")
    incident = only(run(text))
    assert incident.place == "Luhansk region"
    assert incident.home == "Pskov"
    assert incident.personnel == ["contract"]
    assert "fled_abroad" in incident.outcomes


FLED_ABROAD = [
    "A conscript from Pskov who deserted in March has been granted asylum in France.",
    "A contract soldier from Tver who deserted in May was granted temporary protection in "
    "Finland.",
    "A deserter from the 11th Brigade crossed the border into Georgia on foot.",
]


@pytest.mark.parametrize("text", FLED_ABROAD)
def test_fled_abroad(run, only, text):
    assert "fled_abroad" in only(run(TITLE + text)).outcomes


def test_dotted_outlet_after_a_descriptor(run, only):
    text = (TITLE + "Five mobilised soldiers from Tomsk who walked off a training ground in "
            "October have been arrested, the regional news site Tomsk.Info reported.")
    assert only(run(text)).sources == ["Tomsk.Info"]


def test_figures_of_a_federal_district_and_its_courts(run):
    text = (TITLE + "Military courts in the Siberian Federal District sentenced 240 servicemen "
            "for leaving their units without permission between January and March, according "
            "to a tally by the outlet.\n"
            "The Novosibirsk Garrison Military Court alone handled 71 such cases, the outlet "
            "said. In 2024, courts in the district passed 650 sentences under Article 337.")
    figures = run(text, published=date(2025, 4, 10)).figures
    quarter = DateRange(date(2025, 1, 1), date(2025, 3, 31))
    got = [(f.value.low, f.place, f.period) for f in figures]
    assert got == [(240, "Siberian Federal District", quarter), (71, "Novosibirsk", quarter),
                   (650, "Siberian Federal District",
                    DateRange(date(2024, 1, 1), date(2024, 12, 31)))]


INTRODUCED_THEN_TOLD = [
    ("Police detained a conscript from Tambov at a railway station in Kursk on Tuesday, the "
     "outlet reported. The man, a gunner in a tank regiment, had deserted from his unit near "
     "Belgorod in May, the outlet said.", "a conscript from Tambov", "Tambov"),
    ("Border guards detained a contract soldier from Chita on the Kazakh border.\n"
     "The soldier, a driver in a motor rifle brigade, had deserted from his unit in March, the "
     "channel said.", "a contract soldier from Chita", "Chita"),
]


@pytest.mark.parametrize("text,actor,home", INTRODUCED_THEN_TOLD)
def test_person_introduced_as_object_then_told(run, only, text, actor, home):
    incident = only(run(TITLE + text))
    assert incident.actor.startswith(actor)
    assert incident.home == home
    assert incident.type == "desertion"


SOURCES = [
    ("Thirty mobilised men from Kirov refused to advance near Kupiansk in May, relatives said, "
     "Agora's head Pavel Chikov wrote on Telegram.", {"Agora", "Pavel Chikov"}),
    ("Memorial's lawyer Olga Petrova said 12 reservists from Tula had refused to go to the "
     "front in June.", {"Memorial", "Olga Petrova"}),
    ("In an interview with Holod, Ivan, 29, a contract soldier from Kursk, describes how he "
     "deserted from his unit near Bakhmut in March.", {"Holod"}),
]


@pytest.mark.parametrize("text,sources", SOURCES)
def test_sources_of_reporting(run, only, text, sources):
    assert sources <= set(only(run(TITLE + text)).sources)


def test_the_same_brigade_gives_its_force_not_a_unit(run):
    text = (TITLE + "About 20 soldiers of the 61st Naval Infantry Brigade deserted from their "
            "positions near Kupiansk in May, the General Staff said.\n"
            "Separately, a Telegram channel reported that two soldiers of the same brigade had "
            "been detained after going AWOL.")
    incidents = run(text).incidents
    assert [(i.count, i.force, i.unit) for i in incidents] == [
        (Range(20, 20), "marines", "61st Naval Infantry Brigade"),
        (Range(2, 2), "marines", None)]


def test_counted_noun_after_a_compound(run):
    text = (TITLE + "Since the start of the invasion, courts have received more than 25,000 "
            "AWOL cases, according to the outlet.")
    figures = run(text, published=date(2024, 12, 19)).figures
    assert [(f.measure, f.value) for f in figures] == [("awol_cases", Range(25000, None))]


OWN_FINDINGS = [
    ("Courts registered 1,024 new cases of leaving a unit without permission in November, "
     "Mediazona's count of court filings shows."),
    ("An analysis by Mediazona found that courts registered 1,024 new cases of leaving a unit "
     "without permission in November."),
]


@pytest.mark.parametrize("text", OWN_FINDINGS)
def test_publisher_own_finding_is_a_source(text):
    document = Document("t", TITLE + text, date(2024, 12, 19), outlet="Mediazona Weekly")
    report = next(extract_documents([document]))
    assert [f.sources for f in report.figures] == [["Mediazona"]]


def test_publisher_citing_itself_plainly_is_no_source():
    document = Document("t", TITLE + "Courts registered 1,024 new cases of leaving a unit "
                        "without permission in November, according to Mediazona.",
                        date(2024, 12, 19), outlet="Mediazona Weekly")
    report = next(extract_documents([document]))
    assert [f.sources for f in report.figures] == [[]]


def test_speaker_who_did_not_say_they_refused(run):
    text = (TITLE + "A group of mobilised men from Kaliningrad complained in a video that they "
            "had not been paid. The men did not say they had refused any orders.")
    assert run(text).incidents == []


GUARDED_AND_SEARCHED = [
    ("About 30 reservists from Kirov refused to attack last week; since then they have been "
     "kept in a barn under armed guard.", "detained"),
    ("A conscript from Orenburg deserted from his unit in December; police later searched the "
     "home of his mother.", "family_pressured"),
]


@pytest.mark.parametrize("text,outcome", GUARDED_AND_SEARCHED)
def test_guarded_and_searched(run, only, text, outcome):
    assert outcome in only(run(TITLE + text)).outcomes


# The present tense told of men the sentence picks out is a report, not a general claim.
@pytest.mark.parametrize(("text", "actor"), [
    ("Mobilised men from Tatarstan refuse to return to the front, their relatives say.",
     "Mobilised men from Tatarstan"),
    ("Soldiers of the 64th brigade refuse to go back to Kreminna, their wives told Sibir.Realii.",
     "Soldiers of the 64th brigade"),
])
def test_present_tense_about_a_group_picked_out(run, only, text, actor):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor) == ("refusal", actor)


@pytest.mark.parametrize("text", [
    "Soldiers who refuse to fight face up to ten years in prison.",
    "Russian soldiers refuse to fight in Ukraine.",
    "Conscripts from poor regions often refuse to serve in Ukraine.",
    "The law allows commanders to send a soldier who went AWOL back to the front.",
])
def test_present_tense_general_claims_stay_out(run, text):
    assert run(TITLE + text).incidents == []


@pytest.mark.parametrize("text", [
    "Military prosecutors charged a conscript from Dagestan with desertion on Friday.",
    "A conscript from Dagestan was charged with desertion on Friday.",
])
def test_charged_with_desertion_is_a_case(run, only, text):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.count, incident.home) == ("desertion", Range(1, 1), "Dagestan")
    assert "prosecuted" in incident.outcomes


def test_threatened_with_charges_is_not(run):
    text = "The commander threatened the soldiers with desertion charges."
    assert run(TITLE + text).incidents == []


@pytest.mark.parametrize(("text", "itype", "actor", "outcome"), [
    ("A conscript from Kursk was charged under Article 337 of the Criminal Code.",
     "desertion", "A conscript from Kursk", "prosecuted"),
    ("Police detained a sailor under Article 338.", "desertion", "a sailor", "detained"),
    ("A court sentenced a reservist from Tver to five years under Article 332.",
     "refusal", "a reservist from Tver", "convicted"),
    ("Prosecutors opened a criminal case against two mobilised men from Kazan for leaving "
     "their unit.", "desertion", "two mobilised men from Kazan", "prosecuted"),
])
def test_charged_under_an_article_or_a_case_against_them(run, only, text, itype, actor,
                                                          outcome):
    incident = only(run(TITLE + text))
    assert (incident.type, incident.actor) == (itype, actor)
    assert outcome in incident.outcomes


@pytest.mark.parametrize("text", [
    "Article 337 of the Criminal Code carries a sentence of up to ten years.",
    "The lawyer said that cases under Article 337 are growing.",
    "Activists campaigned against the war for refusing to fight.",
])
def test_articles_and_campaigns_alone_are_no_case(run, text):
    assert run(TITLE + text).incidents == []


def test_deserting_in_growing_numbers_is_a_trend(run):
    text = ("Soldiers of the Southern Military District are deserting their posts in increasing "
            "numbers, Ukraine's HUR said.")
    assert run(TITLE + text).incidents == []
