"""The EXPORTERS registry the CLI's --format maps onto."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import update

from otkaz.export import EXPORTERS
from otkaz.store import Store
from otkaz.store.schema import cases


def test_registry_names() -> None:
    assert set(EXPORTERS) == {"jsonl", "csv", "geojson", "label-studio"}


@pytest.mark.parametrize(("name", "expected"), [("jsonl", 2), ("csv", 3), ("geojson", 3)])
def test_each_exporter_writes_and_counts_mentions(store: Store, name: str, expected: int) -> None:
    out = io.StringIO()
    assert EXPORTERS[name](store, out, mentions=True) == expected
    assert out.getvalue()


@pytest.mark.parametrize("name", ["jsonl", "csv", "geojson"])
def test_each_exporter_writes_one_record_per_case_by_default(store: Store, name: str) -> None:
    """Issue "Numbers people can publish" (1): the store holds one case of three mentions."""
    out = io.StringIO()
    assert EXPORTERS[name](store, out) == 1
    with store.engine.begin() as conn:
        conn.execute(update(cases).values(status="rejected"))
    assert EXPORTERS[name](store, io.StringIO()) == 0  # rejected: left out
    assert EXPORTERS[name](store, io.StringIO(), statuses=("rejected",)) == 1
    # a mention-level export leaves out the rejected case's mentions, not unlinked ones
    assert EXPORTERS["csv"](store, io.StringIO(), mentions=True) == 2
