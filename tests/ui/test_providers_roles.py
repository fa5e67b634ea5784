"""The providers list model answers each role from one table (role -> getter)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import configure_directly, fake_providers, services, settings, shell, wait_card
from PySide6.QtCore import Qt

from modelhub.ui.viewmodels import providers

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_every_named_role_has_a_getter(qtbot: QtBot, shell: Any) -> None:
    vm = shell.providers
    for role in vm.roleNames():
        if role >= Qt.ItemDataRole.UserRole:
            assert role in providers._GETTERS, vm.roleNames()[role]


def test_rows_answer_from_the_table(qtbot: QtBot, services: Any, shell: Any) -> None:
    configure_directly(qtbot, services, "openai")
    vm = shell.providers
    vm.reload()
    wait_card(qtbot, shell, "openai")
    index = vm.index(vm.row_of("openai"))
    assert index.data(vm.ProviderRole) == "openai"
    assert index.data(Qt.ItemDataRole.DisplayRole) == index.data(vm.LabelRole) == "OpenAI"
    assert index.data(vm.ConfiguredRole) is True
    assert index.data(vm.StatusRole) == "valid"
    assert index.data(vm.StatusLabelRole) == "Valid"
    assert index.data(vm.LastValidatedTextRole) == "just now"
    assert index.data(Qt.ItemDataRole.DecorationRole) is None  # no getter: nothing
