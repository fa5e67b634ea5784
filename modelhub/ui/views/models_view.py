"""The models page: the catalog table with search, type and provider filters, and Refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.views import theme

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.catalog import CatalogViewModel


class ModelsView(QWidget):
    """The catalog table with search, filters, last refresh time and Refresh.

    Args:
        vm: The page's view-model.
        parent: Qt parent.
    """

    def __init__(self, vm: CatalogViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search models…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search models")
        self.type_filter = QComboBox(self)
        self.type_filter.setAccessibleName("Filter by type")
        self.type_filter.addItem("All types", "")
        for value, label in vm.model_types():
            self.type_filter.addItem(label, value)
        self.provider_filter = QComboBox(self)
        self.provider_filter.setAccessibleName("Filter by provider")
        self.provider_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.refresh_button = QToolButton(self)
        self.refresh_button.setText("Refresh")
        self.refresh_button.setToolTip("Fetch the model lists again (all providers)")
        self.refresh_button.setAccessibleName("Refresh models")
        self.refresh_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.refresh_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.refresh_menu = QMenu(self.refresh_button)
        self.refresh_button.setMenu(self.refresh_menu)
        self.refresh_button.clicked.connect(vm.refresh_all)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.last_refresh = QLabel(vm.last_refresh_text, self)
        self.last_refresh.setObjectName("last_refresh")

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.type_filter, 1)
        bar.addWidget(self.provider_filter, 1)
        bar.addSpacing(8)
        bar.addWidget(self.last_refresh)
        bar.addWidget(self.busy)
        bar.addWidget(self.refresh_button)

        self.table = QTableView(self)
        self.table.setModel(vm.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights: thousands of rows never get measured one by one.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (2, 120), (3, 90), (4, 190), (5, 130)):
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName("Models")

        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("report")
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Last refresh report")
        self.report.setMaximumHeight(self.fontMetrics().height() * 5 + 12)
        self.report.setPlaceholderText("The result of the last refresh appears here.")

        title = QLabel("Models", self)
        title.setObjectName("pageTitle")
        title.setFont(theme.title_font(title.font()))
        subtitle = QLabel(
            "Every model the workspace's valid providers offer, as last fetched. "
            "Refresh asks the providers again.",
            self,
        )
        subtitle.setObjectName("cardMuted")
        subtitle.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.report)

        self.search.textChanged.connect(vm.set_search)
        self.type_filter.currentIndexChanged.connect(self._type_chosen)
        self.provider_filter.currentIndexChanged.connect(self._provider_chosen)
        vm.providers_changed.connect(self._rebuild_providers)
        vm.last_refresh_changed.connect(self.last_refresh.setText)
        vm.refreshing_changed.connect(self._on_refreshing)
        vm.report_ready.connect(self.report.setPlainText)
        vm.loaded.connect(self._update_count)
        vm.proxy.rowsInserted.connect(self._update_count)
        vm.proxy.rowsRemoved.connect(self._update_count)
        vm.proxy.modelReset.connect(self._update_count)
        vm.proxy.layoutChanged.connect(self._update_count)
        self._rebuild_providers()
        self._update_count()

    def _rebuild_providers(self) -> None:
        chosen = self.provider_filter.currentData()
        self.provider_filter.blockSignals(True)
        self.provider_filter.clear()
        self.provider_filter.addItem("All providers", "")
        for name, label in self._vm.providers:
            self.provider_filter.addItem(label, name)
        index = max(0, self.provider_filter.findData(chosen)) if chosen else 0
        self.provider_filter.setCurrentIndex(index)
        self.provider_filter.blockSignals(False)
        self._provider_chosen(index)

        self.refresh_menu.clear()
        everything = QAction("All providers", self.refresh_menu)
        everything.triggered.connect(self._vm.refresh_all)
        self.refresh_menu.addAction(everything)
        if self._vm.providers:
            self.refresh_menu.addSeparator()
        for name, label in self._vm.providers:
            action = QAction(label, self.refresh_menu)
            action.setObjectName(f"refresh_{name}")
            action.triggered.connect(lambda _=False, n=name: self._vm.refresh_provider(n))
            self.refresh_menu.addAction(action)
        self.refresh_button.setEnabled(bool(self._vm.providers) and not self._vm.refreshing)

    def _type_chosen(self, index: int) -> None:
        self._vm.set_type_filter(self.type_filter.itemData(index) or None)

    def _provider_chosen(self, index: int) -> None:
        self._vm.set_provider_filter(self.provider_filter.itemData(index) or None)

    def _on_refreshing(self, refreshing: bool) -> None:
        self.busy.setVisible(refreshing)
        self.refresh_button.setEnabled(not refreshing and bool(self._vm.providers))
        if refreshing:
            self.report.setPlainText("Refreshing…")

    def _update_count(self) -> None:
        shown = self._vm.proxy.rowCount()
        total = self._vm.table.rowCount()
        if total == 0:
            self.count.setText("No models yet: configure a provider, then refresh.")
        elif shown == total:
            self.count.setText(f"{total:,} models")
        else:
            self.count.setText(f"{shown:,} of {total:,} models")
