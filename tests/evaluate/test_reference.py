"""otkaz's scorer gives the reference scorer's numbers (../shared/score.py, run apart).

Skipped without ../shared beside the checkout (CI has it). The reference is run as a
subprocess, so nothing of it is imported into the package under test.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from otkaz.evaluate import read_jsonl, score

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "score.py"
DEV = SHARED / "corpus" / "dev"
CORPORA = ("dev", "real", "real-extra", "real-ru")

pytestmark = pytest.mark.skipif(not SCORER.exists(),
                                reason=f"no reference scorer at {SCORER} (CI has it)")


def reference(docs: Path, gold: Path, pred: Path, *flags: str) -> str:
    done = subprocess.run([sys.executable, str(SCORER), "--docs", str(docs), "--gold", str(gold),
                           "--pred", str(pred), *flags], capture_output=True, text=True,
                          check=True)
    return done.stdout


def otkaz(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "otkaz", *args], capture_output=True,
                          text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    return done.stdout


def test_evaluate_on_dev_prints_the_reference_numbers(tmp_path: Path) -> None:
    """`otkaz evaluate` extracts and links the dev corpus; score.py scores the same predictions
    (written by --save-pred) and prints the same table, and the same JSON object."""
    pred = tmp_path / "pred.jsonl"
    ours = otkaz("evaluate", str(DEV / "gold.jsonl"), "--save-pred", str(pred), "--show")
    assert ours == reference(DEV / "docs.jsonl", DEV / "gold.jsonl", pred, "--show")
    assert "linking B3" in ours and "incidents: detection" in ours
    ours_json = otkaz("evaluate", str(DEV / "gold.jsonl"), "--docs", str(DEV / "docs.jsonl"),
                      "--pred", str(pred), "--format", "json")
    assert json.loads(ours_json) == json.loads(
        reference(DEV / "docs.jsonl", DEV / "gold.jsonl", pred, "--json"))


def _perturbed(gold: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Gold turned into imperfect predictions: evidence as offsets or cut short, values
    dropped or changed, items dropped or moved, incident ids given; deterministic."""
    rnd = random.Random(seed)
    out = copy.deepcopy(gold)
    for report in out:
        for kind in ("incidents", "figures"):
            items = report.get(kind) or []
            for item in items:
                if item.get("evidence") and rnd.random() < 0.3:
                    item["evidence"] = item["evidence"][:1]
                for key in list(item):
                    r = rnd.random()
                    if key == "evidence":
                        continue
                    if r < 0.1:
                        item[key] = None
                    elif r < 0.15 and isinstance(item[key], str):
                        item[key] = item[key][: len(item[key]) // 2]
                    elif r < 0.2 and isinstance(item[key], dict) and "low" in item[key]:
                        item[key] = {"low": item[key]["low"], "high": None}
                if rnd.random() < 0.4:
                    item["incident_id"] = rnd.choice("abcd")
            if items and rnd.random() < 0.2:
                items.pop(rnd.randrange(len(items)))
            if items and rnd.random() < 0.1:
                items.append({"type": "refusal", "actor": "x", "evidence": [[0, 5]]})
    return out


@pytest.mark.parametrize("corpus", CORPORA)
def test_same_numbers_and_listing_on_perturbed_gold(corpus: str, tmp_path: Path) -> None:
    folder = SHARED / "corpus" / corpus
    docs = read_jsonl(folder / "docs.jsonl", "documents")
    gold = read_jsonl(folder / "gold.jsonl", "gold")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n"
                            for p in _perturbed(gold, seed=len(corpus))), encoding="utf-8")
    ours = score(docs, gold, read_jsonl(pred, "predictions"), show=True)
    assert ours.to_dict() == json.loads(reference(folder / "docs.jsonl", folder / "gold.jsonl",
                                                  pred, "--json"))
    listing = reference(folder / "docs.jsonl", folder / "gold.jsonl", pred, "--show")
    assert "\n".join(ours.shown) + "\n\n" + ours.table() + "\n" == listing
