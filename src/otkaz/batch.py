"""Batch jobs that tie the stages together: extract a JSONL corpus, ingest sources into a store.

    >>> summary = ingest_sources(["examples/"], open_store("sqlite:///otkaz.db"))
    >>> summary.stored, summary.failed
    (9, 0)

Each job takes callbacks for progress and errors so the CLI can show them, and
never stops a batch for one bad source: errors are collected in the summary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from .errors import SourceError
from .models import Document, Report

if TYPE_CHECKING:
    import httpx

    from .ingest.files import Skipped
    from .store import Store

OnError = Callable[[SourceError], None]
OnProgress = Callable[[int], None]


@dataclass
class Summary:
    """What a batch did: documents read, stored, skipped as already stored, and errors."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    incidents: int = 0
    figures: int = 0
    errors: list[SourceError] = field(default_factory=list)
    notices: dict[str, int] = field(default_factory=dict)  # notice -> documents given it
    # mentions an earlier, interrupted run left waiting, linked when this one started
    healed: int = 0
    # files in the folders given that were not read (not an article type, or left out by
    # --include/--exclude), each with its reason
    skipped: list[Skipped] = field(default_factory=list)
    written: int = 0  # reports written out (extract_jsonl)

    @property
    def failed(self) -> int:
        return len(self.errors)


def _split(items: Iterable[Document | SourceError], summary: Summary,
           on_error: OnError | None) -> Iterator[Document]:
    for item in items:
        if isinstance(item, SourceError):
            summary.errors.append(item)
            if on_error:
                on_error(item)
        else:
            summary.read += 1
            yield item


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_safely(docs: list[Document]) -> list[Report | SourceError]:
    """Reports for `docs` in order; a document that breaks the extractor becomes a SourceError.

    The batch goes through `nlp.pipe` at once; only if that fails are the documents
    redone one by one, so one bad document costs its own report and nothing else.
    """
    from .extract import extract_documents

    try:
        return list(extract_documents(docs))
    except Exception:  # noqa: BLE001 - isolate the document that fails, below
        if len(docs) == 1:
            raise
    out: list[Report | SourceError] = []
    for doc in docs:
        try:
            out.extend(extract_documents([doc]))
        except Exception as e:  # noqa: BLE001 - reported per document, the batch goes on
            out.append(SourceError(doc.id, "E201", f"extraction failed: {type(e).__name__}: {e}"))
    return out


def _extract_partition(docs: list[Document]) -> list[dict[str, Any] | SourceError]:
    """One Dask partition: a worker process loads the model once and extracts its documents."""
    return [r if isinstance(r, SourceError) else r.to_dict() for r in extract_safely(docs)]


def extract_parallel(docs: list[Document], workers: int) -> Iterator[Report | SourceError]:
    """Reports for `docs` in input order, extracted by `workers` processes through Dask.

    Use it for large batches on a multi-core machine; each process pays the model
    load (a few seconds) once.
    """
    import dask.bag as db

    partitions = max(1, min(len(docs), workers * 4))
    bag = db.from_sequence(docs, npartitions=partitions).map_partitions(_extract_partition)
    for d in bag.compute(scheduler="processes", num_workers=workers):
        yield d if isinstance(d, SourceError) else Report.from_dict(d)


def extract_jsonl(source: str, out: IO[str], *, link: bool = False, workers: int = 1,
                  on_error: OnError | None = None,
                  on_progress: OnProgress | None = None,
                  summary: Summary | None = None) -> Summary:
    """Read FORMAT.md documents from `source` (a path or "-") and write one report per line.

    With `link`, mentions of one case across the batch get the same `incident_id`, so
    the reports are written once all are read; without it each is written as soon as
    it is made, so an interrupted run keeps what it wrote (`summary.written`). With
    `workers` > 1, Dask spreads extraction over that many processes. Pass `summary`
    to see how far the run got if it is interrupted.
    """
    from .ingest import read_jsonl

    summary = summary if summary is not None else Summary()
    docs = list(_split(read_jsonl(source), summary, on_error))
    reports: list[Report] = []
    if workers > 1 and docs:
        stream: Iterable[Report | SourceError] = extract_parallel(docs, workers)
    else:
        stream = (r for chunk in _chunks(docs, 64) for r in extract_safely(chunk))
    for report in stream:
        if isinstance(report, SourceError):
            summary.errors.append(report)
            if on_error:
                on_error(report)
            continue
        summary.incidents += len(report.incidents)
        summary.figures += len(report.figures)
        _count_notices(summary, report)
        if link:
            reports.append(report)
        else:
            _write_report(out, report, summary)
        if on_progress:
            on_progress(1)
    if link:
        from .link import link_reports

        link_reports(reports, {d.id: d.published for d in docs}, {d.id: d.outlet for d in docs})
    for report in reports:
        _write_report(out, report, summary)
    return summary


