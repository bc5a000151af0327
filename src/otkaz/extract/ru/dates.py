"""Russian dates resolved against the publication date (FORMAT.md "Dates").

    >>> p = date(2022, 3, 24)
    >>> [(d.start.isoformat(), d.end.isoformat()) for d, _ in find_dates("25 февраля", p)]
    [('2022-02-25', '2022-02-25')]
    >>> find_dates("в конце марта", p)[0][0].start.isoformat()
    '2022-03-21'
    >>> find_dates("осенью 2022 года", p)[0][0].end.isoformat()
    '2022-11-30'

Months, parts of a month and seasons live in `lang/ru/dates.toml`. A date without a year
takes the year that puts it on or before publication; with no publication date a phrase
without a year stays unresolved.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta

from otkaz.lang import alternation, resource, word_set
from otkaz.models import DateRange

Span = tuple[int, int]
_WEEKDAYS = ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье")


@functools.cache
def _vocab() -> tuple[dict[str, int], dict[str, list[int]], dict[str, list[int]], re.Pattern[str]]:
    res = resource("ru", "dates")
    months = {k: int(v) for k, v in res["months"].items()}
    # longest stems first, so that "март" is not read as "ма" (May)
    mon = "|".join(sorted(months, key=len, reverse=True))
    def month(n: int) -> str:
        return rf"(?P<mon{n}>(?:{mon})[а-я]*)"

    def year(n: int) -> str:
        return rf"(?:\s+(?P<year{n}>(?:19|20)\d\d)(?:-?(?:го|г\.?|года|году))?)?"
    days = "|".join(sorted(word_set("ru", "dates", "weekdays")))
    recent = alternation("ru", "dates", "recent")
    rx = re.compile(
        rf"(?P<part>начал[а-я]*|середин[а-я]*|конц[а-я]*)\s+{month(1)}{year(1)}"
        rf"|(?P<day>\d{{1,2}})\s+{month(2)}{year(2)}"
        rf"|(?:(?:со?\s+)|(?:в|во|за)\s+(?=\S+\s*[–—-]))"
        rf"{month(4)}\s*(?:по\s+|[–—-]\s*){month(5)}{year(5)}"
        rf"|(?:в|за)\s+(?P<yfirst>(?:19|20)\d\d)\s*[–—-]\s*(?P<ylast>(?:19|20)\d\d)(?:-?[хе])?"
        rf"\s+(?:годах|годы|года|гг\.?)"
        rf"|(?P<half>перв[а-я]+|втор[а-я]+)\s+(?:половин|полугоди)[а-я]+\s+(?P<hyear>(?:19|20)\d\d)"
        rf"|за\s+(?:первые\s+)?(?P<nmon>\d{{1,2}}|[а-я]+)\s+месяц[а-я]*\s+(?P<nyear>(?:19|20)\d\d)"
        rf"|(?P<quarter>перв[а-я]+|втор[а-я]+|трет[а-я]+|четверт[а-я]+)\s+квартал[а-я]*\s+"
        rf"(?P<qyear>(?:19|20)\d\d)"
        rf"|(?P<season>весн[а-я]*|лет[а-я]*|осен[а-я]*|зим[а-я]*)\s+(?P<syear>(?:19|20)\d\d)"
        rf"|(?:в|во|за)\s+{month(3)}{year(3)}"
        rf"|(?:в|за)\s+(?P<ylone>(?:19|20)\d\d)(?:-м|-й)?\s+(?:году|год)"
        rf"|(?P<ypart>в\s+начале|в\s+конце)\s+(?P<pyear>(?:19|20)\d\d)(?:\s*-?(?:го|г\.?|года))"
        rf"|(?P<lastyear>(?:в\s+(?:{recent})\s+году|за\s+(?:{recent})\s+год)\b)"
        rf"|(?P<lastweek>на прошлой неделе)"
        rf"|(?P<lastmonth>в прошлом месяце)|(?<![\w-])(?P<yesterday>позавчера|вчера)(?![\w-])"
        rf"|(?:в|во)\s+(?:(?P<recent>{recent})\s+)?(?P<wday>{days})\b",
        re.I)
    return months, res["parts"], res["seasons"], rx


def _month(word: str) -> int:
    months = _vocab()[0]
    low = word.lower()
    for stem in sorted(months, key=len, reverse=True):
        if low.startswith(stem):
            return months[stem]
    raise ValueError(word)


def _year(explicit: str | None, month: int, day: int, published: date | None) -> int | None:
    if explicit:
        return int(explicit)
    if published is None:
        return None
    y = published.year
    return y if (month, day) <= (published.month, published.day) else y - 1


def _month_range(y: int, m: int) -> DateRange:
    return DateRange(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def _resolve(m: re.Match[str], published: date | None) -> DateRange | None:
    _, parts, seasons, _ = _vocab()
    g = dict(m.groupdict())
    if g.get("mon4"):  # "с января по май 2024 года": the first month to the end of the last
        last = _month(g["mon5"])
        y = _year(g["year5"], last, 1, published)
        first = _month(g["mon4"])
        if y is None:
            return None
        return DateRange(date(y if first <= last else y - 1, first, 1), _month_range(y, last).end)
    if g.get("yfirst"):  # "за 2022–2023 годы": from the first year's start to the last's end
        return DateRange(date(int(g["yfirst"]), 1, 1), date(int(g["ylast"]), 12, 31))
    for n in (1, 2, 3):  # one name for the month and year of whichever alternative matched
        if g.get(f"mon{n}"):
            g["mon"], g["year"] = g[f"mon{n}"], g[f"year{n}"]
    g.setdefault("mon", None)
    g.setdefault("year", None)
    if g["part"]:
        mon = _month(g["mon"])
        y = _year(g["year"], mon, 1, published)
        if y is None:
            return None
        lo, hi = next(v for k, v in parts.items() if g["part"].lower().startswith(k))
        end = hi or calendar.monthrange(y, mon)[1]
        return DateRange(date(y, mon, lo), date(y, mon, end))
    if g["day"]:
        mon, day = _month(g["mon"]), int(g["day"])
        y = _year(g["year"], mon, day, published)
        if y is None or day > calendar.monthrange(y, mon)[1]:
            return None
        return DateRange(date(y, mon, day), date(y, mon, day))
    if g["half"]:
        y = int(g["hyear"])
        first = g["half"].lower().startswith("перв")
        return DateRange(date(y, 1 if first else 7, 1), date(y, 6 if first else 12,
                                                             30 if first else 31))
    if g["nmon"]:  # "за девять месяцев 2024 года": from January to the end of the ninth month
        n = int(g["nmon"]) if g["nmon"].isdigit() else resource("ru", "numbers")["values"].get(
            g["nmon"].lower(), 0)
        if not 1 <= n <= 12:
            return None
        y = int(g["nyear"])
        return DateRange(date(y, 1, 1), _month_range(y, n).end)
    if g["quarter"]:  # "в первом квартале 2024 года"
        q = ("перв", "втор", "трет", "четв").index(g["quarter"].lower()[:4]) + 1
        y = int(g["qyear"])
        return DateRange(date(y, 3 * q - 2, 1), _month_range(y, 3 * q).end)
    if g["ypart"]:  # "в начале 2023 года": its first quarter; "в конце": its last
        y = int(g["pyear"])
        if "начал" in g["ypart"].lower():
            return DateRange(date(y, 1, 1), date(y, 3, 31))
        return DateRange(date(y, 10, 1), date(y, 12, 31))
    if g["season"]:
        y = int(g["syear"])
        lo, hi = next(v for k, v in seasons.items() if g["season"].lower().startswith(k))
        start_year = y - 1 if lo > hi else y
        return DateRange(date(start_year, lo, 1), _month_range(y, hi).end)
    if g["mon"]:
        mon = _month(g["mon"])
        y = _year(g["year"], mon, 1, published)
        return None if y is None else _month_range(y, mon)
    if g["ylone"]:
        y = int(g["ylone"])
        return DateRange(date(y, 1, 1), date(y, 12, 31))
    if published is None:
        return None
    if g["lastyear"]:
        y = published.year - 1
        return DateRange(date(y, 1, 1), date(y, 12, 31))
    if g["lastmonth"]:
        month_before = published.replace(day=1) - timedelta(days=1)
        return _month_range(month_before.year, month_before.month)
    if g["yesterday"]:
        return DateRange(*[published - timedelta(days=2 if len(g["yesterday"]) > 5 else 1)] * 2)
    if g["lastweek"]:
        monday = published - timedelta(days=published.weekday() + 7)
        return DateRange(monday, monday + timedelta(days=6))
    if g["wday"]:
        target = _WEEKDAYS.index(g["wday"].lower())
        back = (published.weekday() - target) % 7
        if back == 0 and g["recent"]:
            back = 7  # "в минувшую пятницу", said on a Friday: a week ago
        that_day = published - timedelta(days=back)
        return DateRange(that_day, that_day)
    return None


def find_dates(text: str, published: date | None, offset: int = 0
               ) -> list[tuple[DateRange, Span]]:
    """Every date phrase in `text` that resolves, with its span (shifted by `offset`)."""
    rx = _vocab()[3]
    out: list[tuple[DateRange, Span]] = []
    for m in rx.finditer(text):
        try:
            found = _resolve(m, published)
        except ValueError:
            continue
        if found is not None:
            out.append((found, (m.start() + offset, m.end() + offset)))
    return out


_SINCE_MONTH = re.compile(r"(?<![\w-])(?:начиная\s+)?со?\s+(?P<mon>[а-яё]+)\s+"
                          r"(?P<year>(?:19|20)\d\d)(?:-?(?:го|г\.?|года))?", re.I)


def since_month(text: str, published: date | None, offset: int = 0
                ) -> list[tuple[DateRange, tuple[int, int]]]:
    """ "с сентября 2022 года": from that month's first day up to `published`.

        >>> since_month("с сентября 2022 года вынесено", date(2024, 6, 18))[0][0].start
        datetime.date(2022, 9, 1)
    """
    out: list[tuple[DateRange, tuple[int, int]]] = []
    if published is None:
        return out
    for m in _SINCE_MONTH.finditer(text):
        try:
            month = _month(m.group("mon"))
        except ValueError:
            continue
        start = date(int(m.group("year")), month, 1)
        if start <= published:
            out.append((DateRange(start, published), (offset + m.start(), offset + m.end())))
    return out

