"""Exports of the store: JSON Lines, CSV, GeoJSON, ACLED's layout, an Excel workbook and
Label Studio tasks.

    >>> EXPORTERS["csv"](store, sys.stdout)  # doctest: +SKIP

`EXPORTERS` maps a `--format` name to a function (store, stream, *,
mentions=False, statuses=LIVE_STATUSES) -> number of records written: one per
case by default, one per mention (per document, for jsonl) with `mentions`
(see export.cases). The stream is text, except for the formats in
`BINARY_FORMATS` (xlsx), which write bytes. `acled` has one row per case only.
"""

from collections.abc import Callable

from otkaz.export.acled import ExportError, export_acled
from otkaz.export.csv import export_csv
from otkaz.export.geojson import export_geojson
from otkaz.export.jsonl import export_cases_jsonl, export_jsonl
from otkaz.export.xlsx import export_xlsx
from otkaz.labelstudio import export_label_studio

Exporter = Callable[..., int]  # (store, out, *, mentions=..., statuses=...) -> records

EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "geojson": export_geojson,
    "acled": export_acled,
    "xlsx": export_xlsx,
    "label-studio": export_label_studio,  # one task per document, mentions as predictions
}
BINARY_FORMATS = frozenset({"xlsx"})
CASES_ONLY = frozenset({"acled"})  # no row per mention: ExportError with mentions=True
CONFIG_FORMATS = {"label-studio-config"}  # written without a store (otkaz.labelstudio.config)

__all__ = ["BINARY_FORMATS", "CASES_ONLY", "CONFIG_FORMATS", "EXPORTERS", "ExportError",
           "Exporter", "export_acled", "export_cases_jsonl", "export_csv", "export_geojson",
           "export_jsonl", "export_xlsx"]
