"""Training and cross-validating the verifier (`otkaz.extract.verify`).

    >>> runs = raw_reports(corpora)                       # rules only, every candidate kept
    >>> examples = build_examples(corpora, runs)
    >>> verifier = train(examples, folds={0, 1, 2, 3})    # what `make train` ships
    >>> oof = cross_validate(examples, dev_folds=(0, 1, 2, 3))

An example is one candidate the rules produced, labelled by whether the scorer (otkaz.evaluate)
pairs it with a gold item. Cross-validation trains on every development fold but one and
scores the one left out, so each number is measured on documents the model never saw;
the check fold (4) is never trained on. Corpora without folds (dev, the project's own
eval set) are always in training: they teach the wording the rules were written for.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from otkaz.extract.verify import (
    Layout,
    LogisticModel,
    Verifier,
    figure_features,
    incident_features,
    states_size,
)
from otkaz.learn.corpus import Corpus
from otkaz.learn.scoring import candidate_labels
from otkaz.models import Report

KINDS = ("incidents", "figures")
SEED = 0
C_REG = 0.5  # L2 strength, chosen by cross-validated F1 (see bench/crossval.py --sweep)


@dataclass
class Example:
    """One candidate item with its features and label."""

    corpus: str
    doc_id: str
    fold: int | None
    kind: str  # "incidents" or "figures"
    index: int  # position in the raw report's list
    features: list[str]
    label: bool
    protected: bool = False  # kept whatever its score (see Verifier.apply)


def raw_reports(corpora: Iterable[Corpus]) -> dict[str, Report]:
    """Every document's report with the verifier off: the candidates to learn from."""
    from otkaz.extract import extract_documents

    out: dict[str, Report] = {}
    for corpus in corpora:
        for report in extract_documents(corpus.docs, verify=False):
            out[report.id] = report
    return out


def build_examples(corpora: Iterable[Corpus],
                   reports: dict[str, Report]) -> list[Example]:
    """Features and scorer labels of every candidate in `reports`."""
    examples: list[Example] = []
    for corpus in corpora:
        for doc in corpus.docs:
            report = reports[doc.id]
            layout = Layout.of(doc.text)
            gold = corpus.gold.get(doc.id, {})
            for kind in KINDS:
                items = report.incidents if kind == "incidents" else report.figures
                labels = candidate_labels(doc.text, [i.to_dict() for i in items],
                                          list(gold.get(kind) or []))
                for index, (item, label) in enumerate(zip(items, labels, strict=True)):
                    feats = (incident_features(item, doc.text, layout)  # type: ignore[arg-type]
                             if kind == "incidents"
                             else figure_features(item, doc.text, layout))  # type: ignore[arg-type]
                    protected = kind == "incidents" and states_size(item)  # type: ignore[arg-type]
                    examples.append(Example(corpus.name, doc.id, corpus.fold_of(doc.id), kind,
                                            index, feats, label, protected))
    return examples


