"""Every provider call has an overall deadline (issue 14, item 2): an upstream that sends one
byte at a time, each gap well under the read timeout, still ends as "unreachable: did not
finish in N s" — measured with a trickling transport on a real database."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import httpx
import pytest
from support.fake_providers import GOOD_KEY, TEST_ENCRYPTION_KEY, FakeProviders

from modelhub.domain.models import ValidationStatus
from modelhub.services.bootstrap import open_services
from modelhub.services.providers import ProviderService

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from modelhub.services.bootstrap import Services


class Trickle(httpx.AsyncByteStream):
    """A body that never ends: one byte every ``gap`` seconds."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"data": ['
        while True:
            await asyncio.sleep(self.gap)
            self.sent += 1
            yield b" "


@pytest.fixture
async def trickling(db_url: str) -> AsyncIterator[tuple[Services, FakeProviders, set[str]]]:
    """Services whose providers answer as FakeProviders does, except the paths in the
    returned set, which trickle forever."""
    fake = FakeProviders()
    slow: set[str] = set()

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path in slow:
            return httpx.Response(
                200, headers={"content-type": "application/json"}, stream=Trickle(0.05)
            )
        return await fake.handle(request)

    svc = open_services(
        db=db_url,
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)),
        use_keyring=False,
    )
    svc.providers = ProviderService(
        svc.providers._uow,
        svc.providers._cipher,
        svc.providers._factory,
        validate_deadline=0.6,
        list_deadline=0.8,
    )
    try:
        yield svc, fake, slow
    finally:
        await svc.aclose()
        await svc.http_client.aclose()


async def test_a_trickling_key_check_ends_at_its_deadline(
    trickling: tuple[Services, FakeProviders, set[str]],
) -> None:
    services, _fake, slow = trickling
    tenant = (await services.workspaces.get_by_name("Default")).id
    slow.add("/v1/models")
    start = time.perf_counter()
    result = await services.providers.validate(tenant, "openai", {"api_key": GOOD_KEY})
    took = time.perf_counter() - start
    assert result.status is ValidationStatus.UNREACHABLE
    assert result.message == "Unreachable: OpenAI did not finish answering in 0.6 s."
    assert 0.6 <= took < 3.0
    saved = await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    assert not saved.saved  # inconclusive: stored only when asked


async def test_a_trickling_model_list_ends_at_its_deadline_and_keeps_the_old_list(
    trickling: tuple[Services, FakeProviders, set[str]],
) -> None:
    services, _fake, slow = trickling
    tenant = (await services.workspaces.get_by_name("Default")).id
    # OpenRouter's key check is GET /key; its model list GET /models can trickle on its own.
    outcome = await services.providers.save(tenant, "openrouter", {"api_key": GOOD_KEY})
    assert outcome.saved
    assert outcome.catalog is not None
    before = outcome.catalog.total
    assert before > 0
    slow.add("/api/v1/models")
    start = time.perf_counter()
    diff = await services.providers.refresh_models(tenant, "openrouter")
    took = time.perf_counter() - start
    assert diff.error == "Unreachable: OpenRouter did not finish sending its model list in 0.8 s."
    assert 0.8 <= took < 3.0
    state = await services.providers.get_provider(tenant, "openrouter")
    assert len(state.models) == before  # the previous list is kept
