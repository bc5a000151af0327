"""`make train`: fit the verifier on the development folds and write its artefact.

    python -m otkaz.learn.train                 # writes src/otkaz/artefacts/verifier-en.json
    python -m otkaz.learn.train --out /tmp/v.json

The artefact holds the weights, the calibration and threshold, the sha256 of the
training data, and the cross-validated scores of the same recipe, so a reader can tell
what it was trained on and how well it does on documents it never saw. It has no
timestamp: the same code and data give the same bytes, which a test checks.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from otkaz.extract.verify import Verifier, artefact_name
from otkaz.learn.corpus import CHECK_FOLD, shared_dir
from otkaz.learn.protocol import DEV_FOLDS, training_corpora
from otkaz.learn.scoring import score_reports
from otkaz.learn.verifier import (
    C_REG,
    apply_out_of_fold,
    build_examples,
    data_hash,
    raw_reports,
    train,
)

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"
FORMAT_VERSION = 1


def _brief(result: dict[str, Any]) -> dict[str, float | None]:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 3)

    return {
        "incidents_detection_f1": r(result["incidents"]["detection"]["f1"]),
        "incidents_end_to_end_f1": r(result["incidents"]["end_to_end"]["f1"]),
        "figures_detection_f1": r(result["figures"]["detection"]["f1"]),
        "figures_end_to_end_f1": r(result["figures"]["end_to_end"]["f1"]),
    }


def build(shared: Path, c: float = C_REG) -> Verifier:
    """The English verifier as `make train` makes it, with its description."""
    corpora = training_corpora(shared, "en")
    raw = raw_reports(corpora)
    examples = build_examples(corpora, raw)
    oof = apply_out_of_fold(examples, raw, corpora, DEV_FOLDS, c)
    real = [x for x in corpora if x.folds]
    english = [x for x in real if x.name != "real-ru"]
    ids = {d.id for x in english for d in x.in_folds(DEV_FOLDS)}
    cv = score_reports(english, {k: v.to_dict() for k, v in oof.items()}, ids)
    verifier = train(examples, corpora, DEV_FOLDS, c)
    used = [e for e in examples if e.fold is None or e.fold in DEV_FOLDS]
    verifier.meta = {
        "format": FORMAT_VERSION,
        "lang": "en",
        "model": "L2 logistic regression over binary features, Platt-calibrated",
        "c": c,
        "trained_on": {"folds": list(DEV_FOLDS), "never": CHECK_FOLD,
                       "corpora": sorted(x.name for x in corpora),
                       "data_sha256": data_hash(corpora, DEV_FOLDS),
                       "examples": {k: sum(1 for e in used if e.kind == k)
                                    for k in ("incidents", "figures")}},
        "cross_validated": {"corpora": ["real", "real-extra"], "folds": list(DEV_FOLDS),
                            **_brief(cv)},
    }
    return verifier


def write(verifier: Verifier, path: Path) -> None:
    path.write_text(json.dumps(verifier.to_dict(), indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ARTEFACTS / artefact_name("en"))
    ap.add_argument("--c", type=float, default=C_REG)
    a = ap.parse_args(argv)
    shared = shared_dir()
    if not (shared / "corpus").exists():
        print(f"train: no corpora at {shared} (set OTKAZ_SHARED)", file=sys.stderr)
        return 2
    verifier = build(shared, a.c)
    write(verifier, a.out)
    meta = verifier.meta
    print(f"wrote {a.out}: {len(verifier.incidents.weights)} incident and "
          f"{len(verifier.figures.weights)} figure weights; cross-validated "
          f"{json.dumps(meta['cross_validated'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
