"""Scores and labels for learning, from otkaz's own scorer (`otkaz.evaluate`).

    >>> result = score_reports(corpus, reports)      # score.py's JSON result, as a dict
    >>> labels = candidate_labels(text, predicted, gold)

The scorer has the definitions of the reference `score.py` (a test holds them equal),
so it no longer needs loading from ../shared by path. A candidate's label is whether
the scorer matches it to a gold item, so a model learns exactly what the measure rewards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from otkaz.evaluate.matching import match
from otkaz.evaluate.scoring import score
from otkaz.learn.corpus import Corpus


def score_reports(corpora: Iterable[Corpus], reports: dict[str, dict[str, Any]],
                  ids: set[str] | None = None) -> dict[str, Any]:
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
    return score(docs, gold, pred).to_dict()


def candidate_labels(text: str, predicted: list[dict[str, Any]],
                     gold: list[dict[str, Any]]) -> list[bool]:
    """For each predicted item, whether the scorer pairs it with a gold item."""
    matched = {i for i, _ in match(text, predicted, gold)}
    return [i in matched for i in range(len(predicted))]
