"""GeoJSON export: a FeatureCollection with one Point feature per mention.

    >>> export_geojson(open_store("sqlite://"), sys.stdout)  # doctest: +SKIP
    {"type": "FeatureCollection", "features": [...]}

The point is the incident's place, else the home of the people, as
[longitude, latitude] (RFC 7946); a mention with neither has a null geometry.
Properties are the CSV columns, with lists kept as lists.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from otkaz.export.flat import mention_record
from otkaz.store import Store


def _feature(properties: dict[str, Any]) -> dict[str, Any]:
    lat, lon = properties["lat"], properties["lon"]
    geometry = None if lat is None or lon is None else {"type": "Point",
                                                        "coordinates": [lon, lat]}
    return {"type": "Feature", "id": properties["mention_id"], "geometry": geometry,
            "properties": properties}


def export_geojson(store: Store, out: TextIO) -> int:
    """Write the FeatureCollection, streaming one feature at a time; how many features."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for record in store.records():
        for mention in record.mentions:
            out.write(",\n" if n else "\n")
            out.write(json.dumps(_feature(mention_record(record, mention)), ensure_ascii=False))
            n += 1
    out.write("\n]}\n")
    return n
