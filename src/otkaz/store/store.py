"""The store: documents, what was extracted from them, and the cases they are linked into.

    >>> with open_store("sqlite://") as store:
    ...     store.add(Document(id="a", text="60 soldiers refused."), Report(id="a"), "v1")
    True

Every write is one transaction: a document is stored with all its mentions and
figures or not at all, even if the process is killed midway. On SQLite a write
takes the database lock when it begins (one writer at a time; readers are never
blocked).

Linking is a separate step (otkaz.link.relink), so a process killed between
storing and linking leaves mentions that are in no case yet: each mention has a
`linked` flag, `pending_links()` counts those waiting, and the next ingest,
reextract, serve or `otkaz relink` links them.

A document has versions: a new text with the same `version_key` (URL, or JSONL
path and id) as a stored one supersedes it (see `add`); the old row keeps its
text as history and loses its mentions and figures.

Faults of the database (read-only, damaged, locked, unreachable; a SQLite file
deleted or replaced under a running server) are raised as one-line StoreErrors
with a code and a hint (engine.store_error).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    Text,
    bindparam,
    cast,
    delete,
    exc,
    exists,
    func,
    insert,
    or_,
    select,
    true,
    update,
)

from otkaz import settings
from otkaz.errors import StoreError
from otkaz.models import Document, Report
from otkaz.store.engine import (
    PG_LINK_LOCK,
    WRITE_OPTION,
    dump_json,
    file_identity,
    make_engine,
    migrate,
    safe_url,
    sqlite_file,
    store_error,
)
from otkaz.store.filters import place_matches
from otkaz.store.linkindex import LinkIndex
from otkaz.store.rekey import MentionSpan, carry_spans, successors
from otkaz.store.rows import (
    CaseOverride,
    DocumentMeta,
    DocumentRecord,
    MentionOverride,
    StoredCase,
    StoredDocument,
    StoredFigure,
    StoredMention,
    document_row,
    figure_row,
    incident_row,
    stored_case,
    stored_document,
    stored_figure,
    stored_mention,
)
from otkaz.store.schema import (
    MENTION_REJECTED,
    MENTION_STATUS,
    case_overrides,
    cases,
    documents,
    figures,
    mention_key,
    mention_overrides,
    mentions,
    pending_mentions,
    review_log,
    store_state,
)

# The denormalised case columns the linker may set through upsert_case().
CASE_COLUMNS = frozenset({
    "type", "force", "count_low", "count_high", "when_start", "when_end",
    "home", "place", "place_lat", "place_lon", "n_mentions", "n_origins", "confidence",
})
CASE_SORTS = ("when", "confidence")  # Store.cases(sort=...)
_BATCH = 500  # rows per IN (...) list


def open_store(url: str | None = None) -> Store:
    """Open (creating or migrating as needed) the database at `url`, default setting `db`.

        >>> store = open_store("sqlite:///otkaz.db")  # doctest: +SKIP

    Raises StoreError (E301 bad URL, E302 unreachable, E303 migration failed).
    """
    engine = make_engine(url or settings.get("db"))
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


def _now() -> datetime:
    return datetime.now(UTC)


REKEY_USER = "otkaz"  # the review log's name for decisions moved by re-extraction


def _mention_keys(sha256: str, report: Report) -> list[str]:
    """Stable keys for the report's incidents; a repeat within the document gets `#2`, `#3`..."""
    seen: Counter[str] = Counter()
    keys = []
    for idx, incident in enumerate(report.incidents):
        start = min((s for s, _ in incident.evidence), default=None)
        key = mention_key(sha256, start, incident.type, idx)
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def _carry_decisions(conn: Connection, moved: Mapping[str, str], version: str,
                     now: datetime) -> None:
    """Move reviewers' decisions on mentions to the keys that continue them (store.rekey).

    A decision the new key already has is not overwritten (the old row stays);
    each move is written to the review log, so the history says why a decision
    now names another key.
    """
    for old_key, new_key in sorted(moved.items()):
        taken = set(conn.execute(select(mention_overrides.c.field).where(
            mention_overrides.c.mention_key == new_key)).scalars())
        rows = conn.execute(select(mention_overrides.c.field).where(
            mention_overrides.c.mention_key == old_key)).scalars().all()
        fields = [f for f in rows if f not in taken]
        if not fields:
            continue
        conn.execute(update(mention_overrides).where(
            mention_overrides.c.mention_key == old_key,
            mention_overrides.c.field.in_(fields)).values(mention_key=new_key))
        conn.execute(insert(review_log).values(
            at=now, user=REKEY_USER, action="rekey", mention_key=new_key,
            before=old_key, after=new_key,
            note=f"extraction {version} moved the evidence; decisions on {', '.join(fields)} "
                 "follow the mention"))


