"""The in-memory case index answers every filter exactly as SQL does, and follows writes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, insert, select, update

from otkaz.models import FORCES, OUTCOMES
from otkaz.store import Store, open_store
from otkaz.store.schema import cases, documents, mentions, store_state
from otkaz.web import search
from otkaz.web.caseindex import CaseIndex
from otkaz.web.queries import SORTS, CaseFilter, list_cases

PLACES = ["Omsk", "Tomsk", "Pskov region", "Buryatia", "Kherson", "Luhansk", "Belgorod", None,
          "Брянке", "Bryanka", "Псковской области", "в ЛНР", "Кемерово"]
# The gazetteer entries the places resolved to (as the linker's merged record keeps them);
# "Кемерово" did not resolve. Filters compare these entries, in any language.
ENTRIES = {"Omsk": "Omsk", "Tomsk": "Tomsk", "Pskov region": "Pskov Oblast",
           "Buryatia": "Buryatia", "Kherson": "Kherson", "Luhansk": "Luhansk",
           "Belgorod": "Belgorod", "Брянке": "Bryanka", "Bryanka": "Bryanka",
           "Псковской области": "Pskov Oblast", "в ЛНР": "Luhansk People's Republic"}
LANGS = ["en", "en", "ru", "uk", None]
WORDS = ["refused", "fled", "checkpoint", "contract", "sappers", "Kherson", "zzz"]
START = date(2022, 2, 24)
# NULLs and ties on purpose; 0.1 + 0.2 is not 0.3 in binary, so a threshold of 0.3 shows
# whether the index compares the very doubles the database does
CONFIDENCES = [None, None, 0.2, 0.1 + 0.2, 0.3, 0.5, 0.5, 0.75, 0.9, 1.0]


def _fill(engine: Engine, n: int, seed: int, first_id: int = 1) -> None:
    """`n` cases with one mention each; NULLs, merged cases and ties on purpose."""
    rnd = random.Random(seed)
    now = datetime(2024, 5, 1, tzinfo=UTC)
    docs, ments, rows = [], [], []
    for i in range(first_id, first_id + n):
        kind = rnd.choice(["refusal", "desertion", None])
        force = rnd.choice([*FORCES[:4], None])
        place, home = rnd.choice(PLACES), rnd.choice(PLACES)
        low = rnd.choice([None, 1, 2, 2, 5, 12, 60])
        day = None if rnd.random() < 0.15 else START + timedelta(days=rnd.randrange(900))
        words = " ".join(rnd.sample(WORDS[:-1], 3))
        text = f"Report {i}. Soldiers {words} near {place or 'somewhere'}."
        outcome = rnd.sample(OUTCOMES, rnd.choice([0, 1, 2]))
        n_mentions = rnd.choice([1, 1, 2, 3])
        confidence = rnd.choice(CONFIDENCES)
        docs.append({"id": i, "sha256": f"{i:064x}", "source_id": f"s-{i}", "url": None,
                     "outlet": None, "title": None, "published": None, "text": text,
                     "ingested_at": now, "pipeline_version": "test", "extracted_at": now,
                     "lang": rnd.choice(LANGS)})
        ments.append({"id": i, "document_id": i, "idx": 0, "mention_key": f"{i:064x}:0",
                      "pipeline_version": "test", "type": kind or "refusal", "actor": "Soldiers",
                      "force": force, "personnel": [], "unit": None, "count_low": low,
                      "count_high": low, "has_count": low is not None, "home": home,
                      "place": place, "home_geo": None, "place_geo": None, "home_lat": None,
                      "home_lon": None, "place_lat": None, "place_lon": None,
                      "when_start": day, "when_end": day, "sources": [], "outcomes": outcome,
                      "evidence": [[0, len(text)]], "spans": {}, "chain": [],
                      "confidence": confidence, "case_id": i})
        rows.append({"id": i, "key": f"case-{i}", "created_at": now,
                     "updated_at": now + timedelta(seconds=rnd.randrange(5)),
                     "status": rnd.choice(["machine"] * 5 + ["confirmed", "rejected", "merged"]),
                     "version": 1, "merged": _merged(place, home), "type": kind,
                     "force": force,
                     "count_low": low, "count_high": low, "when_start": day,
                     "when_end": day + timedelta(days=rnd.choice([0, 0, 3])) if day else None,
                     "home": home, "place": place, "place_lat": None, "place_lon": None,
                     "n_mentions": n_mentions, "n_origins": rnd.randint(1, n_mentions),
                     "confidence": confidence})
    with engine.begin() as conn:
        conn.execute(insert(documents), docs)
        conn.execute(insert(cases), rows)
        conn.execute(insert(mentions), ments)


def _merged(place: str | None, home: str | None) -> dict[str, Any]:
    """The place fields of a merged record, each with its entry when it resolved."""
    def entry(value: str | None) -> dict[str, Any]:
        name = ENTRIES.get(value or "")
        return {"value": value, "geo": {"name": name} if name else None}

    return {"place": entry(place), "home": entry(home)}


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as s:
        _fill(s.engine, 240, seed=7)
        yield s


def filters() -> st.SearchStrategy[CaseFilter]:
    maybe = st.one_of
    days = st.dates(min_value=date(2022, 1, 1), max_value=date(2025, 1, 1))
    return st.builds(
        CaseFilter,
        type=maybe(st.none(), st.sampled_from(["refusal", "desertion"])),
        force=maybe(st.none(), st.sampled_from(FORCES)),
        place=maybe(st.none(), st.sampled_from(["omsk", "OMSK", "sk", "pskov r", "kher", "x",
                                                "Брянке", "Brianka", "bryanka", "Pskov",
                                                "Псковская область", "ЛНР", "LPR", "Кемерово",
                                                "oblast"])),
        lang=maybe(st.none(), st.sampled_from(["en", "ru", "uk", "de"])),
        date_from=maybe(st.none(), days), date_to=maybe(st.none(), days),
        outcome=maybe(st.none(), st.sampled_from(OUTCOMES)),
        status=maybe(st.none(), st.sampled_from(["machine", "confirmed", "rejected", "merged"])),
        min_origins=maybe(st.none(), st.integers(0, 3)),
        min_confidence=maybe(st.none(), st.sampled_from([0.0, 0.3, 0.5, 0.51, 1.0]),
                             st.floats(0, 1)),
        q=maybe(st.none(), st.sampled_from([*WORDS, "refused fled", "..."])),
        sort=st.sampled_from(list(SORTS)), order=st.sampled_from(["asc", "desc"]),
        page=st.integers(1, 4), per_page=st.sampled_from([1, 7, 50]))


def _same(engine: Engine, index: CaseIndex, f: CaseFilter) -> None:
    by_sql = list_cases(engine, f)
    by_index = list_cases(engine, f, index=index)
    assert by_index["total"] == by_sql["total"], f
    assert [c["id"] for c in by_index["cases"]] == [c["id"] for c in by_sql["cases"]], f
    assert by_index == by_sql


@settings(max_examples=120, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture])
@given(f=filters())
def test_index_answers_as_sql_does(store: Store, f: CaseFilter) -> None:
    _same(store.engine, _index_for(store), f)


def confidence_filters() -> st.SearchStrategy[CaseFilter]:
    """Filters where confidence decides: few other filters, so NULLs and ties reach the page."""
    return st.builds(
        CaseFilter,
        min_confidence=st.one_of(st.none(), st.sampled_from([0.0, 0.3, 0.5, 1.0]),
                                 st.floats(0, 1)),
        status=st.one_of(st.none(), st.sampled_from(["machine", "merged"])),
        sort=st.sampled_from(["confidence", "confidence", "when", "id"]),
        order=st.sampled_from(["asc", "desc"]), page=st.integers(1, 6),
        per_page=st.sampled_from([1, 7, 50]))


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture])
@given(f=confidence_filters())
def test_index_answers_confidence_filters_and_sorts_as_sql_does(store: Store,
                                                                f: CaseFilter) -> None:
    _same(store.engine, _index_for(store), f)


_INDEXES: dict[str, CaseIndex] = {}


def _index_for(store: Store) -> CaseIndex:
    return _INDEXES.setdefault(str(store.engine.url), CaseIndex())


SAMPLE = [CaseFilter(), CaseFilter(status="merged"), CaseFilter(place="omsk", sort="count"),
          CaseFilter(lang="ru", per_page=200), CaseFilter(place="Brianka", per_page=200),
          CaseFilter(outcome="detained", sort="updated", order="asc"),
          CaseFilter(q="sappers", per_page=5, page=2), CaseFilter(date_from=date(2023, 1, 1)),
          CaseFilter(type="desertion", sort="id", order="asc", per_page=200),
          CaseFilter(sort="confidence", per_page=200),
          CaseFilter(sort="confidence", order="asc", per_page=200),  # NULLs last here too
          CaseFilter(min_confidence=0.5, sort="confidence", order="asc", per_page=200)]


def _all_same(engine: Engine, index: CaseIndex) -> None:
    for f in SAMPLE:
        _same(engine, index, f)


def _touch(engine: Engine, case_id: int, **values: Any) -> None:
    with engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id == case_id).values(
            updated_at=datetime.now(UTC), version=cases.c.version + 1, **values))


def test_index_follows_updates_inserts_and_deletes(store: Store) -> None:
    engine, index = store.engine, CaseIndex()
    _all_same(engine, index)
    first = index.snapshot(engine)

    _touch(engine, 3, status="rejected", place="Omsk", when_start=None, count_low=None,
           confidence=None)
    _touch(engine, 4, status="merged")
    _touch(engine, 6, confidence=0.95)  # a relink after re-extraction, say
    _all_same(engine, index)
    assert index.snapshot(engine) is not first  # patched into a copy...
    assert len(first.ids) == 240  # ...while the old one stays whole for its readers

    _fill(engine, 30, seed=8, first_id=1000)  # new cases, new place and words
    _all_same(engine, index)
    assert len(index.snapshot(engine).ids) == 270

    with engine.begin() as conn:
        conn.execute(delete(mentions).where(mentions.c.case_id == 10))
        conn.execute(delete(cases).where(cases.c.id == 10))
        # what every Store write does; here the rows are removed by hand
        conn.execute(update(store_state).values(data_version=store_state.c.data_version + 1))
    _all_same(engine, index)
    assert 10 not in index.snapshot(engine).ids


def test_a_new_mention_updates_the_search_words(store: Store) -> None:
    engine, index = store.engine, CaseIndex()
    _touch(engine, 5, status="machine")
    f = CaseFilter(q="zzz")
    assert list_cases(engine, f, index=index)["total"] == 0
    with engine.begin() as conn:
        conn.execute(insert(documents).values(
            id=500, sha256="f" * 64, source_id="new", text="Zzz unit fled.",
            ingested_at=datetime.now(UTC), extracted_at=datetime.now(UTC),
            pipeline_version="test"))
        conn.execute(insert(mentions).values(
            id=500, document_id=500, idx=0, mention_key="new:0", pipeline_version="test",
            type="desertion", actor="unit", personnel=[], has_count=False, sources=[],
            outcomes=["detained"], evidence=[[0, 14]], spans={}, chain=[], case_id=5))
    answer = list_cases(engine, f, index=index)
    assert [c["id"] for c in answer["cases"]] == [5]
    _same(engine, index, CaseFilter(outcome="detained"))


def test_place_ignores_case_in_every_alphabet(sqlite_url: str) -> None:
    """Where SQLite's LIKE folds ASCII only, the index folds Cyrillic too (as ILIKE does)."""
    with open_store(sqlite_url) as s:
        _fill(s.engine, 5, seed=1)
        _touch(s.engine, 2, place="Омск")
        search.refresh(s.engine)
        answer = list_cases(s.engine, CaseFilter(place="омск"), index=CaseIndex())
        assert [c["place"] for c in answer["cases"]] == ["Омск"]


