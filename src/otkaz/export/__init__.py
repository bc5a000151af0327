"""Exports of the store: JSON Lines, CSV, GeoJSON, ACLED's layout and an Excel workbook.

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

Exporter = Callable[..., int]  # (store, out, *, mentions=..., statuses=...) -> records

EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "geojson": export_geojson,
    "acled": export_acled,
    "xlsx": export_xlsx,
}
BINARY_FORMATS = frozenset({"xlsx"})
CASES_ONLY = frozenset({"acled"})  # no row per mention: ExportError with mentions=True

__all__ = ["BINARY_FORMATS", "CASES_ONLY", "EXPORTERS", "ExportError", "Exporter", "export_acled",
           "export_cases_jsonl", "export_csv", "export_geojson", "export_jsonl", "export_xlsx"]
