"""Balance as typed facts, the low-balance threshold, and key re-validation (issue 10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from support.fake_providers import GOOD_KEY, FakeProviders

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import BalanceKind, ValidationStatus

if TYPE_CHECKING:
    from modelhub.domain.models import ProviderState
    from modelhub.services.bootstrap import Services


async def _state(services: Services, tenant: str, provider: str) -> ProviderState:
    return await services.providers.get_provider(tenant, provider)


async def test_balances_are_stored_as_typed_facts_with_their_time(
    services: Services, tenant: str
) -> None:
    for provider in ("openrouter", "siliconflow", "openai"):
        assert (await services.providers.save(tenant, provider, {"api_key": GOOD_KEY})).saved
    states = {s.provider: s for s in await services.providers.list_providers(tenant)}

    router = states["openrouter"].balance
    assert router is not None
    assert (router.kind, router.limit, router.amount, router.usage, router.currency) == (
        BalanceKind.KEY_LIMIT,
        100,
        74.5,
        25.5,
        "USD",
    )
    assert router.fetched_at is not None

    flow = states["siliconflow"].balance
    assert flow is not None
    assert (flow.kind, flow.amount) == (BalanceKind.CASH, 88.88)
    assert flow.currency == "CNY"

    # OpenAI's key check tells nothing about money: unknown, never guessed.
    openai = states["openai"].balance
    assert openai is not None
    assert (openai.kind, openai.amount, openai.limit) == (BalanceKind.UNKNOWN, None, None)
    assert states["jina"].balance is None  # not configured: nothing fetched


async def test_low_balance_threshold_warns_on_the_state(services: Services, tenant: str) -> None:
    await services.providers.save(tenant, "siliconflow", {"api_key": GOOD_KEY})
    assert (await _state(services, tenant, "siliconflow")).balance_low is False
    await services.providers.set_low_balance_threshold(tenant, 100)
    assert await services.providers.low_balance_threshold(tenant) == 100.0
    assert (await _state(services, tenant, "siliconflow")).balance_low is True
    await services.providers.set_low_balance_threshold(tenant, 50)
    assert (await _state(services, tenant, "siliconflow")).balance_low is False
    await services.providers.set_low_balance_threshold(tenant, None)
    assert await services.providers.low_balance_threshold(tenant) is None
    for bad in (-1, float("nan"), float("inf"), True):
        with pytest.raises(InvalidInputError, match="low-balance threshold"):
            await services.providers.set_low_balance_threshold(tenant, bad)  # type: ignore[arg-type]


async def test_unreachable_check_keeps_the_last_known_balance(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    await services.providers.save(tenant, "siliconflow", {"api_key": GOOD_KEY})
    first = (await _state(services, tenant, "siliconflow")).balance
    fake.unreachable.add("siliconflow")
    result = await services.providers.test_stored(tenant, "siliconflow")
    assert result.status is ValidationStatus.UNREACHABLE
    assert (await _state(services, tenant, "siliconflow")).balance == first


async def test_revalidate_reports_keys_that_turned_bad(
    services: Services, tenant: str, fake: FakeProviders
) -> None:
    for provider in ("openrouter", "siliconflow"):
        await services.providers.save(tenant, provider, {"api_key": GOOD_KEY})
    quiet = await services.providers.revalidate(tenant)
    assert {r.provider for r in quiet} == {"openrouter", "siliconflow"}
    assert not any(r.turned_bad for r in quiet)

    fake.no_credit.add("siliconflow")
    calls = fake.calls("siliconflow")
    changed = {r.provider: r for r in await services.providers.revalidate(tenant)}
    assert fake.calls("siliconflow") == calls + 1  # the key check only, no catalog refetch
    assert changed["siliconflow"].turned_bad
    assert changed["siliconflow"].previous is ValidationStatus.VALID
    assert changed["siliconflow"].result.status is ValidationStatus.NO_CREDIT
    assert not changed["openrouter"].turned_bad
    state = await _state(services, tenant, "siliconflow")
    assert state.status is ValidationStatus.NO_CREDIT
    assert state.balance is not None
    assert state.balance.amount == 0

    # Still out of credit on the next run: already known, not a new notice.
    again = {r.provider: r for r in await services.providers.revalidate(tenant)}
    assert not again["siliconflow"].turned_bad
