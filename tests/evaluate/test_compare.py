"""When one field value counts as another (docs/FORMAT.md), and where quotes stand."""

from __future__ import annotations

from typing import Any

import pytest

from otkaz.evaluate.compare import field_equal, fold, present, stem
from otkaz.evaluate.matching import footprint, locate, match

D = {"start": "2022-03-10", "end": "2022-03-10"}

CASES: list[tuple[str, Any, Any, bool]] = [
    ("type", "refusal", "refusal", True),
    ("type", "refusal", "desertion", False),
    ("count", {"low": 80, "high": 80}, {"low": 80, "high": 80}, True),
    ("count", {"low": 80, "high": None}, {"low": 80, "high": 80}, False),
    ("count", "80", {"low": 80, "high": 80}, False),
    ("value", {"low": None, "high": 100}, {"low": None, "high": 100}, True),
    ("when", {"start": "2022-03-01", "end": "2022-03-31"}, D, True),  # 30 days longer
    ("when", {"start": "2022-03-01", "end": "2022-04-01"}, D, True),  # 31: still inside
    ("when", {"start": "2022-03-01", "end": "2022-04-02"}, D, False),  # 32 days longer
    ("when", {"start": "2022-03-11", "end": "2022-03-12"}, D, False),  # no overlap
    ("period", {"start": "2023"}, {"start": "2023-01-01", "end": "2023-12-31"}, False),
    ("place", "Kherson region", "Kherson", True),  # one inside the other
    ("place", "kherson", "Kherson", True),
    ("place", "Kharkiv", "Kherson", False),
    ("place", "Zaporizhzhia", "Zaporizhzhya", True),  # fuzzy ratio >= 85
    ("home", "в Брянке", "Брянка", True),  # Russian case ending cut
    ("home", "Псковской области", "Псковская область", True),
    ("home", 12, "Pskov", False),  # not a string
    ("actor", "the 60 Pskov soldiers", "60 Pskov soldiers", True),
    ("actor", "brigade soldiers", "soldiers of brigade", True),  # two of three words
    ("actor", "sailors", "60 Pskov soldiers", False),
    ("unit", "Plastun company", "the Plastun company", True),
]


@pytest.mark.parametrize("field,pred,gold,expected", CASES,
                         ids=[f"{f}:{p}~{g}" for f, p, g, _ in CASES])
def test_field_equal(field: str, pred: Any, gold: Any, expected: bool) -> None:
    assert field_equal(field, pred, gold) is expected


def test_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        field_equal("colour", "red", "red")


@pytest.mark.parametrize("value,expected", [
    (None, False), ("", False), ([], False), ({"low": None, "high": None}, False),
    ("x", True), (["a"], True), ({"low": 0, "high": None}, True), (0, True),
])
def test_present(value: Any, expected: bool) -> None:
    assert present(value) is expected


@pytest.mark.parametrize("raw,folded", [
    ("Krasnodar’s OMON", "krasnodars omon"),
    ("Ukrainian-held  «Kherson»", "ukrainian held kherson"),
    ("Café", "cafe"),
])
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_stem_leaves_latin_and_short_words() -> None:
    assert stem("псковской области pskovskoy") == "псковск област pskovskoy"
    assert stem("в ней") == "в ней"


@pytest.mark.parametrize("text,quote,where", [
    ("They refused to go.", "refused to go", (5, 18)),
    ("They refused\n to  go.", "refused to go", (5, 20)),  # white space differs
    ("They refused to go.", "refused to stay", None),
])
def test_locate(text: str, quote: str, where: tuple[int, int] | None) -> None:
    assert locate(text, quote) == where


def test_footprint_counts_pieces_that_point_nowhere() -> None:
    text = "Ten soldiers refused."
    item = {"evidence": [[0, 12], "refused", [5, 99], "absent"], "spans": {"count": [0, 3]}}
    assert footprint(text, item, gold=False) == ([(0, 12), (13, 20), (0, 3)], 2)
    assert footprint(text, item, gold=True) == ([(0, 12), (13, 20)], 2)  # gold: no spans


def test_match_is_one_to_one_greatest_overlap_first() -> None:
    text = "A" * 100
    golds = [{"evidence": ["A" * 10]}]  # the quote is found at 0..10
    preds = [{"evidence": [[0, 4]]}, {"evidence": [[0, 9]]}]
    assert match(text, preds, golds) == [(1, 0)]
