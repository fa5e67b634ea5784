"""Health checks through the services (issue 10): measured latency, recorded history, the
per-provider limit, cancellation, on a real database; providers faked at the transport or
served over real sockets by ``benchmarks/probe_server.py``."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx
import pytest
from support.fake_providers import GOOD_KEY, TEST_ENCRYPTION_KEY, FakeProviders

from benchmarks.probe_server import ProbeServer
from modelhub.domain.errors import NotFoundError
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.services.bootstrap import open_services
from modelhub.services.health import CheckTarget
from modelhub.storage.model_repositories import CHECK_HISTORY

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from modelhub.domain.models import HealthCheck
    from modelhub.services.bootstrap import Services


async def _openai(services: Services, tenant: str) -> None:
    assert (await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})).saved


async def test_check_measures_latency_and_records_it(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await _openai(services, tenant)
    fake.probe_delay = 0.2
    targets = await services.health.targets(tenant, provider="openai", model="gpt-4o-mini")
    assert targets == [CheckTarget("openai", "gpt-4o-mini", ModelType.LLM)]
    seen: list[HealthCheck] = []
    (check,) = await services.health.run(tenant, targets, on_result=seen.append)
    assert seen == [check]
    assert check.ok, check
    assert check.status is ValidationStatus.VALID
    assert check.first_byte_ms is not None
    assert check.first_byte_ms >= 200
    assert check.total_ms >= check.first_byte_ms
    assert ("openai", "POST", "/v1/chat/completions") in fake.requests

    (listed,) = [
        m
        for m in (await services.models.list_models(tenant, "llm"))[ModelType.LLM]
        if m.model == "gpt-4o-mini"
    ]
    assert listed.last_check is not None
    assert listed.last_check.ok
    assert listed.last_check.latency_ms == check.first_byte_ms
    history = await services.health.history(tenant, "openai", "gpt-4o-mini")
    assert history == [check]


async def test_each_type_is_checked_with_its_own_request(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await _openai(services, tenant)
    by_type = {
        ModelType.LLM: "gpt-4o-mini",
        ModelType.EMBEDDING: "text-embedding-3-small",
        ModelType.TTS: "tts-1",
        ModelType.SPEECH_TO_TEXT: "whisper-1",
    }
    targets = [CheckTarget("openai", m, t) for t, m in by_type.items()]
    results = await services.health.run(tenant, targets)
    assert all(c.ok for c in results), results
    paths = {p for prov, method, p in fake.requests if method == "POST"}
    assert {
        "/v1/chat/completions",
        "/v1/embeddings",
        "/v1/audio/speech",
        "/v1/audio/transcriptions",
    } <= paths
    embedding = next(c for c in results if c.model_type is ModelType.EMBEDDING)
    assert embedding.detail is not None
    assert "1024" in embedding.detail


async def test_failures_are_classified_with_the_providers_words(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await _openai(services, tenant)
    fake.gone_models.add("gpt-4.1")
    (gone,) = await services.health.run(tenant, [CheckTarget("openai", "gpt-4.1", ModelType.LLM)])
    assert not gone.ok
    assert gone.error is not None
    assert "does not exist" in gone.error
    assert gone.status is not ValidationStatus.VALID
    assert GOOD_KEY not in gone.error

    fake.no_credit.add("openai")
    (broke,) = await services.health.run(
        tenant, [CheckTarget("openai", "gpt-4o-mini", ModelType.LLM)]
    )
    assert not broke.ok
    assert broke.status in (ValidationStatus.NO_CREDIT, ValidationStatus.RATE_LIMITED)


async def test_history_keeps_the_newest_results(services: Services, tenant: str) -> None:
    await _openai(services, tenant)
    target = CheckTarget("openai", "gpt-4o-mini", ModelType.LLM)
    for _ in range(3):
        await services.health.run(tenant, [target] * 20, per_provider=4)
    assert len(await services.health.history(tenant, "openai", "gpt-4o-mini", 100)) == (
        CHECK_HISTORY
    )
    assert CHECK_HISTORY >= 20
    assert len(await services.health.history(tenant, "openai", "gpt-4o-mini")) == 20


async def test_targets_defaults_enabled_and_unknown(services: Services, tenant: str) -> None:
    await _openai(services, tenant)
    assert await services.health.targets(tenant, defaults=True) == []
    await services.models.set_default(tenant, "embedding", "openai", "text-embedding-3-small")
    await services.models.set_default(tenant, "llm", "openai", "gpt-4.1")
    assert await services.health.targets(tenant, defaults=True) == [
        CheckTarget("openai", "gpt-4.1", ModelType.LLM),
        CheckTarget("openai", "text-embedding-3-small", ModelType.EMBEDDING),
    ]
    everything = await services.health.targets(tenant)
    await services.models.set_enabled(tenant, "openai", ["gpt-4.1"], False)
    enabled = await services.health.targets(tenant)
    assert len(enabled) == len(everything) - 1
    assert "gpt-4.1" not in {t.model for t in enabled}
    # Named explicitly, a disabled model can still be checked.
    assert await services.health.targets(tenant, provider="openai", model="gpt-4.1")
    with pytest.raises(NotFoundError, match="no model 'nope'"):
        await services.health.targets(tenant, provider="openai", model="nope")


async def test_removing_the_provider_forgets_its_checks(services: Services, tenant: str) -> None:
    await _openai(services, tenant)
    await services.health.run(tenant, [CheckTarget("openai", "gpt-4o-mini", ModelType.LLM)])
    await services.providers.delete(tenant, "openai")
    await _openai(services, tenant)
    assert await services.health.history(tenant, "openai", "gpt-4o-mini") == []


# -- over real sockets ---------------------------------------------------------------------


@pytest.fixture
def probe_server() -> Iterator[ProbeServer]:
    server = ProbeServer(gateways=2, models_per_gateway=6, delay_s=0.15)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def socket_services(db_url: str) -> AsyncIterator[Services]:
    svc = open_services(
        db=db_url,
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=httpx.AsyncClient(follow_redirects=False),
        use_keyring=False,
    )
    try:
        yield svc
    finally:
        await svc.aclose()
        await svc.http_client.aclose()


async def _gateways(services: Services, server: ProbeServer) -> str:
    tenant = (await services.workspaces.get_by_name("Default")).id
    for n in range(server.gateways):
        name = await services.providers.custom_name_for(tenant, f"Gateway {n}")
        config = {"label": f"Gateway {n}", "base_url": server.url(n), "api_key": GOOD_KEY}
        assert (await services.providers.save(tenant, name, config)).saved
    return tenant


async def test_per_provider_limit_over_real_sockets(
    socket_services: Services, probe_server: ProbeServer
) -> None:
    tenant = await _gateways(socket_services, probe_server)
    targets = await socket_services.health.targets(tenant)
    assert len(targets) == 12
    results = await socket_services.health.run(tenant, targets, per_provider=2)
    assert all(c.ok for c in results), [c.error for c in results if not c.ok]
    assert probe_server.max_in_flight == {0: 2, 1: 2}
    assert all(c.first_byte_ms is not None and c.first_byte_ms >= 150 for c in results)


async def test_stalled_stream_passes_and_silent_one_times_out(
    socket_services: Services, probe_server: ProbeServer
) -> None:
    tenant = await _gateways(socket_services, probe_server)
    provider = (await socket_services.health.targets(tenant))[0].provider
    probe_server.stall.add("chat-model-0")
    probe_server.silent.add("chat-model-1")
    stalled, silent = await socket_services.health.run(
        tenant,
        [
            CheckTarget(provider, "chat-model-0", ModelType.LLM),
            CheckTarget(provider, "chat-model-1", ModelType.LLM),
        ],
        timeout=1.0,
    )
    assert stalled.ok, stalled
    assert stalled.total_ms < 1000
    assert not silent.ok
    assert silent.status is ValidationStatus.UNREACHABLE
    assert silent.error is not None
    assert "1 s" in silent.error
    assert silent.first_byte_ms is None


async def test_a_run_is_cancellable(socket_services: Services, probe_server: ProbeServer) -> None:
    tenant = await _gateways(socket_services, probe_server)
    probe_server.silent.update(probe_server.models)
    targets = await socket_services.health.targets(tenant)
    task = asyncio.ensure_future(socket_services.health.run(tenant, targets, per_provider=2))
    for _ in range(200):
        if probe_server.model_requests >= 4:
            break
        await asyncio.sleep(0.02)
    assert probe_server.model_requests == 4  # two per gateway in flight, the rest waiting
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.2)
    assert probe_server.model_requests == 4  # nothing more was sent after the cancel
    assert await socket_services.health.latest(tenant) == {}


async def test_a_cancelled_run_recorded_exactly_what_it_reported(
    socket_services: Services, probe_server: ProbeServer
) -> None:
    tenant = await _gateways(socket_services, probe_server)
    targets = await socket_services.health.targets(tenant)
    reported: list[HealthCheck] = []
    task = asyncio.ensure_future(
        socket_services.health.run(tenant, targets, on_result=reported.append, per_provider=2)
    )
    for _ in range(300):
        if len(reported) >= 3:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert 3 <= len(reported) < len(targets)
    recorded = await socket_services.health.latest(tenant)
    assert set(recorded) == {(c.provider, c.model) for c in reported}
