"""Incremental linking gives the cases a full relink gives (hypothesis), and its store side.

Mentions are invented: few homes, places, days and counts, so that random ones link,
chain and veto each other often; some have no place at all (probes).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from otkaz.link import features, relink
from otkaz.link.incremental import BLOCKS_VERSION, MAX_COMPONENT, link_new, mention_blocks
from otkaz.models import DateRange, Document, Incident, Range, Report
from otkaz.store import Store, open_store
from otkaz.web import review

HOMES = ("Tomsk", "Tomsk region", "Omsk", "Kursk")
PLACES = ("Bakhmut", "Soledar", "Avdiivka", None, None)
FORCES = ("army", "army", "rosgvardia", None)
COUNTS = (None, 1, 3, 12, 12, 40)
DAY0 = date(2023, 3, 1)


@pytest.fixture(autouse=True, scope="module")
def _no_gazetteer() -> Iterator[None]:
    """Invented-looking places compare by name only: fast, and the same on every machine."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(features, "resolve", lambda _text: None)
        yield


mention_specs = st.fixed_dictionaries({
    "home": st.sampled_from((*HOMES, None)),
    "place": st.sampled_from(PLACES),
    "force": st.sampled_from(FORCES),
    "count": st.sampled_from(COUNTS),
    "day": st.integers(0, 70),
    "dated": st.booleans(),
    "published": st.integers(1, 30),
    "unit": st.sampled_from((None, None, None, "155th brigade", "64th brigade")),
})


def _document(n: int, spec: dict[str, Any]) -> tuple[Document, Report]:
    day = DAY0 + timedelta(days=spec["day"])
    count = spec["count"]
    inc = Incident(
        type="refusal", actor=f"{count or 'some'} soldiers", force=spec["force"],
        count=Range(count, count) if count else None, home=spec["home"], place=spec["place"],
        unit=spec["unit"], when=DateRange(day, day) if spec["dated"] else None,
        evidence=[(0, 6)])
    text = f"report {n:04d}: soldiers refused"
    doc = Document(id=f"d{n}", text=text, published=day + timedelta(days=spec["published"]),
                   outlet=f"Outlet {n % 3}")
    return doc, Report(doc.id, [inc])


def _add(store: Store, start: int, specs: list[dict[str, Any]]) -> None:
    for n, spec in enumerate(specs, start):
        doc, report = _document(n, spec)
        store.add(doc, report, "v1")


def _cases(store: Store) -> dict[str, tuple[str, ...]]:
    """Case key -> its mention keys: the partition and the keys, as readers see them."""
    out: dict[str, list[str]] = {}
    for m in store.mentions():
        out.setdefault(m.incident.incident_id or "-", []).append(m.mention_key)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _parts(store: Store) -> list[list[str]]:
    """The cases as sorted lists of their documents' source ids ("d0", "d1", ...)."""
    docs: dict[int, list[str]] = {}
    for m in store.mentions():
        stored = store.document(m.document_id)
        docs.setdefault(m.case_id or 0, []).append(stored.document.id if stored else "?")
    return sorted(sorted(v) for v in docs.values())


def _records(store: Store) -> dict[str, Any]:
    """Each case's status and columns (its merged record names mentions by row id, which
    differ between stores filled in different orders)."""
    return {c.key: (c.status, c.n_mentions, c.n_origins, c.count_low, c.count_high,
                    c.when_start, c.when_end, c.home, c.place, c.confidence)
            for c in store.cases()}


def _review(store: Store, action: str, pick: int) -> None:
    """A reviewer's act on a case chosen by `pick`: confirm, split a mention out, or merge."""
    live = sorted((c for c in store.cases() if c.status != "merged"), key=lambda c: c.key)
    if not live:
        return
    case = live[pick % len(live)]
    if action == "confirm":
        review.set_status(store.engine, case.id, case.version, "ann", "confirmed")
    elif action == "split" and case.n_mentions >= 2:
        mention = sorted(store.mentions(case_id=case.id), key=lambda m: m.mention_key)[-1]
        review.split_mention(store.engine, case.id, case.version, mention.id, "ann")
    elif action == "merge" and len(live) >= 2:
        other = live[(pick + 1) % len(live)]
        review.merge_cases(store.engine, case.id, case.version, other.id, "ann")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(mention_specs, min_size=2, max_size=45),
       cuts=st.lists(st.integers(1, 44), max_size=3), order=st.randoms(use_true_random=False))
