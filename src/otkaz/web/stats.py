"""Data for the timeline, the map and the figures page.

    >>> timeline(store.engine)["months"][0]           # doctest: +SKIP
    {'month': '2022-03', 'cases': 4, 'low': 31, 'high': 52}

Only live cases count: rejected cases and cases merged into another are left out.
People are counted as otkaz.link.stats counts them: the low end adds each
case's lower count (1 for "up to N"), the high end its upper count (its lower
one when open-ended, "more than 100"); cases with no count are in the bars but
not in the band (`unknown_count`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Engine, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from otkaz.store.schema import cases, documents, figures, mentions
from otkaz.web.charts import FigurePoint, MonthStat, SeriesKey, kind_order, period_kind
from otkaz.web.clusters import Spot, clusters_by_zoom
from otkaz.web.outline import drawn_lon
from otkaz.web.views import field_value, figure_record, iso

LIVE = ("machine", "confirmed")
MAX_CASES_PER_POINT = 20
_ID_BATCH = 900  # ids per IN list (under SQLite's variable limit)


def month_of(conn: Connection, column: Any) -> ColumnElement[str]:
    """"YYYY-MM" of a date column, on either backend."""
    if conn.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def timeline(engine: Engine) -> dict[str, Any]:
    """Cases and people reported per month (by the month each case began)."""
    counted = or_(cases.c.count_low.is_not(None), cases.c.count_high.is_not(None))
    low = func.coalesce(cases.c.count_low, 1)
    high = func.coalesce(cases.c.count_high, cases.c.count_low, 1)
    with engine.connect() as conn:
        month = month_of(conn, cases.c.when_start).label("month")
        rows = conn.execute(
            select(month, func.count().label("cases"),
                   func.count().filter(counted).label("counted"),
                   func.coalesce(func.sum(low).filter(counted), 0).label("low"),
                   func.coalesce(func.sum(high).filter(counted), 0).label("high"),
                   func.count().filter(counted, cases.c.count_high.is_(None))
                   .label("open_ended"))
            .where(cases.c.status.in_(LIVE), cases.c.when_start.is_not(None))
            .group_by(month).order_by(month)).all()
        undated = conn.execute(select(func.count()).where(
            cases.c.status.in_(LIVE), cases.c.when_start.is_(None))).scalar_one()
    months = [{"month": r.month, "cases": int(r.cases), "low": int(r.low),
               "high": max(int(r.high), int(r.low)), "unknown_count": int(r.cases - r.counted),
               "open_ended": int(r.open_ended)} for r in rows]
    return {"months": months, "undated_cases": undated,
            "totals": {k: sum(m[k] for m in months)
                       for k in ("cases", "low", "high", "unknown_count", "open_ended")},
            "stats": [MonthStat(m["month"], m["cases"], m["low"], m["high"]) for m in months]}


def _home_points(conn: Connection, case_ids: set[int]) -> dict[int, tuple[float, float]]:
    """Each case's home coordinates, from the mention whose home matches the case's."""
    rows = conn.execute(
        select(mentions.c.case_id, mentions.c.home, mentions.c.home_lat, mentions.c.home_lon,
               cases.c.home.label("case_home"))
        .join(cases, cases.c.id == mentions.c.case_id)
        .where(mentions.c.home_lat.is_not(None), mentions.c.home_lon.is_not(None),
               cases.c.status.in_(LIVE))
        .order_by(mentions.c.case_id, mentions.c.id)).all()
    found: dict[int, tuple[float, float]] = {}
    for r in rows:
        if r.case_id not in case_ids:
            continue
        exact = (r.home or "").casefold() == (r.case_home or "").casefold()
        if r.case_id not in found or exact:
            found[r.case_id] = (r.home_lat, r.home_lon)
    return found


def _features(points: dict[tuple[float, float], list[dict[str, Any]]], by: str
              ) -> dict[str, Any]:
    feats: list[dict[str, Any]] = []
    for (lat, lon), members in points.items():
        people_low = sum(m["low"] for m in members)
        # the name most of its cases give first, so that a label names the place by it
        names = sorted({m[by] for m in members if m[by]},
                       key=lambda n: (-sum(m[by] == n for m in members), n))
        feats.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": ", ".join(names[:3]), "names": names[:3],
                           "n_cases": len(members),
                           "people_low": people_low,
                           "cases": [{"id": m["id"], "url": f"/cases/{m['id']}",
                                      "type": m["type"], "label": m["label"]}
                                     for m in members[:MAX_CASES_PER_POINT]]}})
    feats.sort(key=lambda f: -f["properties"]["n_cases"])
    return {"type": "FeatureCollection", "features": feats}


def _label(conn: Connection, listed: list[dict[str, Any]]) -> None:
    """Fill in the label of the cases a point lists: the group's name, else a place."""
    ids = sorted({m["id"] for m in listed})
    actors: dict[int, Any] = {}
    for i in range(0, len(ids), _ID_BATCH):
        actors.update(conn.execute(select(cases.c.id, cases.c.merged).where(
            cases.c.id.in_(ids[i:i + _ID_BATCH]))).all())
    for m in listed:
        actor = field_value(actors.get(m["id"]), "actor")
        m["label"] = actor or m["place"] or m["home"] or f"case {m['id']}"


