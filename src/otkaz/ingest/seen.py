"""Where each id of an input was first seen, in memory that stays flat however long it is.

    >>> seen = FirstSeen()
    >>> seen.first("a7", 2), seen.first("b1", 3), seen.first("a7", 9)
    (None, None, 2)

A reader checks every explicit id against the ones before it (E112) and names the line
that used it first. Up to `limit` ids live in a dict; past that they move to a private,
temporary SQLite database on disk (sqlite3's "" file: deleted when closed, its page
cache about 2 MB), so ten million ids cost the reader no more memory than 10,000.
"""

from __future__ import annotations

import sqlite3

IN_MEMORY = 10_000  # ids kept in a dict before they go to disk (about 1 MB)


class FirstSeen:
    """The first position of each key; `first()` records a new one."""

    def __init__(self, limit: int = IN_MEMORY) -> None:
        self.limit = limit
        self._recent: dict[str, int] = {}
        self._disk: sqlite3.Connection | None = None

    def first(self, key: str, where: int) -> int | None:
        """Where `key` was first seen, or None when it is new (then it is recorded at
        `where`)."""
        known = self._recent.get(key)
        if known is not None:
            return known
        if self._disk is not None:
            row = self._disk.execute("SELECT at FROM seen WHERE key = ?", (key,)).fetchone()
            if row is not None:
                return int(row[0])
        self._recent[key] = where
        if len(self._recent) >= self.limit:
            self._spill()
        return None

    def _spill(self) -> None:
        if self._disk is None:
            self._disk = sqlite3.connect("")  # a temporary database on disk, private to us
            self._disk.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, at INTEGER) "
                               "WITHOUT ROWID")
        with self._disk:
            self._disk.executemany("INSERT INTO seen VALUES (?, ?)", self._recent.items())
        self._recent.clear()

    def close(self) -> None:
        """Drop the temporary database (also done when the object is collected)."""
        if self._disk is not None:
            self._disk.close()
            self._disk = None
        self._recent.clear()
