"""The Settings dialog's view-model: app-wide choices in QSettings, workspace ones in the
database.

Each section of the dialog reads and writes its part of one :class:`SettingsValues`; a later
section (theme, language, keys) adds its fields here and a section to the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from modelhub.ui.viewmodels.schedule import INTERVAL_CHOICES, interval_label, valid_hours

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from modelhub.ui.viewmodels.context import WorkspaceContext
    from modelhub.ui.viewmodels.providers import ProvidersViewModel
    from modelhub.ui.viewmodels.schedule import RevalidationScheduler

#: QSettings key of the re-check interval, in hours (0: off).
REVALIDATION_KEY = "checks/revalidation_hours"


def stored_hours(settings: QSettings) -> int:
    """The re-check interval kept in ``settings`` (the default when absent or unknown)."""
    return valid_hours(settings.value(REVALIDATION_KEY))


@dataclass(frozen=True, slots=True)
class SettingsValues:
    """Everything the Settings dialog edits.

    Attributes:
        revalidation_hours: Re-check every stored key this often (0: never); app-wide.
        low_balance_threshold: Warn when a balance is below this, in the balance's own
            currency (None: never); the current workspace's.
    """

    revalidation_hours: int
    low_balance_threshold: float | None


class SettingsViewModel(QObject):
    """Reads and applies :class:`SettingsValues`.

    Args:
        settings: Where app-wide choices are kept (tests pass a temp ini file).
        scheduler: The key re-check schedule (its interval).
        providers: The providers view-model (the workspace's low-balance threshold).
        context: Shared current-workspace state (the workspace's name).
        parent: Qt parent.

    Signals:
        saved(object): The ``SettingsValues`` just applied.
    """

    saved = Signal(object)

    def __init__(
        self,
        settings: QSettings,
        scheduler: RevalidationScheduler,
        providers: ProvidersViewModel,
        context: WorkspaceContext,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._scheduler = scheduler
        self._providers = providers
        self._context = context

    @property
    def workspace_name(self) -> str:
        """The current workspace's name ("" before one is open)."""
        return self._context.workspace_name

    @property
    def has_workspace(self) -> bool:
        """True when a workspace is current (its settings can be edited)."""
        return bool(self._context.workspace_id) and self._providers.ready

    @staticmethod
    def interval_choices() -> list[tuple[int, str]]:
        """``(hours, label)`` of every re-check interval, "Off" first."""
        return [(hours, interval_label(hours)) for hours in INTERVAL_CHOICES]

    def values(self) -> SettingsValues:
        """The settings as they are now."""
        return SettingsValues(
            revalidation_hours=stored_hours(self._settings),
            low_balance_threshold=self._providers.low_balance_threshold,
        )

    def save(self, values: SettingsValues) -> None:
        """Apply ``values``: keep the interval, restart the schedule with it, and store the
        workspace's threshold when it changed (the cards follow once it is stored)."""
        hours = valid_hours(values.revalidation_hours)
        self._settings.setValue(REVALIDATION_KEY, hours)
        self._settings.sync()
        self._scheduler.set_hours(hours)
        threshold = values.low_balance_threshold
        if self.has_workspace and threshold != self._providers.low_balance_threshold:
            self._providers.set_low_balance_threshold(threshold)
        self.saved.emit(values)
