"""CSV export: one flattened row per mention (`mentions=True`), or per case."""

from __future__ import annotations

import csv
import io

from otkaz.export.csv import export_csv
from otkaz.export.flat import FIELDS
from otkaz.store import Store


def _rows(store: Store) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    n = export_csv(store, out, mentions=True)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert n == len(rows)
    return rows


def test_header_is_the_flat_fields(store: Store) -> None:
    out = io.StringIO()
    export_csv(store, out, mentions=True)
    assert out.getvalue().splitlines()[0].split(",") == list(FIELDS)


def test_one_row_per_mention_with_flattened_values(store: Store) -> None:
    marines, home_only, conscripts = _rows(store)

    assert marines["document_id"] == "first" and marines["url"] == "https://example.org/marines"
    assert marines["published"] == "2023-03-01"
    assert (marines["type"], marines["force"], marines["personnel"]) == (
        "refusal", "marines", "contract;officer")
    assert (marines["count_low"], marines["count_high"]) == ("40", "40")
    assert (marines["home"], marines["place"], marines["geo_of"]) == (
        "Vladivostok", "Vuhledar", "place")
    assert (float(marines["lat"]), float(marines["lon"])) == (47.7806, 37.2486)
    assert (marines["when_start"], marines["when_end"]) == ("2023-02-01", "2023-02-28")
    assert marines["sources"] == "Siberia Desk" and marines["outcomes"] == "threatened"
    assert marines["case_key"] == "marines-2023-02" and marines["case_id"] != ""
    assert marines["evidence"] == ("Forty marines from Vladivostok refused to advance"
                                   " … They were threatened with prison.")

    assert (marines["confidence"], marines["case_confidence"]) == ("0.9", "0.75")
    assert home_only["confidence"] == home_only["case_confidence"] == ""  # none, no case

    assert home_only["geo_of"] == "home" and float(home_only["lon"]) == 131.8735
    assert home_only["evidence"] == "Marines quit Forty"  # newline collapsed
    assert home_only["case_id"] == "" and home_only["count_low"] == ""

    assert conscripts["document_id"] == "second" and conscripts["published"] == ""
    assert (conscripts["lat"], conscripts["geo_of"]) == ("", "")
    assert conscripts["evidence"] == "Two conscripts deserted"
