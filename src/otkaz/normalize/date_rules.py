"""The calendar arithmetic and the phrase rules behind `otkaz.normalize.dates`.

    >>> month_part(2022, 3, "late")
    DateRange(start=datetime.date(2022, 3, 21), end=datetime.date(2022, 3, 31))

Each rule is a regular expression over a lower-cased phrase (leading prepositions removed)
and a handler that turns its match into a `DateRange`, given a `Ctx` that holds the
publication date. Plain dates ("February 25, 2022", "25.02.2022", "3 days ago") go to
dateparser; the rules cover what dateparser cannot read (FORMAT.md "Dates").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from dateparser.date import DateDataParser

from otkaz.models import DateRange


@dataclass(frozen=True)
class Anchor:
    """An event that dates are told against: its day and its first days."""

    day: date
    first_days_end: date


# The events that news dates refusals against ("two weeks after mobilisation was announced").
ANCHORS: dict[str, Anchor] = {
    "war": Anchor(date(2022, 2, 24), date(2022, 3, 10)),  # the full-scale invasion
    "mobilisation": Anchor(date(2022, 9, 21), date(2022, 10, 5)),  # partial mobilisation
    "mutiny": Anchor(date(2023, 6, 23), date(2023, 6, 24)),  # Wagner's mutiny
    "kursk": Anchor(date(2024, 8, 6), date(2024, 8, 20)),  # Ukraine's Kursk incursion
}


@dataclass(frozen=True)
class Ctx:
    """What a phrase resolves against: the publication date, and the date that picks the year
    of a date written without one (the publication date, or the end of a range's other side)."""

    published: date | None
    year_ref: date | None


# -- calendar arithmetic ------------------------------------------------------------------

def month_range(year: int, month: int) -> DateRange:
    return DateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


_MONTH_PARTS = {"early": (1, 10), "start": (1, 10), "mid": (11, 20), "late": (21, 31),
                "end": (21, 31), "h1": (1, 15), "h2": (16, 31)}
# A year's "early" is its first third, "the beginning" its first quarter, and so on.
_YEAR_PARTS = {"early": (1, 4), "start": (1, 3), "mid": (5, 8), "late": (9, 12), "end": (10, 12),
               "h1": (1, 6), "h2": (7, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9),
               "q4": (10, 12)}
_SEASON_PART = {"early": 0, "start": 0, "mid": 1, "late": 2, "end": 2}


def month_part(year: int, month: int, part: str | None) -> DateRange:
    whole = month_range(year, month)
    if part is None or part not in _MONTH_PARTS:
        return whole
    first, last = _MONTH_PARTS[part]
    return DateRange(date(year, month, first), min(whole.end, date(year, month, 1)
                                                   + timedelta(days=last - 1)))


def year_part(year: int, part: str | None) -> DateRange:
    first, last = _YEAR_PARTS.get(part or "", (1, 12))
    return DateRange(date(year, first, 1), month_range(year, last).end)


SEASON_FIRST_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def season_range(season: str, year: int, part: str | None = None) -> DateRange:
    """Spring Mar-May, summer Jun-Aug, autumn Sep-Nov; winter `year` is Dec year-1 to Feb year."""
    first = SEASON_FIRST_MONTH[season]
    start_year = year - 1 if first == 12 else year
    months = [(start_year + (first + k - 1) // 12, (first + k - 1) % 12 + 1) for k in range(3)]
    if part in _SEASON_PART:
        y, m = months[_SEASON_PART[part]]
        return month_range(y, m)
    return DateRange(month_range(*months[0]).start, month_range(*months[2]).end)


def latest_on_or_before(ref: date, make: Callable[[int], DateRange]) -> DateRange | None:
    """The latest `make(year)` that starts on or before `ref` (dates written without a year)."""
    for year in range(ref.year + 1, ref.year - 8, -1):
        try:
            rng = make(year)
        except ValueError:  # February 29 in a common year
            continue
        if rng.start <= ref:
            return rng
    return None


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def shift_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


# -- vocabulary -------------------------------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_FULL = r"(?:" + "|".join(MONTHS) + r")\b"
MONTH_ANY = (r"(?:(?:" + "|".join(MONTHS) + r")\b"
             r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?)")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")\b"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
YEAR = r"(?:19[5-9]\d|20[0-4]\d)\b"
SEASON = r"(?:spring|summer|autumn|fall|winter)\b"
NUMBER = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
          r"|a\s+couple\s+of)")
PART = (r"(?:early|mid|late|(?:the\s+)?(?:very\s+)?(?:beginning|start|middle|end|close)\s+of"
        r"|(?:the\s+)?(?:first|last)\s+(?:few\s+)?(?:days|week|weeks|ten\s+days|months)\s+of"
        r"|(?:the\s+)?(?:first|second)\s+half\s+of"
        r"|(?:the\s+)?(?:first|second|third|fourth|last)\s+quarter\s+of)")
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_NOUN_WAR = (r"(?:the\s+)?(?:full[-\s]scale\s+)?(?:russian\s+)?(?:war(?:\s+in\s+ukraine)?"
             r"|invasion(?:\s+of\s+ukraine)?|[\"'“‘]?special\s+military\s+operation[\"'”’]?)")
_NOUN_MOBILISATION = (r"(?:the\s+)?(?:announcement\s+of\s+(?:the\s+)?)?(?:partial\s+)?"
                      r"mobili[sz]ation")
_NOUN_MUTINY = r"(?:the\s+)?(?:wagner(?:'s)?\s+|prigozhin(?:'s)?\s+)?(?:mutiny|rebellion)"
_NOUN_KURSK = r"(?:the\s+)?(?:ukrainian\s+)?(?:incursion|offensive)\s+into\s+(?:the\s+)?kursk\b"
ANCHOR_NOUN = rf"(?:{_NOUN_WAR}|{_NOUN_MOBILISATION}|{_NOUN_MUTINY}|{_NOUN_KURSK})"
ANCHOR_CLAUSE = (
    r"(?:(?:the\s+)?(?:full[-\s]scale\s+)?(?:war|invasion)\s+(?:began|started|broke\s+out)"
    r"|russia\s+(?:invaded|attacked)\s+ukraine"
    r"|(?:the\s+)?(?:partial\s+)?mobili[sz]ation\s+(?:was\s+)?(?:announced|declared|began)"
    r"|(?:putin|the\s+president|the\s+kremlin)\s+(?:announced|declared)\s+(?:a\s+)?"
    r"(?:partial\s+)?mobili[sz]ation)"
)


def anchor_key(text: str) -> str | None:
    if "mobili" in text:
        return "mobilisation"
    if "mutiny" in text or "rebellion" in text:
        return "mutiny"
    if "kursk" in text:
        return "kursk"
    if re.search(r"war|invasion|invaded|attacked|operation", text):
        return "war"
    return None


def part_kind(text: str | None) -> str | None:
    if not text:
        return None
    t = text
    if "half" in t:
        return "h1" if "first" in t else "h2"
    if "quarter" in t:
        return {"first": "q1", "second": "q2", "third": "q3"}.get(t.split()[-3], "q4")
    if t.startswith("early"):
        return "early"
    if t.startswith("mid") or "middle" in t:
        return "mid"
    if t.startswith("late"):
        return "late"
    if "first" in t or "beginning" in t or "start" in t:
        return "start"
    return "end"  # the end of, the close of, the last days of


def month_number(word: str) -> int:
    return 1 + MONTHS.index(next(m for m in MONTHS if m.startswith(word.lower().rstrip(".")[:3])))


def number_value(word: str) -> int | None:
    word = " ".join(word.split())
    if word.isdigit():
        return int(word)
    if word.startswith("a couple"):
        return 2
    return _WORD_NUMBERS.get(word)


# -- dateparser for plain dates -----------------------------------------------------------

@cache
def _dateparser(base: date) -> DateDataParser:
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY",
    })