def _write_report(out: IO[str], report: Report, summary: Summary) -> None:
    out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    summary.written += 1


def _extract_and_store(docs: list[Document], store: Store, summary: Summary,
                       on_error: OnError | None) -> None:
    """Extract `docs` and store each with its report; failures are reported and skipped."""
    from .extract import PIPELINE_VERSION

    for doc, report in zip(docs, extract_safely(docs), strict=True):
        if isinstance(report, SourceError):
            summary.errors.append(report)
            if on_error:
                on_error(report)
        elif store.add(doc, report, PIPELINE_VERSION):
            # a document in a language otkaz does not read is stored too, without mentions,
            # so nothing is lost and a later version can read it (`otkaz reextract`)
            summary.stored += 1
            summary.incidents += len(report.incidents)
            summary.figures += len(report.figures)
            _count_notices(summary, report)
        else:
            summary.unchanged += 1


def finish_linking(store: Store, summary: Summary) -> None:
    """Link what an earlier run stored but did not link (it was killed or interrupted).

    Ingest and reextract call it when they start, so the totals are right again
    before anything new is read, whatever the new run stores.
    """
    from .link import link_pending

    waiting = store.pending_links()
    if waiting and link_pending(store) is not None:
        summary.healed = waiting


def _count_notices(summary: Summary, report: Report) -> None:
    for notice in report.notices:
        summary.notices[notice] = summary.notices.get(notice, 0) + 1


def reextract_stored(store: Store, *, relink: bool = True, on_error: OnError | None = None,
                     on_progress: OnProgress | None = None, batch_size: int = 32) -> Summary:
    """Extract again every stored document that an older pipeline version read, then relink.

        >>> reextract_stored(store).stored        # doctest: +SKIP
        12

    The texts come from the store, so nothing is fetched. Mentions keep their
    cases and reviewers' decisions (see Store.add); documents already read by
    this version count as unchanged. Mentions an interrupted run left waiting
    are linked first (finish_linking).
    """
    from .extract import PIPELINE_VERSION

    summary = Summary()
    if relink:
        finish_linking(store, summary)
    offset = 0
    while page := store.documents(limit=batch_size, offset=offset):
        offset += len(page)
        summary.read += len(page)
        stale = [s.document for s in page if s.pipeline_version != PIPELINE_VERSION]
        summary.unchanged += len(page) - len(stale)
        _extract_and_store(stale, store, summary, on_error)
        if on_progress:
            on_progress(len(page))
    if relink and summary.stored:
        from .link import relink as relink_cases

        relink_cases(store)
    return summary


def ingest_sources(sources: Iterable[str], store: Store, *, published: date | None = None,
                   client: httpx.Client | None = None, relink: bool = True,
                   on_error: OnError | None = None,
                   on_progress: OnProgress | None = None, batch_size: int = 32,
                   include: Sequence[str] = (), exclude: Sequence[str] = (),
                   summary: Summary | None = None) -> Summary:
    """Read sources, extract each new document and store it with its mentions, then link cases.

    A document already stored by this pipeline version is skipped before extraction,
    so ingesting the same folder twice stores nothing new. A new text of a stored
    document (same URL, or same id in the same JSONL file) supersedes it (Store.add).
    Mentions an interrupted run left waiting are linked with the new ones. In a
    folder only article files are read, narrowed by the `include`/`exclude` globs;
    the others are listed in `summary.skipped` (ingest.iter_documents). Pass `summary`
    to see what was stored if the run is interrupted (Ctrl-C). Linking is incremental
    (link.incremental.link_new): only the cases the new mentions can reach are relinked.
    """
    from .extract import PIPELINE_VERSION
    from .ingest import iter_documents

    summary = summary if summary is not None else Summary()
    # what an interrupted run left waiting is linked with this run's documents, in the one
    # relink at the end: linking it first would make cases that this run's documents then
    # grow, and a grown case gets a new key and id
    waiting = store.pending_links() if relink else 0
    docs = _split(iter_documents(sources, published=published, client=client, include=include,
                                 exclude=exclude, on_skip=summary.skipped.append),
                  summary, on_error)
    for chunk in _chunks(docs, batch_size):
        fresh = [d for d in chunk if not store.has_document(d.sha256, PIPELINE_VERSION)]
        summary.unchanged += len(chunk) - len(fresh)
        _extract_and_store(fresh, store, summary, on_error)
        if on_progress:
            on_progress(len(chunk))
    if relink and (summary.stored or waiting):
        from .link.incremental import link_new

        link_new(store)  # only what the new mentions reach: the cases a full relink gives
        summary.healed = waiting
    return summary
