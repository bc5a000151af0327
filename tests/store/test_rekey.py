"""Reviewers' decisions follow a mention whose key a newer extractor moved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, select

from otkaz.models import Document, Incident, Report
from otkaz.store import Store
from otkaz.store.rekey import MentionSpan, overlap, successors
from otkaz.store.schema import mention_overrides, review_log

R, D = "refusal", "desertion"


@pytest.mark.parametrize(("old", "new", "expected"), [
    # the same mention read from an earlier clause: continued
    ([("a:10", R, [(10, 40)])], [("a:4", R, [(4, 40)])], {"a:10": "a:4"}),
    # a key that is still there continues itself; nothing moves
    ([("a:10", R, [(10, 40)])], [("a:10", R, [(10, 50)])], {}),
    # another type is another mention
    ([("a:10", R, [(10, 40)])], [("a:4", D, [(4, 40)])], {}),
    # no shared characters: not the same mention
    ([("a:10", R, [(10, 40)])], [("a:50", R, [(50, 90)])], {}),
    # two candidates: the larger overlap wins, and each new key continues one old key only
    ([("a:10", R, [(10, 40)]), ("a:12", R, [(12, 20)])],
     [("a:5", R, [(5, 15)]), ("a:8", R, [(8, 41)])], {"a:10": "a:8", "a:12": "a:5"}),
    # folded evidence in two places counts both
    ([("a:0", R, [(0, 10), (100, 140)])], [("a:2", R, [(2, 8)]), ("a:3", R, [(90, 150)])],
     {"a:0": "a:3"}),
    # a new key that some old mention still holds is not free
    ([("a:10", R, [(10, 40)]), ("a:4", R, [(4, 9)])], [("a:4", R, [(4, 40)])], {}),
])
def test_successors(old: list[tuple[str, str, list[tuple[int, int]]]],
                    new: list[tuple[str, str, list[tuple[int, int]]]],
                    expected: dict[str, str]) -> None:
    assert successors([MentionSpan(*m) for m in old], [MentionSpan(*m) for m in new]) == expected


spans = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)).map(
    lambda t: (t[0], t[0] + t[1])), max_size=3)
mentions = st.lists(st.tuples(st.integers(0, 40), st.sampled_from([R, D]), spans),
                    max_size=6, unique_by=lambda m: m[0]).map(
    lambda ms: [MentionSpan(f"k{k}", t, e) for k, t, e in ms])


@given(old=mentions, new=mentions)
def test_successors_are_one_to_one_and_overlapping(old: list[MentionSpan],
                                                   new: list[MentionSpan]) -> None:
    found = successors(old, new)
    by_key = {m.key: m for m in old} | {f"new-{m.key}": m for m in new}
    assert len(set(found.values())) == len(found)
    new_keys, old_keys = {m.key for m in new}, {m.key for m in old}
    for old_key, new_key in found.items():
        assert old_key not in new_keys and new_key not in old_keys
        a, b = by_key[old_key], by_key[f"new-{new_key}"]
        assert a.type == b.type and overlap(a.evidence, b.evidence) > 0


TEXT = "Kursk, May 3. Nine sappers of the 11th brigade refused to go back to the front."


def _pin(store: Store, key: str, field: str, value: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(insert(mention_overrides).values(
            mention_key=key, field=field, value=value, user="anna", at=datetime.now(UTC)))


def test_decisions_follow_a_moved_mention(store: Store) -> None:
    doc = Document(id="d1", text=TEXT)
    store.add(doc, Report(doc.id, [Incident(R, "Nine sappers", evidence=[(14, 80)])]), "v1")
    [before] = store.mentions()
    case_id = store.upsert_case("case-sappers", {}, {})
    store.set_mention_cases({before.id: case_id})
    _pin(store, before.mention_key, "case_key", "case-sappers")

    # the newer extractor reads the dateline too: same mention, new evidence start, new key
    store.add(doc, Report(doc.id, [Incident(R, "Nine sappers", evidence=[(0, 80)])]), "v2")

    [after] = store.mentions()
    assert after.mention_key != before.mention_key
    assert after.case_id == case_id
    assert [(o.mention_key, o.value) for o in store.mention_overrides("case_key")] == [
        (after.mention_key, "case-sappers")]
    with store.engine.connect() as conn:
        [entry] = conn.execute(select(review_log).where(review_log.c.action == "rekey")).all()
    assert (entry.user, entry.before, entry.after) == ("otkaz", before.mention_key,
                                                       after.mention_key)
    assert "v2" in entry.note and "case_key" in entry.note


def test_a_decision_already_on_the_new_key_is_kept(store: Store) -> None:
    doc = Document(id="d1", text=TEXT)
    store.add(doc, Report(doc.id, [Incident(R, "Nine sappers", evidence=[(14, 80)])]), "v1")
    [before] = store.mentions()
    new_key = before.mention_key.replace(":14:", ":0:")
    _pin(store, before.mention_key, "case_key", "case-old")
    _pin(store, new_key, "case_key", "case-new")

    store.add(doc, Report(doc.id, [Incident(R, "Nine sappers", evidence=[(0, 80)])]), "v2")

    assert sorted((o.mention_key, o.value) for o in store.mention_overrides("case_key")) == \
        sorted([(before.mention_key, "case-old"), (new_key, "case-new")])
