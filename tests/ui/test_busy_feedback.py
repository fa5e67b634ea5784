"""Busy feedback: a slow check shows a busy bar, the seconds ticking and Cancel; Cancel
leaves everything as it was; Save right after a successful Test reuses that result."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    GOOD_KEY,
    configure_directly,
    fake_providers,
    open_config_dialog,
    run_sync,
    services,
    settings,
    shell,
    wait_card,
    workspace_id,
)
from PySide6.QtCore import Qt

from modelhub.ui.viewmodels.providers import TEST_REUSE_SECONDS
from modelhub.ui.views.busy import BUSY_DELAY_MS

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

LEFT = Qt.MouseButton.LeftButton
SLOW = 8.0  # seconds each fake request waits in the slow tests (each is cancelled at ~2 s)
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _stored(qtbot: QtBot, services: Any, provider: str) -> bool:
    tenant = workspace_id(qtbot, services)
    return bool(run_sync(qtbot, services.providers.get_provider(tenant, provider)).configured)


def _test(qtbot: QtBot, shell: Any, dialog: Any) -> None:
    """Click Test connection and wait until the check has ended."""
    with qtbot.waitSignal(shell.providers.validation_finished, timeout=10_000):
        qtbot.mouseClick(dialog.test_button, LEFT)
    qtbot.waitUntil(lambda: not shell.providers.is_checking(dialog.provider))


def _wait_ticking(qtbot: QtBot, row: Any) -> None:
    """The row shows after the delay, then its seconds count up."""
    qtbot.waitUntil(row.isVisible, timeout=BUSY_DELAY_MS + 2000)
    assert row.bar.isVisible()
    assert row.bar.maximum() == row.bar.minimum() == 0  # a busy bar, not a fake percentage
    assert row.cancel_button.isVisible()
    assert row.cancel_button.isEnabled()
    first = row.elapsed_seconds()
    assert f"{first} s" in row.elapsed_label.text()
    qtbot.waitUntil(lambda: row.elapsed_seconds() >= first + 1, timeout=3000)
    qtbot.waitUntil(lambda: f"{row.elapsed_seconds()} s" in row.elapsed_label.text())


def test_a_quick_check_never_shows_the_busy_row(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    _test(qtbot, shell, dialog)
    assert not dialog.busy_row.isVisible()
    assert not dialog.busy_row.running
    dialog.reject()


def test_slow_test_connection_ticks_and_cancels(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    fake_providers.delay = SLOW
    qtbot.mouseClick(dialog.test_button, LEFT)
    assert not dialog.busy_row.isVisible()  # not before a second has passed
    _wait_ticking(qtbot, dialog.busy_row)
    assert not dialog.test_button.isEnabled()
    with qtbot.waitSignal(shell.providers.check_cancelled, timeout=2000) as cancelled:
        qtbot.mouseClick(dialog.busy_row.cancel_button, LEFT)
    assert cancelled.args == ["openai"]
    # Everything as it was: the dialog open with what was typed, buttons back, nothing stored.
    assert dialog.isVisible()
    assert not dialog.busy_row.isVisible()
    assert dialog.fields["api_key"].text() == GOOD_KEY
    assert dialog.test_button.isEnabled()
    assert dialog.save_button.isEnabled()
    assert not shell.providers.is_checking("openai")
    assert "cancelled" in dialog.result_label.text().lower()
    assert not _stored(qtbot, services, "openai")
    fake_providers.delay = 0
    dialog.reject()


def test_slow_save_cancelled_stores_nothing(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    fake_providers.delay = SLOW
    qtbot.mouseClick(dialog.save_button, LEFT)
    _wait_ticking(qtbot, dialog.busy_row)
    with qtbot.waitSignal(shell.providers.check_cancelled, timeout=2000):
        qtbot.mouseClick(dialog.busy_row.cancel_button, LEFT)
    assert dialog.isVisible()
    assert not _stored(qtbot, services, "openai")
    assert "openai" not in shell.window.providers_page.cards
    # The same dialog still saves once the provider answers.
    fake_providers.delay = 0
    with qtbot.waitSignal(shell.providers.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert _stored(qtbot, services, "openai")


def test_escape_during_a_slow_check_cancels_it(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    fake_providers.delay = SLOW
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: shell.providers.is_checking("openai"))
    with qtbot.waitSignal(shell.providers.check_cancelled, timeout=2000):
        qtbot.keyClick(dialog.fields["api_key"], Qt.Key.Key_Escape)
    assert not _stored(qtbot, services, "openai")
    fake_providers.delay = 0


def test_slow_card_test_ticks_and_cancels(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    card = wait_card(qtbot, shell, "openai")
    shell.window.show()
    qtbot.waitExposed(shell.window)
    qtbot.waitUntil(lambda: card.status == "valid", timeout=10_000)
    before = card.checked_label.text()
    fake_providers.delay = SLOW
    qtbot.mouseClick(card.test_button, LEFT)
    _wait_ticking(qtbot, card.busy_row)
    with qtbot.waitSignal(shell.providers.check_cancelled, timeout=2000):
        qtbot.mouseClick(card.busy_row.cancel_button, LEFT)
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "valid", timeout=5000)
    assert not card.busy_row.isVisible()
    assert card.test_button.isEnabled()
    assert card.checked_label.text() == before
    fake_providers.delay = 0


def _validation_calls(fake: Any) -> int:
    return fake.calls("openai")


def test_save_right_after_test_reuses_the_result(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    # Control: what a Save costs on its own (validation plus the catalog refresh).
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    start = fake_providers.calls("openai")
    _test(qtbot, shell, dialog)
    test_cost = fake_providers.calls("openai") - start
    assert test_cost > 0
    assert shell.providers.has_reusable_test("openai", dialog.values())
    start = fake_providers.calls("openai")
    with qtbot.waitSignal(shell.providers.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert saved.args[1].saved
    reused_save_cost = fake_providers.calls("openai") - start

    # Edit again: Test, then any field change (typed and undone) makes Save check again.
    card = wait_card(qtbot, shell, "openai")
    dialog = open_config_dialog(qtbot, shell, "openai")
    key = dialog.fields["api_key"]
    qtbot.keyClicks(key, GOOD_KEY)
    _test(qtbot, shell, dialog)
    assert shell.providers.has_reusable_test("openai", dialog.values())
    qtbot.keyClicks(key, "x")
    qtbot.keyClick(key, Qt.Key.Key_Backspace)
    assert key.text() == GOOD_KEY
    assert not shell.providers.has_reusable_test("openai", dialog.values())
    start = fake_providers.calls("openai")
    with qtbot.waitSignal(shell.providers.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    full_save_cost = fake_providers.calls("openai") - start
    assert full_save_cost == reused_save_cost + test_cost
    assert card is not None


def test_reuse_is_keyed_on_the_exact_values_and_expires(
    qtbot: QtBot, shell: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    now = [1000.0]
    monkeypatch.setattr(shell.providers, "_monotonic", lambda: now[0])
    caplog.set_level(logging.DEBUG)
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    _test(qtbot, shell, dialog)
    values = dialog.values()
    vm = shell.providers
    assert vm.has_reusable_test("openai", values)
    # Another key, another base URL: not the tested values.
    assert not vm.has_reusable_test("openai", {**values, "api_key": GOOD_KEY + "2"})
    assert not vm.has_reusable_test("openai", {**values, "base_url": "https://x.example/v1"})
    assert not vm.has_reusable_test("anthropic", values)
    # Only a salted digest is kept, never the key; nothing about it is logged.
    remembered = repr(vm._tested)
    assert GOOD_KEY not in remembered
    assert GOOD_KEY.encode() not in b"".join(entry[0] for entry in vm._tested.values())
    assert GOOD_KEY not in caplog.text
    # Seconds later it still counts; past the window it does not.
    now[0] += TEST_REUSE_SECONDS - 1
    assert vm.has_reusable_test("openai", values)
    now[0] += 2
    assert not vm.has_reusable_test("openai", values)
    dialog.reject()
