"""Gold -> Label Studio tasks -> (annotations equal to the pre-annotations) -> import -> gold.

The label-studio-sdk is not a dependency (it pins numpy below ours and brings opencv,
pandas and nltk), so the tasks are checked against Label Studio's documented JSON shape
and against our labeling config: every control, label and choice a result uses is one the
config declares.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from otkaz.labelstudio import labeling_config, make_task, read_export
from otkaz.models import Document

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"

EN = ("Marines quit\nForty marines from Vladivostok refused to advance near Vuhledar in "
      "February 2023, the Siberia Desk and Idite Lesom reported. They were threatened with "
      "prison. 😀 Two conscripts deserted from a base in Belgorod, their mothers said. "
      "Mediazona counted 684 AWOL cases in 2023.")
RU = ("Отказники из Брянки\nВ Брянке 12 мобилизованных отказались возвращаться на фронт, "
      "сообщил Павел Чиков.")


def incident(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "refusal", "actor": "", "force": None, "personnel": [], "unit": None,
        "count": None, "home": None, "place": None, "when": None, "sources": [],
        "outcomes": []}
    return {**base, **fields}


GOLD: dict[str, tuple[str, dict[str, Any]]] = {
    "every field, two passages": (EN, {"id": "en", "incidents": [
        incident(actor="Forty marines", force="marines", personnel=["contract"],
                 count={"low": 40, "high": 40}, home="Vladivostok", place="Vuhledar",
                 when={"start": "2023-02-01", "end": "2023-02-28"},
                 sources=["Siberia Desk", "Idite Lesom"], outcomes=["threatened"],
                 case="marines-vuhledar",
                 evidence=["Forty marines from Vladivostok refused to advance near Vuhledar",
                           "They were threatened with prison."]),
        # after an emoji: Label Studio's offsets (UTF-16) differ from Python's here
        incident(type="desertion", actor="Two conscripts", personnel=["conscript"],
                 count={"low": 2, "high": None}, place="a base in Belgorod",
                 sources=["their mothers"],
                 evidence=["Two conscripts deserted from a base in Belgorod"]),
    ], "figures": [
        {"measure": "awol_cases", "value": {"low": 684, "high": 684},
         "period": {"start": "2023-01-01", "end": "2023-12-31"}, "place": None,
         "sources": ["Mediazona"], "evidence": ["Mediazona counted 684 AWOL cases in 2023"]},
    ]}),
    "values not worded in the text": (EN, {"id": "en", "incidents": [
        # a base form and a source the text does not spell out go in the values text area
        incident(actor="marines of the 155th brigade", unit="155th brigade", home="Primorye",
                 sources=["Siberia Desk", "Agora"], count={"low": None, "high": 50},
                 evidence=["Forty marines from Vladivostok refused to advance"]),
    ], "figures": []}),
    "Russian, base forms": (RU, {"id": "ru", "incidents": [
        incident(actor="12 мобилизованных", personnel=["mobilized"], home="Брянка",
                 place="Брянке", count={"low": 12, "high": 12}, sources=["Павел Чиков"],
                 evidence=["В Брянке 12 мобилизованных отказались возвращаться на фронт"]),
    ], "figures": []}),
    "nothing to report": (EN, {"id": "en", "incidents": [], "figures": []}),
}


def annotated_export(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What Label Studio exports when each annotator accepted the pre-annotations as they
    were: the prediction's result becomes the annotation's, through JSON."""
    out = json.loads(json.dumps(tasks))
    for n, task in enumerate(out, 1):
        task["id"] = n
        task["annotations"] = [{"id": 100 + n, "completed_by": 1, "was_cancelled": False,
                                "ground_truth": False,
                                "result": task["predictions"][0]["result"]}]
    return out


@pytest.mark.parametrize("name", GOLD)
def test_gold_survives_the_round_trip(name: str) -> None:
    text, gold = GOLD[name]
    task = make_task(Document(gold["id"], text), gold)
    back = read_export(annotated_export([task]))
    assert back.errors == [] and len(back.documents) == 1
    assert back.documents[0].gold == gold
    assert json.dumps(back.documents[0].gold) == json.dumps(gold)  # key order too


def test_emoji_shifts_label_studio_offsets() -> None:
    text, gold = GOLD["every field, two passages"]
    result = make_task(Document("en", text), gold)["predictions"][0]["result"]
    quote = "Two conscripts deserted from a base in Belgorod"
    region = next(r for r in result if r["type"] == "labels" and r["value"]["text"] == quote)
    assert region["value"]["start"] == text.index(quote) + 1  # the emoji is two UTF-16 units


def _declared() -> tuple[dict[str, set[str]], set[str]]:
    """Each control of the labeling config with the values it allows; the object names."""
    root = etree.fromstring(labeling_config().encode())
    controls: dict[str, set[str]] = {}
    for tag in root.iter("Labels", "Choices", "TextArea"):
        controls[tag.get("name")] = {c.get("value") for c in tag if c.tag in ("Label", "Choice")}
    return controls, {t.get("name") for t in root.iter("Text")}


def check_shape(task: dict[str, Any]) -> None:
    """A task as Label Studio documents it, using only what our config declares."""
    controls, objects = _declared()
    assert isinstance(task["data"]["text"], str)
    for prediction in task["predictions"]:
        ids = set()
        for r in prediction["result"]:
            if r["type"] == "relation":
                assert set(r) >= {"from_id", "to_id", "direction"} and r["direction"] in (
                    "left", "right", "bi")
                assert {r["from_id"], r["to_id"]} <= ids
                continue
            assert r["to_name"] in objects and r["from_name"] in controls
            v = r["value"]
            assert isinstance(v["start"], int) and isinstance(v["end"], int)
            assert 0 <= v["start"] < v["end"]
            if r["type"] == "labels":
                assert set(v["labels"]) <= controls[r["from_name"]]
                ids.add(r["id"])
            elif r["type"] == "choices":
                assert v["choices"] and set(v["choices"]) <= controls[r["from_name"]]
                assert r["id"] in ids  # per region: the id of a labelled region
            else:
                assert r["type"] == "textarea" and all(isinstance(t, str) for t in v["text"])


@pytest.mark.parametrize("name", GOLD)
def test_tasks_have_label_studio_shape(name: str) -> None:
    text, gold = GOLD[name]
    check_shape(make_task(Document(gold["id"], text), gold))


CORPORA = ["dev", "real", "real-extra", "real-ru"]


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_gold_corpus_survives_the_round_trip(corpus: str) -> None:
    folder = SHARED / corpus
    if not (folder / "gold.jsonl").exists():
        pytest.skip(f"no corpus at {folder} (CI has ../shared)")
    docs = [json.loads(line) for line in (folder / "docs.jsonl").open(encoding="utf-8")]
    gold = {g["id"]: g for g in map(json.loads, (folder / "gold.jsonl").open(encoding="utf-8"))}
    tasks = [make_task(Document(d["id"], d["text"]), gold[d["id"]]) for d in docs
             if d["id"] in gold]
    for task in tasks:
        check_shape(task)
    back = read_export(annotated_export(tasks))
    assert back.errors == []
    assert {d.document.id: d.gold for d in back.documents} == gold


def test_the_config_offers_exactly_the_report_codes() -> None:
    from otkaz.labelstudio.config import CHOICES, SPAN_LABELS

    controls, objects = _declared()
    assert objects == {"text"}
    for name, control in CHOICES.items():
        assert controls[name] == set(control.values)
    assert controls["label"] == {"Incident", "Figure", *SPAN_LABELS.values()}
