"""Linking state that heals, and document versions.

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-10 10:00:00

- `mentions.linked`: false until a relink placed the mention. Existing mentions
  count as linked when they are in a case, so a database that a crash left with
  unlinked mentions shows them as waiting once upgraded (and they get linked).
- `store_state.mentions_version`: bumped by every write of mentions, so a relink
  can tell that the mentions changed while it ran and go again.
- `documents.doc_key`, `superseded_by`, `superseded_at`: a document's identity
  across versions (URL, or JSONL path and id) and, on an old version, the row
  that replaced it.

Only nullable columns, or columns with a constant server default, are added:
a plain ALTER TABLE on both backends (no batch copy on SQLite, so the partial
indexes of 0002 stay as they are).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("mentions", sa.Column("linked", sa.Boolean(), nullable=False,
                                        server_default=sa.text("false")))
    op.execute("UPDATE mentions SET linked = (case_id IS NOT NULL)")
    op.add_column("store_state", sa.Column("mentions_version", sa.Integer(), nullable=False,
                                           server_default=sa.text("0")))
    op.add_column("documents", sa.Column("doc_key", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("superseded_by", sa.Integer(), nullable=True))
    op.add_column("documents", sa.Column("superseded_at", sa.DateTime(timezone=True),
                                         nullable=True))
    op.create_index(op.f("ix_documents_doc_key"), "documents", ["doc_key"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_documents_doc_key"), table_name="documents")
    for table, column in (("documents", "superseded_at"), ("documents", "superseded_by"),
                          ("documents", "doc_key"), ("store_state", "mentions_version"),
                          ("mentions", "linked")):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # SQLite 3.35+
        else:
            op.drop_column(table, column)
