"""The configuration dialog: schema-generated fields, key handling, field checks, keyboard."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    GOOD_KEY,
    OTHER_GOOD_KEY,
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
from PySide6.QtWidgets import QComboBox, QLineEdit

from modelhub.ui.views.config_dialog import KEEP_KEY_HINT, ConfigDialog

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _line_edit_texts(dialog: ConfigDialog) -> list[str]:
    return [e.text() for e in dialog.findChildren(QLineEdit)]


def test_fields_come_from_the_schema(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    info = shell.providers.info("openai")
    assert list(dialog.fields) == [f.name for f in info.fields]
    key = dialog.fields["api_key"]
    assert isinstance(key, QLineEdit)
    assert key.echoMode() == QLineEdit.EchoMode.Password
    base = dialog.fields["base_url"]
    assert isinstance(base, QLineEdit)
    assert base.placeholderText() == info.field("base_url").default
    for spec in info.fields:
        assert dialog.fields[spec.name].accessibleName() == spec.label
    assert dialog.save_button.isDefault()
    dialog.reject()


def test_choice_field_is_a_combo(qtbot: QtBot, shell: Any) -> None:
    info = shell.providers.info("siliconflow")
    choice = next((f for f in info.fields if f.choices), None)
    if choice is None:
        pytest.skip("SiliconFlow offers no choice field")  # schema owned by the adapter
    dialog = open_config_dialog(qtbot, shell, "siliconflow")
    combo = dialog.fields[choice.name]
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == [c for c, _ in choice.choices]
    dialog.reject()


def test_show_hide_toggles_the_key(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    key = dialog.fields["api_key"]
    action = dialog.reveal_actions["api_key"]
    action.trigger()
    assert key.echoMode() == QLineEdit.EchoMode.Normal
    assert action.text() == "Hide key"
    action.trigger()
    assert key.echoMode() == QLineEdit.EchoMode.Password
    dialog.reject()


@pytest.mark.parametrize(
    ("key", "base_url", "expected"),
    [
        ("", "", "API key is required"),
        (GOOD_KEY, "not a url", "not a valid http(s) URL"),
        (GOOD_KEY, "http://api.example.com/v1", "Plain http is only allowed"),
    ],
)
def test_field_checks_run_before_any_request(
    qtbot: QtBot, shell: Any, fake_providers: Any, key: str, base_url: str, expected: str
) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], key)
    qtbot.keyClicks(dialog.fields["base_url"], base_url)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert expected in dialog.result_label.text()
    qtbot.mouseClick(dialog.test_button, LEFT)
    assert expected in dialog.result_label.text()
    assert fake_providers.requests == []
    assert dialog.isVisible()
    dialog.reject()


def test_loopback_http_is_allowed(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    config = {"api_key": GOOD_KEY, "base_url": "http://127.0.0.1:8080/v1"}
    assert shell.providers.check_fields("openai", config) is None
    dialog.reject()


def test_test_connection_reports_inline_without_saving(
    qtbot: QtBot, shell: Any, services: Any
) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    with qtbot.waitSignal(shell.providers.validation_finished, timeout=10_000):
        qtbot.mouseClick(dialog.test_button, LEFT)
    assert dialog.result_label.text().startswith("Valid")
    assert dialog.isVisible()
    state = run_sync(
        qtbot, services.providers.get_provider(workspace_id(qtbot, services), "openai")
    )
    assert not state.configured
    dialog.reject()


def test_edit_never_shows_the_key_and_keeps_it_when_empty(
    qtbot: QtBot, shell: Any, services: Any
) -> None:
    tenant = configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "valid")
    mask = shell.providers.state("openai").masked_key
    dialog = open_config_dialog(qtbot, shell, "openai")
    key = dialog.fields["api_key"]
    assert key.text() == ""
    assert KEEP_KEY_HINT in key.placeholderText()
    assert mask in key.placeholderText()
    for text in _line_edit_texts(dialog):
        assert GOOD_KEY not in text
        assert all(GOOD_KEY[i : i + 12] not in text for i in range(len(GOOD_KEY) - 11))
    # Change a non-secret setting, leave the key empty.
    has_org = "organization" in dialog.fields
    if has_org:
        qtbot.keyClicks(dialog.fields["organization"], "org-123")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    state = run_sync(qtbot, services.providers.get_provider(tenant, "openai"))
    assert state.configured
    assert state.masked_key == mask  # the same key is still stored
    if has_org:
        assert state.settings.get("organization") == "org-123"


def test_edit_with_a_new_key_replaces_it(qtbot: QtBot, shell: Any, services: Any) -> None:
    tenant = configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    qtbot.waitUntil(lambda: shell.providers.state("openai").configured)
    old_mask = shell.providers.state("openai").masked_key
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], OTHER_GOOD_KEY)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.fields["api_key"], Qt.Key.Key_Return)  # Enter = Save
    state = run_sync(qtbot, services.providers.get_provider(tenant, "openai"))
    assert state.masked_key != old_mask


def test_escape_cancels(qtbot: QtBot, shell: Any, fake_providers: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.fields["api_key"], Qt.Key.Key_Escape)
    assert fake_providers.requests == []


def test_tab_order_follows_the_form(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    widgets = list(dialog.fields.values())
    for first, second in itertools.pairwise(widgets):
        first.setFocus()
        qtbot.keyClick(first, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is second, (first.objectName(), dialog.focusWidget())
    qtbot.keyClick(widgets[-1], Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.test_button
    dialog.reject()


def test_changing_the_address_needs_the_key_again(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    tenant = configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    qtbot.waitUntil(lambda: shell.providers.state("openai").configured)
    before = len(fake_providers.requests)
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["base_url"], "https://collector.example.net/v1")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: "Enter the API key again" in dialog.result_label.text())
    assert dialog.isVisible()
    assert len(fake_providers.requests) == before  # the stored key went nowhere
    state = run_sync(qtbot, services.providers.get_provider(tenant, "openai"))
    assert "base_url" not in state.settings
    dialog.reject()
