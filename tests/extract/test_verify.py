"""The verifier: features, calibrated probabilities, the threshold, the shipped artefact."""

from __future__ import annotations

import json
import math

import pytest

from otkaz.extract import verify
from otkaz.extract.prefilter import Layout
from otkaz.extract.verify import (
    LogisticModel,
    Verifier,
    figure_features,
    incident_features,
    load_verifier,
)
from otkaz.models import Figure, Incident, Range, Report

TEXT = ("Soldiers refuse to fight\nTwelve marines from Omsk refused to attack near Vuhledar "
        "on Monday, their wives told Sibir.Realii.\nCourts heard 40 AWOL cases in May.\n")


def marines() -> Incident:
    s = TEXT.index("Twelve")
    return Incident("refusal", "Twelve marines from Omsk", count=Range(12, 12), force="marines",
                    home="Omsk", sources=["Sibir.Realii"], evidence=[(s, s + 60)])


def headline() -> Incident:
    return Incident("refusal", "Soldiers", evidence=[(0, 24)])


def awol() -> Figure:
    s = TEXT.index("Courts")
    return Figure("awol_cases", Range(40, 40), evidence=[(s, s + 33)])


def test_incident_features_describe_shape_position_and_wording() -> None:
    feats = incident_features(marines(), TEXT, Layout.of(TEXT))
    for expected in ("bias", "type:refusal", "count:99", "a:marines", "e:vuhledar"):
        assert expected in feats
    assert not any(f.startswith(("sources", "force", "has")) for f in feats)
    assert "pos:title_only" in incident_features(headline(), TEXT, Layout.of(TEXT))


def test_figure_features() -> None:
    feats = figure_features(awol(), TEXT, Layout.of(TEXT))
    assert {"measure:awol_cases", "value:99", "e:awol"} <= set(feats)


def test_probability_is_a_calibrated_sigmoid_of_the_weights_present() -> None:
    model = LogisticModel({"bias": -1.0, "a:marines": 3.0}, scale=2.0, shift=0.5)
    z = 2.0 * (-1.0 + 3.0) + 0.5
    assert math.isclose(model.probability(["bias", "a:marines", "a:marines", "x"]),
                        1 / (1 + math.exp(-z)))
    assert model.probability_of(0.0) == 1 / (1 + math.exp(-0.5))


@pytest.mark.parametrize("filtering", [True, False])
def test_apply_sets_confidence_and_drops_what_falls_under_the_threshold(
        monkeypatch: pytest.MonkeyPatch, filtering: bool) -> None:
    monkeypatch.setattr(verify, "FILTER_INCIDENTS", filtering)
    keep_marines = LogisticModel({"bias": -2.0, "a:marines": 4.0}, threshold=0.5)
    drop_all = LogisticModel({"bias": -3.0}, threshold=0.5)
    verifier = Verifier(keep_marines, drop_all)
    out = verifier.apply(Report("t", [headline(), marines()], [awol()]), TEXT)
    kept = [i.actor for i in out.incidents]
    assert kept == (["Twelve marines from Omsk"] if filtering else
                    [headline().actor, "Twelve marines from Omsk"])
    marine = next(i for i in out.incidents if i.actor == "Twelve marines from Omsk")
    assert marine.confidence is not None and marine.confidence > 0.8
    assert all(i.confidence is not None and i.confidence < 0.5 for i in out.incidents
               if i is not marine)
    assert out.figures == []  # figures are always filtered


def test_round_trip_through_json() -> None:
    verifier = Verifier(LogisticModel({"bias": 1.5}, 0.3, 2.0, -0.1),
                        LogisticModel({"bias": -0.5}), {"lang": "en"})
    again = Verifier.from_dict(json.loads(json.dumps(verifier.to_dict())))
    assert again.to_dict() == verifier.to_dict()


def test_the_shipped_artefact_says_what_it_was_trained_on() -> None:
    verifier = load_verifier("en")
    assert verifier is not None
    meta = verifier.meta
    assert meta["trained_on"]["never"] == 4 and 4 not in meta["trained_on"]["folds"]
    assert len(meta["trained_on"]["data_sha256"]) == 64
    assert 0.0 < meta["cross_validated"]["incidents_detection_f1"] <= 1.0
    assert 0.0 < verifier.incidents.threshold < 1.0
    assert all(math.isfinite(w) for w in verifier.incidents.weights.values())


def test_no_artefact_for_a_language_means_no_verifier() -> None:
    assert load_verifier("xx") is None
