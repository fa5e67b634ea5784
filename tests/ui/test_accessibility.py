"""Every control a person can reach or read has an accessible name: a walk over the three
pages (with data) and every dialog, failing on the first control a screen reader could
only call "button" or "edit"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import configure_directly, fake_providers, services, settings, shell, wait_card
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from modelhub.ui.viewmodels.providers import NEW_CUSTOM
from modelhub.ui.views import confirm
from modelhub.ui.views.config_dialog import ConfigDialog
from modelhub.ui.views.provider_picker import ProviderPicker

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

pytestmark = pytest.mark.qt_log_ignore("does not support")

#: The kinds of control a person operates or reads as a control.
CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSlider,
)


def _is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt draws inside its own controls (a line edit's clear button, a combo's or a
    spin box's inner edit, scroll bars): they are named by the control around them."""
    name = widget.metaObject().className()
    if name.startswith(("QLineEditIconButton", "QScrollBar", "QComboBoxPrivate")):
        return True
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    return isinstance(widget, QLineEdit) and isinstance(parent, QComboBox | QAbstractSpinBox)


def _name(widget: QWidget) -> str:
    """What names the control: its accessible name; for a button, also the text Qt
    announces for it. An input's value (a combo's current item, typed text) never counts."""
    text = widget.accessibleName()
    if not text and isinstance(widget, QAbstractButton):
        iface = QAccessible.queryAccessibleInterface(widget)
        text = iface.text(QAccessible.Text.Name) if iface is not None else widget.text()
    return text.replace("&", "").strip(" …:*")


def _has_buddy(widget: QWidget, root: QWidget) -> bool:
    return any(
        label.buddy() is widget and label.isVisibleTo(root) and label.text().strip()
        for label in root.findChildren(QLabel)
    )


def controls(root: QWidget) -> list[QWidget]:
    """The visible controls under ``root`` (itself included) a person reaches or reads."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or _is_qt_internal(widget):
            continue
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        takes_focus = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        if takes_focus or isinstance(widget, QAbstractButton):
            found.append(widget)
    return found


def unnamed(root: QWidget) -> list[str]:
    """Every control of :func:`controls` without an accessible name."""
    missing = []
    for widget in controls(root):
        if _name(widget) or _has_buddy(widget, root):
            continue
        missing.append(
            f"{type(widget).__name__} objectName={widget.objectName()!r} "
            f"in {type(widget.window()).__name__}"
        )
    return missing


def _with_data(qtbot: QtBot, shell: Any, services: Any) -> None:
    for provider in ("openai", "openrouter"):
        configure_directly(qtbot, services, provider)
    with qtbot.waitSignal(shell.defaults.loaded, timeout=10_000):
        shell.providers.reload()
        shell.catalog.reload()
        shell.defaults.reload()
    wait_card(qtbot, shell, "openrouter")
    qtbot.waitUntil(lambda: shell.catalog.proxy.rowCount() > 0, timeout=10_000)
    shell.window.show()
    qtbot.waitExposed(shell.window)


def _check(qtbot: QtBot, widget: QWidget, at_least: int = 2) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    assert len(controls(widget)) >= at_least  # the walk did reach the dialog's controls
    assert unnamed(widget) == []


def test_every_page_control_is_named(qtbot: QtBot, shell: Any, services: Any) -> None:
    _with_data(qtbot, shell, services)
    window = shell.window
    for page in range(3):
        window.show_page(page)
        assert len(controls(window)) >= 12
        assert unnamed(window) == [], f"page {page}"


def test_the_walk_finds_an_unnamed_control(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    icon_only = QPushButton()
    layout.addWidget(icon_only)
    labelled = QLineEdit()
    label = QLabel("&Name:")
    label.setBuddy(labelled)
    layout.addWidget(label)
    layout.addWidget(labelled)
    host.show()
    assert len(unnamed(host)) == 1
    icon_only.setAccessibleName("Refresh")
    assert unnamed(host) == []


@pytest.mark.parametrize("kind", ["new", "edit", "custom"])
def test_config_dialogs_are_named(qtbot: QtBot, shell: Any, services: Any, kind: str) -> None:
    _with_data(qtbot, shell, services)
    provider = {"new": "jina", "edit": "openai", "custom": NEW_CUSTOM}[kind]
    dialog = ConfigDialog(shell.providers, provider, shell.window)
    qtbot.addWidget(dialog)
    dialog.load()
    _check(qtbot, dialog, at_least=4)
    # With a message and the busy row showing too.
    dialog._show_result("Unreachable: the provider did not answer.", False)
    dialog.busy_row.start()
    dialog.busy_row._appear()
    assert unnamed(dialog) == []
    dialog.busy_row.stop()
    dialog.reject()


def test_provider_picker_is_named(qtbot: QtBot, shell: Any, services: Any) -> None:
    _with_data(qtbot, shell, services)
    picker = ProviderPicker(shell.providers, shell.window)
    qtbot.addWidget(picker)
    _check(qtbot, picker)
    picker.reject()


def test_settings_dialog_is_named(qtbot: QtBot, shell: Any, services: Any) -> None:
    _with_data(qtbot, shell, services)
    dialog = shell.window.open_settings()
    assert dialog is not None
    _check(qtbot, dialog, at_least=4)
    dialog.reject()


def test_model_dialogs_are_named(qtbot: QtBot, shell: Any, services: Any) -> None:
    _with_data(qtbot, shell, services)
    page = shell.window.models_page
    shell.window.show_page(2)
    add = page.add_model()
    _check(qtbot, add)
    add.reject()
    page.table.setCurrentIndex(page.table.model().index(0, 0))
    edit = page.edit_current()
    assert edit is not None
    _check(qtbot, edit)
    edit.reject()


def test_confirmations_and_prompts_are_named(qtbot: QtBot, shell: Any) -> None:
    box = confirm.ask(
        shell.window, "Remove OpenAI?", "Remove it?", "Details", "Remove", lambda: None
    )
    _check(qtbot, box)
    box.reject()
    prompt = confirm.ask_text(shell.window, "New workspace", "Name:", "", lambda _n: None)
    _check(qtbot, prompt)
    prompt.reject()
    QApplication.processEvents()
