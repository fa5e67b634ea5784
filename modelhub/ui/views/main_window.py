"""The main window: workspace bar, navigation between the three areas, status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.views import theme
from modelhub.ui.views.app_menus import AppMenus
from modelhub.ui.views.defaults_view import DefaultModelsView
from modelhub.ui.views.models_view import ModelsView
from modelhub.ui.views.provider_grid import ProviderGrid
from modelhub.ui.views.resources import app_icon
from modelhub.ui.views.settings_dialog import SettingsDialog
from modelhub.ui.views.workspace_switcher import WorkspaceSwitcher

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.catalog import CatalogViewModel
    from modelhub.ui.viewmodels.context import WorkspaceContext
    from modelhub.ui.viewmodels.data import DataViewModel
    from modelhub.ui.viewmodels.defaults import DefaultsViewModel
    from modelhub.ui.viewmodels.providers import ProvidersViewModel
    from modelhub.ui.viewmodels.schedule import RevalidationScheduler
    from modelhub.ui.viewmodels.settings import SettingsViewModel
    from modelhub.ui.viewmodels.workspaces import WorkspacesViewModel

APP_TITLE = "ModelHub"
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
WORKSPACE_KEY = "session/last_workspace"
PAGE_KEY = "session/page"
PAGES = (
    QT_TRANSLATE_NOOP("MainWindow", "Providers"),
    QT_TRANSLATE_NOOP("MainWindow", "Default models"),
    QT_TRANSLATE_NOOP("MainWindow", "Models"),
)


class MainWindow(QMainWindow):
    """Workspace switcher on top, a navigation list and the three pages, a status bar.

    Args:
        context: Shared current-workspace state (title, status messages).
        workspaces: Workspace list and commands.
        providers: Provider cards and commands.
        defaults: Default-model page view-model.
        catalog: Models page view-model.
        settings: Where geometry and the last workspace are remembered (tests pass a temp
            ini file).
        scheduler: The key re-check schedule ("Re-check all keys now"), or None.
        settings_vm: The Settings dialog's view-model ("Settings…"), or None.
        data: Folders, key whereabouts and backup (File → Backup…, Help → Where is my
            data?), or None.
        parent: Qt parent.

    Signals:
        closed(): The window was closed (its state is saved); the app shuts down then.
    """

    closed = Signal()

    def __init__(
        self,
        context: WorkspaceContext,
        workspaces: WorkspacesViewModel,
        providers: ProvidersViewModel,
        defaults: DefaultsViewModel,
        catalog: CatalogViewModel,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        scheduler: RevalidationScheduler | None = None,
        settings_vm: SettingsViewModel | None = None,
        data: DataViewModel | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._workspaces = workspaces
        self._providers = providers
        self._settings = settings
        self._scheduler = scheduler
        self._settings_vm = settings_vm
        self._data = data
        self._defaults = defaults
        self._catalog = catalog
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setWindowTitle(APP_TITLE)
        self.resize(1100, 720)
        self.setMinimumSize(560, 420)

        self.switcher = WorkspaceSwitcher(workspaces)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setFixedWidth(170)
        self.nav.setSpacing(2)
        for number, name in enumerate(PAGES, start=1):
            item = QListWidgetItem(self.tr(str(name)))
            item.setToolTip(f"{self.tr(str(name))} (Ctrl+{number})")
            self.nav.addItem(item)

        self.providers_page = ProviderGrid(providers)
        self.defaults_page = DefaultModelsView(defaults)
        # "Configure providers…" under an empty model type leads to the Providers page.
        defaults.configure_requested.connect(lambda: self.show_page(0))
        self.models_page = ModelsView(catalog)
        self.pages = QStackedWidget()
        for page in (self.providers_page, self.defaults_page, self.models_page):
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.HLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        body.addWidget(divider)
        body.addWidget(self.pages, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACING // 2)
        layout.addWidget(self.switcher)
        layout.addWidget(separator)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.nav.setStyleSheet(theme.nav_stylesheet(self.palette()))
        self.focus_ring = theme.FocusRing(self)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusMessage")
        self.status_label.setAccessibleName(self.tr("Last action"))
        self.statusBar().addWidget(self.status_label, 1)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self._build_key_notice()
        self._build_menus()

        for number in range(1, len(PAGES) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.show_page(n - 1))
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self._focus_workspaces)
        self._build_page_shortcuts()

        context.status_posted.connect(self.show_status)
        context.workspace_changed.connect(lambda _id: self._update_title())
        workspaces.current_changed.connect(lambda _id, _name: self._update_title())
        workspaces.error_occurred.connect(self.show_status)
        providers.error_occurred.connect(self.show_status)
        providers.busy_changed.connect(self._on_busy)
        providers.revalidating_changed.connect(self._on_revalidating)
        providers.key_notice_changed.connect(self.show_key_notice)
        workspaces.busy_changed.connect(self._on_busy)

        self.restore_state()

    # -- public ---------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        """Show page ``index`` (0 Providers, 1 Default models, 2 Models)."""
        self.nav.setCurrentRow(index)

    def show_status(self, message: str) -> None:
        """Show ``message`` as the last action's result."""
        self.status_label.setText(message)
        self.status_label.setToolTip(message)

    def show_key_notice(self, text: str) -> None:
        """Show the notice about keys that turned bad ("" hides it); it stays until it is
        dismissed or the keys check fine again."""
        self.key_notice_label.setText(text)
        self.key_notice_label.setToolTip(text)
        self.key_notice.setAccessibleDescription(text)
        self.key_notice.setVisible(bool(text))

    def open_settings(self) -> SettingsDialog | None:
        """Open the Settings dialog (Ctrl+,)."""
        if self._settings_vm is None:
            return None
        return SettingsDialog.edit(self._settings_vm, self)

    def recheck_keys(self) -> None:
        """Re-check every stored key of the workspace now."""
        if self._scheduler is not None:
            started = self._scheduler.run_now()
        else:
            started = self._providers.revalidate_all()
        if not started and not self._providers.is_revalidating:
            self.show_status(self.tr("Open a workspace first to re-check its keys."))

    def restore_state(self) -> None:
        """Restore geometry and the last page from settings."""
        geometry = self._settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        page = self._settings.value(PAGE_KEY, 0)
        try:
            self.show_page(max(0, min(int(str(page)), len(PAGES) - 1)))
        except ValueError:
            self.show_page(0)

    def save_state(self) -> None:
        """Remember geometry, page and the current workspace."""
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(PAGE_KEY, self.nav.currentRow())
        if self._context.workspace_id:
            self._settings.setValue(WORKSPACE_KEY, self._context.workspace_id)
        self._settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system palette (light/dark) in the parts styled from it."""
        if event.type() == QEvent.Type.PaletteChange:
            self.nav.setStyleSheet(theme.nav_stylesheet(self.palette()))
            self._paint_key_notice()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        # Requests still running belong to a window that is going away.
        self._workspaces.cancel_all()
        self._providers.cancel_all()
        if self._scheduler is not None:
            self._scheduler.stop()
        super().closeEvent(event)
        self.closed.emit()

    # -- internals ------------------------------------------------------------------------

    def _update_title(self) -> None:
        name = self._context.workspace_name
        self.setWindowTitle(f"{APP_TITLE} — {name}" if name else APP_TITLE)

    def _focus_workspaces(self) -> None:
        self.switcher.combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_busy(self, _busy: bool) -> None:
        busy = self._providers.busy or self._workspaces.busy
        if self._providers.is_revalidating:
            self.busy_label.setText(self.tr("Re-checking keys…"))
        else:
            self.busy_label.setText(self.tr("Working…") if busy else "")

    def _on_revalidating(self, running: bool) -> None:
        self.recheck_action.setEnabled(not running)
        self._on_busy(running)

    def _build_menus(self) -> None:
        """File menu: backup and the team-mode data actions, re-check keys, settings, quit;
        Help menu: documentation, where the data is, About."""
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.recheck_action = QAction(self.tr("&Re-check all keys now"), self)
        self.recheck_action.setObjectName("recheckKeys")
        self.recheck_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.recheck_action.setStatusTip(
            self.tr("Ask every provider of this workspace whether its key still works")
        )
        self.recheck_action.triggered.connect(self.recheck_keys)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setObjectName("openSettings")
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setEnabled(self._settings_vm is not None)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(self.tr("&Quit"), self)
        # Ctrl+Q everywhere (Cmd+Q on macOS): the standard key is empty on some platforms.
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.app_menus = AppMenus(self, self._data)
        self.app_menus.add_data_actions(menu)
        menu.addAction(self.recheck_action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.app_menus.add_help_menu(self.menuBar())
        # Shortcuts work with the menu bar hidden too (native menu bars, offscreen tests).
        for action in (self.recheck_action, self.settings_action, self.quit_action):
            self.addAction(action)

    # -- page shortcuts (Ctrl+F, F5, Ctrl+N) ------------------------------------------------

    def _build_page_shortcuts(self) -> None:
        """Find, Refresh and New with the platform's standard keys, on the window itself."""
        self.find_action = QAction(self.tr("&Find…"), self)
        self.find_action.setObjectName("findOnPage")
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find_on_page)
        self.refresh_action = QAction(self.tr("Re&fresh"), self)
        self.refresh_action.setObjectName("refreshPage")
        self.refresh_action.setShortcuts(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh_page)
        self.new_workspace_action = QAction(self.tr("&New workspace…"), self)
        self.new_workspace_action.setObjectName("newWorkspace")
        self.new_workspace_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_workspace_action.triggered.connect(self.switcher.ask_create)
        for action in (self.find_action, self.refresh_action, self.new_workspace_action):
            self.addAction(action)

    def find_on_page(self) -> None:
        """Ctrl+F: the current page's search (Providers has none: its picker's search)."""
        page = self.pages.currentWidget()
        if page is self.models_page:
            self.models_page.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.models_page.search.selectAll()
        elif page is self.defaults_page:
            rows = list(self.defaults_page.rows.values())
            combo = next((r.combo for r in rows if r.combo.isEnabled()), None)
            if combo is not None:
                combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
                combo.show_filter("")
            else:  # nothing to choose from yet: "Configure providers…"
                button = next((r.configure for r in rows if r.configure.isVisible()), None)
                if button is not None:
                    button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.providers_page.add_provider()

    def refresh_page(self) -> None:
        """F5: re-check the keys (Providers), reload the defaults, or refresh the models."""
        page = self.pages.currentWidget()
        if page is self.models_page:
            self._catalog.refresh_all()
        elif page is self.defaults_page:
            self._defaults.reload()
        else:
            self.recheck_keys()

    def _build_key_notice(self) -> None:
        """The status-bar notice about keys that turned bad, with a Dismiss button."""
        self.key_notice = QFrame()
        self.key_notice.setObjectName("keyNoticeBar")
        self.key_notice.setAccessibleName(self.tr("Key notice"))
        row = QHBoxLayout(self.key_notice)
        row.setContentsMargins(theme.SPACING, 0, 2, 0)
        row.setSpacing(theme.SPACING // 2)
        self.key_notice_label = QLabel()
        self.key_notice_label.setObjectName("keyNoticeText")
        self.dismiss_notice_button = QToolButton()
        self.dismiss_notice_button.setText(self.tr("Dismiss"))
        self.dismiss_notice_button.setAccessibleName(self.tr("Dismiss the key notice"))
        self.dismiss_notice_button.setAutoRaise(True)
        self.dismiss_notice_button.clicked.connect(self._providers.dismiss_key_notice)
        row.addWidget(self.key_notice_label)
        row.addWidget(self.dismiss_notice_button)
        self._paint_key_notice()
        self.key_notice.hide()
        self.statusBar().insertWidget(0, self.key_notice)

    def _paint_key_notice(self) -> None:
        background, foreground = theme.status_colors("invalid", self.palette())
        self.key_notice.setStyleSheet(
            f"QFrame#keyNoticeBar {{ background: {background.name()}; border-radius: 4px; }}"
            f" QLabel#keyNoticeText {{ color: {foreground.name()}; font-weight: 600; }}"
        )
