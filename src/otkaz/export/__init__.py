"""Exports of the store: JSON Lines reports, CSV rows, GeoJSON features, Label Studio tasks.

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
from otkaz.labelstudio import export_label_studio

Exporter = Callable[..., int]  # (store, out, *, mentions=..., statuses=...) -> records

EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "geojson": export_geojson,
    "label-studio": export_label_studio,  # one task per document, mentions as predictions
}
CONFIG_FORMATS = {"label-studio-config"}  # written without a store (otkaz.labelstudio.config)

__all__ = ["CONFIG_FORMATS", "EXPORTERS", "Exporter", "export_cases_jsonl", "export_csv",
           "export_geojson", "export_jsonl"]
