"""Documents, mentions and figures through the Store, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from otkaz.models import Document, Figure, Incident, Range, Report
from otkaz.store import Store, mention_key


def _doc(n: int) -> Document:
    return Document(id=f"d{n}", text=f"Article {n}: {n} soldiers refused to fight.")


def _report(doc: Document, n_incidents: int, n_figures: int = 0) -> Report:
    incidents = [Incident(type="refusal", actor=f"group {i}", evidence=[(i, i + 5)])
                 for i in range(n_incidents)]
    figures = [Figure(measure="refusers", value=Range(i, i)) for i in range(n_figures)]
    return Report(doc.id, incidents, figures)


def test_round_trip_keeps_every_field(store: Store, full_doc: Document,
                                      full_report: Report) -> None:
    assert store.add(full_doc, full_report, "v1") is True

    [stored_doc] = store.documents()
    # the store keeps the language the document was read in (detected when not given)
    assert stored_doc.document == dataclasses.replace(full_doc, lang="en")
    assert stored_doc.sha256 == full_doc.sha256
    assert stored_doc.pipeline_version == "v1"
    assert stored_doc.ingested_at.tzinfo is not None
    mentions = store.mentions(document_id=stored_doc.id)
    assert [m.idx for m in mentions] == [0, 1, 2]
    assert [m.incident for m in mentions] == full_report.incidents
    assert [m.incident.to_dict() for m in mentions] == [
        i.to_dict() for i in full_report.incidents]
    assert [f.figure for f in store.figures(document_id=stored_doc.id)] == full_report.figures
    [(doc, report)] = list(store.reports())
    assert doc == dataclasses.replace(full_doc, lang="en")
    assert report.to_dict() == full_report.to_dict()


def test_readding_the_same_text_and_version_changes_nothing(store: Store, full_doc: Document,
                                                            full_report: Report) -> None:
    assert store.add(full_doc, full_report, "v1") is True
    before = store.counts()
    renamed = dataclasses.replace(full_doc, id="another-id")  # same text, same sha256
    assert store.add(renamed, Report(renamed.id), "v1") is False
    assert store.counts() == before == {"documents": 1, "mentions": 3, "figures": 2, "cases": 0}
    assert store.documents()[0].document.id == "doc-1"


def test_new_pipeline_version_replaces_mentions(store: Store) -> None:
    doc = _doc(1)
    store.add(doc, _report(doc, 3, 2), "v1")
    old_ids = {m.id for m in store.mentions()}

    assert store.add(doc, _report(doc, 1, 1), "v2") is True

    assert store.counts() == {"documents": 1, "mentions": 1, "figures": 1, "cases": 0}
    [mention] = store.mentions()
    assert mention.pipeline_version == "v2" and mention.id not in old_ids
    assert store.figures()[0].pipeline_version == "v2"
    assert store.has_document(doc.sha256, "v2") and not store.has_document(doc.sha256, "v1")
    assert store.add(doc, _report(doc, 1, 1), "v2") is False


def test_reextraction_keeps_the_case_of_a_mention_whose_key_is_unchanged(store: Store) -> None:
    doc = _doc(1)
    store.add(doc, _report(doc, 2), "v1")
    first, second = store.mentions()
    case_id = store.upsert_case("case-a", {}, {})
    store.set_mention_cases({first.id: case_id, second.id: case_id})
    # v2 finds the first incident again (same evidence start and type) but not the second
    report = Report(doc.id, [Incident(type="refusal", actor="group zero", evidence=[(0, 9)]),
                             Incident(type="desertion", actor="group one", evidence=[(1, 6)])])

    store.add(doc, report, "v2")

    kept, changed = store.mentions()
    assert kept.mention_key == first.mention_key and kept.case_id == case_id
    assert kept.incident.incident_id == "case-a" and kept.incident.actor == "group zero"
    assert changed.case_id is None and changed.incident.incident_id is None
    assert store.case(case_id) is not None


@pytest.mark.parametrize(("evidence", "expected_anchor"), [
    ([(40, 50), (10, 20)], ":10:refusal"),
    ([], ":i0:refusal"),
])
def test_mention_key_is_hash_evidence_start_and_type(store: Store, evidence: list[tuple[int, int]],
                                                     expected_anchor: str) -> None:
    doc = _doc(1)
    store.add(doc, Report(doc.id, [Incident(type="refusal", actor="x", evidence=evidence)]), "v1")
    [mention] = store.mentions()
    assert mention.mention_key == doc.sha256 + expected_anchor


def test_repeated_mention_keys_in_one_document_get_a_suffix(store: Store) -> None:
    doc = _doc(1)
    twice = [Incident(type="refusal", actor=a, evidence=[(3, 8)]) for a in ("a", "b", "c")]
    store.add(doc, Report(doc.id, twice), "v1")
    key = mention_key(doc.sha256, 3, "refusal", 0)
    assert [m.mention_key for m in store.mentions()] == [key, key + "#2", key + "#3"]


def test_document_lookups(store: Store) -> None:
    docs = [_doc(n) for n in range(3)]
    for doc in docs:
        store.add(doc, Report(doc.id), "v1")

    stored = store.documents()
    assert [s.document.id for s in stored] == ["d0", "d1", "d2"]
    assert [s.document.id for s in store.documents(limit=1, offset=1)] == ["d1"]
    assert store.document(stored[2].id) == stored[2]
    assert store.document_by_sha(docs[1].sha256) == stored[1]
    assert store.document(10_000) is None and store.document_by_sha("0" * 64) is None
    assert store.has_document(docs[0].sha256) and not store.has_document("0" * 64)


def test_records_group_mentions_and_figures_by_document_across_batches(store: Store) -> None:
    for n in range(5):
        doc = _doc(n)
        store.add(doc, _report(doc, n, n % 2), "v1")

    records = list(store.records(batch=2))

    assert [r.document.document.id for r in records] == [f"d{n}" for n in range(5)]
    assert [len(r.mentions) for r in records] == [0, 1, 2, 3, 4]
    assert [len(r.figures) for r in records] == [0, 1, 0, 1, 0]
    for r in records:
        assert {m.document_id for m in r.mentions} <= {r.document.id}
        assert [m.idx for m in r.mentions] == list(range(len(r.mentions)))


def test_mentions_filter_by_document(store: Store) -> None:
    for n in (1, 2):
        doc = _doc(n)
        store.add(doc, _report(doc, n), "v1")
    second = store.document_by_sha(_doc(2).sha256)
    assert second is not None
    assert [m.incident.actor for m in store.mentions(document_id=second.id)] == [
        "group 0", "group 1"]
    assert len(store.mentions()) == 3


def test_document_without_metadata_round_trips(store: Store) -> None:
    doc = Document(id="bare", text="Nothing here.", published=None)
    store.add(doc, Report("bare"), "v1")
    [(read, report)] = list(store.reports())
    assert read == dataclasses.replace(doc, lang="en") and report == Report("bare")
    assert store.document_by_sha(doc.sha256) is not None
    assert date.today() >= store.documents()[0].ingested_at.date()


def test_reextraction_leaves_review_tables_alone(store: Store) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import func, insert, select

    from otkaz.store.schema import case_overrides, mention_overrides, review_log, users

    doc = _doc(1)
    store.add(doc, _report(doc, 2), "v1")
    [first, _] = store.mentions()
    case_id = store.upsert_case("reviewed", {}, {})
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        conn.execute(insert(users).values(name="ann", password_hash="x", created_at=now))
        conn.execute(insert(review_log).values(
            at=now, user="ann", action="edit", case_id=case_id, mention_id=first.id,
            mention_key=first.mention_key, field="count", before=None, after={"low": 2}))
        conn.execute(insert(case_overrides).values(
            case_id=case_id, field="count", value={"low": 2, "high": 2}, span=[0, 7],
            user="ann", at=now))
        conn.execute(insert(mention_overrides).values(
            mention_key=first.mention_key, field="case_key", value="reviewed", user="ann", at=now))

    store.add(doc, _report(doc, 1), "v2")

    with store.engine.connect() as conn:
        counts = [conn.execute(select(func.count()).select_from(t)).scalar_one()
                  for t in (users, review_log, case_overrides, mention_overrides)]
        logged = conn.execute(select(review_log)).one()
    assert counts == [1, 1, 1, 1]
    assert logged.mention_id == first.id and logged.after == {"low": 2} and logged.before is None
    assert store.mentions()[0].mention_key == first.mention_key  # the decision still finds it


RUSSIAN = ("Двенадцать бойцов ОМОН из Краснодара отказались ехать на Украину, "
           "рассказали родственники.")


def test_the_language_is_stored_as_given_or_as_detected(store: Store) -> None:
    given = Document(id="given", text="Short.", lang="de")
    store.add(given, Report("given"), "v1")
    store.add(Document(id="ru", text=RUSSIAN), Report("ru"), "v1")
    store.add(Document(id="en", text="Twelve riot police officers refused to go to Ukraine."),
              Report("en"), "v1")
    langs = {m.source_id: m.lang for m in store.document_meta()}
    assert langs == {"given": "de", "ru": "ru", "en": "en"}
    assert [d.document.lang for d in store.documents()] == ["de", "ru", "en"]


def test_a_document_in_a_language_not_read_is_kept_without_mentions(store: Store) -> None:
    text = "Чотири військовослужбовці відмовилися їхати на фронт, повідомили рідні."
    report = Report("uk", notices=["document in Ukrainian (uk) was not read"])
    assert store.add(Document(id="uk", text=text), report, "v1") is True
    [stored] = store.documents()
    assert stored.document.lang == "uk" and stored.document.text == text
    assert store.mentions() == []
    # a later version reads it again: the store treats it like any older extraction
    assert store.has_document(stored.sha256, "v1") and not store.has_document(stored.sha256,
                                                                                "v2")


def _case_with(store: Store, docs: list[Document]) -> int:
    for doc in docs:
        store.add(doc, Report(doc.id, [Incident(type="refusal", actor="men",
                                                evidence=[(0, 5)])]), "v1")
    case_id = store.upsert_case("k", {}, {"n_mentions": len(docs), "n_origins": 1})
    store.set_mention_cases({m.id: case_id for m in store.mentions()})
    return case_id


def test_cases_filter_by_the_language_of_any_of_their_documents(store: Store) -> None:
    both = _case_with(store, [Document(id="ru", text=RUSSIAN),
                              Document(id="en", text="Twelve riot police refused to go.")])
    assert [c.id for c in store.cases(lang="ru")] == [both]
    assert [c.id for c in store.cases(lang="en")] == [both]
    assert store.cases(lang="uk") == []
