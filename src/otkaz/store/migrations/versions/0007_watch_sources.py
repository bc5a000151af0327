"""Watched sources: `watch_sources` (poll state per URL) and `watch_items` (feed items seen).

Revision ID: 0007_watch_sources
Revises: 0006_api_tokens
Create Date: 2026-12-20 10:00:00

`otkaz watch` polls the URLs of a sources file (otkaz.watch): each source keeps its
validators for conditional GETs, its failures in a row and when it is due again;
each feed item URL handled is kept, so old items are never fetched again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_watch_sources"
down_revision: str | Sequence[str] | None = "0006_api_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("last_fetch", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success", sa.DateTime(timezone=True), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("items_seen", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("documents", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_sources")),
        sa.UniqueConstraint("url", name=op.f("uq_watch_sources_url")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "watch_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["watch_sources.id"],
                                name=op.f("fk_watch_items_source_id_watch_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_items")),
        sa.UniqueConstraint("url", name=op.f("uq_watch_items_url")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_watch_items_source_id"), "watch_items", ["source_id"],
                    unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_watch_items_source_id"), table_name="watch_items")
    op.drop_table("watch_items")
    op.drop_table("watch_sources")
