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

from otkaz.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10
# An arbitrary bigint: holders of this advisory lock run migrations one at a time.
PG_MIGRATION_LOCK = 0x6F746B617A
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
    kwargs: dict[str, Any] = {"json_serializer": dump_json}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
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


def _configure_sqlite(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN below
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL; a crash loses nothing
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
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
        raise StoreError(f"cannot open database {where}: {_first_line(e)}", "E302") from e
    except exc.SQLAlchemyError as e:
        raise StoreError(f"cannot migrate database {where}: {_first_line(e)}", "E303") from e
    except Exception as e:  # alembic's own errors, e.g. an unknown revision
        if type(e).__module__.startswith("alembic"):
            raise StoreError(f"cannot migrate database {where}: {e} (was it written by a "
                             "newer otkaz?)", "E303") from e
        raise


def _first_line(e: exc.SQLAlchemyError) -> str:
    original = getattr(e, "orig", None) or e
    return str(original).strip().splitlines()[0] if str(original).strip() else type(e).__name__
