"""Metadata-only and review-table reads (document_meta, case_overrides, mention_overrides),
and the write counter every Store write bumps."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import insert, select

from otkaz.models import Document, Report
from otkaz.store import Store
from otkaz.store.schema import case_overrides, mention_overrides, store_state


def _add(store: Store, n: int, published: date | None) -> None:
    doc = Document(f"src-{n}", f"Article number {n} says nothing much.", published,
                   f"https://example.org/{n}", f"Outlet {n}", f"Title {n}")
    store.add(doc, Report(doc.id, []), "v1")


def _writes(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(store_state.c.data_version)).scalar_one())


def test_document_meta_reads_everything_but_the_text(store: Store) -> None:
    _add(store, 2, date(2023, 5, 1))
    _add(store, 1, None)
    metas = store.document_meta()
    assert [(m.source_id, m.published, m.outlet, m.url, m.title) for m in metas] == [
        ("src-2", date(2023, 5, 1), "Outlet 2", "https://example.org/2", "Title 2"),
        ("src-1", None, "Outlet 1", "https://example.org/1", "Title 1")]
    full = {d.id: d.sha256 for d in store.documents()}
    assert {m.id: m.sha256 for m in metas} == full
    assert not hasattr(metas[0], "text")


def test_override_readers_return_the_review_rows_in_order(store: Store) -> None:
    first = store.upsert_case("k1", {}, {})
    second = store.upsert_case("k2", {}, {})
    early, late = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)
    with store.engine.begin() as conn:
        conn.execute(insert(case_overrides), [
            {"case_id": first, "field": "type", "value": "desertion", "span": None,
             "user": "anna", "at": late},
            {"case_id": second, "field": "count", "value": {"low": 3, "high": 3},
             "span": [4, 9], "user": "boris", "at": early}])
        conn.execute(insert(mention_overrides), [
            {"mention_key": "m1", "field": "case_key", "value": "k2", "user": "anna",
             "at": early},
            {"mention_key": "m2", "field": "status", "value": "rejected", "user": "anna",
             "at": late}])
    fixes = store.case_overrides()
    assert [(f.case_id, f.field, f.value, f.span, f.user) for f in fixes] == [
        (second, "count", {"low": 3, "high": 3}, [4, 9], "boris"),
        (first, "type", "desertion", None, "anna")]
    assert [(o.mention_key, o.value) for o in store.mention_overrides("case_key")] == [
        ("m1", "k2")]
    assert [o.field for o in store.mention_overrides()] == ["case_key", "status"]


def test_every_store_write_bumps_the_counter(store: Store) -> None:
    before = _writes(store)
    store.upsert_case("gone", {}, {})
    after_upsert = _writes(store)
    assert after_upsert > before
    assert store.delete_cases_without_mentions() == 1
    assert _writes(store) > after_upsert
