"""The services a view-model works with, which may arrive after the window is shown.

The window appears before the database is opened (opening it imports the storage stack,
runs migrations and may wait on a remote PostgreSQL), so view-models are built first and
given the services when they are ready. Until then there is no current workspace, so no
command has anything to do; one that runs anyway gets a plain "still opening" error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from modelhub.domain.errors import ModelHubError

if TYPE_CHECKING:
    from modelhub.services.bootstrap import Services


class NotReadyError(ModelHubError):
    """A command ran before the services were attached."""


class ServicesSlot:
    """Mixin holding ``Services`` for a view-model (set at construction or by ``attach``)."""

    _services: Services | None = None

    def attach(self, services: Services) -> None:
        """Give the view-model its services (once the database is open)."""
        self._services = services
        self._on_attached()

    def _on_attached(self) -> None:
        """Hook for view-models that prepare state from the services."""

    @property
    def ready(self) -> bool:
        """True once the services are attached."""
        return self._services is not None

    @property
    def _svc(self) -> Services:
        if self._services is None:
            raise NotReadyError(
                QCoreApplication.translate(
                    "ServicesSlot", "ModelHub is still opening its database."
                ),
                QCoreApplication.translate("ServicesSlot", "Try again in a moment."),
            )
        return self._services
