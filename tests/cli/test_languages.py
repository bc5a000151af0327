"""Language as part of the data through the CLI: ingest notices, `cases --lang`, `show`, demo."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otkaz.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
EXAMPLES = resources.files("otkaz") / "examples"
UKRAINIAN = ("Чотири військовослужбовці відмовилися їхати на фронт\n"
             "Чотири військовослужбовці з Харкова відмовилися їхати на фронт, "
             "повідомили їхні рідні журналістам місцевого видання.\n")


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    target.mkdir()
    for name in ("kostroma-mobilised-ru.txt", "kostroma-mobilised-en.txt"):
        shutil.copyfile(str(EXAMPLES / name), target / name)
    (target / "kharkiv-uk.txt").write_text(UKRAINIAN, encoding="utf-8")
    return target


def test_ingest_reports_documents_it_could_not_read_and_keeps_them(folder: Path,
                                                                  sqlite_url: str) -> None:
    code, output = run("ingest", str(folder), "--published", "2023-11-16", "--db", sqlite_url)
    assert code == 0
    assert "3 documents read, 3 stored" in output
    assert "1 document in Ukrainian (uk) was not read" in output

    code, output = run("cases", "--lang", "ru", "--db", sqlite_url)
    assert code == 0 and "1 case " in output and "18" in output
    code, output = run("cases", "--lang", "uk", "--db", sqlite_url)
    assert code == 0 and "0 cases" in output
    for place in ("Костромской области", "Kostroma Oblast", "Костромская область", "kostroma"):
        code, output = run("cases", "--place", place, "--db", sqlite_url)
        assert code == 0 and "1 case " in output, place
    code, output = run("cases", "--place", "Омская область", "--db", sqlite_url)
    assert "0 cases" in output

    code, output = run("show", "1", "--json", "--db", sqlite_url)
    detail = json.loads(output)
    assert detail["langs"] == ["en", "ru"]
    assert sorted(m["document"]["lang"] for m in detail["mentions"]) == ["en", "ru"]
    assert detail["fields"]["home"]["geo"]["name"] == "Kostroma Oblast"

    code, output = run("show", "1", "--db", sqlite_url)
    assert code == 0
    assert "in en, ru" in output
    # the worded place with its gazetteer entry beside it, whichever language was chosen
    assert "Костромской области → Kostroma Oblast" in output or \
        "Kostroma region → Kostroma Oblast" in output


def test_export_carries_language_and_canonical_places(folder: Path, sqlite_url: str) -> None:
    run("ingest", str(folder), "--published", "2023-11-16", "--db", sqlite_url)
    code, output = run("export", "--format", "jsonl", "--mentions", "--db", sqlite_url)
    assert code == 0
    langs = sorted(json.loads(line).get("lang") for line in output.splitlines())
    assert langs == ["en", "ru", "uk"]
    code, output = run("export", "--format", "geojson", "--mentions", "--db", sqlite_url)
    features = json.loads(output)["features"]
    assert sorted((f["properties"]["lang"], f["properties"]["home"],
                   f["properties"]["home_entry"]) for f in features) == [
        ("en", "Kostroma region", "Kostroma Oblast"),
        ("ru", "Костромской области", "Kostroma Oblast")]


def test_the_demo_links_the_russian_and_english_retellings(sqlite_url: str) -> None:
    from otkaz.store import open_store

    code, output = run("demo", "--db", sqlite_url)
    assert code == 0
    with open_store(sqlite_url) as store:
        # dated by the examples' manifest.json, as any folder's files are
        dated = {Path(d.source_id).name: str(d.published) for d in store.document_meta()}
        assert dated["kostroma-mobilised-ru.txt"] == "2023-11-14"
        assert dated["kostroma-mobilised-en.txt"] == "2023-11-16"
        docs = {d.id: d for d in store.document_meta()}
        kostroma = [m for m in store.mentions()
                    if docs[m.document_id].source_id.endswith(("kostroma-mobilised-ru.txt",
                                                                "kostroma-mobilised-en.txt"))]
        assert len(kostroma) == 2
        assert {docs[m.document_id].lang for m in kostroma} == {"ru", "en"}
        assert kostroma[0].case_id is not None
        assert kostroma[0].case_id == kostroma[1].case_id
        case = store.case(kostroma[0].case_id)
        assert case is not None and case.count_low == 18 and case.n_mentions == 2
