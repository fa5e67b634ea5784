"""Running service coroutines from view-models on the qasync event loop.

A view-model owns one :class:`TaskRunner`. Commands call :meth:`TaskRunner.run` with a
coroutine and a callback for its result; the runner tracks busy state per command key (a
second click while busy is ignored, not queued), turns expected errors into one
``error_occurred`` signal with a message a person can act on, and cancels everything when the
window closes. Unexpected exceptions are re-raised through the loop's exception handler so
tests fail on them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from modelhub.domain.errors import ModelHubError

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

T = TypeVar("T")
log = logging.getLogger(__name__)


def describe_error(error: ModelHubError) -> str:
    """One line for a person: the message, then the hint when there is one."""
    return f"{error.message} {error.hint}" if error.hint else error.message


class TaskRunner(QObject):
    """Runs coroutines for a view-model and reports busy state and expected errors.

    Signals:
        busy_changed(bool): Whether any command is running.
        error_occurred(str): An expected failure, as a sentence a person can act on.
    """

    busy_changed = Signal(bool)
    error_occurred = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    @property
    def busy(self) -> bool:
        """True while any command runs."""
        return bool(self._tasks)

    def is_running(self, key: str) -> bool:
        """True while the command ``key`` runs."""
        return key in self._tasks

    def run(
        self,
        key: str,
        coro: Coroutine[Any, Any, T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[ModelHubError], None] | None = None,
    ) -> asyncio.Task[T | None] | None:
        """Start ``coro`` unless the command ``key`` is already running.

        Args:
            key: Names the command; a second run with the same key while busy is dropped.
            coro: The service call.
            on_done: Called with the result on success.
            on_error: Called with an expected error; by default it is emitted as
                ``error_occurred``.

        Returns:
            The task (its result is None when an expected error was reported), or None when
            the command was already running.
        """
        if key in self._tasks:
            coro.close()
            return None
        was_busy = self.busy
        wrapped = self._wrap(coro, on_done, on_error)
        task = asyncio.ensure_future(wrapped)
        self._tasks[key] = task

        def finished(_task: asyncio.Task[T | None]) -> None:
            # A task cancelled before its first step never awaits ``coro``: close it then,
            # so Python does not warn about a coroutine that was never awaited.
            coro.close()
            self._finished(key)

        task.add_done_callback(finished)
        if not was_busy:
            self.busy_changed.emit(True)
        return task

    async def _wrap(
        self,
        coro: Coroutine[Any, Any, T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[ModelHubError], None] | None,
    ) -> T | None:
        try:
            result = await coro
        except ModelHubError as exc:
            log.info("command failed: %s", exc.message)
            if not shiboken6.isValid(self):  # the view-model went away meanwhile
                return None
            if on_error is not None:
                on_error(exc)
            else:
                self.error_occurred.emit(describe_error(exc))
            return None
        if on_done is not None and shiboken6.isValid(self):
            on_done(result)
        return result

    def _finished(self, key: str) -> None:
        self._tasks.pop(key, None)
        # A task may finish after its view-model was deleted (window closed): no one listens.
        if not self._tasks and shiboken6.isValid(self):
            self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        """Cancel every running command (window closing, workspace switching)."""
        for task in list(self._tasks.values()):
            task.cancel()

    async def wait_idle(self) -> None:
        """Wait until no command runs (used on shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)
