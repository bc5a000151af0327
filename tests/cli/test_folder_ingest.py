"""Folder ingest reads only article types (.txt, .html/.htm, .xml/.rss/.atom, .jsonl), with
--include/--exclude globs; the files left out are listed; a file named on its own of
another type is a one-line error; the bundled examples still read every article."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from otkaz.batch import ingest_sources
from otkaz.cli import app
from otkaz.ingest import Skipped, iter_documents
from otkaz.ingest.files import matches, select_files
from otkaz.models import Document
from otkaz.store import open_store

runner = CliRunner()
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
ARTICLE = ("Guardsmen refuse\nEight guardsmen from Kaluga refused to cross the border in "
           "March 2023, relatives said.\n")


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


def _mixed(root: Path) -> Path:
    """A folder as people keep them: articles beside notes, data and manifests."""
    files = {
        "a.txt": ARTICLE,
        "b/page.html": "<html><head><title>Sailors</title></head><body><article><p>"
                       "Nine sailors from Kamchatka refused to deploy, their wives said."
                       "</p></article></body></html>",
        "c/docs.jsonl": json.dumps({"id": "j1", "text": "Six marines deserted in May."}),
        "data.json": json.dumps({"text": "Twenty soldiers refused to fight."}),
        "notes.md": "# Notes\nTwo reservists deserted, check this.\n",
        "table.csv": "id,text\n1,Ten soldiers deserted\n",
        "README.md": "# Corpus\nThirty servicemen refused to fight (example).\n",
        "manifest.json": "{}",
        "noext": "Five paratroopers deserted.\n",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def test_a_folder_gives_only_article_files_and_lists_the_rest(tmp_path: Path) -> None:
    root = _mixed(tmp_path / "corpus")
    skipped: list[Skipped] = []
    docs = [d for d in iter_documents([str(root)], on_skip=skipped.append)
            if isinstance(d, Document)]
    assert [d.id for d in docs] == [f"{root}/a.txt", f"{root}/b/page.html", "j1"]
    assert {Path(s.path).name: s.reason for s in skipped} == {
        "README.md": "not an article type: .md", "data.json": "not an article type: .json",
        "manifest.json": 'a manifest.json without "published" dates (not otkaz\'s)',
        "noext": "not an article type: no suffix",
        "notes.md": "not an article type: .md", "table.csv": "not an article type: .csv"}
    assert not any("Ten soldiers" in d.text for d in docs)  # the .csv line is no case


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    root = _mixed(tmp_path / "corpus")
    names = [p.name if isinstance(p, Path) else f"-{Path(p.path).name}"
             for p in select_files(root, include=["*.txt", "b/*"], exclude=["*.html"])]
    assert [n for n in names if not n.startswith("-")] == ["a.txt"]
    skipped = dict(x.split(" ", 1) for x in (str(p) for p in select_files(
        root, exclude=["c/*"])) if "(" in x)
    assert skipped[f"{root}/c/docs.jsonl"] == "(--exclude c/*)"
    assert matches("x/y/z.txt", "*.txt") and matches("x/y/z.txt", "x/*")
    assert not matches("x/y/z.txt", "y/*")


def test_ingest_lists_skipped_files_and_takes_globs(tmp_path: Path) -> None:
    root = _mixed(tmp_path / "corpus")
    db = f"sqlite:///{tmp_path}/o.db"
    code, output = run("ingest", str(root), "--exclude", "*.jsonl", "--db", db)
    assert code == 0, output
    assert "2 documents read" in output
    assert "7 files skipped:" in output
    assert f"{root}/table.csv (not an article type: .csv)" in output
    assert f"{root}/c/docs.jsonl (--exclude *.jsonl)" in output
    code, output = run("ingest", str(root), "--include", "*.jsonl", "--db", db)
    assert code == 0 and "1 document read, 1 stored" in output
    with open_store(db) as store:
        texts = " ".join(d.document.text for d in store.documents())
    assert "Ten soldiers" not in texts and "Thirty servicemen" not in texts


def test_a_named_file_of_another_type_is_a_one_line_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Two reservists deserted.\n", encoding="utf-8")
    code, output = run("ingest", str(notes), "--db", f"sqlite:///{tmp_path}/o.db")
    assert code == 1
    lines = [line for line in output.splitlines() if "E113" in line]
    assert len(lines) == 1 and "notes.md" in lines[0] and "'.md' files are not" in lines[0]
    assert ".txt, .html, .htm, .xml, .rss, .atom, .jsonl" in lines[0]
    assert "0 documents read" in output


def test_the_bundled_examples_folder_reads_every_article(tmp_path: Path) -> None:
    root = resources.files("otkaz") / "examples"
    with open_store(f"sqlite:///{tmp_path}/demo.db") as store:
        summary = ingest_sources([str(root)], store)
    # the manifest is read for the dates it gives, not skipped
    assert sorted(Path(s.path).name for s in summary.skipped) == ["README.md"]
    assert summary.failed == 0
    # the text files, the pages, three feed entries, the JSONL lines
    assert summary.read == _articles(root)


def test_demo_reads_all_its_articles(tmp_path: Path) -> None:
    code, output = run("demo", "--db", f"sqlite:///{tmp_path}/demo.db")
    assert code == 0, output
    root = resources.files("otkaz") / "examples"
    assert f"{_articles(root)} documents read" in output and "skipped" not in output


def _articles(root: Any) -> int:
    """The articles the bundled examples hold: one per text file and page, three feed
    entries, one per JSONL line."""
    names = [p.name for p in root.iterdir()]
    jsonl = [line for line in (root / "reports.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    return (sum(n.endswith(".txt") for n in names) + sum(n.endswith(".html") for n in names)
            + 3 + len(jsonl))


def test_a_folders_manifest_dates_its_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "2023").mkdir(parents=True)
    (root / "kaluga.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "2023" / "tver.txt").write_text(ARTICLE.replace("Kaluga", "Tver"), encoding="utf-8")
    (root / "manifest.json").write_text(json.dumps({"published": {
        "2023/tver.txt": "2023-04-02", "gone.txt": "2023-01-01"}}), encoding="utf-8")
    db = f"sqlite:///{tmp_path}/o.db"
    code, output = run("ingest", str(root), "--published", "2023-05-01", "--db", db)
    assert code == 1  # the entry for a file that is not there is an error of its own
    errors = [line for line in output.splitlines() if "E114" in line]
    assert len(errors) == 1 and "'gone.txt': no such file beside the manifest" in errors[0]
    assert "2 documents read, 2 stored" in output and "files skipped" not in output
    with open_store(db) as store:
        dated = {Path(d.source_id).name: d.published for d in store.document_meta()}
    assert {k: str(v) for k, v in dated.items()} == {"kaluga.txt": "2023-05-01",
                                                     "tver.txt": "2023-04-02"}
