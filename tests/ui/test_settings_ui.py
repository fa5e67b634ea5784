"""The Settings dialog: opened by menu and Ctrl+, its load()/save() round trip, its form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import fake_providers, run_sync, services, settings, shell, workspace_id
from PySide6.QtCore import Qt

from modelhub.ui.viewmodels.settings import REVALIDATION_KEY, SettingsValues, stored_hours
from modelhub.ui.views.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]  # fixtures used by name

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def press_settings_shortcut(qtbot: QtBot, shell: Any) -> SettingsDialog:
    """Press Ctrl+, in the window and return the dialog it opened."""
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow)
    qtbot.keyClick(shell.window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialogs = [d for d in shell.window.findChildren(SettingsDialog) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def test_settings_is_in_the_file_menu_with_ctrl_comma(qtbot: QtBot, shell: Any) -> None:
    window = shell.window
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Help"]
    entries = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert entries == [
        "&Backup…",
        "&Restore…",
        "&Export…",
        "&Import…",
        "&Re-check all keys now",
        "&Settings…",
        "&Quit",
    ]
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    assert window.recheck_action.shortcut().toString() == "Ctrl+Shift+R"
    dialog = press_settings_shortcut(qtbot, shell)
    assert dialog.windowTitle() == "Settings"
    assert dialog.isModal()
    qtbot.waitUntil(dialog.appearance.theme.hasFocus)
    with qtbot.waitSignal(dialog.finished, timeout=5_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_entry_point_can_be_replaced(
    qtbot: QtBot, shell: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    monkeypatch.setattr(
        SettingsDialog, "edit", classmethod(lambda cls, vm, parent: seen.append(vm))
    )
    shell.window.settings_action.trigger()
    assert seen == [shell.settings_vm]


def test_load_shows_the_defaults(qtbot: QtBot, shell: Any) -> None:
    dialog = press_settings_shortcut(qtbot, shell)
    interval = dialog.key_checks.interval
    assert [interval.itemText(i) for i in range(interval.count())] == [
        "Off",
        "Every hour",
        "Every 6 hours",
        "Every 12 hours",
        "Every 24 hours",
    ]
    assert interval.currentText() == "Every 6 hours"
    threshold = dialog.workspace.threshold
    assert threshold.value() == 0
    assert threshold.text() == "Never"
    assert dialog.workspace.title() == "Workspace “Default”"
    dialog.reject()


def test_save_and_load_round_trip(
    qtbot: QtBot, shell: Any, services: Any, settings: QSettings
) -> None:
    dialog = press_settings_shortcut(qtbot, shell)
    interval = dialog.key_checks.interval
    qtbot.keyClick(interval, Qt.Key.Key_Home)  # Off, 1 h, 6 h, 12 h
    for _ in range(3):
        qtbot.keyClick(interval, Qt.Key.Key_Down)
    assert interval.currentData() == 12
    threshold = dialog.workspace.threshold
    threshold.setFocus()
    threshold.selectAll()
    qtbot.keyClicks(threshold, "25.5")
    with qtbot.waitSignal(shell.providers.threshold_changed, timeout=10_000) as blocker:
        qtbot.keyClick(threshold, Qt.Key.Key_Return)  # Enter is OK
    assert blocker.args == [25.5]
    assert not [d for d in shell.window.findChildren(SettingsDialog) if d.isVisible()]
    assert stored_hours(settings) == 12
    assert shell.scheduler.hours == 12
    tenant = workspace_id(qtbot, services)
    assert run_sync(qtbot, services.providers.low_balance_threshold(tenant)) == 25.5
    assert shell.settings_vm.values() == SettingsValues(12, 25.5)

    again = press_settings_shortcut(qtbot, shell)
    assert again.key_checks.interval.currentText() == "Every 12 hours"
    assert again.workspace.threshold.value() == 25.5
    # Back to "Never": the threshold is cleared.
    again.workspace.threshold.setFocus()
    again.workspace.threshold.selectAll()
    qtbot.keyClicks(again.workspace.threshold, "0")
    with qtbot.waitSignal(shell.providers.threshold_changed, timeout=10_000) as blocker:
        qtbot.mouseClick(again.ok_button, LEFT)
    assert blocker.args == [None]
    assert run_sync(qtbot, services.providers.low_balance_threshold(tenant)) is None


def test_cancel_changes_nothing(qtbot: QtBot, shell: Any, settings: QSettings) -> None:
    dialog = press_settings_shortcut(qtbot, shell)
    qtbot.keyClick(dialog.key_checks.interval, Qt.Key.Key_Home)
    assert dialog.key_checks.interval.currentText() == "Off"
    with qtbot.assertNotEmitted(shell.settings_vm.saved):
        qtbot.mouseClick(dialog.cancel_button, LEFT)
    assert settings.value(REVALIDATION_KEY) is None
    assert shell.scheduler.hours == 6


def test_an_unknown_stored_interval_reads_as_the_default(
    qtbot: QtBot, shell: Any, settings: QSettings
) -> None:
    settings.setValue(REVALIDATION_KEY, "every now and then")
    dialog = press_settings_shortcut(qtbot, shell)
    assert dialog.key_checks.interval.currentData() == 6
    dialog.reject()


def test_form_is_aligned_labelled_and_accessible(qtbot: QtBot, shell: Any) -> None:
    dialog = press_settings_shortcut(qtbot, shell)
    dialog.resize(560, dialog.sizeHint().height())
    qtbot.waitExposed(dialog)
    fields: list[QWidget] = [
        dialog.appearance.theme,
        dialog.language.language,
        dialog.key_checks.interval,
        dialog.workspace.threshold,
    ]
    for field in fields:
        assert field.accessibleName()
    lefts = [f.mapTo(dialog, f.rect().topLeft()).x() for f in fields]
    assert len(set(lefts)) == 1, lefts  # one label column across sections
    labels = [label for s in dialog.sections() for label in s.labels if label.buddy()]
    assert [label.buddy() for label in labels][: len(fields)] == fields
    assert [label.text() for label in labels] == [
        "&Theme:",
        "&Language:",
        "&Re-check stored keys:",
        "&Warn when a balance is below:",
        "Comes from:",
        "Key id:",
        "Kept in:",
        "",
        "&Data:",
        "&Logs:",
    ]
    assert dialog.ok_button.accessibleName() == "Save the settings"
    dialog.reject()
