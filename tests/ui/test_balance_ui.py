"""Balances on provider cards and in the configuration dialog, and the low-balance warning."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    configure_directly,
    fake_providers,
    open_config_dialog,
    services,
    settings,
    shell,
    wait_card,
)
from PySide6.QtCore import QLocale, Qt

from modelhub.domain.models import Balance, BalanceKind
from modelhub.ui.viewmodels.balance import balance_line, balance_text, format_money
from modelhub.ui.views.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from modelhub.ui.views.provider_card import ProviderCard

__all__ = ["fake_providers", "services", "settings", "shell"]  # fixtures used by name

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

KEY_LIMIT_TEXT = "$74.50 left of $100.00 limit · $25.50 used"


def configured_card(qtbot: QtBot, shell: Any, services: Any, provider: str) -> ProviderCard:
    """Store a good key for ``provider`` (its check records the balance) and return its card
    once the balance shows."""
    configure_directly(qtbot, services, provider)
    shell.providers.reload()
    card = wait_card(qtbot, shell, provider)
    qtbot.waitUntil(lambda: card.status == "valid", timeout=10_000)
    return card


def open_settings(qtbot: QtBot, shell: Any) -> SettingsDialog:
    """Press Ctrl+, and return the Settings dialog it opened."""
    # Shortcuts go to the active window (a dialog just closed may have left none active).
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow)
    qtbot.keyClick(shell.window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialogs = [d for d in shell.window.findChildren(SettingsDialog) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def set_threshold(qtbot: QtBot, shell: Any, amount: str) -> None:
    """Type ``amount`` as the workspace's low-balance threshold and press OK."""
    dialog = open_settings(qtbot, shell)
    field = dialog.workspace.threshold
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, amount)
    with qtbot.waitSignal(shell.providers.threshold_changed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: not shell.providers.busy, timeout=10_000)


# -- the words --------------------------------------------------------------------------------


def test_money_is_formatted_with_symbol_or_code() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert format_money(74.5, "USD", us) == "$74.50"
    assert format_money(88.88, "CNY", us) == "¥88.88"
    assert format_money(1234.5, "EUR", us) == "1,234.50 EUR"
    assert format_money(3, None, us) == "3.00"
    assert format_money(-2, "usd", us) == "-$2.00"


def test_balance_words_state_only_what_the_provider_said() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    key = Balance(BalanceKind.KEY_LIMIT, amount=74.5, currency="USD", limit=100, usage=25.5)
    assert balance_text(key, us) == KEY_LIMIT_TEXT
    no_limit = Balance(BalanceKind.KEY_LIMIT, currency="USD", usage=25.5)
    assert balance_text(no_limit, us) == "No limit set · $25.50 used"
    assert balance_text(Balance(BalanceKind.KEY_LIMIT, currency="USD"), us) == (
        "No limit set on this key"
    )
    assert balance_text(Balance(BalanceKind.CASH, amount=88.88, currency="CNY"), us) == (
        "Balance: ¥88.88"
    )
    assert balance_text(Balance(BalanceKind.USAGE_ONLY, currency="USD", usage=3), us) == (
        "Usage: $3.00"
    )
    unknown = Balance(BalanceKind.UNKNOWN)
    assert balance_text(unknown, us) == "Balance not reported by this provider"
    assert balance_line(unknown, False, None, us).known is False  # type: ignore[union-attr]
    assert balance_line(None, False, None, us) is None
    low = balance_line(Balance(BalanceKind.CASH, amount=5, currency="CNY"), True, 10, us)
    assert low is not None
    assert low.warning == "Low balance: below ¥10.00"
    for balance in (key, no_limit, unknown):
        assert "unlimited" not in balance_text(balance, us).lower()


# -- cards ------------------------------------------------------------------------------------


def test_openrouter_card_shows_its_key_limit(qtbot: QtBot, shell: Any, services: Any) -> None:
    card = configured_card(qtbot, shell, services, "openrouter")
    qtbot.waitUntil(lambda: card.balance_label.text() == KEY_LIMIT_TEXT)
    assert card.balance_label.isVisibleTo(card)
    assert card.balance_age.text() == "Fetched just now"
    assert card.balance_age.isVisibleTo(card)
    assert not card.balance_warning.isVisibleTo(card)
    assert KEY_LIMIT_TEXT in card.balance_label.accessibleDescription()


