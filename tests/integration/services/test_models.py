"""Model catalog and default models (seed §4.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from support.fake_providers import GOOD_KEY, FakeProviders

from modelhub.domain.errors import InvalidInputError, NotFoundError, UnknownProviderError
from modelhub.domain.models import ModelType

if TYPE_CHECKING:
    from modelhub.services.bootstrap import Services


async def test_models_grouped_by_type_from_valid_providers_only(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await services.providers.save(tenant, "siliconflow", {"api_key": GOOD_KEY})
    fake.no_credit.add("openrouter")
    await services.providers.save(tenant, "openrouter", {"api_key": GOOD_KEY})
    grouped = await services.models.list_models(tenant)
    assert set(grouped) == set(ModelType)
    ids = {t: {m.model for m in ms} for t, ms in grouped.items()}
    assert ids[ModelType.LLM] == {"deepseek-ai/DeepSeek-V3", "Qwen/Qwen3-8B"}
    assert ids[ModelType.EMBEDDING] == {"BAAI/bge-m3"}
    assert ids[ModelType.RERANK] == {"BAAI/bge-reranker-v2-m3"}
    assert ids[ModelType.TTS] == {"FunAudioLLM/CosyVoice2-0.5B"}
    assert ids[ModelType.SPEECH_TO_TEXT] == {"FunAudioLLM/SenseVoiceSmall"}
    only = await services.models.list_models(tenant, "rerank")
    assert list(only) == [ModelType.RERANK]


async def test_set_default_and_read_back(services: Services, tenant: str) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    chosen = await services.models.set_default(
        tenant, "embedding", "openai", "text-embedding-3-small"
    )
    assert chosen.model_type is ModelType.EMBEDDING
    defaults = await services.models.get_defaults(tenant)
    current = defaults[ModelType.EMBEDDING]
    assert current is not None
    assert (current.provider, current.model, current.problem) == (
        "openai",
        "text-embedding-3-small",
        None,
    )
    # Replacing it keeps one row per type.
    await services.models.set_default(tenant, "embedding", "openai", "text-embedding-3-large")
    current = (await services.models.get_defaults(tenant))[ModelType.EMBEDDING]
    assert current is not None
    assert current.model == "text-embedding-3-large"
    assert await services.models.clear_default(tenant, "embedding")
    assert (await services.models.get_defaults(tenant))[ModelType.EMBEDDING] is None


async def test_set_default_refuses_what_is_not_offered(services: Services, tenant: str) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    with pytest.raises(InvalidInputError, match="Unknown model type 'vision'"):
        await services.models.set_default(tenant, "vision", "openai", "gpt-4o-mini")
    with pytest.raises(UnknownProviderError, match="Unknown provider 'acme'"):
        await services.models.set_default(tenant, "llm", "acme", "gpt-4o-mini")
    with pytest.raises(NotFoundError, match="does not offer 'gpt-9'"):
        await services.models.set_default(tenant, "llm", "openai", "gpt-9")
    with pytest.raises(NotFoundError, match="as a Text Embedding model"):
        await services.models.set_default(tenant, "embedding", "openai", "gpt-4o-mini")
    with pytest.raises(InvalidInputError, match="Jina AI is not configured"):
        await services.models.set_default(
            tenant, "rerank", "jina", "jina-reranker-v2-base-multilingual"
        )
    assert all(d is None for d in (await services.models.get_defaults(tenant)).values())


async def test_default_of_an_invalid_provider_is_flagged(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    await services.models.set_default(tenant, "llm", "openai", "gpt-4o-mini")
    fake.no_credit.add("openai")
    result = await services.providers.test_stored(tenant, "openai")
    assert not result.valid
    flagged = (await services.models.get_defaults(tenant))[ModelType.LLM]
    assert flagged is not None
    assert flagged.model == "gpt-4o-mini"
    assert flagged.problem == "OpenAI's key is not valid at the moment."


async def test_a_default_before_any_model_list_is_not_checked_yet_not_gone(
    services: Services, tenant: str
) -> None:
    """Right after adopting a platform database (a config and a default the server wrote, no
    model list fetched by ModelHub yet), the default is "not checked yet" (issue 14)."""
    await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    with services.engine.begin() as conn:
        from sqlalchemy import delete

        from modelhub.storage.tables import model_catalog

        conn.execute(delete(model_catalog).where(model_catalog.c.tenant_id == tenant))
    with services.engine.connect() as conn:
        from modelhub.storage.repositories import DefaultsRepository

        DefaultsRepository(conn).set(tenant, "llm", "openai", "gpt-4o")
        conn.commit()
    current = (await services.models.get_defaults(tenant))[ModelType.LLM]
    assert current is not None
    assert current.unchecked is True
    assert current.problem is None
    # Once the list is fetched, the answer is known: gpt-4o is not in it.
    await services.providers.refresh_models(tenant, "openai")
    current = (await services.models.get_defaults(tenant))[ModelType.LLM]
    assert current is not None
    assert current.unchecked is False
    assert current.problem == "OpenAI no longer offers gpt-4o as LLM."
