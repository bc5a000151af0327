"""Fixtures shared by the whole suite.

`db_url` runs a test once on SQLite (a fresh file) and once on PostgreSQL.
PostgreSQL comes from OTKAZ_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test).
When no server answers, those runs skip with the reason, unless OTKAZ_REQUIRE_PG=1
(set by .ci/run), in which case they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("OTKAZ_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg
    except ImportError as e:  # pragma: no cover
        return f"psycopg is not installed ({e})"
    try:
        with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"),
                             connect_timeout=3):
            return None
    except Exception as e:  # noqa: BLE001 - any failure means "no server"
        return f"no PostgreSQL at {PG_URL}: {e}"


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    reason = _pg_available()
    if reason:
        if os.environ.get("OTKAZ_REQUIRE_PG") == "1":
            pytest.fail(f"OTKAZ_REQUIRE_PG=1 but {reason}")
        pytest.skip(reason)
    return PG_URL


@pytest.fixture
def pg_url(pg_base_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    plain = pg_base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in pg_base_url else "?"
    yield f"{pg_base_url}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def pg_database_copies(pg_base_url: str) -> Callable[[str | None], AbstractContextManager[str]]:
    """New PostgreSQL databases: `with copy(template) as url:` a copy of `template` (None: an
    empty database), dropped when the block ends.

    CREATE DATABASE ... TEMPLATE copies a migrated and filled store in about 0.15 s,
    where migrating and filling it again takes 1.5 s or more; the copy is dropped after.
    """
    from sqlalchemy.engine import make_url

    base = make_url(pg_base_url)
    plain = pg_base_url.replace("postgresql+psycopg://", "postgresql://")

    def admin(sql: str) -> None:
        import psycopg

        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(sql)

    @contextmanager
    def copy(template: str | None) -> Iterator[str]:
        name = "otkaz_t_" + uuid.uuid4().hex[:12]
        admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return copy


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes() -> Iterator[None]:
    """argon2-cffi's cheapest parameters for the passwords tests make and check.

    The shipped defaults cost 0.3 s of CPU a hash or check here, and the web tests sign in
    hundreds of times; what a hash looks like and what it accepts are the same.
    """
    from argon2 import PasswordHasher, profiles

    from otkaz.web import auth

    kept = auth._hasher
    auth._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    yield
    auth._hasher = kept


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'otkaz.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


# Counters the reliability suite (tests/test_reliability.py) adds to: inputs tried, faults
# injected, documents lost; printed at the end of the run, and quoted in the README.
_RELIABILITY: dict[str, int] = {}


@pytest.fixture(scope="session")
def reliability_counts() -> dict[str, int]:
    return _RELIABILITY


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _RELIABILITY:
        terminalreporter.write_line(
            "reliability: " + ", ".join(f"{v} {k}" for k, v in sorted(_RELIABILITY.items())))
