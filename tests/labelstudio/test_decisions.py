"""Annotations become reviewers' decisions on stored mentions, logged, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from otkaz.labelstudio import make_task, read_export
from otkaz.labelstudio.decisions import record_decisions
from otkaz.link import relink
from otkaz.link.records import case_records
from otkaz.models import Document, Incident, Range, Report
from otkaz.store import Store, open_store
from otkaz.store.schema import mention_overrides, review_log

TEXT = ("Forty marines from Vladivostok refused to advance near Vuhledar, the Siberia Desk "
        "reported. Two conscripts deserted from a base in Belgorod.")


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


MARINES = Incident(type="refusal", actor="Forty marines", force="marines", count=Range(40, 40),
                   home="Vladivostok", place="Vuhledar", sources=["Siberia Desk"],
                   evidence=[at("Forty marines from Vladivostok refused to advance")])
CONSCRIPTS = Incident(type="desertion", actor="Two conscripts", count=Range(2, 2),
                      evidence=[at("Two conscripts deserted from a base in Belgorod")])
DOC = Document("d1", TEXT, published=date(2023, 3, 1))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as s:
        s.add(DOC, Report("d1", [MARINES, CONSCRIPTS]), "v1")
        relink(s)
        yield s


def annotate(gold: dict[str, Any]) -> Any:
    """The export of a task whose annotation says `gold`."""
    task = make_task(DOC, gold)
    task.update(id=1, annotations=[{"id": 9, "completed_by": 4,
                                    "result": task["predictions"][0]["result"]}])
    return read_export([task]).documents


def machine_gold() -> dict[str, Any]:
    report = Report("d1", [MARINES, CONSCRIPTS]).to_dict()
    for item in report["incidents"]:
        item["evidence"] = [TEXT[s:e] for s, e in item["evidence"]]
        for key in ("spans", "chain", "geo"):
            item.pop(key)
    return report


def test_accept_correct_reject_and_reject_a_mention(store: Store) -> None:
    gold = machine_gold()
    marines = gold["incidents"][0]
    marines["count"] = {"low": 45, "high": 45}  # corrected
    marines["place"] = None  # rejected
    gold["incidents"] = [marines]  # the conscripts are not a case: the mention is rejected
    summary = record_decisions(store, annotate(gold), user="anna")
    by = {(d.action, d.field) for d in summary.decisions}
    assert ("correct", "count") in by and ("reject", "place") in by
    assert ("reject_mention", "status") in by
    assert {f for a, f in by if a == "accept"} == {"type", "actor", "force", "home", "sources"}
    assert summary.counts() == {"accept": 5, "correct": 1, "reject": 1, "reject_mention": 1}
    with store.engine.connect() as conn:
        log = conn.execute(select(review_log).where(review_log.c.action == "correct")).one()
        overrides = {(r.field, str(r.value)) for r in conn.execute(select(mention_overrides))}
    assert (log.user, log.field, log.before, log.after) == (
        "anna", "count", {"low": 40, "high": 40}, {"low": 45, "high": 45})
    assert log.note == "Label Studio task 1, annotation 9 by 4"
    assert ("status", "rejected") in overrides and ("place", "None") in overrides
    # the case shows the reviewed values once relinked (record_decisions relinks)
    record = next(r for r in case_records(store) if r.actor == "Forty marines")
    assert (record.count_low, record.count_high, record.place) == (45, 45, None)


def test_importing_twice_changes_nothing(store: Store) -> None:
    gold = machine_gold()
    gold["incidents"][1]["count"] = {"low": 3, "high": 3}
    first = record_decisions(store, annotate(gold), user="anna")
    again = record_decisions(store, annotate(copy.deepcopy(gold)), user="anna")
    assert first.decisions and again.decisions == []
    assert again.unchanged == len(first.decisions)
    with store.engine.connect() as conn:
        assert len(conn.execute(select(review_log)).all()) == len(first.decisions)


def test_missed_incidents_and_documents_not_stored(store: Store) -> None:
    gold = machine_gold()
    extra = {**gold["incidents"][0], "evidence": ["the Siberia Desk reported"]}
    gold["incidents"].append(extra)  # overlaps no stored mention
    summary = record_decisions(store, annotate(gold), user="anna")
    assert summary.missed == 1 and summary.documents == 1
    other = read_export([{**make_task(Document("d2", "Nothing here."), None),
                          "annotations": [{"id": 1, "result": []}]}]).documents
    assert record_decisions(store, other, user="anna").not_stored == 1
