"""The filter of the models page: search text, type, provider, capability, disabled shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelhub.domain.models import Capability
from modelhub.ui.viewmodels.catalog_table import CatalogTableModel
from modelhub.ui.viewmodels.filtering import RowListProxy

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from modelhub.ui.viewmodels.catalog_table import CatalogRow


class CatalogFilterProxy(RowListProxy):
    """Filters the catalog by search text, model type, provider and capability, and hides
    disabled models on request; sorting is the source model's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._type: str | None = None
        self._provider: str | None = None
        self._capability: Capability | None = None
        self._show_disabled = True
        self._applied = self._state()

    @property
    def show_disabled(self) -> bool:
        """Whether disabled models are shown."""
        return self._show_disabled

    def set_search(self, text: str) -> None:
        """Show rows whose provider, id, name, type or capabilities contain ``text``."""
        self._search = text.strip().lower()
        self._changed()

    def set_type(self, model_type: str | None) -> None:
        """Show only ``model_type`` (a :class:`ModelType` value), or every type."""
        self._type = model_type or None
        self._changed()

    def set_provider(self, provider: str | None) -> None:
        """Show only ``provider``, or every provider."""
        self._provider = provider or None
        self._changed()

    def set_capability(self, capability: str | None) -> None:
        """Show only models with ``capability`` (a :class:`Capability` value), or all."""
        self._capability = Capability(capability) if capability else None
        self._changed()

    def set_show_disabled(self, show: bool) -> None:
        """Show disabled models too (the default), or only enabled ones."""
        self._show_disabled = bool(show)
        self._changed()

    def _state(self) -> tuple[object, ...]:
        return (self._search, self._type, self._provider, self._capability, self._show_disabled)

    def _changed(self) -> None:
        state = self._state()
        if state != self._applied:
            self._applied = state
            self.refilter()

    def matching(self) -> list[int] | None:
        """Rows passing every filter (None when no filter is set)."""
        source = self.sourceModel()
        if not isinstance(source, CatalogTableModel):
            return None
        search, mtype, provider = self._search, self._type, self._provider
        capability, show_disabled = self._capability, self._show_disabled
        unfiltered = not search and mtype is None and provider is None and capability is None
        if unfiltered and show_disabled:
            return None

        def keep(r: CatalogRow) -> bool:
            m = r.model
            return (
                (mtype is None or m.model_type.value == mtype)
                and (provider is None or m.provider == provider)
                and (capability is None or capability in m.capabilities)
                and (show_disabled or m.enabled)
                and (not search or search in r.search)
            )

        return [i for i, r in enumerate(source.rows) if keep(r)]

    def shown_rows(self) -> list[CatalogRow]:
        """The source rows shown now, in display order."""
        source = self.sourceModel()
        if not isinstance(source, CatalogTableModel):
            return []
        return [source.row(self.source_row(i)) for i in range(self.rowCount())]
