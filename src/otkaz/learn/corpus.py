"""Annotated corpora and their fixed folds, as typed records.

    >>> corpora = load_corpora(shared_dir(), ["real", "real-extra"])
    >>> [d.id for d in corpora["real"].in_folds({0})][:2]

The folds come from `corpus/folds.json` beside the corpora: documents that tell one
case share a fold, so no case is seen in training and scored in the same round.
Fold 4 is the check set: it is scored once, at the end of a piece of work.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from otkaz.ingest.jsonl import record_to_document
from otkaz.models import Document

CHECK_FOLD = 4
REAL_EN = ("real", "real-extra")
REAL_RU = ("real-ru",)


def shared_dir() -> Path:
    """`OTKAZ_SHARED`, else the `shared/` folder beside the checkout."""
    env = os.environ.get("OTKAZ_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared"


@dataclass
class Corpus:
    """Documents with their gold reports (FORMAT.md dicts, as the scorer reads them)."""

    name: str
    docs: list[Document]
    records: list[dict[str, Any]]  # the raw document records, for the scorer
    gold: dict[str, dict[str, Any]]
    folds: dict[str, int] = field(default_factory=dict)

    def fold_of(self, doc_id: str) -> int | None:
        return self.folds.get(doc_id)

    def in_folds(self, folds: Iterable[int]) -> list[Document]:
        wanted = set(folds)
        return [d for d in self.docs if self.folds.get(d.id) in wanted]


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_corpus(folder: Path, folds: dict[str, int] | None = None) -> Corpus:
    """One corpus folder holding docs.jsonl and gold.jsonl."""
    records = _read(folder / "docs.jsonl")
    docs = [record_to_document(r, default_id=str(i)) for i, r in enumerate(records)]
    gold = {g["id"]: g for g in _read(folder / "gold.jsonl")}
    return Corpus(folder.name, docs, records, gold, dict(folds or {}))


def load_folds(shared: Path) -> dict[str, int]:
    """Document id -> fold number, from corpus/folds.json."""
    data = json.loads((shared / "corpus" / "folds.json").read_text(encoding="utf-8"))
    return {k: int(v) for k, v in data["folds"].items()}


def load_corpora(shared: Path, names: Iterable[str] = ("dev",) + REAL_EN + REAL_RU
                 ) -> dict[str, Corpus]:
    """The named corpora under `shared/corpus`; the real ones carry their folds."""
    folds = load_folds(shared)
    out = {}
    for name in names:
        folder = shared / "corpus" / name
        out[name] = load_corpus(folder, folds if name != "dev" else None)
    return out
