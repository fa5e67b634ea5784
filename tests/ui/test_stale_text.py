"""No stale text: relative times tick, status messages end, and every message stays with the
action and the workspace that made it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    GOOD_KEY,
    build_services,
    close_services,
    configure_directly,
    fake_providers,
    run_sync,
    services,
    settings,
    shell,
    wait_card,
)

from modelhub.ui.viewmodels.context import WorkspaceContext
from modelhub.ui.viewmodels.schedule import utc_now

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from support.fake_providers import FakeProviders

__all__ = ["fake_providers", "services", "settings", "shell"]

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


class FakeClock:
    """Now, moved by the test."""

    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> Any:
        return self.now


def test_last_refresh_ticks_as_time_passes(qtbot: QtBot, services: Any, shell: Any) -> None:
    clock = FakeClock()
    shell.catalog._clock = clock
    configure_directly(qtbot, services, "openai")
    with qtbot.waitSignal(shell.catalog.loaded, timeout=10_000):
        shell.catalog.reload()
    label = shell.window.models_page.last_refresh
    assert label.text() == "Last refresh: just now"
    clock.now += timedelta(minutes=4)
    # The view-model re-words it on a timer, not only when something reloads.
    tick = shell.catalog._tick
    assert tick.isActive()
    assert tick.interval() <= 60_000
    tick.timeout.emit()
    assert label.text() == "Last refresh: 4 minutes ago"


def test_card_last_validated_ticks(qtbot: QtBot, services: Any, shell: Any) -> None:
    clock = FakeClock()
    shell.providers._clock = clock
    configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: "just now" in card.checked_label.text(), timeout=10_000)
    clock.now += timedelta(minutes=4)
    shell.window.providers_page._timer.timeout.emit()
    assert card.checked_label.text().endswith("4 minutes ago")


def test_status_messages_have_a_lifetime(qtbot: QtBot) -> None:
    context = WorkspaceContext(status_lifetime_ms=50)
    shown: list[str] = []
    context.status_posted.connect(shown.append)
    context.post_status("Created a key and stored it in key.txt")
    assert context.status == "Created a key and stored it in key.txt"
    qtbot.waitUntil(lambda: context.status == "", timeout=2_000)
    assert shown[-1] == ""


def test_the_window_clears_a_status_when_its_lifetime_ends(qtbot: QtBot, shell: Any) -> None:
    shell.context._status_timer.setInterval(50)
    shell.context.post_status("Refresh done.", shell.context.workspace_id)
    assert shell.window.status_label.text() == "Refresh done."
    qtbot.waitUntil(lambda: shell.window.status_label.text() == "", timeout=2_000)


def test_opening_the_database_is_cleared_once_it_is_open(
    qtbot: QtBot, tmp_path: Path, settings: Any, fake_providers: FakeProviders, qloop: Any
) -> None:
    from modelhub.app import AppShell

    built = AppShell(None, settings)
    qtbot.addWidget(built.window)
    built.start(collect_garbage=False)
    assert built.window.status_label.text() == "Opening the database…"
    svc = build_services(qtbot, tmp_path / "late.db", fake_providers)
    try:
        with qtbot.waitSignal(built.workspaces.loaded, timeout=10_000):
            built.attach(svc)
        assert "Opening the database" not in built.window.status_label.text()
    finally:
        built.cancel_all()
        qtbot.waitUntil(lambda: not built.providers.busy and not built.workspaces.busy)
        close_services(qtbot, svc)


def test_a_later_success_replaces_an_old_error(qtbot: QtBot, services: Any, shell: Any) -> None:
    configure_directly(qtbot, services, "openai")
    shell.workspaces.create("Default")
    qtbot.waitUntil(lambda: "already exists" in shell.window.status_label.text(), timeout=5_000)
    shell.providers.reload()
    wait_card(qtbot, shell, "openai")
    shell.providers.test("openai")
    qtbot.waitUntil(lambda: "accepted" in shell.window.status_label.text(), timeout=10_000)
    assert "already exists" not in shell.window.status_label.text()
    # The provider's own sentence names it: not "OpenAI: OpenAI accepted the key".
    assert not shell.window.status_label.text().startswith("OpenAI: ")


def test_a_result_never_shows_under_another_workspace(
    qtbot: QtBot, services: Any, shell: Any, fake_providers: FakeProviders
) -> None:
    configure_directly(qtbot, services, "openai", GOOD_KEY)
    shell.providers.reload()
    wait_card(qtbot, shell, "openai")
    other = run_sync(qtbot, services.workspaces.create("Acme"))
    with qtbot.waitSignal(shell.workspaces.loaded, timeout=10_000):
        shell.workspaces.load(shell.context.workspace_id)
    default = shell.context.workspace_id
    fake_providers.delay = 0.2
    shell.providers.test("openai")
    shell.catalog.refresh_all()
    reports: list[str] = []
    shell.catalog.report_ready.connect(reports.append)
    shell.workspaces.switch(other.id)
    assert shell.context.workspace_id != default
    assert shell.window.status_label.text() == "Switched to workspace Acme."
    qtbot.waitUntil(lambda: not shell.providers.is_checking("openai"), timeout=10_000)
    qtbot.waitUntil(lambda: not shell.catalog.refreshing, timeout=10_000)
    # Neither Default's key check nor its refresh report speaks under Acme.
    assert shell.window.status_label.text() == "Switched to workspace Acme."
    assert [r for r in reports if r] == []
    assert shell.window.models_page.report.toPlainText() == ""


def test_a_message_about_another_workspace_is_dropped(qtbot: QtBot) -> None:
    context = WorkspaceContext()
    context.set_workspace("a", "A")
    context.post_status("About A", "a")
    assert context.status == "About A"
    context.set_workspace("b", "B")
    assert context.status == ""  # a switch clears what was said about A
    context.post_status("Late news about A", "a")
    assert context.status == ""
