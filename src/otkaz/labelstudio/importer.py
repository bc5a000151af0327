"""`otkaz import label-studio`: an export file to gold (and documents) files and decisions.

    >>> result = import_label_studio(Path("export.json"), store, user="anna",
    ...                              gold_out=Path("gold.jsonl"))     # doctest: +SKIP
    >>> result.read.errors, result.summary.counts()                   # doctest: +SKIP

Tasks that cannot be read are reported one by one (`read.errors`) and the others are
still imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from otkaz.errors import AnnotationError
from otkaz.labelstudio.decisions import ImportSummary, record_decisions
from otkaz.labelstudio.tasks import ReadExport, iter_jsonl, read_export

if TYPE_CHECKING:
    from otkaz.store import Store


@dataclass
class ImportResult:
    read: ReadExport
    summary: ImportSummary | None  # None when no store was given


def load_export(path: Path) -> ReadExport:
    """The tasks of a Label Studio JSON export file (E611 when it is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise AnnotationError(f"{path}: cannot be read ({type(e).__name__})", "E611") from None
    except json.JSONDecodeError as e:
        raise AnnotationError(f"{path}: not JSON ({e.msg} at line {e.lineno})", "E611",
                              "export the project as JSON") from None
    return read_export(data)


def import_label_studio(path: Path, store: Store | None, *, user: str,
                        gold_out: Path | None = None, docs_out: Path | None = None
                        ) -> ImportResult:
    """Read `path`; write the gold (and documents) files; record decisions in `store`."""
    read = load_export(path)
    if gold_out is not None:
        gold_out.write_text("".join(iter_jsonl([d.gold for d in read.documents])),
                            encoding="utf-8")
    if docs_out is not None:
        docs_out.write_text("".join(iter_jsonl([d.document.to_dict() for d in read.documents])),
                            encoding="utf-8")
    summary = record_decisions(store, read.documents, user) if store is not None else None
    return ImportResult(read, summary)
