"""Places on the map grouped so that no circle or label covers another at a zoom.

    >>> spots = [Spot(50.6, 36.6, "Belgorod", 3), Spot(51.7, 36.2, "Kursk", 2),
    ...          Spot(55.0, 73.4, "Omsk", 1)]
    >>> [c.label for c in cluster(spots, zoom=3)]
    ['Belgorod +1 · 5', 'Omsk · 1']
    >>> [c.label for c in cluster(spots, zoom=7)]
    ['Belgorod · 3', 'Kursk · 2', 'Omsk · 1']

Each group is drawn as a circle at its biggest place with a label to its right
("Belgorod +1 · 5": Belgorod and one place near it, 5 cases). Distances are
screen pixels of the Web Mercator map Leaflet draws (256-pixel tiles; zoom z
is 256 * 2**z pixels round the world), so a grouping is right for one zoom;
`clusters_by_zoom` makes one for each zoom the map page offers, and the page
draws the one for its zoom.

Grouping is deterministic: every place starts alone; going from the group
with the most cases down, a group takes in every group whose box (circle and
label, `Cluster.box`) overlaps its own; that repeats until no two boxes
overlap. A group's box grows as it takes places in (a longer label, a larger
circle), which is why it repeats.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

TILE = 256
MIN_ZOOM, MAX_ZOOM = 2, 12  # the map page's zoom range
MAX_LAT = 85.0511287798  # Web Mercator's edge
# the label's measure in pixels (12 px system font, as app.css sets .place-label)
CHAR_PX, LABEL_PAD_PX, LABEL_HALF_HEIGHT_PX = 7.0, 12.0, 10.0
GAP_PX = 4.0  # room kept between two boxes
NAME_CHARS = 28  # a longer place name is cut in the label


@dataclass(frozen=True)
class Spot:
    """A place with cases: where it is drawn, its name, how many cases."""

    lat: float
    lon: float
    name: str
    n_cases: int


@dataclass(frozen=True)
class Cluster:
    """Places drawn as one circle at one zoom, at its biggest place, with everyone's cases."""

    lat: float
    lon: float
    members: tuple[int, ...]  # indexes into the spots given, biggest first
    n_cases: int
    label: str
    radius: float  # of its circle, in pixels
    x: float  # its centre on the map at its zoom, in pixels
    y: float

    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in pixels of the circle and the label to its right."""
        half = max(self.radius, LABEL_HALF_HEIGHT_PX)
        return (self.x - self.radius, self.y - half,
                self.x + self.radius + label_width(self.label), self.y + half)


def pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Where (lat, lon) falls on the Web Mercator map at `zoom`, in pixels from its top left.

        >>> pixel(0.0, 0.0, 1)
        (256.0, 256.0)
    """
    size = TILE * 2 ** zoom
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    sin = math.sin(math.radians(lat))
    x = (lon + 180.0) / 360.0 * size
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size
    return x, y


def circle_radius(n_cases: int) -> float:
    """The circle's radius in pixels: 7 for one case, 14 for ten, 24 for a hundred.

    Logarithmic, so that a group of thousands of cases stays a circle, not a sea.
    """
    return round(4 + 3 * math.log2(1 + max(0, n_cases)), 1)


def label_width(label: str) -> float:
    """The label's width in pixels, estimated from its length (no font metrics here)."""
    return len(label) * CHAR_PX + LABEL_PAD_PX


def label_of(spots: list[Spot], members: tuple[int, ...]) -> str:
    """'Belgorod · 3' for one place; 'Belgorod +2 · 7' for Belgorod and two places near it."""
    name = spots[members[0]].name or "Unnamed place"
    if len(name) > NAME_CHARS:
        name = name[:NAME_CHARS - 1].rstrip() + "…"
    more = f" +{len(members) - 1}" if len(members) > 1 else ""
    return f"{name}{more} · {sum(spots[i].n_cases for i in members)}"


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
            gap: float = GAP_PX) -> bool:
    """Whether two boxes (left, top, right, bottom) come within `gap` pixels of each other."""
    return (a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap)


def _group(spots: list[Spot], points: list[tuple[float, float]], members: tuple[int, ...]
           ) -> Cluster:
    seed = members[0]
    n = sum(spots[i].n_cases for i in members)
    return Cluster(spots[seed].lat, spots[seed].lon, members, n, label_of(spots, members),
                   circle_radius(n), *points[seed])


def cluster(spots: list[Spot], zoom: int) -> list[Cluster]:
    """The places grouped for `zoom`, biggest group first; no two groups' boxes overlap.

    A grid of cells as large as the largest box finds the candidates, so a pass
    costs about the number of groups, not its square.
    """
    points = [pixel(s.lat, s.lon, zoom) for s in spots]
    order = sorted(range(len(spots)),
                   key=lambda i: (-spots[i].n_cases, spots[i].name, spots[i].lat, spots[i].lon))
    rank = {i: n for n, i in enumerate(order)}
    groups = [_group(spots, points, (i,)) for i in order]
    changed = True
    while changed:
        changed = False
        boxes = [g.box() for g in groups]
        cell = max(max(b[2] - b[0], b[3] - b[1]) for b in boxes) + GAP_PX if boxes else 1.0
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for n, b in enumerate(boxes):
            grid[(int(b[0] // cell), int(b[1] // cell))].append(n)
        absorbed: set[int] = set()
        merged: list[Cluster] = []
        for n, group in enumerate(groups):
            if n in absorbed:
                continue
            box = boxes[n]
            cx, cy = int(box[0] // cell), int(box[1] // cell)
            near = sorted(m for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                          for m in grid[(cx + dx, cy + dy)]
                          if m != n and m not in absorbed and overlap(box, boxes[m]))
            if near:
                absorbed.update(near)
                members = sorted({*group.members, *(i for m in near for i in groups[m].members)},
                                 key=rank.__getitem__)
                group = _group(spots, points, tuple(members))
                changed = True
            merged.append(group)
        groups = merged
    return groups


def clusters_by_zoom(spots: list[Spot], low: int = MIN_ZOOM, high: int = MAX_ZOOM
                     ) -> dict[int, list[Cluster]]:
    """`cluster` for each zoom from `low`, stopping at the first zoom (at most `high`) where
    every place stands alone: the page uses that last grouping for any closer zoom."""
    levels: dict[int, list[Cluster]] = {}
    for zoom in range(low, high + 1):
        levels[zoom] = cluster(spots, zoom)
        if len(levels[zoom]) == len(spots):
            break
    return levels
