"""The shared scorer (`shared/score.py`), loaded from its file, and labels read from it.

    >>> scorer = load_scorer(shared_dir())
    >>> result = score_reports(scorer, corpus, reports)      # the scorer's JSON result
    >>> labels = candidate_labels(scorer, text, predicted, gold, "incidents")

The scorer is the yardstick, not a dependency: it is loaded only here, by path, for
evaluation and training. A candidate's label is whether the scorer matches it to a
gold item, so a model learns exactly what the measure rewards.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from otkaz.learn.corpus import Corpus


def load_scorer(shared: Path) -> ModuleType:
    """The module `shared/score.py`."""
    path = shared / "score.py"
    spec = importlib.util.spec_from_file_location("otkaz_shared_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_reports(scorer: ModuleType, corpora: Iterable[Corpus],
                  reports: dict[str, dict[str, Any]], ids: set[str] | None = None
                  ) -> dict[str, Any]:
    """Score predicted reports (id -> FORMAT.md dict) pooled over several corpora,
    restricted to the documents in `ids` when given."""
    docs: list[dict[str, Any]] = []
    gold: list[dict[str, Any]] = []
    pred: list[dict[str, Any]] = []
    for corpus in corpora:
        for record in corpus.records:
            doc_id = record["id"]
            if ids is not None and doc_id not in ids:
                continue
            docs.append(record)
            gold.append(corpus.gold.get(doc_id, {"id": doc_id, "incidents": [], "figures": []}))
            pred.append(reports.get(doc_id, {"id": doc_id, "incidents": [], "figures": []}))
    result, _ = scorer.score(docs, gold, pred)
    return dict(result)


def candidate_labels(scorer: ModuleType, text: str, predicted: list[dict[str, Any]],
                     gold: list[dict[str, Any]]) -> list[bool]:
    """For each predicted item, whether the scorer pairs it with a gold item."""
    matched = {i for i, _ in scorer.match(text, predicted, gold)}
    return [i in matched for i in range(len(predicted))]
