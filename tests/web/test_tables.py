"""Every table on every page: as many cells as headers in each row, each value under its header.

The pages' tables are parsed (lxml) rather than matched as text: a value sits
under its header when its cell is in the header's column and aligned as the
header is (numbers right, both header and cells: class "num").
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from otkaz.store import open_store
from otkaz.store.schema import cases
from otkaz.web.review import edit_field, merge_cases

pytestmark = pytest.mark.anyio


def _width(cell: Any) -> int:
    return int(cell.get("colspan") or 1)


def _classes(cell: Any) -> set[str]:
    return set((cell.get("class") or "").split())


def tables_of(page: str) -> list[tuple[list[Any], list[list[Any]]]]:
    """(header cells, body rows' cells) of each table on the page."""
    found = []
    for table in lxml_html.fromstring(page).xpath("//table"):
        head = table.xpath("thead/tr/th")
        rows = [row.xpath("th|td") for row in table.xpath("tbody/tr")]
        found.append((head, rows))
    return found


def check_table(head: list[Any], rows: list[list[Any]], where: str) -> None:
    columns = sum(_width(h) for h in head)
    assert columns, f"{where}: a table without headers"
    for row in rows:
        texts = [c.text_content().strip() for c in row]
        assert sum(_width(c) for c in row) == columns, f"{where}: {texts} under {columns} headers"
        if len(row) == 1 and "empty" in _classes(row[0]):
            continue  # "nothing yet", across the whole table
        for header, cell in zip(head, row, strict=True):
            label = header.text_content().strip()
            assert ("num" in _classes(header)) == ("num" in _classes(cell)), (
                f"{where}: {cell.text_content().strip()!r} aligned unlike its header {label!r}")


@pytest.fixture
async def reviewed(filled: tuple[str, dict[str, int]], web: Any
                   ) -> tuple[httpx.AsyncClient, dict[str, int]]:
    """A client over the filled store, after an edit and a merge (so the logs have rows)."""
    url, ids = filled
    with open_store(url) as store:
        with store.engine.connect() as conn:
            versions = dict(conn.execute(select(cases.c.id, cases.c.version)).all())
        edit_field(store.engine, ids["omsk"], versions[ids["omsk"]], "anna", "count",
                   value="11-12")
        merge_cases(store.engine, ids["tomsk"], versions[ids["tomsk"]], ids["buryat"], "boris")
    async with web.app_client(url) as client:
        yield client, ids


async def test_every_table_lines_up(reviewed: tuple[httpx.AsyncClient, dict[str, int]]
                                    ) -> None:
    client, ids = reviewed
    documents = (await client.get(f"/cases/{ids['omsk']}.json")).json()["mentions"]
    pages = ["/cases", "/cases?sort=count&order=asc", f"/cases/{ids['omsk']}",
             f"/cases/{ids['tomsk']}", f"/cases/{ids['hostile']}",
             documents[0]["document"]["page"], "/timeline", "/figures", "/review"]
    seen = 0
    for path in pages:
        answer = await client.get(path)
        assert answer.status_code == 200, path
        for n, (head, rows) in enumerate(tables_of(answer.text)):
            check_table(head, rows, f"{path} table {n}")
            seen += len(rows)
    assert seen > 20  # the checks above looked at rows, not at empty tables


async def test_timeline_values_sit_under_their_headers(client: httpx.AsyncClient) -> None:
    data = (await client.get("/timeline.json")).json()
    [(head, rows)] = tables_of((await client.get("/timeline")).text)
    keys = {"Month": "month", "Cases": "cases", "Without a count": "unknown_count",
            "People (low)": "low", "People (high)": "high"}
    labels = [h.text_content().strip() for h in head]
    assert labels == list(keys)
    assert len(rows) == len(data["months"]) == 4
    for row, month in zip(rows, data["months"], strict=True):
        shown = {label: cell.text_content().strip() for label, cell in zip(labels, row,
                                                                          strict=True)}
        assert shown == {label: str(month[key]) for label, key in keys.items()}


@pytest.mark.parametrize(("head", "row", "fault"), [
    # a value left-aligned under a number column, and a number under a text header
    ('<th class="num">Cases</th>', "<td>1</td>", "aligned unlike"),
    ("<th>Cases</th>", '<td class="num">1</td>', "aligned unlike"),
    # one cell too many or too few
    ("<th>A</th><th>B</th>", "<td>1</td><td>2</td><td>3</td>", "under 2 headers"),
    ("<th>A</th><th>B</th>", "<td>1</td>", "under 2 headers"),
])
def test_the_check_finds_misaligned_tables(head: str, row: str, fault: str) -> None:
    page = f"<table><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table>"
    [(cells, rows)] = tables_of(page)
    with pytest.raises(AssertionError, match=fault):
        check_table(cells, rows, "sample")
