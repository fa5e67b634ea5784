"""Providers from the registry in the window: custom endpoints, keyless local servers, field
errors that point at their field. Driven through the real widgets."""

from __future__ import annotations

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
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from modelhub.domain.models import ModelType
from modelhub.ui.views.config_dialog import TypeChoice

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]  # fixtures used by name

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_custom_provider_end_to_end_through_the_dialog(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    dialog = open_config_dialog(qtbot, shell, "custom:")
    assert dialog.windowTitle() == "Add a custom OpenAI-compatible provider"
    assert list(dialog.fields) == ["label", "base_url", "api_key", "headers", "types", "models"]
    qtbot.keyClicks(dialog.fields["label"], "Team gateway")
    qtbot.keyClicks(dialog.fields["base_url"], "https://gw.example.com/v1")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    headers = dialog.fields["headers"]
    assert isinstance(headers, QPlainTextEdit)
    headers.setPlainText("X-Team: research")
    types = dialog.fields["types"]
    assert isinstance(types, TypeChoice)
    types.boxes["llm"].setChecked(True)
    types.boxes["embedding"].setChecked(True)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)

    card = wait_card(qtbot, shell, "custom:team-gateway")
    qtbot.waitUntil(lambda: card.status == "valid")
    assert card.title.text() == "Team gateway"
    state = shell.providers.state("custom:team-gateway")
    offered = {(m.model, m.model_type) for m in state.models}
    # Typed by id; the reranker is left out because only LLM and embedding were chosen.
    assert offered == {
        ("llama-3.3-70b", ModelType.LLM),
        ("qwen3-embedding-8b", ModelType.EMBEDDING),
    }
    assert [h for h in fake_providers.hosts if h == "gw.example.com"]
    assert state.settings["label"] == "Team gateway"
    assert "headers" not in state.settings  # kept secret like the key
    assert "api_key" not in state.settings


def test_second_custom_provider_with_the_same_label_gets_its_own_name(
    qtbot: QtBot, shell: Any, services: Any
) -> None:
    tenant = workspace_id(qtbot, services)
    config = {"label": "Team gateway", "base_url": "https://gw.example.com/v1", "api_key": GOOD_KEY}
    run_sync(qtbot, services.providers.save(tenant, "custom:team-gateway", config))
    name = run_sync(qtbot, services.providers.custom_name_for(tenant, "Team gateway"))
    assert name == "custom:team-gateway-2"


def test_keyless_ollama_through_the_dialog(qtbot: QtBot, shell: Any, fake_providers: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "ollama")
    assert list(dialog.fields) == ["base_url"]  # no key field at all
    qtbot.keyClicks(dialog.fields["base_url"], "http://127.0.0.1:11434")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    card = wait_card(qtbot, shell, "ollama")
    qtbot.waitUntil(lambda: card.status == "valid")
    assert card.key_label.text() == "No key needed"
    models = {(m.model, m.model_type) for m in shell.providers.state("ollama").models}
    assert models == {
        ("llama3.2:3b", ModelType.LLM),
        ("nomic-embed-text:latest", ModelType.EMBEDDING),
    }
    ollama_auth = [
        auth
        for host, auth in zip(fake_providers.hosts, fake_providers.auth_headers, strict=True)
        if host == "127.0.0.1"
    ]
    assert ollama_auth
    assert all(a == "" for a in ollama_auth)


def test_a_field_check_focuses_the_field_it_is_about(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    base = dialog.fields["base_url"]
    qtbot.keyClicks(base, "http://api.example.com/v1")
    dialog.fields["api_key"].setFocus()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "unencrypted" in dialog.result_label.text()
    assert dialog.focusWidget() is base
    dialog.reject()


def test_a_service_error_focuses_the_field_it_names(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    wait_card(qtbot, shell, "openai")
    dialog = open_config_dialog(qtbot, shell, "openai")
    base = dialog.fields["base_url"]
    assert isinstance(base, QLineEdit)
    qtbot.keyClicks(base, "https://proxy.example.com/v1")  # the key is left empty
    base.setFocus()
    before = len(fake_providers.requests)
    with qtbot.waitSignal(shell.providers.field_failed, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.test_button, LEFT)
    assert blocker.args == ["openai", "api_key"]
    assert "Enter the API key again" in dialog.result_label.text()
    assert dialog.focusWidget() is dialog.fields["api_key"]
    assert len(fake_providers.requests) == before  # the stored key went nowhere
    dialog.reject()


def _cut_labels(dialog: Any) -> list[str]:
    """Visible wrapped labels given less height than their text needs at their width."""
    from PySide6.QtWidgets import QLabel

    return [
        label.text()[:40]
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.height() < label.heightForWidth(label.width())
    ]


def test_dialog_grows_so_no_help_or_message_line_is_cut(
    qtbot: QtBot, shell: Any, fake_providers: Any
) -> None:
    shell.window.show()
    dialog = open_config_dialog(qtbot, shell, "custom:")
    qtbot.waitExposed(dialog)
    assert _cut_labels(dialog) == []
    height = dialog.height()
    qtbot.keyClicks(dialog.fields["label"], "Nowhere")
    qtbot.keyClicks(dialog.fields["base_url"], "https://nowhere.example.com/v1")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    with qtbot.waitSignal(shell.providers.validation_finished, timeout=10_000):
        qtbot.mouseClick(dialog.test_button, LEFT)
    assert "Unreachable" in dialog.result_label.text()
    qtbot.waitUntil(lambda: _cut_labels(dialog) == [])
    assert dialog.height() > height  # it grew for the message
    dialog.reject()
