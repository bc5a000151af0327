"""`otkaz backup PATH`: SQLite's online backup, which holds what is still in the WAL (a plain
copy of the .db file does not); PostgreSQL is told to use pg_dump."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.errors import StoreError
from otkaz.models import Document, Report
from otkaz.store import open_store

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def _documents_in(path: Path) -> int | None:
    """Documents in the SQLite file at `path` read alone (no -wal beside it); None if none."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def test_backup_holds_what_is_still_in_the_wal(sqlite_url: str, tmp_path: Path) -> None:
    with open_store(sqlite_url) as store:  # open: the WAL is not checkpointed into the file
        for i in range(5):
            store.add(Document(f"d{i}", f"Document {i}"), Report(f"d{i}"), "v1")
        shutil.copy(sqlite_url.removeprefix("sqlite:///"), tmp_path / "cp.db")
        written = store.backup(tmp_path / "backup.db")
        assert written == tmp_path / "backup.db"
        with pytest.raises(StoreError) as info:
            store.backup(tmp_path / "backup.db")
        assert info.value.code == "E311" and "exists" in str(info.value)
    assert _documents_in(tmp_path / "cp.db") != 5  # what `cp` alone gets
    assert _documents_in(tmp_path / "backup.db") == 5
    with open_store(f"sqlite:///{tmp_path / 'backup.db'}") as copy:
        assert copy.counts()["documents"] == 5
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_backup_command(sqlite_url: str, tmp_path: Path) -> None:
    with open_store(sqlite_url) as store:
        store.add(Document("a", "one"), Report("a"), "v1")
    target = tmp_path / "copy.db"
    result = CliRunner().invoke(app, ["backup", str(target), "--db", sqlite_url], env=ENV)
    assert result.exit_code == 0, result.output
    assert f"to {target}" in result.output and _documents_in(target) == 1
    again = CliRunner().invoke(app, ["backup", str(target), "--db", sqlite_url], env=ENV)
    assert again.exit_code == 2 and "[E311]" in again.output


def test_postgresql_is_told_to_use_pg_dump(pg_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["backup", str(tmp_path / "x.db"), "--db", pg_url], env=ENV)
    assert result.exit_code == 2
    assert "[E311]" in result.output and "pg_dump" in result.output
    assert not (tmp_path / "x.db").exists()
