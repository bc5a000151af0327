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
