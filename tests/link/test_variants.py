"""One incident told by several outlets in different words: what still links, and what not.

Each row is a pair of mentions written for this test (invented reports); the
places come from conftest's PLACES with real coordinates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from otkaz.link import MentionRef, link_mentions
from otkaz.link.features import profile
from otkaz.link.pairs import NEARBY_KM, compare, distance_km, same_name
from otkaz.models import Place

Ref = Callable[..., MentionRef]


def _linked(ref: Ref, a: dict[str, Any], b: dict[str, Any]) -> tuple[bool, str | None]:
    """Whether link_mentions puts the two in one case (blocking included), and the pair's veto."""
    ma, mb = ref("a", **a), ref("b", **b)
    result = link_mentions([ma, mb])
    return len(result.cases) == 1, compare(profile(ma), profile(mb)).veto


UNIT_PAIR = {"unit": "155th brigade", "count": (20, 20), "when": "2023-01-15"}


@pytest.mark.parametrize(("a", "b", "linked", "veto"), [
    # two towns ~11 km apart on one front: the same sector, no veto
    ({**UNIT_PAIR, "place": "Bakhmut"}, {**UNIT_PAIR, "place": "Soledar"}, True, None),
    ({"home": "Tver region", "place": "Bakhmut", "count": (20, 20), "when": "2023-01-15"},
     {"home": "Tver region", "place": "Soledar", "count": (20, 20), "when": "2023-01-15"},
     True, None),
    # towns ~45 km apart stay different places
    ({"home": "Tver region", "place": "Bakhmut", "count": (20, 20), "when": "2023-01-15"},
     {"home": "Tver region", "place": "Kramatorsk", "count": (20, 20), "when": "2023-01-15"},
     False, "place"),
    # a shared numbered unit with overlapping dates and counts outweighs a place mix-up
    # ("mobilised in Kamchatka" read as the place)
    ({"unit": "40th brigade", "count": (40, 40), "when": "2023-01-12", "place": "Kamchatka"},
     {"unit": "40th marine brigade", "count": (40, 40), "when": "2023-01-09/2023-01-15",
      "place": "Vuhledar"}, True, None),
    # ... but not without overlapping dates, nor with counts that do not overlap
    ({"unit": "40th brigade", "count": (40, 40), "when": "2023-01-12", "place": "Kamchatka"},
     {"unit": "40th brigade", "count": (40, 40), "when": "2023-01-20", "place": "Vuhledar"},
     False, "place"),
    ({"unit": "40th brigade", "count": (40, 40), "when": "2023-01-12", "place": "Kamchatka"},
     {"unit": "40th brigade", "count": (45, 45), "when": "2023-01-12", "place": "Vuhledar"},
     False, "place"),
    # nor without a shared unit
    ({"count": (40, 40), "when": "2023-01-12", "place": "Kamchatka"},
     {"count": (40, 40), "when": "2023-01-12", "place": "Vuhledar"}, False, "place"),
])
def test_places_told_differently(ref: Ref, a: dict[str, Any], b: dict[str, Any], linked: bool,
                                 veto: str | None) -> None:
    assert _linked(ref, a, b) == (linked, veto)


@pytest.mark.parametrize(("home_a", "home_b", "linked"), [
    ("Tver", "Tver region", True),  # the capital that gives the region its name
    ("Tver region", "Tver", True),
    ("Rzhev", "Tver region", False),  # another town of the region: only containment
])
def test_eponymous_capital_is_the_region(ref: Ref, home_a: str, home_b: str,
                                         linked: bool) -> None:
    # an undated follow-up months later: the home is its only identifying fact
    a = {"home": home_a, "count": (12, 12), "when": "2023-03-09", "published": "2023-03-15",
         "personnel": ("mobilized",), "actor": "12 mobilised men"}
    b = {"home": home_b, "count": (12, 12), "published": "2023-09-01",
         "personnel": ("mobilized",), "actor": "12 mobilised soldiers"}
    assert _linked(ref, a, b) == (linked, None)


