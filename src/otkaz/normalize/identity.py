"""One place, one identity, in any language: a phrase in either script to its gazetteer entry.

    >>> resolve_any("в Брянке") == resolve_any("Brianka") == resolve_any("Bryanka")
    True
    >>> worded_and_canonical("Брянке", resolve_any("Брянке"))
    'Брянке → Bryanka'

English phrases go to `otkaz.normalize.places.resolve_place`; a phrase with Cyrillic
letters goes to the Russian names of `otkaz/data/places_ru.tsv` (by lemmas, so any case
form), falling back to the English reader. Both answer with the same `Place` entries,
so filters, merging and linking compare entries, never strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from otkaz.models import Place
from otkaz.normalize.gazetteer import fold
from otkaz.normalize.places import resolve_place

__all__ = ["canonical_name", "has_cyrillic", "resolve_any", "worded_and_canonical"]

_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
ARROW = " → "


def has_cyrillic(text: str | None) -> bool:
    """Whether `text` holds a Cyrillic letter (a Russian phrase, for our purposes)."""
    return bool(text and _CYRILLIC.search(text))


@lru_cache(maxsize=16384)
def resolve_any(phrase: str) -> Place | None:
    """The gazetteer entry a place phrase names, in English or Russian, or None."""
    if not phrase or not phrase.strip():
        return None
    if has_cyrillic(phrase):
        # the Russian reader lemmatises with pymorphy3; imported only for Cyrillic phrases
        from otkaz.extract.ru.places import resolve_ru

        found = resolve_ru(phrase)
        if found is not None:
            return found
    return resolve_place(phrase)


def _place(geo: Place | Mapping[str, Any] | None) -> Place | None:
    if geo is None or isinstance(geo, Place):
        return geo
    return Place.from_dict(dict(geo)) if geo.get("name") else None


def canonical_name(worded: str | None, geo: Place | Mapping[str, Any] | None) -> str | None:
    """The entry's name when it says more than the worded phrase, else None.

        >>> canonical_name("Bryanka", resolve_any("Bryanka")) is None
        True
        >>> canonical_name("Псковской области", resolve_any("Псковской области"))
        'Pskov Oblast'
    """
    place = _place(geo)
    if place is None:
        return None
    if worded and fold(worded) == fold(place.name):
        return None
    return place.name


def worded_and_canonical(worded: str | None, geo: Place | Mapping[str, Any] | None) -> str:
    """A place as worded with its canonical name beside it: "Брянке → Bryanka"; "" for none."""
    canonical = canonical_name(worded, geo)
    if not worded:
        return canonical or ""
    return f"{worded}{ARROW}{canonical}" if canonical else worded
