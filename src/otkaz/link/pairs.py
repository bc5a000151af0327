"""Whether two mentions tell of the same real incident: a pairwise score with hard vetoes.

    >>> s = compare(profile(a), profile(b))  # doctest: +SKIP
    >>> s.linked, s.veto  # doctest: +SKIP
    (True, None)

Each rule adds evidence for or against; some facts veto a link outright
(`veto` names the rule): forces of different families, event dates more than
`MAX_DATE_GAP_DAYS` apart, counts that cannot be the same group, resolved homes
or places of which neither contains the other (unless one report's home is the
other's place: extractors confuse the two roles), numbered units that differ.
Missing values are neutral. A pair links when nothing vetoes it, the score
reaches `THRESHOLD`, and some identifying evidence (a shared place, unit, narrow
date or source) makes up at least `MIN_ANCHOR` of it, so that two vague
"a soldier refused" mentions never link on type and count alone.

Outlets word one incident differently, so some differences are not vetoes:

- two front-line towns at most `NEARBY_KM` apart ("near Bakhmut" / "in
  Soledar") are one sector: weak evidence for, not a veto;
- a home stated as a region's eponymous capital is the region ("from Tver" /
  "from the Tver region"), as strong as the region itself, and such a city
  does not conflict with another town of its region ("from Kursk" / "from
  Zheleznogorsk", "the Zaporizhzhia direction" / "near Tokmak");
- a pair that shares a numbered unit, with overlapping dates and overlapping
  counts, is one incident even when the places or homes disagree (extractors
  read "mobilised in Kamchatka" as the place): the disagreement costs
  `STRONG_GEO_PENALTY` instead of vetoing;
- sources and outlets match by name prefix ("Novaya Gazeta" / "Novaya Gazeta
  Europe"), not only by equal names;
- a retelling that cites the other report's outlet or source may call riot
  police "servicemen" (army): with the same exact count and overlapping dates
  the clash of force families costs the force mismatch only, not a veto;
- unit names compare by spelling skeleton (Akhmat / Ahmat);
- a follow-up about part of the group ("two of the twelve men were
  sentenced") compares by the group's count when the part's does not fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from math import asin, cos, radians, sin, sqrt

from otkaz.models import DateRange, Place, Range

from .features import PlaceInfo, Profile, gazetteer_relations, place_key, region_of
from .features import skeleton as _skeleton

THRESHOLD = 4.0
MIN_ANCHOR = 1.5
MAX_DATE_GAP_DAYS = 45  # event dates further apart than this are different events
NEAR_DATE_DAYS = 7  # gaps up to this are date-resolution noise, not evidence against
ADJACENT_DAYS = 2  # day-precise dates this close are one event told by two outlets
COUNT_TOLERANCE = 0.25  # 60 vs 70 may be one group; 40 vs 60 is not
REPORT_SLACK_DAYS = 7  # an undated report can't tell of an event that began after it (+slack)
NEARBY_KM = 25.0  # towns this close are one stretch of front ("near Bakhmut" / "in Soledar")
NEARBY_EVIDENCE = 0.5
STRONG_GEO_PENALTY = -1.5  # places that disagree on a pair the unit, date and count tie
MIN_PREFIX_NAME = 6  # shortest name that may match a longer one by prefix ("novaya gazeta")
# A Russian and an English report of one case share no actor words; shared outcome codes
# (detained, dismissed...) stand in, weaker: there are few codes and "detained" is common.
CROSS_SCRIPT_OUTCOMES = 0.5

_PRECISION_WEIGHT = {"city": 2.5, "region": 2.0, "country": 0.3, "other": 1.5}


@dataclass(frozen=True)
class PairScore:
    """The comparison of two mentions: total score, identifying part, veto reason if any."""

    score: float
    anchor: float
    veto: str | None = None

    @property
    def linked(self) -> bool:
        return self.veto is None and self.score >= THRESHOLD and self.anchor >= MIN_ANCHOR


# ---------------------------------------------------------------- places


@lru_cache(maxsize=100_000)
def similar_names(a: str, b: str) -> bool:
    """Two folded place keys that are spelling variants of one name."""
    if not a or not b:
        return False
    if a == b:
        return True
    sa, sb = _skeleton(a), _skeleton(b)
    if sa == sb:
        return True
    return sa[:1] == sb[:1] and SequenceMatcher(None, sa, sb).ratio() >= 0.85


def same_place(a: Place, b: Place) -> bool:
    """One place: the gazetteer says so, or names that are spelling variants at one level."""
    relations = gazetteer_relations()
    if relations is not None and relations[0](a, b):
        return True
    if a.precision != b.precision and "other" not in (a.precision, b.precision):
        return False
    if a.country and b.country and a.country != b.country and a.precision == "country":
        return False
    return similar_names(place_key(a.name), place_key(b.name))


def contains(outer: Place, inner: Place) -> bool:
    """Whether `inner` lies within `outer` (a country holds its cities, a region its cities)."""
    relations = gazetteer_relations()
    if relations is not None and relations[1](outer, inner):
        return True
    if outer.precision == "country":
        return inner.precision != "country" and bool(inner.country) and (
            inner.country == outer.country)
    if outer.precision == "region" and inner.precision != "region":
        ro, ri = region_of(outer), region_of(inner)
        return bool(ro and ri and similar_names(ro, ri))
    return False


def compare_places(a: PlaceInfo | None, b: PlaceInfo | None) -> tuple[float, bool]:
    """(evidence, veto) for two places of the same role (both homes or both places)."""
    if a is None or b is None:
        return 0.0, False
    if a.geo and b.geo:
        ga, gb = a.geo, b.geo
        if same_place(ga, gb):
            return _PRECISION_WEIGHT[ga.precision], False
        if contains(ga, gb) or contains(gb, ga):
            return (0.3 if "country" in (ga.precision, gb.precision) else 1.0), False
        if "country" in (ga.precision, gb.precision):
            return -1.0, False
        return 0.0, True
    # at least one side unresolved: compare the stated names (and a resolved side's region)
    if similar_names(a.key, b.key):
        return 1.5, False
    for x, y in ((a, b), (b, a)):
        region = x.region
        if region and (similar_names(region, y.key) or similar_names(x.key, y.key)):
            return 1.0, False
        if x.key and y.key and (f" {x.key} " in f" {y.key} "):
            return 1.0, False
    return -1.0, False


def _related(a: PlaceInfo | None, b: PlaceInfo | None) -> bool:
    """The same place, or one within the other, below country level."""
    if a is None or b is None or "country" in (a.precision, b.precision):
        return False
    value, veto = compare_places(a, b)
    return not veto and value >= 1.0


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two gazetteer entries, or None without coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(radians, (a.lat, a.lon, b.lat, b.lon))
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * asin(min(1.0, sqrt(h)))


def nearby(a: PlaceInfo | None, b: PlaceInfo | None) -> bool:
    """Two resolved towns (not regions or countries) at most NEARBY_KM apart."""
    if a is None or b is None or a.geo is None or b.geo is None:
        return False
    if a.geo.precision != "city" or b.geo.precision != "city":
        return False
    km = distance_km(a.geo, b.geo)
    return km is not None and km <= NEARBY_KM


def _names_its_region(city: Place) -> bool:
    """A city named like the region it lies in (Kursk, Zaporizhzhia, Kherson, Tver)."""
    region = region_of(city)
    return city.precision == "city" and bool(region) and similar_names(
        place_key(city.name), region or "")


def region_by_capital(a: PlaceInfo | None, b: PlaceInfo | None) -> bool:
    """One is a city named like its region and the other lies in that region.

    "From Kursk" often means the Kursk region, and "the Zaporizhzhia direction"
    the front in that region: such a city and another town of its region do not
    conflict.
    """
    if a is None or b is None or a.geo is None or b.geo is None:
        return False
    ra, rb = region_of(a.geo), region_of(b.geo)
    if not ra or not rb or not similar_names(ra, rb):
        return False
    return _names_its_region(a.geo) or _names_its_region(b.geo)


def eponymous(a: PlaceInfo | None, b: PlaceInfo | None) -> bool:
    """A region and its capital of the same name ("Tver" / "Tver region"): one home."""
    if a is None or b is None or a.geo is None or b.geo is None:
        return False
    for region, city in ((a.geo, b.geo), (b.geo, a.geo)):
        if region.precision == "region" and city.precision == "city":
            inner = region_of(city)
            outer = region_of(region)
            if inner and outer and similar_names(inner, outer) and \
                    similar_names(place_key(city.name), outer):
                return True
    return False


# ---------------------------------------------------------------- dates and counts


def _days(r: DateRange) -> int:
    return (r.end - r.start).days + 1


def compare_dates(a: DateRange | None, b: DateRange | None,
                  pub_a: date | None, pub_b: date | None) -> tuple[float, bool]:
    """(evidence, veto) from the event dates, with publication dates bounding undated events."""
    if a is None or b is None:
        dated, pub = (a, pub_b) if a is not None else (b, pub_a)
        if dated is not None and pub is not None and \
                dated.start > pub + timedelta(days=REPORT_SLACK_DAYS):
            return 0.0, True
        return 0.0, False
    gap = (max(a.start, b.start) - min(a.end, b.end)).days
    if gap <= 0:
        widest = max(_days(a), _days(b))
        return (2.5 if widest <= 3 else 1.5 if widest <= 31 else 0.75), False
    if gap <= ADJACENT_DAYS and max(_days(a), _days(b)) <= 3:
        return 1.5, False  # "on Saturday" / "overnight into Sunday": one event, told twice
    if gap <= NEAR_DATE_DAYS:
        return 0.0, False
    if gap <= MAX_DATE_GAP_DAYS:
        return -1.0, False
    return 0.0, True


def count_bounds(r: Range) -> tuple[int, float]:
    """A count as numbers: an open low is 1 (someone), an open high is unbounded."""
    return (r.low if r.low is not None else 1,
            float(r.high) if r.high is not None else float("inf"))


def counts_compatible(a: Range, b: Range) -> bool:
    """Whether two counts may describe one group: overlapping, or within COUNT_TOLERANCE (+1)."""
    (alo, ahi), (blo, bhi) = count_bounds(a), count_bounds(b)
    lo, hi = min(ahi, bhi), max(alo, blo)
    return hi <= lo or hi <= lo * (1 + COUNT_TOLERANCE) + 1


def compare_counts(a: Range | None, b: Range | None) -> tuple[float, bool]:
    if a is None or b is None:
        return 0.0, False
    (alo, ahi), (blo, bhi) = count_bounds(a), count_bounds(b)
    if max(alo, blo) <= min(ahi, bhi):
        if a == b and a.low is not None and a.low == a.high:
            return (0.5 if a.low == 1 else 1.0 if a.low < 5 else 2.0), False
        if a.low is not None and a.low == b.low:
            return 1.0, False
        return 0.5, False
    if counts_compatible(a, b):
        return -0.5, False
    return 0.0, True


# ---------------------------------------------------------------- the pair


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def same_name(a: str, b: str) -> bool:
    """Two folded source or outlet names of one organisation: equal, or one the other's prefix.

        >>> same_name("novaya gazeta", "novaya gazeta europe")
        True
    """
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX_NAME and long.startswith(short + " ")


def _common_names(a: frozenset[str], b: frozenset[str],
                  same: Callable[[str, str], bool] | None = None) -> int:
    """How many names the two sets share, namesakes counted once (symmetric)."""
    same = same or same_name
    if not a or not b:
        return 0
    if len(a) == 1 and len(b) == 1:
        return int(same(next(iter(a)), next(iter(b))))
    return min(sum(1 for x in a if any(same(x, y) for y in b)),
               sum(1 for y in b if any(same(x, y) for x in a)))


def _shared_sources(a: Profile, b: Profile) -> int:
    if "cyrillic" in (a.script, b.script):  # "Павел Чиков" / "Павла Чикова" / "Pavel Chikov"
        return _common_names(a.sources, b.sources, same_inflected_name)
    return _common_names(a.sources, b.sources)


def same_inflected_name(a: str, b: str) -> bool:
    """Two folded (Latin-written) names of which one may be a Russian case form of the other:
    each word of the shorter meets a word of the longer, in order, equal or sharing a prefix
    that leaves at most two letters of the shorter word.

        >>> same_inflected_name("pavla chikova", "pavel chikov"), same_name("mediazony", "x")
        (True, False)
    """
    if same_name(a, b):
        return True
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return False
    if len(ta) > len(tb):
        ta, tb = tb, ta
    j = 0
    for x in ta:
        while j < len(tb):
            y = tb[j]
            j += 1
            common = len(_common_prefix(x, y))
            if x == y or (min(len(x), len(y)) >= 4
                          and common >= max(3, min(len(x), len(y)) - 2)):
                break
        else:
            return False
    return True


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _cites_outlet(a: Profile, b: Profile) -> bool:
    """Whether one mention names the other's outlet as a source or in its chain."""
    for outlet, cited in ((a.outlet, b), (b.outlet, a)):
        if outlet and any(same_name(outlet, n) for n in (*cited.sources, *cited.chain_names)):
            return True
    return False


