"""The File menu's data actions (Backup…, and the team-mode ones to come) and the Help menu.

Backup asks where with a save dialog (which asks before replacing a file), runs the online
backup off the GUI thread and says where the copy went. Restore checks the chosen backup
first, asks (naming what it holds), then replaces the database, keeping the old one beside it.
Export and Import need the services of team mode: until those exist they are shown disabled,
saying so, rather than faked. The Help menu opens the documentation, says where the data is
and shows About.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QKeySequence

from modelhub.ui.viewmodels import about
from modelhub.ui.views import confirm, desktop

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QWidget

    from modelhub.ui.viewmodels.data import DataViewModel


class AppMenus(QObject):
    """Builds and runs the data actions of the File menu and the Help menu.

    Args:
        window: The main window (parent of the dialogs; its status bar gets results).
        data: Folders, key whereabouts and backup, or None (the actions are disabled).

    Attributes:
        box: The last message box shown (tests read and close it).
    """

    def __init__(self, window: QMainWindow, data: DataViewModel | None) -> None:
        super().__init__(window)
        self._window = window
        self._data = data
        self.box: QWidget | None = None

        self.backup_action = QAction(self.tr("&Backup…"), window)
        self.backup_action.setObjectName("backupDatabase")
        self.backup_action.setStatusTip(
            self.tr("Save a copy of the database (keys stay encrypted)")
        )
        self.backup_action.setEnabled(data is not None)
        self.backup_action.triggered.connect(self.ask_backup)
        self.restore_action = QAction(self.tr("&Restore…"), window)
        self.restore_action.setObjectName("restoreDatabase")
        self.restore_action.setStatusTip(
            self.tr("Replace the database with a backup (the current one is kept beside it)")
        )
        self.restore_action.setEnabled(data is not None)
        self.restore_action.triggered.connect(self.ask_restore)
        coming = self.tr("Coming with team mode")
        self.pending_actions: list[QAction] = []
        for name, text in (
            ("exportConfigs", self.tr("&Export…")),
            ("importConfigs", self.tr("&Import…")),
        ):
            action = QAction(text, window)
            action.setObjectName(name)
            action.setEnabled(False)
            action.setToolTip(coming)
            action.setStatusTip(coming)
            self.pending_actions.append(action)

        self.docs_action = QAction(self.tr("&Documentation"), window)
        self.docs_action.setObjectName("openDocumentation")
        self.docs_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.docs_action.triggered.connect(self.open_documentation)
        self.where_action = QAction(self.tr("&Where is my data?"), window)
        self.where_action.setObjectName("whereIsMyData")
        self.where_action.triggered.connect(self.where_is_my_data)
        self.about_action = QAction(self.tr("&About ModelHub"), window)
        self.about_action.setObjectName("aboutModelHub")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

        if data is not None:
            data.backed_up.connect(self._backed_up)
            data.backup_failed.connect(
                lambda text: self._tell(self.tr("Backup"), self.tr("No backup was made."), text)
            )
            data.restore_checked.connect(self._confirm_restore)
            data.restored.connect(self._restored)
            data.restore_failed.connect(
                lambda text: self._tell(self.tr("Restore"), self.tr("Nothing was restored."), text)
            )

    # -- building -------------------------------------------------------------------------

    def add_data_actions(self, menu: QMenu) -> None:
        """Backup…, Restore…, Export…, Import…, then a separator."""
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        for action in self.pending_actions:
            menu.addAction(action)
        menu.addSeparator()
        # Native menu bars may drop tooltips of disabled entries: show them anyway.
        menu.setToolTipsVisible(True)

    def add_help_menu(self, bar: QMenuBar) -> QMenu:
        """The Help menu, last in the menu bar."""
        menu = bar.addMenu(self.tr("&Help"))
        menu.addAction(self.docs_action)
        menu.addAction(self.where_action)
        menu.addSeparator()
        menu.addAction(self.about_action)
        for action in (self.backup_action, self.docs_action):
            self._window.addAction(action)  # shortcuts without a visible menu bar
        return menu

    # -- actions --------------------------------------------------------------------------

    def ask_backup(self) -> None:
        """Ask where to save a backup of the database, then write it."""
        if self._data is None:
            return
        stamp = datetime.now().strftime("%Y-%m-%d")
        suggested = str(Path(self._data.data_dir) / f"modelhub-backup-{stamp}.db")
        desktop.ask_save_path(
            self._window,
            self.tr("Back up the database"),
            suggested,
            self.tr("SQLite database (*.db);;All files (*)"),
            lambda path: self._backup_to(path),
        )

    def ask_restore(self) -> None:
        """Ask for a backup, check it, then ask before replacing the database with it."""
        if self._data is None:
            return
        desktop.ask_open_path(
            self._window,
            self.tr("Restore a backup"),
            self._data.data_dir,
            self.tr("SQLite database (*.db);;All files (*)"),
            self._check_restore,
        )

    def open_documentation(self) -> None:
        """Open the documentation (a URL, or the README of a source checkout)."""
        target = about.documentation_target()
        if not target:
            self._tell(
                self.tr("Documentation"),
                self.tr("This build carries no documentation; see the project's README."),
            )
            return
        url = QUrl(target) if "://" in target else QUrl.fromLocalFile(target)
        if not desktop.open_url(url):
            self._tell(
                self.tr("Documentation"), self.tr("Could not open {target}.").format(target=target)
            )

    def where_is_my_data(self) -> None:
        """Name the data and log folders, the database and where the key is kept."""
        text = (
            self._data.locations_text()
            if self._data is not None
            else self.tr("The database is still being opened.")
        )
        self._tell(self.tr("Where is my data?"), self.tr("Where ModelHub keeps things"), text)

    def show_about(self) -> None:
        """Versions of ModelHub, Qt, PySide6 and Python, and the licence."""
        self._tell(self.tr("About ModelHub"), about.about_text())

    # -- internals ------------------------------------------------------------------------

    def _backup_to(self, path: str) -> None:
        # The save dialog asked before a file there would be replaced.
        if self._data is not None:
            self._data.backup(path, overwrite=True)

    def _check_restore(self, path: str) -> None:
        if self._data is not None:
            self._data.check_restore(path)

    def _confirm_restore(self, plan: Any) -> None:
        """``plan`` is the view-model's ``RestorePlan`` (path, workspaces, configs)."""
        details = " ".join(
            (
                self.tr("It holds %n workspace(s)", "", plan.workspaces),
                self.tr(
                    "and %n provider config(s), all readable with the current key.",
                    "",
                    plan.configs,
                ),
                self.tr("The database in use is replaced; a copy of it is kept beside it first."),
            )
        )

        def accepted() -> None:
            if self._data is not None:
                self._data.restore(plan)

        self.box = confirm.ask(
            self._window,
            self.tr("Restore"),
            self.tr("Restore the backup {path}?").format(path=plan.path),
            details,
            self.tr("Restore"),
            accepted,
        )

    def _restored(self, kept: str) -> None:
        self._tell(
            self.tr("Restore"),
            self.tr("The backup was restored."),
            self.tr("The database as it was before is kept at {path}.").format(path=kept),
        )

    def _backed_up(self, path: str) -> None:
        self._tell(
            self.tr("Backup"),
            self.tr("Backed up the database to {path}.").format(path=path),
            self.tr(
                "The copy holds encrypted provider keys only: keep the encryption key as "
                "well, or the copy cannot be read."
            ),
        )

    def _tell(self, title: str, text: str, details: str = "") -> None:
        self.box = desktop.tell(self._window, title, text, details)
