"""JSON Lines export: one FORMAT.md report per document, and one line per case."""

from __future__ import annotations

import io
import json

from otkaz.export.jsonl import export_cases_jsonl, export_jsonl
from otkaz.models import Report
from otkaz.store import Store


def test_one_report_per_document_with_offsets(store: Store) -> None:
    out = io.StringIO()
    assert export_jsonl(store, out, mentions=True) == 2
    lines = [json.loads(line) for line in out.getvalue().splitlines()]

    assert [line["id"] for line in lines] == ["first", "second"]
    first = lines[0]
    assert [i["type"] for i in first["incidents"]] == ["refusal", "refusal"]
    assert first["incidents"][0]["count"] == {"low": 40, "high": 40}
    assert first["incidents"][0]["incident_id"] == "marines-2023-02"
    assert "incident_id" not in first["incidents"][1]
    start, end = first["incidents"][0]["evidence"][0]
    text = store.documents()[0].document.text
    assert text[start:end] == "Forty marines from Vladivostok refused to advance"
    assert first["figures"][0]["value"] == {"low": 40, "high": None}
    assert lines[1]["figures"] == []
    assert Report.from_dict(first).incidents[0].when is not None  # readable as a Report again


def test_cases_one_line_per_case_with_its_mentions(store: Store) -> None:
    out = io.StringIO()
    assert export_cases_jsonl(store, out) == 1
    [line] = [json.loads(x) for x in out.getvalue().splitlines()]
    assert line["key"] == "marines-2023-02" and line["status"] == "machine"
    assert line["status_label"] == "machine" and line["type"] == "refusal"
    assert line["mentions"] == [store.mentions()[0].id]
    assert line["confidence"] == 0.75


def test_empty_store_writes_nothing() -> None:
    from otkaz.store import open_store

    out = io.StringIO()
    with open_store("sqlite://") as empty:
        assert export_jsonl(empty, out) == 0
    assert out.getvalue() == ""
