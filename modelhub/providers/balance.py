"""Typed credit facts read from the answers key checks already get (never guessed).

* SiliconFlow ``GET /user/info``: ``data.totalBalance`` (a string) -> ``CASH``
  (PROVIDERS.md §4.2). The currency is CNY on the China site (``api.siliconflow.cn``); the
  reference names no currency for the international site, so it is left unknown there.
* DeepSeek ``GET /user/balance``: ``balance_infos[{currency, total_balance}]`` -> ``CASH``
  (PROVIDERS-MORE.md §4.2; currency ``CNY`` or ``USD``). When several are listed the
  *first* is taken: the answer's own order, with the currency it names, rather than a
  preference of ours (every entry stays in the result's ``details``).
* OpenRouter ``GET /key``: ``limit``, ``limit_remaining``, ``usage`` (USD) -> ``KEY_LIMIT``
  (PROVIDERS.md §2.3). ``limit: null`` means no limit is set on the key: ``limit`` and
  ``amount`` stay None ("no limit set", not "unlimited credit").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from modelhub.domain.models import Balance, BalanceKind

if TYPE_CHECKING:
    from collections.abc import Mapping


def amount(value: Any) -> float | None:
    """A money amount sent as a string (``"88.88"``) or a number, or None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return float(number) if number.is_finite() else None


def cash(value: Any, currency: str | None) -> Balance | None:
    """A ``CASH`` balance of ``value`` in ``currency``; None when ``value`` is no amount."""
    number = amount(value)
    if number is None:
        return None
    return Balance(BalanceKind.CASH, amount=number, currency=_currency(currency))


def first_cash(entries: Any, *, amount_field: str = "total_balance") -> Balance | None:
    """The first ``{currency, <amount_field>}`` entry of a list that has an amount, as
    ``CASH`` (DeepSeek's ``balance_infos``)."""
    if not isinstance(entries, list):
        return None
    for entry in entries:
        if isinstance(entry, dict):
            found = cash(entry.get(amount_field), _text(entry.get("currency")))
            if found is not None:
                return found
    return None


def key_limit(data: Mapping[str, Any], currency: str = "USD") -> Balance:
    """A ``KEY_LIMIT`` balance from OpenRouter's ``GET /key`` ``data``.

    ``amount`` is ``limit_remaining``, ``limit`` the key's limit, ``usage`` what the key spent;
    a null limit stays None on both ``limit`` and ``amount``.
    """
    limit = _number(data.get("limit"))
    return Balance(
        BalanceKind.KEY_LIMIT,
        amount=_number(data.get("limit_remaining")) if limit is not None else None,
        currency=currency,
        limit=limit,
        usage=_number(data.get("usage")),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _currency(value: str | None) -> str | None:
    code = (value or "").strip().upper()
    return code if code.isalpha() and 2 <= len(code) <= 5 else None
