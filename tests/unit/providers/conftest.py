"""Fixtures for the provider adapter tests (doubles live in ``provider_doubles``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import PROVIDER_CLASSES, FakeAPI

from modelhub.providers.http import make_http_client

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from modelhub.providers.base import ModelProvider


@pytest.fixture
def fake() -> FakeAPI:
    """An empty fake API; tests register the routes they need."""
    return FakeAPI()


@pytest.fixture
async def client(fake: FakeAPI) -> AsyncIterator[httpx.AsyncClient]:
    """ModelHub's real client on the fake transport."""
    async with make_http_client(httpx.MockTransport(fake)) as c:
        yield c


@pytest.fixture
def make_provider(client: httpx.AsyncClient) -> Callable[[str], ModelProvider]:
    """Build the adapter called ``name`` on the fake-backed client."""

    def build(name: str) -> ModelProvider:
        return PROVIDER_CLASSES[name](client)

    return build
