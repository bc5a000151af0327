"""Count phrases to `Range` (FORMAT.md "Counts"), and count expressions found in a sentence.

    >>> parse_count("about 80 Russian conscripts")
    Range(low=80, high=80)

Readings (FORMAT.md, plus the choices documented here):

- integers as stated, in digits ("1,146") or words ("two hundred and fifty", "Fifteen");
- "about/approximately/nearly/almost/roughly/around/some/as many as N" -> N..N;
- "more than/over/at least/upwards of/no fewer than N", "N or more", "N+", "exceeded N"
  -> N..None;
- "up to/no more than/at most/fewer than/less than/under N" -> None..N;
- "N to M", "between N and M", "from N to M", "N-M", "N or M" -> N..M;
- "several", "a few", "a handful of" -> 3..9; "a couple of" -> 2..2; "a dozen" -> 12..12;
  "half a dozen" -> 6..6; "N dozen" -> 12N; "dozens", "tens of", "several/a few dozen" -> 24..99;
  "hundreds", "several/a few hundred" -> 200..999; "thousands", "several thousand" -> 2000..9999;
  "tens of thousands" -> 20000..99999; "hundreds of thousands" -> 200000..999999;
- a determiner with a singular person noun ("a soldier", "another serviceman", "one marine",
  "a 23-year-old conscript", "a lieutenant") -> 1..1;
- "a group", "some", "many" and other counts without a number -> None.

`find_counts` skips numbers that are not counts: years, dates ("February 25", "25 February"),
article and unit numbers ("Article 337", "military unit 12345"), ordinals ("3rd"), equipment
names ("T-72"), ages ("23-year-old", "aged 23", "Ivanov, 23,"), money, percentages, times,
durations ("five years") and measures ("30 km").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from otkaz.models import Range

__all__ = ["find_counts", "parse_count"]

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?!\d|,\d)(?:\.\d+)?"  # 1,146 / 12,000.5 / "1,000, and"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"  # 300 000 (translated from Russian)
    r"|\d+(?:\.\d+)?"  # 60 / 1.5
    r"|[A-Za-z]+(?:['’][A-Za-z]+)*"  # words, with inner apostrophes
    r"|\S"
)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Modifiers before a number: how they turn N into a Range.
_APPROX, _MIN, _MAX = "approx", "min", "max"
_MODIFIERS: dict[tuple[str, ...], str] = {
    **{(w,): _APPROX for w in (
        "about", "approximately", "nearly", "almost", "roughly", "around", "some", "circa",
        "approx", "estimated", "exactly", "only", "another",
    )},
    ("close", "to"): _APPROX, ("an", "estimated"): _APPROX, ("as", "many", "as"): _APPROX,
    ("as", "few", "as"): _APPROX, ("a", "total", "of"): _APPROX, ("a", "further"): _APPROX,
    ("an", "additional"): _APPROX, ("some", "estimated"): _APPROX, ("up", "to", "about"): _MAX,
    **{(w,): _MIN for w in ("over", "above")},
    # "the number exceeded 3,000": more than 3,000
    **{(w,): _MIN for w in ("exceeded", "exceeds", "exceeding", "surpassed", "topped")},
    ("more", "than"): _MIN, ("at", "least"): _MIN, ("upwards", "of"): _MIN,
    ("in", "excess", "of"): _MIN, ("no", "fewer", "than"): _MIN, ("no", "less", "than"): _MIN,
    ("not", "fewer", "than"): _MIN, ("not", "less", "than"): _MIN, ("well", "over"): _MIN,
    ("just", "over"): _MIN, ("well", "above"): _MIN, ("a", "minimum", "of"): _MIN,
    ("at", "least", "another"): _MIN, ("more", "than", "another"): _MIN,
    ("up", "to"): _MAX, ("no", "more", "than"): _MAX, ("not", "more", "than"): _MAX,
    ("at", "most"): _MAX, ("fewer", "than"): _MAX, ("less", "than"): _MAX, ("under", ): _MAX,
    ("just", "under"): _MAX, ("a", "maximum", "of"): _MAX,
}

# Vague quantities, longest first when matched.
_VAGUE: dict[tuple[str, ...], Range] = {
    ("tens", "of", "thousands"): Range(20_000, 99_999),
    ("hundreds", "of", "thousands"): Range(200_000, 999_999),
    ("several", "dozen"): Range(24, 99), ("a", "few", "dozen"): Range(24, 99),
    ("dozens",): Range(24, 99), ("tens", "of"): Range(24, 99),
    ("several", "hundred"): Range(200, 999), ("a", "few", "hundred"): Range(200, 999),
    ("hundreds",): Range(200, 999),
    ("several", "thousand"): Range(2000, 9999), ("a", "few", "thousand"): Range(2000, 9999),
    ("thousands",): Range(2000, 9999),
    ("half", "a", "dozen"): Range(6, 6), ("a", "dozen"): Range(12, 12),
    ("a", "couple", "of"): Range(2, 2), ("a", "handful", "of"): Range(3, 9),
    ("a", "few"): Range(3, 9), ("several",): Range(3, 9),
}

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_TIME_UNITS = (
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century"
    r"|nights?|times|yrs?|hrs?|mins?"
)
_MEASURES = (
    r"km|kms|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|m|mm|cm|kg|kilo(?:gram)?s?|tonnes?|tons?"
    r"|hectares?|square|sq|degrees?|°|calibre|caliber|mph|kph|km/h|gb|mb"
)
_MONEY = (
    r"r(?:o|u|ou)bles?|rub|rur|dollars?|usd|euros?|eur|hryvnias?|hryvnyas?|uah|pounds?|gbp"
    r"|francs?|lari|tenge|dram|manat|yuan|bucks"
)
# Context that makes a number something other than a count.
_BEFORE_NOT_COUNT = re.compile(
    r"(?:\b(?:articles?|art|parts?|paragraphs?|para|sections?|clauses?|points?|items?|no|nos"
    r"|numbers?|units?|pages?|p|pp|chapters?|aged?|age\s+of|at|rooms?|floors?"
    r"|bus|route|highway|flight|file|code"
    r")\.?\s*|[$€£₽¥#№]\s*|[A-Za-z]-\s*|[A-Za-z]|\d[.,:/])$",
    re.IGNORECASE,
)
_AFTER_NOT_COUNT = re.compile(
    r"^(?:\s*(?:%|percent\b|per\s*cent\b|pc\b|percentage\b"
    r"|(?:" + _MONEY + r")\b|(?:" + _TIME_UNITS + r")\b|(?:" + _MEASURES + r")(?![A-Za-z])"
    r"|[ap]\.?m\b\.?|o['’]clock\b|gmt\b|utc\b|moscow\s+time\b|(?:st|nd|rd|th)\b)"
    r"|[A-Za-z]|[.,:/]\d|-(?!\s*(?:strong|man|member|person)\b)[A-Za-z])",
    re.IGNORECASE,
)
# A day of a month: "February 25", "Feb. 25", "25 February", "24-25 February".
_BEFORE_MONTH = re.compile(r"\b(?:" + _MONTHS + r")\.?\s*$", re.IGNORECASE)
_AFTER_MONTH = re.compile(r"^\s*(?:of\s+)?(?:" + _MONTHS + r")\b", re.IGNORECASE)
_BEFORE_YEAR = re.compile(
    r"\b(?:in|since|of|from|by|until|till|to|during|before|after|year|early|late|mid|summer"
    r"|autumn|fall|winter|spring|and|or|between|" + _MONTHS + r")\.?,?\s*$",
    re.IGNORECASE,
)
# "Articles 337 and 338", "Parts 1, 2 or 3": later numbers of a list that starts as non-counts.
# One article then a comma starts no list ("820 cases under Article 337, 51 under Article
# 332"): the number after it is a count.
_NUMBER_LIST_TAIL = re.compile(
    r"\b(?:(?:articles|parts|paragraphs|sections|clauses|points|nos|numbers|units)"
    r"\.?\s*\d[\d.]*(?:\s*(?:,|and|or|&|-|–|to)\s*\d[\d.]*)*\s*(?:,|and|or|&|-|–|to)"
    r"|(?:article|art|part|paragraph|section|clause|point|no|number|unit)"
    r"\.?\s*\d[\d.]*(?:\s*(?:and|or|&|-|–|to)\s*\d[\d.]*)*\s*(?:and|or|&|-|–|to))\s*$",
    re.IGNORECASE,
)
# "... and 37 under Article 338": a count of cases under the next article, not its number.
_COUNTED_UNDER = re.compile(r"\s+(?:under|cases?|sentences?|convictions?|verdicts?)\b",
                            re.IGNORECASE)
_LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
_LIST_MARK = re.compile(r"[.)](?:\s|$)")
_LEADING_OF = re.compile(r"^\s*of\b")
_AGE_BETWEEN_COMMAS = re.compile(r"[A-Z][a-z]+,\s*$")



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PERSON_SINGULAR = _words("""
    soldier serviceman servicewoman servicemember member man woman person conscript draftee
    recruit reservist mobilisee mobilizee officer lieutenant captain major colonel general
    sergeant private corporal commander marine paratrooper sailor seaman fighter militant
    mercenary volunteer contractor trooper guardsman policeman policewoman employee deserter
    refusenik objector prisoner convict inmate cadet pilot tankman gunner sniper medic driver
    crewman son husband brother father boy guy relative resident native citizen veteran
    defendant serviceperson warrant ensign midshipman rifleman infantryman airman paramedic
