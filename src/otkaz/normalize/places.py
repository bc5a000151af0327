"""Place phrases to gazetteer entries (`models.Place`), and how places relate.

    >>> resolve_place("the Lugansk region") == resolve_place("Luhansk Oblast")
    True

`resolve_place` folds case, accents, apostrophes and dashes, drops a leading "the",
prepositions ("near", "in"), and words that do not change the place ("annexed", "occupied",
"so-called", "eastern", "Russia's", "the city of"). "Pskov region" and "Pskov" are different
entries (the region and its city). "Khersonskaya oblast" and "X region" forms of a town that is
no region's name ("Bakhmut district") are understood too. What the gazetteer holds is described
in `otkaz.normalize.gazetteer`.

Containment: a country holds every place with its country code; a region holds the places
whose admin1 is the region; an entity that spans regions (Donbas, the LNR) holds those regions
and their places. Crimea and the occupied regions keep Ukraine's code (UA), and military
districts contain nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from otkaz.models import Place
from otkaz.normalize.gazetteer import fold, load

__all__ = ["gazetteer_names", "place_contains", "region_demonyms", "resolve_place", "same_place"]

_LEADING = re.compile(
    r"^(?:the|in|near|from|at|outside|around|to|into|towards?|across|inside|within|of|on"
    r"|(?:the\s+)?outskirts\s+of|(?:the\s+)?(?:city|town|village|settlement|port|port\s+city"
    r"|regional\s+capital|capital)\s+of"
    r"|annexed|occupied|russian\s+occupied|russia\s+occupied|temporarily\s+occupied"
    r"|russian\s+annexed|russia\s+annexed|russian\s+controlled|ukrainian\s+controlled"
    r"|self\s+proclaimed|so\s+called|unrecognised|unrecognized|breakaway|separatist|rebel"
    r"|liberated|frontline|front\s+line|embattled|besieged|ruined|devastated|russian\s+held"
    r"|(?:north|south|far)?\s*(?:southern|northern|eastern|western|central)"
    r"|(?:north|south)\s+(?:eastern|western)"
    r"|russias|ukraines|belaruss|georgias|moldovas)\s+"
)
_TRAILING = re.compile(r"\s+(?:city|town|village|settlement|urban\s+settlement)$")
_REGION_SUFFIX = re.compile(
    r"^(?P<base>.+?)\s+(?P<suffix>region|regions|oblast|province|krai|kray|territory|area|district"
    r"|governorate|raion|rayon|county)$"
)
_REGION_OF = re.compile(r"^(?:the\s+)?(?:region|oblast|province)\s+of\s+(?P<base>.+)$")
_ADJECTIVE_ENDINGS = ("skaya", "skiy", "skij", "sky", "ska", "aya", "ya", "a")


def _candidates(key: str) -> Iterator[str]:
    """Keys to try for a folded phrase, most literal first."""
    seen: set[str] = set()
    current = key
    while True:
        if current not in seen:
            seen.add(current)
            yield current
        if m := _REGION_OF.match(current):
            current = f"{m.group('base')} region"
            continue
        stripped = _LEADING.sub("", current, count=1)
        if stripped == current:
            stripped = _TRAILING.sub("", current)
        if stripped == current or not stripped:
            break
        current = stripped
    if m := _REGION_SUFFIX.match(current):
        base = m.group("base")
        yield f"{base} region"
        for ending in _ADJECTIVE_ENDINGS:  # "khersonskaya oblast", "luhanska oblast"
            if base.endswith(ending) and len(base) - len(ending) >= 3:
                yield f"{base[: -len(ending)]} region"
        yield base  # "Bakhmut district": the town itself
    if current.startswith("republic of "):
        yield current.removeprefix("republic of ")


@lru_cache(maxsize=16384)
def resolve_place(name: str) -> Place | None:
    """The gazetteer entry a place phrase names, or None.

        >>> resolve_place("annexed Crimea").name
        'Crimea'
    """
    index = load().index
    for key in _candidates(fold(name)):
        if key in index:
            return index[key]
    return None


def gazetteer_names() -> list[tuple[str, Place]]:
    """Every surface form with its Place, for entity-ruler patterns.

    Forms are written as in the news ("Lugansk region", "Severodonetsk"), never start with
    "the", and are case-sensitive; demonyms ("Buryat") and the names of small towns and city
    districts are left out (`resolve_place` still knows them).
    """
    return list(load().names)


def region_demonyms() -> frozenset[str]:
    """The demonyms of regions and breakaway entities as written ("Buryat", "Tuvan", "Chechen"),
    which name where people come from; countries' demonyms ("Russian") are not among them.

        >>> "Dagestani" in region_demonyms()
        True
    """
    return frozenset(load().region_demonyms)


def same_place(a: Place, b: Place) -> bool:
    """True when both are one gazetteer entry (by name and country, case-insensitively)."""
    return fold(a.name) == fold(b.name) and (a.country or "") == (b.country or "")


def place_contains(outer: Place, inner: Place) -> bool:
    """True when `inner` is `outer` or lies in it (a city in its region, a region in its country).

        >>> place_contains(resolve_place("Pskov region"), resolve_place("Pskov"))
        True
    """
    if same_place(outer, inner):
        return True
    if outer.precision == "country":
        return inner.precision != "country" and inner.country == outer.country
    if inner.admin1 and fold(inner.admin1) == fold(outer.name):
        return True
    parts = load().parts.get(outer.name, frozenset())
    return inner.name in parts or (inner.admin1 is not None and inner.admin1 in parts)
