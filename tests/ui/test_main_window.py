"""The main window: settings, responsiveness with slow providers, clean close, start-up paths."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    GOOD_KEY,
    TEST_ENCRYPTION_KEY,
    fake_providers,
    open_config_dialog,
    run_sync,
    services,
    settings,
    shell,
    workspace_id,
)
from PySide6.QtCore import Qt, QTimer

from modelhub.app import AppShell, has_display
from modelhub.ui.views.main_window import PAGES, WORKSPACE_KEY

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_three_areas_and_status_bar(qtbot: QtBot, shell: Any) -> None:
    window = shell.window
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == list(PAGES)
    window.nav.setCurrentRow(2)
    assert window.pages.currentWidget() is window.models_page
    window.nav.setCurrentRow(1)
    assert window.pages.currentWidget() is window.defaults_page
    shell.context.post_status("Hello")
    assert window.status_label.text() == "Hello"


def test_geometry_and_last_workspace_are_remembered(
    qtbot: QtBot, shell: Any, services: Any, settings: Any
) -> None:
    run_sync(qtbot, services.workspaces.create("Acme"))
    with qtbot.waitSignal(shell.workspaces.loaded, timeout=10_000):
        shell.workspaces.load("Acme")
    shell.window.resize(700, 500)  # fits the offscreen screen
    shell.window.show_page(2)
    shell.window.close()
    assert settings.value(WORKSPACE_KEY) == shell.context.workspace_id

    again = AppShell(services, settings)
    qtbot.addWidget(again.window)
    with qtbot.waitSignal(again.workspaces.loaded, timeout=10_000):
        again.start(collect_garbage=False)
    assert again.context.workspace_name == "Acme"
    assert again.window.windowTitle() == "ModelHub — Acme"
    assert again.window.nav.currentRow() == 2
    assert again.window.size().toTuple() == (700, 500)
    again.window.close()


def test_slow_provider_keeps_the_window_responsive(
    qtbot: QtBot, shell: Any, fake_providers: Any
) -> None:
    fake_providers.delay = 2.0
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: fake_providers.started >= 1)
    assert shell.providers.is_checking("openai")
    assert dialog.result_label.text() == "Checking…"
    assert not dialog.save_button.isEnabled()  # a second click cannot start a second save
    # While the provider thinks, the loop keeps ticking and widgets keep reacting.
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=1500)
    assert shell.providers.is_checking("openai")
    shell.window.nav.setCurrentRow(2)
    assert shell.window.pages.currentWidget() is shell.window.models_page
    with qtbot.waitSignal(dialog.finished, timeout=15_000):
        pass
    timer.stop()
    assert shell.providers.state("openai") is not None
    qtbot.waitUntil(lambda: shell.providers.state("openai").configured)


def test_closing_while_a_request_runs_cancels_cleanly(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    fake_providers.delay = 60.0
    shell.providers.save("openai", {"api_key": GOOD_KEY})
    qtbot.waitUntil(lambda: fake_providers.started >= 1)
    assert shell.providers.busy
    with qtbot.waitSignal(shell.providers.busy_changed, timeout=5_000) as blocker:
        shell.window.close()
    assert blocker.args == [False]
    state = run_sync(
        qtbot, services.providers.get_provider(workspace_id(qtbot, services), "openai")
    )
    assert not state.configured  # the cancelled save wrote nothing


def test_has_display_rules() -> None:
    assert not has_display({}, platform="linux")
    assert has_display({"DISPLAY": ":0"}, platform="linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux")
    assert has_display({"QT_QPA_PLATFORM": "offscreen"}, platform="linux")
    assert has_display({}, platform="darwin")


_RUN_APP = textwrap.dedent(
    """
    import argparse, sys
    from modelhub.app import main
    ns = argparse.Namespace(db=None, env_file=None, workspace=None, json=False,
                            smoke_test=SMOKE)
    sys.exit(main(ns))
    """
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "ENCRYPTION_KEY")
    }
    env["MODELHUB_HOME"] = str(tmp_path / "home")
    env["HOME"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env.update(extra)
    return env


def test_no_display_points_to_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RUN_APP.replace("SMOKE", "False")],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "no graphical display" in result.stderr
    assert "modelhub --help" in result.stderr
    assert "Aborted" not in result.stderr


def test_smoke_test_opens_and_closes_cleanly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RUN_APP.replace("SMOKE", "True")],
        env=_env(
            tmp_path,
            QT_QPA_PLATFORM="offscreen",
            ENCRYPTION_KEY=TEST_ENCRYPTION_KEY,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stdout


def test_bad_key_at_start_up_is_reported(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RUN_APP.replace("SMOKE", "True")],
        env=_env(tmp_path, QT_QPA_PLATFORM="offscreen", ENCRYPTION_KEY="not-hex"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "modelhub:" in result.stderr
    assert "Traceback" not in result.stderr


def test_configure_providers_from_an_empty_model_type(qtbot: QtBot, shell: Any) -> None:
    from modelhub.domain.models import ModelType

    window = shell.window
    window.show_page(1)
    row = window.defaults_page.rows[ModelType.RERANK]
    qtbot.waitUntil(lambda: row.configure.isVisible(), timeout=10_000)
    qtbot.mouseClick(row.configure, LEFT)
    assert window.pages.currentWidget() is window.providers_page