""")
_PERSON_PLURAL = _words("""
    soldiers servicemen servicewomen servicemembers members men women people persons
    conscripts draftees recruits reservists mobilised mobilized mobilisees officers lieutenants
    captains majors colonels generals sergeants privates corporals commanders marines
    paratroopers sailors seamen fighters militants mercenaries volunteers contractors troopers
    guardsmen policemen employees deserters refuseniks objectors prisoners convicts inmates
    cadets pilots tankmen gunners snipers medics drivers crewmen sons husbands brothers boys
    guys relatives residents natives citizens veterans defendants troops personnel staff
    servicepeople riflemen infantrymen airmen paramedics
""")
# Person nouns that often modify another noun ("a marine brigade", "a major offensive").
_ADJECTIVAL_NOUNS = _words("major general private marine volunteer native resident")
_NOT_AFTER_PERSON = _words("""
    brigade brigades battalion battalions regiment regiments unit units corps division divisions
    company companies detachment detachments infantry base bases group groups formation fleet
    force forces movement organisation organization centre center fund service offensive strike
    mobilisation mobilization staff military public election elections sector
""")
_FUNCTION_WORDS = _words("""
    who whom whose that which from of in on at with and or but was were is are had has have
    said says told named serving based also then later himself did does could would will
    refused deserted fled left went ran
