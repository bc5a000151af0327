"""FirstSeen names where an id was first used, in memory or, past its limit, on disk."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from otkaz.ingest.seen import FirstSeen


def test_a_new_id_is_recorded_and_a_repeat_names_its_first_place() -> None:
    seen = FirstSeen()
    assert [seen.first(k, i) for i, k in enumerate(["a", "b", "a", "c", "b"], 1)] == [
        None, None, 1, None, 2]


def test_ids_past_the_limit_live_on_disk_and_are_still_found() -> None:
    seen = FirstSeen(limit=3)
    for i in range(10):
        assert seen.first(f"id-{i}", i) is None
    assert len(seen._recent) < 3  # the rest were moved to the temporary database
    assert [seen.first(f"id-{i}", 100 + i) for i in (0, 4, 9)] == [0, 4, 9]
    seen.close()


@given(st.lists(st.text(max_size=4), max_size=60), st.integers(1, 8))
def test_the_same_answers_as_a_dict_at_any_limit(keys: list[str], limit: int) -> None:
    seen = FirstSeen(limit=limit)
    first: dict[str, int] = {}
    for where, key in enumerate(keys):
        assert seen.first(key, where) == first.get(key)
        first.setdefault(key, where)
    seen.close()
