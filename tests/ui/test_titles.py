"""Window titles as the desktop shows them: the app's name once, the workspace after it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpers import fake_providers, services, settings, shell  # noqa: F401
from PySide6.QtGui import QGuiApplication

from modelhub.app import make_application

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def explicit_display_name() -> str:
    """The display name set with ``setApplicationDisplayName`` ("" when none was): without
    one, Qt's display name follows the application name."""
    name = QGuiApplication.applicationName()
    QGuiApplication.setApplicationName("probe-name")
    try:
        shown = QGuiApplication.applicationDisplayName()
        return "" if shown == "probe-name" else shown
    finally:
        QGuiApplication.setApplicationName(name)


def test_the_main_window_names_the_app_once(qtbot: QtBot, shell: Any) -> None:  # noqa: F811
    make_application()
    title = shell.window.windowTitle()
    assert title == "ModelHub — Default"
    # The platform appends an explicit display name to every title that does not end with
    # it (QPlatformWindow::formatWindowTitle): "ModelHub — Default — ModelHub".
    name = explicit_display_name()
    shown = f"{title} — {name}" if name and not title.endswith(name) else title
    assert shown == "ModelHub — Default"
