"""Stored documents as a reader manages them: list, show one, delete one.

    >>> from otkaz.store import open_store
    >>> from otkaz.store.documents import delete_document, document_info, list_documents
    >>> with open_store("sqlite:///otkaz.db") as store:            # doctest: +SKIP
    ...     [(d.id, d.title, d.mentions) for d in list_documents(store)]
    ...     document_info(store, 3).mentions[0].mention_key
    ...     delete_document(store, 3, user="ana").mentions
    [(1, 'Omsk riot police refuse', 1), ...]

The CLI (`otkaz documents list|show|delete`) is a thin layer over these. Deleting a
document removes it, its older versions (their texts kept as history), its mentions
and its figures in one transaction; cases that lose mentions are released and the
caller relinks (otkaz.link.relink). Reviewers' decisions stay where they are, and the
review log, which has no foreign keys, keeps every entry and gets one more that says
what was deleted, by whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select

from otkaz.store.schema import documents, figures, mentions, review_log
from otkaz.store.store import Store, _release_cases

DELETE_ACTION = "delete_document"  # the review log's action for a deleted document


@dataclass(frozen=True)
class DocumentSummary:
    """One stored document as `otkaz documents list` shows it."""

    id: int
    title: str | None
    url: str | None
    source_id: str
    published: date | None
    lang: str | None  # None where the store keeps no language column
    mentions: int
    figures: int


@dataclass(frozen=True)
class MentionLine:
    """One mention of a document: enough to find its case and its words."""

    id: int
    mention_key: str
    type: str
    actor: str
    count: tuple[int | None, int | None] | None
    case_id: int | None
    evidence: list[str]  # the evidence passages' text


@dataclass(frozen=True)
class DocumentInfo:
    """One document: its metadata, its versions and its mentions (`otkaz documents show`)."""

    summary: DocumentSummary
    outlet: str | None
    sha256: str
    pipeline_version: str
    ingested_at: datetime | None
    versions: list[int]  # row ids of every version, oldest first (this one included)
    mentions: list[MentionLine] = field(default_factory=list)


@dataclass(frozen=True)
class DeletedDocument:
    """What `delete_document` removed."""

    id: int
    title: str | None
    versions: list[int]
    mentions: int
    figures: int
    cases: list[int]  # the cases that lost a mention (relinked afterwards)
    log_id: int


def _lang(row: Any) -> str | None:
    # the language column comes with another migration; a store without it has no language
    value = row._mapping.get("lang")
    return str(value) if value else None


def _counts(conn: Any, table: Any) -> dict[int, int]:
    rows = conn.execute(select(table.c.document_id, func.count()).group_by(table.c.document_id))
    return {int(d): int(n) for d, n in rows}


def list_documents(store: Store, limit: int | None = None,
                   offset: int = 0) -> list[DocumentSummary]:
    """Current documents (older versions left out), in the order first stored, with the
    number of mentions and figures each gave; the texts are not read."""
    columns = [documents.c.id, documents.c.title, documents.c.url, documents.c.source_id,
               documents.c.published]
    if "lang" in documents.c:
        columns.append(documents.c.lang)
    query = (select(*columns).where(documents.c.superseded_by.is_(None))
             .order_by(documents.c.id).limit(limit).offset(offset))
    with store._read() as conn:
        n_mentions, n_figures = _counts(conn, mentions), _counts(conn, figures)
        rows = conn.execute(query).all()
    return [DocumentSummary(r.id, r.title, r.url, r.source_id, r.published, _lang(r),
                            n_mentions.get(r.id, 0), n_figures.get(r.id, 0)) for r in rows]


def _versions(conn: Any, doc: Any) -> list[int]:
    if doc.doc_key is None:
        return [int(doc.id)]
    return [int(i) for i in conn.execute(select(documents.c.id).where(
        documents.c.doc_key == doc.doc_key).order_by(documents.c.id)).scalars()]


def document_info(store: Store, document_id: int) -> DocumentInfo | None:
    """The document with row id `document_id`, its versions and its mentions; None if none."""
    with store._read() as conn:
        doc = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if doc is None:
            return None
        rows = conn.execute(select(mentions).where(mentions.c.document_id == document_id)
                            .order_by(mentions.c.idx)).all()
        n_figures = conn.execute(select(func.count()).select_from(figures).where(
            figures.c.document_id == document_id)).scalar_one()
        versions = _versions(conn, doc)
    text = doc.text
    lines = [MentionLine(
        m.id, m.mention_key, m.type, m.actor,
        (m.count_low, m.count_high) if m.has_count else None, m.case_id,
        [text[int(a):int(b)] for a, b in (m.evidence or [])]) for m in rows]
    summary = DocumentSummary(doc.id, doc.title, doc.url, doc.source_id, doc.published,
                              _lang(doc), len(lines), int(n_figures))
    return DocumentInfo(summary, doc.outlet, doc.sha256, doc.pipeline_version, doc.ingested_at,
                        versions, lines)


def delete_document(store: Store, document_id: int, *, user: str,
                    relink: bool = True) -> DeletedDocument | None:
    """Delete a document, its older versions, its mentions and figures; None if there is none.

        >>> delete_document(store, 3, user="ana").cases  # doctest: +SKIP
        [7]

    One transaction: the rows go, the cases that lost mentions are released (their other
    mentions wait to be linked; a machine case left empty without a reviewer's decision
    goes), and the review log gets an entry naming the document (id, title, source, hash)
    and the mentions deleted, by key. Then, with `relink`, every mention is linked again
    (otkaz.link.relink), so the totals no longer count the document.
    """
    with store._write(mentions_changed=True) as conn:
        doc = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if doc is None:
            return None
        ids = _versions(conn, doc)
        gone = conn.execute(select(mentions.c.id, mentions.c.mention_key, mentions.c.case_id)
                            .where(mentions.c.document_id.in_(ids))).all()
        n_figures = conn.execute(select(func.count()).select_from(figures).where(
            figures.c.document_id.in_(ids))).scalar_one()
        conn.execute(delete(mentions).where(mentions.c.document_id.in_(ids)))
        conn.execute(delete(figures).where(figures.c.document_id.in_(ids)))
        cases = sorted({int(m.case_id) for m in gone if m.case_id is not None})
        _release_cases(conn, set(cases))
        conn.execute(delete(documents).where(documents.c.id.in_(ids)))
        what = {"id": doc.id, "title": doc.title, "url": doc.url, "source_id": doc.source_id,
                "sha256": doc.sha256, "versions": ids,
                "mentions": [m.mention_key for m in gone], "figures": int(n_figures),
                "cases": cases}
        log_id = conn.execute(insert(review_log).values(
            at=datetime.now(UTC), user=user, action=DELETE_ACTION, before=what, after=None,
            note=f"deleted document {doc.id} ({doc.title or doc.url or doc.source_id}): "
                 f"{len(gone)} mentions, {n_figures} figures, {len(ids)} versions")
            .returning(review_log.c.id)).scalar_one()
    if relink:
        from otkaz.link import relink as relink_cases

        relink_cases(store)
    return DeletedDocument(int(doc.id), doc.title, ids, len(gone), int(n_figures), cases,
                           int(log_id))
