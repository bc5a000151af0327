"""`otkaz export -f label-studio`, `-f label-studio-config` and `otkaz import label-studio`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.store import open_store

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
ARTICLE = ("Omsk riot police refused to go to Ukraine\n"
           "Eleven officers of the OMON riot police unit from Omsk refused on March 3 to cross "
           "into Ukraine, the rights group Free Ranks said. All eleven were dismissed.\n")


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


def test_the_config_is_printed_without_opening_a_database(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    code, output = run("export", "-f", "label-studio-config", "--db", f"sqlite:///{db}")
    assert code == 0 and output.startswith("<!-- otkaz") and "<Labels name=\"label\"" in output
    assert not db.exists()


def test_export_annotate_import(tmp_path: Path) -> None:
    """Tasks out; an annotator corrects the count; gold and a logged decision come back."""
    db = f"sqlite:///{tmp_path / 'o.db'}"
    (tmp_path / "omsk.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("ingest", str(tmp_path / "omsk.txt"), "--published", "2022-03-10",
               "--db", db)[0] == 0
    code, output = run("export", "-f", "label-studio", "-o", str(tmp_path / "tasks.json"),
                       "--db", db)
    assert code == 0 and "wrote 1 task to" in output
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    result = tasks[0]["predictions"][0]["result"]
    values = next(r for r in result if r["type"] == "textarea")
    assert "count: 11" in values["value"]["text"]
    values["value"]["text"] = ["count: 12" if t == "count: 11" else t
                               for t in values["value"]["text"]]
    tasks[0].update(id=5, annotations=[{"id": 1, "completed_by": 2, "result": result}])
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    code, output = run("import", "label-studio", str(tmp_path / "export.json"), "--gold-out",
                       str(tmp_path / "gold.jsonl"), "--docs-out", str(tmp_path / "docs.jsonl"),
                       "--user", "anna", "--db", db)
    assert code == 0, output
    assert "1 annotated tasks read" in output and "1 correct" in output
    gold = json.loads((tmp_path / "gold.jsonl").read_text(encoding="utf-8"))
    assert gold["incidents"][0]["count"] == {"low": 12, "high": 12}
    with open_store(db) as store:
        fixes = [o for o in store.mention_overrides() if o.field == "count"]
        assert [(o.value, o.user) for o in fixes] == [({"low": 12, "high": 12}, "anna")]
    code, output = run("evaluate", str(tmp_path / "gold.jsonl"), "--docs",
                       str(tmp_path / "docs.jsonl"), "--format", "json")
    scores = json.loads(output)
    assert scores["incidents"]["detection"]["f1"] == 1.0
    assert scores["incidents"]["fields"]["count"]["correct"] == 0  # the machine still says 11


def test_a_bad_export_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "export.json").write_text("{not json", encoding="utf-8")
    code, output = run("import", "label-studio", str(tmp_path / "export.json"), "--no-review")
    assert code == 2 and "[E611]" in output and len(output.strip().splitlines()) == 1