def _loose_force(a: Profile, b: Profile) -> bool:
    """Whether a clash of force families may be one outlet's loose wording.

    A retelling calls riot police or militiamen "Russian servicemen" (read as
    the army), so an army mention may meet another family's when it names the
    other's outlet or source, both state the same exact count (of at least
    three), and their dates overlap.
    """
    if "army" not in (a.force, b.force) or a.count is None or b.count is None:
        return False
    if not _shared_sources(a, b) and not _cites_outlet(a, b):
        return False
    if a.count.low is None or a.count.low != a.count.high or a.count != b.count or \
            a.count.low < 3:
        return False
    return a.when is not None and b.when is not None and \
        max(a.when.start, b.when.start) <= min(a.when.end, b.when.end)


def _strong_identity(a: Profile, b: Profile, shared_units: bool) -> bool:
    """A numbered unit, overlapping dates and overlapping counts in common."""
    if not shared_units or a.when is None or b.when is None or a.count is None or \
            b.count is None:
        return False
    if max(a.when.start, b.when.start) > min(a.when.end, b.when.end):
        return False
    (alo, ahi), (blo, bhi) = count_bounds(a.count), count_bounds(b.count)
    return max(alo, blo) <= min(ahi, bhi)


def _unit_clash(a: Profile, b: Profile) -> bool:
    """Numbered units of one kind and none of that kind in common (105th vs 113th regiment)."""
    kinds = a.unit_kinds & b.unit_kinds
    return bool(kinds) and not kinds <= {k for _, k in a.numbers & b.numbers}