def test_plain_list_rows_equal_the_portable_ones(db_url: str) -> None:
    """The plain-SQL reading of list rows gives what the expression language gives."""
    from sqlalchemy import select as select_

    from otkaz.web.queries import LIST_COLUMNS, case_summary, summaries

    with open_store(db_url) as s:
        _fill(s.engine, 60, seed=3)
        _touch(s.engine, 7, merged={"actor": {"value": "Nine sappers"}}, place_lat=54.9,
               place_lon=73.3)
        ids = [7, 3, 59, 1000, 12]  # any order; 1000 does not exist
        with s.engine.connect() as conn:
            portable = {r.id: case_summary(r) for r in conn.execute(
                select_(*LIST_COLUMNS).where(cases.c.id.in_(ids)))}
            fast = summaries(conn, ids)
        assert fast == [portable[i] for i in ids if i in portable]
        assert fast[0]["actor"] == "Nine sappers" and fast[0]["lat"] == 54.9


def test_place_and_language_filters_compare_entries_in_any_language(store: Store) -> None:
    """"Брянке", "Brianka" and "Bryanka" find the same cases; so do Russian and English
    names of the Pskov region; `lang` keeps the cases some document tells in it."""
    engine, index = store.engine, CaseIndex()

    def ids(**values: Any) -> set[int]:
        f = CaseFilter(per_page=200, status="machine", **values).checked()
        found = list_cases(engine, f, index=index)
        assert found == list_cases(engine, f)
        return {c["id"] for c in found["cases"]}

    bryanka = ids(place="Bryanka")
    assert bryanka and bryanka == ids(place="Брянке") == ids(place="Brianka")
    assert ids(place="Псковская область") == ids(place="Pskov region") == ids(
        place="Pskov Oblast")
    assert ids(place="LPR") == ids(place="ЛНР") == ids(place="Luhansk People's Republic")
    with engine.connect() as conn:
        rows = conn.execute(select(mentions.c.case_id, documents.c.lang).join(
            documents, documents.c.id == mentions.c.document_id)).all()
        live = set(conn.execute(select(cases.c.id).where(cases.c.status == "machine"))
                   .scalars())
    for lang in ("en", "ru", "uk"):
        assert ids(lang=lang) == {c for c, d in rows if d == lang and c in live}
    assert ids(lang="de") == set()