def test_incremental_after_each_batch_equals_one_full_relink(
        specs: list[dict[str, Any]], cuts: list[int], order: Any) -> None:
    order.shuffle(specs)
    bounds = sorted({0, len(specs), *(c for c in cuts if c < len(specs))})
    with open_store("sqlite://") as inc, open_store("sqlite://") as full:
        for lo, hi in zip(bounds, bounds[1:], strict=False):
            _add(inc, lo, specs[lo:hi])
            summary = link_new(inc)
            assert inc.pending_links() == 0
            if lo:  # the first link builds the block index with a full relink
                assert summary.incremental and summary.mentions <= len(specs)
        for n in reversed(range(len(specs))):  # the other order, and all at once
            _add(full, n, specs[n:n + 1])
        relink(full)
        assert _cases(inc) == _cases(full)
        assert _records(inc) == _records(full)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(mention_specs, min_size=3, max_size=25),
       later=st.lists(mention_specs, min_size=1, max_size=25),
       action=st.sampled_from(("confirm", "split", "merge")), pick=st.integers(0, 50))
def test_incremental_equals_full_with_a_reviewer_decision_in_the_mix(
        first: list[dict[str, Any]], later: list[dict[str, Any]], action: str,
        pick: int) -> None:
    """The same history (batch, review act, batch) linked incrementally and fully."""
    stores = [open_store("sqlite://"), open_store("sqlite://")]
    try:
        for store, link in zip(stores, (link_new, relink), strict=True):
            _add(store, 0, first)
            link(store)
            _review(store, action, pick)
            _add(store, len(first), later)
            link(store)
        inc, full = stores
        assert _cases(inc) == _cases(full)
        assert {c.key: c.merged for c in inc.cases()} == {c.key: c.merged for c in full.cases()}
        assert relink(full).moved == 0  # the full result is a fixed point
    finally:
        for store in stores:
            store.close()


def _damage_labels(store: Store, how: str) -> None:
    """Labels a store may hold: none (mentions linked before the table), or one label
    over several components (a deleted mention's component is not split at once)."""
    from sqlalchemy import delete, update

    from otkaz.store.schema import link_components

    with store.engine.begin() as conn:
        if how == "drop":
            conn.execute(delete(link_components))
        elif how == "drop-some":  # every other mention
            conn.execute(delete(link_components).where(link_components.c.mention_id % 2 == 0))
        elif how == "merge":
            conn.execute(update(link_components).values(component=1))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(mention_specs, min_size=3, max_size=30),
       later=st.lists(mention_specs, min_size=1, max_size=15),
       how=st.sampled_from(("drop", "merge", "drop-some")))
def test_missing_or_coarse_labels_cost_work_not_results(
        first: list[dict[str, Any]], later: list[dict[str, Any]], how: str) -> None:
    with open_store("sqlite://") as inc, open_store("sqlite://") as full:
        _add(inc, 0, first)
        link_new(inc)
        _damage_labels(inc, how)
        _add(inc, len(first), later)
        summary = link_new(inc)
        assert summary.incremental
        if how == "merge":  # one label: reach one old mention and all come again
            assert summary.mentions in (len(later), len(first) + len(later))
        _add(full, 0, first + later)
        relink(full)
        assert _cases(inc) == _cases(full)
        assert _records(inc) == _records(full)