def test_key_without_a_limit_says_no_limit_set(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    fake_providers.openrouter_limit = None
    card = configured_card(qtbot, shell, services, "openrouter")
    qtbot.waitUntil(lambda: card.balance_label.text() == "No limit set · $25.50 used")
    assert "unlimited" not in card.balance_label.text().lower()


def test_siliconflow_card_shows_its_cash_balance(qtbot: QtBot, shell: Any, services: Any) -> None:
    card = configured_card(qtbot, shell, services, "siliconflow")
    qtbot.waitUntil(lambda: card.balance_label.text() == "Balance: ¥88.88")
    assert card.balance_age.text() == "Fetched just now"


def test_unknown_balance_is_hidden_on_the_card_and_said_in_the_dialog(
    qtbot: QtBot, shell: Any, services: Any
) -> None:
    card = configured_card(qtbot, shell, services, "openai")
    state = shell.providers.state("openai")
    assert state.balance is not None
    assert state.balance.kind is BalanceKind.UNKNOWN
    assert card.balance_label.text() == ""
    assert not card.balance_label.isVisibleTo(card)
    assert not card.balance_age.isVisibleTo(card)
    dialog = open_config_dialog(qtbot, shell, "openai")
    assert dialog.balance_label.isVisibleTo(dialog)
    assert dialog.balance_label.text() == "Balance not reported by this provider"
    dialog.reject()


def test_config_dialog_shows_the_cards_balance_line(
    qtbot: QtBot, shell: Any, services: Any
) -> None:
    card = configured_card(qtbot, shell, services, "siliconflow")
    qtbot.waitUntil(lambda: card.balance_label.text() == "Balance: ¥88.88")
    dialog = open_config_dialog(qtbot, shell, "siliconflow")
    assert dialog.balance_label.isVisibleTo(dialog)
    assert dialog.balance_label.text().splitlines() == ["Balance: ¥88.88", "Fetched just now"]
    assert dialog.balance_label.accessibleName() == "Balance"
    assert not dialog.balance_warning.isVisibleTo(dialog)
    dialog.reject()


def test_new_provider_dialog_has_no_balance_line(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "siliconflow")
    assert not dialog.balance_label.isVisibleTo(dialog)
    dialog.reject()


# -- the low-balance warning ------------------------------------------------------------------


def test_threshold_above_the_balance_warns_on_the_cards(
    qtbot: QtBot, shell: Any, services: Any
) -> None:
    configure_directly(qtbot, services, "siliconflow")
    router = configured_card(qtbot, shell, services, "openrouter")
    silicon = wait_card(qtbot, shell, "siliconflow")  # the grid rebuilt its cards
    qtbot.waitUntil(lambda: router.balance_label.text() == KEY_LIMIT_TEXT)
    assert not silicon.balance_warning.isVisibleTo(silicon)

    set_threshold(qtbot, shell, "100")
    qtbot.waitUntil(lambda: silicon.balance_warning.isVisibleTo(silicon))
    assert silicon.balance_warning.text() == "Low balance: below ¥100.00"
    assert shell.providers.state("siliconflow").balance_low
    qtbot.waitUntil(lambda: router.balance_warning.isVisibleTo(router))
    assert router.balance_warning.text() == "Low balance: below $100.00"
    # The fact stays as the provider said it; the warning is styled apart.
    assert silicon.balance_label.text() == "Balance: ¥88.88"
    assert "font-weight: 600" in silicon.balance_label.styleSheet()
    dialog = open_config_dialog(qtbot, shell, "siliconflow")
    assert dialog.balance_label.text().splitlines() == ["Balance: ¥88.88", "Fetched just now"]
    assert dialog.balance_warning.isVisibleTo(dialog)
    assert dialog.balance_warning.text() == "Low balance: below ¥100.00"
    dialog.reject()

    set_threshold(qtbot, shell, "50")
    qtbot.waitUntil(lambda: not silicon.balance_warning.isVisibleTo(silicon))
    assert not router.balance_warning.isVisibleTo(router)
    assert "font-weight: normal" in silicon.balance_label.styleSheet()
    assert shell.providers.low_balance_threshold == 50
