"""The workspace list and the current workspace: load, switch, create, rename, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from modelhub.ui.viewmodels.services_slot import ServicesSlot
from modelhub.ui.viewmodels.tasks import TaskRunner

if TYPE_CHECKING:
    from modelhub.domain.models import Workspace
    from modelhub.services.bootstrap import Services
    from modelhub.ui.viewmodels.context import WorkspaceContext

_Index = QModelIndex | QPersistentModelIndex


class WorkspacesViewModel(QAbstractListModel, ServicesSlot):
    """Every workspace as a list model, and the commands that change them.

    The current workspace lives in the shared :class:`WorkspaceContext`; this model switches
    it. Rows are sorted by name as the service returns them.

    Args:
        services: The service graph (uses ``services.workspaces``).
        context: Shared current-workspace state.
        parent: Qt parent.

    Signals:
        loaded(): The first :meth:`load` finished and a workspace is current.
        current_changed(str, str): The current workspace id and name (switch or rename).
        delete_requested(str, str, int, int): Workspace id, name, provider configs and
            defaults that deleting it would lose (answer to :meth:`request_delete`).
        busy_changed(bool): Whether a workspace command runs.
        error_occurred(str): An expected failure, as a sentence a person can act on.
    """

    IdRole = Qt.ItemDataRole.UserRole + 1
    NameRole = Qt.ItemDataRole.UserRole + 2
    CreatedRole = Qt.ItemDataRole.UserRole + 3

    loaded = Signal()
    current_changed = Signal(str, str)
    delete_requested = Signal(str, str, int, int)
    busy_changed = Signal(bool)
    error_occurred = Signal(str)

    def __init__(
        self,
        services: Services | None,
        context: WorkspaceContext,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._context = context
        self._rows: list[Workspace] = []
        self.runner = TaskRunner(self)
        self.runner.busy_changed.connect(self.busy_changed)
        self.runner.error_occurred.connect(self.error_occurred)

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ws = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, self.NameRole):
            return ws.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Workspace {name}").format(name=ws.name)
        if role == self.IdRole:
            return ws.id
        if role == self.CreatedRole:
            return ws.created_at
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = {
            Qt.ItemDataRole.DisplayRole: b"display",
            self.IdRole: b"id",
            self.NameRole: b"name",
            self.CreatedRole: b"created",
        }
        return {role: QByteArray(name) for role, name in names.items()}

    # -- queries --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a workspace command runs."""
        return self.runner.busy

    @property
    def current_id(self) -> str:
        """The current workspace id ('' before the first load)."""
        return self._context.workspace_id

    @property
    def current_name(self) -> str:
        """The current workspace name."""
        return self._context.workspace_name

    def row_of(self, workspace_id: str) -> int:
        """The row of ``workspace_id``, or -1."""
        return next((i for i, ws in enumerate(self._rows) if ws.id == workspace_id), -1)

    def names(self) -> list[str]:
        """Every workspace name, in row order."""
        return [ws.name for ws in self._rows]

    # -- commands -------------------------------------------------------------------------

    def load(self, preferred: str | None = None) -> None:
        """Load the workspaces (creating ``Default`` in an empty database) and pick one.

        Args:
            preferred: A workspace id or name to make current when it still exists (the
                last workspace remembered in settings); otherwise ``Default`` or the first.
        """

        async def work() -> tuple[list[Workspace], Workspace]:
            fallback = await self._svc.workspaces.ensure_default()
            return await self._svc.workspaces.list(), fallback

        def done(result: tuple[list[Workspace], Workspace]) -> None:
            rows, fallback = result
            self._set_rows(rows)
            chosen = next((ws for ws in rows if preferred in (ws.id, ws.name)), fallback)
            self._make_current(chosen)
            self.loaded.emit()

        self.runner.run("load", work(), done)

    def switch(self, workspace_id: str) -> None:
        """Make ``workspace_id`` current (no request: the list is already loaded)."""
        row = self.row_of(workspace_id)
        if row < 0 or workspace_id == self.current_id:
            return
        ws = self._rows[row]
        self._make_current(ws)
        self._context.post_status(self.tr("Switched to workspace {name}.").format(name=ws.name))

    def create(self, name: str) -> None:
        """Create a workspace called ``name`` and switch to it."""

        async def work() -> tuple[list[Workspace], Workspace]:
            ws = await self._svc.workspaces.create(name)
            return await self._svc.workspaces.list(), ws

        def done(result: tuple[list[Workspace], Workspace]) -> None:
            rows, ws = result
            self._set_rows(rows)
            self._make_current(ws)
            self._context.post_status(self.tr("Created workspace {name}.").format(name=ws.name))

        self.runner.run("create", work(), done)

    def rename(self, workspace_id: str, new_name: str) -> None:
        """Rename ``workspace_id`` to ``new_name``."""

        async def work() -> tuple[list[Workspace], Workspace]:
            ws = await self._svc.workspaces.rename(workspace_id, new_name)
            return await self._svc.workspaces.list(), ws

        def done(result: tuple[list[Workspace], Workspace]) -> None:
            rows, ws = result
            self._set_rows(rows)
            if ws.id == self.current_id:
                self._context.rename_current(ws.name)
                self.current_changed.emit(ws.id, ws.name)
            self._context.post_status(
                self.tr("Renamed the workspace to {name}.").format(name=ws.name)
            )

        self.runner.run("rename", work(), done)

    def request_delete(self, workspace_id: str) -> None:
        """Find what deleting ``workspace_id`` would lose; answers with ``delete_requested``."""
        row = self.row_of(workspace_id)
        if row < 0:
            return
        name = self._rows[row].name

        def done(counts: tuple[int, int]) -> None:
            self.delete_requested.emit(workspace_id, name, counts[0], counts[1])

        self.runner.run("summary", self._svc.workspaces.summary(workspace_id), done)

    def delete(self, workspace_id: str) -> None:
        """Delete ``workspace_id``; when it was current, switch to another one.

        Deleting the last workspace leaves a fresh ``Default`` so there is always one.
        """
        row = self.row_of(workspace_id)
        name = self._rows[row].name if row >= 0 else self.tr("the workspace")

        async def work() -> tuple[list[Workspace], Workspace]:
            await self._svc.workspaces.delete(workspace_id)
            fallback = await self._svc.workspaces.ensure_default()
            return await self._svc.workspaces.list(), fallback

        def done(result: tuple[list[Workspace], Workspace]) -> None:
            rows, fallback = result
            self._set_rows(rows)
            if workspace_id == self.current_id:
                self._make_current(fallback)
            self._context.post_status(self.tr("Deleted workspace {name}.").format(name=name))

        self.runner.run("delete", work(), done)

    def cancel_all(self) -> None:
        """Cancel running commands (window closing)."""
        self.runner.cancel_all()

    # -- internals ------------------------------------------------------------------------

    def _set_rows(self, rows: list[Workspace]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _make_current(self, ws: Workspace) -> None:
        self._context.set_workspace(ws.id, ws.name)
        self.current_changed.emit(ws.id, ws.name)
