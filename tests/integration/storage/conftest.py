"""Storage fixtures: a migrated engine on each backend, a unit-of-work factory, a workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from modelhub.storage.engine import create_engine_for, migrate
from modelhub.storage.uow import SqlUnitOfWork, make_uow_factory

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy.engine import Engine

    from modelhub.domain.models import Workspace


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine on SQLite or PostgreSQL (the test runs on both)."""
    eng = create_engine_for(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """Opens units of work on ``engine``."""
    return make_uow_factory(engine)


@pytest.fixture
def workspace(uow_factory: Callable[[], SqlUnitOfWork]) -> Workspace:
    """A committed workspace named ``Default``."""
    with uow_factory() as uow:
        ws = uow.workspaces.add("Default")
        uow.commit()
    return ws
