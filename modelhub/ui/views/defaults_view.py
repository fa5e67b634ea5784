"""The default-models page (stub; full version follows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.defaults import DefaultsViewModel


class DefaultModelsView(QWidget):
    """One filterable combo per model type."""

    def __init__(self, vm: DefaultsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
