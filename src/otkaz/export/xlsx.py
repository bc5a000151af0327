"""An Excel workbook: a sheet of cases and a sheet of mentions, ready to filter and sort.

    >>> with open("otkaz.xlsx", "wb") as f:                # doctest: +SKIP
    ...     export_xlsx(store, f)
    7

The `cases` sheet holds the case CSV's columns (export.table.CASE_COLUMNS), the
`mentions` sheet the mention CSV's (export.flat.FIELDS), each with a bold
header row that stays in view (frozen panes, with the id column), an
autofilter, and column widths fitted to what they hold (within bounds, so a long
actor or evidence column does not push the others off screen). Numbers stay
numbers and dates stay dates, so Excel sorts and sums them; lists are joined
with " | ". The workbook is written in openpyxl's write-only mode, one row at a
time, so a large store does not have to fit in memory as cells.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from otkaz.export.cases import LIVE_STATUSES, exported_records
from otkaz.export.flat import FIELDS, mention_record
from otkaz.export.table import CASE_COLUMNS, case_table
from otkaz.store import Store

LIST_SEPARATOR = " | "
MIN_WIDTH, MAX_WIDTH = 6, 60  # characters
SAMPLE_ROWS = 200  # rows read to fit the column widths
# Excel refuses a cell over this many characters; evidence of a long article can reach it
MAX_CELL = 32_767
# ISO date strings in these columns become real dates
DATE_COLUMNS = frozenset({"when_start", "when_end", "published", "first_published",
                          "last_published"})
_HEADER = Font(bold=True)


def _value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(map(str, value))
    if name in DATE_COLUMNS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[:MAX_CELL - 1] + "…"
    return value


def _width(name: str, values: Iterable[Any]) -> float:
    longest = max([len(name), *(len(str(v)) for v in values if v is not None)])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _sheet(book: Workbook, title: str, columns: Sequence[str],
           rows: Iterable[dict[str, Any]]) -> int:
    """Write one sheet: widths and frozen panes first (write-only sheets need them before
    any row), so the first SAMPLE_ROWS rows are read ahead to fit the widths."""
    sheet: WriteOnlyWorksheet = book.create_sheet(title)
    it = iter(rows)
    ahead = []
    for row in it:
        ahead.append({c: _value(c, row.get(c)) for c in columns})
        if len(ahead) >= SAMPLE_ROWS:
            break
    for i, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = _width(
            column, (r[column] for r in ahead))
    sheet.freeze_panes = "B2"  # the header row and the id column stay in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = _HEADER
        header.append(cell)
    sheet.append(header)
    n = 0
    for values in ahead:
        sheet.append([values[c] for c in columns])
        n += 1
    for row in it:
        sheet.append([_value(c, row.get(c)) for c in columns])
        n += 1
    return n


def export_xlsx(store: Store, out: BinaryIO, *, mentions: bool = False,
                statuses: Collection[str] = LIVE_STATUSES) -> int:
    """Write the workbook (sheets `cases` and `mentions`) to the binary stream `out`.

    Returns how many cases it holds, or with `mentions` how many mentions (both
    sheets are always written). `statuses`: which cases (export.cases).
    """
    book = Workbook(write_only=True)
    n_cases = _sheet(book, "cases", CASE_COLUMNS,
                     (row.flat() for row in case_table(store, statuses)))
    n_mentions = _sheet(book, "mentions", FIELDS,
                        (mention_record(record, m) for record in exported_records(store, statuses)
                         for m in record.mentions))
    book.save(out)
    return n_mentions if mentions else n_cases
