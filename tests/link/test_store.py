"""Linking over the store (SQLite and PostgreSQL): relink, ingest order, reviews, case detail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, insert, update

from otkaz.link import case_detail, relink, stats
from otkaz.link.cases import LinkResult
from otkaz.link.features import MentionRef
from otkaz.link.store import assign_keys
from otkaz.models import ChainLink, DateRange, Document, Incident, Range, Report
from otkaz.store import Store, open_store
from otkaz.store.schema import case_overrides, cases, documents, mention_overrides, mentions

# Invented articles: two report one case (the second citing the first), one is unrelated.
ARTICLES = {
    "a": ("Forty reservists refuse\nForty reservists from Tomsk refused to cross into Ukraine "
          "on 14 November, Siberian Wire learned from their relatives.",
          date(2022, 11, 16), "Siberian Wire"),
    "b": ("Tomsk men held\nAbout 40 mobilised men from the Tomsk region who refused to fight "
          "were held in a basement, Siberian Wire reported.", date(2022, 11, 20), "Volga Post"),
    "c": ("Riot police resign\nTwelve riot police officers from Omsk resigned rather than go "
          "to Ukraine in March.", date(2022, 4, 1), "Irtysh Daily"),
}


def _report(key: str, confidence: float | None = None) -> tuple[Document, Report]:
    text, published, outlet = ARTICLES[key]
    doc = Document(id=key, text=text, published=published, outlet=outlet, title=text.split("\n")[0])
    first = text.split("\n")[1]
    start = text.index(first)
    span = (start, start + len(first))
    if key == "a":
        inc = Incident(type="refusal", actor="Forty reservists from Tomsk", force="army",
                       count=Range(40, 40), home="Tomsk",
                       when=DateRange(date(2022, 11, 14), date(2022, 11, 14)), evidence=[span],
                       chain=[ChainLink(None, "anonymous")])
    elif key == "b":
        inc = Incident(type="refusal", actor="About 40 mobilised men from the Tomsk region",
                       force="army", count=Range(40, 40), home="Tomsk region",
                       when=DateRange(date(2022, 11, 1), date(2022, 11, 30)), evidence=[span],
                       sources=["Siberian Wire"], outcomes=["detained"],
                       chain=[ChainLink("Siberian Wire", "outlet")])
    else:
        inc = Incident(type="refusal", actor="Twelve riot police officers from Omsk",
                       force="rosgvardia", count=Range(12, 12), home="Omsk",
                       when=DateRange(date(2022, 3, 1), date(2022, 3, 31)), evidence=[span])
    inc.confidence = confidence
    return doc, Report(key, [inc])


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as s:
        yield s


def _ingest(store: Store, keys: str, version: str = "v1") -> None:
    for key in keys:
        store.add(*_report(key), version)
        relink(store)


def _state(store: Store) -> dict[str, tuple]:
    """Case key -> (sorted mention keys, columns), free of row ids."""
    out = {}
    for c in store.cases():
        keys = sorted(m.mention_key for m in store.mentions(case_id=c.id))
        out[c.key] = (keys, c.type, c.force, c.count_low, c.count_high, c.when_start,
                      c.home, c.n_mentions, c.n_origins)
    return out


def test_relink_makes_one_case_per_real_incident(store: Store) -> None:
    _ingest(store, "abc")
    state = _state(store)
    assert sorted(v[7] for v in state.values()) == [1, 2]
    tomsk = next(v for v in state.values() if v[7] == 2)
    assert tomsk[1:7] == ("refusal", "army", 40, 40, date(2022, 11, 14), "Tomsk")
    assert tomsk[8] == 1  # Volga Post only echoes Siberian Wire: one origin


@pytest.mark.parametrize("order", ["bca", "cab", "acb"])
def test_ingest_order_does_not_change_the_cases(store: Store, order: str) -> None:
    _ingest(store, "abc")
    first = _state(store)
    with store.engine.begin() as conn:  # start again from an empty database
        for table in (mentions, documents, cases):
            conn.execute(delete(table))
    _ingest(store, order)
    assert _state(store) == first


def test_a_second_relink_changes_nothing(store: Store) -> None:
    _ingest(store, "abc")
    versions = {c.key: c.version for c in store.cases()}
    summary = relink(store)
    assert (summary.moved, summary.deleted, summary.cases) == (0, 0, 2)
    assert {c.key: c.version for c in store.cases()} == versions


def test_reextraction_keeps_cases_and_review_status(store: Store) -> None:
    _ingest(store, "abc")
    before = _state(store)
    tomsk = next(c for c in store.cases() if c.n_mentions == 2)
    with store.engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id == tomsk.id).values(status="confirmed"))
    _ingest(store, "abc", version="v2")  # a new pipeline version replaces machine mentions
    assert _state(store) == before
    assert store.case(tomsk.id).status == "confirmed"  # type: ignore[union-attr]


def test_a_reviewed_case_keeps_its_key_when_an_earlier_report_joins(store: Store) -> None:
    _ingest(store, "b")
    [case] = store.cases()
    with store.engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id == case.id).values(status="confirmed"))
    _ingest(store, "a")  # published earlier: it would become the anchor
    [after] = store.cases()
    assert after.key == case.key and after.n_mentions == 2


def _pin(store: Store, mention_key: str, case_key: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(insert(mention_overrides).values(
            mention_key=mention_key, field="case_key", value=case_key, user="ann",
            at=datetime.now(UTC)))


def test_a_split_pins_one_mention_and_the_rest_keep_the_case(store: Store) -> None:
    _ingest(store, "ab")
    [case] = store.cases()
    moved = next(m for m in store.mentions() if m.mention_key != _key_of(store, "a"))
    _pin(store, moved.mention_key, "split-by-ann")  # as the web's split does: only this one
    relink(store)
    assert {c.key: c.n_mentions for c in store.cases()} == {case.key: 1, "split-by-ann": 1}
    assert relink(store).moved == 0


def test_a_merge_survives_an_earlier_report_joining_the_target(store: Store) -> None:
    _ingest(store, "bc")
    tomsk = next(c for c in store.cases() if c.force == "army")
    omsk = next(c for c in store.cases() if c.force == "rosgvardia")
    for m in store.mentions(case_id=omsk.id):  # the reviewer merges Omsk into Tomsk
        _pin(store, m.mention_key, tomsk.key)
    relink(store)
    _ingest(store, "a")  # published before b: the machine anchor of the Tomsk case moves
    assert {c.key: c.n_mentions for c in store.cases()} == {tomsk.key: 3}


def test_a_field_correction_is_applied_after_relinking(store: Store) -> None:
    _ingest(store, "ab")
    [case] = store.cases()
    with store.engine.begin() as conn:
        conn.execute(insert(case_overrides).values(
            case_id=case.id, field="count", value={"low": 38, "high": 38}, user="ann",
            at=datetime.now(UTC)))
    _ingest(store, "c")
    relink(store)
    after = store.case(case.id)
    assert after is not None and (after.count_low, after.count_high) == (38, 38)
    assert after.merged["count"]["reviewed"]["user"] == "ann"
    assert after.merged["count"]["values"] == [{"value": {"low": 40, "high": 40},
                                                "mentions": sorted(
                                                    m.id for m in store.mentions(case_id=case.id))}]


def _key_of(store: Store, source_id: str) -> str:
    doc = next(d for d in store.documents() if d.document.id == source_id)
    return next(m.mention_key for m in store.mentions(document_id=doc.id))


def test_case_confidence_follows_relinks_reextraction_and_rejected_mentions(
        store: Store) -> None:
    for key, confidence in (("a", 0.6), ("b", 0.9), ("c", None)):
        store.add(*_report(key, confidence), "v1")
    relink(store)
    tomsk = next(c for c in store.cases() if c.n_mentions == 2)
    omsk = next(c for c in store.cases() if c.n_mentions == 1)
    assert (tomsk.confidence, omsk.confidence) == (0.9, None)
    assert tomsk.merged["case"]["confidence"] == 0.9

    # a reviewer's confirmation is the case's status; the confidence stays the machine's
    with store.engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id == tomsk.id).values(status="confirmed"))
    relink(store)
    assert store.case(tomsk.id).confidence == 0.9  # type: ignore[union-attr]

    # a new extractor reads b with less confidence: the relink after re-extraction follows
    store.add(*_report("a", 0.6), "v2")
    store.add(*_report("b", 0.3), "v2")
    relink(store)
    after = store.case(tomsk.id)
    assert after is not None and after.confidence == 0.6 and after.version > tomsk.version
    assert case_detail(store, tomsk.id)["confidence"] == 0.6  # type: ignore[index]

    # a reviewer rejects mention a: it stays in the case but no longer vouches for it
    with store.engine.begin() as conn:
        conn.execute(insert(mention_overrides).values(
            mention_key=_key_of(store, "a"), field="status", value="rejected", user="ann",
            at=datetime.now(UTC)))
    relink(store)
    after = store.case(tomsk.id)
    assert after is not None and (after.confidence, after.n_mentions) == (0.3, 2)
    assert {m.case_confidence for m in store.mentions(case_id=tomsk.id)} == {0.3}


def test_case_detail_quotes_evidence_and_lists_mentions(store: Store) -> None:
    _ingest(store, "abc")
    tomsk = next(c for c in store.cases() if c.n_mentions == 2)
    detail = case_detail(store, tomsk.id)
    assert detail is not None
    assert (detail["n_mentions"], detail["n_origins"]) == (2, 1)
    assert [m["document"]["outlet"] for m in detail["mentions"]] == ["Siberian Wire",
                                                                     "Volga Post"]
    assert detail["mentions"][0]["evidence"][0].startswith("Forty reservists from Tomsk")
    assert detail["mentions"][1]["chain"] == [{"name": "Siberian Wire", "kind": "outlet",
                                              "span": None, "cites": None}]
    assert detail["fields"]["home"]["values"][0]["value"] == "Tomsk"
    assert detail["count"] == {"low": 40, "high": 40}
    assert case_detail(store, 10_000) is None


def test_stats_from_the_store(store: Store) -> None:
    _ingest(store, "abc")
    result = stats(store, by="force")
    assert [(r["force"], r["cases"], r["low"]) for r in result["rows"]] == [
        ("army", 1, 40), ("rosgvardia", 1, 12)]
    assert result["total"]["low"] == 52
    omsk = next(c for c in store.cases() if c.force == "rosgvardia")
    with store.engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id == omsk.id).values(status="rejected"))
    assert stats(store, by="force")["total"]["low"] == 40  # a rejected case is not counted


def test_assign_keys_pins_and_touched_cases() -> None:
    def ref(key: str) -> MentionRef:
        return MentionRef(key, key, Incident(type="refusal", actor=""))

    result = LinkResult({"m1": [ref("x3")], "m2": [ref("y1")], "m3": [ref("z1"), ref("z2")],
                         "m4": [ref("u1"), ref("u2"), ref("u3")]})
    final = assign_keys(result, pins={"x1": "K", "x2": "K"},
                        touched={"z2": "R", "u1": "A", "u2": "B"})
    assert final == {"x1": "K", "x2": "K", "x3": "m1", "y1": "m2", "z1": "R", "z2": "R",
                     "u1": "A", "u2": "B", "u3": "A"}
