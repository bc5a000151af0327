"""Russian place names to gazetteer entries, by lemmas: one place, one identity in any language.

    >>> resolve_ru("Псковской области").name
    'Pskov Oblast'
    >>> resolve_ru("Брянке").name
    'Bryanka'

The names live in `otkaz/data/places_ru.tsv` (nominative Russian name -> the entry's canonical
name); a phrase matches when its words' lemmas equal a name's, so every case form is found.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from otkaz.extract.ru.parse import lemma, lemmas
from otkaz.models import Place
from otkaz.normalize.places import resolve_place

DATA = Path(__file__).resolve().parents[2] / "data" / "places_ru.tsv"
_WORD = re.compile(r"[\w-]+")


def _key(phrase: str) -> str:
    # Abbreviations (ЛНР, РФ) are kept as written; other words are reduced to their lemma.
    return " ".join(w.lower() if w.isupper() else lemma(w)
                    for w in _WORD.findall(phrase)).replace("ё", "е")


@functools.cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, entry = line.split("\t")
        index.setdefault(_key(name), entry)
        index.setdefault(name.lower().replace("ё", "е"), entry)
    return index


def resolve_ru(phrase: str) -> Place | None:
    """The gazetteer entry a Russian place phrase names, or None (a leading "г."/"город"
    and a trailing part beyond the name are tolerated: "Ахтырском районе Сумской области"
    resolves to the most specific name found, scanning from the left)."""
    index = _index()
    words = _WORD.findall(phrase)
    words = [w for w in words if w.lower() not in ("г", "город", "городе", "поселок", "поселке")]
    for size in (3, 2, 1):  # longest name first, leftmost first
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i:i + size])
            entry = index.get(_key(chunk)) or index.get(chunk.lower().replace("ё", "е"))
            if entry is None and size == 1:
                # the likeliest reading may be an adjective ("Покровском" as "покровский"):
                # a town name is one of the other readings
                entry = next((index[k] for k in lemmas(chunk) if k in index), None)
            if entry:
                return resolve_place(entry)
    return None