def _fit(examples: list[Example], c: float) -> LogisticModel:
    """An L2 logistic regression over binary features (scikit-learn, deterministic)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [e.label for e in examples]
    if len(set(labels)) < 2:  # nothing to tell apart: keep everything
        return LogisticModel({"bias": 4.0 if all(labels) else -4.0})
    vec = DictVectorizer(sparse=False)  # small data; liblinear wants 32-bit sparse indices
    x = vec.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    model = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=1000)
    model.fit(x, labels)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), model.coef_[0],
                                                 strict=True) if abs(w) >= 1e-4}
    weights["bias"] = weights.get("bias", 0.0) + float(model.intercept_[0])
    return LogisticModel({k: round(v, 5) for k, v in weights.items()})


def _calibrate(scores: list[float], labels: list[bool]) -> tuple[float, float]:
    """Platt scaling: the sigmoid of a*z+b that best fits held-out labels."""
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        return 1.0, 0.0
    model = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    model.fit([[s] for s in scores], labels)
    scale = float(model.coef_[0][0])
    if scale <= 0:  # held-out scores carry no signal: every item gets the base rate
        rate = sum(labels) / len(labels)
        return 0.0, math.log(rate / (1 - rate))
    return scale, float(model.intercept_[0])


def _best_threshold(probs: list[float], labels: list[bool], gold_total: int,
                    protected: list[bool] | None = None) -> float:
    """The threshold that maximises detection F1 when `gold_total` items exist in all;
    protected items are kept whatever their probability."""
    safe = protected or [False] * len(probs)
    best, best_f1 = 0.5, -1.0
    for step in range(10, 91, 5):
        t = step / 100
        keep = [p >= t or s for p, s in zip(probs, safe, strict=True)]
        tp = sum(1 for k, y in zip(keep, labels, strict=True) if k and y)
        kept = sum(keep)
        f1 = 2 * tp / (kept + gold_total) if kept + gold_total else 0.0
        # ties go to the threshold nearest 0.5: the least tuned choice
        if f1 > best_f1 + 1e-9 or (abs(f1 - best_f1) <= 1e-9 and abs(t - 0.5) < abs(best - 0.5)):
            best, best_f1 = t, f1
    return best


def out_of_fold(examples: list[Example], dev_folds: Iterable[int], c: float = C_REG
                ) -> dict[str, dict[int, float]]:
    """Raw scores of each development-fold example from the model trained without its fold.

    Returns kind -> {example position in `examples` -> raw score}."""
    folds = sorted(set(dev_folds))
    out: dict[str, dict[int, float]] = {k: {} for k in KINDS}
    for kind in KINDS:
        for k in folds:
            train_set = [e for e in examples if e.kind == kind and (
                e.fold is None or (e.fold in folds and e.fold != k))]
            model = _fit(train_set, c)
            for i, e in enumerate(examples):
                if e.kind == kind and e.fold == k:
                    out[kind][i] = model.score(e.features)
    return out


def gold_totals(corpora: Iterable[Corpus], folds: set[int]) -> dict[str, int]:
    """How many gold incidents and figures the documents of `folds` hold."""
    totals = dict.fromkeys(KINDS, 0)
    for corpus in corpora:
        for doc_id, gold in corpus.gold.items():
            if corpus.fold_of(doc_id) in folds:
                for kind in KINDS:
                    totals[kind] += len(gold.get(kind) or [])
    return totals


def train(examples: list[Example], corpora: list[Corpus], folds: Iterable[int],
          c: float = C_REG) -> Verifier:
    """The verifier trained on `folds` (and the fold-less corpora), calibrated and
    thresholded on its own cross-validated scores over those folds."""
    folds = sorted(set(folds))
    oof = out_of_fold(examples, folds, c)
    totals = gold_totals(corpora, set(folds))
    models = {}
    for kind in KINDS:
        train_set = [e for e in examples if e.kind == kind and (e.fold is None or e.fold in folds)]
        model = _fit(train_set, c)
        idx = sorted(oof[kind])
        scores = [oof[kind][i] for i in idx]
        labels = [examples[i].label for i in idx]
        scale, shift = _calibrate(scores, labels)
        model.scale, model.shift = round(scale, 6), round(shift, 6)
        calibrated = LogisticModel({}, scale=model.scale, shift=model.shift)
        probs = [calibrated.probability_of(s) for s in scores]
        model.threshold = _best_threshold(probs, labels, totals[kind],
                                          [examples[i].protected for i in idx])
        models[kind] = model
    return Verifier(models["incidents"], models["figures"])


def apply_out_of_fold(examples: list[Example], reports: dict[str, Report],
                      corpora: list[Corpus], dev_folds: Iterable[int], c: float = C_REG
                      ) -> dict[str, Report]:
    """Reports of the development folds filtered as their fold's own verifier would:
    each fold's model is trained (and calibrated, and thresholded) without that fold."""
    folds = sorted(set(dev_folds))
    out: dict[str, Report] = {}
    for k in folds:
        verifier = train(examples, corpora, [f for f in folds if f != k], c)
        for corpus in corpora:
            for doc in corpus.docs:
                if corpus.fold_of(doc.id) == k:
                    out[doc.id] = verifier.apply(copy.deepcopy(reports[doc.id]), doc.text)
    return out


def data_hash(corpora: Iterable[Corpus], folds: Iterable[int]) -> str:
    """sha256 over the texts and gold of the documents a model is trained on."""
    wanted = set(folds)
    h = hashlib.sha256()
    for corpus in sorted(corpora, key=lambda c: c.name):
        for record in corpus.records:
            fold = corpus.fold_of(record["id"])
            if corpus.folds and fold not in wanted:
                continue
            h.update(json.dumps([record["id"], record["text"],
                                 corpus.gold.get(record["id"])], sort_keys=True).encode())
    return h.hexdigest()
