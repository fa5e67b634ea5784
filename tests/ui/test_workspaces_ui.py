"""The workspace switcher: create, rename, delete, switch; nothing leaks between workspaces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    configure_directly,
    fake_providers,
    run_sync,
    services,
    settings,
    shell,
    wait_card,
)
from PySide6.QtCore import Qt

from modelhub.ui.viewmodels.workspaces import WorkspacesViewModel
from modelhub.ui.views import confirm

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace the name prompt and confirmation with recorded, scripted answers."""
    script: dict[str, Any] = {"name": "", "accept": True, "asked": []}

    def ask_text(_parent: Any, title: str, label: str, text: str, on_accept: Any) -> None:
        script["asked"].append((title, label, text))
        if script["name"]:
            on_accept(script["name"])

    def ask(_parent: Any, title: str, text: str, details: str, label: str, on_accept: Any):
        script["asked"].append((title, text, details))
        if script["accept"]:
            on_accept()

    monkeypatch.setattr(confirm, "ask_text", ask_text)
    monkeypatch.setattr(confirm, "ask", ask)
    return script


def test_first_start_is_the_default_workspace(shell: Any) -> None:
    assert shell.context.workspace_name == "Default"
    assert shell.window.windowTitle() == "ModelHub — Default"
    assert shell.window.switcher.combo.currentText() == "Default"


def test_create_rename_delete_through_the_switcher(
    qtbot: QtBot, shell: Any, services: Any, answers: dict[str, Any]
) -> None:
    switcher = shell.window.switcher
    answers["name"] = "Acme"
    with qtbot.waitSignal(shell.workspaces.current_changed, timeout=10_000):
        qtbot.mouseClick(switcher.new_button, LEFT)
    assert switcher.combo.currentText() == "Acme"
    assert shell.window.windowTitle() == "ModelHub — Acme"
    assert shell.workspaces.names() == ["Acme", "Default"]

    answers["name"] = "Acme Corp"
    qtbot.waitUntil(switcher.rename_button.isEnabled)  # buttons wait for the command to end
    with qtbot.waitSignal(shell.workspaces.current_changed, timeout=10_000):
        qtbot.mouseClick(switcher.rename_button, LEFT)
    assert shell.window.windowTitle() == "ModelHub — Acme Corp"
    qtbot.waitUntil(lambda: switcher.combo.currentText() == "Acme Corp")

    configure_directly_in(qtbot, services, shell.context.workspace_id, "openai")
    qtbot.waitUntil(switcher.delete_button.isEnabled)
    with qtbot.waitSignal(shell.workspaces.current_changed, timeout=10_000):
        qtbot.mouseClick(switcher.delete_button, LEFT)
    title, _text, details = answers["asked"][-1]
    assert title == "Delete workspace Acme Corp?"
    assert "1 provider configuration " in details
    assert "0 default model choices" in details
    assert shell.context.workspace_name == "Default"
    assert shell.workspaces.names() == ["Default"]


def test_delete_cancelled_keeps_the_workspace(
    qtbot: QtBot, shell: Any, answers: dict[str, Any]
) -> None:
    answers["accept"] = False
    with qtbot.waitSignal(shell.workspaces.delete_requested, timeout=10_000):
        qtbot.mouseClick(shell.window.switcher.delete_button, LEFT)
    qtbot.waitUntil(lambda: not shell.workspaces.busy)
    assert shell.workspaces.names() == ["Default"]


def test_duplicate_name_is_reported(qtbot: QtBot, shell: Any, answers: dict[str, Any]) -> None:
    answers["name"] = "Default"
    with qtbot.waitSignal(shell.workspaces.error_occurred, timeout=10_000):
        qtbot.mouseClick(shell.window.switcher.new_button, LEFT)
    assert "already exists" in shell.window.status_label.text()


def test_switching_changes_cards_and_nothing_leaks(qtbot: QtBot, shell: Any, services: Any) -> None:
    configure_directly(qtbot, services, "openai")
    run_sync(qtbot, services.workspaces.create("Other"))
    shell.providers.reload()
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "valid")
    with qtbot.waitSignal(shell.workspaces.loaded, timeout=10_000):
        shell.workspaces.load(shell.context.workspace_id)
    combo = shell.window.switcher.combo
    row = shell.workspaces.row_of(run_sync(qtbot, services.workspaces.get_by_name("Other")).id)
    combo.setFocus()
    with qtbot.waitSignal(shell.providers.providers_changed, timeout=10_000):
        combo.setCurrentIndex(row)
        combo.activated.emit(row)
    assert shell.window.windowTitle() == "ModelHub — Other"
    assert shell.window.providers_page.cards == {}  # the other workspace has none
    assert shell.providers.state("openai") is not None
    assert not shell.providers.state("openai").configured
    default_row = shell.workspaces.row_of(
        run_sync(qtbot, services.workspaces.get_by_name("Default")).id
    )
    with qtbot.waitSignal(shell.providers.providers_changed, timeout=10_000):
        combo.setCurrentIndex(default_row)
        combo.activated.emit(default_row)
    assert wait_card(qtbot, shell, "openai").status == "valid"


def test_keyboard_reaches_the_switcher(qtbot: QtBot, shell: Any) -> None:
    shell.window.show()
    qtbot.waitExposed(shell.window)
    shell.window.activateWindow()
    qtbot.keyClick(shell.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(shell.window.switcher.combo.hasFocus)
    for button in (
        shell.window.switcher.new_button,
        shell.window.switcher.rename_button,
        shell.window.switcher.delete_button,
    ):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_workspaces_model_passes_modeltester(
    qtbot: QtBot, shell: Any, services: Any, qtmodeltester: Any
) -> None:
    run_sync(qtbot, services.workspaces.create("Second"))
    with qtbot.waitSignal(shell.workspaces.loaded, timeout=10_000):
        shell.workspaces.load()
    qtmodeltester.check(shell.workspaces)
    assert shell.workspaces.rowCount() == 2
    index = shell.workspaces.index(0)
    assert index.data(WorkspacesViewModel.NameRole) == "Default"
    assert index.data(WorkspacesViewModel.IdRole)


def configure_directly_in(qtbot: QtBot, services: Any, tenant: str, provider: str) -> None:
    from helpers import GOOD_KEY

    outcome = run_sync(qtbot, services.providers.save(tenant, provider, {"api_key": GOOD_KEY}))
    assert outcome.saved
