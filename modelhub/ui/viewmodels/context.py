"""The state every view-model shares: which workspace is current, and app-wide notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

#: How long a status message stays before the status bar clears it (milliseconds): a
#: result is news for a while, not a permanent caption.
STATUS_LIFETIME_MS = 15_000


class WorkspaceContext(QObject):
    """The current workspace and the events that cross view-model boundaries.

    View-models take the context instead of each other, so the providers page can tell the
    default-model and catalog pages that something changed without knowing them.

    Signals:
        workspace_changed(str): The current workspace id changed (empty string: none).
        catalog_changed(): Provider configs, the model catalog or defaults of the current
            workspace changed; pages showing them reload.
        status_posted(str): A one-line result of the last action, for the status bar; an
            empty string clears it (its lifetime ended, or the workspace changed).

    Args:
        parent: Qt parent.
        status_lifetime_ms: How long a posted status stays (tests shorten it).
    """

    workspace_changed = Signal(str)
    catalog_changed = Signal()
    status_posted = Signal(str)

    def __init__(
        self, parent: QObject | None = None, status_lifetime_ms: int = STATUS_LIFETIME_MS
    ) -> None:
        super().__init__(parent)
        self._id = ""
        self._name = ""
        self._status = ""
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(status_lifetime_ms)
        self._status_timer.timeout.connect(self.clear_status)

    @property
    def status(self) -> str:
        """The status message showing now ("" when none)."""
        return self._status

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
            # What was said about the previous workspace is not about this one.
            self.clear_status()
            self.workspace_changed.emit(workspace_id)

    def rename_current(self, name: str) -> None:
        """Record a new name for the current workspace (no switch)."""
        self._name = name

    def notify_catalog_changed(self) -> None:
        """Tell every page that configs, models or defaults changed."""
        self.catalog_changed.emit()

    def post_status(self, message: str, workspace_id: str | None = None) -> None:
        """Show ``message`` in the status bar for :data:`STATUS_LIFETIME_MS`.

        Args:
            message: One line for a person.
            workspace_id: The workspace the action that made it ran in: a result arriving
                after the admin switched to another workspace is dropped. None: about the
                app, not a workspace.
        """
        if workspace_id is not None and workspace_id != self._id:
            return
        self._status = message
        self.status_posted.emit(message)
        if message:
            self._status_timer.start()
        else:
            self._status_timer.stop()

    def clear_status(self) -> None:
        """Clear the status message (its lifetime ended, the workspace changed)."""
        self._status_timer.stop()
        if self._status:
            self._status = ""
            self.status_posted.emit("")
