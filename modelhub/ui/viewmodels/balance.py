"""A provider's balance in words: the fact it told, of which kind, and how old it is.

The words never go beyond what the provider said: a key without a spending limit is "No
limit set", never "unlimited credit"; a provider that tells nothing is "not reported".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale

from modelhub.domain.models import BalanceKind

if TYPE_CHECKING:
    from datetime import datetime

    from modelhub.domain.models import Balance

#: Currencies shown by their symbol; any other is shown by its ISO code after the amount.
_SYMBOLS = {"USD": "$", "CNY": "¥"}


def format_money(amount: float, currency: str | None, locale: QLocale | None = None) -> str:
    """``amount`` with two decimals in the locale's digits: ``$74.50``, ``¥88.88``,
    ``12.00 EUR``, or the bare number when the currency is unknown."""
    locale = locale or QLocale()
    number = locale.toString(float(abs(amount)), "f", 2)
    sign = "-" if amount < 0 else ""
    code = (currency or "").upper()
    symbol = _SYMBOLS.get(code)
    if symbol:
        return f"{sign}{symbol}{number}"
    if code:
        return f"{sign}{number} {code}"
    return f"{sign}{number}"


def balance_text(balance: Balance, locale: QLocale | None = None) -> str:
    """The balance as one line stating what the provider told (see the module docstring)."""

    def money(value: float | None) -> str:
        return format_money(value or 0.0, balance.currency, locale)

    used = QCoreApplication.translate("Balance", "{amount} used").format(
        amount=money(balance.usage)
    )
    has_usage = balance.usage is not None
    if balance.kind is BalanceKind.CASH and balance.amount is not None:
        return QCoreApplication.translate("Balance", "Balance: {amount}").format(
            amount=money(balance.amount)
        )
    if balance.kind is BalanceKind.KEY_LIMIT:
        if balance.limit is None:
            if not has_usage:
                return QCoreApplication.translate("Balance", "No limit set on this key")
            return QCoreApplication.translate("Balance", "No limit set · {used}").format(used=used)
        text = QCoreApplication.translate("Balance", "{left} left of {limit} limit").format(
            left=money(balance.amount), limit=money(balance.limit)
        )
        return (
            QCoreApplication.translate("Balance", "{text} · {used}").format(text=text, used=used)
            if has_usage
            else text
        )
    if balance.kind is BalanceKind.USAGE_ONLY and has_usage:
        return QCoreApplication.translate("Balance", "Usage: {amount}").format(
            amount=money(balance.usage)
        )
    return QCoreApplication.translate("Balance", "Balance not reported by this provider")


@dataclass(frozen=True, slots=True)
class BalanceLine:
    """What a card or dialog shows of a provider's balance.

    Attributes:
        text: The fact (``Balance: ¥88.88``).
        known: The provider reported a balance (False: "not reported"; cards hide it).
        fetched_at: When the provider said it.
        low: Below the workspace's low-balance threshold.
        warning: The low-balance sentence, or "".
    """

    text: str
    known: bool
    fetched_at: datetime | None
    low: bool
    warning: str


def balance_line(
    balance: Balance | None,
    low: bool,
    threshold: float | None,
    locale: QLocale | None = None,
) -> BalanceLine | None:
    """The :class:`BalanceLine` of ``balance`` (None before any check told anything)."""
    if balance is None:
        return None
    known = balance.kind is not BalanceKind.UNKNOWN and not (
        balance.kind is BalanceKind.USAGE_ONLY and balance.usage is None
    )
    warning = ""
    if low:
        if threshold is not None:
            limit = format_money(threshold, balance.currency, locale)
            warning = QCoreApplication.translate("Balance", "Low balance: below {threshold}")
            warning = warning.format(threshold=limit)
        else:
            warning = QCoreApplication.translate("Balance", "Low balance")
    return BalanceLine(balance_text(balance, locale), known, balance.fetched_at, low, warning)
