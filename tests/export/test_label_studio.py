"""Label Studio tasks from the store: one per document, its mentions and figures predicted."""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy import update

from otkaz.export import EXPORTERS
from otkaz.store import Store
from otkaz.store.schema import cases


def tasks(store: Store, **options: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    n = EXPORTERS["label-studio"](store, out, **options)
    data = json.loads(out.getvalue())
    assert n == len(data)
    return data


def labelled(task: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["value"]["labels"][0], r["value"]["text"])
            for r in task["predictions"][0]["result"] if r["type"] == "labels"]


def test_one_task_per_document_with_its_mentions(store: Store) -> None:
    first, second = tasks(store)
    assert first["data"]["id"] == "first" and first["data"]["url"] == "https://example.org/marines"
    assert first["data"]["published"] == "2023-03-01"
    assert first["predictions"][0]["model_version"] == "v1"
    assert first["predictions"][0]["score"] == 0.9  # the least sure incident's confidence
    spans = labelled(first)
    assert ("Incident", "Forty marines from Vladivostok refused to advance") in spans
    assert ("actor", "Forty marines") in spans and ("home", "Vladivostok") in spans
    assert ("source", "Siberia Desk") in spans
    choices = {r["from_name"]: r["value"]["choices"] for r in first["predictions"][0]["result"]
               if r["type"] == "choices"}
    assert choices["force"] == ["marines"] and choices["personnel"] == ["contract", "officer"]
    values = [t for r in first["predictions"][0]["result"] if r["type"] == "textarea"
              for t in r["value"]["text"]]
    assert "count: 40" in values and "when: 2023-02-01..2023-02-28" in values
    assert "case: marines-2023-02" in values  # the linked case's key
    # a value outside the evidence is marked where the text has it
    assert labelled(second) == [("Incident", "Two conscripts deserted"),
                                ("actor", "Two conscripts"), ("place", "Belgorod")]


def test_mentions_of_rejected_cases_are_left_out(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(cases).values(status="rejected"))
    first = tasks(store)[0]
    assert ("actor", "Forty marines") not in labelled(first)
    assert ("actor", "Forty marines") in labelled(tasks(store, statuses=("rejected",))[0])
