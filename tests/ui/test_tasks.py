"""The task runner drives coroutines on the Qt loop and reports busy state and errors."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from modelhub.domain.errors import InvalidInputError
from modelhub.ui.viewmodels.tasks import TaskRunner

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_runs_coroutine_and_reports_busy(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    runner = TaskRunner()
    results: list[int] = []
    gate = asyncio.Event()

    async def work() -> int:
        await gate.wait()
        return 42

    with qtbot.waitSignal(runner.busy_changed) as started:
        runner.run("cmd", work(), results.append)
    assert started.args == [True]
    # A second click while busy is dropped, not queued.
    assert runner.run("cmd", work(), results.append) is None
    with qtbot.waitSignal(runner.busy_changed) as finished:
        gate.set()
    assert finished.args == [False]
    assert results == [42]


def test_expected_error_becomes_signal(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    runner = TaskRunner()

    async def fail() -> None:
        await asyncio.sleep(0)
        raise InvalidInputError("The key is empty.", "Paste the provider's key.")

    with qtbot.waitSignal(runner.error_occurred) as blocker:
        runner.run("cmd", fail())
    assert blocker.args == ["The key is empty. Paste the provider's key."]


def test_cancel_all_stops_running_work(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    runner = TaskRunner()
    done: list[str] = []

    async def forever() -> None:
        await asyncio.sleep(3600)
        done.append("finished")

    runner.run("slow", forever())
    assert runner.is_running("slow")
    with qtbot.waitSignal(runner.busy_changed) as blocker:
        runner.cancel_all()
    assert blocker.args == [False]
    assert done == []