@pytest.mark.parametrize(("a", "b", "linked", "veto"), [
    # a regional outlet names the home, a national one the front town: the count brings them
    # into one block
    ({"home": "Chuvashia", "count": (15, 15), "when": "2023-05-10", "published": "2023-05-12",
      "personnel": ("mobilized",)},
     {"place": "Kupiansk", "count": (15, 15), "when": "2023-05-08/2023-05-14",
      "published": "2023-05-17", "personnel": ("mobilized",)}, True, None),
    # the same with the roles the other way round
    ({"place": "Kupiansk", "count": (15, 15), "when": "2023-05-10", "published": "2023-05-12",
      "personnel": ("mobilized",)},
     {"home": "Chuvashia", "count": (15, 15), "when": "2023-05-08/2023-05-14",
      "published": "2023-05-17", "personnel": ("mobilized",)}, True, None),
    # counts that differ keep them apart
    ({"home": "Chuvashia", "count": (15, 15), "when": "2023-05-10"},
     {"place": "Kupiansk", "count": (40, 40), "when": "2023-05-10"}, False, "count"),
    # months apart keep them apart
    ({"home": "Chuvashia", "count": (15, 15), "when": "2023-05-10"},
     {"place": "Kupiansk", "count": (15, 15), "when": "2023-09-10", "published": "2023-09-20"},
     False, "when"),
])
def test_home_only_meets_place_only(ref: Ref, a: dict[str, Any], b: dict[str, Any],
                                    linked: bool, veto: str | None) -> None:
    assert _linked(ref, a, b) == (linked, veto)


def test_facet_blocking_needs_a_count_of_three_or_more(ref: Ref) -> None:
    # "a soldier" from one region and "a soldier" at one front town: too common to compare
    a = ref("a", home="Chuvashia", count=(1, 1), when="2023-05-10")
    b = ref("b", place="Kupiansk", count=(1, 1), when="2023-05-10")
    assert link_mentions([a, b]).comparisons == 0


@pytest.mark.parametrize(("when_a", "when_b", "linked"), [
    ("2023-01-15", "2023-01-15", True),
    ("2023-01-15", "2023-01-16", True),  # "on Sunday" / "overnight into Monday"
    ("2023-01-15", "2023-01-17", True),
    ("2023-01-15", "2023-01-20", False),  # five days off: no longer evidence for
])
def test_adjacent_days_are_one_event(ref: Ref, when_a: str, when_b: str, linked: bool) -> None:
    # the home (region vs a town in it) is weak; the narrow date must carry the anchor
    a = {"home": "Tver region", "count": (20, 20), "when": when_a}
    b = {"home": "Rzhev", "count": (20, 20), "when": when_b}
    assert _linked(ref, a, b)[0] is linked


@pytest.mark.parametrize(("a", "b", "same"), [
    ("novaya gazeta", "novaya gazeta europe", True),
    ("novaya gazeta europe", "novaya gazeta", True),
    ("meduza", "meduza", True),
    ("astra", "astra news", False),  # too short to match by prefix
    ("sibir", "sibir realii", False),  # the shorter must have 6+ letters
    ("meduza", "meduza io", True),
    ("vot tak", "vot tak", True),
    ("kavkaz realii", "sibir realii", False),
])
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_outlet_cited_under_a_longer_name_counts_as_the_source(ref: Ref) -> None:
    a = ref("a", home="Buryatia", count=(5, 5), when="2023-08-15", outlet="Novaya Gazeta Europe")
    b = ref("b", home="Buryatia", count=(5, 5), when="2023-08-01/2023-08-31",
            sources=("Novaya Gazeta",))
    c = ref("c", home="Buryatia", count=(5, 5), when="2023-08-01/2023-08-31",
            sources=("Vot Tak",))
    with_source = compare(profile(a), profile(b))
    without = compare(profile(a), profile(c))
    assert with_source.score - without.score == pytest.approx(1.0)
    assert with_source.anchor - without.anchor == pytest.approx(0.75)