def _take_mentions(conn: Connection, document_id: int) -> Sequence[Any]:
    """Delete a document's mentions and figures; the mentions' key, type, evidence and case."""
    previous = conn.execute(
        select(mentions.c.mention_key, mentions.c.type, mentions.c.evidence,
               mentions.c.case_id).where(mentions.c.document_id == document_id)).all()
    conn.execute(delete(mentions).where(mentions.c.document_id == document_id))
    conn.execute(delete(figures).where(figures.c.document_id == document_id))
    return previous


def _old_spans(evidence: Any, old_text: str | None, new_text: str) -> list[tuple[int, int]]:
    spans = [(int(a), int(b)) for a, b in evidence or []]
    return spans if old_text is None else carry_spans(old_text, new_text, spans)


def _release_cases(conn: Connection, case_ids: set[int]) -> None:
    """Cases that lost mentions here: their other mentions wait to be linked again (the
    merged record is stale), and a machine case left with no mention and no reviewer's
    decision goes now, so a run killed before relinking counts nothing twice."""
    for chunk in _chunks(sorted(case_ids)):
        conn.execute(update(mentions).where(mentions.c.case_id.in_(chunk))
                     .values(linked=False))
        conn.execute(delete(cases).where(
            cases.c.id.in_(chunk), cases.c.status == "machine",
            ~exists().where(mentions.c.case_id == cases.c.id),
            ~exists().where(case_overrides.c.case_id == cases.c.id)))


