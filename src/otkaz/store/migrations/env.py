"""Alembic environment for otkaz: runs on the connection `open_store()` hands over.

Developers can also run Alembic by hand, e.g. to draft a new revision:

    python -c "from alembic import command; from otkaz.store.engine import alembic_config; \
command.revision(alembic_config(), 'message', autogenerate=True)"

which connects to the database named by OTKAZ_DB.
"""

from __future__ import annotations

from alembic import context

from otkaz import settings
from otkaz.store.engine import make_engine
from otkaz.store.schema import include_name, metadata


def _known(obj: object, name: str | None, type_: str, reflected: bool,
           compare_to: object | None) -> bool:
    """Autogenerate leaves alone what the database has and schema.py does not (e.g. the
    web's search tables and extra indexes), so a new revision never drops them."""
    return not (reflected and compare_to is None)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        include_object=_known,
        include_name=include_name,  # the backend-only full-text tables (migration 0002)
        render_as_batch=True,  # SQLite can only alter tables by copying them
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if context.is_offline_mode():
    context.configure(url=settings.get("db"), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif connection is not None:
    _run(connection)
else:
    with make_engine(settings.get("db")).connect() as conn:
        _run(conn)
        conn.commit()
