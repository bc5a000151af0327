"""Russian counts as FORMAT.md reads them: "около 300" 300..300, "более 80" 80..null,
"десятки" 24..99, "двенадцать омоновцев" 12..12.

    >>> find_counts("около 300 военных и более трех тысяч дел")[0].value
    Range(low=300, high=300)
    >>> find_counts("более трех тысяч дел")[0].value
    Range(low=3000, high=None)
    >>> find_counts("порядка двух десятков бойцов")[0].value
    Range(low=20, high=20)
    >>> find_counts("более сотни военных")[0].value
    Range(low=100, high=None)

Words and bounds live in `lang/ru/numbers.toml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from otkaz.extract.ru.parse import lemma
from otkaz.lang import alternation, entry, resource
from otkaz.models import Range

Span = tuple[int, int]


@dataclass(frozen=True)
class Count:
    """A count phrase: its value and where it stands (`span` covers the bound word too)."""

    value: Range
    span: Span


@functools.cache
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, tuple[int, int]], re.Pattern[str]]:
    res = resource("ru", "numbers")
    values = {k: int(v) for k, v in res["values"].items()}
    mult = {k: int(v) for k, v in res["multipliers"].items()}
    vague = {k: (int(v[0]), int(v[1])) for k, v in res["vague"].items()}
    bound = (rf"(?:(?P<about>{alternation('ru', 'numbers', 'about')})|"
             rf"(?P<least>{alternation('ru', 'numbers', 'at_least')})|"
             rf"(?P<most>{alternation('ru', 'numbers', 'at_most')}))\s+")
    word = r"[а-яё]+\.?"
    number = rf"\d[\d\u00a0 ]*\d(?:[.,]\d+)?|\d+(?:[.,]\d+)?|{word}"
    rx = re.compile(rf"(?:{bound})?(?P<num>(?:{number})(?:\s+(?:{word}))*)", re.I)
    return values, mult, vague, rx


def _read(words: list[str]) -> tuple[int, int | None, int] | None:
    """low, high (None: as low) and how many words were used, from the start of `words`."""
    values, mult, vague, _ = _tables()
    total, current, used = 0, 0, 0
    few = half = False
    skip = 0
    for i, w in enumerate(words):
        if skip:  # the rest of "с половиной", already read
            skip -= 1
            used += 1
            continue
        lw = w.lower().rstrip(".")
        digits = lw.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        lem = lemma(lw, "NUM")
        if re.fullmatch(r"\d+(?:\.\d+)?", digits) and used == 0:
            current = int(float(digits)) if "." not in digits else 0
            if "." in digits:
                total = -1
                frac = float(digits)
                current = 0
                used = 1
                nxt = _mult_of(words[1:2])
                if nxt:
                    return int(round(frac * nxt)), None, 2
                return int(frac), None, 1
        elif lem == "несколько" and used == 0:
            few = True
        elif few and lem in vague and lem not in ("несколько",):
            lo, hi = vague[lem]
            return lo, hi, used + 1
        elif current and not half and (n := _and_a_half(words[i:])):
            half, skip = True, n - 1  # "две с половиной тысячи" is 2500
        elif lem == "полтора" and used == 0:
            half = True  # "полторы тысячи" is 1500, "полтора десятка" 15
            current = 1
        elif lem in values and lem not in mult:
            current += values[lem]
        elif (m := mult.get(lem) or mult.get(lw)) and (current or total or used):
            total += (current or 1) * m + (m // 2 if half else 0)
            current, half = 0, False
        elif lem in vague and used == 0:
            lo, hi = vague[lem]
            return lo, hi, 1
        else:
            break
        used += 1
    if few:
        lo, hi = vague["несколько"]
        return lo, hi, 1
    value = total + current
    return (value, None, used) if used and value else None


def _and_a_half(words: list[str]) -> int:
    """How many words of "с половиной" (`numbers.toml` and_a_half) start `words`; 0 if none."""
    for phrase in entry("ru", "numbers", "alternatives", "and_a_half"):
        size = len(phrase.split())
        if " ".join(w.lower() for w in words[:size]) == phrase:
            return size
    return 0


def _mult_of(words: list[str]) -> int | None:
    _, mult, _, _ = _tables()
    if not words:
        return None
    lw = words[0].lower().rstrip(".")
    return mult.get(lemma(lw, "NUM")) or mult.get(lw)


_MORE = re.compile(r"\s+с\s+(?:лишним|небольшим|гаком)\b", re.I)
_WORDS = re.compile(r"\d[\d\u00a0 ]*\d(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[а-яё]+\.?", re.I)
_RANGE_TO = re.compile(r"\s+до\s+|\s*[–—-]\s*(?=\d)")


def _upper_bound(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The top of a range that starts at the count `text[start:end]`: "от 500 до 700" (the
    "до" form needs "от" before the low end), "500–700"; the top and where it ends."""
    to = _RANGE_TO.match(text, end)
    if to is None or ("до" in to.group() and not re.search(r"(?<![\w-])от\s+$",
                                                            text[max(0, start - 4):start])):
        return None
    words = _WORDS.findall(text[to.end():to.end() + 40])
    read = _read(words)
    if read is None or read[1] is not None:
        return None
    stop = to.end()
    for w in words[:read[2]]:
        stop = text.index(w, stop) + len(w)
    return read[0], stop


def find_counts(text: str, offset: int = 0) -> list[Count]:
    """Every count phrase in `text`, offsets shifted by `offset`."""
    _, _, _, rx = _tables()
    out: list[Count] = []
    pos = 0
    while pos < len(text):
        m = rx.search(text, pos)
        if not m:
            break
        words = re.findall(r"\d[\d\u00a0 ]*\d(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[а-яё]+\.?",
                           m.group("num"), re.I)
        read = _read(words)
        if read is None:
            pos = m.start("num") + max(1, len(words[0]) if words else 1)
            continue
        low, high, used = read
        bounded = m.group("about") or m.group("least") or m.group("most")
        if high is not None and bounded and used == 1 and (unit := _mult_of(words[:1])):
            low, high = unit, None  # "около сотни" is a hundred, "более тысячи" 1000..null
        # the end of the words used, found again in the matched text
        end = m.start("num")
        for w in words[:used]:
            end = text.index(w, end) + len(w)
        if re.match(r"-[а-яё]", text[end:end + 2], re.I):
            pos = end  # "28-летний", "138-я бригада": an age or an ordinal, not a count
            continue
        more = _MORE.match(text, end)
        if more and high is None:  # "700 с лишним дел" is more than 700
            end = more.end()
        upper = _upper_bound(text, m.start("num"), end) if high is None and not (
            m.group("most") or m.group("least")) else None
        if upper is not None:  # "от 500 до 700", "500–700"
            top, end = upper
            if low * 1000 <= top and top % 1000 == 0:
                low *= 1000  # "от 2 до 3 тысяч": the unit is said once, after the top
            out.append(Count(Range(low, top), (m.start() + offset, end + offset)))
            pos = end
            continue
        if high is not None:
            value = Range(low, high)
        elif m.group("least") or more:
            value = Range(low, None)
        elif m.group("most"):
            value = Range(None, low)
        else:
            value = Range(low, low)
        out.append(Count(value, (m.start() + offset, end + offset)))
        pos = end
    return out
