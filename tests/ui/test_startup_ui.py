"""The window appears before the database is open, and a failed open is reported."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

import pytest
from helpers import build_services, close_services, fake_providers

from modelhub.app import AppShell, run_window
from modelhub.domain.errors import KeyConfigError
from modelhub.providers.registry import builtin_infos

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import FakeProviders
    from PySide6.QtCore import QSettings
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers"]
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def ini(tmp_path: Path) -> QSettings:
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def test_window_is_usable_while_the_database_opens(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    fake_providers: FakeProviders,
    ini: QSettings,
) -> None:
    release = threading.Event()
    opened: list[Any] = []

    def slow_opener() -> Any:
        # A remote PostgreSQL taking its time: the window must not wait for it.
        assert release.wait(timeout=30)
        svc = build_services(qtbot, tmp_path / "late.db", fake_providers)
        opened.append(svc)
        return svc

    shell = AppShell(None, ini)
    qtbot.addWidget(shell.window)
    task = asyncio.ensure_future(run_window(shell, smoke=False, headless=True, opener=slow_opener))
    qtbot.waitUntil(shell.window.isVisible, timeout=10_000)
    assert shell.window.status_label.text() == "Opening the database…"
    assert shell.providers.rowCount() == 0
    # The event loop is free: a timer fires and the switcher answers while we wait.
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1], timeout=5_000)
    with qtbot.waitSignal(shell.workspaces.error_occurred, timeout=5_000) as early:
        shell.workspaces.create("Too soon")
    assert "still opening its database" in early.args[0]

    release.set()
    qtbot.waitUntil(lambda: shell.context.workspace_id != "", timeout=20_000)
    qtbot.waitUntil(lambda: shell.providers.rowCount() == len(builtin_infos()), timeout=10_000)
    qtbot.waitUntil(lambda: shell.providers.state("openai") is not None, timeout=10_000)
    assert shell.window.providers_page.cards == {}  # nothing configured yet
    assert not shell.window.providers_page.empty_label.isHidden()
    shell.window.close()
    qtbot.waitUntil(task.done, timeout=20_000)
    assert task.result() == 0
    close_services(qtbot, opened[0])


def test_a_failed_open_is_reported_and_exits_1(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    ini: QSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def failing_opener() -> Any:
        raise KeyConfigError(
            "ENCRYPTION_KEY has 63 characters; it must be exactly 64 hex characters.",
            "Generate one with: openssl rand -hex 32",
        )

    shell = AppShell(None, ini)
    qtbot.addWidget(shell.window)
    task = asyncio.ensure_future(
        run_window(shell, smoke=False, headless=True, opener=failing_opener)
    )
    qtbot.waitUntil(task.done, timeout=20_000)
    assert task.result() == 1
    assert not shell.window.isVisible()
    err = capsys.readouterr().err
    assert "63 characters" in err
    assert "openssl rand -hex 32" in err


def test_pyside_import_scan_is_kept_for_qt_users_only(qapp: Any) -> None:
    import sys

    import sqlalchemy

    import modelhub.ui.views.main_window as qt_user
    from modelhub.app import narrow_pyside_import_hook

    narrow_pyside_import_hook()
    narrow_pyside_import_hook()  # idempotent
    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    assert check._modelhub_narrowed
    assert check(qt_user) is True  # really scanned: its source mentions PySide6
    assert check(sqlalchemy) is False  # never scanned
    assert check(sys.modules["modelhub.domain.models"]) is False  # scanned, no Qt in it


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libEGL.so.1", "libEGL1"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    from modelhub.app import debian_package_for

    assert debian_package_for(soname) == package


def test_xcb_check_only_on_x11(tmp_path: Path) -> None:
    from modelhub.app import missing_xcb_library

    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"not an ELF file")
    x11 = {"DISPLAY": ":0"}
    assert missing_xcb_library(x11, "linux", str(broken)) is not None
    assert missing_xcb_library({"QT_QPA_PLATFORM": "xcb"}, "linux", str(broken)) is not None
    assert missing_xcb_library({"QT_QPA_PLATFORM": "offscreen"}, "linux", str(broken)) is None
    assert (
        missing_xcb_library({"WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}, "linux", str(broken)) is None
    )
    assert missing_xcb_library(x11, "darwin", str(broken)) is None
    assert missing_xcb_library(x11, "linux", str(tmp_path / "absent.so")) is None
