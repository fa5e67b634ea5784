"""View-model of the models (catalog) page (stub; full version follows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from modelhub.services.bootstrap import Services
    from modelhub.ui.viewmodels.context import WorkspaceContext


class CatalogViewModel(QObject):
    """The model catalog of the current workspace."""

    def __init__(
        self, services: Services, context: WorkspaceContext, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._context = context

    def reload(self) -> None:
        """Reload the catalog of the current workspace."""
