"""What the watcher keeps in the store: each source's poll state, and feed items seen.

    >>> states = sync_sources(store, [WatchSource("https://x.org/rss", 1800)], now)
    >>> states[0].due(now), states[0].failures                   # doctest: +SKIP
    (True, 0)

Tables `watch_sources` and `watch_items` (store.schema, migration 0007). They are
the watcher's own bookkeeping, not case data, so writing them does not bump the
store's data version (the dashboard's caches stay warm).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update

from otkaz.store import Store
from otkaz.store.engine import WRITE_OPTION
from otkaz.store.rows import aware
from otkaz.store.schema import watch_items, watch_sources
from otkaz.watch.sources import WatchSource

OUTCOMES = ("stored", "unchanged", "skipped")  # what became of a feed item


@dataclass(frozen=True)
class SourceState:
    """One watched source as stored (a `watch_sources` row)."""

    id: int
    url: str
    interval: int  # seconds
    last_fetch: datetime | None
    last_success: datetime | None
    etag: str | None
    last_modified: str | None
    failures: int
    last_error: str | None
    next_due: datetime | None
    items_seen: int
    documents: int

    def due(self, now: datetime) -> bool:
        """Whether a poll is due at `now` (a source never polled is due at once)."""
        return self.next_due is None or self.next_due <= now


def _when(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def _state(row: Any) -> SourceState:
    return SourceState(
        id=row.id, url=row.url, interval=row.interval_s, last_fetch=_when(row.last_fetch),
        last_success=_when(row.last_success), etag=row.etag, last_modified=row.last_modified,
        failures=row.failures, last_error=row.last_error, next_due=_when(row.next_due),
        items_seen=row.items_seen, documents=row.documents)


@contextmanager
def _write(store: Store) -> Iterator[Connection]:
    store.check_file()
    with store.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def sync_sources(store: Store, sources: Sequence[WatchSource], now: datetime
                 ) -> list[SourceState]:
    """The stored state of each of `sources`, in their order; new URLs get a row (due now).

    An interval changed in the file is taken, and a source in good health is then due
    one new interval after its last poll (one backing off keeps its backoff).
    """
    with _write(store) as conn:
        rows = {r.url: r for r in conn.execute(
            select(watch_sources).where(watch_sources.c.url.in_([s.url for s in sources])))}
        for source in sources:
            row = rows.get(source.url)
            if row is None:
                conn.execute(insert(watch_sources).values(url=source.url,
                                                          interval_s=source.interval))
            elif row.interval_s != source.interval:
                values: dict[str, Any] = {"interval_s": source.interval}
                if row.last_fetch is not None and row.failures == 0:
                    values["next_due"] = aware(row.last_fetch) + timedelta(
                        seconds=source.interval)
                conn.execute(update(watch_sources).where(watch_sources.c.id == row.id)
                             .values(values))
        found = {r.url: _state(r) for r in conn.execute(
            select(watch_sources).where(watch_sources.c.url.in_([s.url for s in sources])))}
    return [found[s.url] for s in sources]


def all_sources(store: Store) -> list[SourceState]:
    """Every source ever watched in this store, by URL (what `otkaz watch status` lists)."""
    with store.engine.connect() as conn:
        return [_state(r) for r in conn.execute(
            select(watch_sources).order_by(watch_sources.c.url))]


def source_state(store: Store, source_id: int) -> SourceState:
    with store.engine.connect() as conn:
        return _state(conn.execute(
            select(watch_sources).where(watch_sources.c.id == source_id)).one())


def save_source(store: Store, source_id: int, **values: Any) -> None:
    """Update columns of one source (names as in `watch_sources`)."""
    with _write(store) as conn:
        conn.execute(update(watch_sources).where(watch_sources.c.id == source_id)
                     .values(values))


def seen(store: Store, url: str) -> bool:
    """Whether feed item `url` was handled before (from any source)."""
    with store.engine.connect() as conn:
        return conn.execute(select(watch_items.c.id).where(watch_items.c.url == url)
                            ).first() is not None


def record_item(store: Store, source_id: int, url: str, outcome: str, now: datetime, *,
                sha256: str | None = None, reason: str | None = None,
                stored: bool = False) -> None:
    """Remember feed item `url` as handled, and count it (and its document) for its source."""
    assert outcome in OUTCOMES, outcome
    with _write(store) as conn:
        if conn.execute(select(watch_items.c.id).where(watch_items.c.url == url)).first():
            return  # another watcher got there first: counted once
        conn.execute(insert(watch_items).values(url=url, source_id=source_id, seen_at=now,
                                                outcome=outcome, reason=reason, sha256=sha256))
        conn.execute(update(watch_sources).where(watch_sources.c.id == source_id).values(
            items_seen=watch_sources.c.items_seen + 1,
            documents=watch_sources.c.documents + int(stored)))


def count_document(store: Store, source_id: int) -> None:
    """Count a document stored from a page source (pages have no item rows)."""
    with _write(store) as conn:
        conn.execute(update(watch_sources).where(watch_sources.c.id == source_id).values(
            documents=watch_sources.c.documents + 1))
