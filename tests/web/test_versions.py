"""The data version read on kept connections is search.data_version(), and follows writes."""

from __future__ import annotations

from otkaz.store import open_store
from otkaz.web import search
from otkaz.web.versions import VersionReader


def _by_pool(store_url: str) -> tuple[int, str, int, int]:
    with open_store(store_url) as s, s.engine.connect() as conn:
        return search.data_version(conn)


def test_the_kept_connection_reads_what_a_pooled_one_reads(db_url: str) -> None:
    with open_store(db_url) as store:
        versions = VersionReader(store.engine)
        first = versions.read()
        assert first == _by_pool(db_url)
        store.upsert_case("new", {}, {})
        second = versions.read()  # the same kept connection: autocommit sees the write
        assert second != first and second == _by_pool(db_url)
        versions.close()


def test_a_kept_connection_that_broke_is_replaced(db_url: str) -> None:
    with open_store(db_url) as store:
        versions = VersionReader(store.engine)
        expected = versions.read()
        if versions.kept:
            kept = versions._idle.get_nowait()
            kept.dbapi_connection.close()  # type: ignore[union-attr] # as a server restart would
            versions._idle.put(kept)
        assert versions.read() == expected
        versions.close()
        if versions.kept:
            assert versions._idle.empty()


def test_closing_the_store_closes_the_kept_connections(db_url: str) -> None:
    store = open_store(db_url)
    versions = VersionReader(store.engine)
    versions.read()
    store.close()
    assert versions._idle.empty()
