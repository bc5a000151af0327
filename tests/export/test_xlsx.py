"""The Excel workbook: a cases sheet and a mentions sheet, header frozen, widths fitted."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from otkaz.export.flat import FIELDS
from otkaz.export.table import CASE_COLUMNS
from otkaz.export.xlsx import MAX_WIDTH, MIN_WIDTH, export_xlsx
from otkaz.store import Store


@pytest.fixture
def book(linked: tuple[Store, dict[str, int]]) -> dict[str, Worksheet]:
    out = io.BytesIO()
    assert export_xlsx(linked[0], out) == 2  # cases
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    return {sheet.title: sheet for sheet in workbook.worksheets}


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_two_sheets_with_their_headers(book: dict[str, Worksheet]) -> None:
    assert list(book) == ["cases", "mentions"]
    assert [c.value for c in book["cases"][1]] == list(CASE_COLUMNS)
    assert [c.value for c in book["mentions"][1]] == list(FIELDS)
    assert all(c.font.bold for c in book["cases"][1])
    assert len(_records(book["cases"])) == 2 and len(_records(book["mentions"])) == 3


@pytest.mark.parametrize("sheet", ["cases", "mentions"])
def test_header_frozen_filter_and_widths(book: dict[str, Worksheet], sheet: str) -> None:
    ws = book[sheet]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}1"
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items()}
    assert len(widths) == ws.max_column
    assert all(MIN_WIDTH <= w <= MAX_WIDTH for w in widths.values())
    columns = [c.value for c in ws[1]]
    if sheet == "cases":  # a long actor gets a wide column, the id a narrow one
        assert widths["A"] == MIN_WIDTH
        actor = ws.cell(1, columns.index("actor") + 1).column_letter
        assert widths[actor] > widths["A"]


def test_values_keep_their_types(book: dict[str, Worksheet],
                                 linked: tuple[Store, dict[str, int]]) -> None:
    cases = {r["key"]: r for r in _records(book["cases"])}
    marines = cases["case-marines"]
    assert marines["id"] == linked[1]["marines"]
    assert (marines["count_low"], marines["count_high"]) == (40, 45)  # numbers, not text
    assert marines["when_start"] == datetime(2023, 2, 3)  # a date cell
    assert marines["urls"] == "https://example.ru/ru | https://example.org/en"
    assert marines["has_conflicts"] == "yes" and marines["place_entry"] == "Vuhledar"
    assert cases["case-conscript"]["place"] is None  # an empty cell, not "None"
    mentions = _records(book["mentions"])
    assert sorted(m["count_low"] for m in mentions) == [1, 40, 45]  # type: ignore[type-var]
    assert {m["case_key"] for m in mentions} == {"case-marines", "case-conscript"}