def _count_veto(a: Profile, b: Profile) -> bool:
    """Counts that cannot be one group, the whole group of a partitive actor included
    (compare's count rule)."""
    if not compare_counts(a.count, b.count)[1]:
        return False
    if a.group_count or b.group_count:  # "two of the twelve" vs "twelve"
        return compare_counts(a.group_count or a.count, b.group_count or b.count)[1]
    return True


def cannot_link(a: Profile, b: Profile) -> bool:
    """True when compare(a, b) surely vetoes the pair, found without comparing places.

        >>> cannot_link(profile(army_60), profile(rosgvardia_60))  # doctest: +SKIP
        True

    The cheap vetoes (force family, unit numbers, dates, counts) of `compare`, in
    another order: most candidate pairs of a block fail one, and the linker then
    skips the place and name comparisons that make up most of a score's cost. False
    says nothing: the pair still needs `compare`.
    """
    if a.family and b.family and a.family != b.family and not _loose_force(a, b):
        return True
    if compare_dates(a.when, b.when, a.published, b.published)[1] or _count_veto(a, b):
        return True
    return _unit_clash(a, b)


def compare(a: Profile, b: Profile) -> PairScore:
    """Score one pair of mentions. Symmetric: compare(a, b) == compare(b, a)."""
    if a.order > b.order:
        a, b = b, a
    score = anchor = 0.0

    clash = bool(a.family and b.family and a.family != b.family)
    if clash and not _loose_force(a, b):
        return PairScore(0.0, 0.0, "force")
    if a.force and b.force:
        score += 0.5 if a.force == b.force else -0.5
    score += 0.5 if a.type == b.type else -1.0

    shared = a.numbers & b.numbers
    if _unit_clash(a, b):
        return PairScore(score, anchor, "unit")
    if shared:
        score += 3.0
        anchor += 3.0
    if a.unit.names & b.unit.names:
        score += 2.0
        anchor += 2.0
    elif a.unit and b.unit and not shared:
        score -= 0.5

    swapped = (a.home is not None and b.place is not None and _related(a.home, b.place)) or (
        a.place is not None and b.home is not None and _related(a.place, b.home))
    for role, pa, pb in (("home", a.home, b.home), ("place", a.place, b.place)):
        if pa is None or pb is None:
            continue
        value, veto = compare_places(pa, pb)
        if veto and nearby(pa, pb):
            value, veto = NEARBY_EVIDENCE, False
        elif veto and region_by_capital(pa, pb):
            value, veto = 1.0, False  # as a region holds its towns
        if not veto and role == "home" and value < 2.0 and eponymous(pa, pb):
            value = _PRECISION_WEIGHT["region"]
        if veto and not swapped:
            if not _strong_identity(a, b, bool(shared)):
                return PairScore(score, anchor, role)
            score += STRONG_GEO_PENALTY
        if not veto:
            score += value
            anchor += value if value >= 1.0 else 0.0
    if swapped:  # one report's home is the other's place: a role confusion, weak evidence
        score += 1.0
        anchor += 1.0

    value, veto = compare_dates(a.when, b.when, a.published, b.published)
    if veto:
        return PairScore(score, anchor, "when")
    score += value
    anchor += value if value >= 1.5 else 0.0

    value, veto = compare_counts(a.count, b.count)
    if veto and (a.group_count or b.group_count):  # "two of the twelve" vs "twelve"
        value, veto = compare_counts(a.group_count or a.count, b.group_count or b.count)
    if veto:
        return PairScore(score, anchor, "count")
    score += value

    if a.personnel and b.personnel:
        score += 0.5 if a.personnel & b.personnel else -0.5
    if a.script == b.script:
        score += 1.5 * _jaccard(a.actor_tokens, b.actor_tokens)
    else:  # Russian and English actor words never meet: what befell the group stands in
        score += CROSS_SCRIPT_OUTCOMES * _jaccard(a.outcomes, b.outcomes)

    source_evidence = 0.0
    common = _shared_sources(a, b) if a.sources and b.sources else 0
    if common:
        source_evidence += min(1.0 + 0.25 * (common - 1), 1.5)
    if (a.outlet or b.outlet) and _cites_outlet(a, b):
        source_evidence += 1.0
    score += source_evidence
    anchor += 0.75 * source_evidence
    return PairScore(round(score, 6), round(anchor, 6))
