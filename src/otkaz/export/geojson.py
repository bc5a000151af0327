"""GeoJSON export: a FeatureCollection with one Point feature per case (or per mention).

    >>> export_geojson(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
    {"type": "FeatureCollection", "features": [...]}

The point is the case's (or mention's) place, else the home of the people, as
[longitude, latitude] (RFC 7946); one with neither has a null geometry.
Properties are the CSV columns, with lists kept as lists; a feature's id is
the case id (the mention id with `mentions=True`).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any, TextIO

from otkaz.export.cases import LIVE_STATUSES, case_rows, exported_records
from otkaz.export.flat import mention_record
from otkaz.store import Store


def _feature(properties: dict[str, Any], id_field: str) -> dict[str, Any]:
    lat, lon = properties["lat"], properties["lon"]
    geometry = None if lat is None or lon is None else {"type": "Point",
                                                        "coordinates": [lon, lat]}
    return {"type": "Feature", "id": properties[id_field], "geometry": geometry,
            "properties": properties}


def export_geojson(store: Store, out: TextIO, *, mentions: bool = False,
                   statuses: Collection[str] = LIVE_STATUSES) -> int:
    """Write the FeatureCollection, streaming one feature at a time; how many features.

    `statuses`: which cases (export.cases).
    """
    if mentions:
        features = (_feature(mention_record(record, m), "mention_id")
                    for record in exported_records(store, statuses) for m in record.mentions)
    else:
        features = (_feature(row, "id") for row in case_rows(store, statuses))
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for feature in features:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n
