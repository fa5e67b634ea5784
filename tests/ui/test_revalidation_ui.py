"""Re-checking stored keys on a schedule (driven by a fake clock) and on demand, with notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from helpers import configure_directly, fake_providers, services, settings, wait_card
from PySide6.QtCore import Qt, QTimer

from modelhub.app import AppShell
from modelhub.ui.viewmodels.providers import clock_time
from modelhub.ui.viewmodels.schedule import RevalidationSchedule, interval_label, valid_hours

if TYPE_CHECKING:
    from collections.abc import Iterator

    from PySide6.QtCore import QSettings
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings"]  # fixtures used by name

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


class FakeClock:
    """A clock that only moves when told."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(second=0, microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def shell(qtbot: QtBot, services: Any, settings: QSettings, clock: FakeClock) -> Iterator[Any]:
    """The window graph on a fake clock, loaded and shown."""
    built = AppShell(services, settings, clock=clock)
    qtbot.addWidget(built.window)
    with qtbot.waitSignal(built.workspaces.loaded, timeout=10_000):
        built.start(collect_garbage=False)
    qtbot.waitUntil(lambda: built.providers.state("openai") is not None, timeout=10_000)
    try:
        yield built
    finally:
        built.cancel_all()
        qtbot.waitUntil(lambda: not built.providers.busy and not built.workspaces.busy)


def card_of(qtbot: QtBot, shell: Any, services: Any, *providers: str) -> Any:
    """Store good keys for ``providers``; return the card of the last once it is valid."""
    for provider in providers:
        configure_directly(qtbot, services, provider)
    shell.providers.reload()
    card = wait_card(qtbot, shell, providers[-1])
    qtbot.waitUntil(lambda: card.status == "valid", timeout=10_000)
    return card


def tick(shell: Any) -> None:
    """One tick of the schedule's timer, as a minute passing would send."""
    shell.scheduler.timer.timeout.emit()


def press(qtbot: QtBot, shell: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow)
    qtbot.keyClick(shell.window, key, modifiers)


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


# -- the schedule alone -----------------------------------------------------------------------


def test_schedule_is_due_after_its_interval_and_never_when_off(clock: FakeClock) -> None:
    schedule = RevalidationSchedule(timedelta(hours=6), clock)
    clock.advance(hours=5, minutes=59)
    assert not schedule.due()
    clock.advance(minutes=1)
    assert schedule.due()
    schedule.mark_ran()
    assert not schedule.due()
    assert schedule.next_run == clock.now + timedelta(hours=6)
    schedule.set_interval(timedelta(hours=1))  # counts from the last run
    clock.advance(hours=1)
    assert schedule.due()

    off = RevalidationSchedule(None, clock)
    clock.advance(days=1000)
    assert not off.due()
    assert off.next_run is None


def test_interval_words_and_stored_values() -> None:
    assert [interval_label(h) for h in (0, 1, 6, 24)] == [
        "Off",
        "Every hour",
        "Every 6 hours",
        "Every 24 hours",
    ]
    assert valid_hours("12") == 12
    assert valid_hours(None) == 6
    assert valid_hours("abc") == 6
    assert valid_hours(5) == 6  # not a choice


# -- the schedule in the window ---------------------------------------------------------------


def test_schedule_fires_after_the_interval_and_not_before(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any, clock: FakeClock
) -> None:
    card_of(qtbot, shell, services, "openai")
    assert shell.scheduler.hours == 6  # the default
    assert shell.scheduler.timer.isActive()
    before = fake_providers.calls("openai")
    clock.advance(hours=5, minutes=59)
    with qtbot.assertNotEmitted(shell.providers.revalidating_changed):
        tick(shell)
    assert fake_providers.calls("openai") == before

    clock.advance(minutes=1)
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000) as blocker:
        tick(shell)
    assert [r.provider for r in blocker.args[0]] == ["openai"]
    assert fake_providers.calls("openai") == before + 1
    assert "Re-checked 1 key. It was accepted." in shell.window.status_label.text()
    # The next run is an interval after this one.
    clock.advance(hours=5)
    with qtbot.assertNotEmitted(shell.providers.revalidating_changed):
        tick(shell)


def test_off_never_fires(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any, clock: FakeClock
) -> None:
    card_of(qtbot, shell, services, "openai")
    values = shell.settings_vm.values()
    shell.settings_vm.save(type(values)(revalidation_hours=0, low_balance_threshold=None))
    assert shell.scheduler.hours == 0
    before = fake_providers.calls("openai")
    for _ in range(3):
        clock.advance(days=30)
        with qtbot.assertNotEmitted(shell.providers.revalidating_changed):
            tick(shell)
    assert fake_providers.calls("openai") == before


def test_a_run_on_demand_restarts_the_interval(
    qtbot: QtBot, shell: Any, services: Any, clock: FakeClock
) -> None:
    card_of(qtbot, shell, services, "openai")
    clock.advance(hours=4)
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000):
        press(qtbot, shell, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not shell.providers.is_revalidating)
    clock.advance(hours=5)  # 9 h since start, 5 h since the run on demand
    with qtbot.assertNotEmitted(shell.providers.revalidating_changed):
        tick(shell)
    clock.advance(hours=1)
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000):
        tick(shell)


