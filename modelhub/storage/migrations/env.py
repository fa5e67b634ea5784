"""Alembic environment: runs on the connection ``engine.migrate`` passes in.

There is no ``alembic.ini``: ``modelhub.storage.engine.migrate`` builds the configuration in
code and hands over an open connection (already in a transaction, with ``search_path`` set to
the PostgreSQL schema), so the version table lands in the same schema as the tables.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from modelhub.storage.tables import metadata


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("ModelHub migrations run through modelhub.storage.engine.migrate()")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
_run()
