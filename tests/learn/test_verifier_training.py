"""Verifier training on toy examples: fitting, calibration, threshold, folds kept apart."""

from __future__ import annotations

import math

import pytest

from otkaz.learn.verifier import (
    Example,
    _best_threshold,
    _calibrate,
    _fit,
    out_of_fold,
)

pytest.importorskip("sklearn")


def example(fold: int | None, good: bool, i: int = 0) -> Example:
    feats = ["bias", "e:refused" if good else "e:generally", f"noise:{i % 3}"]
    return Example("toy", f"d{fold}-{i}", fold, "incidents", i, feats, good)


TOY = [example(f, good, i) for f in (0, 1, 2, 3) for i, good in enumerate([True, False] * 4)]


def test_fit_learns_which_wording_marks_a_real_case() -> None:
    model = _fit(TOY, 1.0)
    assert model.weights["e:refused"] > 0 > model.weights["e:generally"]
    assert model.probability(["bias", "e:refused"]) > 0.5 > model.probability(
        ["bias", "e:generally"])


def test_fit_is_deterministic() -> None:
    assert _fit(TOY, 0.5).to_dict() == _fit(list(TOY), 0.5).to_dict()


def test_one_class_keeps_or_drops_everything() -> None:
    assert _fit([example(0, True)], 1.0).probability(["bias"]) > 0.9
    assert _fit([example(0, False)], 1.0).probability(["bias"]) < 0.1


def test_calibration_follows_the_held_out_scores() -> None:
    scale, shift = _calibrate([-2.0, -1.0, 1.0, 2.0, -1.5, 1.5], [False, False, True, True,
                                                                   True, False])
    assert scale > 0
    flat_scale, flat_shift = _calibrate([1.0, 2.0, 3.0, 4.0], [True, True, False, True])
    assert flat_scale == 0.0  # scores that predict nothing give every item the base rate
    assert math.isclose(1 / (1 + math.exp(-flat_shift)), 0.75)


@pytest.mark.parametrize(("probs", "labels", "gold", "expected"), [
    ([0.9, 0.8, 0.2, 0.1], [True, True, False, False], 2, 0.5),  # ties go to 0.5
    ([0.9, 0.6, 0.3], [True, False, False], 1, 0.65),
    ([0.35, 0.3], [True, True], 2, 0.3),
])
def test_threshold_maximises_detection_f1(probs: list[float], labels: list[bool], gold: int,
                                          expected: float) -> None:
    assert _best_threshold(probs, labels, gold) == expected


def test_out_of_fold_scores_come_from_models_that_never_saw_the_fold() -> None:
    # fold 3's examples carry a wording whose label flips in fold 3 only: a model that had
    # seen fold 3 would score them up; one that had not scores them by the other folds
    flipped = [Example("toy", f"f{f}-{i}", f, "incidents", i, ["bias", "e:odd"], f == 3)
               for f in (0, 1, 2, 3) for i in range(4)]
    scores = out_of_fold(flipped, (0, 1, 2, 3), c=1.0)["incidents"]
    assert all(scores[i] < 0 for i, e in enumerate(flipped) if e.fold == 3)
    assert set(scores) == set(range(len(flipped)))
    assert not out_of_fold(flipped + [example(4, True)], (0, 1, 2, 3))["incidents"].get(
        len(flipped))
