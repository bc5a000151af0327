"""The map's country outline: the bundled Natural Earth TopoJSON as GeoJSON that Leaflet
draws without bands across the map.

    >>> outline_geojson()["features"][0]["properties"]["name"]     # doctest: +SKIP
    'Zimbabwe'
    >>> mend_polygon([[(179.0, 66.0), (-179.0, 66.0), (-179.0, 64.0), (179.0, 64.0),
    ...                (179.0, 66.0)]])
    [[(179.0, 66.0), (181.0, 66.0), (181.0, 64.0), (179.0, 64.0), (179.0, 66.0)]]

Leaflet joins consecutive points with a straight line in longitude, so a ring
that steps from 179.9° to -180° (Chukotka, Fiji, Antarctica) is drawn as a band
right across the map. Here no segment of any ring spans more than 180° of
longitude:

- a polygon that crosses the antimeridian is unwrapped, so that Chukotka lies
  east of 180° (up to about 191°) and Russia is drawn whole; the country's
  other parts beyond the line (islands at -175°) move with it;
- a ring around a pole (Antarctica) is cut at the antimeridian and closed
  along the pole.

Longitudes past 180° are what Leaflet needs; this GeoJSON is for the map page,
not an export. The work is done once per process (about half a second) and the
result kept.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

Point = tuple[float, float]  # (lon, lat), as in GeoJSON
Ring = list[Point]
Polygon = list[Ring]  # the exterior ring, then any holes

WORLD_ATLAS = Path(__file__).parent / "static" / "vendor" / "world-atlas" / "countries-50m.json"
DIGITS = 3  # decimals kept (about 100 m; the 50m atlas is quantised to 0.0036°)
POLE_STEP = 90.0
# a part of a country beyond the antimeridian follows its crossing part when moving it by
# a turn brings it within this many degrees of longitude of that part (Russia's islands)
NEAR_DEGREES = 10.0  # degrees of longitude between the points of an edge drawn along a pole


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The arcs of a quantised TopoJSON topology as (lon, lat) points.

    TopoJSON stores each arc's points as integer steps from the previous one,
    scaled and translated by the topology's `transform`.
    """
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_of(arcs: list[Ring], indexes: list[int]) -> Ring:
    """A ring from arc indexes (a negative index ~i is arc i reversed); shared ends once."""
    ring: Ring = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def crossings(ring: Ring) -> int:
    """How many segments of `ring` step more than 180° in longitude (across ±180°)."""
    return sum(1 for a, b in zip(ring, ring[1:], strict=False) if abs(b[0] - a[0]) > 180)


def _step(a: float, b: float) -> float:
    """The longitude step from a to b the short way round, in (-180, 180]."""
    d = (b - a) % 360
    return d - 360 if d > 180 else d


def unwrap(ring: Ring) -> Ring:
    """`ring` with each longitude moved by whole turns to within 180° of the previous one."""
    if not ring:
        return []
    out = [ring[0]]
    for lon, lat in ring[1:]:
        out.append((out[-1][0] + _step(out[-1][0], lon), lat))
    return out


def winding(ring: Ring) -> float:
    """The longitude a ring travels in all: 0 for most, ±360 for one around a pole."""
    return sum(_step(a[0], b[0]) for a, b in zip(ring, ring[1:], strict=False))


def _shifted(ring: Ring, by: float) -> Ring:
    return [(lon + by, lat) for lon, lat in ring]


