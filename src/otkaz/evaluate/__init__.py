"""Evaluation as a product feature: score otkaz (or any tool) against your own gold.

    >>> from otkaz.evaluate import evaluate
    >>> result = evaluate(Path("gold.jsonl"), docs=Path("docs.jsonl"))   # doctest: +SKIP
    >>> result.incidents.detection.f1, result.incidents.end_to_end.f1    # doctest: +SKIP

Modules: `compare` (when a field value counts as right), `matching` (which predicted
item is which gold one), `scoring` (the tallies, as typed results), `run` (files and
extraction). The definitions are exactly those of the project's reference scorer
`score.py`, described in docs/FORMAT.md; a test holds the two equal on the dev corpus.
"""

from otkaz.evaluate.run import evaluate, read_jsonl
from otkaz.evaluate.scoring import PRF, Evaluation, KindScores, Linking, score

__all__ = ["PRF", "Evaluation", "KindScores", "Linking", "evaluate", "read_jsonl", "score"]
