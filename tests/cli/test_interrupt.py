"""Ctrl-C during `otkaz ingest` or `otkaz extract` ends with one line saying what was kept
(exit 130); progress bars count JSONL lines first, and stay off when stderr is no terminal."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import otkaz.batch
import otkaz.cli
from otkaz.cli import app
from otkaz.models import Document, Incident, Range, Report
from otkaz.store import open_store

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def fake_extract(docs: list[Document]) -> list[Report]:
    """One incident per document, no model: what the tests need is the counting."""
    return [Report(d.id, [Incident(type="refusal", actor="soldiers", count=Range(3, 3),
                                   evidence=[(0, 8)])]) for d in docs]


def corpus(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Soldiers {i} refused."}) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


@pytest.fixture
def stop_after(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Extraction that raises KeyboardInterrupt (a Ctrl-C) after the first batch;
    [documents extracted before it]."""
    done = [0]

    def extract(docs: list[Document]) -> list[Report]:
        if done[0]:
            raise KeyboardInterrupt
        done[0] += len(docs)
        return fake_extract(docs)

    monkeypatch.setattr(otkaz.batch, "extract_safely", extract)
    return done


def test_ctrl_c_during_ingest_says_what_was_stored(tmp_path: Path, stop_after: list[int]
                                                   ) -> None:
    db = f"sqlite:///{tmp_path / 'o.db'}"
    result = CliRunner().invoke(app, ["ingest", str(corpus(tmp_path, 40)), "--db", db], env=ENV)
    assert result.exit_code == 130
    assert stop_after[0] == 32  # one batch stored before the interrupt
    with open_store(db) as store:
        assert store.counts()["documents"] == 32 and store.pending_links() == 32
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        "Interrupted: 32 documents stored, 0 cases; 32 mentions wait to be linked; run again "
        "to continue (what is stored is skipped)"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("link", "expected"), [
    (False, "Interrupted: 64 of 70 documents extracted, 64 reports written to {out}; run "
            "again to extract them all"),
    (True, "Interrupted: 64 of 70 documents extracted; no reports written (--link writes them "
           "once all are read); run again to extract them all"),
])
def test_ctrl_c_during_extract_says_what_was_written(tmp_path: Path, stop_after: list[int],
                                                     link: bool, expected: str) -> None:
    out = tmp_path / "reports.jsonl"
    args = ["extract", str(corpus(tmp_path, 70)), "-o", str(out)] + (["--link"] if link else [])
    result = CliRunner().invoke(app, args, env=ENV)
    assert result.exit_code == 130
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        expected.format(out=out)]
    written = out.read_text(encoding="utf-8").splitlines()
    assert len(written) == (0 if link else 64)  # kept: each report was written when made
    assert all(json.loads(line)["incidents"] for line in written)


def test_other_commands_keep_the_general_message(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("otkaz.link.relink", interrupted)
    result = CliRunner().invoke(app, ["relink", "--db", f"sqlite:///{tmp_path / 'o.db'}"],
                                env=ENV)
    assert result.exit_code == 130 and result.stderr.startswith("interrupted: what was stored")


def test_no_progress_bar_when_stderr_is_no_terminal(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(otkaz.batch, "extract_safely", fake_extract)
    result = CliRunner().invoke(app, ["ingest", str(corpus(tmp_path, 5)), "--db",
                                      f"sqlite:///{tmp_path / 'o.db'}"], env=ENV)
    assert result.exit_code == 0
    assert "ingesting" not in result.stderr and "━" not in result.stderr


def test_a_terminal_gets_a_bar_with_the_lines_as_total(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(otkaz.batch, "extract_safely", fake_extract)
    screen = io.StringIO()
    monkeypatch.setattr(otkaz.cli, "err", Console(file=screen, force_terminal=True, width=100))
    path = corpus(tmp_path, 45)
    with path.open("a", encoding="utf-8") as f:
        f.write("not json\n")  # a bad line moves the bar too: it is one of the lines counted
    result = CliRunner().invoke(app, ["ingest", str(path), "--db",
                                      f"sqlite:///{tmp_path / 'o.db'}"], env=ENV)
    assert result.exit_code == 1  # the bad line failed
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "ingesting" in shown
    counts = re.findall(r"(\d+)/(\d+)", shown)
    assert counts and {total for _, total in counts} == {"46"}
    assert counts[-1] == ("46", "46")
