"""Incremental linking: `link_blocks` (block hash per mention), pending-mention index, state.

Revision ID: 0009_link_blocks
Revises: 0006_api_tokens
Create Date: 2027-02-01 10:00:00

- `link_blocks`: the blocks (otkaz.link.cases.block_keys) each mention belongs to or
  probes, as 64-bit hashes, so that linking new mentions reads only the mentions that
  share a block with them (otkaz.link.incremental).
- `ix_mentions_pending`: a partial index of the mentions waiting to be linked.
- `store_state.link_blocks_version` (0: `link_blocks` not built) and
  `store_state.linked_review_id` (the last review_log entry the linker has seen).

Nothing is backfilled here: the first link after the upgrade finds
`link_blocks_version` 0, relinks everything once and fills the table then.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_link_blocks"
down_revision: str | Sequence[str] | None = "0008_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = "linked = false"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "link_blocks",
        sa.Column("block", sa.BigInteger(), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mention_id"], ["mentions.id"],
                                name=op.f("fk_link_blocks_mention_id_mentions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("block", "mention_id", name=op.f("pk_link_blocks")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_link_blocks_mention_id"), "link_blocks", ["mention_id"])
    op.create_index("ix_mentions_pending", "mentions", ["id"],
                    sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))
    for column in ("link_blocks_version", "linked_review_id"):
        op.add_column("store_state", sa.Column(column, sa.Integer(), nullable=False,
                                               server_default=sa.text("0")))


def downgrade() -> None:
    """Downgrade schema."""
    for column in ("linked_review_id", "link_blocks_version"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE store_state DROP COLUMN {column}")  # SQLite 3.35+
        else:
            op.drop_column("store_state", column)
    op.drop_index("ix_mentions_pending", table_name="mentions")
    op.drop_index(op.f("ix_link_blocks_mention_id"), table_name="link_blocks")
    op.drop_table("link_blocks")
