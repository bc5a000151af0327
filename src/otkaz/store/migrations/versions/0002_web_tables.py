"""The dashboard's tables and indexes, made here instead of at web start-up.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 13:55:00

Makes `web_case_outcomes`, `web_search_state`, `store_state` (one row, the data
version counter) and the partial case-list indexes `ix_web_cases_*` (schema.py),
plus the backend's full-text table: SQLite FTS5 `web_case_fts`, or PostgreSQL
`web_case_search` with a GIN index on its tsvector. Databases that an older
dashboard already gave some of these keep their tables (the search index is
refilled by otkaz.web.search.refresh) and get the indexes remade in the new shape.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Written out here, not imported from schema.py, so this revision stays what it was.
LIVE_CASES = "status <> 'merged'"
FILTER_COLUMNS = ("when_end", "n_origins", "type", "force", "status", "home", "place",
                  "count_low")
WEB_CASE_INDEXES = {
    "ix_web_cases_when": ("when_start", "id"),
    "ix_web_cases_type_when": ("type", "when_start", "id"),
    "ix_web_cases_force_when": ("force", "when_start", "id"),
    "ix_web_cases_status_when": ("status", "when_start", "id"),
    "ix_web_cases_count": ("count_low", "id"),
    "ix_web_cases_origins": ("n_origins", "id"),
    "ix_web_cases_mentions": ("n_mentions", "id"),
}

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_INDEXES = ("ix_web_cases_dates", "ix_web_cases_filter", "ix_web_case_outcomes_case",
                "ix_web_case_outcomes_case_id", "ix_web_cases_updated", *WEB_CASE_INDEXES)


def upgrade() -> None:
    """Upgrade schema."""
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    for name in _OLD_INDEXES:  # made by the dashboard at start-up before this revision
        op.execute(f"DROP INDEX IF EXISTS {name}")
    existing = set(sa.inspect(bind).get_table_names())
    if "web_case_outcomes" not in existing:
        op.create_table(
            "web_case_outcomes",
            sa.Column("outcome", sa.String(length=32), nullable=False),
            sa.Column("case_id", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("outcome", "case_id", name=op.f("pk_web_case_outcomes")))
    op.create_index(op.f("ix_web_case_outcomes_case_id"), "web_case_outcomes", ["case_id"])
    if "web_search_state" not in existing:
        op.create_table(
            "web_search_state",
            sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column("fingerprint", sa.Text(), nullable=False),
            sa.Column("cases_seen", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_web_search_state")))
    op.create_table(
        "store_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_state")))
    op.execute("INSERT INTO store_state (id, data_version) SELECT 1, 0 WHERE NOT EXISTS "
               "(SELECT 1 FROM store_state WHERE id = 1)")
    for name, lead in WEB_CASE_INDEXES.items():
        columns = [*lead, *(c for c in FILTER_COLUMNS if c not in lead)]
        op.create_index(name, "cases", columns, sqlite_where=sa.text(LIVE_CASES),
                        postgresql_where=sa.text(LIVE_CASES))
    op.create_index("ix_web_cases_updated", "cases", ["updated_at"])
    if postgres:
        op.execute("CREATE TABLE IF NOT EXISTS web_case_search (case_id INTEGER PRIMARY KEY, "
                   "body TEXT NOT NULL, tsv TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX IF NOT EXISTS ix_web_case_search_tsv "
                   "ON web_case_search USING GIN (tsv)")
    else:
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS web_case_fts "
                   "USING fts5(body, tokenize='porter unicode61')")
        op.execute("ANALYZE")  # the planner needs statistics to choose the partial indexes



def downgrade() -> None:
    """Downgrade schema."""
    for name in ("web_case_fts", "web_case_search", "web_case_outcomes", "web_search_state",
                 "store_state"):
        op.execute(f"DROP TABLE IF EXISTS {name}")
    for name in _OLD_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
