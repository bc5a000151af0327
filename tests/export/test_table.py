"""The case CSV carries every field of a case, its resolved places, a conflicts marker and
the articles it comes from (export.table)."""

from __future__ import annotations

import csv
import io

import pytest

from otkaz.export.csv import export_csv
from otkaz.export.table import CASE_COLUMNS, EXTRA_FIELDS, case_table
from otkaz.link.records import CASE_FIELDS
from otkaz.store import Store


def _case_rows(store: Store) -> dict[str, dict[str, str]]:
    out = io.StringIO(newline="")
    n = export_csv(store, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert n == len(rows)
    return {row["key"]: row for row in rows}


def test_header_is_every_case_field_then_the_articles(linked: tuple[Store, dict]) -> None:
    out = io.StringIO()
    export_csv(linked[0], out)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert header == list(CASE_COLUMNS) == [*CASE_FIELDS, *EXTRA_FIELDS]
    for name in ("type", "force", "count_low", "count_high", "unit", "place", "place_entry",
                 "home", "home_entry", "when_start", "when_end", "actor", "outcomes",
                 "personnel", "confidence", "langs", "conflicts", "has_conflicts", "sources",
                 "urls", "outlets"):
        assert name in header


def test_a_case_told_in_two_languages(linked: tuple[Store, dict]) -> None:
    store, ids = linked
    row = _case_rows(store)["case-marines"]
    assert row["id"] == str(ids["marines"])
    assert (row["type"], row["force"], row["unit"]) == ("refusal", "marines", "155th brigade")
    # the reports say 40 and 45: both kept as the range, and the field marked in conflict
    assert (row["count_low"], row["count_high"]) == ("40", "45")
    assert row["has_conflicts"] == "yes" and "count" in row["conflicts"].split(" | ")
    assert (row["place_entry"], row["place_country"], row["home_entry"]) == (
        "Vuhledar", "UA", "Vladivostok")
    assert (row["when_start"], row["when_end"]) == ("2023-02-03", "2023-02-03")
    assert row["outcomes"] == "detained" and row["confidence"] == "0.9"
    # the articles, oldest first, joined with " | "
    assert row["urls"] == "https://example.ru/ru | https://example.org/en"
    assert row["outlets"] == "Pacific Courier | Siberia Desk"
    assert row["langs"] == "ru | en"
    assert (row["first_published"], row["last_published"]) == ("2023-02-05", "2023-02-06")
    assert set(row["sources"].split(" | ")) == {"Siberia Desk", "Pacific Courier"}
    assert len(row["document_ids"].split(" | ")) == 2
    assert len(row["mentions"].split(" | ")) == 2


def test_a_single_report_without_a_place_or_url(linked: tuple[Store, dict]) -> None:
    row = _case_rows(linked[0])["case-conscript"]
    assert (row["personnel"], row["count_low"], row["count_high"]) == ("conscript", "1", "1")
    assert (row["place"], row["place_entry"], row["place_country"]) == ("", "", "")
    assert (row["home"], row["home_entry"], row["geo_of"]) == ("Omsk", "Omsk", "home")
    assert (row["has_conflicts"], row["conflicts"]) == ("no", "")
    assert (row["urls"], row["outlets"], row["langs"]) == ("", "Steppe News", "en")


@pytest.mark.parametrize("statuses", [("machine",), ("rejected",)])
def test_case_table_follows_the_statuses(linked: tuple[Store, dict],
                                         statuses: tuple[str, ...]) -> None:
    rows = list(case_table(linked[0], statuses))
    assert len(rows) == (2 if statuses == ("machine",) else 0)