def test_distance_km() -> None:
    bakhmut = Place("Bakhmut", "UA", "Donetsk Oblast", 48.595, 38.000, "city")
    soledar = Place("Soledar", "UA", "Donetsk Oblast", 48.686, 38.070, "city")
    assert distance_km(bakhmut, soledar) == pytest.approx(11.4, abs=0.5)
    assert distance_km(bakhmut, Place("X")) is None
    assert NEARBY_KM < 45  # Bakhmut-Kramatorsk stays apart


RIOT_POLICE = {"actor": "eleven riot police officers", "force": "rosgvardia", "count": (11, 11),
               "home": "Buryatia", "when": "2022-11-03", "published": "2022-11-08",
               "outlet": "Baikal Herald"}
RETOLD = {"actor": "eleven Russian servicemen", "force": "army", "count": (11, 11),
          "home": "Buryatia", "when": "2022-11-01/2022-11-30", "published": "2022-11-12",
          "sources": ("Baikal Herald",)}


@pytest.mark.parametrize(("change", "linked", "veto"), [
    ({}, True, None),  # the retelling cites the original's outlet
    ({"sources": (), "outlet": None}, False, "force"),  # no citation: families stay apart
    ({"count": (12, 12)}, False, "force"),  # not the same exact count
    ({"when": "2022-12-01/2022-12-31", "published": "2023-01-10"}, False, "force"),
    ({"force": "pmc"}, False, "force"),  # only the army reading is loose wording
])
def test_retelling_may_word_the_force_loosely(ref: Ref, change: dict[str, Any], linked: bool,
                                             veto: str | None) -> None:
    assert _linked(ref, RIOT_POLICE, {**RETOLD, **change}) == (linked, veto)


@pytest.mark.parametrize(("unit_a", "unit_b", "linked"), [
    ("Akhmat battalion", "Ahmat special forces", True),
    ("Vostok battalion", "Vostok brigade", True),
    ("Akhmat battalion", "Vostok battalion", False),
])
def test_unit_names_compare_by_spelling_skeleton(ref: Ref, unit_a: str, unit_b: str,
                                                 linked: bool) -> None:
    # no place: only the unit name can block and anchor the pair
    a = ref("a", unit=unit_a, count=(30, 30), when="2023-06-10", actor="fighters")
    b = ref("b", unit=unit_b, count=(30, 30), when="2023-06-10", actor="fighters")
    assert (len(link_mentions([a, b]).cases) == 1) is linked


ORIGINAL = {"actor": "12 mobilised men", "count": (12, 12), "home": "Tver region",
            "when": "2023-03-09", "published": "2023-03-15", "outlet": "Upper Volga News",
            "personnel": ("mobilized",)}


@pytest.mark.parametrize(("original", "retold", "compared"), [
    # a retelling with no place, unit or count, dated to the month, citing the original
    ({}, {"when": "2023-03-01/2023-03-20", "published": "2023-03-20"}, True),
    # the same retelling with a count: it meets the original that states none
    ({"count": None}, {"count": (12, 12), "when": "2023-03-01/2023-03-20",
                       "published": "2023-03-20"}, True),
    # an undated retelling with no count is too vague to probe every count
    ({}, {"when": None, "published": "2023-03-20"}, False),
])
def test_a_probe_meets_mentions_that_state_no_count(ref: Ref, original: dict[str, Any],
                                                    retold: dict[str, Any],
                                                    compared: bool) -> None:
    a = ref("a", **{**ORIGINAL, **original})
    b = ref("b", actor="Russian mobilised soldiers", personnel=("mobilized",),
            sources=("Upper Volga News",), **retold)
    result = link_mentions([a, b])
    assert (result.comparisons == 1) is compared
    assert (len(result.cases) == 1) is compared


