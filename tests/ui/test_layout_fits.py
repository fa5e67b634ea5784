"""Every dialog and page keeps every line readable after each state change: an error shown,
busy, a provider's long text, long Chinese text. No label or field is smaller than its minimum
size hint and no wrapped label is shorter than its text, under Fusion light and dark, at
device pixel ratio 1 here and 2 in a child run (``QT_SCALE_FACTOR=2``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    BAD_KEY,
    configure_directly,
    fake_providers,
    open_config_dialog,
    services,
    settings,
    shell,
    wait_card,
)
from layout_checks import CHINESE_TEXT, LONG_TEXT, Look, clipped, visible_descendants
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from modelhub.ui.views import confirm
from modelhub.ui.views.model_dialogs import AddModelDialog, EditModelDialog

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
SCALE = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
#: A short Chinese text for one-line labels (a long one would only widen the window).
CHINESE_SHORT = "服务商设置"
#: Room a title bar needs besides its text (icon, buttons).
TITLE_ROOM = 100


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Any:
    applied = Look(qapp, "Fusion", request.param)
    yield applied
    applied.restore()


def settle(qtbot: QtBot) -> None:
    """Let posted layout requests and resizes run."""
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(10)


def assert_fits(qtbot: QtBot, widget: QWidget, state: str) -> None:
    settle(qtbot)
    problems = clipped(widget)
    if widget.isWindow():
        title = QFontMetrics(QApplication.font()).horizontalAdvance(widget.windowTitle())
        if widget.width() < title + TITLE_ROOM:
            problems.append(f"title {widget.windowTitle()!r} cut: {widget.width()} px wide")
    assert not problems, f"{type(widget).__name__} after {state}:\n" + "\n".join(problems)


def speak_chinese(widget: QWidget) -> None:
    """Chinese text in every visible text label: long where it wraps, short where not."""
    for child in list(visible_descendants(widget)):
        if isinstance(child, QLabel) and child.text() and child.pixmap().isNull():
            if child.wordWrap():
                child.setText(CHINESE_TEXT)
            elif child.maximumWidth() > 10_000 and child.minimumWidth() == 0:
                child.setText(CHINESE_SHORT)


def test_the_scale_is_what_the_run_asked(qapp: QApplication) -> None:
    assert qapp.devicePixelRatio() == SCALE


def test_config_dialog(qtbot: QtBot, services: Any, shell: Any, look: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    assert_fits(qtbot, dialog, "opening")
    # A refused key: the error appears under the fields.
    qtbot.keyClicks(dialog.fields["api_key"], BAD_KEY)
    with qtbot.waitSignal(shell.providers.validation_finished, timeout=10_000):
        dialog.test_connection()
    assert dialog.result_label.isVisible()
    assert_fits(qtbot, dialog, "an error")
    shell.providers.checking_changed.emit("openai", True)
    assert_fits(qtbot, dialog, "busy")
    shell.providers.checking_changed.emit("openai", False)
    dialog._show_result(LONG_TEXT + "\n" + LONG_TEXT, False)
    assert_fits(qtbot, dialog, "a long provider text")
    speak_chinese(dialog)
    assert_fits(qtbot, dialog, "Chinese")
    dialog.reject()


def test_edit_dialog_of_a_configured_provider(
    qtbot: QtBot, services: Any, shell: Any, look: Any
) -> None:
    configure_directly(qtbot, services, "siliconflow")
    shell.providers.reload()
    card = wait_card(qtbot, shell, "siliconflow")
    qtbot.waitUntil(lambda: card.status == "valid", timeout=10_000)
    dialog = open_config_dialog(qtbot, shell, "siliconflow")
    assert_fits(qtbot, dialog, "opening (balance shown)")
    dialog._show_result(LONG_TEXT, True)
    speak_chinese(dialog)
    assert_fits(qtbot, dialog, "Chinese")
    dialog.reject()


def test_provider_picker(qtbot: QtBot, shell: Any, look: Any) -> None:
    from modelhub.ui.views.provider_picker import ProviderPicker

    picker = shell.window.providers_page.add_provider()
    qtbot.waitUntil(picker.isVisible)
    assert isinstance(picker, ProviderPicker)
    assert_fits(qtbot, picker, "opening")
    qtbot.keyClicks(picker.search, "no such provider at all")
    assert_fits(qtbot, picker, "no match")
    speak_chinese(picker)
    assert_fits(qtbot, picker, "Chinese")
    picker.reject()


def test_settings_dialog(qtbot: QtBot, shell: Any, look: Any) -> None:
    dialog = shell.window.open_settings()
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert_fits(qtbot, dialog, "opening")
    speak_chinese(dialog)
    assert_fits(qtbot, dialog, "Chinese")
    dialog.reject()


def test_add_model_dialog(qtbot: QtBot, services: Any, shell: Any, look: Any) -> None:
    configure_directly(qtbot, services, "openai")
    shell.catalog.reload()
    dialog = AddModelDialog.add(shell.catalog, shell.window.models_page)
    qtbot.waitUntil(dialog.isVisible)
    assert_fits(qtbot, dialog, "opening")
    dialog.show_error(LONG_TEXT)
    assert_fits(qtbot, dialog, "an error")
    speak_chinese(dialog)
    assert_fits(qtbot, dialog, "Chinese")
    dialog.reject()


def test_edit_capabilities_dialog(qtbot: QtBot, services: Any, shell: Any, look: Any) -> None:
    configure_directly(qtbot, services, "openai")
    with qtbot.waitSignal(shell.catalog.loaded, timeout=10_000):
        shell.catalog.reload()
    row = shell.catalog.row_at(0)
    assert row is not None
    dialog = EditModelDialog.edit(
        shell.catalog, row.model.provider, row.model.model, shell.window.models_page
    )
    qtbot.waitUntil(dialog.isVisible)
    assert_fits(qtbot, dialog, "opening")
    dialog.show_error(LONG_TEXT)
    assert_fits(qtbot, dialog, "an error")
    # A long model id names the dialog: its title is not cut.
    dialog.setWindowTitle(
        "Edit capabilities of accounts/fireworks/models/llama-v3p1-405b-instruct-long"
    )
    assert_fits(qtbot, dialog, "a long title")
    speak_chinese(dialog)
    assert_fits(qtbot, dialog, "Chinese")
    dialog.reject()


def test_confirmation_boxes(qtbot: QtBot, shell: Any, look: Any) -> None:
    box = confirm.ask(
        shell.window,
        "Remove OpenAI?",
        "Remove the OpenAI configuration, its stored key and its models from this workspace?",
        LONG_TEXT + "\n• " + CHINESE_TEXT,
        "Remove",
        lambda: None,
    )
    qtbot.waitUntil(box.isVisible)
    assert isinstance(box, QMessageBox)
    assert_fits(qtbot, box, "opening")
    box.reject()
    prompt = confirm.ask_text(shell.window, "New workspace", CHINESE_TEXT, "", lambda _n: None)
    qtbot.waitUntil(prompt.isVisible)
    assert_fits(qtbot, prompt, "opening")
    prompt.reject()


@pytest.mark.parametrize("page", [0, 1, 2], ids=["providers", "defaults", "models"])
def test_pages(qtbot: QtBot, services: Any, shell: Any, look: Any, page: int) -> None:
    for provider in ("openai", "siliconflow"):
        configure_directly(qtbot, services, provider)
    shell.providers.reload()
    wait_card(qtbot, shell, "siliconflow")
    shell.catalog.reload()
    shell.defaults.reload()
    window = shell.window
    window.resize(1100, 720)
    window.show_page(page)
    current = window.pages.currentWidget()
    assert_fits(qtbot, current, "loading")
    window.resize(760, 560)
    assert_fits(qtbot, current, "a narrow window")
    speak_chinese(current)
    assert_fits(qtbot, current, "Chinese")


@pytest.mark.skipif(SCALE != 1, reason="this is the child run")
def test_everything_again_at_device_pixel_ratio_2() -> None:
    here = Path(__file__)
    env = dict(os.environ, QT_SCALE_FACTOR="2")
    env.pop("PYTEST_CURRENT_TEST", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(here), "-q", "-p", "no:cacheprovider", "-x"],
        cwd=here.parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