def test_a_page_read_block_by_block_is_the_page_of_the_whole_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    import otkaz.web.caseindex as caseindex

    monkeypatch.setattr(caseindex, "_SCAN", 7)  # many blocks over a small order
    rnd = np.random.default_rng(5)
    for size, share in ((100, 0.5), (100, 0.03), (50, 0.0), (0, 0.5)):
        order = rnd.permutation(size)
        keep = rnd.random(size) < share
        whole = order[keep[order]]
        for wanted in (1, 10, 20, 500):
            assert caseindex._first_matching(order, keep, wanted).tolist() == \
                whole[:wanted].tolist()


ACTORS = ["Nine sappers", "«Шторм Z» <b>&'\"", None, "", "Twelve officers of the Omsk OMON"]


def _rows_by_sql(engine: Engine, f: CaseFilter) -> list[dict[str, Any]]:
    from otkaz.web.queries import summaries

    with engine.connect() as conn:
        return summaries(conn, [c["id"] for c in list_cases(engine, f)["cases"]])


def _dress(engine: Engine, seed: int) -> None:
    """Give the list row's other columns varied values: actors (NULL, empty, markup,
    Cyrillic), keys, versions, upper counts and coordinates (some NULL), open ranges."""
    rnd = random.Random(seed)
    with engine.begin() as conn:
        for (case_id,) in conn.execute(select(cases.c.id)).all():
            merged = _merged("Omsk", None) | {"actor": {"value": rnd.choice(ACTORS)}}
            conn.execute(update(cases).where(cases.c.id == case_id).values(
                key=f"case-{case_id}-{rnd.choice(['x', 'é', 'ключ'])}", merged=merged,
                version=rnd.randint(1, 9), count_high=rnd.choice([None, 3, 70]),
                place_lat=rnd.choice([None, 54.98, -0.0, 45.3]),
                place_lon=rnd.choice([None, 73.37, 34.4]),
                when_end=rnd.choice([None, date(2023, 5, 1)])))


