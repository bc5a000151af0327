"""The evaluation protocol in one call: rules alone, rules with the cross-validated
verifier, and (once, at the end of a piece of work) the untouched check fold.

    >>> result = run_protocol(shared_dir(), check=False)
    >>> result.rows["real-en"]["verifier (CV)"]["incidents"]["detection"]["f1"]

Development folds are 0-3. "rules" numbers are the extractor without the verifier on
those folds' documents; the rules were written while reading those documents, so they
are tuned-on numbers. "verifier (CV)" filters each fold's candidates with a verifier
trained, calibrated and thresholded without that fold. "check" scores fold 4 with the
verifier trained on folds 0-3: nothing was tuned or trained on it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from otkaz.learn.corpus import CHECK_FOLD, REAL_EN, REAL_RU, Corpus, load_corpora, load_corpus
from otkaz.learn.scoring import candidate_labels, score_reports
from otkaz.learn.verifier import (
    C_REG,
    apply_out_of_fold,
    build_examples,
    data_hash,
    raw_reports,
    train,
)
from otkaz.models import Report

DEV_FOLDS = (0, 1, 2, 3)
EVAL_SET = Path(__file__).resolve().parents[3] / "tests" / "data" / "eval"
GROUPS: dict[str, tuple[str, ...]] = {"real-en": REAL_EN, "real": ("real",),
                                      "real-extra": ("real-extra",), "real-ru": REAL_RU}


@dataclass
class ProtocolResult:
    """Scorer results by corpus group and setting, and the verifier trained on folds 0-3."""

    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    verifier_meta: dict[str, Any] = field(default_factory=dict)
    calibration: dict[str, Calibration] = field(default_factory=dict)


@dataclass
class Calibration:
    """How well confidences match outcomes: Brier score and a reliability table."""

    n: int
    brier: float
    bins: list[tuple[float, float, int, float]]  # (low, high, items, share that were right)
    mean_confidence: float = 0.0
    right: float = 0.0  # the share of all items that were right (the base rate)


def calibration(corpora: list[Corpus], reports: dict[str, Report],
                ids: set[str], kind: str = "incidents", edges: tuple[float, ...] = (
                    0.0, 0.25, 0.5, 0.75, 1.0)) -> Calibration:
    """Confidence against correctness (matched to gold) for every kept item of `ids`."""
    pairs: list[tuple[float, bool]] = []
    for corpus in corpora:
        for doc in corpus.docs:
            if doc.id not in ids or doc.id not in reports:
                continue
            items = getattr(reports[doc.id], kind)
            gold = list((corpus.gold.get(doc.id) or {}).get(kind) or [])
            labels = candidate_labels(doc.text, [i.to_dict() for i in items], gold)
            pairs += [(i.confidence if i.confidence is not None else 1.0, y)
                      for i, y in zip(items, labels, strict=True)]
    bins = []
    for low, high in zip(edges, edges[1:], strict=False):
        inside = [y for p, y in pairs if low <= p < high or (high == 1.0 and p == 1.0)]
        bins.append((low, high, len(inside), sum(inside) / len(inside) if inside else 0.0))
    n = len(pairs)
    brier = sum((p - y) ** 2 for p, y in pairs) / n if n else 0.0
    return Calibration(n, brier, bins, sum(p for p, _ in pairs) / n if n else 0.0,
                       sum(y for _, y in pairs) / n if n else 0.0)


def training_corpora(shared: Path, lang: str | None = None) -> list[Corpus]:
    """The real corpora with folds, plus dev and the project's eval set (always trained on);
    with `lang`, only those in that language (the verifier is trained per language)."""
    corpora = list(load_corpora(shared).values())
    if lang == "en":
        corpora = [c for c in corpora if c.name not in REAL_RU]
    elif lang is not None:
        corpora = [c for c in corpora if c.name in REAL_RU] if lang == "ru" else []
    if (EVAL_SET / "gold.jsonl").exists():
        corpora.append(load_corpus(EVAL_SET))
    return corpora


def _as_dicts(reports: dict[str, Report]) -> dict[str, dict[str, Any]]:
    return {k: r.to_dict() for k, r in reports.items()}


def run_protocol(shared: Path, check: bool = False, c: float = C_REG) -> ProtocolResult:
    """Extract every corpus once with the rules, then score the settings described above."""
    corpora = training_corpora(shared)
    english = [c for c in corpora if c.name not in REAL_RU]
    by_name = {c.name: c for c in corpora}
    raw = raw_reports(corpora)
    examples = build_examples(english, raw)
    # only English has a verifier; other languages are shipped as the rules give them
    oof = {k: copy.deepcopy(r) for k, r in raw.items()}
    oof.update(apply_out_of_fold(examples, raw, english, DEV_FOLDS, c))
    verifier = train(examples, english, DEV_FOLDS, c)
    shipped = {k: copy.deepcopy(r) for k, r in raw.items()}
    shipped.update({doc.id: verifier.apply(copy.deepcopy(raw[doc.id]), doc.text)
                    for corpus in english for doc in corpus.docs})
    result = ProtocolResult(verifier_meta={"data_sha256": data_hash(english, DEV_FOLDS)})
    for group, names in GROUPS.items():
        members = [by_name[n] for n in names if n in by_name]
        dev_ids = {d.id for m in members for d in m.in_folds(DEV_FOLDS)}
        check_ids = {d.id for m in members for d in m.in_folds([CHECK_FOLD])}
        rows = {
            "rules": score_reports(members, _as_dicts(raw), dev_ids),
            "verifier (CV)": score_reports(members, _as_dicts(oof), dev_ids),
        }
        if check:
            rows["check: rules"] = score_reports(members, _as_dicts(raw), check_ids)
            rows["check: verifier"] = score_reports(members, _as_dicts(shipped),
                                                    check_ids)
        result.rows[group] = rows
        if group == "real-en":
            for kind in ("incidents", "figures"):
                result.calibration[kind] = calibration(members, oof, dev_ids, kind)
    for name in ("dev", "eval"):
        if name in by_name:
            corpus = by_name[name]
            result.rows[name] = {
                "rules": score_reports([corpus], _as_dicts(raw)),
                "verifier (in-sample)": score_reports([corpus], _as_dicts(shipped)),
            }
    return result
