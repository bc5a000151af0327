"""Label Studio tasks out (documents with pre-annotations), finished annotations in.

    >>> tasks = [make_task(doc, report) for doc, report in pairs]     # json.dump(tasks, f)
    >>> export_label_studio(store, sys.stdout)    # a task per stored document, mentions predicted
    >>> annotated = read_export(json.load(open("export.json")))      # gold reports, task by task

A task is `{"data": {"text", "id", "title", "url", "outlet", "published", "lang"},
"predictions": [{"model_version", "score", "result"}]}` (Label Studio's import format);
the export Label Studio writes adds `annotations: [{"id", "completed_by", "result",
"was_cancelled", ...}]`. Each task's annotation becomes one gold report (docs/FORMAT.md),
and its data one input document, so `otkaz evaluate` can score against it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TextIO

from otkaz.errors import AnnotationError
from otkaz.labelstudio.config import TEXT
from otkaz.labelstudio.items import from_regions, to_regions
from otkaz.labelstudio.results import from_result, to_result
from otkaz.models import Document

_DATA_KEYS = ("id", "title", "url", "outlet", "published", "lang")


def make_task(doc: Document, report: dict[str, Any] | None = None, *,
              model_version: str | None = None) -> dict[str, Any]:
    """A task for `doc`, with `report` (predicted or gold, FORMAT.md JSON) as its prediction."""
    data = {TEXT: doc.text, **{k: v for k, v in doc.to_dict().items()
                               if k in _DATA_KEYS and v is not None}}
    task: dict[str, Any] = {"data": data}
    if report is not None:
        items = [r for kind in ("incidents", "figures") for r in
                 (to_regions(kind, i, doc.text) for i in report.get(kind) or []) if r]
        prediction: dict[str, Any] = {"model_version": model_version or "otkaz",
                                      "result": to_result(items, doc.text)}
        scores = [i["confidence"] for i in report.get("incidents") or []
                  if isinstance(i.get("confidence"), int | float)]
        if scores:  # how sure the extractor is of its least sure incident
            prediction["score"] = min(scores)
        task["predictions"] = [prediction]
    return task


def export_label_studio(store: Any, out: TextIO, *, mentions: bool = False,
                        statuses: Collection[str] | None = None) -> int:
    """Write one task per stored document (a JSON array), its mentions and figures as the
    prediction; how many tasks. One task is always one document, so `mentions` changes
    nothing; mentions of rejected and merged-away cases are left out unless `statuses`
    asks for them, as in the other exports."""
    from otkaz.export.cases import LIVE_STATUSES, exported_records
    from otkaz.models import Report

    n = 0
    out.write("[")
    for record in exported_records(store, statuses or LIVE_STATUSES):
        doc = record.document.document
        report = Report(doc.id, [m.incident for m in record.mentions],
                        [f.figure for f in record.figures])
        task = make_task(doc, report.to_dict(), model_version=record.document.pipeline_version)
        out.write(("\n" if n == 0 else ",\n") + json.dumps(task, ensure_ascii=False))
        n += 1
    out.write("\n]\n")
    return n


@dataclass
class AnnotatedDocument:
    """One finished task: its document, the gold report its annotation says, who made it."""

    task_id: Any
    document: Document
    gold: dict[str, Any]
    annotation_id: Any = None
    annotator: str | None = None


@dataclass
class ReadExport:
    """What an export held: annotated documents, and the tasks that could not be read."""

    documents: list[AnnotatedDocument] = field(default_factory=list)
    errors: list[AnnotationError] = field(default_factory=list)
    unannotated: int = 0  # tasks nobody finished (no annotation, or only cancelled ones)


def _annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The annotation that counts: a ground truth one, else the last one not cancelled."""
    done = [a for a in task.get("annotations") or []
            if isinstance(a, dict) and not a.get("was_cancelled")
            and isinstance(a.get("result"), list)]
    truth = [a for a in done if a.get("ground_truth")]
    chosen = truth or done
    return chosen[-1] if chosen else None


def _annotator(annotation: dict[str, Any]) -> str | None:
    who = annotation.get("completed_by")
    if isinstance(who, dict):  # some exports give the user object
        who = who.get("email") or who.get("username") or who.get("id")
    return None if who is None else str(who)


def _document(task: dict[str, Any], index: int) -> Document:
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get(TEXT), str) or not data[TEXT]:
        raise AnnotationError(f"task {task.get('id', index)}: no text in data.{TEXT}", "E612")
    published = None
    if data.get("published"):
        try:
            published = date.fromisoformat(str(data["published"])[:10])
        except ValueError:
            published = None
    doc_id = data.get("id")
    return Document(id=str(doc_id) if doc_id is not None else f"task-{task.get('id', index)}",
                    text=data[TEXT], published=published, url=data.get("url"),
                    outlet=data.get("outlet"), title=data.get("title"), lang=data.get("lang"))


def annotated_document(task: dict[str, Any], index: int = 0) -> AnnotatedDocument | None:
    """The gold of one exported task; None when nobody finished it."""
    doc = _document(task, index)
    annotation = _annotation(task)
    if annotation is None:
        return None
    try:
        items = from_result(annotation["result"], doc.text)
        gold: dict[str, Any] = {"id": doc.id, "incidents": [], "figures": []}
        for item in items:
            gold[item.kind].append(from_regions(item, doc.text, doc.published))
    except AnnotationError as e:
        raise AnnotationError(f"task {task.get('id', index)}: {e.message}", e.code,
                              e.hint) from None
    return AnnotatedDocument(task.get("id"), doc, gold, annotation.get("id"),
                             _annotator(annotation))


def read_export(export: Any) -> ReadExport:
    """Every task of a Label Studio JSON export; a task that cannot be read is an error
    of its own and the others are still read."""
    if isinstance(export, dict) and "data" in export:
        export = [export]
    if not isinstance(export, list):
        raise AnnotationError("not a Label Studio JSON export (a list of tasks)", "E611",
                              "export the project as JSON, not JSON-MIN or CSV")
    out = ReadExport()
    for index, task in enumerate(export):
        if not isinstance(task, dict):
            out.errors.append(AnnotationError(f"task {index}: not an object", "E611"))
            continue
        try:
            done = annotated_document(task, index)
        except AnnotationError as e:
            out.errors.append(e)
            continue
        if done is None:
            out.unannotated += 1
        else:
            out.documents.append(done)
    return out


def iter_jsonl(records: list[dict[str, Any]]) -> Iterator[str]:
    """JSON lines, as the gold and documents files hold them."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"