def test_a_page_from_memory_is_the_database_rows(store: Store) -> None:
    """The list rows the index holds are those queries.summaries() reads, value for value,
    and a write replaces them (new values, a new case, a deleted case)."""
    engine, index = store.engine, CaseIndex()
    _dress(engine, seed=4)
    pages = [CaseFilter(status="all", per_page=200, page=p, sort=s, order=o)
             for p in (1, 2) for s, o in (("id", "asc"), ("when", "desc"), ("count", "asc"))]

    def check() -> None:
        for f in pages:
            from_memory = list_cases(engine, f, index=index)["cases"]
            assert from_memory == _rows_by_sql(engine, f), f
            assert [type(v) for c in from_memory for v in c.values()] == \
                [type(v) for c in _rows_by_sql(engine, f) for v in c.values()]

    check()
    first = index.snapshot(engine)
    _touch(engine, 5, key="renamed", merged={"actor": {"value": "Вторая рота"}},
           count_high=None, place_lat=1.5)
    _fill(engine, 3, seed=9, first_id=2000)
    check()
    row = next(c for c in list_cases(engine, pages[0], index=index)["cases"] if c["id"] == 5)
    assert (row["key"], row["actor"], row["count"]["high"], row["lat"]) == \
        ("renamed", "Вторая рота", None, 1.5)
    assert first.summaries(np.array([4]))[0]["key"] != "renamed"  # the old one is untouched
    with engine.begin() as conn:
        conn.execute(delete(mentions).where(mentions.c.case_id == 7))
        conn.execute(delete(cases).where(cases.c.id == 7))
        conn.execute(update(store_state).values(data_version=store_state.c.data_version + 1))
    check()


