"""The Settings dialog's view-model: app-wide choices in QSettings, workspace ones in the
database.

Each section of the dialog reads and writes its part of one :class:`SettingsValues`. The
theme and the language are only stored and announced here (``theme_changed``,
``language_changed``): applying them is the views' business, wired by the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from modelhub.ui.viewmodels.schedule import INTERVAL_CHOICES, interval_label, valid_hours

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from modelhub.ui.viewmodels.context import WorkspaceContext
    from modelhub.ui.viewmodels.data import DataViewModel
    from modelhub.ui.viewmodels.providers import ProvidersViewModel
    from modelhub.ui.viewmodels.schedule import RevalidationScheduler

#: QSettings key of the re-check interval, in hours (0: off).
REVALIDATION_KEY = "checks/revalidation_hours"
#: QSettings key of the theme: one of :data:`THEMES`.
THEME_KEY = "ui/theme"
THEMES = ("system", "light", "dark")
#: QSettings key of the language: one of :data:`LANGUAGES`.
LANGUAGE_KEY = "ui/language"
LANGUAGES = ("system", "en", "zh_CN")


def stored_hours(settings: QSettings) -> int:
    """The re-check interval kept in ``settings`` (the default when absent or unknown)."""
    return valid_hours(settings.value(REVALIDATION_KEY))


def _stored_choice(settings: QSettings, key: str, choices: tuple[str, ...]) -> str:
    value = settings.value(key)
    return value if isinstance(value, str) and value in choices else choices[0]


def stored_theme(settings: QSettings) -> str:
    """The theme kept in ``settings`` ("system" when absent or unknown)."""
    return _stored_choice(settings, THEME_KEY, THEMES)


def stored_language(settings: QSettings) -> str:
    """The language kept in ``settings`` ("system" when absent or unknown)."""
    return _stored_choice(settings, LANGUAGE_KEY, LANGUAGES)


@dataclass(frozen=True, slots=True)
class SettingsValues:
    """Everything the Settings dialog edits.

    Attributes:
        revalidation_hours: Re-check every stored key this often (0: never); app-wide.
        low_balance_threshold: Warn when a balance is below this, in the balance's own
            currency (None: never); the current workspace's.
        theme: One of :data:`THEMES`; app-wide.
        language: One of :data:`LANGUAGES`; app-wide.
    """

    revalidation_hours: int
    low_balance_threshold: float | None
    theme: str = "system"
    language: str = "system"


class SettingsViewModel(QObject):
    """Reads and applies :class:`SettingsValues`.

    Args:
        settings: Where app-wide choices are kept (tests pass a temp ini file).
        scheduler: The key re-check schedule (its interval).
        providers: The providers view-model (the workspace's low-balance threshold).
        context: Shared current-workspace state (the workspace's name).
        data: Folders, key whereabouts and key rotation (the Keys and Folders sections).
        parent: Qt parent.

    Attributes:
        language_applies_live: Whether a new language shows at once (set by whoever applies
            it); otherwise the dialog says it applies after a restart.

    Signals:
        saved(object): The ``SettingsValues`` just applied.
        theme_changed(str): A different theme was saved (one of :data:`THEMES`).
        language_changed(str): A different language was saved (one of :data:`LANGUAGES`).
    """

    saved = Signal(object)
    theme_changed = Signal(str)
    language_changed = Signal(str)

    def __init__(
        self,
        settings: QSettings,
        scheduler: RevalidationScheduler,
        providers: ProvidersViewModel,
        context: WorkspaceContext,
        parent: QObject | None = None,
        *,
        data: DataViewModel | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._scheduler = scheduler
        self._providers = providers
        self._context = context
        self.data = data
        self.language_applies_live = False

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

    def theme_choices(self) -> list[tuple[str, str]]:
        """``(theme, label)`` of every theme, "System" first."""
        labels = (self.tr("System"), self.tr("Light"), self.tr("Dark"))
        return list(zip(THEMES, labels, strict=True))

    def language_choices(self) -> list[tuple[str, str]]:
        """``(language, label)`` of every language; each language named in itself."""
        return list(zip(LANGUAGES, (self.tr("System"), "English", "简体中文"), strict=True))

    @property
    def theme(self) -> str:
        """The stored theme (applied at start-up and when it changes)."""
        return stored_theme(self._settings)

    @property
    def language(self) -> str:
        """The stored language."""
        return stored_language(self._settings)

    def values(self) -> SettingsValues:
        """The settings as they are now."""
        return SettingsValues(
            revalidation_hours=stored_hours(self._settings),
            low_balance_threshold=self._providers.low_balance_threshold,
            theme=self.theme,
            language=self.language,
        )

    def save(self, values: SettingsValues) -> None:
        """Apply ``values``: keep the interval, restart the schedule with it, and store the
        workspace's threshold when it changed (the cards follow once it is stored)."""
        hours = valid_hours(values.revalidation_hours)
        old_theme, old_language = self.theme, self.language
        theme = values.theme if values.theme in THEMES else THEMES[0]
        language = values.language if values.language in LANGUAGES else LANGUAGES[0]
        self._settings.setValue(REVALIDATION_KEY, hours)
        self._settings.setValue(THEME_KEY, theme)
        self._settings.setValue(LANGUAGE_KEY, language)
        self._settings.sync()
        self._scheduler.set_hours(hours)
        threshold = values.low_balance_threshold
        if self.has_workspace and threshold != self._providers.low_balance_threshold:
            self._providers.set_low_balance_threshold(threshold)
        if theme != old_theme:
            self.theme_changed.emit(theme)
        if language != old_language:
            self.language_changed.emit(language)
        self.saved.emit(values)
