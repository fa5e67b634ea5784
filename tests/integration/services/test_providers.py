"""Provider use cases (seed §4.1) end to end: real database, real adapters, fake network."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from support.fake_providers import BAD_KEY, GOOD_KEY, OTHER_GOOD_KEY, FakeProviders

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.registry import builtin_infos

if TYPE_CHECKING:
    import httpx

    from modelhub.services.bootstrap import Services


def _stored_rows(services: Services) -> list[tuple[str, str, bool]]:
    with services.engine.connect() as conn:
        return [
            (r.provider, r.encrypted_config, bool(r.is_valid))
            for r in conn.execute(
                text("SELECT provider, encrypted_config, is_valid FROM provider_configs")
            )
        ]


async def test_unconfigured_workspace_lists_every_provider(services: Services, tenant: str) -> None:
    states = await services.providers.list_providers(tenant)
    assert [s.provider for s in states] == [info.name for info in builtin_infos()]
    assert not any(s.configured or s.is_valid or s.models or s.masked_key for s in states)


async def test_save_good_key_stores_it_encrypted_and_fetches_models(
    services: Services, tenant: str
) -> None:
    outcome = await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    assert outcome.saved
    assert outcome.validation.status is ValidationStatus.VALID
    assert outcome.catalog is not None
    assert "gpt-4o-mini" in outcome.catalog.added
    assert "dall-e-3" not in outcome.catalog.added  # image models are not offered
    state = await services.providers.get_provider(tenant, "openai")
    assert state.configured
    assert state.is_valid
    assert state.last_validated_at is not None
    assert state.masked_key == f"{GOOD_KEY[:3]}…{GOOD_KEY[-4:]}"
    assert {m.model for m in state.models} >= {"gpt-4o-mini", "text-embedding-3-small"}
    [(provider, token, valid)] = _stored_rows(services)
    assert provider == "openai"
    assert valid
    assert token.startswith("mh1.")
    assert GOOD_KEY not in token


async def test_bad_key_is_never_saved(services: Services, tenant: str) -> None:
    outcome = await services.providers.save(tenant, "openai", {"api_key": BAD_KEY})
    assert not outcome.saved
    assert outcome.validation.status is ValidationStatus.INVALID_CREDENTIALS
    assert _stored_rows(services) == []


async def test_unreachable_saved_only_when_asked(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    fake.unreachable.add("jina")
    first = await services.providers.save(tenant, "jina", {"api_key": GOOD_KEY})
    assert not first.saved
    assert first.validation.status is ValidationStatus.UNREACHABLE
    assert _stored_rows(services) == []
    second = await services.providers.save(
        tenant, "jina", {"api_key": GOOD_KEY}, save_if_unreachable=True
    )
    assert second.saved
    state = await services.providers.get_provider(tenant, "jina")
    assert state.configured
    assert not state.is_valid
    assert state.status is ValidationStatus.UNREACHABLE
    assert state.last_validated_at is None
    # Back online: Test marks it valid and fetches the catalog it never had.
    fake.unreachable.clear()
    result = await services.providers.test_stored(tenant, "jina")
    assert result.valid
    state = await services.providers.get_provider(tenant, "jina")
    assert state.is_valid
    assert {m.model for m in state.models} >= {"jina-embeddings-v3"}


async def test_no_credit_key_is_kept_but_not_valid(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    fake.no_credit.add("openrouter")
    outcome = await services.providers.save(tenant, "openrouter", {"api_key": GOOD_KEY})
    assert outcome.saved
    assert outcome.validation.status is ValidationStatus.NO_CREDIT
    assert outcome.catalog is None
    state = await services.providers.get_provider(tenant, "openrouter")
    assert not state.is_valid
    assert state.models == ()


async def test_edit_with_empty_key_keeps_stored_key(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await services.providers.save(tenant, "openai", {"api_key": OTHER_GOOD_KEY})
    outcome = await services.providers.save(
        tenant, "openai", {"api_key": "", "organization": "org-123"}
    )
    assert outcome.saved
    state = await services.providers.get_provider(tenant, "openai")
    assert state.masked_key == f"{OTHER_GOOD_KEY[:3]}…{OTHER_GOOD_KEY[-4:]}"
    assert state.settings == {"organization": "org-123"}
    assert "api_key" not in state.settings
    # The edit was validated with the stored key, sent with the new organization header.
    assert fake.auth_headers[-1] == f"Bearer {OTHER_GOOD_KEY}"


@pytest.mark.parametrize(
    ("provider", "change"),
    [
        ("openai", {"base_url": "https://collector.example.net/v1"}),
        ("openrouter", {"base_url": "http://127.0.0.1:8080/v1"}),
        ("siliconflow", {"region": "intl"}),
    ],
)
async def test_stored_key_never_follows_a_changed_address(
    services: Services,
    tenant: str,
    fake: FakeProviders,
    provider: str,
    change: dict[str, str],
) -> None:
    await services.providers.save(tenant, provider, {"api_key": OTHER_GOOD_KEY})
    before = len(fake.requests)
    for attempt in (services.providers.validate, services.providers.save):
        with pytest.raises(InvalidInputError, match="Enter the API key again") as info:
            await attempt(tenant, provider, {"api_key": "", **change})
        assert "only sent to the address it was saved for" in (info.value.hint or "")
    assert len(fake.requests) == before
    # With the key typed again, the change goes through.
    outcome = await services.providers.save(tenant, provider, {"api_key": OTHER_GOOD_KEY, **change})
    assert outcome.validation.status is not None


async def test_validate_does_not_write(services: Services, tenant: str) -> None:
    result = await services.providers.validate(tenant, "openai", {"api_key": GOOD_KEY})
    assert result.valid
    assert _stored_rows(services) == []


async def test_delete_clears_defaults_that_use_it(services: Services, tenant: str) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    await services.providers.save(tenant, "jina", {"api_key": GOOD_KEY})
    await services.models.set_default(tenant, "llm", "openai", "gpt-4o-mini")
    await services.models.set_default(tenant, "embedding", "jina", "jina-embeddings-v3")
    outcome = await services.providers.delete(tenant, "openai")
    assert outcome.cleared_defaults == (ModelType.LLM,)
    defaults = await services.models.get_defaults(tenant)
    assert defaults[ModelType.LLM] is None
    embedding = defaults[ModelType.EMBEDDING]
    assert embedding is not None
    assert embedding.model == "jina-embeddings-v3"
    models = await services.models.list_models(tenant)
    assert not any(m.provider == "openai" for ms in models.values() for m in ms)


async def test_refresh_reports_added_removed_and_flags_defaults(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    await services.models.set_default(tenant, "llm", "openai", "gpt-4.1")
    fake.openai_models.remove("gpt-4.1")
    fake.openai_models.append("o3")
    diff = await services.providers.refresh_models(tenant, "openai")
    assert diff.added == ("o3",)
    assert diff.removed == ("gpt-4.1",)
    assert diff.removed_defaults == (ModelType.LLM,)
    flagged = (await services.models.get_defaults(tenant))[ModelType.LLM]
    assert flagged is not None
    assert flagged.problem is not None
    assert "no longer offers gpt-4.1" in flagged.problem


async def test_failed_refresh_keeps_the_old_catalog(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    before = await services.models.list_models(tenant, "llm")
    fake.unreachable.add("openai")
    diff = await services.providers.refresh_models(tenant, "openai")
    assert diff.error is not None
    assert await services.models.list_models(tenant, "llm") == before


async def test_refresh_all_one_failure_does_not_stop_the_others(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    for name in ("openai", "openrouter", "jina", "siliconflow"):
        assert (await services.providers.save(tenant, name, {"api_key": GOOD_KEY})).saved
    fake.unreachable.add("openrouter")
    outcomes = {o.provider: o for o in await services.providers.refresh_all(tenant)}
    assert set(outcomes) == {"openai", "openrouter", "jina", "siliconflow"}
    assert outcomes["openrouter"].validation.status is ValidationStatus.UNREACHABLE
    for name in ("openai", "jina", "siliconflow"):
        assert outcomes[name].validation.valid
        catalog = outcomes[name].catalog
        assert catalog is not None
        assert catalog.error is None
    # Unreachable says nothing about the key: the stored validity stands.
    assert (await services.providers.get_provider(tenant, "openrouter")).is_valid


async def test_workspaces_do_not_leak(services: Services, tenant: str) -> None:
    other = await services.workspaces.create("Other")
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    states = await services.providers.list_providers(other.id)
    assert not any(s.configured for s in states)
    models = await services.models.list_models(other.id)
    assert all(ms == [] for ms in models.values())


async def test_refresh_all_asks_every_provider_at_once(db_url: str) -> None:
    """Structural proof of concurrency (no clocks): the fake answers no validation request
    until all four providers have one in flight, so a sequential refresh-all would stall."""
    import asyncio

    from support.fake_providers import TEST_ENCRYPTION_KEY

    from modelhub.services.bootstrap import open_services

    fake = FakeProviders()
    waiting: set[str] = set()
    all_in = asyncio.Event()
    gate_on = False
    inner = fake.handle

    async def gated(request: httpx.Request) -> httpx.Response:
        is_check = request.url.path.endswith(("/models", "/key", "/embeddings", "/user/info"))
        if gate_on and is_check and request.method in {"GET", "POST"}:
            waiting.add(request.url.host)
            if len(waiting) == 4:
                all_in.set()
            await asyncio.wait_for(all_in.wait(), timeout=20)
        return await inner(request)

    fake.handle = gated  # type: ignore[method-assign]
    services = open_services(
        db=db_url,
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=fake.client(),
        use_keyring=False,
    )
    try:
        tenant = (await services.workspaces.get_by_name("Default")).id
        for name in ("openai", "openrouter", "jina", "siliconflow"):
            assert (await services.providers.save(tenant, name, {"api_key": GOOD_KEY})).saved
        gate_on = True
        outcomes = await services.providers.refresh_all(tenant)
        assert all_in.is_set()
        assert waiting == {"api.openai.com", "openrouter.ai", "api.jina.ai", "api.siliconflow.cn"}
        assert all(o.validation.valid for o in outcomes)
    finally:
        await services.aclose()
        await services.http_client.aclose()
