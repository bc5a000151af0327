"""Batch extraction: Dask workers give the same reports, in the same order, as one process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from otkaz.batch import extract_jsonl

TEXTS = [
    "Paratroopers refuse\nTwenty paratroopers from Pskov refused on May 3 to return to the front,"
    " the site Echo said.",
    "Budget\nThe city council approved a new budget for road repairs on Tuesday.",
    "Tver men go home\nAbout 15 mobilised men from Tver left their unit in the Kursk region"
    " and went home.",
    "Weather\nRain is expected across the region at the weekend.",
]


def test_workers_give_the_same_reports(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "published": "2023-06-01"})
                            + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    one, two = io.StringIO(), io.StringIO()
    s1 = extract_jsonl(str(docs), one)
    s2 = extract_jsonl(str(docs), two, workers=2)
    assert one.getvalue() == two.getvalue()
    assert [json.loads(line)["id"] for line in two.getvalue().splitlines()] == \
        ["d0", "d1", "d2", "d3"]
    assert s1.incidents == s2.incidents >= 2


def test_a_document_that_breaks_the_extractor_is_reported_and_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import otkaz.extract.pipeline as pipeline

    real = pipeline.assemble

    def fragile(doc_id: str, *args: object, **kwargs: object) -> object:
        if doc_id == "d2":
            raise RuntimeError("boom")
        return real(doc_id, *args, **kwargs)

    monkeypatch.setattr(pipeline, "assemble", fragile)
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "published": "2023-06-01"})
                            + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    out = io.StringIO()
    summary = extract_jsonl(str(docs), out)
    assert [e.source for e in summary.errors] == ["d2"]
    assert "extraction failed: RuntimeError: boom" in str(summary.errors[0])
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["d0", "d1", "d3"]
