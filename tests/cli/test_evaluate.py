"""`otkaz evaluate`: the scores of otkaz or of a predictions file against the user's gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from otkaz.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}

TEXT = ("Omsk riot police refused to go to Ukraine\n"
        "Eleven officers of the OMON riot police unit from Omsk refused on March 3 to cross "
        "into Ukraine, the rights group Free Ranks said. All eleven were dismissed.\n")
QUOTE = "Eleven officers of the OMON riot police unit from Omsk refused on March 3"
GOLD = {"id": "omsk", "incidents": [{
    "type": "refusal", "actor": "Eleven officers of the OMON riot police unit from Omsk",
    "force": "rosgvardia", "count": {"low": 11, "high": 11}, "home": "Omsk",
    "when": {"start": "2022-03-03", "end": "2022-03-03"}, "sources": ["Free Ranks"],
    "outcomes": ["dismissed"], "evidence": [QUOTE]}], "figures": []}


def write(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write(tmp_path / "docs.jsonl", {"id": "omsk", "text": TEXT, "published": "2022-03-10"})
    write(tmp_path / "gold.jsonl", GOLD)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


def test_scores_a_predictions_file_as_json(corpus: Path) -> None:
    start = TEXT.index(QUOTE)
    predicted = {**GOLD["incidents"][0], "evidence": [[start, start + len(QUOTE)]],
                 "count": {"low": 11, "high": None}}
    write(corpus / "pred.jsonl", {"id": "omsk", "incidents": [predicted]})
    code, output = run("evaluate", str(corpus / "gold.jsonl"), "--pred",
                       str(corpus / "pred.jsonl"), "--format", "json")
    assert code == 0, output
    result = json.loads(output)
    assert result["incidents"]["detection"]["f1"] == 1.0
    assert result["incidents"]["fields"]["count"]["correct"] == 0
    # 8 values predicted, 7 right (the count is not): P = R = 7/8
    assert result["incidents"]["end_to_end"]["precision"] == pytest.approx(7 / 8)
    assert result["grounded"] == 1.0 and result["linking"] is None


def test_extracts_when_no_predictions_are_given(corpus: Path) -> None:
    """The documents beside the gold are extracted and linked: one case, one incident id."""
    code, output = run("evaluate", str(corpus / "gold.jsonl"), "--show",
                       "--save-pred", str(corpus / "saved.jsonl"))
    assert code == 0, output
    assert "documents: 1" in output
    assert "incidents: detection P 1.000 R 1.000 F1 1.000  (1 matched of 1 predicted, 1 gold)" \
        in output
    assert "linking B3: P 1.000 R 1.000 F1 1.000 over 1 matched mentions" in output
    saved = [json.loads(line) for line in (corpus / "saved.jsonl").read_text().splitlines()]
    assert [r["id"] for r in saved] == ["omsk"] and saved[0]["incidents"][0]["incident_id"]


@pytest.mark.parametrize("setup,args,message", [
    (lambda d: (d / "docs.jsonl").unlink(), [], "[E605] no documents for"),
    (lambda d: None, ["--pred", "missing.jsonl"], "[E601] predictions missing.jsonl"),
    (lambda d: (d / "gold.jsonl").write_text('{"id": "omsk"}\nnot json\n'), [],
     "line 2: not JSON"),
    (lambda d: (d / "gold.jsonl").write_text('["omsk"]\n'), [],
     "line 1: not an object with a string id"),
    (lambda d: write(d / "gold.jsonl", {**GOLD, "id": "other"}), ["--pred", "{dir}/gold.jsonl"],
     "[E603] prediction for an unknown document id: 'other'"),
    (lambda d: write(d / "gold.jsonl", {**GOLD, "incidents": [
        {**GOLD["incidents"][0], "evidence": ["eleven sailors"]}]}),
     ["--pred", "{dir}/docs.jsonl"], "[E604] a gold quote is not in the text of document 'omsk'"),
    (lambda d: None, ["--format", "xml"], "--format must be one of text, json, not 'xml'"),
])
def test_bad_input_is_one_line_and_exit_2(corpus: Path, setup: Any, args: list[str],
                                          message: str) -> None:
    setup(corpus)
    args = [a.replace("{dir}", str(corpus)) for a in args]
    code, output = run("evaluate", str(corpus / "gold.jsonl"), *args)
    assert code == 2
    assert message in output
    assert len(output.strip().splitlines()) == 1
