"""The case helpers the linker calls: upsert, assign mentions, delete empty cases, filter."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from otkaz.models import Document, Incident, Report
from otkaz.store import Store
from otkaz.store.schema import case_overrides, cases


def _add_mentions(store: Store, n: int) -> list[int]:
    doc = Document(id="d", text="Soldiers refused. Others deserted. More refused.")
    store.add(doc, Report("d", [Incident(type="refusal", actor=f"a{i}", evidence=[(i, i + 1)])
                                for i in range(n)]), "v1")
    return [m.id for m in store.mentions()]


def test_upsert_creates_a_machine_case(store: Store) -> None:
    case_id = store.upsert_case("k1", {"actor": {"value": "12 soldiers"}},
                                {"type": "refusal", "count_low": 12, "count_high": 12,
                                 "when_start": "2023-03-01", "when_end": date(2023, 3, 31)})
    case = store.case(case_id)
    assert case is not None
    assert (case.key, case.status, case.version) == ("k1", "machine", 1)
    assert case.merged == {"actor": {"value": "12 soldiers"}}
    assert (case.type, case.count_low, case.count_high) == ("refusal", 12, 12)
    assert (case.when_start, case.when_end) == (date(2023, 3, 1), date(2023, 3, 31))
    assert (case.n_mentions, case.n_origins, case.force) == (0, 0, None)
    assert store.case_by_key("k1") == case


def test_upsert_bumps_the_version_only_on_change_and_keeps_the_status(store: Store) -> None:
    case_id = store.upsert_case("k1", {"n": 1}, {"type": "refusal"})
    with store.engine.begin() as conn:
        conn.execute(cases.update().values(status="confirmed"))

    assert store.upsert_case("k1", {"n": 1}, {"type": "refusal"}) == case_id
    unchanged = store.case(case_id)
    assert unchanged is not None and unchanged.version == 1

    store.upsert_case("k1", {"n": 2}, {"type": "refusal"})
    store.upsert_case("k1", {"n": 2}, {"type": "desertion"})
    changed = store.case(case_id)
    assert changed is not None
    assert (changed.version, changed.merged, changed.type) == (3, {"n": 2}, "desertion")
    assert changed.status == "confirmed"
    assert changed.updated_at >= changed.created_at


def test_upsert_cases_in_one_call_returns_every_id(store: Store) -> None:
    ids = store.upsert_cases([(f"k{i}", {"date": date(2023, 1, i + 1)}, {}) for i in range(3)])
    assert sorted(ids) == ["k0", "k1", "k2"] and len(set(ids.values())) == 3
    assert store.case(ids["k2"]).merged == {"date": "2023-01-03"}  # type: ignore[union-attr]


def test_upsert_refuses_unknown_columns(store: Store) -> None:
    with pytest.raises(ValueError, match="not case columns"):
        store.upsert_case("k", {}, {"colour": "red"})
    assert store.counts()["cases"] == 0


def test_mentions_are_assigned_and_unassigned(store: Store) -> None:
    m1, m2, m3 = _add_mentions(store, 3)
    a = store.upsert_case("a", {}, {})
    b = store.upsert_case("b", {}, {})

    store.set_mention_cases({m1: a, m2: a, m3: b})
    assert [m.id for m in store.mentions(case_id=a)] == [m1, m2]
    assert [m.incident.incident_id for m in store.mentions()] == ["a", "a", "b"]

    store.set_mention_cases({m2: None})
    assert [m.id for m in store.mentions(case_id=a)] == [m1]
    assert store.mentions()[1].case_id is None


def test_delete_cases_without_mentions_spares_reviewed_cases(store: Store) -> None:
    [m1] = _add_mentions(store, 1)
    linked = store.upsert_case("linked", {}, {})
    empty = store.upsert_case("empty", {}, {})
    confirmed = store.upsert_case("confirmed", {}, {})
    overridden = store.upsert_case("overridden", {}, {})
    store.set_mention_cases({m1: linked})
    with store.engine.begin() as conn:
        conn.execute(cases.update().where(cases.c.id == confirmed).values(status="confirmed"))
        conn.execute(insert(case_overrides).values(
            case_id=overridden, field="count", value={"low": 3, "high": 3}, user="ann",
            at=store.case(overridden).created_at))  # type: ignore[union-attr]

    assert store.delete_cases_without_mentions() == 1
    assert store.case(empty) is None
    assert {c.key for c in store.cases()} == {"linked", "confirmed", "overridden"}


def test_deleting_a_case_unlinks_its_mentions(store: Store) -> None:
    [m1] = _add_mentions(store, 1)
    case_id = store.upsert_case("gone", {}, {})
    store.set_mention_cases({m1: case_id})
    with store.engine.begin() as conn:
        conn.execute(cases.delete().where(cases.c.id == case_id))
    assert store.mentions()[0].case_id is None


@pytest.fixture
def three_cases(store: Store) -> Store:
    store.upsert_cases([
        ("march", {}, {"type": "refusal", "force": "army", "place": "Bakhmut",
                       "when_start": date(2023, 3, 1), "when_end": date(2023, 3, 31)}),
        ("may", {}, {"type": "desertion", "force": "army", "home": "Buryatia",
                     "when_start": date(2023, 5, 2), "when_end": date(2023, 5, 2)}),
        ("undated", {}, {"type": "refusal", "force": "rosgvardia", "place": "Ulan-Ude"}),
    ])
    return store


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["may", "march", "undated"]),
    ({"type": "refusal"}, ["march", "undated"]),
    ({"force": "rosgvardia"}, ["undated"]),
    ({"status": "machine"}, ["may", "march", "undated"]),
    ({"status": "confirmed"}, []),
    ({"place": "bakh"}, ["march"]),
    ({"place": "BURYAT"}, ["may"]),
    ({"since": date(2023, 3, 31)}, ["may", "march"]),
    ({"since": date(2023, 4, 1)}, ["may"]),
    ({"until": date(2023, 4, 1)}, ["march"]),
    ({"since": date(2023, 3, 15), "until": date(2023, 3, 16)}, ["march"]),
    ({"limit": 1, "offset": 1}, ["march"]),
])
def test_case_filters(three_cases: Store, filters: dict[str, object],
                      expected: list[str]) -> None:
    assert [c.key for c in three_cases.cases(**filters)] == expected  # type: ignore[arg-type]


def _three_cases(store: Store) -> dict[str, int]:
    """Cases of confidence 0.2, 0.7 and None (dated so that the date order differs)."""
    return store.upsert_cases([
        ("low", {}, {"confidence": 0.2, "when_start": "2023-05-01", "when_end": "2023-05-01"}),
        ("high", {}, {"confidence": 0.7, "when_start": "2022-05-01", "when_end": "2022-05-01"}),
        ("none", {}, {"confidence": None, "when_start": "2024-05-01",
                      "when_end": "2024-05-01"})])


def test_cases_filter_and_sort_by_confidence_with_nulls_last(store: Store) -> None:
    ids = _three_cases(store)
    assert store.case(ids["high"]).confidence == 0.7  # type: ignore[union-attr]

    def keys(**kwargs: object) -> list[str]:
        return [c.key for c in store.cases(**kwargs)]  # type: ignore[arg-type]

    assert keys(min_confidence=0.5) == ["high"]
    assert keys(min_confidence=0.2) == ["low", "high"]  # inclusive; newest first
    assert keys(min_confidence=0.0) == ["low", "high"]  # an unknown confidence never passes
    assert keys(min_confidence=0.71) == []
    assert keys(sort="confidence") == ["high", "low", "none"]
    assert keys(sort="confidence", order="asc") == ["low", "high", "none"]
    assert keys(sort="confidence", min_confidence=0.1, limit=1) == ["high"]
    assert keys() == ["none", "low", "high"]  # by date, newest first, as before
    assert keys(order="asc") == ["high", "low", "none"]
    with pytest.raises(ValueError, match="sort must be one of when, confidence"):
        store.cases(sort="count")
    with pytest.raises(ValueError, match="order must be asc or desc"):
        store.cases(order="up")


def test_a_mention_carries_its_case_confidence(store: Store) -> None:
    m1, m2 = _add_mentions(store, 2)
    ids = _three_cases(store)
    store.set_mention_cases({m1: ids["high"]})
    found = {m.id: m.case_confidence for m in store.mentions()}
    assert found == {m1: 0.7, m2: None}
