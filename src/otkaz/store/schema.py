"""The tables otkaz stores, as SQLAlchemy Core tables (one `metadata` for Alembic to compare).

    >>> sorted(metadata.tables)[:3]
    ['case_overrides', 'cases', 'documents']

Machine tables (`documents`, `mentions`, `figures`, `cases`) are rewritten by
ingest and linking. Review tables (`review_log`, `case_overrides`,
`mention_overrides`, `users`) hold what people decided; a re-run of extraction
never removes or changes a decision:

- `review_log` is append-only and has no foreign keys, so history survives the
  deletion of the cases or mentions it speaks of; it names a mention both by id
  and by `mention_key`.
- a mention's `mention_key` is stable across re-extractions of the same text
  (see `mention_key()`), so a decision about a mention (in `mention_overrides`)
  still finds it after its row id has changed. When a newer extractor moves
  where a mention's evidence starts (so its key), the decision is carried to
  the new key of the same mention (store.rekey) and the move is logged.

Row ids are never reused, on SQLite too (AUTOINCREMENT), so an id in the
review log never comes to name another row.

Columns that hold lists or objects use the JSON type (TEXT on SQLite, json on
PostgreSQL). Places keep both the gazetteer entry (`*_geo`, JSON) and its
coordinates (`*_lat`, `*_lon`) for filtering and maps.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TextClause,
    UniqueConstraint,
    text,
)

# Constraint names are fixed so that migrations can refer to them on every backend.
metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# A Python None is stored as SQL NULL (not JSON null), so `IS NULL` finds it.
NullableJSON = JSON(none_as_null=True)

CASE_STATUSES = ("machine", "confirmed", "rejected", "merged")  # merged: folded into another case

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),  # of the text: the document's key
    Column("source_id", Text, nullable=False),  # Document.id as ingested
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", Date),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # which extraction produced this document's mentions and figures
    Column("pipeline_version", String(64), nullable=False),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
    # the document's identity across versions: its URL, or `PATH#ID` for a JSONL record
    # with an id (store.version_key); NULL when it has none (migration 0004)
    Column("doc_key", Text),
    # set when a newer text with the same doc_key replaced this one: the row stays as
    # history (its text), its mentions and figures are gone (migration 0004)
    Column("superseded_by", Integer),
    Column("superseded_at", DateTime(timezone=True)),
    # ISO 639-1 (otkaz.lang.detect), as the extractor read it; migration 0004_document_lang
    Column("lang", String(8)),
    Index(None, "source_id"),
    Index(None, "doc_key"),
    sqlite_autoincrement=True,
)

cases = Table(
    "cases", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(128), nullable=False, unique=True),  # stable, chosen by the linker
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),  # one of CASE_STATUSES
    Column("version", Integer, nullable=False),  # bumped on each update (optimistic locking)
    Column("merged", JSON, nullable=False),  # the merged case record, as the linker builds it
    # denormalised from `merged` for filtering and sorting
    Column("type", String(16)),
    Column("force", String(16)),
    Column("count_low", Integer),
    Column("count_high", Integer),
    Column("when_start", Date),
    Column("when_end", Date),
    Column("home", Text),
    Column("place", Text),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("n_mentions", Integer, nullable=False),
    Column("n_origins", Integer, nullable=False),
    # the highest confidence among the case's mentions that no reviewer rejected (see
    # otkaz.link.merge.case_confidence); NULL when none has one. The machine's estimate:
    # confirming or rejecting the case leaves it as it is (migration 0003)
    Column("confidence", Float),
    Index(None, "status"),
    Index(None, "when_start"),
    sqlite_autoincrement=True,
)

# The dashboard's case-list indexes (migration 0002). Partial: live cases only; the
# condition is the literal the web's queries write, so both planners can use them. Each
# leads with what it filters or sorts by, then carries every filter column, so a count
# or a page of ids reads the index alone.
LIVE_CASES = "status <> 'merged'"
_FILTER_COLUMNS = ("when_end", "n_origins", "type", "force", "status", "home", "place",
                   "count_low")
WEB_CASE_INDEXES = {
    "ix_web_cases_when": ("when_start", "id"),
    "ix_web_cases_type_when": ("type", "when_start", "id"),
    "ix_web_cases_force_when": ("force", "when_start", "id"),
    "ix_web_cases_status_when": ("status", "when_start", "id"),
    "ix_web_cases_count": ("count_low", "id"),
    "ix_web_cases_origins": ("n_origins", "id"),
    "ix_web_cases_mentions": ("n_mentions", "id"),
    "ix_web_cases_confidence": ("confidence", "id"),  # migration 0003
}


def _web_index(name: str, lead: tuple[str, ...]) -> Index:
    columns = [*lead, *(c for c in _FILTER_COLUMNS if c not in lead)]
    return Index(name, *(cases.c[c] for c in columns), sqlite_where=text(LIVE_CASES),
                 postgresql_where=text(LIVE_CASES))


for _name, _lead in WEB_CASE_INDEXES.items():
    _web_index(_name, _lead)
Index("ix_web_cases_updated", cases.c.updated_at)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("idx", Integer, nullable=False),  # order in the document's report
    Column("mention_key", String(128), nullable=False),  # stable across re-extraction
    Column("pipeline_version", String(64), nullable=False),
    Column("type", String(16), nullable=False),
    Column("actor", Text, nullable=False),
    Column("force", String(16)),
    Column("personnel", JSON, nullable=False),
    Column("unit", Text),
    Column("count_low", Integer),
    Column("count_high", Integer),
    Column("has_count", Boolean, nullable=False),  # count given, even as null..null
    Column("home", Text),
    Column("place", Text),
    Column("home_geo", NullableJSON),
    Column("place_geo", NullableJSON),
    Column("home_lat", Float),
    Column("home_lon", Float),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("when_start", Date),
    Column("when_end", Date),
    Column("sources", JSON, nullable=False),
    Column("outcomes", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),  # [[start, end], ...] into documents.text
    Column("spans", JSON, nullable=False),  # {field: [start, end]}
    Column("chain", JSON, nullable=False),  # [ChainLink.to_dict(), ...]
    Column("confidence", Float),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="SET NULL")),
    # false until a relink has placed this mention (and again when its case lost a
    # mention): a run killed between storing and linking leaves it false, and the next
    # ingest, reextract, serve or `otkaz relink` finishes the linking (migration 0004)
    Column("linked", Boolean, nullable=False, server_default=text("false")),
    UniqueConstraint("document_id", "idx"),
    Index(None, "case_id"),
    Index(None, "mention_key"),
    sqlite_autoincrement=True,
)
# The mentions waiting to be linked, so that finding and marking them reads no other row
# (migration 0009_link_blocks). Partial, on the literal both backends write; a query uses
# it only when it states this very condition (`pending_mentions()`: SQLAlchemy writes
# `linked.is_(False)` as "linked IS 0" on SQLite, which scans every mention).
PENDING_MENTIONS = "linked = false"
Index("ix_mentions_pending", mentions.c.id, sqlite_where=text(PENDING_MENTIONS),
      postgresql_where=text(PENDING_MENTIONS))


def pending_mentions() -> TextClause:
    """The WHERE condition of the mentions waiting to be linked, as ix_mentions_pending
    states it."""
    return text(PENDING_MENTIONS)

# The linker's blocks (otkaz.link.cases.block_keys) of each mention, as 64-bit hashes of
# the role ("member" or "probe") and the key, so that incremental linking finds the
# mentions that share a block with new ones without reading the others (otkaz.link.
# incremental; migration 0009_link_blocks). Written for a mention when it is linked;
# rebuilt whole by a full relink. A hash collision only adds a candidate, never loses one.
link_blocks = Table(
    "link_blocks", metadata,
    Column("block", BigInteger, primary_key=True),
    Column("mention_id", Integer, ForeignKey("mentions.id", ondelete="CASCADE"),
           primary_key=True),
    Index(None, "mention_id"),
    sqlite_with_rowid=False,
)

# The component of each linked mention: mentions joined by accepted pairs (otkaz.link.
# components) share a label, so an incremental link takes a reached mention's whole
# component by one indexed lookup instead of scoring its neighbours again (migration
# 0010_link_components). A label may cover several components (a deleted mention's
# component is not split until a link reaches it): that costs work, never a link.
link_components = Table(
    "link_components", metadata,
    Column("mention_id", Integer, ForeignKey("mentions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("component", Integer, nullable=False, index=True),
)

figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("idx", Integer, nullable=False),
    Column("pipeline_version", String(64), nullable=False),
    Column("measure", String(32), nullable=False),
    Column("value_low", Integer),
    Column("value_high", Integer),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("place", Text),
    Column("place_geo", NullableJSON),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("sources", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("spans", JSON, nullable=False),
    Column("chain", JSON, nullable=False),
    UniqueConstraint("document_id", "idx"),
    sqlite_autoincrement=True,
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

# Personal API tokens for scripts (otkaz.web.tokens, migration 0006_api_tokens). Only the
# SHA-256 of a token is kept, so a copy of the database holds no token that works; a
# revoked token keeps its row (with `revoked_at`), so `otkaz token list` still shows it.
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False),  # what the token is for, chosen by its maker
    Column("user", String(64), nullable=False),  # the reviewer it acts as (users.name)
    Column("token_hash", String(64), nullable=False, unique=True),  # hex SHA-256
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    sqlite_autoincrement=True,
)

# Webhooks for a saved case-list filter (otkaz.notify, migration 0008_webhooks). The
# cursor is where deliveries have reached: the last delivered case's `updated_at` and id,
# moved only after the receiver answered 2xx. The secret signs each POST (HMAC-SHA256),
# so it is kept as given: unlike a token's, it cannot be kept as a hash.
webhooks = Table(
    "webhooks", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("filter", Text, nullable=False),  # the case-list query string, e.g. force=navy
    Column("secret", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("cursor_updated_at", DateTime(timezone=True)),  # NULL: nothing delivered yet
    Column("cursor_case_id", Integer),
    Column("failures", Integer, nullable=False),  # failed sends since the last success
    Column("last_error", Text),
    Column("last_delivery", DateTime(timezone=True)),  # the last 2xx
    sqlite_autoincrement=True,
)

# `otkaz watch` (otkaz.watch, migration 0007_watch_sources): one row per source URL of a
# sources file, with what the last polls found and when the next is due (backoff after
# errors); and one row per feed item URL already handled, so a feed's old items are
# never fetched again. A source that leaves the file keeps its row (its history).
watch_sources = Table(
    "watch_sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("interval_s", Integer, nullable=False),  # seconds between polls, from the file
    Column("last_fetch", DateTime(timezone=True)),  # the last poll, whatever came of it
    Column("last_success", DateTime(timezone=True)),  # the last poll the server answered
    Column("etag", Text),  # validators for the next conditional GET (If-None-Match, ...)
    Column("last_modified", Text),
    Column("failures", Integer, nullable=False, server_default=text("0")),  # in a row
    Column("last_error", Text),  # one line with its code; NULL after a success
    Column("next_due", DateTime(timezone=True)),  # NULL: never polled, due now
    Column("items_seen", Integer, nullable=False, server_default=text("0")),
    Column("documents", Integer, nullable=False, server_default=text("0")),  # stored from it
    sqlite_autoincrement=True,
)

watch_items = Table(
    "watch_items", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),  # the entry's link (else its id)
    Column("source_id", Integer, ForeignKey("watch_sources.id"), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(16), nullable=False),  # "stored", "unchanged" or "skipped"
    Column("reason", Text),  # why it was skipped (robots.txt)
    Column("sha256", String(64)),  # the text it gave, when it gave one
    Index(None, "source_id"),
    sqlite_autoincrement=True,
)

review_log = Table(
    "review_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(64), nullable=False),
    Column("action", String(32), nullable=False),  # "confirm", "reject", "edit", "merge", ...
    Column("case_id", Integer),  # no foreign keys: the log outlives what it names
    Column("mention_id", Integer),
    Column("mention_key", String(128)),
    Column("field", String(32)),
    Column("before", NullableJSON),
    Column("after", NullableJSON),
    Column("note", Text),
    Index(None, "case_id"),
    sqlite_autoincrement=True,
)

case_overrides = Table(
    "case_overrides", metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True),
    Column("field", String(32), primary_key=True),
    Column("value", NullableJSON),
    Column("span", NullableJSON),  # [start, end] in a document's text, when the value is grounded
    Column("user", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# A reviewer's rejection of one mention: a `mention_overrides` row with this field and value.
# A rejected mention no longer counts towards its case's confidence.
MENTION_STATUS = "status"
MENTION_REJECTED = "rejected"

mention_overrides = Table(
    "mention_overrides", metadata,
    # keyed by mention_key, not mentions.id, so the decision survives re-extraction
    Column("mention_key", String(128), primary_key=True),
    Column("field", String(32), primary_key=True),  # e.g. "case_key", "status", "type"
    Column("value", NullableJSON),
    Column("user", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)


# The dashboard's search state (otkaz.web.search): outcome pairs for the outcome filter,
# and how far its full-text index has read. The full-text tables themselves are
# backend-specific (SQLite FTS5 `web_case_fts`, PostgreSQL `web_case_search` with a
# tsvector and a GIN index) and are made by migration 0002 only; see BACKEND_TABLES.
web_case_outcomes = Table(
    "web_case_outcomes", metadata,
    Column("outcome", String(32), primary_key=True),
    Column("case_id", Integer, primary_key=True),
    Index(None, "case_id"),
)

web_search_state = Table(
    "web_search_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("fingerprint", Text, nullable=False),
    Column("cases_seen", Text, nullable=False),
)

# One row (id 1): a counter every Store write transaction bumps, so readers see any
# change (deletions included) by reading one row; and one that only writes of mentions
# bump, so a relink can tell that mentions changed while it ran (migration 0004).
store_state = Table(
    "store_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("data_version", Integer, nullable=False),
    Column("mentions_version", Integer, nullable=False, server_default=text("0")),
    # which blocking `link_blocks` holds (otkaz.link.incremental.BLOCKS_VERSION); 0: not
    # built yet, so the next link is a full one that builds it (migration 0009_link_blocks)
    Column("link_blocks_version", Integer, nullable=False, server_default=text("0")),
    # the last review_log id the linker has taken into account: newer reviewers' decisions
    # bring their cases into the next incremental link (migration 0009_link_blocks)
    Column("linked_review_id", Integer, nullable=False, server_default=text("0")),
)

BACKEND_TABLES = ("web_case_fts", "web_case_search")  # made by migration 0002, per backend


def include_name(name: str | None, type_: str, _parent_names: object = None) -> bool:
    """False for a backend-only table (and FTS5's shadow tables): Alembic's `include_name`."""
    return not (type_ == "table" and name is not None
                and any(name == t or name.startswith(t + "_") for t in BACKEND_TABLES))


def mention_key(sha256: str, evidence_start: int | None, incident_type: str, idx: int) -> str:
    """A mention's identity across re-extractions: document hash, where its evidence starts, type.

        >>> mention_key("ab" * 32, 120, "refusal", 0)[-12:]
        ':120:refusal'

    Without evidence the report index stands in (`i0`), which is stable only as
    long as the extractor's order is.
    """
    anchor = str(evidence_start) if evidence_start is not None else f"i{idx}"
    return f"{sha256}:{anchor}:{incident_type}"
