"""The unit of work: one connection, one transaction, the repositories.

Usage::

    with uow_factory() as uow:
        uow.configs.upsert(...)
        uow.defaults.clear_for_provider(...)
        uow.commit()  # nothing is written unless this runs

Leaving the block without ``commit()`` (including by an exception) rolls back. Keep a unit of
work short: never hold one open across a network call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelhub.storage.dberrors import translate_errors
from modelhub.storage.engine import READ_ONLY_OPTION
from modelhub.storage.model_repositories import (
    BalanceRepository,
    HealthRepository,
    OverrideRepository,
    WorkspaceSettingsRepository,
)
from modelhub.storage.repositories import (
    CatalogRepository,
    ConfigRepository,
    DefaultsRepository,
    WorkspaceRepository,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from sqlalchemy.engine import Connection, Engine

__all__ = ["SqlUnitOfWork", "make_uow_factory"]


class SqlUnitOfWork:
    """A transaction over the SQL database, exposing the repositories.

    Attributes (available inside ``with``):
        workspaces: ``WorkspaceRepository``.
        configs: ``ConfigRepository``.
        defaults: ``DefaultsRepository``.
        catalog: ``CatalogRepository``.
        overrides: ``OverrideRepository`` (enabled, added by hand, corrected models).
        checks: ``HealthRepository`` (health-check history).
        balances: ``BalanceRepository``.
        settings: ``WorkspaceSettingsRepository``.

    Args:
        engine: An engine from ``engine.create_engine_for`` (migrated).
    """

    workspaces: WorkspaceRepository
    configs: ConfigRepository
    defaults: DefaultsRepository
    catalog: CatalogRepository
    overrides: OverrideRepository
    checks: HealthRepository
    balances: BalanceRepository
    settings: WorkspaceSettingsRepository

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._conn: Connection | None = None
        #: Only reads: on SQLite its transaction takes no write lock (set before ``with``).
        self.read_only = read_only

    def __enter__(self) -> SqlUnitOfWork:
        if self._conn is not None:
            raise RuntimeError("this unit of work is already open")
        with translate_errors("open the database"):
            conn = self._engine.connect()
        if self.read_only:
            conn.execution_options(**{READ_ONLY_OPTION: True})
        self._conn = conn
        self.workspaces = WorkspaceRepository(conn)
        self.configs = ConfigRepository(conn)
        self.defaults = DefaultsRepository(conn)
        self.catalog = CatalogRepository(conn)
        self.overrides = OverrideRepository(conn)
        self.checks = HealthRepository(conn)
        self.balances = BalanceRepository(conn)
        self.settings = WorkspaceSettingsRepository(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
        except Exception:
            # A failed rollback must not hide the error that got us here; the connection is
            # discarded by close() below and the database rolls back on its own.
            if exc is None:
                raise
        finally:
            conn.close()

    def _connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("use the unit of work inside a 'with' block")
        return self._conn

    def commit(self) -> None:
        """Make everything done so far permanent (a new transaction starts on next use).

        Raises:
            StorageError: The database refused the commit; nothing was written.
        """
        conn = self._connection()
        with translate_errors("save the changes"):
            if conn.in_transaction():
                conn.commit()

    def rollback(self) -> None:
        """Discard everything done since the last commit."""
        conn = self._connection()
        with translate_errors("undo the changes"):
            if conn.in_transaction():
                conn.rollback()


def make_uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """A factory the services call to open a new unit of work on ``engine``."""

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    return factory
