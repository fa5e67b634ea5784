"""Typed balance on ``ValidationResult.balance``, read from the answers the key checks already
get (PROVIDERS.md §2.3, §4.2; PROVIDERS-MORE.md §4.2), never guessed; the old ``details``
strings stay as they were."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from provider_doubles import KEYS, FakeAPI, load

from modelhub.domain.models import Balance, BalanceKind, ValidationStatus
from modelhub.providers.balance import amount, first_cash, key_limit
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx

    from modelhub.providers.base import ModelProvider

S = ValidationStatus
OPENROUTER_KEY = "https://openrouter.ai/api/v1/key"
DEEPSEEK_BALANCE = "https://api.deepseek.com/user/balance"


def adapter(client: httpx.AsyncClient, name: str) -> ModelProvider:
    return family_class(builtin_info(name).family)(client, builtin_info(name))


# -- SiliconFlow -------------------------------------------------------------------------------


async def test_siliconflow_china_total_balance_is_cash_in_cny(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json(
        "GET", "https://api.siliconflow.cn/v1/user/info", 200, load("siliconflow/user_info.json")
    )

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is S.VALID
    assert result.balance == Balance(BalanceKind.CASH, amount=88.88, currency="CNY")
    assert result.details["totalBalance"] == "88.88"
    assert result.details["balance"] == "0.88"


async def test_siliconflow_international_balance_has_no_guessed_currency(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json(
        "GET", "https://api.siliconflow.com/v1/user/info", 200, load("siliconflow/user_info.json")
    )

    result = await make_provider("siliconflow").validate(
        {"api_key": KEYS["siliconflow"], "region": "intl"}
    )

    assert result.balance == Balance(BalanceKind.CASH, amount=88.88, currency=None)


async def test_siliconflow_zero_balance_is_no_credit_with_the_balance(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    body = load("siliconflow/user_info_zero.json")
    fake.json("GET", "https://api.siliconflow.cn/v1/user/info", 200, body)

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is S.NO_CREDIT
    assert result.balance is not None
    assert result.balance.kind is BalanceKind.CASH
    assert result.balance.amount == float(body["data"]["totalBalance"])
    assert result.balance.currency == "CNY"


async def test_siliconflow_without_total_balance_has_none(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    body = load("siliconflow/user_info.json")
    del body["data"]["totalBalance"]
    fake.json("GET", "https://api.siliconflow.cn/v1/user/info", 200, body)

    result = await make_provider("siliconflow").validate({"api_key": KEYS["siliconflow"]})

    assert result.status is S.VALID
    assert result.balance is None


# -- DeepSeek ----------------------------------------------------------------------------------


async def test_deepseek_balance_infos_is_cash(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", DEEPSEEK_BALANCE, 200, load("deepseek/balance.json"))

    result = await adapter(client, "deepseek").validate({"api_key": "sk-" + "a" * 32})

    assert result.status is S.VALID
    assert result.balance == Balance(BalanceKind.CASH, amount=110.0, currency="CNY")
    assert result.details["balance"] == "110.00 CNY"


async def test_deepseek_unavailable_is_no_credit_with_the_first_balance(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    body = load("deepseek/balance_unavailable.json")  # CNY first, then USD
    body["balance_infos"][0]["total_balance"] = "0.42"
    fake.json("GET", DEEPSEEK_BALANCE, 200, body)

    result = await adapter(client, "deepseek").validate({"api_key": "sk-" + "a" * 32})

    assert result.status is S.NO_CREDIT
    assert result.balance == Balance(BalanceKind.CASH, amount=0.42, currency="CNY")
    # Every currency is still in the details.
    assert result.details["balance"] == "0.42 CNY"
    assert result.details["balance_usd"] == "0.00 USD"


async def test_deepseek_402_tells_no_numbers(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", DEEPSEEK_BALANCE, 402, load("deepseek/error_402.json"))

    result = await adapter(client, "deepseek").validate({"api_key": "sk-" + "a" * 32})

    assert result.status is S.NO_CREDIT
    assert result.balance is None


# -- OpenRouter --------------------------------------------------------------------------------


async def test_openrouter_key_limit(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", OPENROUTER_KEY, 200, load("openrouter/key.json"))

    result = await make_provider("openrouter").validate({"api_key": KEYS["openrouter"]})

    assert result.status is S.VALID
    assert result.balance == Balance(
        BalanceKind.KEY_LIMIT, amount=74.5, currency="USD", limit=100.0, usage=25.5
    )


async def test_openrouter_key_without_a_limit_is_no_limit_set_not_unlimited(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    body = load("openrouter/key.json")
    body["data"].update({"limit": None, "limit_remaining": None, "limit_reset": None})
    fake.json("GET", OPENROUTER_KEY, 200, body)

    result = await make_provider("openrouter").validate({"api_key": KEYS["openrouter"]})

    assert result.status is S.VALID
    assert result.balance is not None
    assert result.balance.kind is BalanceKind.KEY_LIMIT
    assert result.balance.limit is None
    assert result.balance.amount is None
    assert result.balance.usage == 25.5
    assert "limit" not in result.details


async def test_openrouter_used_up_limit_is_no_credit_with_the_balance(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", OPENROUTER_KEY, 200, load("openrouter/key_exhausted.json"))

    result = await make_provider("openrouter").validate({"api_key": KEYS["openrouter"]})

    assert result.status is S.NO_CREDIT
    assert result.balance == Balance(
        BalanceKind.KEY_LIMIT, amount=0.0, currency="USD", limit=10.0, usage=10.0
    )


async def test_openrouter_legacy_key_answer(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", OPENROUTER_KEY, 200, load("openrouter/key_legacy.json"))

    result = await make_provider("openrouter").validate({"api_key": KEYS["openrouter"]})

    assert result.balance is not None
    assert result.balance.limit == 5.0
    assert result.balance.amount == pytest.approx(4.8984355238)


# -- providers that tell nothing -------------------------------------------------------------


async def test_openai_tells_no_balance(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", "https://api.openai.com/v1/models", 200, load("openai/models.json"))

    result = await make_provider("openai").validate({"api_key": KEYS["openai"]})

    assert result.status is S.VALID
    assert result.balance is None


async def test_xai_key_check_tells_no_balance(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "https://api.x.ai/v1/api-key", 200, load("xai/api_key.json"))

    result = await adapter(client, "xai").validate({"api_key": "xai-" + "a" * 40})

    assert result.status is S.VALID
    assert result.balance is None


# -- the helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("88.88", 88.88), ("0", 0.0), (3, 3.0), ("-1.5", -1.5), ("n/a", None), (True, None)],
)
def test_amount(value: Any, expected: float | None) -> None:
    assert amount(value) == expected


def test_first_cash_skips_entries_without_an_amount() -> None:
    entries = [{"currency": "CNY"}, {"currency": "usd", "total_balance": "2.50"}]

    assert first_cash(entries) == Balance(BalanceKind.CASH, amount=2.5, currency="USD")
    assert first_cash("not a list") is None
    assert first_cash([]) is None


def test_key_limit_ignores_non_numbers() -> None:
    got = key_limit({"limit": "100", "limit_remaining": True, "usage": 1})

    assert got == Balance(BalanceKind.KEY_LIMIT, amount=None, currency="USD", limit=None, usage=1.0)
