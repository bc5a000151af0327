"""Every store fault is one line with a code and a hint, on SQLite and PostgreSQL: read-only,
damaged, locked, missing folder, unreachable server. No traceback unless --debug, and never
SQL, stored text or secrets (before, `otkaz user add` on a read-only database printed the
argon2 hash of the new password, and the UPDATE statement, in a traceback)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from otkaz.cli import app
from otkaz.store import open_store

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}
PASSWORD = "correct horse battery"
ARTICLE = ("Omsk riot police refused to go to Ukraine\nEleven officers of the OMON riot police "
           "unit from Omsk refused on March 3 to cross into Ukraine, Free Ranks said.\n")
LEAKS = ("Traceback", "[SQL", "SELECT ", "INSERT INTO", "UPDATE users", "$argon2", PASSWORD,
         "Eleven officers", "secretpw")


def fails_cleanly(args: list[str], code: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI; assert exit 2 and one line `error: [CODE] ... (hint: ...)`; that line.

    A command that asks for a password (--password-stdin) reads PASSWORD from stdin."""
    stdin = PASSWORD + "\n" if "--password-stdin" in args else None
    result = CliRunner().invoke(app, args, env={**ENV, **(env or {})}, input=stdin)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: [{code}] ") and "(hint: " in lines[0], lines[0]
    for leak in LEAKS:
        assert leak not in result.output
    debug = CliRunner().invoke(app, ["--debug", *args], env={**ENV, **(env or {})},
                               input=stdin)
    assert debug.exit_code == 2 and "Traceback" in debug.output
    assert "$argon2" not in debug.output and PASSWORD not in debug.output  # hide_parameters
    return lines[0]


@pytest.fixture
def made(db_url: str) -> str:
    """A migrated, empty database."""
    open_store(db_url).close()
    return db_url


def _with_option(pg_url: str, option: str) -> str:
    """`pg_url` (whose `options` sets the test's search_path) with one more server option."""
    return pg_url + quote(f" -c{option}", safe="")


# read-only

def test_read_only_sqlite_file(made: str, tmp_path: Path) -> None:
    if not made.startswith("sqlite"):
        pytest.skip("see test_read_only_postgresql")
    path = made.removeprefix("sqlite:///")
    url = f"sqlite:///file:{path}?mode=ro&uri=true"  # the file opened read-only (root or not)
    line = fails_cleanly(["user", "add", "anna", "--password-stdin", "--db", url], "E306")
    assert "read-only" in line
    (tmp_path / "omsk.txt").write_text(ARTICLE, encoding="utf-8")
    fails_cleanly(["ingest", str(tmp_path / "omsk.txt"), "--db", url], "E306")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_read_only_permissions(sqlite_url: str, tmp_path: Path) -> None:  # pragma: no cover
    open_store(sqlite_url).close()
    for p in tmp_path.iterdir():
        p.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        fails_cleanly(["user", "add", "anna", "--password-stdin", "--db", sqlite_url],
                      "E306")
    finally:
        tmp_path.chmod(0o755)


def test_read_only_postgresql(pg_url: str) -> None:
    open_store(pg_url).close()
    url = _with_option(pg_url, "default_transaction_read_only=on")
    line = fails_cleanly(["user", "add", "anna", "--password-stdin", "--db", url], "E306")
    assert "read-only" in line


# damaged

def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "otkaz.db"
    path.write_text("these are my notes, not a database\n")
    fails_cleanly(["stats", "--db", f"sqlite:///{path}"], "E307")


def test_damaged_database(sqlite_url: str, tmp_path: Path) -> None:
    open_store(sqlite_url).close()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of the schema's tables overwritten
    path.write_bytes(bytes(data))
    fails_cleanly(["cases", "--db", sqlite_url], "E307")


# locked

@pytest.fixture
def sqlite_writer(sqlite_url: str) -> Iterator[str]:
    """Another process's write transaction, open for the whole test."""
    open_store(sqlite_url).close()
    conn = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield sqlite_url
    conn.rollback()
    conn.close()


@pytest.mark.parametrize("command", [["relink"], ["user", "add", "anna", "--password-stdin"]])
def test_locked_sqlite(sqlite_writer: str, command: list[str]) -> None:
    line = fails_cleanly([*command, "--db", sqlite_writer], "E308",
                         env={"OTKAZ_BUSY_TIMEOUT": "0.2"})
    assert "locked" in line


def test_locked_postgresql(pg_url: str) -> None:
    import psycopg

    open_store(pg_url).close()
    schema = pg_url.rsplit("%3D", 1)[1]
    base = pg_url.split("?")[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base) as holder:
        holder.execute(f'LOCK TABLE "{schema}".users IN ACCESS EXCLUSIVE MODE')
        url = _with_option(pg_url, "lock_timeout=200")
        fails_cleanly(["user", "add", "anna", "--password-stdin", "--db", url], "E308")


# missing

def test_missing_folder(tmp_path: Path) -> None:
    line = fails_cleanly(["stats", "--db", f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}"],
                         "E309")
    assert "nowhere does not exist" in line


def test_unreachable_postgresql() -> None:
    line = fails_cleanly(["stats", "--db", "postgresql://otkaz:secretpw@127.0.0.1:1/otkaz"],
                         "E302")
    assert "cannot be reached" in line and "***" in line


def test_missing_postgresql_database(pg_base_url: str) -> None:
    url = pg_base_url.rsplit("/", 1)[0] + "/no_such_database_here"
    fails_cleanly(["stats", "--db", url], "E302")
