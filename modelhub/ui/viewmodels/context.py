"""The state every view-model shares: which workspace is current, and app-wide notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class WorkspaceContext(QObject):
    """The current workspace and the events that cross view-model boundaries.

    View-models take the context instead of each other, so the providers page can tell the
    default-model and catalog pages that something changed without knowing them.

    Signals:
        workspace_changed(str): The current workspace id changed (empty string: none).
        catalog_changed(): Provider configs, the model catalog or defaults of the current
            workspace changed; pages showing them reload.
        status_posted(str): A one-line result of the last action, for the status bar.
    """

    workspace_changed = Signal(str)
    catalog_changed = Signal()
    status_posted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._id = ""
        self._name = ""

    @property
    def workspace_id(self) -> str:
        """The current workspace id, or an empty string before one is chosen."""
        return self._id

    @property
    def workspace_name(self) -> str:
        """The current workspace name."""
        return self._name

    def set_workspace(self, workspace_id: str, name: str) -> None:
        """Make ``workspace_id`` current; emits ``workspace_changed`` when it differs."""
        changed = workspace_id != self._id
        self._id, self._name = workspace_id, name
        if changed:
            self.workspace_changed.emit(workspace_id)

    def rename_current(self, name: str) -> None:
        """Record a new name for the current workspace (no switch)."""
        self._name = name

    def notify_catalog_changed(self) -> None:
        """Tell every page that configs, models or defaults changed."""
        self.catalog_changed.emit()

    def post_status(self, message: str) -> None:
        """Show ``message`` in the status bar."""
        self.status_posted.emit(message)
