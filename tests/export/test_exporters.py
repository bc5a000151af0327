"""The EXPORTERS registry the CLI's --format maps onto."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import update

from otkaz.export import BINARY_FORMATS, CASES_ONLY, EXPORTERS, ExportError
from otkaz.store import Store
from otkaz.store.schema import cases


def test_registry_names() -> None:
    assert set(EXPORTERS) == {"jsonl", "csv", "geojson", "acled", "xlsx", "label-studio"}
    assert set(BINARY_FORMATS) == {"xlsx"} and set(CASES_ONLY) == {"acled"}


@pytest.mark.parametrize(("name", "expected"), [("jsonl", 2), ("csv", 3), ("geojson", 3)])
def test_each_exporter_writes_and_counts_mentions(store: Store, name: str, expected: int) -> None:
    out = io.StringIO()
    assert EXPORTERS[name](store, out, mentions=True) == expected
    assert out.getvalue()


def _stream(name: str) -> io.StringIO | io.BytesIO:
    return io.BytesIO() if name in BINARY_FORMATS else io.StringIO()


@pytest.mark.parametrize("name", ["jsonl", "csv", "geojson", "acled", "xlsx"])
def test_each_exporter_writes_one_record_per_case_by_default(store: Store, name: str) -> None:
    """Issue "Numbers people can publish" (1): the store holds one case of three mentions."""
    out = _stream(name)
    assert EXPORTERS[name](store, out) == 1
    assert out.getvalue()
    with store.engine.begin() as conn:
        conn.execute(update(cases).values(status="rejected"))
    assert EXPORTERS[name](store, _stream(name)) == 0  # rejected: left out
    assert EXPORTERS[name](store, _stream(name), statuses=("rejected",)) == 1
    # a mention-level export leaves out the rejected case's mentions, not unlinked ones
    assert EXPORTERS["csv"](store, io.StringIO(), mentions=True) == 2


def test_acled_has_no_mention_rows(store: Store) -> None:
    with pytest.raises(ExportError, match=r"\[E501\] the acled layout has one row per case"):
        EXPORTERS["acled"](store, io.StringIO(), mentions=True)


def test_xlsx_counts_mentions_when_asked(store: Store) -> None:
    assert EXPORTERS["xlsx"](store, io.BytesIO(), mentions=True) == 3