def test_overlapping_runs_are_skipped_and_the_window_stays_responsive(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any, clock: FakeClock
) -> None:
    card_of(qtbot, shell, services, "openai", "jina")
    fake_providers.delay = 0.5
    before = fake_providers.calls("openai")
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000) as blocker:
        assert shell.scheduler.run_now()
        assert shell.providers.is_revalidating
        assert not shell.window.recheck_action.isEnabled()
        assert shell.window.busy_label.text() == "Re-checking keys…"
        assert not shell.scheduler.run_now()  # skipped, not queued
        clock.advance(hours=7)
        tick(shell)  # due, but a run is going on
        shell.window.recheck_action.trigger()
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=2_000)  # the loop kept running
        assert shell.providers.is_revalidating
    timer.stop()
    assert sorted(r.provider for r in blocker.args[0]) == ["jina", "openai"]
    assert fake_providers.calls("openai") == before + 1
    qtbot.waitUntil(lambda: shell.window.recheck_action.isEnabled())
    # The pages reload what the run changed ("Working…" for a moment), then go quiet.
    qtbot.waitUntil(lambda: shell.window.busy_label.text() == "")


# -- notices ----------------------------------------------------------------------------------


def test_a_rejected_key_raises_a_card_and_a_status_bar_notice(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any, clock: FakeClock
) -> None:
    card_of(qtbot, shell, services, "openai", "openrouter")
    fake_providers.revoked.add("openrouter")
    clock.advance(hours=6)
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000) as blocker:
        tick(shell)
    turned = [r.provider for r in blocker.args[0] if r.turned_bad]
    assert turned == ["openrouter"]
    at = clock_time(clock.now, clock.now)
    card = wait_card(qtbot, shell, "openrouter")
    qtbot.waitUntil(lambda: card.status == "invalid_credentials")
    assert card.notice.isVisibleTo(card)
    assert card.notice.text() == f"Key rejected at {at} — check it"
    other = wait_card(qtbot, shell, "openai")
    assert not other.notice.isVisibleTo(other)

    window = shell.window
    assert window.key_notice.isVisibleTo(window)
    assert window.key_notice_label.text() == f"OpenRouter rejected its key at {at}: check it."
    # Another action's status does not push the notice away.
    shell.context.post_status("Switched to workspace Default.")
    assert window.key_notice.isVisibleTo(window)
    assert window.status_label.text() == "Switched to workspace Default."

    # A check that finds the key rejected again raises no second notice.
    clock.advance(hours=6)
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000) as blocker:
        tick(shell)
    assert not any(r.turned_bad for r in blocker.args[0])
    assert card.notice.text() == f"Key rejected at {at} — check it"

    # Dismissed, the status bar notice goes; the card keeps its own.
    qtbot.mouseClick(window.dismiss_notice_button, LEFT)
    assert not window.key_notice.isVisibleTo(window)
    assert card.notice.isVisibleTo(card)

    # The key works again: the next successful check clears the card's notice.
    fake_providers.revoked.clear()
    with qtbot.waitSignal(shell.providers.validation_finished, timeout=10_000):
        qtbot.mouseClick(card.test_button, LEFT)
    card = wait_card(qtbot, shell, "openrouter")
    qtbot.waitUntil(lambda: not card.notice.isVisibleTo(card))
    assert shell.providers.notice("openrouter") == ""


def test_running_out_of_credit_is_noticed_and_cleared_by_the_next_good_check(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any, clock: FakeClock
) -> None:
    card = card_of(qtbot, shell, services, "siliconflow")
    fake_providers.no_credit.add("siliconflow")
    with qtbot.waitSignal(shell.providers.key_notice_changed, timeout=10_000) as blocker:
        press(qtbot, shell, Qt.Key.Key_R, CTRL_SHIFT)  # "Re-check all keys now"
    at = clock_time(clock.now, clock.now)
    assert blocker.args == [f"SiliconFlow is out of credit since {at}."]
    window = shell.window
    assert window.key_notice.isVisibleTo(window)
    card = wait_card(qtbot, shell, "siliconflow")
    qtbot.waitUntil(lambda: card.notice.text() == f"Out of credit since {at}")
    assert card.notice.isVisibleTo(card)
    assert card.balance_label.text() == "Balance: ¥0.00"
    assert "Not usable now: SiliconFlow (No credit)." in window.status_label.text()

    fake_providers.no_credit.clear()
    clock.advance(minutes=5)
    with qtbot.waitSignal(shell.providers.key_notice_changed, timeout=10_000) as blocker:
        window.recheck_action.trigger()
    assert blocker.args == [""]
    assert not window.key_notice.isVisibleTo(window)
    qtbot.waitUntil(lambda: not card.notice.isVisibleTo(card))
    qtbot.waitUntil(lambda: card.balance_label.text() == "Balance: ¥88.88")


def test_notices_belong_to_their_workspace(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    card_of(qtbot, shell, services, "openrouter")
    fake_providers.revoked.add("openrouter")
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000):
        shell.window.recheck_keys()
    window = shell.window
    assert window.key_notice.isVisibleTo(window)
    from helpers import run_sync

    other = run_sync(qtbot, services.workspaces.create("Acme"))
    with qtbot.waitSignal(shell.workspaces.loaded, timeout=10_000):
        shell.workspaces.load("Acme")
    qtbot.waitUntil(lambda: shell.context.workspace_id == other.id)
    assert not window.key_notice.isVisibleTo(window)
    default = next(ws.id for ws in run_sync(qtbot, services.workspaces.list()) if ws.id != other.id)
    shell.workspaces.switch(default)
    qtbot.waitUntil(lambda: window.key_notice.isVisibleTo(window))
    assert "OpenRouter" in window.key_notice_label.text()
