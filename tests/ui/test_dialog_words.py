"""The configuration dialog speaks to people: its title says what it does, a stored key is not
asked for again, and a check's findings are facts, not a dump of the provider's fields."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    GOOD_KEY,
    configure_directly,
    fake_providers,
    open_config_dialog,
    services,
    settings,
    shell,
    wait_card,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
#: "name: value" with a developer's field name (lower case, camelCase or snake_case).
DUMP = re.compile(r"(?:^|, )[a-z][a-zA-Z_]*: \S", re.MULTILINE)


def test_editing_a_configured_provider(qtbot: QtBot, services: Any, shell: Any) -> None:
    configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    wait_card(qtbot, shell, "openai")
    dialog = open_config_dialog(qtbot, shell, "openai")
    assert dialog.windowTitle() == "Edit OpenAI"
    key_label = dialog.field_labels["api_key"]
    # Empty keeps the stored key: the field is not marked required.
    assert not key_label.text().endswith("*")
    assert "Leave empty to keep the stored key" in dialog.fields["api_key"].placeholderText()
    dialog.reject()


def test_adding_a_provider_asks_for_its_key(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    assert dialog.windowTitle() == "Add OpenAI"
    assert dialog.field_labels["api_key"].text().endswith("*")
    dialog.reject()


@pytest.mark.parametrize("provider", ["openai", "siliconflow"])
def test_a_check_reports_facts(qtbot: QtBot, shell: Any, provider: str) -> None:
    dialog = open_config_dialog(qtbot, shell, provider)
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    with qtbot.waitSignal(shell.providers.validation_finished, timeout=10_000):
        dialog.test_connection()
    text = dialog.result_label.text()
    assert "chargeBalance" not in text
    assert "totalBalance" not in text
    assert not DUMP.search(text), text
    if provider == "openai":
        assert re.search(r"\d+ models available", text), text
    dialog.reject()


def test_an_empty_workspace_name_is_refused_with_a_word(qtbot: QtBot, shell: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from modelhub.ui.views import confirm

    names: list[str] = []
    dialog = confirm.ask_text(shell.window, "New workspace", "Name:", "", names.append)
    qtbot.waitUntil(dialog.isVisible)
    buttons = dialog.findChild(QDialogButtonBox)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert "cannot be empty" in dialog.labelText()
    dialog.setTextValue("   ")
    assert not ok.isEnabled()
    dialog.setTextValue("Acme")
    assert ok.isEnabled()
    assert "cannot be empty" not in dialog.labelText()
    dialog.reject()
