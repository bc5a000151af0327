"""A corrected article, ingested again from the same JSONL file (same id), replaces the old
one's figures end to end: before, "Twelve" -> "Fourteen" gave a case counting 12-14, with
the stale 12 as its value."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from otkaz.cli import app

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
ARTICLE = ("Tank crews refuse to return to the front\n{n} contract soldiers of the 4th Tank "
           "Brigade from Buryatia refused to go back to the front near Bakhmut in March 2023, "
           "the rights group Free Ranks said.")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


def test_a_corrected_article_supersedes_the_stored_one(tmp_path: Path, sqlite_url: str) -> None:
    corpus = tmp_path / "corpus.jsonl"
    for n in ("Twelve", "Fourteen"):
        corpus.write_text(json.dumps({"id": "tank-crews", "published": "2023-04-02",
                                      "text": ARTICLE.format(n=n)}) + "\n", encoding="utf-8")
        code, output = run("ingest", str(corpus), "--db", sqlite_url)
        assert code == 0 and "1 stored" in output, output
    code, output = run("stats", "--format", "json", "--db", sqlite_url)
    assert code == 0
    total = json.loads(output)["total"]
    assert (total["cases"], total["low"], total["high"]) == (1, 14, 14)
    code, output = run("status", "--db", sqlite_url)
    assert "1 document, 1 mention," in output and "every mention is linked" in output


def test_duplicate_ids_in_one_file(tmp_path: Path, sqlite_url: str) -> None:
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": "a", "text": ARTICLE.format(n="Twelve")},
            {"id": "a", "text": "Harbour festival\nThousands visited the harbour festival."},
            {"id": "b", "text": "Weather\nIt rained in Omsk all week."}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, output = run("ingest", str(corpus), "--db", sqlite_url)
    assert code == 1
    skipped = [line for line in output.splitlines() if line.startswith("skipped")]
    assert skipped == [f"skipped [E112] {corpus}: line 2: duplicate id 'a' (first on line 1); "
                       "line skipped"]
    assert "2 documents read, 2 stored" in output