@pytest.mark.parametrize(("a", "b", "linked", "veto"), [
    # "the Zaporizhzhia direction" (read as the city) and a town of that region
    ({"place": "Zaporizhzhia", "home": "Buryatia"}, {"place": "Tokmak", "home": "Buryatia"},
     True, None),
    # "from Kursk" and a town of the Kursk region
    ({"home": "Kursk", "place": "Bakhmut"}, {"home": "Zheleznogorsk", "place": "Bakhmut"},
     True, None),
    # two towns of one region, neither named like it, far apart: still a conflict
    ({"home": "Tver region", "place": "Bakhmut"}, {"home": "Tver region", "place": "Kramatorsk"},
     False, "place"),
    ({"home": "Tver", "place": "Bakhmut"}, {"home": "Kursk", "place": "Bakhmut"}, False, "home"),
])
def test_city_named_like_its_region(ref: Ref, a: dict[str, Any], b: dict[str, Any],
                                    linked: bool, veto: str | None) -> None:
    common = {"count": (5, 5), "when": "2023-08-15"}
    assert _linked(ref, {**common, **a}, {**common, **b}) == (linked, veto)


@pytest.mark.parametrize(("actor", "count", "linked", "veto"), [
    # a follow-up about part of the group: compared by the group it names
    ("Two of the twelve mobilised men", (2, 2), True, None),
    ("three of the 12 soldiers who refused", (3, 3), True, None),
    # a group of its own, or a part of an unnamed whole: the counts still decide
    ("two mobilised men", (2, 2), False, "count"),
    ("two of them", (2, 2), False, "count"),
    ("Two of the forty mobilised men", (2, 2), False, "count"),
])
def test_part_of_the_group(ref: Ref, actor: str, count: tuple[int, int], linked: bool,
                           veto: str | None) -> None:
    original = {"actor": "12 mobilised men", "count": (12, 12), "home": "Tver region",
                "place": "Svatove", "when": "2023-03-09", "published": "2023-03-15"}
    follow_up = {"actor": actor, "count": count, "home": "Tver region", "place": "Svatove",
                 "when": "2023-03-01/2023-03-31", "published": "2023-09-12",
                 "outcomes": ("convicted",)}
    assert _linked(ref, original, follow_up) == (linked, veto)


def test_partitive_probe_takes_the_groups_magnitude(ref: Ref) -> None:
    from otkaz.link.cases import count_buckets

    part = profile(ref("a", actor="two of the forty men", count=(2, 2)))
    alone = profile(ref("b", actor="two men", count=(2, 2)))
    forty = profile(ref("c", actor="forty men", count=(40, 40)))
    assert set(count_buckets(forty)) <= set(count_buckets(part))
    assert not set(count_buckets(forty)) & set(count_buckets(alone))


@pytest.mark.parametrize(("a", "b"), [
    ("12 mobilised men", "a dozen mobilised soldiers"),
    ("Russian servicemen from Buryatia", "Russian troops from Buryatia"),
    ("fighters of the Akhmat battalion", "Akhmat battalion men"),
])
def test_plain_words_for_servicemen_do_not_tell_mentions_apart(ref: Ref, a: str, b: str) -> None:
    from otkaz.link.features import actor_tokens

    assert actor_tokens(a) == actor_tokens(b)
    base = {"home": "Buryatia", "count": (12, 12), "when": "2023-05-10"}
    reworded = compare(profile(ref("x", actor=a, **base)), profile(ref("y", actor=b, **base)))
    same = compare(profile(ref("x", actor=a, **base)), profile(ref("y", actor=a, **base)))
    assert reworded.score == same.score


def test_plain_words_alone_are_no_evidence(ref: Ref) -> None:
    from otkaz.link.features import actor_tokens

    assert actor_tokens("60 soldiers") == frozenset()
    assert actor_tokens("60 Pskov paratroopers") == frozenset({"pskov", "paratrooper"})
