"""Models as managed objects (issue 10): enable/disable, models added by hand, corrections,
on a real SQLite file and PostgreSQL, providers faked at the HTTP transport."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from support.fake_providers import GOOD_KEY, FakeProviders

from modelhub.domain.errors import InvalidInputError, NotFoundError
from modelhub.domain.models import Capability, ModelType

if TYPE_CHECKING:
    from modelhub.domain.models import CatalogModel
    from modelhub.services.bootstrap import Services


async def _openai(services: Services, tenant: str) -> None:
    outcome = await services.providers.save(tenant, "openai", {"api_key": GOOD_KEY})
    assert outcome.saved


def _find(grouped: dict[ModelType, list[CatalogModel]], model: str) -> CatalogModel:
    found = [m for ms in grouped.values() for m in ms if m.model == model]
    assert len(found) == 1, found
    return found[0]


async def test_new_provider_models_start_enabled(services: Services, tenant: str) -> None:
    await _openai(services, tenant)
    grouped = await services.models.list_models(tenant)
    models = [m for ms in grouped.values() for m in ms]
    assert models
    assert all(m.enabled and not m.custom for m in models)


async def test_disabled_model_stays_listed_is_not_offered_and_survives_refresh(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await _openai(services, tenant)
    assert await services.models.set_enabled(tenant, "openai", ["gpt-4.1"], False) == 1
    listed = _find(await services.models.list_models(tenant), "gpt-4.1")
    assert listed.enabled is False
    offered = await services.models.list_models(tenant, "llm", enabled_only=True)
    assert "gpt-4.1" not in {m.model for m in offered[ModelType.LLM]}
    assert "gpt-4o-mini" in {m.model for m in offered[ModelType.LLM]}

    # A refresh lists it again, but it is neither new nor enabled again.
    diff = await services.providers.refresh_models(tenant, "openai")
    assert "gpt-4.1" not in diff.added
    assert _find(await services.models.list_models(tenant), "gpt-4.1").enabled is False

    # And the provider dropping it then bringing it back keeps the admin's word.
    fake.openai_models.remove("gpt-4.1")
    await services.providers.refresh_models(tenant, "openai")
    fake.openai_models.append("gpt-4.1")
    await services.providers.refresh_models(tenant, "openai")
    assert _find(await services.models.list_models(tenant), "gpt-4.1").enabled is False

    assert await services.models.set_enabled(tenant, "openai", ["gpt-4.1"], True) == 1
    assert _find(await services.models.list_models(tenant), "gpt-4.1").enabled is True


async def test_disabled_model_refused_as_default_and_flagged(
    services: Services, tenant: str
) -> None:
    await _openai(services, tenant)
    await services.models.set_default(tenant, "llm", "openai", "gpt-4.1")
    await services.models.set_enabled(tenant, "openai", ["gpt-4.1", "gpt-4o-mini"], False)
    with pytest.raises(InvalidInputError, match="gpt-4o-mini is disabled") as info:
        await services.models.set_default(tenant, "llm", "openai", "gpt-4o-mini")
    assert "modelhub models enable openai gpt-4o-mini" in (info.value.hint or "")
    current = (await services.models.get_defaults(tenant))[ModelType.LLM]
    assert current is not None
    assert current.model == "gpt-4.1"  # the refused set changed nothing
    assert current.problem == "gpt-4.1 is disabled in this workspace."


async def test_bulk_disable_is_all_or_nothing(services: Services, tenant: str) -> None:
    await _openai(services, tenant)
    with pytest.raises(NotFoundError, match="no model 'nope'"):
        await services.models.set_enabled(tenant, "openai", ["gpt-4.1", "nope"], False)
    assert _find(await services.models.list_models(tenant), "gpt-4.1").enabled is True
    every = [m.model for ms in (await services.models.list_models(tenant)).values() for m in ms]
    assert await services.models.set_enabled(tenant, "openai", every, False) == len(every)
    grouped = await services.models.list_models(tenant, enabled_only=True)
    assert all(not ms for ms in grouped.values())


async def test_custom_model_added_kept_across_refresh_and_removable(
    services: Services, tenant: str
) -> None:
    await _openai(services, tenant)
    added = await services.models.add_model(
        tenant,
        "openai",
        "ft:gpt-4o-mini:acme::abc123",
        "llm",
        ["tools", "json"],
        context_length=128_000,
    )
    assert added.custom
    assert added.enabled
    assert added.capabilities == (Capability.TOOLS, Capability.JSON)
    assert added.context_length == 128_000
    await services.providers.refresh_models(tenant, "openai")
    kept = _find(await services.models.list_models(tenant), "ft:gpt-4o-mini:acme::abc123")
    assert kept.custom
    assert kept.model_type is ModelType.LLM
    # It can be a default like any listed model.
    await services.models.set_default(tenant, "llm", "openai", "ft:gpt-4o-mini:acme::abc123")
    assert (await services.models.get_defaults(tenant))[ModelType.LLM].problem is None  # type: ignore[union-attr]

    with pytest.raises(NotFoundError, match="disable it instead"):
        await services.models.remove_model(tenant, "openai", "gpt-4.1")
    await services.models.remove_model(tenant, "openai", "ft:gpt-4o-mini:acme::abc123")
    ids = {m.model for ms in (await services.models.list_models(tenant)).values() for m in ms}
    assert "ft:gpt-4o-mini:acme::abc123" not in ids
    flagged = (await services.models.get_defaults(tenant))[ModelType.LLM]
    assert flagged is not None
    assert flagged.problem is not None


async def test_custom_model_input_is_checked(services: Services, tenant: str) -> None:
    with pytest.raises(InvalidInputError, match="OpenAI is not configured"):
        await services.models.add_model(tenant, "openai", "my-model", "llm")
    await _openai(services, tenant)
    with pytest.raises(InvalidInputError, match="Unknown capability 'telepathy'"):
        await services.models.add_model(tenant, "openai", "m", "llm", ["telepathy"])
    with pytest.raises(InvalidInputError, match="not a model id"):
        await services.models.add_model(tenant, "openai", "two words", "llm")
    with pytest.raises(InvalidInputError, match="model id is empty"):
        await services.models.add_model(tenant, "openai", "  ", "llm")
    with pytest.raises(InvalidInputError, match="context length"):
        await services.models.add_model(tenant, "openai", "m", "llm", context_length=-5)
    with pytest.raises(InvalidInputError, match="Unknown model type"):
        await services.models.add_model(tenant, "openai", "m", "vision")
    with pytest.raises(InvalidInputError, match="does not offer Rerank"):
        await services.models.add_model(tenant, "openai", "m", "rerank")


async def test_capability_correction_survives_refresh_and_resets(
    services: Services, tenant: str
) -> None:
    await services.providers.save(tenant, "openrouter", {"api_key": GOOD_KEY})
    before = _find(await services.models.list_models(tenant), "openai/gpt-4o")
    corrected = await services.models.correct_model(
        tenant,
        "openrouter",
        "openai/gpt-4o",
        capabilities=["vision", "tools"],
        context_length=64_000,
        max_output_tokens=4096,
    )
    assert corrected.capabilities == (Capability.VISION, Capability.TOOLS)
    assert corrected.capability_source == "admin"
    assert set(corrected.corrected) == {"capabilities", "context_length", "max_output_tokens"}
    for _ in range(2):
        await services.providers.refresh_models(tenant, "openrouter")
    after = _find(await services.models.list_models(tenant), "openai/gpt-4o")
    assert after.capabilities == (Capability.VISION, Capability.TOOLS)
    assert (after.context_length, after.max_output_tokens) == (64_000, 4096)

    reset = await services.models.correct_model(
        tenant,
        "openrouter",
        "openai/gpt-4o",
        capabilities=None,
        context_length=None,
        max_output_tokens=None,
    )
    assert reset.corrected == ()
    assert reset.context_length == before.context_length
    assert reset.capabilities == before.capabilities


async def test_removing_the_provider_forgets_its_overrides(services: Services, tenant: str) -> None:
    await _openai(services, tenant)
    await services.models.set_enabled(tenant, "openai", ["gpt-4.1"], False)
    await services.models.add_model(tenant, "openai", "my-deployment", "llm")
    await services.providers.delete(tenant, "openai")
    await _openai(services, tenant)
    models = {m.model: m for ms in (await services.models.list_models(tenant)).values() for m in ms}
    assert models["gpt-4.1"].enabled is True
    assert "my-deployment" not in models


async def test_overrides_are_per_workspace(services: Services, tenant: str) -> None:
    other = (await services.workspaces.create("Team B")).id
    await _openai(services, tenant)
    await _openai(services, other)
    await services.models.set_enabled(tenant, "openai", ["gpt-4.1"], False)
    await services.models.add_model(tenant, "openai", "only-here", "llm")
    theirs = {m.model: m for ms in (await services.models.list_models(other)).values() for m in ms}
    assert theirs["gpt-4.1"].enabled is True
    assert "only-here" not in theirs