def _span(rings: list[Ring]) -> tuple[float, float]:
    lons = [lon for ring in rings for lon, _ in ring]
    return min(lons), max(lons)


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Degrees of longitude between two spans; 0 where they overlap."""
    return max(0.0, a[0] - b[1], b[0] - a[1])


def mend_polar(ring: Ring) -> Ring:
    """A ring around a pole, cut at the antimeridian and closed along the pole.

    It starts just east of -180°, runs once round to 180°, goes to the pole and
    back along it in steps of POLE_STEP; a longitude that strays past ±180°
    (a ring crossing back and forth) is held at ±180°.
    """
    jump = next(i for i, (a, b) in enumerate(zip(ring, ring[1:], strict=False))
                if abs(b[0] - a[0]) > 180)
    path = unwrap(ring[jump + 1:] + ring[1:jump + 1])
    path = [(max(-180.0, min(180.0, lon)), lat) for lon, lat in path]
    pole = -90.0 if sum(lat for _, lat in path) < 0 else 90.0
    start, end = path[0][0], path[-1][0]
    along = [(end, pole)]
    direction = -1 if end > start else 1
    lon = end
    while abs(start - lon) > POLE_STEP:
        lon += direction * POLE_STEP
        along.append((lon, pole))
    along.append((start, pole))
    return path + along + [path[0]]


def _from_west(ring: Ring) -> Ring:
    """`ring` moved by whole turns so that its westernmost point lies in -180°..180°."""
    west = min(lon for lon, _ in ring)
    return _shifted(ring, -360 * ((west + 180) // 360))


def mend_polygon(polygon: Polygon) -> Polygon:
    """A polygon (exterior, holes) drawn without a band: a ring round a pole cut and
    closed along it, a crossing ring unwrapped (its holes kept beside it)."""
    if not any(crossings(r) for r in polygon):
        return polygon
    if abs(winding(polygon[0])) > 180:
        return [mend_polar(r) if abs(winding(r)) > 180
                else _from_west(unwrap(r)) if crossings(r) else r for r in polygon]
    exterior = _from_west(unwrap(polygon[0]))
    middle = sum(_span([exterior])) / 2
    mended = [exterior]
    for hole in polygon[1:]:
        hole = unwrap(hole)
        mended.append(_shifted(hole, 360 * round((middle - sum(_span([hole])) / 2) / 360)))
    return mended


def mend_feature(polygons: list[Polygon]) -> list[Polygon]:
    """A country's polygons mended; parts just beyond the antimeridian follow the part that
    crosses it (Russia's islands at -175° are drawn beside Chukotka at 185°), parts
    further away (more than NEAR_DEGREES after the move) stay where they are."""
    mended = [mend_polygon(p) for p in polygons]
    crossed = [m is not p for p, m in zip(polygons, mended, strict=True)]
    reaching = [_span(m) for m, c in zip(mended, crossed, strict=True)
                if c and _span(m)[1] > 180]
    if not reaching:
        return mended
    out = []
    for polygon, c in zip(mended, crossed, strict=True):
        span = _span(polygon)
        if not c and span[1] <= 0:
            moved = (span[0] + 360, span[1] + 360)
            near = min(_gap(moved, r) for r in reaching)
            if near <= NEAR_DEGREES and near < min(_gap(span, r) for r in reaching):
                polygon = [_shifted(r, 360) for r in polygon]
        out.append(polygon)
    return out


def _rounded(ring: Ring) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, DIGITS), round(lat, DIGITS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def outline_from(topology: dict[str, Any], name: str = "countries") -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the topology's object `name`, every polygon mended."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        polygons = [[ring_of(arcs, r) for r in p] for p in parts]
        coordinates = [[_rounded(r) for r in p] for p in mend_feature(polygons)]
        features.append({"type": "Feature", "id": geometry.get("id"),
                         "properties": dict(geometry.get("properties") or {}),
                         "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


@cache
def outline_geojson() -> dict[str, Any]:
    """The bundled world outline (Natural Earth via world-atlas), mended; read once."""
    return outline_from(json.loads(WORLD_ATLAS.read_text(encoding="utf-8")))


@cache
def outline_body(compressed: bool = False) -> tuple[bytes, str]:
    """The outline as compact JSON bytes (gzipped: about a quarter), with its ETag."""
    body = json.dumps(outline_geojson(), separators=(",", ":")).encode()
    etag = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
    return (gzip.compress(body, compresslevel=6, mtime=0) if compressed else body), etag


@cache
def _drawn_east() -> tuple[tuple[float, float, float, float], ...]:
    """(west, south, east, north) of each outline polygon drawn past 180°."""
    boxes = []
    for feature in outline_geojson()["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            lons = [p[0] for p in polygon[0]]
            if max(lons) > 180:
                lats = [p[1] for p in polygon[0]]
                boxes.append((min(lons), min(lats), max(lons), max(lats)))
    return tuple(boxes)


def drawn_lon(lat: float, lon: float) -> float:
    """The longitude the map draws a point at: past 180° where the outline draws the land
    there (Chukotka east of the antimeridian, at -175°, is drawn at 185°), else `lon`.

        >>> drawn_lon(65.7, -175.0), drawn_lon(55.75, 37.62)        # doctest: +SKIP
        (185.0, 37.62)
    """
    if lon >= 0:
        return lon
    east = lon + 360
    for west, south, far, north in _drawn_east():
        if west <= east <= far and south <= lat <= north:
            return east
    return lon