def test_patched_texts_are_packed_again_when_mostly_stale(sqlite_url: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each patch appends the changed rows' texts; once over half the bytes are stale the
    column is packed again, and every row still reads its own text."""
    with open_store(sqlite_url) as s:
        _fill(s.engine, 20, seed=2)
        index = CaseIndex()
        index.snapshot(s.engine)
        for round_ in range(40):
            _touch(s.engine, 1 + round_ % 20, merged={"actor": {"value": "x" * 50_000}})
            snap = index.snapshot(s.engine)
            live = int(snap.data["actor_size"][snap.data["actor_size"] > 0].sum())
            assert len(snap.blobs["actor"]) <= 2 * live + (1 << 20)
        f = CaseFilter(status="all", per_page=50, sort="id", order="asc")
        assert list_cases(s.engine, f, index=index)["cases"] == _rows_by_sql(s.engine, f)


def test_descending_orders_are_ascending_ones_reversed_by_part() -> None:
    """order(s, "desc") is what sorting by (NULLs last, value desc, id desc) gives."""
    import otkaz.web.caseindex as caseindex

    rnd = np.random.default_rng(3)
    snap = caseindex._Snapshot()
    n = 500
    snap.ids = np.sort(rnd.choice(10_000, n, replace=False)).astype(np.int64)
    for name in ("when_start", "count_low", "n_mentions", "n_origins"):
        snap.data[name] = rnd.integers(0, 6, n).astype(np.int32)  # many ties
    for name in ("updated", "confidence"):
        snap.data[name] = rnd.choice([0.1, 0.2, 0.1 + 0.2, 0.3], n)
    for name in ("when_start", "count_low", "confidence"):
        snap.null[name] = rnd.random(n) < 0.2
    for sort, column in caseindex._SORT_COLUMNS.items():
        values = snap.ids if column is None else snap.data[column]
        nulls = snap.null.get(column or "", np.zeros(n, dtype=bool))
        for direction, sign in (("asc", 1), ("desc", -1)):
            expected = np.lexsort((sign * snap.ids, sign * values, nulls))
            assert snap.order(sort, direction).tolist() == expected.tolist(), (sort, direction)


@pytest.mark.parametrize("accepted", [[], [3], [0, 5, 9], list(range(0, 40, 3))])
def test_marking_by_comparison_or_lookup_agree(accepted: list[int]) -> None:
    import otkaz.web.caseindex as caseindex

    codes = np.random.default_rng(1).integers(-1, 40, 2_000).astype(np.int32)  # -1: NULL
    table = np.zeros(41, dtype=bool)
    table[accepted] = True
    found = np.zeros(len(codes), dtype=bool)
    caseindex._mark(found, codes, table)
    assert found.tolist() == [c in accepted for c in codes.tolist()]


def test_few_matches_sorted_by_themselves_give_the_pages_sql_gives(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter that keeps few cases sorts its matches instead of walking the sort order;
    forced here for every filter, pages and ties still come out as SQL's."""
    import otkaz.web.caseindex as caseindex

    monkeypatch.setattr(caseindex, "_SPARSE", 0)  # every filter counts as keeping few
    index = CaseIndex()
    for f in SAMPLE:
        for sort in SORTS:
            for order in ("asc", "desc"):
                _same(store.engine, index, replace(f, sort=sort, order=order, per_page=7,
                                                    page=2))


def test_a_kept_search_word_is_patched_after_writes_not_fetched_whole(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    engine, index = store.engine, CaseIndex()
    words = ["refused", "fled", "refused fled"]
    for q in words:
        _same(engine, index, CaseFilter(q=q, per_page=50))
    fetched: list[Any] = []
    whole = search.matching_ids

    def counted(conn: Any, q: str, among: Any = None) -> list[int]:
        fetched.append((q, None if among is None else len(among)))
        return whole(conn, q, among=among)

    monkeypatch.setattr(search, "matching_ids", counted)
    _touch(engine, 3, status="rejected")
    _fill(engine, 12, seed=9, first_id=2000)  # new cases, some with the words
    for q in [*words, "refused"]:
        _same(engine, index, CaseFilter(q=q, per_page=50))
    # each kept word asked once about the cases written since (13 and any whose update
    # time the store cannot tell apart from theirs), none fetched whole
    assert sorted(q for q, _ in fetched) == sorted(words)
    assert all(among is not None and 13 <= among < 240 for _, among in fetched)
    _same(engine, index, CaseFilter(q="checkpoint"))  # never asked before: fetched whole
    assert fetched[-1] == ("checkpoint", None)
