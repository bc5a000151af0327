"""Exports of the store: JSON Lines reports, CSV rows and GeoJSON features.

    >>> EXPORTERS["csv"](store, sys.stdout)  # doctest: +SKIP

`EXPORTERS` maps a `--format` name to a function (store, text stream, *,
mentions=False, statuses=LIVE_STATUSES) -> number of records written: one per
case by default, one per mention (per document, for jsonl) with `mentions`
(see export.cases).
"""

from collections.abc import Callable

from otkaz.export.csv import export_csv
from otkaz.export.geojson import export_geojson
from otkaz.export.jsonl import export_cases_jsonl, export_jsonl

Exporter = Callable[..., int]  # (store, out, *, mentions=..., statuses=...) -> records

EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "geojson": export_geojson,
}

__all__ = ["EXPORTERS", "Exporter", "export_cases_jsonl", "export_csv", "export_geojson",
           "export_jsonl"]
