"""When a predicted field value counts as the gold one (docs/FORMAT.md, "How ... compares").

    >>> field_equal("place", "в Брянке", "Брянка"), field_equal("count", {"low": 60,
    ...     "high": 60}, {"low": 60, "high": None})
    (True, False)

Pure functions over the JSON values of a report, with exactly the definitions of the
reference scorer `score.py`: codes are equal; counts equal at both ends; date intervals
overlap and the predicted one is at most 31 days longer; places and sources equal after
folding (case, accents, apostrophes, Russian case endings), one inside the other, a fuzzy
ratio of at least 85, or Russian words sharing stems; actors and units overlapping
phrases (ratio 80, or half their words shared). Values are read as the file holds them,
leniently, so a prediction from any tool is scored as score.py scores it.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from difflib import SequenceMatcher
from typing import Any

__all__ = ["field_equal", "fold", "present", "same_interval", "same_name", "same_number",
           "same_phrase", "same_russian_words", "set_matches", "stem"]

_QUOTES = "'’ʼ`‘\"“”«»"
_ENDINGS = ("ами ями ого его ому ему ыми ими ой ей ою ею ая яя ое ее ые ие ых их ым "
            "им ом ем ах ях ам ям ов ев ий ый ы и а я о е у ю ь")
# longest first, so that "ами" is cut before "и" (a stable sort: score.py's order)
_RU_ENDINGS = sorted(_ENDINGS.split(), key=len, reverse=True)


def fold(s: str) -> str:
    """Lower case without accents, quotes or hyphens, white space squeezed.

        >>> fold("  Novo-Pskov’s  ")
        'novo pskovs'
    """
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    for ch in _QUOTES:
        s = s.replace(ch, "")
    return " ".join(s.lower().replace("-", " ").split())


def _cyrillic(w: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in w)


def stem(s: str) -> str:
    """Folded text with Russian case endings cut from words of five letters or more.

        >>> stem("псковской области")
        'псковск област'
    """
    words = []
    for w in s.split():
        if len(w) >= 5 and _cyrillic(w):
            for e in _RU_ENDINGS:
                if w.endswith(e) and len(w) - len(e) >= 3:
                    w = w[: -len(e)]
                    break
        words.append(w)
    return " ".join(words)


def _shared_prefix(x: str, y: str) -> int:
    k = 0
    while k < min(len(x), len(y)) and x[k] == y[k]:
        k += 1
    return k


def same_russian_words(a: str, b: str) -> bool:
    """Folded Russian names whose shorter one's words each match a word of the other, in order:
    equal, or sharing a prefix that leaves at most two letters ("павла чикова" / "павел чиков").
    """
    ta, tb = a.split(), b.split()
    if not (ta and tb) or not (_cyrillic(a) or _cyrillic(b)):
        return False
    if len(ta) > len(tb):
        ta, tb = tb, ta
    j = 0
    for x in ta:
        while j < len(tb):
            y = tb[j]
            j += 1
            k = _shared_prefix(x, y)
            if x == y or (_cyrillic(x) and _cyrillic(y)
                          and k >= max(3, min(len(x), len(y)) - 2)):
                break
        else:
            return False
    return True


def _ratio(a: str, b: str) -> float:
    return 100.0 * SequenceMatcher(None, a, b).ratio()


def same_name(a: str, b: str) -> bool:
    """Places and sources: see the module."""
    if same_russian_words(fold(a), fold(b)):
        return True
    a, b = stem(fold(a)), stem(fold(b))
    if not a or not b:
        return False
    return a == b or a in b or b in a or _ratio(a, b) >= 85


def same_phrase(a: str, b: str) -> bool:
    """Actors and units: see the module."""
    a, b = stem(fold(a)), stem(fold(b))
    if not a or not b:
        return False
    if a in b or b in a or _ratio(a, b) >= 80:
        return True
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / len(ta | tb) >= 0.5


def _day(s: Any) -> date:
    return date.fromisoformat(s[:10])


def same_interval(pred: Any, gold: Any) -> bool:
    """Overlapping, and the predicted interval at most 31 days longer than the gold one."""
    try:
        ps, pe = _day(pred["start"]), _day(pred["end"])
        gs, ge = _day(gold["start"]), _day(gold["end"])
    except (KeyError, TypeError, ValueError):
        return False
    overlap = ps <= ge and gs <= pe
    return overlap and (pe - ps).days <= (ge - gs).days + 31


def same_number(pred: Any, gold: Any) -> bool:
    """Counts and figure values: `low` and `high` both equal."""
    if not isinstance(pred, dict) or not isinstance(gold, dict):
        return False
    return bool(pred.get("low") == gold.get("low") and pred.get("high") == gold.get("high"))


def present(value: Any) -> bool:
    """Whether a field holds a value: not null, "", [] or a range of nulls."""
    if value is None or value == "" or value == []:
        return False
    return not (isinstance(value, dict) and all(v is None for v in value.values()))


def field_equal(name: str, pred: Any, gold: Any) -> bool:
    """Whether the predicted value of the scalar field `name` counts as the gold one."""
    if name in ("type", "force", "measure"):
        return bool(pred == gold)
    if name in ("count", "value"):
        return same_number(pred, gold)
    if name in ("when", "period"):
        return same_interval(pred, gold)
    if name in ("home", "place"):
        return isinstance(pred, str) and same_name(pred, gold)
    if name in ("actor", "unit"):
        return isinstance(pred, str) and same_phrase(pred, gold)
    raise ValueError(name)


def set_matches(name: str, pred: list[Any], gold: list[Any]) -> int:
    """One-to-one matches between two lists: codes by equality, sources as names."""
    if name != "sources":
        return len({p for p in pred if isinstance(p, str)} & set(gold))
    left = [p for p in pred if isinstance(p, str)]
    hits = 0
    for g in gold:
        for i, p in enumerate(left):
            if same_name(p, g):
                hits += 1
                del left[i]
                break
    return hits
