"""The store's data version, read once per request on connections kept for it.

    >>> versions = VersionReader(engine)            # doctest: +SKIP
    >>> versions.read()                             # doctest: +SKIP
    (1204, '2024-05-01 10:00:00+00:00', 3311, 87)
    >>> versions.close()                            # doctest: +SKIP

Every remembered answer (the case list, the map, the stats) is keyed by
search.data_version(), so each request reads it. On PostgreSQL a pooled
connection makes that three round trips (BEGIN, the query, ROLLBACK when it goes
back to the pool) and about 0.35 ms of CPU; a connection kept in autocommit for
this one query makes it one round trip and 0.07 ms. The version is exact: read
at every request, as before, never remembered for a while.

Other databases (SQLite: 0.03 ms, in the process) read it on a pooled
connection, as search.data_version() always did.
"""

from __future__ import annotations

import queue
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.pool import PoolProxiedConnection

from otkaz.web import search


class VersionReader:
    """search.data_version() of the store behind `engine`, on kept autocommit connections
    (one per thread that reads at once; PostgreSQL only)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.kept = engine.dialect.name == "postgresql"
        self._idle: queue.SimpleQueue[PoolProxiedConnection] = queue.SimpleQueue()
        # closed with the store's pool (Store.close disposes the engine), as its own are
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def read(self) -> tuple[int, str, int, int]:
        """The data version now (see search.data_version)."""
        if not self.kept:
            with self.engine.connect() as conn:
                return search.data_version(conn)
        try:
            return self._read(self._idle.get_nowait())
        except queue.Empty:
            return self._read(self._connect())
        except Exception:  # noqa: BLE001 - a kept connection went stale (a server restart)
            return self._read(self._connect())  # a fresh one; its error, if any, is the answer

    def _read(self, conn: PoolProxiedConnection) -> tuple[int, str, int, int]:
        try:
            cursor = conn.cursor()
            cursor.execute(search.VERSION_SQL)
            row: Any = cursor.fetchone()
            cursor.close()
        except Exception:
            conn.close()
            raise
        self._idle.put(conn)
        return search.version_of(row)

    def _connect(self) -> PoolProxiedConnection:
        conn = self.engine.raw_connection()
        conn.detach()  # ours from now on: closing it closes the database connection
        assert conn.dbapi_connection is not None  # just connected
        self.engine.dialect.set_isolation_level(conn.dbapi_connection, "AUTOCOMMIT")
        return conn

    def close(self) -> None:
        """Close the kept connections (when the app stops or the engine is disposed)."""
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