def _chunks(items: list[Any], size: int = _BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# What a store fault looks like coming from the drivers, whether SQLAlchemy wrapped it or not.
DB_FAULTS: tuple[type[BaseException], ...] = (exc.OperationalError, exc.DatabaseError,
                                              sqlite3.Error)


class Store(LinkIndex):
    """Read and write otkaz data in one database; `open_store()` makes one.

    Incremental linking's queries (mentions by block, case and id; link state)
    come from LinkIndex (store/linkindex.py).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=False)
        # a SQLite file's (device, inode) now, so a file deleted or replaced later is noticed
        self.path = sqlite_file(engine.url)
        self.identity = file_identity(self.path) if self.path is not None else None

    def check_file(self) -> None:
        """Raise StoreError E310 when this SQLite file was deleted or replaced since opening.

        A connection to a deleted file goes on writing into the unlinked file, and one
        to a replaced file into the old one: both lose what is written. A no-op on
        PostgreSQL and in memory.
        """
        if self.path is None or self.identity is None:
            return
        now = file_identity(self.path)
        if now == self.identity:
            return
        what = "deleted" if now is None else "replaced by another file"
        raise StoreError(f"the database file {self.path} was {what} while in use; "
                         "nothing more is read from or written to it", "E310",
                         "restart the command (or `otkaz serve`) to open the file now there")

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc_value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """Copy this SQLite database to the new file `target` with SQLite's online backup.

            >>> store.backup("otkaz-2024-05-01.db")  # doctest: +SKIP

        The copy is consistent and holds everything committed, including what is
        still only in the write-ahead log (a plain `cp` of the .db file misses that),
        while other processes go on reading and writing. It is written beside
        `target` and renamed into place, so a half-made backup never has its name.
        StoreError E311 when `target` exists or cannot be written, or on PostgreSQL
        (use pg_dump there).
        """
        path = Path(target)
        if self.engine.dialect.name != "sqlite":
            raise StoreError(f"cannot back up {safe_url(self.url)} here: otkaz backs up SQLite "
                             "files only", "E311",
                             "back up PostgreSQL with pg_dump, e.g. pg_dump -Fc -f otkaz.dump "
                             "DATABASE_URL")
        if path.exists():
            raise StoreError(f"cannot back up to {path}: it exists", "E311",
                             "choose a new file name; a backup never overwrites a file")
        if not path.parent.is_dir():
            raise StoreError(f"cannot back up to {path}: the folder {path.parent} does not exist",
                             "E311", "create the folder first")
        self.check_file()
        partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
        try:
            raw = self.engine.raw_connection()
            try:
                source = raw.driver_connection
                assert isinstance(source, sqlite3.Connection)
                with closing(sqlite3.connect(partial)) as copy:
                    source.backup(copy)
            finally:
                raw.close()
            os.replace(partial, path)
        except (sqlite3.Error, exc.DBAPIError, OSError) as e:
            partial.unlink(missing_ok=True)
            if isinstance(e, OSError):
                raise StoreError(f"cannot back up to {path}: {e.strerror or e}", "E311",
                                 "check that the folder can be written and has room") from e
            raise store_error(e, self.url, "back up", "E311") from e
        return path

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DB_FAULTS as e:
            raise store_error(e, self.url, "read", "E304") from e

    @contextmanager
    def _write(self, mentions_changed: bool = False) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back on an error.

        `mentions_changed` also bumps `store_state.mentions_version`, which a relink
        compares before and after (otkaz.link.relink).
        """
        self.check_file()
        bump: dict[str, Any] = {"data_version": store_state.c.data_version + 1}
        if mentions_changed:
            bump["mentions_version"] = store_state.c.mentions_version + 1
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    yield conn
                    # readers (the dashboard's caches) notice any write by this one row
                    conn.execute(update(store_state).where(store_state.c.id == 1).values(bump))
        except DB_FAULTS as e:
            if isinstance(e, exc.IntegrityError):
                raise  # a constraint, not a fault of the database: the caller decides
            raise store_error(e, self.url, "write to", "E305") from e

    @contextmanager
    def link_lock(self) -> Iterator[None]:
        """Held while linking, so that concurrent relinks take turns.

        PostgreSQL: a session advisory lock on a connection of its own (two relinks
        at once would both insert a new case's key: `uq_cases_key`). SQLite writes
        are one at a time already, and a relink that finds the mentions changed
        while it ran goes again (otkaz.link.relink), so no lock is needed there.
        """
        if self.engine.dialect.name != "postgresql":
            yield
            return
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except DB_FAULTS as e:
            raise store_error(e, self.url, "lock", "E305") from e
        with conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({PG_LINK_LOCK})")
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({PG_LINK_LOCK})")

    # documents, mentions, figures

    def add(self, doc: Document, report: Report, pipeline_version: str) -> bool:
        """Store `doc` with what `report` extracted from it, in one transaction.

        False (nothing written) when this text is stored already from the same
        pipeline version, or is an older version of a document (kept as history).
        When it is stored from another pipeline version, its mentions and figures
        are replaced and the answer is True: a mention keeps its case, and
        reviewers' decisions on it, under its mention_key, or under the new key
        of the mention that continues it (store.rekey; each move is logged).

        A new text whose `doc.version_key` (URL, or JSONL path and id) is that of
        a stored current document supersedes it: the old mentions and figures are
        replaced by these (not added to them), their decisions and cases follow
        the mentions that continue them in the new text (store.rekey.carry_spans),
        and the old row stays, with its text, as history (`versions()`).

        New mentions wait to be linked (`pending_links()`); so do the other
        mentions of a case that lost one here. `report.id` and incidents'
        `incident_id` are ignored.
        """
        try:
            with self._write(mentions_changed=True) as conn:
                return self._add(conn, doc, report, pipeline_version)
        except exc.IntegrityError:  # a concurrent writer stored the same text first
            with self._write(mentions_changed=True) as conn:
                return self._add(conn, doc, report, pipeline_version)

    def add_many(self, items: Sequence[tuple[Document, Report]],
                 pipeline_version: str) -> list[bool]:
        """Store each (document, report) as `add` would, all in one transaction, in a few
        statements: what `add` answers for each, in order.

            >>> store.add_many([(doc1, report1), (doc2, report2)], "v1")  # doctest: +SKIP
            [True, False]

        New texts (the usual case in a feed) go in with one multi-row insert of
        documents, one of mentions and one of figures, whatever their number; a text
        stored already, or a new version of a stored document, goes through `add`'s
        steps inside the same transaction. If a concurrent writer stored one of the texts
        first, each item is stored again on its own (`add`).
        """
        if not items:
            return []
        try:
            with self._write(mentions_changed=True) as conn:
                return self._add_many(conn, items, pipeline_version)
        except exc.IntegrityError:
            return [self.add(doc, report, pipeline_version) for doc, report in items]

    def _add_many(self, conn: Connection, items: Sequence[tuple[Document, Report]],
                  version: str) -> list[bool]:
        shas = sorted({doc.sha256 for doc, _ in items})
        known: set[str] = set()
        for chunk in _chunks(shas):
            known.update(conn.execute(select(documents.c.sha256)
                                      .where(documents.c.sha256.in_(chunk))).scalars())
        keys = sorted({k for doc, _ in items if (k := doc.version_key) is not None})
        current: set[str] = set()
        for chunk in _chunks(keys):
            current.update(conn.execute(select(documents.c.doc_key).where(
                documents.c.doc_key.in_(chunk), documents.c.superseded_by.is_(None))).scalars())
        done: list[bool | None] = [None] * len(items)
        fresh: list[int] = []  # new texts of new documents, inserted together
        seen_keys: set[str] = set()
        for i, (doc, report) in enumerate(items):
            key = doc.version_key
            if doc.sha256 in known or (key is not None and (key in current or key in seen_keys)):
                # stored already, or a version of a document stored before (or earlier in
                # this batch): `add`'s way, after the new ones before it are in
                self._insert_new(conn, [items[j] for j in fresh], version)
                fresh.clear()
                done[i] = self._add(conn, doc, report, version)
            else:
                fresh.append(i)
            known.add(doc.sha256)
            if key is not None:
                seen_keys.add(key)
        self._insert_new(conn, [items[j] for j in fresh], version)
        return [True if d is None else d for d in done]

    def _insert_new(self, conn: Connection, items: Sequence[tuple[Document, Report]],
                    version: str) -> None:
        """Insert documents none of whose texts or version keys is stored, with their
        mentions and figures: three statements (multi-row inserts) for any number."""
        if not items:
            return
        now = _now()
        rows = [{**document_row(doc), "ingested_at": now, "pipeline_version": version,
                 "extracted_at": now} for doc, _ in items]
        ids: dict[str, int] = dict(conn.execute(
            # mapped by hash, so the rows may come back in any order: that lets SQLAlchemy
            # send one multi-row INSERT ... RETURNING (per 1,000 rows) on SQLite too
            insert(documents).returning(documents.c.sha256, documents.c.id), rows).all())
        mention_rows: list[dict[str, Any]] = []
        figure_rows: list[dict[str, Any]] = []
        for doc, report in items:
            doc_id = ids[doc.sha256]
            mention_rows += [
                {"document_id": doc_id, "idx": idx, "mention_key": key,
                 "pipeline_version": version, "case_id": None, "linked": False,
                 **incident_row(incident)}
                for idx, (key, incident) in enumerate(zip(_mention_keys(doc.sha256, report),
                                                          report.incidents, strict=True))]
            figure_rows += [{"document_id": doc_id, "idx": idx, "pipeline_version": version,
                             **figure_row(figure)} for idx, figure in enumerate(report.figures)]
        if mention_rows:
            conn.execute(insert(mentions), mention_rows)
        if figure_rows:
            conn.execute(insert(figures), figure_rows)

    def stored_texts(self, sha256s: Collection[str], pipeline_version: str) -> set[str]:
        """Which of these texts (SHA-256) are stored and extracted by `pipeline_version`, or
        kept as an older version: `has_document` for a whole chunk in one query per 500."""
        wanted = sorted(set(sha256s))
        found: set[str] = set()
        with self._read() as conn:
            for chunk in _chunks(wanted):
                found.update(conn.execute(select(documents.c.sha256).where(
                    documents.c.sha256.in_(chunk),
                    or_(documents.c.pipeline_version == pipeline_version,
                        documents.c.superseded_by.is_not(None)))).scalars())
        return found

    def _add(self, conn: Connection, doc: Document, report: Report, version: str) -> bool:
        sha, now = doc.sha256, _now()
        found = conn.execute(select(documents.c.id, documents.c.pipeline_version,
                                    documents.c.superseded_by)
                             .where(documents.c.sha256 == sha)).first()
        previous: Sequence[Any] = []
        old_text: str | None = None  # the superseded version's text, when there is one
        if found is None:
            key = doc.version_key
            prior = None if key is None else conn.execute(
                select(documents.c.id, documents.c.text)
                .where(documents.c.doc_key == key, documents.c.superseded_by.is_(None))
                .order_by(documents.c.id.desc())).first()
            doc_id = conn.execute(insert(documents).values(
                **document_row(doc), ingested_at=now, pipeline_version=version,
                extracted_at=now).returning(documents.c.id)).scalar_one()
            if prior is not None:
                previous = _take_mentions(conn, prior.id)
                old_text = prior.text
                conn.execute(update(documents).where(documents.c.id == prior.id)
                             .values(superseded_by=doc_id, superseded_at=now))
        elif found.superseded_by is not None or found.pipeline_version == version:
            return False
        else:
            doc_id = found.id
            previous = _take_mentions(conn, doc_id)
            conn.execute(update(documents).where(documents.c.id == doc_id)
                         .values(pipeline_version=version, extracted_at=now))
        keys = _mention_keys(sha, report)
        kept_cases = {r.mention_key: r.case_id for r in previous if r.case_id is not None}
        if previous:
            moved = successors(
                [MentionSpan(r.mention_key, r.type, _old_spans(r.evidence, old_text, doc.text))
                 for r in previous],
                [MentionSpan(k, i.type, list(i.evidence))
                 for k, i in zip(keys, report.incidents, strict=True)])
            for old_key, new_key in moved.items():
                if old_key in kept_cases:
                    kept_cases.setdefault(new_key, kept_cases[old_key])
            _carry_decisions(conn, moved, version, now)
        if report.incidents:
            conn.execute(insert(mentions), [
                {"document_id": doc_id, "idx": idx, "mention_key": key,
                 "pipeline_version": version, "case_id": kept_cases.get(key), "linked": False,
                 **incident_row(incident)}
                for idx, (key, incident) in enumerate(zip(keys, report.incidents, strict=True))])
        if report.figures:
            conn.execute(insert(figures), [
                {"document_id": doc_id, "idx": idx, "pipeline_version": version,
                 **figure_row(figure)}
                for idx, figure in enumerate(report.figures)])
        _release_cases(conn, {r.case_id for r in previous if r.case_id is not None})
        return True

    def has_document(self, sha256: str, pipeline_version: str | None = None) -> bool:
        """Whether this text is stored (and, if a version is given, extracted by it).

        An older version of a document (superseded) counts as stored whatever the
        version: it is kept as history and never extracted again.
        """
        query = select(documents.c.id).where(documents.c.sha256 == sha256)
        if pipeline_version is not None:
            query = query.where(or_(documents.c.pipeline_version == pipeline_version,
                                    documents.c.superseded_by.is_not(None)))
        with self._read() as conn:
            return conn.execute(query).first() is not None

    def documents(self, limit: int | None = None, offset: int = 0) -> list[StoredDocument]:
        """Current stored documents (older versions left out) in the order first stored."""
        query = (select(documents).where(documents.c.superseded_by.is_(None))
                 .order_by(documents.c.id).limit(limit).offset(offset))
        with self._read() as conn:
            return [stored_document(r._mapping) for r in conn.execute(query)]

    def versions(self, document_id: int) -> list[StoredDocument]:
        """Every stored version of the document with row id `document_id`, oldest first.

            >>> [v.id for v in store.versions(7)]  # doctest: +SKIP
            [3, 7]

        A document without a version key has one version, itself.
        """
        with self._read() as conn:
            key = conn.execute(select(documents.c.doc_key)
                               .where(documents.c.id == document_id)).first()
            if key is None:
                return []
            query = select(documents).order_by(documents.c.id)
            query = (query.where(documents.c.doc_key == key.doc_key) if key.doc_key is not None
                     else query.where(documents.c.id == document_id))
            return [stored_document(r._mapping) for r in conn.execute(query)]

    def document_meta(self) -> list[DocumentMeta]:
        """Every current stored document's id, source id, hash, date, outlet, URL, title and
        language, by id; the texts are not read."""
        query = select(documents.c.id, documents.c.source_id, documents.c.sha256,
                       documents.c.published, documents.c.outlet, documents.c.url,
                       documents.c.title, documents.c.lang).where(
            documents.c.superseded_by.is_(None)).order_by(documents.c.id)
        with self._read() as conn:
            return [DocumentMeta(**r._mapping) for r in conn.execute(query)]

    def document(self, id: int) -> StoredDocument | None:
        """The document with row id `id`, or None."""
        return self._one_document(select(documents).where(documents.c.id == id))

    def document_by_sha(self, sha256: str) -> StoredDocument | None:
        """The document whose text has this SHA-256, or None."""
        return self._one_document(select(documents).where(documents.c.sha256 == sha256))

    def _one_document(self, query: Select[Any]) -> StoredDocument | None:
        with self._read() as conn:
            row = conn.execute(query).first()
        return stored_document(row._mapping) if row else None

    def _mention_query(self) -> Select[Any]:
        return (select(mentions, cases.c.key.label("case_key"),
                       cases.c.confidence.label("case_confidence"))
                .select_from(mentions.outerjoin(cases, mentions.c.case_id == cases.c.id))
                .order_by(mentions.c.document_id, mentions.c.idx))

    def mentions(self, document_id: int | None = None,
                 case_id: int | None = None) -> list[StoredMention]:
        """Mentions in document and report order, optionally of one document or one case."""
        query = self._mention_query()
        if document_id is not None:
            query = query.where(mentions.c.document_id == document_id)
        if case_id is not None:
            query = query.where(mentions.c.case_id == case_id)
        with self._read() as conn:
            return [stored_mention(r._mapping) for r in conn.execute(query)]

    def figures(self, document_id: int | None = None) -> list[StoredFigure]:
        """Figures in document and report order, optionally of one document."""
        query = select(figures).order_by(figures.c.document_id, figures.c.idx)
        if document_id is not None:
            query = query.where(figures.c.document_id == document_id)
        with self._read() as conn:
            return [stored_figure(r._mapping) for r in conn.execute(query)]

    def records(self, batch: int = 200) -> Iterator[DocumentRecord]:
        """Every document with its mentions and figures, read `batch` documents at a time."""
        last = 0
        while True:
            with self._read() as conn:
                docs = [stored_document(r._mapping) for r in conn.execute(
                    select(documents).where(documents.c.id > last,
                                            documents.c.superseded_by.is_(None))
                    .order_by(documents.c.id).limit(batch))]
                if not docs:
                    return
                ids = [d.id for d in docs]
                by_doc_m: dict[int, list[StoredMention]] = {i: [] for i in ids}
                for r in conn.execute(self._mention_query()
                                      .where(mentions.c.document_id.in_(ids))):
                    by_doc_m[r.document_id].append(stored_mention(r._mapping))
                by_doc_f: dict[int, list[StoredFigure]] = {i: [] for i in ids}
                for r in conn.execute(select(figures).where(figures.c.document_id.in_(ids))
                                      .order_by(figures.c.document_id, figures.c.idx)):
                    by_doc_f[r.document_id].append(stored_figure(r._mapping))
            for d in docs:
                yield DocumentRecord(d, by_doc_m[d.id], by_doc_f[d.id])
            last = ids[-1]

    def reports(self) -> Iterator[tuple[Document, Report]]:
        """Every document and its report (incident_id = case key where linked)."""
        for record in self.records():
            doc = record.document.document
            yield doc, Report(doc.id, [m.incident for m in record.mentions],
                              [f.figure for f in record.figures])

    def counts(self) -> dict[str, int]:
        """How many (current) documents, mentions, figures and cases are stored."""
        tables = {"documents": select(func.count()).select_from(documents)
                  .where(documents.c.superseded_by.is_(None)),
                  "mentions": select(func.count()).select_from(mentions),
                  "figures": select(func.count()).select_from(figures),
                  "cases": select(func.count()).select_from(cases)}
        with self._read() as conn:
            return {name: conn.execute(q).scalar_one() for name, q in tables.items()}

    # linking state

    def pending_links(self) -> int:
        """How many mentions wait to be linked (stored, or their case changed, since the
        last relink placed them): a run killed before linking leaves some."""
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(mentions)
                                .where(pending_mentions())).scalar_one()

    def mentions_version(self) -> int:
        """A counter that every write of mentions bumps (a relink compares it)."""
        with self._read() as conn:
            return conn.execute(select(store_state.c.mentions_version)
                                .where(store_state.c.id == 1)).scalar_one()

    def mark_linked(self, mentions_version: int, review_id: int | None = None) -> bool:
        """Mark every mention linked, if the mentions are still as they were at
        `mentions_version` (what the relink read); False, marking nothing, if not.
        `review_id`: the last review-log entry the link took in (link.incremental reads
        the entries after it next time).

        Checked and written in one transaction that holds the store_state row, so a
        mention stored meanwhile is never marked by a relink that did not see it.
        """
        with self._write() as conn:
            now = conn.execute(select(store_state.c.mentions_version)
                               .where(store_state.c.id == 1).with_for_update()).scalar_one()
            if now != mentions_version:
                return False
            conn.execute(update(mentions).where(pending_mentions())
                         .values(linked=true()))
            if review_id is not None:
                conn.execute(update(store_state).where(
                    store_state.c.id == 1, store_state.c.linked_review_id < review_id)
                    .values(linked_review_id=review_id))
            return True

    # cases

    def set_mention_cases(self, assignments: Mapping[int, int | None], *,
                          linked: bool = True) -> None:
        """Link mentions to cases ({mention id: case id or None}), in one transaction.

        A mention given a case counts as linked (one given None waits again), unless
        `linked` is False: relink passes that, and marks its mentions linked only
        once its last write (removing emptied cases) is done, so a kill between the
        two leaves them waiting.
        """
        if not assignments:
            return
        stmt = (update(mentions).where(mentions.c.id == bindparam("mention"))
                .values(case_id=bindparam("case")))
        if linked:
            stmt = stmt.values(linked=bindparam("linked"))
        with self._write() as conn:
            conn.execute(stmt, [{"mention": m, "case": c, "linked": c is not None}
                                for m, c in assignments.items()])

    def upsert_case(self, key: str, merged: dict[str, Any], columns: Mapping[str, Any]) -> int:
        """Create or update the case `key`; its id. See upsert_cases()."""
        return self.upsert_cases([(key, merged, columns)])[key]

    def upsert_cases(self, items: Iterable[tuple[str, dict[str, Any], Mapping[str, Any]]]
                     ) -> dict[str, int]:
        """Create or update cases (key, merged record, CASE_COLUMNS values) in one transaction.

        A new case starts with status "machine" and version 1. An existing one
        gets the new record and columns, and its version goes up by one only
        when something changed; its status (a reviewer's) is kept.
        Returns {key: case id}.
        """
        wanted = [(key, merged, _case_columns(columns)) for key, merged, columns in items]
        ids: dict[str, int] = {}
        # the stored record as text: decoded only when the columns alone show no change
        query = select(cases.c.id, cases.c.key, *(cases.c[c] for c in sorted(CASE_COLUMNS)),
                       cast(cases.c.merged, Text).label("merged_text"))
        with self._write() as conn:
            existing: dict[str, Any] = {}
            for chunk in _chunks([k for k, _, _ in wanted]):
                existing.update((r.key, r) for r in conn.execute(
                    query.where(cases.c.key.in_(chunk))))
            new: list[dict[str, Any]] = []
            changed: dict[tuple[str, ...], list[dict[str, Any]]] = {}  # by the columns given
            defaults = dict.fromkeys(CASE_COLUMNS) | {"n_mentions": 0, "n_origins": 0}
            for key, merged, values in wanted:
                now = _now()
                old = existing.get(key)
                if old is None:
                    new.append(defaults | values | {
                        "key": key, "created_at": now, "updated_at": now, "status": "machine",
                        "version": 1, "merged": merged})
                    continue
                ids[key] = old.id
                if any(getattr(old, c) != v for c, v in values.items()) or \
                        _record_changed(merged, old.merged_text):
                    # a changed case gets all its given columns again: one statement for all
                    changed.setdefault(tuple(sorted(values)), []).append(
                        {f"new_{c}": v for c, v in values.items()}
                        | {"new_merged": merged, "new_now": now, "case_id": old.id})
            for names, rows in changed.items():
                conn.execute(update(cases).where(cases.c.id == bindparam("case_id")).values(
                    {c: bindparam(f"new_{c}", type_=cases.c[c].type) for c in names}
                    | {"merged": bindparam("new_merged", type_=cases.c.merged.type),
                       "updated_at": bindparam("new_now", type_=cases.c.updated_at.type),
                       "version": cases.c.version + 1}), rows)
            if new:  # one multi-row insert for all the new cases, not one per case
                ids.update(conn.execute(insert(cases).returning(cases.c.key, cases.c.id),
                                        new).all())
        return ids

    def delete_cases_without_mentions(self) -> int:
        """Delete machine cases no mention points to and no reviewer touched; how many."""
        stmt = delete(cases).where(
            cases.c.status == "machine",
            ~exists().where(mentions.c.case_id == cases.c.id),
            ~exists().where(case_overrides.c.case_id == cases.c.id),
        )
        with self._write() as conn:
            return conn.execute(stmt).rowcount

    def case_overrides(self) -> list[CaseOverride]:
        """Reviewers' field corrections, oldest first (then by field)."""
        query = select(case_overrides).order_by(case_overrides.c.at, case_overrides.c.field,
                                                case_overrides.c.case_id)
        with self._read() as conn:
            return [CaseOverride(**r._mapping) for r in conn.execute(query)]

    def mention_overrides(self, field: str | None = None) -> list[MentionOverride]:
        """Reviewers' decisions about mentions (only those about `field` when given)."""
        query = select(mention_overrides).order_by(mention_overrides.c.at,
                                                   mention_overrides.c.mention_key,
                                                   mention_overrides.c.field)
        if field is not None:
            query = query.where(mention_overrides.c.field == field)
        with self._read() as conn:
            return [MentionOverride(**r._mapping) for r in conn.execute(query)]

    def rejected_mentions(self) -> set[str]:
        """The mention keys a reviewer rejected (they do not count towards case confidence)."""
        return {o.mention_key for o in self.mention_overrides(MENTION_STATUS)
                if o.value == MENTION_REJECTED}

    def cases(self, *, status: str | None = None, statuses: Collection[str] | None = None,
              type: str | None = None,
              force: str | None = None, place: str | None = None,
              since: date | None = None, until: date | None = None,
              min_confidence: float | None = None, sort: str = "when", order: str = "desc",
              limit: int | None = None, offset: int = 0,
              lang: str | None = None) -> list[StoredCase]:
        """Cases filtered by any of the arguments, newest first by default.

            >>> store.cases(min_confidence=0.5, sort="confidence")  # doctest: +SKIP

        `statuses` keeps cases with any of these statuses (otkaz.link.records
        reads live ones by default); `place` matches part of the case's place or
        home, ignoring case, or the region they lie in (store.filters.place_matches);
        `since`/`until` keep cases whose dates overlap that interval;
        `min_confidence` keeps cases whose confidence is at least that (a case
        without one never passes it); `lang` keeps cases with a mention in a
        document of that language (ISO 639-1, "ru"). `sort` is "when" (start date) or
        "confidence", `order` "desc" or "asc"; cases without that value come
        last either way, and ties go by id, ascending.
        """
        if sort not in CASE_SORTS:
            raise ValueError(f"sort must be one of {', '.join(CASE_SORTS)}, not {sort!r}")
        if order not in ("asc", "desc"):
            raise ValueError(f"order must be asc or desc, not {order!r}")
        query = self._filter_cases(select(cases), status=status, statuses=statuses, type=type,
                                   force=force, place=place, since=since, until=until,
                                   min_confidence=min_confidence, lang=lang)
        key = cases.c.when_start if sort == "when" else cases.c.confidence
        # `IS NULL` first: NULLs last in both directions, written the same on both backends
        query = query.order_by(key.is_(None), key.desc() if order == "desc" else key.asc(),
                               cases.c.id).limit(limit).offset(offset)
        with self._read() as conn:
            return [stored_case(r._mapping) for r in conn.execute(query)]

    def count_cases(self, **filters: Any) -> int:
        """How many cases `cases(**filters)` lists when no limit cuts it (sorting aside).

            >>> store.count_cases(statuses=("machine", "confirmed"), force="navy")  # doctest: +SKIP
            7
        """
        for name in ("sort", "order", "limit", "offset"):
            filters.pop(name, None)
        query = self._filter_cases(select(func.count()).select_from(cases), **filters)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def _filter_cases(self, query: Select[Any], *, status: str | None = None,
                      statuses: Collection[str] | None = None, type: str | None = None,
                      force: str | None = None, place: str | None = None,
                      since: date | None = None, until: date | None = None,
                      min_confidence: float | None = None,
                      lang: str | None = None) -> Select[Any]:
        """`query` over `cases` narrowed by the filters of `cases()`."""
        for column, value in (("status", status), ("type", type), ("force", force)):
            if value is not None:
                query = query.where(cases.c[column] == value)
        if statuses is not None:
            query = query.where(cases.c.status.in_(list(statuses)))
        if place:
            query = query.where(or_(place_matches(place, self.engine.dialect.name),
                                    case_at_place(place)))
        if since is not None:
            query = query.where(cases.c.when_end >= since)
        if until is not None:
            query = query.where(cases.c.when_start <= until)
        if min_confidence is not None:
            query = query.where(cases.c.confidence >= min_confidence)
        if lang is not None:
            query = query.where(case_in_language(lang))
        return query

    def case(self, id: int) -> StoredCase | None:
        """The case with row id `id`, or None."""
        return self._one_case(select(cases).where(cases.c.id == id))

    def case_by_key(self, key: str) -> StoredCase | None:
        """The case with this key, or None."""
        return self._one_case(select(cases).where(cases.c.key == key))

    def _one_case(self, query: Select[Any]) -> StoredCase | None:
        with self._read() as conn:
            row = conn.execute(query).first()
        return stored_case(row._mapping) if row else None


