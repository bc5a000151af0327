"""Pairwise comparison: which mentions may be the same incident, and which facts veto it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otkaz.link import MentionRef
from otkaz.link.features import profile, unit_key
from otkaz.link.pairs import cannot_link, compare, counts_compatible, similar_names
from otkaz.models import Range

Ref = Callable[..., MentionRef]

BASE = {"count": (40, 40), "personnel": ("mobilized",), "when": "2022-10-11",
        "actor": "about 40 mobilised men from the Ivanovo region", "home": "Ivanovo region"}


def _pair(ref: Ref, a: dict, b: dict) -> tuple[bool, str | None]:
    s = compare(profile(ref("a", **{**BASE, **a})), profile(ref("b", **{**BASE, **b})))
    return s.linked, s.veto


@pytest.mark.parametrize(("a", "b", "linked", "veto"), [
    # spelling variants of one place, with no gazetteer entry: transliteration-blind names
    ({"place": "Lugansk region"}, {"place": "Luhansk region", "geo": False}, True, None),
    ({"place": "Ugledar", "geo": False}, {"place": "Vuhledar", "geo": False}, True, None),
    ({"place": "Severodonetsk"}, {"place": "Sievierodonetsk"}, True, None),
    # a region contains its city (gazetteer entries)
    ({"home": "Pskov region"}, {"home": "Pskov"}, True, None),
    ({"place": "Luhansk region"}, {"place": "Svatove"}, True, None),
    # resolved places of which neither contains the other
    ({"home": "Tomsk"}, {"home": "Omsk"}, False, "home"),
    ({"place": "Kursk region"}, {"place": "Belgorod region"}, False, "place"),
    # counts: near readings link, far ones veto
    ({"count": (60, 60)}, {"count": (70, 70)}, True, None),
    ({"count": (24, 99)}, {"count": (40, 40)}, True, None),
    ({"count": (40, None)}, {"count": (45, 45)}, True, None),
    ({"count": (12, 12)}, {"count": (300, 300)}, False, "count"),
    ({"count": (40, 40)}, {"count": (60, 60)}, False, "count"),
    # dates: overlapping or near link; far apart veto; a month-later report still matches
    ({"when": "2022-10-01/2022-10-31", "published": "2023-03-01"}, {}, True, None),
    ({"when": "2022-10-14"}, {}, True, None),
    ({"when": "2023-05-01/2023-05-10"}, {"when": "2024-11-01/2024-11-30"}, False, "when"),
    ({"when": None, "published": "2022-09-01"}, {"when": "2022-10-11"}, False, "when"),
    ({"when": None}, {}, True, None),
    # force families never mix; units with different numbers veto
    ({"force": "army"}, {"force": "rosgvardia"}, False, "force"),
    ({"force": "army"}, {"force": "other"}, True, None),
    ({"unit": "105th Regiment"}, {"unit": "113th rifle regiment"}, False, "unit"),
])
def test_pair_rules(ref: Ref, a: dict, b: dict, linked: bool, veto: str | None) -> None:
    assert _pair(ref, a, b) == (linked, veto)


def test_shared_unit_links_without_places(ref: Ref) -> None:
    a = ref("a", actor="mobilised men of the 113th Regiment", unit="113th Regiment",
            count=(100, None), when="2022-05-21/2022-05-31")
    b = ref("b", actor="we, the men of the 113th rifle regiment", unit="113th rifle regiment",
            count=(100, None), when="2022-05-21/2022-05-31")
    s = compare(profile(a), profile(b))
    assert s.linked and s.anchor >= 3.0


def test_vague_mentions_do_not_link_on_type_and_count_alone(ref: Ref) -> None:
    a = ref("a", actor="a soldier", count=(1, 1))
    b = ref("b", actor="a soldier", count=(1, 1))
    s = compare(profile(a), profile(b))
    assert s.veto is None and not s.linked and s.anchor < 1.5


def test_compare_is_symmetric(ref: Ref) -> None:
    a = profile(ref("a", **{**BASE, "place": "Svatove", "sources": ("Open Barracks",)}))
    b = profile(ref("b", **{**BASE, "place": "Luhansk region", "outlet": "Open Barracks"}))
    assert compare(a, b) == compare(b, a)


def test_an_outlet_cited_by_the_other_report_is_evidence(ref: Ref) -> None:
    plain = compare(profile(ref("a", **BASE)), profile(ref("b", **BASE)))
    cited = compare(profile(ref("a", **BASE, outlet="Volga Courier")),
                    profile(ref("b", **BASE, sources=("Volga Courier",))))
    assert cited.score == plain.score + 1.0


@pytest.mark.parametrize(("a", "b", "ok"), [
    ((60, 60), (70, 70), True), ((12, 12), (300, 300), False), ((1, 1), (2, 2), True),
    ((24, 99), (60, 60), True), ((None, 50), (30, 30), True), ((100, None), (60, 60), False),
    ((3, 9), (12, 12), True), ((3, 9), (30, 30), False),
])
def test_counts_compatible(a: tuple, b: tuple, ok: bool) -> None:
    assert counts_compatible(Range(*a), Range(*b)) is ok
    assert counts_compatible(Range(*b), Range(*a)) is ok


@pytest.mark.parametrize(("a", "b", "same"), [
    ("lugansk", "luhansk", True), ("svatove", "svatovo", True), ("kharkiv", "kharkov", True),
    ("artemovsk", "bakhmut", False), ("tomsk", "omsk", False), ("kursk", "kazan", False),
])
def test_similar_names(a: str, b: str, same: bool) -> None:
    assert similar_names(a, b) is same


@pytest.mark.parametrize(("unit", "numbers", "names"), [
    ("113th Regiment", {("113", "regiment")}, set()),
    ("the 113th rifle regiment", {("113", "regiment")}, set()),
    ("3rd battalion of the 1425th motor rifle regiment",
     {("3", "battalion"), ("1425", "regiment")}, set()),
    ("Plastun company", set(), {"plastun"}),
    ("military unit 12345", {("12345", "unit")}, set()),
    ("4th Guards Military Base", {("4", "base")}, set()),
])
def test_unit_key(unit: str, numbers: set, names: set) -> None:
    key = unit_key(unit)
    assert set(key.numbers) == numbers and set(key.names) == names


def test_actor_counts_are_not_unit_numbers() -> None:
    assert unit_key("5 soldiers of a company", strict=True).numbers == frozenset()
    assert unit_key("men of the 113th Regiment", strict=True).numbers == {("113", "regiment")}


def test_a_home_given_as_the_other_reports_place_does_not_veto(ref: Ref) -> None:
    a = ref("a", actor="at least 15 contract soldiers", count=(15, None), place="Buryatia",
            unit="3rd battalion", sources=("Open Barracks",))
    b = ref("b", actor="at least 15 contract soldiers from Buryatia", count=(15, None),
            home="Buryatia", place="Luhansk region", sources=("Open Barracks",))
    s = compare(profile(a), profile(b))
    assert s.veto is None and s.linked
    c = ref("c", actor="at least 15 contract soldiers", count=(15, None), place="Kursk region",
            sources=("Open Barracks",))
    assert compare(profile(c), profile(b)).veto == "place"


@pytest.mark.parametrize(("a", "b", "ruled_out"), [
    ({"force": "army"}, {"force": "rosgvardia"}, True),
    ({"unit": "105th Regiment"}, {"unit": "113th rifle regiment"}, True),
    ({"when": "2023-05-01/2023-05-10"}, {"when": "2024-11-01/2024-11-30"}, True),
    ({"count": (12, 12)}, {"count": (300, 300)}, True),
    # a place veto needs the places compared: not a cheap one
    ({"home": "Tomsk"}, {"home": "Omsk"}, False),
    # "two of the twelve" meets "twelve": the group's count, as compare reads it
    ({"actor": "two of the twelve men", "count": (2, 2)}, {"count": (12, 12)}, False),
    ({}, {}, False),
])
def test_cannot_link_finds_the_cheap_vetoes(ref: Ref, a: dict, b: dict,
                                            ruled_out: bool) -> None:
    pa, pb = profile(ref("a", **{**BASE, **a})), profile(ref("b", **{**BASE, **b}))
    assert cannot_link(pa, pb) is ruled_out
    assert cannot_link(pb, pa) is ruled_out
    if ruled_out:
        assert compare(pa, pb).veto is not None


_specs = st.fixed_dictionaries({
    "force": st.sampled_from(("army", "rosgvardia", "pmc", "other", None)),
    "count": st.sampled_from((None, (1, 1), (3, 3), (12, 12), (15, None), (24, 99), (60, 60),
                              (70, 70), (None, 50))),
    "actor": st.sampled_from(("soldiers", "two of the twelve men", "men of the 113th regiment",
                              "three of these 40 soldiers")),
    "unit": st.sampled_from((None, "113th regiment", "105th regiment", "3rd battalion")),
    "home": st.sampled_from((None, "Tomsk", "Omsk", "Pskov region", "Pskov")),
    "when": st.sampled_from((None, "2022-10-11", "2022-10-01/2022-10-31", "2022-12-20",
                             "2023-03-01")),
    "published": st.sampled_from(("2022-09-01", "2022-10-20", "2023-06-30")),
    "sources": st.sampled_from(((), ("Open Barracks",))),
    "outlet": st.sampled_from((None, "Open Barracks", "Volga Courier")),
})


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=_specs, b=_specs)
def test_cannot_link_only_rules_out_vetoed_pairs(ref: Ref, a: dict, b: dict) -> None:
    """The pre-check skips only pairs that compare vetoes, so linking is unchanged by it."""
    pa, pb = profile(ref("a", **a)), profile(ref("b", **b))
    assert cannot_link(pa, pb) == cannot_link(pb, pa)
    if cannot_link(pa, pb):
        assert compare(pa, pb).veto is not None
