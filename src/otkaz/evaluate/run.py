"""`otkaz evaluate`: read gold, documents and predictions (or extract them), then score.

    >>> result = evaluate(Path("corpus/gold.jsonl"))          # docs.jsonl beside it, extracted
    >>> result = evaluate(Path("gold.jsonl"), docs=Path("docs.jsonl"),
    ...                   pred=Path("predictions.jsonl"))    # another tool's predictions
    >>> print(result.table())                                # doctest: +SKIP

Without `pred`, the documents are extracted and linked as `otkaz extract --link` does,
so the numbers are those of this version of otkaz on the user's own gold. Every file
fault is one EvaluationError naming the file and line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from otkaz.errors import EvaluationError, SourceError
from otkaz.evaluate.scoring import Evaluation, score

__all__ = ["default_docs", "evaluate", "read_jsonl"]


def read_jsonl(path: Path, what: str, need_text: bool = False) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, each with a string `id` (and `text`, for documents).

    A missing file is E601; a line that is not such an object is E602, with its number.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationError(f"{what} {path}: cannot be read ({type(e).__name__})", "E601",
                              "check the path") from None
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvaluationError(f"{what} {path} line {n}: not JSON ({e.msg})", "E602",
                                  "one JSON object a line (docs/FORMAT.md)") from None
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise EvaluationError(f"{what} {path} line {n}: not an object with a string id",
                                  "E602", "one JSON object a line (docs/FORMAT.md)")
        if need_text and not isinstance(record.get("text"), str):
            raise EvaluationError(f"{what} {path} line {n}: no text", "E602",
                                  "each document needs its `text`")
        records.append(record)
    return records


def default_docs(gold: Path) -> Path:
    """The documents for a gold file: `docs.jsonl` beside it, as the corpora are laid out."""
    beside = gold.parent / "docs.jsonl"
    if beside.exists() and beside.resolve() != gold.resolve():
        return beside
    raise EvaluationError(f"no documents for {gold}: give --docs DOCS.jsonl", "E605",
                          "or put docs.jsonl beside the gold file")


def extract_predictions(docs: Path, on_error: Callable[[SourceError], None] | None = None,
                        on_progress: Callable[[int], None] | None = None
                        ) -> list[dict[str, Any]]:
    """Reports for the documents of `docs`, linked across them as `otkaz extract --link` gives.
    """
    from otkaz.batch import extract_jsonl

    out = io.StringIO()
    extract_jsonl(str(docs), out, link=True, on_error=on_error, on_progress=on_progress)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def evaluate(gold: Path, docs: Path | None = None, pred: Path | None = None, *,
             show: bool = False, save_pred: Path | None = None,
             on_error: Callable[[SourceError], None] | None = None,
             on_progress: Callable[[int], None] | None = None) -> Evaluation:
    """Score `pred` (or otkaz's own extraction of `docs`) against `gold`.

    `docs` defaults to docs.jsonl beside `gold`; `save_pred` writes the predictions
    that were scored, one report a line, so another scorer can check the numbers.
    """
    docs = docs or default_docs(gold)
    doc_records = read_jsonl(docs, "documents", need_text=True)
    gold_records = read_jsonl(gold, "gold")
    if pred is not None:
        predictions = read_jsonl(pred, "predictions")
    else:
        predictions = extract_predictions(docs, on_error, on_progress)
    if save_pred is not None:
        save_pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n"
                                     for p in predictions), encoding="utf-8")
    return score(doc_records, gold_records, predictions, show=show)
