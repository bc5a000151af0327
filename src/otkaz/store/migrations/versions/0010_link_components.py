"""Incremental linking: `link_components` (the accepted-pair component of each mention).

Revision ID: 0010_link_components
Revises: 0009_link_blocks
Create Date: 2027-02-08 10:00:00

- `link_components`: a label per linked mention, shared by mentions that accepted
  pairs join (otkaz.link.components), so that an incremental link reads a reached
  mention's component by its label instead of scoring its block neighbours again.

Nothing is backfilled here: otkaz.link.incremental.BLOCKS_VERSION went up with this
table, so the first link after the upgrade relinks everything once and fills it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_link_components"
down_revision: str | Sequence[str] | None = "0009_link_blocks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "link_components",
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("component", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mention_id"], ["mentions.id"],
                                name=op.f("fk_link_components_mention_id_mentions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("mention_id", name=op.f("pk_link_components")),
    )
    op.create_index(op.f("ix_link_components_component"), "link_components", ["component"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_link_components_component"), table_name="link_components")
    op.drop_table("link_components")