def case_at_place(place: str) -> ColumnElement[bool]:
    """A WHERE clause on `cases`: `place` is part of the case's worded place or home, or of
    their gazetteer entries' names (ignoring case), or names the very entry, in any language
    ("Брянка" finds a case worded "Bryanka", and "Brianka" one worded "в Брянке")."""
    from otkaz.normalize.identity import resolve_any  # the gazetteer loads on first use

    needle = f"%{place.lower()}%"
    entry = resolve_any(place)
    found: list[ColumnElement[bool]] = []
    for role in ("place", "home"):
        worded = cases.c[role]
        canonical = cases.c.merged[(role, "geo", "name")].as_string()
        found += [func.lower(worded).like(needle), func.lower(canonical).like(needle),
                  # SQLite's lower() folds ASCII only: the Cyrillic needle as typed, too
                  worded.like(f"%{place}%")]
        if entry is not None:
            found += [worded == entry.name, canonical == entry.name]
    return or_(*found)


def case_in_language(lang: str) -> ColumnElement[bool]:
    """A WHERE clause on `cases`: some mention of the case is in a document in `lang`.

        >>> store.cases(lang="ru")  # doctest: +SKIP

    A case told in several languages passes for each of them. Read from the
    mentions (not a column the linker keeps), so it is right after any relink.
    """
    return exists().where(mentions.c.case_id == cases.c.id,
                          documents.c.id == mentions.c.document_id,
                          documents.c.lang == lang)


def _record_changed(merged: dict[str, Any], stored: str | None) -> bool:
    """Whether a merged record differs, as JSON values, from the stored JSON text."""
    return stored is None or json.loads(dump_json(merged)) != json.loads(stored)


def _case_columns(columns: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(columns) - CASE_COLUMNS
    if unknown:
        raise ValueError(f"not case columns: {sorted(unknown)} (known: {sorted(CASE_COLUMNS)})")
    values = dict(columns)
    for name in ("when_start", "when_end"):
        if isinstance(values.get(name), str):
            values[name] = date.fromisoformat(values[name][:10])
    return values
