"""Where otkaz keeps documents, extractions, cases and reviews: SQLite or PostgreSQL.

    >>> store = open_store("sqlite://")  # in memory; default: setting `db` (OTKAZ_DB)

See store.py for the Store API, schema.py for the tables.
"""

from otkaz.store.engine import make_engine, migrate, normalise_url
from otkaz.store.rows import (
    CaseOverride,
    DocumentMeta,
    DocumentRecord,
    MentionOverride,
    StoredCase,
    StoredDocument,
    StoredFigure,
    StoredMention,
)
from otkaz.store.schema import CASE_STATUSES, mention_key, metadata
from otkaz.store.store import CASE_COLUMNS, CASE_SORTS, Store, open_store

__all__ = [
    "CASE_COLUMNS",
    "CASE_SORTS",
    "CASE_STATUSES",
    "CaseOverride",
    "DocumentMeta",
    "DocumentRecord",
    "MentionOverride",
    "Store",
    "StoredCase",
    "StoredDocument",
    "StoredFigure",
    "StoredMention",
    "make_engine",
    "mention_key",
    "metadata",
    "migrate",
    "normalise_url",
    "open_store",
]
