"""Date phrases to inclusive day ranges (FORMAT.md "Dates"), and date expressions in a sentence.

    >>> parse_when("in late March", date(2022, 4, 26))
    DateRange(start=datetime.date(2022, 3, 21), end=datetime.date(2022, 3, 31))

Readings: a day is start = end; a month its first to last day; "early/mid/late March" days
1-10/11-20/21-end ("the beginning of" = early, "the end of" = late, "the first/second half of"
1-15/16-end); a year 1 January to 31 December ("early/mid/late 2023" its thirds, "the
beginning/end of 2023" its first/last quarter, halves and quarters as named); seasons spring
Mar-May, summer Jun-Aug, autumn Sep-Nov, winter Dec-Feb ("winter 2023" is Dec 2022-Feb 2023);
"last autumn" the most recent complete autumn before publication; "last week" Monday to Sunday
of the week before publication; "on Monday" the most recent Monday on or before publication,
"last Monday" the one before it; "the beginning of the war" 2022-02-24..2022-03-10, and the
other events in `date_rules.ANCHORS`; "two weeks after mobilisation was announced" that day.
A date without a year takes the year that puts it on or before the reference date. A range that
runs past the publication date is cut at it, unless the phrase is about the future.

"since X" is X itself for `parse_when` (an incident "since the end of May" happened then), and
X's start to the publication date for `parse_period` (a figure covers the whole time since).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from otkaz.models import DateRange
from otkaz.normalize import date_rules as R

__all__ = ["find_dates", "parse_period", "parse_when"]

_PREFIX = re.compile(
    r"^(?:(?:on|in|at|during|by|around|about|circa|sometime\s+in|some\s+time\s+in|back\s+in"
    r"|as\s+early\s+as|as\s+of|over|throughout|of|within|towards?|earlier\s+in|later\s+in"
    r"|only|just|already|the\s+(?:night|morning|evening|afternoon|day)\s+of|(?:late|early)\s+on"
    r"|the\s+(?:early|small|first)\s+hours\s+of)\s+)+"
)
_SINCE = re.compile(r"(?:ever\s+)?(?:since|after|following|from|starting(?:\s+(?:from|in))?"
                    r"|beginning\s+in)\s+(?P<x>.+?)(?:\s+onwards?)?")
_BETWEEN = re.compile(r"(?:between|from)\s+(?P<rest>.+)")
_JOINERS = re.compile(r"\s+(?:and|to|until|till|through)\s+|\s*-\s*")
_OFFSET = re.compile(rf"(?P<n>{R.NUMBER}|a\s+few|several)\s+(?P<unit>days?|weeks?|months?|years?)"
                     r"\s+(?P<dir>after|before|into|later\s+than)\s+(?P<x>.+)")
_VERB_NOT_MONTH = re.compile(r"\b(?:may|march)\b")  # lower-case: the verbs
_WINDOW_AFTER = re.compile(r"(?:in\s+)?(?:the\s+|within\s+)?(?P<unit>days|week|weeks|month)"
                           r"\s+(?:after|following|of)\s+(?P<x>.+)")
_WINDOW_DAYS = {"days": 7, "week": 7, "weeks": 21, "month": 31}
_FUTURE = re.compile(r"\b(?:next|tomorrow|coming)\b")


def _normalise(phrase: str) -> str:
    p = phrase.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    return " ".join(p.split()).strip(" ,;:()\"“”")


def _atomic(p: str, ctx: R.Ctx, bare_anchor: bool = False) -> DateRange | None:
    p = _PREFIX.sub("", p)
    for name, (pattern, handler) in R.RULES.items():
        m = pattern.fullmatch(p)
        if m is None:
            continue
        if name == "anchor" and m.group("bare") and not bare_anchor:
            return None  # "during the war" dates nothing; "since the war" does
        found = handler(m, ctx)
        if found is not None:
            return found
    return None


def _offset(p: str, ctx: R.Ctx) -> DateRange | None:
    m = _OFFSET.fullmatch(p)
    if m is None:
        return None
    base = _atomic(m.group("x"), ctx, bare_anchor=True)
    if base is None:
        return None
    sign = -1 if m.group("dir") == "before" else 1
    n = R.number_value(m.group("n"))
    if n is None:  # "a few days after": two to nine of them
        first, last = R.offset(2, m.group("unit"), sign, base.start), R.offset(
            9, m.group("unit"), sign, base.start)
        return DateRange(min(first, last), max(first, last))
    day = R.offset(n, m.group("unit"), sign, base.start)
    return DateRange(day, day)


def _window(p: str, ctx: R.Ctx) -> DateRange | None:
    """ "the week after mobilisation was announced", "within days of the invasion"."""
    m = _WINDOW_AFTER.fullmatch(p)
    base = _atomic(m.group("x"), ctx, bare_anchor=True) if m else None
    if m is None or base is None:
        return None
    return DateRange(base.start, base.start + timedelta(days=_WINDOW_DAYS[m.group("unit")]))


def _span(p: str, ctx: R.Ctx) -> DateRange | None:
    """ "September to November 2022", "February 24 - March 10": X's start to Y's end."""
    for j in _JOINERS.finditer(p):
        left, right = p[:j.start()], p[j.end():]
        if not left or not right:
            continue
        second = _single(right, ctx)
        if second is None:
            continue
        first = _single(left, R.Ctx(ctx.published, second.end))
        if first is not None and first.start <= second.end:
            return DateRange(first.start, second.end)
    return None


def _single(p: str, ctx: R.Ctx) -> DateRange | None:
    return _offset(p, ctx) or _window(p, ctx) or _atomic(p, ctx)


def _resolve(phrase: str, published: date | None, since_period: bool) -> DateRange | None:
    if _VERB_NOT_MONTH.search(phrase):
        return None  # "may refuse", "march on"
    p = _PREFIX.sub("", _normalise(phrase))
    ctx = R.Ctx(published, published)
    found: DateRange | None = None
    if m := _BETWEEN.fullmatch(p):  # "between 10 and 12 October" is a span of its own
        found = _span(m.group("rest"), ctx) or _single(m.group("rest"), ctx)
    if found is None and (m := _SINCE.fullmatch(p)):
        since = _single(m.group("x"), ctx) or _atomic(m.group("x"), ctx, bare_anchor=True)
        if since is not None and since_period:
            found = DateRange(since.start, published) if published and since.start <= published \
                else None
        else:
            found = since
    if found is None and not p.startswith(("since ", "after ", "between ", "from ")):
        found = _single(p, ctx) or _span(p, ctx)
    if found is None or found.start > found.end:
        return None
    if published and found.start <= published < found.end and not _FUTURE.search(p):
        found = DateRange(found.start, published)
    return found


@lru_cache(maxsize=65536)
def parse_when(phrase: str, published: date | None, *, since_period: bool = False
               ) -> DateRange | None:
    """When a date phrase puts something, as an inclusive range, or None.

        >>> parse_when("on Friday", date(2023, 6, 14))
        DateRange(start=datetime.date(2023, 6, 9), end=datetime.date(2023, 6, 9))

    `since_period=True` reads "since X" as X's start to `published` (as `parse_period` does).
    """
    return _resolve(phrase, published, since_period)


def parse_period(phrase: str, published: date | None) -> DateRange | None:
    """The period a figure covers: "since X" runs from X's start to `published`.

        >>> parse_period("since September 2022", date(2023, 8, 1))
        DateRange(start=datetime.date(2022, 9, 1), end=datetime.date(2023, 8, 1))
    """
    return parse_when(phrase, published, since_period=True)


# -- finding date expressions in a sentence ---------------------------------------------------

def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_CUE = (r"\b(?:in|since|of|until|till|by|from|through|during|before|after|last|this|next"
        r"|early|late|mid)\s+")
_ATOM = "|".join(_unnamed(p.pattern) for p, _ in R.RULES.values())
_ATOM_OR_EVENT = rf"(?:{_ATOM}|{R.ANCHOR_NOUN})"

# -- gates: cheap necessary conditions, so a finder only scans a sentence it could match in ----
#
# Each finder below comes with a gate over the lower-cased sentence. A gate is a necessary
# condition: every match of its finder contains one of the gate's words (or digits), so a
# sentence the gate turns down holds no match and the (costly) scan is skipped. The words are
# plain ASCII, compared in `str.lower()` text; the four non-ASCII letters that IGNORECASE
# matches to ASCII ones (below) switch the gates off, so no sentence is ever turned down that a
# finder would match. tests/normalize/test_dates_gates.py checks both properties.

_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")  # İ ı ſ K (Kelvin sign)
_DIGIT = re.compile(r"\d")
_YEAR_DIGITS = re.compile(r"(?:19[5-9]|20[0-4])\d")  # what every R.YEAR match starts with
_DIGIT_DATE = re.compile(r"\d[./-]\d")  # in "25.02.2022", "2022-02-25"
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
               "dec")  # the first three letters of every R.MONTH_ANY match
_PART_KEYS = ("early", "mid", "late", "beginning", "start", "end", "close", "first", "last",
              "second", "third", "fourth")  # one in every R.PART match ("middle" has "mid")
_RELATIVE_DAY_KEYS = ("today", "tomorrow", "yesterday", "night", "morning", "afternoon",
                      "evening")
_UNIT_KEYS = ("day", "week", "month", "year")
_SEASON_KEYS = ("spring", "summer", "autumn", "fall", "winter")
_ANCHOR_KEYS = ("war", "invasion", "invaded", "attacked", "operation", "mobili", "mutiny",
                "rebellion", "kursk")
_JOINER_WORDS = ("-", "–", "—", "to", "until", "till", "through")
_ATOM_AT = re.compile(rf"\s*(?:{_ATOM})", re.IGNORECASE)


def _has(low: str, keys: tuple[str, ...]) -> bool:
    return any(k in low for k in keys)


def _month(text: str, low: str) -> bool:
    return _has(low, _MONTH_KEYS)


def _digit_and_month(text: str, low: str) -> bool:
    return _has(low, _MONTH_KEYS) and _DIGIT.search(text) is not None


def _year_and_month(text: str, low: str) -> bool:
    return _has(low, _MONTH_KEYS) and _YEAR_DIGITS.search(text) is not None


def _plain_gate(text: str, low: str) -> bool:
    return _digit_and_month(text, low) or "ago" in low or _DIGIT_DATE.search(text) is not None


def _joined_atom(text: str, low: str) -> bool:
    """A joiner ("to", "-", "until") that an atom follows: the span finder needs one."""
    for joiner in _JOINER_WORDS:
        at = low.find(joiner)
        while at >= 0:
            if _ATOM_AT.match(text, at + len(joiner)):
                return True
            at = low.find(joiner, at + 1)
    return False


def _keys(*groups: tuple[str, ...]) -> Callable[[str, str], bool]:
    """A gate that wants one word of each group."""
    return lambda text, low: all(_has(low, g) for g in groups)


Gate = Callable[[str, str], bool]
_SCANS: list[tuple[re.Pattern[str], Gate]] = [(re.compile(p, re.IGNORECASE), gate) for p, gate in (
    (_unnamed(R.RULES["day_span"][0].pattern), _digit_and_month),
    (_unnamed(R.RULES["plain"][0].pattern), _plain_gate),
    (_unnamed(R.RULES["month_part"][0].pattern), _keys(_MONTH_KEYS, _PART_KEYS)),
    (_unnamed(R.RULES["relative_day"][0].pattern), _keys(_RELATIVE_DAY_KEYS)),
    (_unnamed(R.RULES["relative_unit"][0].pattern), _keys(("week", "month", "year"))),
    (_unnamed(R.RULES["weekday"][0].pattern), _keys(R.WEEKDAYS)),
    (_unnamed(R.RULES["recent"][0].pattern), _keys(("past", "last", "previous", "recent"),
                                                   _UNIT_KEYS)),
    # March 2023; Sept. 2022, as the wire services abbreviate it
    (rf"(?:{R.MONTH_FULL}\s+(?:of\s+)?|{R.MONTH_ANY}\s+){R.YEAR}", _year_and_month),
    (rf"{_CUE}(?P<core>{R.MONTH_FULL})", _month),  # in March
    (rf"(?:{R.PART}|mid-)\s*(?:the\s+year\s+)?{R.YEAR}|the\s+year\s+{R.YEAR}"
     rf"|{_CUE}(?P<core2>{R.YEAR})",  # in 2023, the end of 2022
     lambda text, low: _YEAR_DIGITS.search(text) is not None),
    (rf"(?:(?:last|this|past|previous)\s+|(?:{R.PART}|early|mid|late)[\s-]+|in\s+)(?:the\s+)?"
     rf"{R.SEASON}(?:\s+(?:of\s+)?{R.YEAR})?(?!\s+of\s+(?!\d))"
     rf"|(?:the\s+)?{R.SEASON}\s+(?:of\s+)?{R.YEAR}",  # last autumn, the summer of 2023
     _keys(_SEASON_KEYS)),
    (rf"{R.ANCHOR_PART}\s+{R.ANCHOR_NOUN}|when\s+{R.ANCHOR_CLAUSE}",  # the start of the war
     _keys(_ANCHOR_KEYS)),
    (rf"{R.NUMBER}\s+(?:days?|weeks?|months?)\s+(?:after|before|into)\s+{_ATOM_OR_EVENT}",
     _keys(("day", "week", "month"), ("after", "before", "into"))),
    (rf"(?:ever\s+)?(?:since|after|following)\s+{_ATOM_OR_EVENT}",
     _keys(("since", "after", "following"))),
    (rf"(?:the\s+|within\s+)?(?:days|week|weeks|month)\s+(?:after|following|of)\s+"
     rf"{_ATOM_OR_EVENT}", _keys(("days", "week", "month"))),
    (rf"between\s+(?:{_ATOM})\s+and\s+(?:{_ATOM})", _keys(("between",))),
    (rf"from\s+(?:{_ATOM})\s*(?:to|until|till|through|-|–|—)\s*(?:{_ATOM})", _keys(("from",))),
    (rf"(?:{_ATOM})\s*(?:-|–|—|to|until|till|through)\s*(?:{_ATOM})", _joined_atom),
)]
_FINDERS = [finder for finder, _ in _SCANS]
_NAMES = re.compile(rf"\b(?:{R.MONTH_ANY}|{R.WEEKDAY})", re.IGNORECASE)


def _capitalised(text: str) -> bool:
    """Month and weekday names must be capitalised in running text ("may refuse")."""
    return all(m.group()[0].isupper() for m in _NAMES.finditer(text))


def _lowered(text: str) -> str | None:
    """`text` lower-cased for the gates, or None where they cannot be trusted."""
    low = text.lower()
    if len(low) != len(text) or not _FOLDS_TO_ASCII.isdisjoint(text):
        return None
    return low


@lru_cache(maxsize=1024)
def _candidates(text: str) -> tuple[tuple[int, int], ...]:
    """Every finder match that starts and ends at a word edge, longest first, then leftmost."""
    low = _lowered(text)
    candidates: set[tuple[int, int]] = set()
    for finder, gate in _SCANS:
        if low is not None and not gate(text, low):
            continue
        for m in finder.finditer(text):
            core = next((g for g in ("core", "core2") if m.groupdict().get(g)), None)
            start, end = m.span(core) if core else m.span()
            if start < end and (start == 0 or not text[start - 1].isalnum()) and (
                    end == len(text) or not text[end].isalnum()):
                candidates.add((start, end))
    return tuple(sorted(candidates, key=lambda c: (c[0] - c[1], c[0])))


def find_dates(text: str, published: date | None, *, periods: bool = False
               ) -> list[tuple[int, int, DateRange]]:
    """Date expressions in `text` as (start, end, DateRange), longest first, not overlapping.

        >>> find_dates("On 25 February, 12 men refused.", date(2022, 3, 3))
        [(3, 14, DateRange(start=datetime.date(2022, 2, 25), end=datetime.date(2022, 2, 25)))]

    `periods=True` reads "since X" as a figure's period (see `parse_period`).
    """
    taken: list[tuple[int, int, DateRange]] = []
    for start, end in _candidates(text):
        if any(start < e and s < end for s, e, _ in taken):
            continue
        piece = text[start:end]
        if not _capitalised(piece):
            continue
        found = parse_when(piece, published, since_period=periods)
        if found is not None:
            taken.append((start, end, found))
    return sorted(taken, key=lambda t: t[0])

