"""When and where a case happened, told outside the sentence with the refusal or desertion
verb: a sentence that names the event ("The desertion took place in ..."), the lead before
the case, the wire services' abbreviated months ("Sept. 2022") and "the village of X". And
what must not date or place a case: the date of the report, a trial, a court, a dateline.

Articles and sentences written for these tests, in the styles of the agencies and outlets
that report such cases."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract import extract_documents
from otkaz.models import DateRange, Document
from otkaz.normalize.dates import find_dates


def _day(y: int, m: int, d: int) -> DateRange:
    return DateRange(date(y, m, d), date(y, m, d))


def _only(text: str, published: date):  # type: ignore[no-untyped-def]
    (report,) = extract_documents([Document("t", text, published, lang="en")], verify=False)
    (incident,) = report.incidents
    return incident


ARTICLES = [
    # Reuters: dateline, verb in the lead, date and place in later sentences naming the event
    ("Russian marines refuse to attack, relatives say\n"
     "KYIV, March 3 (Reuters) - A group of 25 marines from the Pacific Fleet refused to take part "
     "in an assault, their relatives said on Tuesday. The refusal came on Feb. 18, after the unit "
     "lost half its men. The incident happened near Vuhledar in the Donetsk region, the relatives "
     "told Reuters. The marines are now being held at a base in Rostov, they said.",
     date(2023, 3, 3), "Vuhledar", _day(2023, 2, 18)),
    # AP: the lead tells when and where before the desertion is told
    ("Soldiers flee front as losses mount\n"
     "The escape took place on Dec. 23, 2022, in the village of Kreminna in the Luhansk region. "
     "Eight mobilized soldiers from Lipetsk deserted their unit and called two taxis, the "
     "newspaper Kommersant reported on Wednesday. They were detained in Moscow a week later. "
     "A trial began on Monday.",
     date(2023, 1, 18), "Kreminna", _day(2022, 12, 23)),
    # Newsweek: the event's own sentence places it; the date of the statement is no date of it
    ("Mass desertion reported in Kherson region\n"
     "The General Staff of Ukraine's Armed Forces said that about 60 Russian soldiers have "
     "deserted. The desertion took place in the occupied city of Nova Kakhovka in the Kherson "
     "region, it said on Sunday. Local police are searching for the soldiers.",
     date(2023, 10, 23), "Nova Kakhovka", None),
    # AP: "It happened ..." right after the case
    ("Russian unit refused orders, video shows\n"
     "Soldiers of the 1439th Regiment refused to advance, according to a video posted on Telegram "
     "on Sunday. It happened in early June near Bakhmut, one of the soldiers says in the clip. "
     "The Defence Ministry did not comment.",
     date(2023, 6, 20), "Bakhmut", DateRange(date(2023, 6, 1), date(2023, 6, 10))),
    # The Moscow Times: "put in their resignations earlier this month"
    ("Buryat soldiers try to quit the war\n"
     "Dozens of contract soldiers from Buryatia refused to continue fighting in Ukraine, the Free "
     "Buryatia Foundation said. The men put in their resignations earlier this month while "
     "stationed near Izium in the Kharkiv region. Their commanders refused to accept the "
     "resignations, the foundation told The Moscow Times on Monday.",
     date(2022, 7, 20), None, DateRange(date(2022, 7, 1), date(2022, 7, 20))),
    # Business Insider: the event's sentence says it took place somewhere, the country is only
    # where the men were sent
    ("Russian troops deserted in Ukraine, Kyiv says\n"
     "Ukraine's military intelligence said on Friday that 15 Russian conscripts deserted in "
     "Ukraine. The flight took place near Svatove in the Luhansk region on the night of Aug. 5, "
     "the agency said.",
     date(2023, 8, 12), "Svatove", _day(2023, 8, 5)),
    # The Guardian: a trial, a court, a home town and mobilisation's date are none of the case's
    ("Soldier who fled his unit goes on trial\n"
     "A Russian soldier from Omsk who deserted his unit has gone on trial in Novosibirsk, his "
     "lawyer said on Thursday. The trial began last week at the garrison military court. "
     "Mobilisation was announced in September 2022.",
     date(2023, 8, 10), None, None),
    # AFP: a dateline names where the reporter is
    ("Deserter tells of escape\n"
     "KYIV, Ukraine - A Russian contract soldier deserted from his unit, he told AFP on Monday. "
     "His lawyer said the case would be heard in Rostov in July.",
     date(2023, 6, 20), None, None),
    # Meduza in English: the escape's place is told after the case, with a later trial's place
    ("Conscripts fled a training ground\n"
     "Three conscripts from Tver deserted, their mothers told Meduza. The escape took place on "
     "June 2, days before the trial in Moscow of their commander.",
     date(2023, 6, 20), None, _day(2023, 6, 2)),
]


@pytest.mark.parametrize(("text", "published", "place", "when"), ARTICLES)
def test_articles(text: str, published: date, place: str | None,
                  when: DateRange | None) -> None:
    incident = _only(text, published)
    assert incident.place == place
    assert incident.when == when
    for key, value in (("place", place), ("when", when)):
        assert (key in incident.spans) == (value is not None)
    if place is not None:
        a, b = incident.spans["place"]
        assert text[a:b] == place


def test_a_sentence_that_tells_one_case_does_not_place_the_case_before() -> None:
    text = ("Five conscripts deserted, their mothers said. Separately, twelve marines of the 155th "
            "Brigade refused to attack, their wives said. The refusal took place near Vuhledar on "
            "Feb. 3.")
    (report,) = extract_documents([Document("t", text, date(2023, 3, 1), lang="en")],
                                  verify=False)
    first, second = sorted(report.incidents, key=lambda i: i.evidence[0][0])
    assert (first.place, first.when) == (None, None)
    assert (second.place, second.when) == ("Vuhledar", _day(2023, 2, 3))


SENTENCES = [
    # abbreviated months with a year
    ("A contract soldier deserted from his unit in Sept. 2022 and crossed into Georgia.",
     None, DateRange(date(2022, 9, 1), date(2022, 9, 30))),
    ("Two conscripts fled their base near Kursk in Dec. 2022, their mothers said.",
     "Kursk", DateRange(date(2022, 12, 1), date(2022, 12, 31))),
    ("About 100 mobilized soldiers refused to go into battle in Feb. 2023, according to their "
     "relatives.", None, DateRange(date(2023, 2, 1), date(2023, 2, 28))),
    ("Ivan, a contract soldier, fled the front when his unit was ordered to attack in Aug. 2023.",
     None, DateRange(date(2023, 8, 1), date(2023, 8, 31))),
    # the village of X, the occupied city of X
    ("Thirty reservists refused to fight in the village of Robotyne in the Zaporizhzhia region, "
     "the General Staff said on Tuesday.", "Robotyne", None),
    ("Eight soldiers fled their positions near the town of Kreminna on the night of Dec. 23.",
     "Kreminna", _day(2022, 12, 23)),
    # a relative clause on the place he fled to dates the flight
    ("Russian officer Ivan Belov deserted his unit, he told AFP in Kazakhstan, where he fled in "
     "Sept. 2022.", None, DateRange(date(2022, 9, 1), date(2022, 9, 30))),
    # the alternative not taken, what was avoided and what followed are not where
    ("Russian officer Ivan Belov deserted his unit rather than fight in Ukraine, he told AFP.",
     None, None),
    ("Maj. Mikhail Zhilin deserted last fall to avoid fighting in Ukraine.",
     None, DateRange(date(2023, 9, 1), date(2023, 11, 30))),
    ("A Wagner fighter deserted in Sept. 2023 and surrendered to the police in Moscow.",
     None, DateRange(date(2023, 9, 1), date(2023, 9, 30))),
    ("Two soldiers deserted from their unit near Bakhmut and were detained in Belgorod.",
     "Bakhmut", None),
    ("Twelve marines refused to attack near Vuhledar and returned to their base in Mariupol.",
     "Vuhledar", None),
    # dates of the report are none of the case's
    ("A group of 15 mobilised soldiers refused to return to the front, their wives told the Kyiv "
     "Independent on Monday.", None, None),
    ("In a video published on Telegram on Wednesday, soldiers of the 1439th Regiment said they "
     "refused to fight.", None, None),
]


@pytest.mark.parametrize(("text", "place", "when"), SENTENCES)
def test_sentences(text: str, place: str | None, when: DateRange | None) -> None:
    incident = _only(text, date(2023, 12, 20))
    assert incident.place == place
    assert incident.when == when


@pytest.mark.parametrize(("text", "found"), [
    ("where he fled in Sept. 2022.", "Sept. 2022"),
    ("in Dec 2023, they said", "Dec 2023"),
    ("on Sept. 21, 2022", "Sept. 21, 2022"),
])
def test_abbreviated_month_with_a_year_is_a_date(text: str, found: str) -> None:
    (a, b, _), = find_dates(text, date(2024, 1, 1))
    assert text[a:b] == found