""")
_ADJECTIVES = _words("mobilised mobilized")  # also nouns: "the mobilised"
_DETERMINERS_FIND = frozenset({"a", "an", "another", "one", "single"})
_DETERMINERS_PHRASE = _DETERMINERS_FIND | {"the", "this", "that", "his", "her", "my", "our"}
_SINGULAR_STOP = _words("""
    of who whom that which and or but with from in on at to for by as group number lot couple
    few dozen handful total unit company battalion regiment brigade squad platoon crowd
    between about into over after before against than among is was were are be been has had
    a an the his her their its this that these those said says told""")



@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int

    @property
    def is_digits(self) -> bool:
        return self.text[0].isdigit()


@cache
def _tokens(text: str) -> tuple[_Tok, ...]:
    return tuple(_Tok(m.group(), m.group().lower(), m.start(), m.end())
                 for m in _TOKEN.finditer(text))


@dataclass(frozen=True)
class _Number:
    value: int
    first: int  # index of its first token
    stop: int  # index after its last token


def _adjacent(toks: tuple[_Tok, ...], i: int) -> bool:
    """True when token i+1 follows token i with no space."""
    return i + 1 < len(toks) and toks[i].end == toks[i + 1].start


def _read_digits(toks: tuple[_Tok, ...], i: int) -> _Number | None:
    text = re.sub(r"[,\s]", "", toks[i].text)
    stop = i + 1
    if stop < len(toks) and toks[stop].low in _SCALES:
        return _Number(round(float(text) * _SCALES[toks[stop].low]), i, stop + 1)
    if stop < len(toks) and toks[stop].low == "hundred" and "." not in text:
        return _Number(int(text) * 100, i, stop + 1)
    if "." in text:
        return None  # a decimal on its own is not a count of people
    return _Number(int(text), i, stop)


def _read_words(toks: tuple[_Tok, ...], i: int) -> _Number | None:
    """Number words from token i: "twenty-five", "two hundred and fifty", "a hundred"."""
    total, current, last, j = 0, 0, "", i
    while j < len(toks):
        w = toks[j].low
        if w in _UNITS and _UNITS[w] < 10 and last in ("", "tens", "hundred", "scale"):
            current, last = current + _UNITS[w], "unit"
        elif w in _UNITS and last in ("", "hundred", "scale"):
            current, last = current + _UNITS[w], "teen"
        elif w in _TENS and last in ("", "hundred", "scale"):
            current, last = current + _TENS[w], "tens"
            if (j + 2 < len(toks) and toks[j + 1].text == "-" and toks[j + 2].low in _UNITS
                    and _adjacent(toks, j) and _adjacent(toks, j + 1)):
                j += 1  # twenty-five
        elif w == "a" and last == "" and j + 1 < len(toks) and toks[j + 1].low in (
                "hundred", "thousand", "million"):
            current, last = 1, "unit"
        elif w == "hundred" and last in ("unit", "teen") and current % 100 == current:
            current, last = current * 100, "hundred"
        elif w in _SCALES and last not in ("", "scale"):
            total, current, last = total + current * _SCALES[w], 0, "scale"
        elif w == "and" and last in ("hundred", "scale") and j + 1 < len(toks) and (
                toks[j + 1].low in _UNITS or toks[j + 1].low in _TENS):
            pass
        else:
            break
        j += 1
    if last == "":
        return None
    return _Number(total + current, i, j)


def _read_number(toks: tuple[_Tok, ...], i: int) -> _Number | None:
    if i >= len(toks):
        return None
    if toks[i].is_digits:
        return _read_digits(toks, i)
    return _read_words(toks, i)


def _lengths_by_first_word(table: Mapping[tuple[str, ...], object]
                           ) -> dict[str, tuple[int, ...]]:
    """First word of a table's phrases -> their lengths, longest first."""
    found: dict[str, set[int]] = {}
    for key in table:
        found.setdefault(key[0], set()).add(len(key))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in found.items()}


