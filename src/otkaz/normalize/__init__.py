"""Pure normalizers: phrases to counts, date ranges, places, forces and personnel.

    >>> from otkaz.normalize import parse_count
    >>> parse_count("about 80 conscripts")
    Range(low=80, high=80)

They import neither spaCy nor the store, and never alter the text they read. The gazetteer
loads on first use of a place function (about two seconds) and stays loaded.
"""

from otkaz.normalize.counts import find_counts, parse_count
from otkaz.normalize.dates import find_dates, parse_period, parse_when
from otkaz.normalize.forces import classify_force, classify_personnel
from otkaz.normalize.places import gazetteer_names, place_contains, resolve_place, same_place

__all__ = [
    "classify_force", "classify_personnel", "find_counts", "find_dates", "gazetteer_names",
    "parse_count", "parse_period", "parse_when", "place_contains", "resolve_place", "same_place",
]
