"""Reading annotations as people make them in Label Studio, and what is refused."""

from __future__ import annotations

from typing import Any

import pytest

from otkaz.errors import AnnotationError
from otkaz.labelstudio import read_export
from otkaz.labelstudio.results import Offsets

TEXT = ("Forty marines from Vladivostok refused to advance near Vuhledar in February 2023, "
        "Idite Lesom said. About 30 of them were later detained.")
PUBLISHED = "2023-03-01"


def span(words: str, label: str, rid: str) -> dict[str, Any]:
    start = TEXT.index(words)
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": start + len(words), "text": words,
                      "labels": [label]}}


def on(rid: str, words: str, control: str, kind: str, value: Any) -> dict[str, Any]:
    start = TEXT.index(words)
    key = "choices" if kind == "choices" else "text"
    return {"id": rid, "from_name": control, "to_name": "text", "type": kind,
            "value": {"start": start, "end": start + len(words), key: value}}


EVIDENCE = "Forty marines from Vladivostok refused to advance near Vuhledar in February 2023"


def task(result: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": 7, "data": {"text": TEXT, "id": "doc-7", "published": PUBLISHED},
            "annotations": [{"id": 1, "completed_by": 3, "was_cancelled": False,
                             "result": result}], **extra}


def read_one(result: list[dict[str, Any]]) -> dict[str, Any]:
    done = read_export([task(result)])
    assert done.errors == []
    return done.documents[0].gold["incidents"][0]


def test_field_spans_inside_the_evidence_need_no_relation() -> None:
    """As an annotator marks them by hand: spans, no relations, no values lines; counts and
    dates are read from their words by otkaz's normalizers (with the publication date)."""
    got = read_one([
        span(EVIDENCE, "Incident", "e"),
        on("e", EVIDENCE, "type", "choices", ["refusal"]),
        on("e", EVIDENCE, "force", "choices", ["marines"]),
        span("Forty marines", "actor", "a"), span("Forty", "count", "c"),
        span("Vladivostok", "home", "h"), span("Vuhledar", "place", "p"),
        span("February 2023", "when", "w"),
    ])
    assert (got["actor"], got["force"], got["count"], got["home"], got["place"], got["when"]) \
        == ("Forty marines", "marines", {"low": 40, "high": 40}, "Vladivostok", "Vuhledar",
            {"start": "2023-02-01", "end": "2023-02-28"})
    assert got["evidence"] == [EVIDENCE]


def test_a_values_line_wins_over_a_span() -> None:
    got = read_one([
        span(EVIDENCE, "Incident", "e"), on("e", EVIDENCE, "type", "choices", ["refusal"]),
        on("e", EVIDENCE, "values", "textarea", ["count: 40-45\nplace: near Vuhledar",
                                                 "sources: Idite Lesom; Agora"]),
        span("Forty", "count", "c"), span("Vuhledar", "place", "p"),
        span("Idite Lesom", "source", "s"),
    ])
    assert got["count"] == {"low": 40, "high": 45}
    assert got["place"] == "near Vuhledar" and got["sources"] == ["Idite Lesom", "Agora"]


def test_relations_join_passages_outside_each_other() -> None:
    later = "About 30 of them were later detained."
    got = read_one([
        span(EVIDENCE, "Incident", "e"), on("e", EVIDENCE, "type", "choices", ["refusal"]),
        span(later, "Incident", "e2"),
        on("e2", later, "outcomes", "choices", ["detained"]),  # choices on any of its regions
        span("Idite Lesom", "source", "s"),  # outside both passages: joined by a relation
        {"type": "relation", "from_id": "e", "to_id": "e2", "direction": "left"},
        {"type": "relation", "from_id": "e2", "to_id": "s", "direction": "right"},
    ])
    assert got["evidence"] == [EVIDENCE, later]
    assert got["outcomes"] == ["detained"] and got["sources"] == ["Idite Lesom"]


def test_the_annotation_that_counts() -> None:
    """A ground-truth annotation first, else the last one not cancelled."""
    refusal = [span(EVIDENCE, "Incident", "e"), on("e", EVIDENCE, "type", "choices",
                                                   ["refusal"])]
    desertion = [span(EVIDENCE, "Incident", "e"), on("e", EVIDENCE, "type", "choices",
                                                     ["desertion"])]
    t = task(refusal)
    t["annotations"] += [{"id": 2, "result": desertion, "ground_truth": True},
                         {"id": 3, "result": refusal, "was_cancelled": True}]
    done = read_export([t]).documents[0]
    assert done.gold["incidents"][0]["type"] == "desertion" and done.annotation_id == 2
    nobody = task(refusal)
    nobody["annotations"][0]["was_cancelled"] = True
    assert read_export([nobody]).unannotated == 1


def test_offsets_in_utf16_units() -> None:
    o = Offsets("a😀b")
    assert [o.js(i) for i in range(4)] == [0, 1, 3, 4]
    assert (o.py(3), o.py(2)) == (2, None)  # 2 is inside the emoji
    plain = Offsets("abc")
    assert (plain.js(2), plain.py(2)) == (2, 2)


BAD: dict[str, tuple[Any, str, str]] = {
    "not a list of tasks": ({"tasks": []}, "E611", "not a Label Studio JSON export"),
    "no text": ([{"id": 1, "data": {"body": "x"}, "annotations": []}], "E612",
                "task 1: no text in data.text"),
    "region beyond the text": ([task([{**span(EVIDENCE, "Incident", "e"),
                                        "value": {"start": 0, "end": 9999,
                                                  "labels": ["Incident"]}}])],
                               "E613", "task 7: region e does not fit the text"),
    "text changed": ([task([{**span(EVIDENCE, "Incident", "e"),
                             "value": {"start": 0, "end": 5, "text": "Fifty",
                                       "labels": ["Incident"]}}])],
                     "E613", "region e says 'Fifty' but the text has 'Forty' there"),
    "no type": ([task([span(EVIDENCE, "Incident", "e")])], "E614",
                "task 7: an Incident region has no type"),
    "unreadable count": ([task([span(EVIDENCE, "Incident", "e"),
                                on("e", EVIDENCE, "type", "choices", ["refusal"]),
                                on("e", EVIDENCE, "values", "textarea", ["count: forty"])])],
                         "E614", "task 7: count: write N, N-M"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_task_is_one_error_and_the_others_are_read(name: str) -> None:
    export, code, message = BAD[name]
    good = task([span(EVIDENCE, "Incident", "e"), on("e", EVIDENCE, "type", "choices",
                                                     ["refusal"])])
    if isinstance(export, list):
        done = read_export([*export, good])
        assert [e.code for e in done.errors] == [code]
        assert message in str(done.errors[0])
        assert len(done.documents) == 1  # the good task is still read
    else:
        with pytest.raises(AnnotationError) as err:
            read_export(export)
        assert err.value.code == code and message in str(err.value)
