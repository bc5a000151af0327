"""The EXPORTERS registry the CLI's --format maps onto."""

from __future__ import annotations

import io

import pytest

from otkaz.export import EXPORTERS
from otkaz.store import Store


def test_registry_names() -> None:
    assert set(EXPORTERS) == {"jsonl", "csv", "geojson"}


@pytest.mark.parametrize(("name", "expected"), [("jsonl", 2), ("csv", 3), ("geojson", 3)])
def test_each_exporter_writes_and_counts(store: Store, name: str, expected: int) -> None:
    out = io.StringIO()
    assert EXPORTERS[name](store, out) == expected
    assert out.getvalue()
