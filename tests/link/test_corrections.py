"""Reviewers' field values for a mention, applied before linking (otkaz.link.corrections)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from otkaz.link.corrections import corrected, field_corrections
from otkaz.models import Incident, Place, Range

BASE = Incident("refusal", "Forty marines", count=Range(40, 40), place="Vuhledar",
                sources=["Siberia Desk"], geo={"place": Place("Vuhledar", "UA")},
                evidence=[(0, 20)], confidence=0.8)


@pytest.mark.parametrize("fields,check", [
    ({"count": {"low": 45, "high": None}}, lambda i: i.count == Range(45, None)),
    ({"when": {"start": "2023-02-01", "end": "2023-02-28"}},
     lambda i: i.when is not None and i.when.end.day == 28),
    ({"place": "Bakhmut"}, lambda i: i.place == "Bakhmut" and "place" not in i.geo),
    ({"place": None}, lambda i: i.place is None),
    ({"sources": None}, lambda i: i.sources == []),
    ({"type": None}, lambda i: i.type == "refusal"),  # a report always has a type
    ({"status": "rejected"}, lambda i: i == BASE),  # not a field: left alone
])
def test_corrected(fields: dict[str, Any], check: Any) -> None:
    out = corrected(BASE, fields)
    assert check(out)
    assert out.evidence == BASE.evidence and out.confidence == BASE.confidence


def test_no_fields_is_the_same_object() -> None:
    assert corrected(BASE, {}) is BASE


def test_field_corrections_keep_fields_only() -> None:
    rows = [SimpleNamespace(mention_key="k1", field="count", value={"low": 1, "high": 1}),
            SimpleNamespace(mention_key="k1", field="case_key", value="c-1"),
            SimpleNamespace(mention_key="k2", field="status", value="rejected"),
            SimpleNamespace(mention_key="k2", field="place", value=None)]
    assert field_corrections(rows) == {"k1": {"count": {"low": 1, "high": 1}},
                                       "k2": {"place": None}}