def plain_date(text: str, ctx: Ctx) -> DateRange | None:
    """A plain date via dateparser: a day is start = end, a month or year is all of it."""
    base = ctx.year_ref or ctx.published
    if base is None and not re.search(YEAR, text):
        return None
    data = _dateparser(base or date(2000, 1, 1)).get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    named = re.match(WEEKDAY, text)
    if named and data.period == "day" and not re.search(YEAR, text):
        wanted = WEEKDAYS.index(named.group())  # "Friday, February 25": the year it was a Friday
        # news tells of this year or last; a weekday that fits neither is a slip, not a clue
        # to a date six years back
        for back in range(2):
            try:
                candidate = d.replace(year=d.year - back)
            except ValueError:
                continue
            if candidate.weekday() == wanted:
                return DateRange(candidate, candidate)
    if data.period == "month" and "ago" not in text:
        return month_range(d.year, d.month)
    if data.period == "year" and "ago" not in text:
        return year_part(d.year, None)
    return DateRange(d, d)


# -- rules: (pattern, handler) ---------------------------------------------------------------

Handler = Callable[[re.Match[str], Ctx], DateRange | None]
RULES: dict[str, tuple[re.Pattern[str], Handler]] = {}  # by name, in the order they are tried


def rule(pattern: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        RULES[fn.__name__.lstrip("_")] = (re.compile(pattern), fn)
        return fn
    return register


def _year_of(m: re.Match[str], ctx: Ctx, make: Callable[[int], DateRange]) -> DateRange | None:
    """`make` for the year the match names ("2023", "this year", "last year"), or else for
    the year that puts it on or before the reference date."""
    year = m.group("year")
    if year:
        if year.isdigit():
            return make(int(year))
        if ctx.published is None:
            return None
        return make(ctx.published.year - (1 if year.startswith(("last", "the previous")) else 0))
    ref = ctx.year_ref or ctx.published
    return latest_on_or_before(ref, make) if ref else None


_YEARISH = rf"(?:,?\s+(?:of\s+)?(?P<year>{YEAR}|this\s+year|last\s+year|the\s+previous\s+year))"


@rule(rf"(?:(?P<d1>{DAY})\s*(?:-|to|and)\s*(?P<d2>{DAY})\s+(?:of\s+)?(?P<month>{MONTH_ANY})"
      rf"|(?P<month2>{MONTH_ANY})\s+(?P<d3>{DAY})\s*(?:-|to|and)\s*(?P<d4>{DAY})){_YEARISH}?")
def _day_span(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    month = month_number(m.group("month") or m.group("month2"))
    d1, d2 = (int(re.sub(r"\D", "", m.group(g) or "")) for g in (
        ("d1", "d2") if m.group("d1") else ("d3", "d4")))
    if d1 >= d2:
        return None
    return _year_of(m, ctx, lambda y: DateRange(date(y, month, d1), date(y, month, d2)))


@rule(rf"(?:{WEEKDAY},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH_ANY}(?:,?\s+{YEAR})?"
      rf"|(?:{WEEKDAY},?\s+)?{MONTH_ANY}\s+{DAY}(?:,?\s+{YEAR})?"
      r"|\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d"
      rf"|{NUMBER}\s+(?:days?|weeks?|months?|years?)\s+ago")
def _plain(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    return plain_date(m.group(), ctx)


@rule(rf"(?P<part>{PART}|mid-|early-|late-)\s*(?:the\s+month\s+of\s+)?(?P<month>{MONTH_FULL})"
      rf"{_YEARISH}?")
def _month_part(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    month, part = month_number(m.group("month")), part_kind(m.group("part").rstrip("-"))
    return _year_of(m, ctx, lambda y: month_part(y, month, part))


@rule(rf"(?:(?P<rel>last|this)\s+)?(?:the\s+month\s+of\s+)?(?P<month>{MONTH_FULL}"
      rf"|{MONTH_ANY}(?=\s+\d)){_YEARISH}?")
def _month(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    """ "March 2023", "in March"; "last March" is the latest March that ended before the
    reference date."""
    month, ref = month_number(m.group("month")), ctx.year_ref or ctx.published
    if m.group("rel") == "last" and not m.group("year") and ref:
        return latest_on_or_before(ref - timedelta(days=1), lambda y: month_range(
            y - (1 if month_range(y, month).end >= ref else 0), month))
    return _year_of(m, ctx, lambda y: month_range(y, month))


@rule(rf"(?:(?P<part>{PART}|mid-|early-|late-)\s*)?(?:the\s+year\s+)?(?P<year>{YEAR})"
      rf"|(?P<part2>{PART})\s+(?P<rel>last|this|the\s+previous|the\s+current)\s+year"
      rf"|(?P<part3>{PART}|early|late)\s+(?:the\s+)?year")
def _year(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    part = part_kind((m.group("part") or m.group("part2") or m.group("part3") or "").rstrip("-"))
    if m.group("year"):
        return year_part(int(m.group("year")), part)
    if ctx.published is None:
        return None
    back = 1 if (m.group("rel") or "").startswith(("last", "the previous")) else 0
    return year_part(ctx.published.year - back, part)


@rule(rf"(?:(?P<rel>last|this|past|previous)\s+)?(?:(?P<part>{PART}|early|mid|late)[\s-]*)?"
      rf"(?:the\s+)?(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR})"
      r"(?:\s*[-/]\s*(?P<year2>\d{2,4}))?)?")
def _season(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    season, part = m.group("season"), part_kind(m.group("part"))
    if m.group("year"):
        year = int(m.group("year")) + (1 if season == "winter" and m.group("year2") else 0)
        return season_range(season, year, part)
    ref = ctx.year_ref or ctx.published
    if ref is None:
        return None
    rel = m.group("rel")
    if rel in ("last", "past", "previous"):  # the most recent complete season
        for year in range(ref.year + 1, ref.year - 3, -1):
            if season_range(season, year).end < ref:
                return season_range(season, year, part)
    if rel == "this" and season == "winter":
        return season_range(season, ref.year + (1 if ref.month >= 7 else 0), part)
    if rel == "this":
        return season_range(season, ref.year, part)
    return latest_on_or_before(ref, lambda y: season_range(season, y, part))


_RELATIVE_DAYS = {"today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                  "tonight": 0, "earlier today": 0, "yesterday": -1, "last night": -1,
                  "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1,
                  "the day before yesterday": -2, "tomorrow": 1}


@rule("|".join(_RELATIVE_DAYS))
def _relative_day(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    if ctx.published is None:
        return None
    d = ctx.published + timedelta(days=_RELATIVE_DAYS[m.group()])
    return DateRange(d, ctx.published) if m.group() == "last night" else DateRange(d, d)


@rule(r"(?:(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)\s+)?"
      r"(?P<rel>last|past|previous|this|earlier\s+this|next|so\s+far\s+this|the\s+current)"
      r"\s+(?P<unit>week|weekend|month|year)|(?P<rel2>the)\s+(?P<unit2>weekend)")
def _relative_unit(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    pub = ctx.published
    if pub is None:
        return None
    rel, unit = m.group("rel") or m.group("rel2"), m.group("unit") or m.group("unit2")
    part = part_kind(m.group("part"))
    step = {"next": 1}.get(rel, -1 if rel in ("last", "past", "previous") else 0)
    if unit == "week":
        start = monday(pub) + timedelta(weeks=step)
        return DateRange(start, start + timedelta(days=6))
    if unit == "weekend":  # "last weekend" said on a Monday: the Saturday and Sunday before
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if rel == "the" or (step < 0 and pub.weekday() < 5):
            step = 0
        saturday += timedelta(weeks=step)
        return DateRange(saturday, saturday + timedelta(days=1))
    if unit == "month":
        first = shift_months(pub.replace(day=1), step)
        return month_part(first.year, first.month, part)
    return year_part(pub.year + step, part)


@rule(rf"(?:(?P<rel>last|past|this|next)\s+)?(?P<weekday>{WEEKDAY})"
      r"(?:\s+(?:night|morning|afternoon|evening))?")
def _weekday(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    """The most recent such weekday on or before publication ("last": strictly before)."""
    pub = ctx.published
    if pub is None:
        return None
    target, rel = WEEKDAYS.index(m.group("weekday")), m.group("rel")
    if rel == "next":
        d = pub + timedelta(days=(target - pub.weekday()) % 7 or 7)
    else:
        back = (pub.weekday() - target) % 7
        d = pub - timedelta(days=back or (7 if rel in ("last", "past") else 0))
    return DateRange(d, d)


@rule(r"(?:(?:in|over|during|for)\s+)?(?:the\s+)?(?P<rel>past|last|previous|recent)\s+"
      rf"(?:(?P<n>few|{NUMBER})\s+)?(?P<unit>days|weeks|months|years|year|month)")
def _recent(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    """ "the past two weeks", "recent months": from that long before publication to it."""
    pub, unit = ctx.published, m.group("unit").rstrip("s")
    if pub is None or (m.group("n") is None and m.group("unit").endswith("s")
                       and m.group("rel") in ("last", "previous")):
        return None
    n = number_value(m.group("n") or "") or {"day": 7, "week": 4, "month": 3, "year": 1}[unit]
    if m.group("n") is None and not m.group("unit").endswith("s"):
        n = 1
    if unit == "day":
        start = pub - timedelta(days=n)
    elif unit == "week":
        start = pub - timedelta(weeks=n)
    else:
        start = shift_months(pub, -n * (12 if unit == "year" else 1))
    return DateRange(start, pub)


ANCHOR_PART = (r"(?:the\s+)?(?:very\s+)?(?:beginning|start|outbreak|onset|first\s+days"
               r"|first\s+weeks|early\s+days|first\s+hours)\s+of")


@rule(rf"(?P<part>{ANCHOR_PART})\s+(?P<noun>{ANCHOR_NOUN})"
      rf"|(?:when\s+)?(?P<clause>{ANCHOR_CLAUSE})|(?P<bare>{ANCHOR_NOUN})")
def _anchor(m: re.Match[str], ctx: Ctx) -> DateRange | None:
    key = anchor_key(m.group())
    if key is None:
        return None
    anchor = ANCHORS[key]
    if m.group("part"):
        return DateRange(anchor.day, anchor.first_days_end)
    return DateRange(anchor.day, anchor.day)


def offset(n: int, unit: str, sign: int, day: date) -> date:
    unit = unit.rstrip("s")
    if unit == "day":
        return day + timedelta(days=sign * n)
    if unit == "week":
        return day + timedelta(weeks=sign * n)
    return shift_months(day, sign * n * (12 if unit == "year" else 1))
