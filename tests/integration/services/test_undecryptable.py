"""A config that cannot be decrypted is never reported, offered or used as valid (issue 14,
item 3): a flipped byte and two swapped rows, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, update
from support.fake_providers import GOOD_KEY

from modelhub.domain.errors import DecryptionError, InvalidInputError
from modelhub.domain.models import ModelType
from modelhub.storage.tables import provider_configs

if TYPE_CHECKING:
    from modelhub.services.bootstrap import Services


def _tokens(services: Services, tenant: str) -> dict[str, str]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(provider_configs.c.provider, provider_configs.c.encrypted_config).where(
                provider_configs.c.tenant_id == tenant
            )
        )
        return {str(p): str(t) for p, t in rows.all()}


def _write(services: Services, tenant: str, provider: str, token: str) -> None:
    with services.engine.begin() as conn:
        conn.execute(
            update(provider_configs)
            .where(provider_configs.c.tenant_id == tenant, provider_configs.c.provider == provider)
            .values(encrypted_config=token)
        )


def _flip(token: str) -> str:
    head, tail = token[:-6], token[-6:]
    return head + ("A" if tail[0] != "A" else "B") + tail[1:]


@pytest.fixture
async def tampered(services: Services, tenant: str) -> str:
    """OpenAI with a flipped byte; OpenRouter and SiliconFlow with their rows swapped."""
    for provider in ("openai", "openrouter", "siliconflow"):
        assert (await services.providers.save(tenant, provider, {"api_key": GOOD_KEY})).saved
    await services.models.set_default(tenant, "llm", "openai", "gpt-4o-mini")
    await services.models.set_default(tenant, "embedding", "siliconflow", "BAAI/bge-m3")
    tokens = _tokens(services, tenant)
    _write(services, tenant, "openai", _flip(tokens["openai"]))
    _write(services, tenant, "openrouter", tokens["siliconflow"])
    _write(services, tenant, "siliconflow", tokens["openrouter"])
    return tenant


async def test_listed_as_cannot_decrypt_never_valid(services: Services, tampered: str) -> None:
    states = {s.provider: s for s in await services.providers.list_providers(tampered)}
    for name in ("openai", "openrouter", "siliconflow"):
        assert states[name].decrypt_error is not None, name
        assert states[name].is_valid is False, name
        assert states[name].models == ()


async def test_their_models_are_not_offered_and_defaults_are_flagged(
    services: Services, tampered: str
) -> None:
    grouped = await services.models.list_models(tampered)
    providers = {m.provider for ms in grouped.values() for m in ms}
    assert providers.isdisjoint({"openai", "openrouter", "siliconflow"})
    with pytest.raises(InvalidInputError, match="cannot be decrypted"):
        await services.models.set_default(tampered, "llm", "openai", "gpt-4.1")
    defaults = await services.models.get_defaults(tampered)
    for mtype in (ModelType.LLM, ModelType.EMBEDDING):
        flagged = defaults[mtype]
        assert flagged is not None
        assert flagged.problem is not None
        assert "cannot be decrypted" in flagged.problem


async def test_key_rotation_refuses_and_names_the_rows(services: Services, tampered: str) -> None:
    before = _tokens(services, tampered)
    with pytest.raises(DecryptionError, match=r"3 of 3 stored config\(s\) cannot be decrypted"):
        await services.keys.rotate()
    with pytest.raises(DecryptionError) as info:
        await services.keys.rotate(dry_run=True)
    assert "openai in 'Default'" in info.value.message
    assert _tokens(services, tampered) == before
