"""Scoring small hand-made gold and predictions, with the numbers worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from otkaz.errors import EvaluationError
from otkaz.evaluate import score

TEXT = ("Ten soldiers of the 5th brigade refused to fight in Kherson in March 2022, Agora said. "
        "Two sailors deserted in Sevastopol. Mediazona counted 684 cases of AWOL in 2023.")
S1 = "Ten soldiers of the 5th brigade refused to fight in Kherson in March 2022"  # 0..73
S2 = "Two sailors deserted in Sevastopol"  # 87..121
S3 = "Mediazona counted 684 cases of AWOL in 2023"  # 123..166
DOCS = [{"id": "a", "text": TEXT}]

TEN = {"type": "refusal", "actor": "Ten soldiers", "count": {"low": 10, "high": 10},
       "place": "Kherson", "evidence": [S1]}  # 4 present values
TWO = {"type": "desertion", "actor": "Two sailors", "place": "Sevastopol", "evidence": [S2]}
FIG = {"measure": "awol_cases", "value": {"low": 684, "high": 684},
       "period": {"start": "2023-01-01", "end": "2023-12-31"}, "sources": ["Mediazona"],
       "evidence": [S3]}  # 4 present values


def pred(item: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A prediction of `item`: its quotes turned into offsets, with `changes`."""
    out = {k: v for k, v in item.items() if k != "evidence"}
    out["evidence"] = [[TEXT.index(q), TEXT.index(q) + len(q)] for q in item["evidence"]]
    return {**out, **changes}


def run(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], figures_gold: Any = (),
        figures_pred: Any = ()) -> Any:
    return score(DOCS, [{"id": "a", "incidents": gold, "figures": list(figures_gold)}],
                 [{"id": "a", "incidents": predicted, "figures": list(figures_pred)}])


