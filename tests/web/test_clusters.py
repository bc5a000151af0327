"""Grouping the map's places per zoom: every place in one group, no box over another."""

from __future__ import annotations

import itertools

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otkaz.web.clusters import (
    MAX_ZOOM,
    MIN_ZOOM,
    Spot,
    circle_radius,
    cluster,
    clusters_by_zoom,
    label_of,
    overlap,
    pixel,
)

pytestmark = pytest.mark.anyio

BELGOROD, KURSK, OMSK = (Spot(50.6, 36.6, "Belgorod", 3), Spot(51.7, 36.2, "Kursk", 2),
                         Spot(55.0, 73.4, "Omsk", 1))


@pytest.mark.parametrize(("lat", "lon", "zoom", "expected"), [
    (0.0, 0.0, 0, (128.0, 128.0)),
    (0.0, -180.0, 2, (0.0, 512.0)),
    (0.0, 180.0, 2, (1024.0, 512.0)),
    (85.0511287798, 0.0, 1, (256.0, 0.0)),  # the Mercator edge
    (89.9, 0.0, 1, (256.0, 0.0)),  # past it: held at the edge
])
def test_pixel(lat: float, lon: float, zoom: int, expected: tuple[float, float]) -> None:
    assert pixel(lat, lon, zoom) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("members", "label"), [
    ((0,), "Belgorod · 3"), ((0, 1), "Belgorod +1 · 5"), ((0, 1, 2), "Belgorod +2 · 6"),
])
def test_label_names_the_biggest_place_and_counts_every_case(members: tuple[int, ...],
                                                             label: str) -> None:
    assert label_of([BELGOROD, KURSK, OMSK], members) == label


def test_long_and_missing_names() -> None:
    spots = [Spot(0, 0, "Kostroma Oblast and the villages around it", 1), Spot(0, 0, "", 2)]
    assert label_of(spots, (0,)) == "Kostroma Oblast and the vil… · 1"  # 28 characters
    assert label_of(spots, (1,)) == "Unnamed place · 2"


@pytest.mark.parametrize(("n", "radius"), [(1, 7.0), (10, 14.4), (100, 24.0), (100_000, 53.8)])
def test_circle_radius_grows_slowly(n: int, radius: float) -> None:
    assert circle_radius(n) == radius


@pytest.mark.parametrize(("zoom", "groups"), [
    (2, [("Belgorod", "Kursk", "Omsk")]),  # Omsk, 105 px east, is under Belgorod's label
    (3, [("Belgorod", "Kursk"), ("Omsk",)]),
    (4, [("Belgorod", "Kursk"), ("Omsk",)]),
    (7, [("Belgorod",), ("Kursk",), ("Omsk",)]),  # 120 km apart: room for both labels
])
def test_near_places_share_a_circle_until_there_is_room(zoom: int,
                                                        groups: list[tuple[str, ...]]) -> None:
    spots = [OMSK, KURSK, BELGOROD]  # any order: the biggest place leads its group
    found = cluster(spots, zoom)
    assert [tuple(spots[i].name for i in c.members) for c in found] == groups
    lead = found[0]
    assert (lead.lat, lead.lon) == (BELGOROD.lat, BELGOROD.lon)
    assert lead.n_cases == sum(s.n_cases for s in spots if s.name in groups[0])


def test_a_place_left_of_a_label_is_taken_in() -> None:
    """Boxes, not distances: a place 60 px right of another sits on that one's label."""
    west, east = Spot(55.0, 37.0, "Moscow", 5), Spot(55.0, 37.0 + 60 * 360 / 1024 / 2 ** 2 / 4,
                                                     "Podolsk", 1)
    assert [c.members for c in cluster([west, east], 4)] == [(0, 1)]


def test_clusters_by_zoom_stops_when_every_place_stands_alone() -> None:
    levels = clusters_by_zoom([BELGOROD, KURSK, OMSK])
    assert min(levels) == MIN_ZOOM and max(levels) < MAX_ZOOM
    assert len(levels[max(levels)]) == 3
    assert all(len(levels[z]) < 3 for z in levels if z < max(levels))
    same_place = [Spot(50.0, 30.0, "A", 1), Spot(50.0, 30.0, "B", 1)]
    assert len(clusters_by_zoom(same_place)) == MAX_ZOOM - MIN_ZOOM + 1  # never apart


spots_strategy = st.lists(st.builds(
    Spot, lat=st.floats(40, 72), lon=st.floats(19, 190),
    name=st.text(st.characters(categories=["L"]), min_size=0, max_size=30),
    n_cases=st.integers(1, 500)), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(spots=spots_strategy, zoom=st.integers(MIN_ZOOM, 9))
def test_every_place_in_one_group_and_no_box_over_another(spots: list[Spot], zoom: int
                                                          ) -> None:
    groups = cluster(spots, zoom)
    members = sorted(i for g in groups for i in g.members)
    assert members == list(range(len(spots)))
    assert sum(g.n_cases for g in groups) == sum(s.n_cases for s in spots)
    for g in groups:
        lead = spots[g.members[0]]
        assert (g.lat, g.lon) == (lead.lat, lead.lon)
        assert all(spots[i].n_cases <= lead.n_cases for i in g.members)
    for a, b in itertools.combinations(groups, 2):
        assert not overlap(a.box(), b.box()), (a.label, b.label)


async def test_map_json_groups_places_per_zoom(client: httpx.AsyncClient) -> None:
    data = (await client.get("/map.json")).json()
    for by in ("place", "home"):
        features = data[by]["features"]
        levels = data["clusters"][by]
        assert min(map(int, levels)) == MIN_ZOOM
        for groups in levels.values():
            assert sorted(i for g in groups for i in g["members"]) == list(range(len(features)))
            for g in groups:
                lead = features[g["members"][0]]["properties"]
                total = sum(features[i]["properties"]["n_cases"] for i in g["members"])
                more = f" +{len(g['members']) - 1}" if len(g["members"]) > 1 else ""
                assert g["label"] == f"{lead['names'][0]}{more} · {total}"
        alone = levels[str(max(map(int, levels)))]
        assert len(alone) == len(features)
    # at the widest zoom, the two Black Sea places share a circle
    widest = data["clusters"]["place"][str(MIN_ZOOM)]
    assert any(len(g["members"]) > 1 for g in widest)
