"""View-model of the default-models page (stub; full version follows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from modelhub.services.bootstrap import Services
    from modelhub.ui.viewmodels.context import WorkspaceContext


class DefaultsViewModel(QObject):
    """The default model per type for the current workspace.

    Signals:
        configure_requested(): The person asked to go to the Providers page.
    """

    configure_requested = Signal()

    def __init__(
        self, services: Services, context: WorkspaceContext, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._context = context

    def reload(self) -> None:
        """Reload models and defaults of the current workspace."""