# name: gold, predictions, (detection P, R, F1), (end-to-end P, R, F1)
DETECTION_CASES = {
    "perfect": ([TEN], [pred(TEN)], (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
    # the extra item's two values (type, actor) can only be wrong: 4 of 6 predicted
    "one extra": ([TEN], [pred(TEN), pred(TWO, place=None)], (0.5, 1.0, 2 / 3),
                  (4 / 6, 1.0, 0.8)),
    # the missed item's three values are missed: 4 of 7 gold
    "one missed": ([TEN, TWO], [pred(TEN)], (1.0, 0.5, 2 / 3), (1.0, 4 / 7, 8 / 11)),
    "nothing predicted": ([TEN], [], (None, 0.0, 0.0), (None, 0.0, 0.0)),
    # evidence quoted instead of offsets, on another part of the same sentence, still matches
    "quoted evidence overlapping": ([TEN], [pred(TEN, evidence=["refused to fight"])],
                                    (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
    # a prediction whose evidence is elsewhere is an extra, and the gold one is missed
    "evidence elsewhere": ([TEN], [pred(TEN, evidence=[[87, 121]])], (0.0, 0.0, 0.0),
                           (0.0, 0.0, 0.0)),
}


@pytest.mark.parametrize("name", DETECTION_CASES)
def test_detection_and_end_to_end(name: str) -> None:
    gold, predicted, detection, end_to_end = DETECTION_CASES[name]
    result = run(gold, predicted)
    d, e = result.incidents.detection, result.incidents.end_to_end
    assert (d.precision, d.recall, d.f1) == pytest.approx(detection)
    assert (e.precision, e.recall, e.f1) == pytest.approx(end_to_end)


# field: predicted value against TEN's gold (or the gold set), (predicted, gold, correct)
FIELD_CASES = [
    ("count", {"low": 10, "high": None}, (1, 1, 0)),  # "more than 10" is not "10"
    ("count", {"low": None, "high": None}, (0, 1, 0)),  # a range of nulls is no value
    ("place", "Kherson region", (1, 1, 1)),  # one name inside the other
    ("place", "Kharkiv", (1, 1, 0)),
    ("place", None, (0, 1, 0)),
    ("actor", "Ten soldiers of the 5th brigade", (1, 1, 1)),  # the gold inside it
    ("actor", "soldiers of the 5th brigade", (1, 1, 0)),  # too few words in common
    ("actor", "the sailors", (1, 1, 0)),
    ("type", "desertion", (1, 1, 0)),
    ("force", "army", (1, 0, 0)),  # a value the gold does not have
]


@pytest.mark.parametrize("field,value,expected", FIELD_CASES,
                         ids=[f"{f}={v}" for f, v, _ in FIELD_CASES])
def test_field_counts(field: str, value: Any, expected: tuple[int, int, int]) -> None:
    f = run([TEN], [pred(TEN, **{field: value})]).incidents.fields[field]
    assert (f.predicted, f.gold, f.correct) == expected


# list fields count items: (predicted list, gold list) -> (predicted, gold, correct)
SET_CASES = [
    ("sources", ["Agora", "Reuters"], ["Agora"], (2, 1, 1)),
    ("sources", ["agora’s"], ["Agora's"], (1, 1, 1)),  # folded: case and apostrophes
    ("sources", ["Agora", "Agora"], ["Agora"], (2, 1, 1)),  # one to one
    ("outcomes", ["detained", "convicted"], ["detained", "prosecuted"], (2, 2, 1)),
    ("personnel", [], ["conscript"], (0, 1, 0)),
]


@pytest.mark.parametrize("field,predicted,gold,expected", SET_CASES,
                         ids=[f"{f}={p}" for f, p, _, _ in SET_CASES])
def test_list_fields(field: str, predicted: list[str], gold: list[str],
                     expected: tuple[int, int, int]) -> None:
    f = run([{**TEN, field: gold}], [pred(TEN, **{field: predicted})]).incidents.fields[field]
    assert (f.predicted, f.gold, f.correct) == expected


def test_figures_are_scored_apart_from_incidents() -> None:
    result = run([TEN], [pred(TEN)], [FIG],
                 [pred(FIG, value={"low": 684, "high": None}, sources=[])])
    fig = result.figures
    assert (fig.detection.precision, fig.detection.recall) == (1.0, 1.0)
    assert (fig.fields["value"].predicted, fig.fields["value"].correct) == (1, 0)
    # measure and period right, value wrong, the source missed: 2 of 3 predicted, 2 of 4 gold
    assert (fig.end_to_end.precision, fig.end_to_end.recall) == pytest.approx((2 / 3, 0.5))
    assert result.incidents.end_to_end.f1 == 1.0


def test_linking_is_b_cubed_over_matched_mentions() -> None:
    docs = [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT}]
    gold = [{"id": d, "incidents": [{**TEN, "case": "ten"}], "figures": []} for d in "ab"]
    # the two mentions of one case were given two ids: each is alone in its predicted
    # cluster (precision 1) and finds half of its gold cluster (recall 0.5)
    predicted = [{"id": d, "incidents": [pred(TEN, incident_id=f"x{d}")]} for d in "ab"]
    link = score(docs, gold, predicted).linking
    assert link is not None
    assert (link.precision, link.recall, link.f1, link.mentions) == pytest.approx(
        (1.0, 0.5, 2 / 3, 2))
    joined = [{"id": d, "incidents": [pred(TEN, incident_id="x")]} for d in "ab"]
    assert score(docs, gold, joined).linking.f1 == 1.0  # type: ignore[union-attr]


def test_no_linking_without_incident_ids() -> None:
    assert run([TEN], [pred(TEN)]).linking is None


def test_grounding_counts_items_pointing_outside_the_text() -> None:
    outside = pred(TWO, evidence=[[87, 121]], spans={"place": [500, 510]})
    assert run([TEN], [pred(TEN), outside]).grounded == 0.5
    missing_quote = pred(TWO, evidence=["not in the text"])
    assert run([TEN], [pred(TEN), missing_quote]).grounded == 0.5
    assert run([TEN], []).grounded is None


def test_show_lists_misses_extras_and_wrong_fields() -> None:
    result = score(DOCS, [{"id": "a", "incidents": [TEN, TWO]}],
                   [{"id": "a", "incidents": [pred(TEN, place="Kharkiv")],
                     "figures": [pred(FIG)]}], show=True)
    assert result.shown == [
        "a:",
        "  incident matched: Ten soldiers",
        '    place: predicted "Kharkiv" gold "Kherson"',
        '  missed incident: {"type": "desertion", "actor": "Two sailors"}',
        '  extra figure: {"measure": "awol_cases", "value": {"low": 684, "high": 684}}',
    ]


@pytest.mark.parametrize("gold,predicted,message", [
    ([{"id": "zz", "incidents": []}], [], "gold for an unknown document id: 'zz'"),
    ([{"id": "a"}], [{"id": "zz"}], "prediction for an unknown document id: 'zz'"),
    ([{"id": "a", "incidents": [{**TEN, "evidence": ["never said"]}]}], [],
     "a gold quote is not in the text of document 'a'"),
])
def test_unusable_input_is_one_clear_error(gold: Any, predicted: Any, message: str) -> None:
    with pytest.raises(EvaluationError) as err:
        score(DOCS, gold, predicted)
    assert message in str(err.value)
    assert err.value.code in ("E603", "E604")


def test_json_form_has_the_reference_keys() -> None:
    d = run([TEN], [pred(TEN)]).to_dict()
    assert list(d) == ["documents", "incidents", "figures", "linking", "grounded"]
    assert list(d["incidents"]["detection"]) == ["precision", "recall", "f1", "predicted",
                                                 "gold", "correct"]
    assert list(d["incidents"]["fields"]) == ["type", "force", "count", "home", "place",
                                              "when", "actor", "unit", "sources", "outcomes",
                                              "personnel"]