def _match_table(toks: tuple[_Tok, ...], i: int, table: Mapping[tuple[str, ...], object],
                 lengths: Mapping[str, tuple[int, ...]]) -> tuple[tuple[str, ...], int] | None:
    """The longest phrase of `table` that starts at token i, and the token after it.

    `lengths` (from _lengths_by_first_word) rejects most tokens with one lookup.
    """
    for n in lengths.get(toks[i].low, ()):
        key = tuple(t.low for t in toks[i:i + n])
        if len(key) == n and key in table:
            return key, i + n
    return None


_VAGUE_LENGTHS = _lengths_by_first_word(_VAGUE)
_MODIFIER_LENGTHS = _lengths_by_first_word(_MODIFIERS)


@dataclass(frozen=True)
class _Match:
    first: int  # token index where the expression starts
    stop: int  # token index after it
    value: Range | None  # None: a number that is not a count; the scan skips past it


class _Scanner:
    """Reads count expressions from the tokens of one text."""

    def __init__(self, text: str, phrase_mode: bool):
        self.text = text
        self.toks = _tokens(text)
        self.phrase_mode = phrase_mode  # a whole phrase: a bare "2022" is a number, not a year

    def _next_low(self, j: int) -> str:
        return self.toks[j].low if j < len(self.toks) else ""

    def _excluded(self, num: _Number, trusted: bool) -> bool:
        """True when the number is not a count. `trusted`: a modifier or the phrase says it is."""
        toks, text = self.toks, self.text
        start, end = toks[num.first].start, toks[num.stop - 1].end
        before, after = text[max(0, start - 40):start], text[end:end + 40]
        if _BEFORE_NOT_COUNT.search(before) or _AFTER_NOT_COUNT.search(after) or (
                _NUMBER_LIST_TAIL.search(before) and not _COUNTED_UNDER.match(after)):
            return True
        if num.value <= 31 and (_BEFORE_MONTH.search(before) or _AFTER_MONTH.search(after)):
            return True
        if _LINE_START.search(before) and _LIST_MARK.match(after):
            return True  # "1. On 24 February ..." numbers a list
        if _AGE_BETWEEN_COMMAS.search(before) and after.startswith(",") and num.value < 120:
            return True
        first, nxt = toks[num.first], self._next_low(num.stop)
        if first.is_digits and not trusted and num.stop == num.first + 1 \
                and "," not in first.text:
            if 1000 <= num.value <= 2100 and (nxt not in _PERSON_PLURAL
                                              or _BEFORE_YEAR.search(before)):
                return True  # a year
            if first.text.isdigit() and len(first.text) >= 5 and nxt not in _PERSON_PLURAL:
                return True  # an identifier, such as a unit number
        if first.low == "one" and num.value == 1 and not trusted:
            return nxt != "of" and nxt not in _PERSON_SINGULAR
        return False

    def _range_tail(self, num: _Number) -> _Number | None:
        """The upper number of "N to M", "N or M", "N-M"."""
        toks, j = self.toks, num.stop
        if j + 1 >= len(toks) or toks[j].low not in ("to", "or", "-", "–", "—"):
            return None
        upper = _read_number(toks, j + 1)
        return upper if upper is not None and upper.value > num.value else None

    def _quantity(self, i: int, trusted: bool) -> tuple[Range | None, int] | None:
        """A number, a number range or a vague quantity at token i: (Range, stop).

        Range None: a number that is not a count, which the scan skips whole.
        """
        toks = self.toks
        hit = _match_table(toks, i, _VAGUE, _VAGUE_LENGTHS)
        if hit:
            key, stop = hit
            after = _LEADING_OF.sub("", self.text[toks[stop - 1].end:][:40])
            if _AFTER_NOT_COUNT.search(after):
                return None, stop
            rng = _VAGUE[key]
            scale = _SCALES.get(self._next_low(stop))
            if scale and key[-1] in ("dozen", "hundred") and rng.low and rng.high:
                return Range(rng.low * scale, (rng.high + 1) * scale - 1), stop + 1
            return rng, stop
        low = toks[i].low
        if low in ("between", "from"):
            a = _read_number(toks, i + 1)
            joiners = ("and", "-", "–") if low == "between" else ("to", "-", "–")
            if a and self._next_low(a.stop) in joiners:
                b = _read_number(toks, a.stop + 1)
                if b and b.value > a.value:
                    if self._excluded(a, True) or self._excluded(b, True):
                        return None, b.stop
                    return Range(a.value, b.value), b.stop
            return None
        num = _read_number(toks, i)
        if num is None:
            return None
        if self._next_low(num.stop) == "dozen":
            num = _Number(num.value * 12, num.first, num.stop + 1)
        upper = self._range_tail(num)
        if upper:
            if self._excluded(num, True) or self._excluded(upper, True):
                return None, upper.stop
            return Range(num.value, upper.value), upper.stop
        if self._excluded(num, trusted):
            return None, num.stop
        return Range(num.value, num.value), num.stop

    def match(self, i: int) -> _Match | None:
        toks = self.toks
        mod = _match_table(toks, i, _MODIFIERS, _MODIFIER_LENGTHS)
        if mod and mod[1] < len(toks):
            q = self._quantity(mod[1], trusted=True)
            if q is not None:
                rng, stop = q
                if rng is None:
                    return _Match(i, stop, None)
                rng, stop = self._suffix(rng, stop)
                return _Match(i, stop, _apply(_MODIFIERS[mod[0]], rng))
        q = self._quantity(i, trusted=self.phrase_mode and i == 0)
        if q is not None:
            rng, stop = q
            if rng is None:
                return _Match(i, stop, None)
            rng, stop = self._suffix(rng, stop)
            return _Match(i, stop, rng)
        return self._singular(i)

    def _suffix(self, rng: Range, stop: int) -> tuple[Range, int]:
        toks = self.toks
        nxt = tuple(t.low for t in toks[stop:stop + 2])
        if nxt[:1] == ("+",) and toks[stop].start == toks[stop - 1].end:
            return Range(rng.low, None), stop + 1
        if nxt in (("or", "more"), ("and", "more"), ("or", "over")):
            return Range(rng.low, None), stop + 2
        if nxt in (("or", "fewer"), ("or", "less")):
            return Range(None, rng.high), stop + 2
        if nxt == ("or", "so"):
            return rng, stop + 2
        return rng, stop

    def _singular(self, i: int) -> _Match | None:
        """ "a soldier", "another serviceman", "a 23-year-old conscript" -> 1..1."""
        toks = self.toks
        dets = _DETERMINERS_PHRASE if self.phrase_mode and i == 0 else _DETERMINERS_FIND
        if toks[i].low not in dets:
            return None
        j, words = i + 1, 0
        while j < len(toks) and words <= 4:
            t = toks[j]
            if t.low in _PERSON_SINGULAR and self._is_head(j):
                return _Match(i, j + 1, Range(1, 1))
            if t.low in _SINGULAR_STOP or (t.low in _PERSON_PLURAL and t.low not in _ADJECTIVES):
                return None
            if not (t.text[0].isalnum() or (t.text == "-" and t.start == toks[j - 1].end)):
                return None
            words += t.text != "-"
            j += 1
        return None

    def _is_head(self, j: int) -> bool:
        """False for a person noun that modifies the next word ("a marine brigade")."""
        word, nxt = self.toks[j].low, self.toks[j + 1] if j + 1 < len(self.toks) else None
        if nxt is None or word not in _ADJECTIVAL_NOUNS:
            return True
        if nxt.low in _NOT_AFTER_PERSON:
            return False
        if word in ("major", "general", "private"):
            return not nxt.text[0].islower() or nxt.low in _FUNCTION_WORDS \
                or nxt.low.endswith("ed")
        return True

    def scan(self) -> list[tuple[int, int, Range]]:
        out: list[tuple[int, int, Range]] = []
        i = 0
        while i < len(self.toks):
            m = self.match(i)
            if m is None:
                i += 1
                continue
            if m.value is not None:
                out.append((self.toks[m.first].start, self.toks[m.stop - 1].end, m.value))
            i = max(m.stop, i + 1)
        return out


