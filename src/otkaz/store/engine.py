"""Database URLs, engines and migrations: everything about reaching a database.

    >>> normalise_url("postgresql://u@db:5432/otkaz")
    'postgresql+psycopg://u@db:5432/otkaz'

SQLite engines run in WAL mode with foreign keys on and a busy timeout, and
SQLAlchemy (not the sqlite3 module) emits BEGIN, so DDL is transactional and
writes take the lock up front (`BEGIN IMMEDIATE`): one writer at a time, readers
never blocked. Alembic migrations ship in `migrations/` beside this file and
run from code, without an alembic.ini.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc, make_url
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from otkaz import settings
from otkaz.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
PG_CONNECT_TIMEOUT_S = 10
# Arbitrary bigints: holders of these advisory locks run migrations, or linking, one at a time.
PG_MIGRATION_LOCK = 0x6F746B617A
PG_LINK_LOCK = 0x6F746B617A6C
WRITE_OPTION = "otkaz_write"  # execution option that makes SQLite emit BEGIN IMMEDIATE


def normalise_url(url: str) -> str:
    """The URL SQLAlchemy needs: plain `postgresql://` (or `postgres://`) uses psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def safe_url(url: str) -> str:
    """`url` with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dump_json(value: Any) -> str:
    """JSON as stored: dates as ISO strings, tuples and sets as lists, non-ASCII kept."""
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def make_engine(url: str) -> Engine:
    """An engine for `url` (sqlite:///PATH, sqlite:// for memory, postgresql://...).

    Raises StoreError for a URL that is not a database URL or names a driver
    that is not installed. Nothing connects yet.
    """
    try:
        parsed = make_url(normalise_url(url))
    except exc.ArgumentError as e:
        raise StoreError(f"not a database URL: {url!r} (use sqlite:///PATH or "
                         "postgresql://USER@HOST:PORT/NAME)", "E301") from e
    # hide_parameters: an error's message (and a --debug traceback) never shows the values
    # sent with a statement: stored text, a password's hash
    kwargs: dict[str, Any] = {"json_serializer": dump_json, "hide_parameters": True}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        folder = sqlite_folder(parsed)
        if folder is not None and not folder.is_dir():
            raise StoreError(f"cannot open database {safe_url(url)}: the folder {folder} does "
                             "not exist", "E309",
                             "create the folder first, or point --db (OTKAZ_DB) elsewhere")
        kwargs["connect_args"] = {"timeout": busy_timeout_ms() / 1000}
        if _sqlite_in_memory(parsed):
            kwargs["poolclass"] = StaticPool  # one connection, so one database
            kwargs["connect_args"]["check_same_thread"] = False
    elif backend == "postgresql" and "connect_timeout" not in parsed.query:
        kwargs["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(parsed, **kwargs)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as e:
        raise StoreError(f"cannot use database URL {safe_url(url)}: {e}", "E301") from e
    if backend == "sqlite":
        _configure_sqlite(engine, wal=not _sqlite_in_memory(parsed))
    return engine


def _sqlite_in_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or "mode=memory" in str(url)


def busy_timeout_ms() -> int:
    """How long a SQLite write waits for another writer: the setting `busy_timeout`."""
    return int(float(settings.get("busy_timeout")) * 1000)


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite database URL; None in memory or for a `file:` URI."""
    if url.get_backend_name() != "sqlite" or _sqlite_in_memory(url):
        return None
    database = url.database or ""
    if database.startswith("file:"):
        return None
    return Path(database)


def sqlite_folder(url: URL) -> Path | None:
    path = sqlite_file(url)
    return None if path is None else (path.parent if str(path.parent) else Path("."))


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of `path`, or None when it is missing: tells a replaced file apart."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


# Driver messages -> (code, what it means, hint). Matched on the driver's own first line,
# lower-cased; the first match wins.
_FAULTS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("readonly database", "read-only", "read only"), "E306", "the database is read-only",
     "SQLite: check that the file and its folder can be written (it also writes the -wal "
     "and -shm files beside it), or use a copy; PostgreSQL: check the user's privileges"),
    (("file is not a database", "malformed", "not a database", "disk image"), "E307",
     "the file is not an otkaz database or is damaged",
     "restore it from a backup (`otkaz backup`), or point --db (OTKAZ_DB) elsewhere"),
    (("database is locked", "database table is locked", "busy", "lock timeout",
      "could not obtain lock"), "E308",
     "the database is locked by another process",
     "wait for the other otkaz command to finish and try again (setting busy_timeout "
     "says how long a write waits)"),
    (("unable to open database file",), "E302", "the database file cannot be opened",
     "check that the file and its folder exist and can be read and written"),
    (("connection refused", "connection failed", "could not connect", "could not translate",
      "timeout expired", "no route to host", "name or service not known",
      "server closed the connection", "terminating connection"), "E302",
     "the database server cannot be reached",
     "is PostgreSQL running there? check host, port, user and database in --db (OTKAZ_DB)"),
)


def store_error(e: BaseException, url: str, doing: str, code: str = "E300") -> StoreError:
    """A one-line StoreError for a database fault `e` met while `doing` (e.g. "write to").

        >>> store_error(sqlite3.OperationalError("database is locked"), "sqlite:///x.db",
        ...             "write to").code                               # doctest: +SKIP
        'E308'

    The message holds the driver's first line only when it is a known fault (so no
    SQL, no parameters, no stored text); otherwise just the kind of error.
    """
    original = getattr(e, "orig", None) or e
    first = str(original).strip().splitlines()[0] if str(original).strip() else ""
    low = first.lower()
    where = safe_url(url)
    for needles, fault_code, meaning, hint in _FAULTS:
        if any(n in low for n in needles):
            return StoreError(f"cannot {doing} {where}: {meaning} ({_clip(first)})", fault_code,
                              hint)
    return StoreError(f"cannot {doing} {where}: {type(original).__name__}", code,
                      "run the command again with --debug for the details")


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _configure_sqlite(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN below
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL; a crash loses nothing
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged migrations; env.py uses `connection` when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the database at `engine` to the newest schema; concurrent callers take turns.

    Raises StoreError when the database cannot be reached, was written by a
    newer otkaz (an unknown revision), or a migration fails.
    """
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    where = engine.url.render_as_string(hide_password=True)
    url = engine.url.render_as_string(hide_password=False)
    try:
        with engine.connect() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
            conn.rollback()
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
                command.upgrade(alembic_config(conn), "head")
    except exc.OperationalError as e:
        raise store_error(e, url, "open database", "E302") from e
    except exc.SQLAlchemyError as e:
        fault = store_error(e, url, "migrate database", "E303")
        if fault.code == "E303":  # an unknown fault: the driver's first line is still useful
            fault = StoreError(f"cannot migrate database {where}: {_first_line(e)}", "E303",
                               fault.hint)
        raise fault from e
    except Exception as e:  # alembic's own errors, e.g. an unknown revision
        if type(e).__module__.startswith("alembic"):
            raise StoreError(f"cannot migrate database {where}: {e} (was it written by a "
                             "newer otkaz?)", "E303") from e
        raise


def _first_line(e: exc.SQLAlchemyError) -> str:
    original = getattr(e, "orig", None) or e
    return str(original).strip().splitlines()[0] if str(original).strip() else type(e).__name__
