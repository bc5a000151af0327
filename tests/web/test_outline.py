"""The map outline: no ring segment crosses the antimeridian, and nothing is lost doing so."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import pytest

from otkaz.web.outline import (
    crossings,
    decode_arcs,
    drawn_lon,
    mend_feature,
    mend_polar,
    mend_polygon,
    outline_geojson,
    ring_of,
    unwrap,
    winding,
)

pytestmark = pytest.mark.anyio


def _rings(feature: dict[str, Any]) -> list[list[list[float]]]:
    return [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]


def _steps(ring: list[list[float]]) -> list[float]:
    return [abs(b[0] - a[0]) for a, b in zip(ring, ring[1:], strict=False)]


def _by_name() -> dict[str, dict[str, Any]]:
    return {f["properties"]["name"]: f for f in outline_geojson()["features"]}


def test_no_ring_segment_crosses_the_antimeridian() -> None:
    features = outline_geojson()["features"]
    assert len(features) > 200
    for feature in features:
        for ring in _rings(feature):
            assert ring[0] == ring[-1], feature["properties"]["name"]  # still closed
            assert max(_steps(ring)) <= 180, feature["properties"]["name"]


def test_the_bundled_atlas_did_cross_it() -> None:
    """The check above is not empty: the raw atlas has the bands it removes."""
    from otkaz.web.outline import WORLD_ATLAS

    topology = json.loads(WORLD_ATLAS.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    crossing = set()
    for geometry in topology["objects"]["countries"]["geometries"]:
        parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        if any(crossings(ring_of(arcs, r)) for p in parts for r in p):
            crossing.add(geometry["properties"]["name"])
    assert crossing == {"Russia", "Fiji", "Antarctica"}


def test_russia_is_drawn_whole_east_of_180() -> None:
    russia = _by_name()["Russia"]
    lons = [p[0] for ring in _rings(russia) for p in ring]
    assert 19 < min(lons) < 20 and 190 < max(lons) < 191  # Kaliningrad to the Diomedes
    # every part of Chukotka, the islands beyond 180° included, is east of the line
    assert not [p for ring in _rings(russia) for p in ring if p[0] < 0]


def test_antarctica_is_closed_along_the_pole() -> None:
    antarctica = _by_name()["Antarctica"]
    lons = [p[0] for ring in _rings(antarctica) for p in ring]
    assert min(lons) >= -180 and max(lons) <= 180
    assert any(p[1] == -90 for ring in _rings(antarctica) for p in ring)


def test_countries_away_from_the_line_are_unchanged() -> None:
    germany = _by_name()["Germany"]
    lons = [p[0] for ring in _rings(germany) for p in ring]
    assert 5.8 < min(lons) < 6 and 15 < max(lons) < 15.1


SQUARE_ACROSS = [(179.0, 66.0), (-179.0, 66.0), (-179.0, 64.0), (179.0, 64.0), (179.0, 66.0)]


@pytest.mark.parametrize(("polygon", "expected"), [
    # a square across the line: unwrapped east of 180
    ([SQUARE_ACROSS], [[(179.0, 66.0), (181.0, 66.0), (181.0, 64.0), (179.0, 64.0),
                        (179.0, 66.0)]]),
    # the same square, starting west of the line: the same place
    ([[(-179.0, 66.0), (-179.0, 64.0), (179.0, 64.0), (179.0, 66.0), (-179.0, 66.0)]],
     [[(181.0, 66.0), (181.0, 64.0), (179.0, 64.0), (179.0, 66.0), (181.0, 66.0)]]),
    # a square that does not cross is left as it is
    ([[(10.0, 1.0), (11.0, 1.0), (11.0, 0.0), (10.0, 1.0)]],
     [[(10.0, 1.0), (11.0, 1.0), (11.0, 0.0), (10.0, 1.0)]]),
])
def test_mend_polygon(polygon: list[list[tuple[float, float]]],
                      expected: list[list[tuple[float, float]]]) -> None:
    assert mend_polygon(polygon) == expected


def test_a_countrys_islands_beyond_the_line_follow_its_crossing_part() -> None:
    island = [[(-175.0, 65.0), (-174.0, 65.0), (-174.0, 64.0), (-175.0, 65.0)]]
    faraway = [[(-100.0, 40.0), (-99.0, 40.0), (-99.0, 39.0), (-100.0, 40.0)]]
    mended = mend_feature([[SQUARE_ACROSS], island, faraway])
    assert mended[1] == [[(185.0, 65.0), (186.0, 65.0), (186.0, 64.0), (185.0, 65.0)]]
    assert mended[2] == faraway  # far from the crossing part: stays where it is


def test_a_ring_round_the_pole() -> None:
    ring = [(-180.0, -80.0), (-90.0, -75.0), (0.0, -70.0), (90.0, -75.0), (179.0, -80.0),
            (-180.0, -80.0)]
    assert abs(winding(ring)) == 360 and crossings(ring) == 1
    mended = mend_polar(ring)
    assert mended[0] == mended[-1]
    assert max(_steps([list(p) for p in mended])) <= 180
    assert (179.0, -90.0) in mended and (-180.0, -90.0) in mended  # closed along the pole


def test_unwrap_keeps_steps_short() -> None:
    assert unwrap([(170.0, 0.0), (-170.0, 0.0), (-160.0, 1.0)]) == [
        (170.0, 0.0), (190.0, 0.0), (200.0, 1.0)]


@pytest.mark.parametrize(("lat", "lon", "drawn"), [
    (65.6, -175.0, 185.0),   # Chukotka beyond 180°: drawn beside the rest of Russia
    (-16.5, -179.9, 180.1),  # Fiji's eastern islands
    (55.75, 37.62, 37.62),   # Moscow: as it is
    (61.2, -149.9, -149.9),  # Anchorage: not under land drawn past 180°
])
def test_drawn_lon(lat: float, lon: float, drawn: float) -> None:
    assert drawn_lon(lat, lon) == pytest.approx(drawn)


async def test_the_map_page_loads_the_mended_outline(client: httpx.AsyncClient) -> None:
    page = (await client.get("/map")).text
    assert 'data-outline="/map/outline.json"' in page
    answer = await client.get("/map/outline.json", headers={"accept-encoding": "gzip"})
    assert answer.status_code == 200 and answer.headers["content-encoding"] == "gzip"
    data = answer.json()  # httpx undoes the gzip
    assert data == json.loads(json.dumps(outline_geojson()))
    again = await client.get("/map/outline.json",
                             headers={"if-none-match": answer.headers["etag"]})
    assert again.status_code == 304
    plain = await client.get("/map/outline.json", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert len(gzip.compress(plain.content)) < len(plain.content) / 2
