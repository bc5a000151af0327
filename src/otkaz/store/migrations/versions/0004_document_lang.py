"""Each document's language: `documents.lang` (ISO 639-1), filled in for stored documents.

Revision ID: 0004_document_lang
Revises: 0003
Create Date: 2026-12-05 10:00:00

Adds the nullable `documents.lang` and fills it for the documents already stored, with
the detector extraction uses (otkaz.lang.detect: a naive Bayes model shipped in its
wheel, deterministic and offline), so that a store made before this revision can be
filtered by language at once. It also empties `web_search_state`, so that the
dashboard's full-text index is built again with Russian lemmas (otkaz.web.search).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_document_lang"
down_revision: str | Sequence[str] | None = "0004"  # after 0004_linking_and_versions
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 200  # documents read at a time: texts can be long


def _backfill() -> None:
    """Detect the language of every stored document that has none yet."""
    from otkaz.lang.detect import detect_language  # the detector of the code that migrates

    bind = op.get_bind()
    documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                         sa.column("lang", sa.String))
    last = 0
    while True:
        rows = bind.execute(sa.select(documents.c.id, documents.c.text)
                            .where(documents.c.id > last, documents.c.lang.is_(None))
                            .order_by(documents.c.id).limit(_BATCH)).all()
        if not rows:
            return
        bind.execute(sa.update(documents).where(documents.c.id == sa.bindparam("doc"))
                     .values(lang=sa.bindparam("detected")),
                     [{"doc": r.id, "detected": detect_language(r.text)} for r in rows])
        last = rows[-1].id


def upgrade() -> None:
    """Upgrade schema."""
    # a nullable column without a default is a plain ALTER on both backends (no batch copy)
    op.add_column("documents", sa.Column("lang", sa.String(length=8), nullable=True))
    _backfill()
    op.execute("DELETE FROM web_search_state")  # re-index the search words with lemmas


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM web_search_state")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        import sqlite3

        if sqlite3.sqlite_version_info >= (3, 35):
            # native DROP COLUMN: Alembic's batch mode would copy the table
            op.execute("ALTER TABLE documents DROP COLUMN lang")
            return
        with op.batch_alter_table("documents") as batch_op:  # pragma: no cover - old SQLite
            batch_op.drop_column("lang")
        return
    op.drop_column("documents", "lang")