def map_data(engine: Engine) -> dict[str, Any]:
    """Two GeoJSON collections of live cases: by incident place and by home region."""
    with engine.connect() as conn:
        rows = conn.execute(select(
            cases.c.id, cases.c.type, cases.c.home, cases.c.place, cases.c.place_lat,
            cases.c.place_lon, cases.c.count_low, cases.c.count_high)
            .where(cases.c.status.in_(LIVE)).order_by(cases.c.id)).all()
        homes = _home_points(conn, {r.id for r in rows if r.home})
        by_place: dict[tuple[float, float], list[dict[str, Any]]] = defaultdict(list)
        by_home: dict[tuple[float, float], list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            member = {"id": r.id, "type": r.type, "home": r.home, "place": r.place,
                      "low": r.count_low or r.count_high or 1}
            if r.place_lat is not None and r.place_lon is not None:
                by_place[(round(r.place_lat, 3), round(r.place_lon, 3))].append(member)
            if r.id in homes:
                lat, lon = homes[r.id]
                by_home[(round(lat, 3), round(lon, 3))].append(member)
        # only the cases a point lists need a label (the group's name lives in the JSON record)
        _label(conn, [m for points in (by_place, by_home) for members in points.values()
                      for m in members[:MAX_CASES_PER_POINT]])
    place, home = _features(by_place, "place"), _features(by_home, "home")
    return {"place": place, "home": home, "cases_total": len(rows),
            "clusters": {"place": map_clusters(place), "home": map_clusters(home)}}


def map_clusters(collection: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The points of a collection grouped for each zoom of the map (otkaz.web.clusters):
    {zoom: [{lat, lon, n_cases, label, radius, members}]}, `members` indexing the features
    and `radius` the circle's in pixels.

    Drawn positions: a point east of the antimeridian where the outline draws the
    land past 180° (Chukotka) gets the longitude it is drawn at (outline.drawn_lon).
    """
    spots = []
    for f in collection["features"]:
        lon, lat = f["geometry"]["coordinates"]
        names = f["properties"]["names"]
        spots.append(Spot(lat, drawn_lon(lat, lon), names[0] if names else "",
                          f["properties"]["n_cases"]))
    return {str(zoom): [{"lat": c.lat, "lon": c.lon, "n_cases": c.n_cases, "label": c.label,
                         "radius": c.radius, "members": list(c.members)} for c in level]
            for zoom, level in clusters_by_zoom(spots).items()}


def figures_data(engine: Engine) -> dict[str, Any]:
    """Every stored figure with its document, and the series the chart draws.

    A series is one measure over one kind of period (charts.period_kind): a
    monthly count and a total since 2022 of the same measure are two series.
    """
    with engine.connect() as conn:
        rows = conn.execute(
            select(figures, documents.c.title, documents.c.published, documents.c.outlet)
            .join(documents, documents.c.id == figures.c.document_id)
            .order_by(figures.c.measure, figures.c.period_end, documents.c.published)).all()
    items = []
    series: dict[SeriesKey, list[FigurePoint]] = defaultdict(list)
    for r in rows:
        kind = period_kind(r.period_start, r.period_end)
        record = figure_record(r) | {
            "period_kind": kind,
            "document": {"id": r.document_id, "title": r.title, "outlet": r.outlet,
                         "published": iso(r.published), "page": f"/documents/{r.document_id}"}}
        items.append(record)
        day = r.period_end or r.published
        if day is not None and (r.value_low is not None or r.value_high is not None):
            label = (f"{r.measure}: {r.value_low if r.value_low is not None else '?'}"
                     f"–{r.value_high if r.value_high is not None else '?'}"
                     f" ({kind}, {iso(day)}, "
                     f"{r.outlet or r.title or 'document ' + str(r.document_id)})")
            series[SeriesKey(r.measure, kind)].append(
                FigurePoint(day, r.value_low, r.value_high, label))
    ordered = sorted(series, key=lambda k: (kind_order(k.period), k.measure))
    return {"figures": items, "series": {k: series[k] for k in ordered}}