def _apply(kind: str, rng: Range) -> Range:
    if kind == _MIN:
        return Range(rng.low, None)
    if kind == _MAX:
        return Range(None, rng.high)
    return rng


_AGE_BEFORE = re.compile(r"(?:\b(?!(?:January|February|March|April|May|June|July|August|"
                         r"September|October|November|December|Total|Overall|Monday|Tuesday|"
                         r"Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w'’-]+|\b(?:man|woman|soldier|serviceman|son|husband|"
                         r"conscript|deserter|private|sergeant|marine|paratrooper|sailor|"
                         r"officer|reservist|brother|father))\s*,\s*$")
_AGE_AFTER = re.compile(r"^\s*(?:,|\)|\.|;|$)")


def _is_age(text: str, start: int, end: int) -> bool:
    """ "Ivan Sorokin, 22, was jailed", "The man, 27": an age in apposition, not a count."""
    number = text[start:end]
    return number.isdigit() and 16 <= int(number) <= 79 and bool(
        _AGE_BEFORE.search(text[:start])) and bool(_AGE_AFTER.match(text[end:]))


# "half of the 40 men", "more than a third of the battalion's 300 soldiers": a share of the
# number that follows is the count.
_SHARES = {"half": (1, 2), "a third": (1, 3), "one third": (1, 3), "a quarter": (1, 4),
           "one quarter": (1, 4), "two thirds": (2, 3), "two-thirds": (2, 3),
           "three quarters": (3, 4), "three-quarters": (3, 4)}