def test_a_link_labels_each_component_by_its_smallest_id(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        _add(store, 0, [_spec(), _spec(published=5), _spec(home="Kursk", day=40)])
        link_new(store)
        tomsk_a, tomsk_b, kursk = sorted(store.mentions(), key=lambda m: m.id)
        assert tomsk_a.case_id == tomsk_b.case_id != kursk.case_id
        assert store.mention_components([m.id for m in (tomsk_a, tomsk_b, kursk)]) == {
            tomsk_a.id: tomsk_a.id, tomsk_b.id: tomsk_a.id, kursk.id: kursk.id}
        _add(store, 3, [_spec(published=9)])  # joins the Tomsk component
        assert link_new(store).mentions == 3
        [new] = [m for m in store.mentions() if m.id not in (tomsk_a.id, tomsk_b.id, kursk.id)]
        assert store.mention_ids_of_components([tomsk_a.id]) == {tomsk_a.id, tomsk_b.id, new.id}


def test_a_new_mention_relinks_its_whole_component(sqlite_url: str) -> None:
    """a~b~c is one component in two cases ({a, b}, {c}: a and c disagree on the count).
    A new report that links a more strongly than b, and cannot be b's (dated after b was
    published), takes a; then b goes with c. It links only a, and c is in another case
    than a: only c's component label brings c into the link."""
    unit = {"unit": "155th brigade", "home": "Tomsk"}
    a = _spec(count=40, day=7, published=-6, **unit)
    b = _spec(count=None, day=0, dated=False, published=2, **unit)
    c = _spec(count=60, day=7, published=-4, **unit)
    new = _spec(count=40, day=11, published=9, **unit)
    with open_store(sqlite_url) as store, open_store("sqlite://") as full:
        _add(store, 0, [a, b, c])
        link_new(store)
        assert _parts(store) == [["d0", "d1"], ["d2"]]
        _add(store, 3, [new])
        assert link_new(store).mentions == 4
        _add(full, 0, [a, b, c, new])
        relink(full)
        assert _cases(store) == _cases(full)
        assert _parts(store) == [["d0", "d3"], ["d1", "d2"]]


def test_block_ids_lead_with_their_month() -> None:
    from otkaz.link.incremental import PERIOD_SHIFT, block_hash, block_period

    assert block_period(("place", "tomsk", "2022-11")) == 2022 * 12 + 10
    assert block_period(("force", "military", "2023-01", "3")) == 2023 * 12  # the month
    assert block_period(("longtime", "unit", "1425", "regiment", "2022")) == 2022 * 12
    assert block_period(("place", "tomsk", "undated")) == 0
    november = block_hash("m", ("place", "tomsk", "2022-11"))
    assert november >> PERIOD_SHIFT == 2022 * 12 + 10
    assert november < block_hash("m", ("place", "omsk", "2022-12")) < 2 ** 63
    assert 0 <= block_hash("p", ("place", "x", "9999-12")) < 2 ** 63  # a year past any period


# ---------------------------------------------------------------- the store side


def _spec(**values: Any) -> dict[str, Any]:
    base = {"home": "Tomsk", "place": None, "force": "army", "count": 12, "day": 5,
            "dated": True, "published": 3, "unit": None}
    return base | values


def test_only_the_reached_mentions_are_linked_again(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        _add(store, 0, [_spec(), _spec(home="Kursk", day=40), _spec(home="Omsk", count=3)])
        assert link_new(store).incremental is False  # the first link builds the index
        assert store.link_state().blocks_version == BLOCKS_VERSION
        _add(store, 3, [_spec(published=9)])  # a second report of the Tomsk case
        summary = link_new(store)
        assert summary.incremental and summary.mentions == 2  # the new one and its partner
        assert sorted(len(v) for v in _cases(store).values()) == [1, 1, 2]
        assert link_new(store).mentions == 0  # nothing waits


def test_store_finds_mentions_by_block_case_and_key(db_url: str) -> None:
    with open_store(db_url) as store:
        _add(store, 0, [_spec(), _spec(home="Kursk", force="rosgvardia", day=40)])
        relink(store)
        tomsk, kursk = sorted(store.mentions(), key=lambda m: m.document_id)
        rows = store.mention_blocks(tomsk.id)
        assert rows and store.block_neighbours(rows) == {tomsk.id}
        assert store.block_neighbours(rows | store.mention_blocks(kursk.id)) == {
            tomsk.id, kursk.id}
        assert store.mention_ids_of_cases([tomsk.case_id or 0]) == {tomsk.id}
        assert store.mention_ids_by_keys([kursk.mention_key, "nope"]) == {kursk.id}
        [found] = store.link_mentions_by_ids([kursk.id])
        assert (found.mention.mention_key, found.published) == (kursk.mention_key,
                                                                date(2023, 4, 13))
        assert set(store.cases_by_keys([tomsk.incident.incident_id or ""])) == {
            tomsk.incident.incident_id}
        assert store.pending_mention_ids() == []


def test_block_rows_are_replaced_and_follow_a_deleted_mention(db_url: str) -> None:
    with open_store(db_url) as store:
        _add(store, 0, [_spec()])
        [m] = store.mentions()
        store.write_blocks({m.id: [1, 2, 3]})
        store.write_blocks({m.id: [3, 4], 999_999: [5]})  # an unknown mention is skipped
        assert store.mention_blocks(m.id) == {3, 4}
        assert store.block_neighbours([4, 5]) == {m.id}
        doc, report = _document(0, _spec(count=40))  # same text, another extraction
        store.add(doc, report, "v2")  # replaces the mention: its rows go with it
        assert store.block_neighbours([3, 4]) == set()


def test_store_reads_block_members_and_component_labels(db_url: str) -> None:
    with open_store(db_url) as store:
        _add(store, 0, [_spec(), _spec(home="Kursk")])
        a, b = sorted(m.id for m in store.mentions())
        store.write_blocks({a: [1, 2], b: [2, 3]})
        assert store.block_members([2, 3, 4]) == {a: {2}, b: {2, 3}}
        store.write_components({a: 7, b: 7})
        store.write_components({b: b, 999_999: 5})  # replaced; an unknown mention skipped
        assert store.mention_components([a, b, 999_999]) == {a: 7, b: b}
        assert store.mention_ids_of_components([7, b]) == {a, b}
        store.write_components({a: a}, whole=True)  # every other label goes
        assert store.mention_components([a, b]) == {a: a}
        doc, report = _document(0, _spec(count=40))  # replaces mention a: its label goes
        store.add(doc, report, "v2")
        assert store.mention_ids_of_components([a]) == set()


def test_pending_ids_and_review_watermark(db_url: str) -> None:
    with open_store(db_url) as store:
        _add(store, 0, [_spec(), _spec(home="Kursk")])
        assert len(store.pending_mention_ids()) == 2
        link_new(store)
        assert store.pending_mention_ids() == []
        [case] = [c for c in store.cases() if c.home == "Tomsk"]
        review.set_status(store.engine, case.id, case.version, "ann", "confirmed")
        state = store.link_state()
        assert store.last_review_id() > state.review_id
        assert store.reviewed_since(state.review_id) == ({case.id}, set())
        assert store.mark_linked(state.mentions_version, store.last_review_id())
        assert store.link_state().review_id == store.last_review_id()
        assert not store.mark_linked(state.mentions_version - 1, 0)  # changed meanwhile


def test_a_grown_component_falls_back_to_a_full_relink(sqlite_url: str) -> None:
    from otkaz.link import incremental

    with open_store(sqlite_url) as store:
        _add(store, 0, [_spec(), _spec(published=5)])
        link_new(store)
        _add(store, 2, [_spec(published=7)])
        summary = incremental.run_passes(store, lambda state, _top: incremental.
                                         incremental_pass(store, state, limit=1))
        assert summary.fallback and summary.mentions == 3
        assert [len(v) for v in _cases(store).values()] == [3]
    assert MAX_COMPONENT > 1


def test_mention_blocks_pair_members_and_probes() -> None:
    from otkaz.link.features import MentionRef, profile

    def prof(**values: Any) -> Any:
        doc, report = _document(0, _spec(**values))
        return profile(MentionRef(doc.id, doc.id, report.incidents[0], doc.published))

    placed, probe = prof(), prof(home=None, place=None)
    assert mention_blocks(placed)[0] & mention_blocks(prof(day=6))[1]  # a shared place-month
    assert mention_blocks(placed)[0] & mention_blocks(probe)[1]  # the probe meets the member
    assert mention_blocks(probe)[0] & mention_blocks(placed)[1]  # and the member the probe
    assert not mention_blocks(placed)[0] & mention_blocks(prof(home="Kursk", day=60))[1]


def test_cli_relink_incremental_and_full(sqlite_url: str) -> None:
    from typer.testing import CliRunner

    from otkaz.cli import app

    with open_store(sqlite_url) as store:
        _add(store, 0, [_spec(), _spec(home="Kursk", day=40)])
    runner = CliRunner()
    first = runner.invoke(app, ["relink", "--incremental", "--db", sqlite_url])
    assert first.exit_code == 0 and "2 mentions in 2 cases (full" in first.output
    with open_store(sqlite_url) as store:
        _add(store, 2, [_spec(published=9)])
    second = runner.invoke(app, ["relink", "--incremental", "--db", sqlite_url])
    assert second.exit_code == 0 and "2 mentions in 1 case (incremental" in second.output
    full = runner.invoke(app, ["relink", "--db", sqlite_url])
    assert full.exit_code == 0 and "3 mentions in 2 cases (full" in full.output
    assert "0 moved" in full.output


def test_settled_cases_are_those_found_again_whole_and_unchanged() -> None:
    from otkaz.link.features import MentionRef
    from otkaz.link.incremental import _settled

    def refs(*ids: int) -> list[MentionRef]:
        return [MentionRef(f"m{i}", f"d{i}", Incident("refusal", "men"), id=i) for i in ids]

    current = {1: 10, 2: 10, 3: 20, 4: None, 5: 30}
    settled = _settled(current, {10: "k10", 20: "k20", 30: "k30"}, seeds={4, 5})
    assert settled("k10", refs(1, 2)) == 10
    assert settled("k20", refs(3)) == 20
    assert settled("k11", refs(1, 2)) is None  # another key
    assert settled("k10", refs(1)) is None  # the case lost a mention
    assert settled("k10", refs(1, 2, 3)) is None  # two cases become one
    assert settled("k20", refs(3, 4)) is None  # a new mention joins
    assert settled("k30", refs(5)) is None  # a changed (or reviewed) one


def test_waiting_mentions_are_found_through_their_partial_index(sqlite_url: str) -> None:
    from sqlalchemy import select, update

    from otkaz.store.schema import mentions, pending_mentions

    with open_store(sqlite_url) as store, store.engine.connect() as conn:
        for query in (select(mentions.c.id).where(pending_mentions()),
                      update(mentions).where(pending_mentions()).values(linked=True)):
            sql = str(query.compile(store.engine))
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", (1,) * sql.count("?"))
            assert "USING INDEX ix_mentions_pending" in " ".join(str(r) for r in plan)


def test_the_collector_is_paused_for_a_link_and_restored_as_it_was() -> None:
    import gc

    from otkaz.link.incremental import gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failed link")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left off: someone else turned it off
    finally:
        gc.enable()
