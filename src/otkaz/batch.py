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
from typing import IO, TYPE_CHECKING

from .errors import SourceError
from .models import Document, Report

if TYPE_CHECKING:
    import httpx

    from .ingest.files import Skipped
    from .store import Store

CHUNK = 64  # documents extracted (and stored) together: one nlp.pipe call, one transaction
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


def extract_jsonl(source: str, out: IO[str], *, link: bool = False, workers: int = 1,
                  scheduler: str | None = None, chunk_size: int = CHUNK,
                  on_error: OnError | None = None,
                  on_progress: OnProgress | None = None,
                  summary: Summary | None = None) -> Summary:
    """Read FORMAT.md documents from `source` (JSONL, a path or "-"; or a .parquet file) and
    write one report per line, in input order.

        >>> extract_jsonl("feed.parquet", out, scheduler="tcp://10.0.0.5:8786")  # doctest: +SKIP

    The input is streamed `chunk_size` documents at a time, so memory does not grow with
    it. With `link`, mentions of one case across the batch get the same `incident_id`,
    so the reports are kept and written once all are read; without it each is written
    as soon as its chunk is done, so an interrupted run keeps what it wrote
    (`summary.written`). With `workers` > 1, that many local processes extract; with
    `scheduler` (or OTKAZ_DASK_SCHEDULER), the workers of that Dask cluster do
    (otkaz.distribute). Pass `summary` to see how far the run got if it is interrupted.
    """
    from .distribute import extract_ordered, inflight_for, open_pool
    from .ingest import read_corpus

    summary = summary if summary is not None else Summary()
    reports: list[Report] = []
    published: dict[str, date | None] = {}
    outlets: dict[str, str | None] = {}
    docs = _split(read_corpus(source), summary, on_error)
    def chunks() -> Iterator[tuple[None, list[Document]]]:
        for chunk in _chunks(docs, chunk_size):
            if link:  # what linking reads of the documents; their texts are not kept
                for d in chunk:
                    published[d.id], outlets[d.id] = d.published, d.outlet
            yield None, chunk

    with open_pool(workers, scheduler) as pool:
        for _, results in extract_ordered(pool, chunks(),
                                          inflight=inflight_for(pool, workers)):
            for report in results:
                if isinstance(report, SourceError):
                    summary.errors.append(report)
                    if on_error:
                        on_error(report)
                    continue
                summary.incidents += len(report.incidents)
                summary.figures += len(report.figures)
                _count_notices(summary, report)
                if link:
                    reports.append(_without_text(report))
                else:
                    _write_report(out, report, summary)
                if on_progress:
                    on_progress(1)
    if link:
        from .link import link_reports

        link_reports(reports, published, outlets)
    for report in reports:
        _write_report(out, report, summary)
    return summary


def _without_text(report: Report) -> Report:
    """`report` without the document's text its items hold for display: a --link run keeps
    every report until the end, and the texts would make memory grow with the input."""
    return report.with_text(None)


def _write_report(out: IO[str], report: Report, summary: Summary) -> None:
    out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    summary.written += 1


def _extract_and_store(docs: list[Document], store: Store, summary: Summary,
                       on_error: OnError | None) -> None:
    """Extract `docs` here and store them with their reports (one transaction)."""
    _store_results(docs, extract_safely(docs), store, summary, on_error)


def _store_results(docs: list[Document], results: Sequence[Report | SourceError], store: Store,
                   summary: Summary, on_error: OnError | None) -> None:
    """Store each document with its report, the whole chunk in one transaction
    (Store.add_many); an extraction failure is reported and its document skipped."""
    from .extract import PIPELINE_VERSION

    pairs: list[tuple[Document, Report]] = []
    for doc, report in zip(docs, results, strict=True):
        if isinstance(report, SourceError):
            summary.errors.append(report)
            if on_error:
                on_error(report)
        else:
            pairs.append((doc, report))
    # a document in a language otkaz does not read is stored too, without mentions,
    # so nothing is lost and a later version can read it (`otkaz reextract`)
    for (_, report), stored in zip(pairs, store.add_many(pairs, PIPELINE_VERSION), strict=True):
        if stored:
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
                   workers: int = 1, scheduler: str | None = None,
                   summary: Summary | None = None) -> Summary:
    """Read sources, extract each new document and store it with its mentions, then link cases.

        >>> ingest_sources(["feed.parquet"], store, scheduler="tcp://h:8786")  # doctest: +SKIP

    The sources are streamed `batch_size` documents at a time: a chunk's new documents
    are extracted (here, by `workers` local processes, or on the Dask cluster at
    `scheduler` / OTKAZ_DASK_SCHEDULER; a few chunks in flight) and stored together in
    one transaction of a few statements (Store.add_many), in input order.
    A document already stored by this pipeline version is skipped before extraction,
    so ingesting the same folder twice stores nothing new. A new text of a stored
    document (same URL, or same id in the same JSONL file) supersedes it (Store.add).
    Mentions an interrupted run left waiting are linked with the new ones. In a
    folder only article files are read, narrowed by the `include`/`exclude` globs;
    the others are listed in `summary.skipped` (ingest.iter_documents). Pass `summary`
    to see what was stored if the run is interrupted (Ctrl-C). Linking is incremental
    (link.incremental.link_new): only the cases the new mentions can reach are relinked.
    """
    from .distribute import extract_ordered, inflight_for, open_pool
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

    def fresh_chunks() -> Iterator[tuple[tuple[int, list[Document]], list[Document]]]:
        for chunk in _chunks(docs, batch_size):
            stored = store.stored_texts([d.sha256 for d in chunk], PIPELINE_VERSION)
            fresh = [d for d in chunk if d.sha256 not in stored]
            yield (len(chunk), fresh), fresh

    with open_pool(workers, scheduler) as pool:
        for (read, fresh), results in extract_ordered(pool, fresh_chunks(),
                                                      inflight=inflight_for(pool, workers)):
            summary.unchanged += read - len(fresh)
            _store_results(fresh, results, store, summary, on_error)
            if on_progress:
                on_progress(read)
    if relink and (summary.stored or waiting):
        from .link.incremental import link_new

        link_new(store)  # only what the new mentions reach: the cases a full relink gives
        summary.healed = waiting
    return summary
