"""A case's confidence: `cases.confidence` and the case-list index that sorts by it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00

Adds the nullable `cases.confidence` (the highest confidence among the case's
mentions that no reviewer rejected; otkaz.link.merge.case_confidence) and fills
it from the stored mentions, so the dashboard can filter and sort by it before
the next relink. The merged records gain `case.confidence` at that relink.
Also makes the partial index `ix_web_cases_confidence` (schema.WEB_CASE_INDEXES).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Written out here, not imported from schema.py, so this revision stays what it was.
LIVE_CASES = "status <> 'merged'"
FILTER_COLUMNS = ("when_end", "n_origins", "type", "force", "status", "home", "place",
                  "count_low")
INDEX = "ix_web_cases_confidence"
INDEX_LEAD = ("confidence", "id")

# A mention a reviewer rejected (mention_overrides field "status", value "rejected") does
# not count. The value is JSON: the text '"rejected"' on SQLite, json on PostgreSQL, whose
# cast to text gives back the same characters on both.
BACKFILL = """
UPDATE cases SET confidence = (
    SELECT max(m.confidence) FROM mentions m
    WHERE m.case_id = cases.id AND m.mention_key NOT IN (
        SELECT o.mention_key FROM mention_overrides o
        WHERE o.field = 'status' AND CAST(o.value AS TEXT) = '"rejected"'))
"""

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # adding a nullable column without a default is a plain ALTER on both backends
    # (no batch copy of the table, so the partial indexes of 0002 stay as they are)
    op.add_column("cases", sa.Column("confidence", sa.Float(), nullable=True))
    op.execute(BACKFILL)
    columns = [*INDEX_LEAD, *(c for c in FILTER_COLUMNS if c not in INDEX_LEAD)]
    op.create_index(INDEX, "cases", columns, sqlite_where=sa.text(LIVE_CASES),
                    postgresql_where=sa.text(LIVE_CASES))


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        import sqlite3

        if sqlite3.sqlite_version_info >= (3, 35):
            # native DROP COLUMN: Alembic's batch mode would copy the table and could
            # lose the partial indexes' WHERE clauses on the way
            op.execute("ALTER TABLE cases DROP COLUMN confidence")
            return
        with op.batch_alter_table("cases") as batch_op:  # pragma: no cover - old SQLite
            batch_op.drop_column("confidence")
        return
    op.drop_column("cases", "confidence")