_SHARE_BEFORE = re.compile(
    r"\b(?:(?P<mod>more than|over|at least|almost|nearly|about|around|roughly|less than|"
    r"fewer than|up to)\s+)?(?P<share>" + "|".join(_SHARES) + r")\s+of\s+(?:(?:the|their|"
    r"his|its|these|those)\s+)?(?:[\w’'-]+['’]s\s+)?$", re.IGNORECASE)


def _share_of(text: str, count: tuple[int, int, Range]) -> tuple[int, int, Range]:
    """The count "half of the 40" states: 20, from the start of "half"."""
    start, end, rng = count
    found = _SHARE_BEFORE.search(text[:start])
    if found is None:
        return count
    top, bottom = _SHARES[found.group("share").lower()]
    low, high = (None if v is None else round(v * top / bottom) for v in (rng.low, rng.high))
    mod = (found.group("mod") or "").lower()
    if mod in ("more than", "over", "at least"):
        high = None
    elif mod in ("less than", "fewer than", "up to"):
        low = None
    return found.start(), end, Range(low, high)


def _with_shares(text: str, counts: list[tuple[int, int, Range]]
                 ) -> tuple[tuple[int, int, Range], ...]:
    """`counts` with shares read ("half of the 40": 20); a number inside a share's words
    ("two" of "two thirds of 60") is no count of its own."""
    read = [_share_of(text, c) for c in counts if not _is_age(text, c[0], c[1])]
    return tuple(c for c in read if not any(
        o is not c and o[0] <= c[0] and c[1] <= o[1] and o[1] - o[0] > c[1] - c[0]
        for o in read))


def find_counts(text: str) -> list[tuple[int, int, Range]]:
    """Count expressions in `text` as (start, end, Range), offsets into `text`, in order.

        >>> find_counts("On February 25, about 12 officers left.")
        [(16, 24, Range(low=12, high=12))]

    Remembered per text: the extractor's components read the same sentences.
    """
    return list(_counts_in(text))


@lru_cache(maxsize=2048)
def _counts_in(text: str) -> tuple[tuple[int, int, Range], ...]:
    return _with_shares(text, list(_Scanner(text, phrase_mode=False).scan()))


def parse_count(phrase: str) -> Range | None:
    """The count a phrase states, or None when it states none.

        >>> parse_count("more than a hundred mobilised men")
        Range(low=100, high=None)
    """
    scanner = _Scanner(phrase.strip(), phrase_mode=True)
    found = _with_shares(phrase.strip(), list(scanner.scan()))
    return found[0][2] if found else None
