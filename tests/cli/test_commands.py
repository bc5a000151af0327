"""Real runs of every CLI command over a temporary SQLite database (the model loads once)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otkaz.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}

ARTICLE = (
    "Omsk riot police refused to go to Ukraine\n"
    "Eleven officers of the OMON riot police unit from Omsk refused on March 3 to cross "
    "into Ukraine, the rights group Free Ranks said, citing relatives of the men. "
    "All eleven were dismissed a week later.\n"
)
OTHER = "Harbour festival draws crowds\nThousands of people visited the harbour festival.\n"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    (folder / "omsk.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "nested" / "festival.txt").write_text(OTHER, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    return folder


def test_ingest_folder_twice_and_broken_file(corpus: Path, sqlite_url: str) -> None:
    code, output = run("ingest", str(corpus), "--published", "2022-03-20", "--db", sqlite_url)
    assert code == 1  # one source failed
    assert "broken.txt" in output and "binary" in output
    assert "2 documents read, 2 stored" in output
    assert "1 failed" in output

    code, output = run("ingest", str(corpus), "--published", "2022-03-20", "--db", sqlite_url)
    assert "0 stored" in output and "2 already stored" in output

    code, output = run("cases", "--db", sqlite_url)
    assert code == 0
    assert "Omsk" in output and "11" in output

    code, output = run("cases", "--force", "navy", "--db", sqlite_url)
    assert code == 0 and "0 cases" in output

    code, output = run("show", "1", "--json", "--db", sqlite_url)
    assert code == 0
    detail = json.loads(output)
    assert detail["n_mentions"] == 1
    assert any("refused" in q for q in detail["mentions"][0]["evidence"])

    code, output = run("show", "999", "--db", sqlite_url)
    assert code == 2 and "no case 999" in output


def test_export_formats(corpus: Path, sqlite_url: str, tmp_path: Path) -> None:
    run("ingest", str(corpus / "omsk.txt"), "--published", "2022-03-20", "--db", sqlite_url)
    code, output = run("export", "--format", "csv", "--db", sqlite_url)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(output)))
    assert len(rows) == 1 and rows[0]["count_low"] == "11"

    target = tmp_path / "cases.geojson"
    code, _ = run("export", "--format", "geojson", "-o", str(target), "--db", sqlite_url)
    assert code == 0
    assert json.loads(target.read_text())["type"] == "FeatureCollection"

    code, output = run("export", "--format", "xml", "--db", sqlite_url)
    assert code == 2 and "jsonl" in output


def test_stats_json_and_csv(corpus: Path, sqlite_url: str) -> None:
    run("ingest", str(corpus / "omsk.txt"), "--published", "2022-03-20", "--db", sqlite_url)
    code, output = run("stats", "--by", "force", "--format", "json", "--db", sqlite_url)
    assert code == 0
    result = json.loads(output)
    assert result["total"]["low"] == 11
    assert [r["force"] for r in result["rows"]] == ["rosgvardia"]
    code, output = run("stats", "--by", "month", "--format", "csv", "--db", sqlite_url)
    assert code == 0 and "2022-03" in output
    code, output = run("stats", "--by", "planet", "--db", sqlite_url)
    assert code == 2


def test_extract_writes_reports(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    lines = [{"id": "a", "text": ARTICLE, "published": "2022-03-20"},
             {"id": "b", "text": OTHER, "published": "2022-03-20"}]
    docs.write_text("\n".join(json.dumps(d) for d in lines) + "\n{not json\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, output = run("extract", str(docs), "-o", str(target), "--link")
    assert code == 1 and "not JSON" in output  # the bad line is reported, the rest written
    reports = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["id"] for r in reports] == ["a", "b"]
    assert reports[0]["incidents"][0]["count"] == {"low": 11, "high": 11}
    assert reports[0]["incidents"][0]["incident_id"]
    assert reports[1]["incidents"] == []


def test_bad_options_give_clear_errors(tmp_path: Path, sqlite_url: str) -> None:
    code, output = run("ingest", "x.txt", "--published", "yesterday", "--db", sqlite_url)
    assert code == 2 and "YYYY-MM-DD" in output
    code, output = run("extract", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "no such file" in output
    code, output = run("cases", "--db", "mysql://nowhere/db")
    assert code == 2 and "error" in output


def test_demo_prints_cases(sqlite_url: str) -> None:
    code, output = run("demo", "--db", sqlite_url)
    assert code == 0, output
    assert "0 failed" in output
    for expected in ("Tomsk", "Murmansk", "Altai"):
        assert expected in output


def test_reextract_reads_old_documents_again_and_keeps_decisions(sqlite_url: str) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from otkaz.models import Document, Incident, Report
    from otkaz.store import open_store
    from otkaz.store.schema import mention_overrides

    doc = Document(id="omsk", text=ARTICLE)
    start = ARTICLE.index("All eleven")  # an old extractor that read only the last sentence
    with open_store(sqlite_url) as store:
        store.add(doc, Report(doc.id, [Incident("refusal", "All eleven",
                                                evidence=[(start, len(ARTICLE) - 1)])]), "0.0.1")
        store.add(Document(id="festival", text=OTHER), Report("festival"), "0.0.1")
        [old] = store.mentions()
        with store.engine.begin() as conn:
            conn.execute(insert(mention_overrides).values(
                mention_key=old.mention_key, field="case_key", value="case-omsk", user="anna",
                at=datetime.now(UTC)))

    code, output = run("reextract", "--db", sqlite_url)
    assert code == 0
    assert "2 documents read, 2 stored" in output

    with open_store(sqlite_url) as store:
        [new] = store.mentions()
        assert new.mention_key != old.mention_key and new.incident.count is not None
        assert new.incident.count.low == 11
        pins = store.mention_overrides("case_key")
        assert [(p.mention_key, p.value) for p in pins] == [(new.mention_key, "case-omsk")]
        assert store.case(new.case_id).key == "case-omsk"  # the pin held through relinking

    code, output = run("reextract", "--db", sqlite_url)
    assert "0 stored" in output and "2 already stored" in output
