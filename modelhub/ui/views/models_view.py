"""The models (catalog) page (stub; full version follows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.catalog import CatalogViewModel


class ModelsView(QWidget):
    """The catalog table with search, filters and Refresh."""

    def __init__(self, vm: CatalogViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
