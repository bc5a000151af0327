"""Date phrases against a publication date, and date expressions found in sentences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otkaz.models import DateRange
from otkaz.normalize.date_rules import season_range
from otkaz.normalize.dates import find_dates, parse_period, parse_when

PUB = date(2023, 6, 14)  # a Wednesday


def d(text: str) -> date:
    return date.fromisoformat(text)


def rng(start: str, end: str | None = None) -> DateRange:
    return DateRange(d(start), d(end or start))


@pytest.mark.parametrize(("phrase", "expected"), [
    # plain dates; a date without a year takes the one that puts it on or before publication
    ("on February 25", rng("2023-02-25")),
    ("25 February", rng("2023-02-25")),
    ("February 25, 2022", rng("2022-02-25")),
    ("on 25 February 2022", rng("2022-02-25")),
    ("Sept. 21", rng("2022-09-21")),
    ("Sept 21", rng("2022-09-21")),
    ("the 3rd of June", rng("2023-06-03")),
    ("on June 20", rng("2022-06-20")),
    ("Friday, February 25", rng("2022-02-25")),  # the year it was a Friday
    # a weekday that fits neither this year nor last is a slip: the year before publication
    # stands, never a year further back where it happens to fit (2018 here)
    ("Sunday, February 25", rng("2023-02-25")),
    ("05.03.2022", rng("2022-03-05")),
    ("2022-10-11", rng("2022-10-11")),
    ("3 days ago", rng("2023-06-11")),
    ("a week ago", rng("2023-06-07")),
    # months and their parts
    ("in March", rng("2023-03-01", "2023-03-31")),
    ("in July", rng("2022-07-01", "2022-07-31")),
    ("March 2023", rng("2023-03-01", "2023-03-31")),
    ("in October 2022", rng("2022-10-01", "2022-10-31")),
    ("in early April", rng("2023-04-01", "2023-04-10")),
    ("mid-March", rng("2023-03-11", "2023-03-20")),
    ("in the middle of May", rng("2023-05-11", "2023-05-20")),
    ("in late April", rng("2023-04-21", "2023-04-30")),
    ("late-April", rng("2023-04-21", "2023-04-30")),
    ("late February 2024", rng("2024-02-21", "2024-02-29")),
    ("at the end of January", rng("2023-01-21", "2023-01-31")),
    ("the end of May", rng("2023-05-21", "2023-05-31")),
    ("at the beginning of March 2022", rng("2022-03-01", "2022-03-10")),
    ("in the first half of March", rng("2023-03-01", "2023-03-15")),
    ("in the second half of October 2022", rng("2022-10-16", "2022-10-31")),
    ("the end of July this year", rng("2023-07-21", "2023-07-31")),
    ("late last month", rng("2023-05-21", "2023-05-31")),
    ("earlier this month", rng("2023-06-01", "2023-06-14")),
    ("last March", rng("2023-03-01", "2023-03-31")),
    ("24-25 February", rng("2023-02-24", "2023-02-25")),
    ("February 24 - March 10, 2022", rng("2022-02-24", "2022-03-10")),
    ("from September to November 2022", rng("2022-09-01", "2022-11-30")),
    # years
    ("in 2024", rng("2024-01-01", "2024-12-31")),
    ("in 2022", rng("2022-01-01", "2022-12-31")),
    ("last year", rng("2022-01-01", "2022-12-31")),
    ("this year", rng("2023-01-01", "2023-06-14")),
    ("in the first half of 2023", rng("2023-01-01", "2023-06-14")),
    ("in the second half of 2022", rng("2022-07-01", "2022-12-31")),
    ("in late 2022", rng("2022-09-01", "2022-12-31")),
    ("at the end of 2022", rng("2022-10-01", "2022-12-31")),
    ("mid-2022", rng("2022-05-01", "2022-08-31")),
    ("the end of last year", rng("2022-10-01", "2022-12-31")),
    ("in the first quarter of 2023", rng("2023-01-01", "2023-03-31")),
    # seasons
    ("in the summer of 2023", rng("2023-06-01", "2023-06-14")),
    ("in the summer of 2022", rng("2022-06-01", "2022-08-31")),
    ("last autumn", rng("2022-09-01", "2022-11-30")),
    ("last fall", rng("2022-09-01", "2022-11-30")),
    ("in the winter", rng("2022-12-01", "2023-02-28")),
    ("last summer", rng("2022-06-01", "2022-08-31")),
    ("in autumn 2022", rng("2022-09-01", "2022-11-30")),
    ("in the spring", rng("2023-03-01", "2023-05-31")),
    ("in late summer 2022", rng("2022-08-01", "2022-08-31")),
    ("the winter of 2022/23", rng("2022-12-01", "2023-02-28")),
    # relative to publication
    ("yesterday", rng("2023-06-13")),
    ("today", rng("2023-06-14")),
    ("the day before yesterday", rng("2023-06-12")),
    ("last night", rng("2023-06-13", "2023-06-14")),
    ("last Tuesday", rng("2023-06-13")),
    ("last Wednesday", rng("2023-06-07")),
    ("on Wednesday", rng("2023-06-14")),
    ("on Monday", rng("2023-06-12")),
    ("on Friday", rng("2023-06-09")),
    ("on Saturday night", rng("2023-06-10")),
    ("last week", rng("2023-06-05", "2023-06-11")),
    ("this week", rng("2023-06-12", "2023-06-14")),
    ("last weekend", rng("2023-06-10", "2023-06-11")),
    ("over the weekend", rng("2023-06-10", "2023-06-11")),
    ("last month", rng("2023-05-01", "2023-05-31")),
    ("in the past two weeks", rng("2023-05-31", "2023-06-14")),
    ("over the past year", rng("2022-06-14", "2023-06-14")),
    # events
    ("at the beginning of the war", rng("2022-02-24", "2022-03-10")),
    ("in the first days of the war", rng("2022-02-24", "2022-03-10")),
    ("at the start of the full-scale invasion", rng("2022-02-24", "2022-03-10")),
    ("when the war began", rng("2022-02-24")),
    ("in the first days of the mobilisation", rng("2022-09-21", "2022-10-05")),
    ("two weeks after mobilisation was announced", rng("2022-10-05")),
    ("a month into the war", rng("2022-03-24")),
    ("three days after Putin announced partial mobilization", rng("2022-09-24")),
    ("in the week after mobilisation was announced", rng("2022-09-21", "2022-09-28")),
    ("within days of the invasion", rng("2022-02-24", "2022-03-03")),
    ("late on Tuesday", rng("2023-06-13")),
    ("in the early hours of February 24", rng("2023-02-24")),
    ("on the night of 23-24 February", rng("2023-02-23", "2023-02-24")),
    ("between October 10 and 12", rng("2022-10-10", "2022-10-12")),
    ("from 10 to 14 October", rng("2022-10-10", "2022-10-14")),
    ("in late September and early October", rng("2022-09-21", "2022-10-10")),
    # "since X" is X for an incident
    ("since the end of May", rng("2023-05-21", "2023-05-31")),
    ("since late May 2022", rng("2022-05-21", "2022-05-31")),
    ("since mobilisation was announced", rng("2022-09-21")),
    ("between September 2022 and the end of July 2023", rng("2022-09-01", "2023-06-14")),
    ("between 30 September and 2 October 2022", rng("2022-09-30", "2022-10-02")),
    # not dates
    ("We", None), ("may", None), ("during the war", None), ("the war", None),
    ("25", None), ("soon", None), ("", None), ("recently", None), ("later", None),
])
def test_parse_when(phrase: str, expected: DateRange | None) -> None:
    assert parse_when(phrase, PUB) == expected


@pytest.mark.parametrize(("phrase", "expected"), [
    ("since January", rng("2023-01-01", "2023-06-14")),
    ("since September 2022", rng("2022-09-01", "2023-06-14")),
    ("since the end of May", rng("2023-05-21", "2023-06-14")),
    ("since mobilisation was announced", rng("2022-09-21", "2023-06-14")),
    ("since the start of the war", rng("2022-02-24", "2023-06-14")),
    ("since the full-scale invasion", rng("2022-02-24", "2023-06-14")),
    ("between September 2022 and the end of July this year", rng("2022-09-01", "2023-06-14")),
    ("in May 2023", rng("2023-05-01", "2023-05-31")),
    ("in the first half of 2023", rng("2023-01-01", "2023-06-14")),
    ("last year", rng("2022-01-01", "2022-12-31")),
    ("so far this year", rng("2023-01-01", "2023-06-14")),
])
def test_parse_period(phrase: str, expected: DateRange) -> None:
    assert parse_period(phrase, PUB) == expected


def test_year_is_picked_against_publication() -> None:
    assert parse_when("on February 25", d("2022-02-25")) == rng("2022-02-25")
    assert parse_when("on February 25", d("2022-02-24")) == rng("2021-02-25")
    assert parse_when("in December", d("2023-01-05")) == rng("2022-12-01", "2022-12-31")
    assert parse_when("last autumn", d("2023-12-05")) == rng("2023-09-01", "2023-11-30")
    assert parse_when("last week", d("2022-10-20")) == rng("2022-10-10", "2022-10-16")


def test_without_publication_only_absolute_dates_resolve() -> None:
    assert parse_when("February 25, 2022", None) == rng("2022-02-25")
    assert parse_when("at the beginning of the war", None) == rng("2022-02-24", "2022-03-10")
    assert parse_when("in late March 2023", None) == rng("2023-03-21", "2023-03-31")
    assert parse_when("yesterday", None) is None
    assert parse_when("on February 25", None) is None
    assert parse_period("since January 2023", None) is None


def test_future_phrases_are_not_cut() -> None:
    assert parse_when("tomorrow", PUB) == rng("2023-06-15")
    assert parse_when("next week", PUB) == rng("2023-06-19", "2023-06-25")


@pytest.mark.parametrize(("text", "found"), [
    ("On February 25, 12 men of the riot police refused.", [("February 25", rng("2023-02-25"))]),
    ("We, the mobilised men, may refuse to march on Moscow.", []),
    ("They may refuse; in May they did.", [("May", rng("2023-05-01", "2023-05-31"))]),
    ("The fall of the town came in the fall of 2022.",
     [("in the fall of 2022", rng("2022-09-01", "2022-11-30"))]),
    ("Two weeks after mobilisation was announced, 70 men walked out.",
     [("Two weeks after mobilisation was announced", rng("2022-10-05"))]),
    ("In 2022 some 300 soldiers, 2000 of them officers, left.",
     [("2022", rng("2022-01-01", "2022-12-31"))]),
    ("Sources said on Monday that in late March the unit refused.",
     [("Monday", rng("2023-06-12")), ("late March", rng("2023-03-21", "2023-03-31"))]),
    ("He has been held since 21 September. Article 337 of the code.",
     [("since 21 September", rng("2022-09-21"))]),
    ("At the beginning of the war, eleven men resigned.",
     [("the beginning of the war", rng("2022-02-24", "2022-03-10"))]),
    ("Between September 2022 and the end of July this year, courts got 5,000 cases.",
     [("Between September 2022 and the end of July this year",
       rng("2022-09-01", "2023-06-14"))]),
    ("The war began long ago; soldiers fought during the war.", []),
])
def test_find_dates(text: str, found: list[tuple[str, DateRange]]) -> None:
    assert [(text[s:e], r) for s, e, r in find_dates(text, PUB)] == found


def test_find_dates_reads_periods_when_asked() -> None:
    text = "Since September 2022, lawyers have helped 317 servicemen."
    [(start, end, period)] = find_dates(text, PUB, periods=True)
    assert text[start:end] == "Since September 2022"
    assert period == rng("2022-09-01", "2023-06-14")


_PUBLISHED = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
_PAST_PHRASES = st.sampled_from([
    "yesterday", "today", "last week", "last month", "last year", "this year", "this month",
    "on Monday", "on Sunday", "last Friday", "in March", "in early February", "in mid-December",
    "at the end of January", "on February 29", "on 31 March", "last autumn", "last winter",
    "in the summer", "in the winter", "earlier this week", "in the past two weeks",
    "late last month", "over the weekend", "in recent months", "since April", "Sept. 21",
])


@given(_PUBLISHED, _PAST_PHRASES)
def test_past_phrases_end_on_or_before_publication(published: date, phrase: str) -> None:
    found = parse_when(phrase, published)
    assert found is not None
    assert found.start <= found.end <= published
    period = parse_period(phrase, published)
    assert period is not None and period.start <= period.end <= published


@given(_PUBLISHED, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_day_and_month_read_either_way(published: date, month: int, day: int) -> None:
    when = date(2000, month, day)
    a = parse_when(when.strftime("%B %d"), published)
    b = parse_when(when.strftime("%d %B"), published)
    assert a == b and a is not None and a.start == a.end
    assert (a.start.month, a.start.day) == (month, day)
    assert published - timedelta(days=366) < a.start <= published


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2049, 12, 31)))
def test_explicit_dates_need_no_publication(day: date) -> None:
    assert parse_when(f"{day.day} {day:%B} {day.year}", None) == DateRange(day, day)


@given(st.sampled_from(["spring", "summer", "autumn", "winter"]),
       st.integers(min_value=1990, max_value=2040))
def test_seasons_last_three_months(season: str, year: int) -> None:
    r = season_range(season, year)
    assert 89 <= (r.end - r.start).days + 1 <= 92
