"""Evaluation gate: extraction quality may not fall below pinned floors.

The held-out corpus under tests/data/eval is ours; the dev corpus and the scorer
live in ../shared beside the checkout (CI has them). Floors sit a little under
the scores measured when they were pinned; raise them as quality improves.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from otkaz.batch import extract_jsonl

ROOT = Path(__file__).parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "score.py"

CORPORA: dict[str, tuple[Path, dict[tuple[str, ...], float]]] = {
    "heldout": (ROOT / "tests/data/eval", {
        ("incidents", "detection"): 0.95, ("incidents", "end_to_end"): 0.93,
        ("figures", "detection"): 0.95, ("figures", "end_to_end"): 0.93,
    }),
    "dev": (SHARED / "corpus/dev", {
        ("incidents", "detection"): 0.95, ("incidents", "end_to_end"): 0.93,
        ("figures", "detection"): 0.95, ("linking",): 0.90,
    }),
}


def score(corpus: Path, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    pred = tmp_path / "pred.jsonl"
    out = io.StringIO()
    summary = extract_jsonl(str(corpus / "docs.jsonl"), out, link=True)
    assert summary.failed == 0
    pred.write_text(out.getvalue(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCORER), "--docs", str(corpus / "docs.jsonl"),
         "--gold", str(corpus / "gold.jsonl"), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _f1(result: dict, path: tuple[str, ...]) -> float:  # type: ignore[type-arg]
    node = result
    for key in path:
        node = node[key]
    return float(node["f1"])


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_scores_stay_above_floors(name: str, tmp_path: Path) -> None:
    corpus, floors = CORPORA[name]
    if not SCORER.exists() or not (corpus / "gold.jsonl").exists():
        pytest.skip(f"no scorer or corpus at {SHARED} (CI has them beside the checkout)")
    result = score(corpus, tmp_path)
    assert result["grounded"] == 1.0
    f1 = {path: _f1(result, path) for path in floors}
    below = {".".join(path): round(f1[path], 3) for path, floor in floors.items()
             if f1[path] < floor}
    assert not below, f"{name}: below the floors {floors}: {below}"


# --- the real corpora: cross-validated, by document folds (otkaz.learn.protocol) ---------

# Floors on the development folds (0-3) of the real corpora (otkaz.learn.protocol), pinned a
# little under the scores measured (the verifier's cross-validated scores move by about 0.02
# when its few hundred training candidates change).
REAL_FLOORS: dict[str, dict[tuple[str, ...], float]] = {
    # English: each development fold's figures filtered by a verifier trained without it
    # (incidents are scored, not filtered: extract.verify.FILTER_INCIDENTS)
    "real-en": {("incidents", "detection"): 0.78, ("incidents", "end_to_end"): 0.56,
                ("figures", "detection"): 0.86, ("figures", "end_to_end"): 0.76},
    # Russian: no verifier yet; the rules as shipped (written while reading folds 0-3)
    "real-ru": {("incidents", "detection"): 0.82, ("incidents", "end_to_end"): 0.70,
                ("figures", "detection"): 0.90},
}


@pytest.fixture(scope="module")
def protocol():  # type: ignore[no-untyped-def]
    if not SCORER.exists() or not (SHARED / "corpus" / "folds.json").exists():
        pytest.skip(f"no scorer or real corpora at {SHARED} (CI has them beside the checkout)")
    pytest.importorskip("sklearn")
    from otkaz.learn.protocol import run_protocol

    return run_protocol(SHARED)


@pytest.mark.parametrize("group", sorted(REAL_FLOORS))
def test_real_news_cross_validated_scores_stay_above_floors(protocol, group: str) -> None:  # type: ignore[no-untyped-def]
    floors = REAL_FLOORS[group]
    result = protocol.rows[group]["verifier (CV)"]
    f1 = {path: _f1(result, path) for path in floors}
    below = {".".join(p): round(f1[p], 3) for p, floor in floors.items() if f1[p] < floor}
    assert not below, f"{group} CV below the floors {floors}: {below}"
    assert result["grounded"] == 1.0


def test_the_verifier_confidence_is_calibrated_on_unseen_documents(protocol) -> None:  # type: ignore[no-untyped-def]
    """Incidents are scored, not filtered (extract.verify.FILTER_INCIDENTS): on documents
    its training never saw, the mean confidence is the share that is right, and the
    confidence is no worse a forecast than that share given to every incident. (Once the
    rules dropped generic groups, few wrong incidents were left to tell apart: the
    verifier no longer beats the base rate on these folds, so this asks for calibration.)"""
    cal = protocol.calibration["incidents"]
    assert cal.n >= 30
    assert abs(cal.mean_confidence - cal.right) <= 0.08
    assert cal.brier <= cal.right * (1 - cal.right) + 0.01


def test_the_shipped_verifier_is_what_make_train_builds() -> None:
    """Retraining from the same code and data gives the same artefact: rule changes that move
    the candidates must be followed by `make train`."""
    if not SCORER.exists() or not (SHARED / "corpus" / "folds.json").exists():
        pytest.skip(f"no real corpora at {SHARED}")
    pytest.importorskip("sklearn")
    from otkaz.extract.verify import artefact_name
    from otkaz.learn.train import ARTEFACTS, build

    shipped = json.loads((ARTEFACTS / artefact_name("en")).read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(build(SHARED).to_dict(), sort_keys=True))
    assert fresh["meta"] == shipped["meta"]
    for kind in ("incidents", "figures"):
        new, old = fresh[kind], shipped[kind]
        assert new["threshold"] == old["threshold"]
        # the solvers are deterministic; the tolerance only absorbs floating-point libraries
        for key in ("scale", "shift"):
            assert abs(new[key] - old[key]) < 1e-3, (kind, key)
        assert new["weights"].keys() == old["weights"].keys()
        assert all(abs(new["weights"][k] - w) < 1e-3 for k, w in old["weights"].items())
