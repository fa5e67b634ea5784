"""Re-checking every stored key on a schedule while the window is open.

:class:`RevalidationSchedule` is plain Python: an interval and a clock function, asked
``due()`` and told ``mark_ran()``; tests drive it with a fake clock. :class:`RevalidationScheduler`
ticks a ``QTimer`` (each minute), asks the schedule, and starts
:meth:`ProvidersViewModel.revalidate_all` when it is due. Any run, scheduled or on demand,
restarts the interval; a run that would overlap a running one is skipped by the view-model.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

if TYPE_CHECKING:
    from collections.abc import Callable

    from modelhub.ui.viewmodels.providers import ProvidersViewModel

#: The intervals a person can choose, in hours (0: off).
INTERVAL_CHOICES = (0, 1, 6, 12, 24)
DEFAULT_INTERVAL_HOURS = 6
#: How often the timer asks whether a run is due.
TICK_MS = 60_000


def utc_now() -> datetime:
    """The current time, timezone-aware (the default clock)."""
    return datetime.now(UTC)


def interval_label(hours: int) -> str:
    """How an interval choice reads in the settings ("Off", "Every hour", "Every 6 hours")."""
    if hours <= 0:
        return QCoreApplication.translate("Schedule", "Off")
    if hours == 1:
        return QCoreApplication.translate("Schedule", "Every hour")
    return QCoreApplication.translate("Schedule", "Every %n hours", None, hours)


def valid_hours(value: object) -> int:
    """``value`` (as read from settings) as one of :data:`INTERVAL_CHOICES`; the default
    for anything else."""
    try:
        hours = int(str(value))
    except ValueError:
        return DEFAULT_INTERVAL_HOURS
    return hours if hours in INTERVAL_CHOICES else DEFAULT_INTERVAL_HOURS


class RevalidationSchedule:
    """When the next re-check is due: ``interval`` after the last run (or the start).

    Args:
        interval: Time between runs; None turns the schedule off (never due).
        clock: Returns the current time (tests pass a fake one they advance).
    """

    def __init__(self, interval: timedelta | None, clock: Callable[[], datetime]) -> None:
        self._interval = interval
        self._clock = clock
        self._last = clock()

    @property
    def interval(self) -> timedelta | None:
        """Time between runs, or None when off."""
        return self._interval

    def set_interval(self, interval: timedelta | None) -> None:
        """Change the interval; it still counts from the last run."""
        self._interval = interval

    @property
    def next_run(self) -> datetime | None:
        """When the next run is due, or None when off."""
        return None if self._interval is None else self._last + self._interval

    def due(self) -> bool:
        """True once the interval has passed since the last run (never when off)."""
        next_run = self.next_run
        return next_run is not None and self._clock() >= next_run

    def mark_ran(self) -> None:
        """A run started now: the interval counts from here."""
        self._last = self._clock()


class RevalidationScheduler(QObject):
    """Re-checks the current workspace's keys when the schedule says so.

    Args:
        providers: Runs the re-check (:meth:`ProvidersViewModel.revalidate_all`).
        hours: The interval in hours (one of :data:`INTERVAL_CHOICES`; 0 is off).
        clock: The current time (default :func:`utc_now`; tests pass a fake).
        tick_ms: How often the timer asks :meth:`RevalidationSchedule.due`.
        parent: Qt parent.

    Signals:
        interval_changed(int): The interval in hours (0: off) changed.
    """

    interval_changed = Signal(int)

    def __init__(
        self,
        providers: ProvidersViewModel,
        hours: int = DEFAULT_INTERVAL_HOURS,
        clock: Callable[[], datetime] = utc_now,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._providers = providers
        self._hours = hours
        self.schedule = RevalidationSchedule(_interval(hours), clock)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        # Any run restarts the interval, whoever asked for it.
        providers.revalidating_changed.connect(self._on_revalidating)

    @property
    def hours(self) -> int:
        """The interval in hours (0: off)."""
        return self._hours

    def set_hours(self, hours: int) -> None:
        """Re-check every ``hours`` hours from now on (0: never)."""
        if hours == self._hours:
            return
        self._hours = hours
        self.schedule.set_interval(_interval(hours))
        self.interval_changed.emit(hours)

    def start(self) -> None:
        """Start ticking (the window is shown)."""
        self.timer.start()

    def stop(self) -> None:
        """Stop ticking (the window is closing)."""
        self.timer.stop()

    def tick(self) -> None:
        """Start a re-check when one is due and there is a workspace to check."""
        if not self.schedule.due() or not self._providers.can_revalidate:
            return
        self.schedule.mark_ran()
        self._providers.revalidate_all()

    def run_now(self) -> bool:
        """Re-check every key now ("Re-check all keys now"); False when one already runs."""
        return self._providers.revalidate_all()

    def _on_revalidating(self, running: bool) -> None:
        if running:
            self.schedule.mark_ran()


def _interval(hours: int) -> timedelta | None:
    return timedelta(hours=hours) if hours > 0 else None
