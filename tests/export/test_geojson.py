"""GeoJSON export: a FeatureCollection of mentions with [lon, lat] points."""

from __future__ import annotations

import io
import json
from typing import Any

from otkaz.export.geojson import export_geojson
from otkaz.store import Store


def _collection(store: Store) -> dict[str, Any]:
    out = io.StringIO()
    n = export_geojson(store, out, mentions=True)
    collection = json.loads(out.getvalue())
    assert n == len(collection["features"])
    return collection


def test_feature_collection_with_lon_lat_points(store: Store) -> None:
    collection = _collection(store)
    assert collection["type"] == "FeatureCollection"
    marines, home_only, conscripts = collection["features"]

    assert marines["type"] == "Feature"
    assert marines["geometry"] == {"type": "Point", "coordinates": [37.2486, 47.7806]}
    assert home_only["geometry"]["coordinates"] == [131.8735, 43.1056]  # falls back to home
    assert conscripts["geometry"] is None  # no gazetteer entry: kept, unmapped

    props = marines["properties"]
    assert props["personnel"] == ["contract", "officer"] and props["count_low"] == 40
    assert props["case_key"] == "marines-2023-02" and props["document_id"] == "first"
    assert (props["confidence"], props["case_confidence"]) == (0.9, 0.75)
    assert home_only["properties"]["case_confidence"] is None
    assert marines["id"] == props["mention_id"]


def test_empty_store_is_an_empty_collection() -> None:
    from otkaz.store import open_store

    with open_store("sqlite://") as empty:
        assert _collection(empty) == {"type": "FeatureCollection", "features": []}
