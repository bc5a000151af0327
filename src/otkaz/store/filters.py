"""The place filter of case lists, shared by `Store.cases` and the dashboard's SQL.

    >>> sorted(place_names("Buryatiya"))
    ['Buryatia']
    >>> place_matches("Buryatia", "sqlite")  # doctest: +SKIP

A place filter matches a case when its words are part of the case's place or
home as written (ignoring case), or when they name, in any of the gazetteer's
spellings ("Buryatia", "Buryatiya", "Republic of Buryatia"), a region that the
case's place or home lies in (their gazetteer entries' `admin1`: Ulan-Ude is in
Buryatia), or that place itself. A bare name that is a town and also its
region's ("Arkhangelsk", "Zaporizhzhia") stands for both, as `stats --by region`
lists the region by its full name and people filter by the short one. An
entity that spans regions (Donbas) matches the cases in any of them.
`otkaz stats --by region` groups by the same `admin1`, so every region it
lists is one this filter finds.

The gazetteer entries come from the case's merged record (`merged.place.geo`,
`merged.home.geo`: the chosen value's entry), read by the database.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import or_
from sqlalchemy.sql.elements import ColumnElement

from otkaz.store.schema import cases

# The merged record's gazetteer fields a place filter compares with place_names().
GEO_PATHS = (("place", "geo", "admin1"), ("home", "geo", "admin1"),
             ("place", "geo", "name"), ("home", "geo", "name"))


@lru_cache(maxsize=1024)
def place_names(place: str) -> frozenset[str]:
    """The gazetteer names a place filter stands for: the entry it resolves to and, for an
    entity that spans regions, those regions; empty when it names no region or town."""
    try:
        from otkaz.normalize.gazetteer import load
        from otkaz.normalize.places import resolve_place
    except ImportError:  # pragma: no cover - the gazetteer's data package is missing
        return frozenset()
    found = resolve_place(place.strip()) if place.strip() else None
    if found is None or found.precision == "country":  # a country would match nearly all
        return frozenset()
    names = {found.name, *load().parts.get(found.name, frozenset())}
    if found.precision == "city":
        region = resolve_place(f"{place.strip()} region")
        if region is not None and region.precision == "region" and region.name == found.admin1:
            names.add(region.name)  # "Arkhangelsk": the town and the Arkhangelsk Oblast
    return frozenset(names)


def place_matches(place: str, dialect: str) -> ColumnElement[bool]:
    """The SQL condition of a place filter (see the module), for `dialect` ("sqlite", ...)."""
    # SQLite's LIKE already ignores ASCII case (as its lower() would); PostgreSQL's does not
    text = [column.contains(place, autoescape=True) if dialect == "sqlite"
            else column.icontains(place, autoescape=True)
            for column in (cases.c.place, cases.c.home)]
    names = sorted(place_names(place))
    geo = [cases.c.merged[path].as_string().in_(names) for path in GEO_PATHS] if names else []
    return or_(*text, *geo)
