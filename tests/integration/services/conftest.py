"""Real services on a real database (SQLite file and PostgreSQL), providers faked at HTTP."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from support.fake_providers import TEST_ENCRYPTION_KEY, FakeProviders

from modelhub.services.bootstrap import Services, open_services

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


@pytest.fixture
def fake() -> FakeProviders:
    """The four providers, faked at the transport."""
    return FakeProviders()


@pytest.fixture
async def services(db_url: str, fake: FakeProviders) -> AsyncIterator[Services]:
    """The whole service graph on ``db_url`` (each test runs on SQLite and PostgreSQL)."""
    svc = open_services(
        db=db_url,
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=fake.client(),
        use_keyring=False,
    )
    try:
        yield svc
    finally:
        await svc.aclose()
        await svc.http_client.aclose()


@pytest.fixture
async def tenant(services: Services) -> str:
    """The id of the Default workspace."""
    return (await services.workspaces.get_by_name("Default")).id
