"""The models page: the catalog as managed objects — filter, enable or disable (one, or all
shown), add by hand, correct, and health-check — plus Refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.viewmodels.catalog import CONFIRM_ABOVE, CatalogTableModel
from modelhub.ui.views import confirm, theme
from modelhub.ui.views.flow_layout import FlowLayout
from modelhub.ui.views.health_widgets import CheckProgress, start_paid_check
from modelhub.ui.views.model_dialogs import AddModelDialog, EditModelDialog

if TYPE_CHECKING:
    from modelhub.ui.viewmodels.catalog import CatalogViewModel
    from modelhub.ui.viewmodels.catalog_table import CatalogRow

T = CatalogTableModel


class CatalogDelegate(QStyledItemDelegate):
    """Greys disabled rows, marks models added by hand after their id and colours the
    last check by its outcome."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Style a cell from its row's enabled and custom flags."""
        super().initStyleOption(option, index)
        if index.column() == T.MODEL and index.data(T.CustomRole):
            option.text = self.tr("{model}  · Added by hand").format(model=option.text)
        if index.data(T.EnabledRole) is False:
            muted = option.palette.color(QPalette.ColorRole.PlaceholderText)
            option.palette.setColor(QPalette.ColorRole.Text, muted)
            option.palette.setColor(QPalette.ColorRole.WindowText, muted)
        elif (
            index.column() == T.CHECK
            and not index.data(T.CheckingRole)
            and index.data(T.CheckOkRole) is not None
        ):
            ok = bool(index.data(T.CheckOkRole))
            option.palette.setColor(
                QPalette.ColorRole.Text, theme.message_color(ok, option.palette)
            )

    def display_text_of(self, index: QModelIndex) -> str:
        """The text a cell is drawn with (for tests and accessibility checks)."""
        option = QStyleOptionViewItem()
        self.initStyleOption(option, index)
        return option.text


class ModelsView(QWidget):
    """The catalog table with filters, model management, health checks and Refresh.

    Args:
        vm: The page's view-model.
        parent: Qt parent.
    """

    def __init__(self, vm: CatalogViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        health = vm.health

        # -- filters -----------------------------------------------------------------------
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search models…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search models"))
        self.type_filter = QComboBox(self)
        self.type_filter.setAccessibleName(self.tr("Filter by type"))
        self.type_filter.addItem(self.tr("All types"), "")
        for value, label in vm.model_types():
            self.type_filter.addItem(self.tr(label), value)
        self.capability_filter = QComboBox(self)
        self.capability_filter.setObjectName("capabilityFilter")
        self.capability_filter.setAccessibleName(self.tr("Filter by capability"))
        self.capability_filter.addItem(self.tr("Any capability"), "")
        for value, label in vm.capabilities():
            self.capability_filter.addItem(self.tr(label), value)
        self.provider_filter = QComboBox(self)
        self.provider_filter.setAccessibleName(self.tr("Filter by provider"))
        self.provider_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_disabled = QCheckBox(self.tr("Show &disabled"), self)
        self.show_disabled.setObjectName("showDisabled")
        self.show_disabled.setChecked(True)
        self.show_disabled.setToolTip(self.tr("Disabled models stay listed, greyed out"))

        # -- actions -----------------------------------------------------------------------
        self.add_button = QPushButton(self.tr("Add model…"), self)
        self.add_button.setObjectName("addModel")
        self.add_button.setToolTip(self.tr("Add a model the provider does not list"))
        self.enable_shown = QPushButton(self.tr("Enable all shown"), self)
        self.enable_shown.setObjectName("enableShown")
        self.disable_shown = QPushButton(self.tr("Disable all shown"), self)
        self.disable_shown.setObjectName("disableShown")
        self.disable_shown.setToolTip(
            self.tr("Disable every model the filter shows; they stay listed")
        )
        self.check_button = QToolButton(self)
        self.check_button.setObjectName("checkButton")
        self.check_button.setText(self.tr("Check"))
        self.check_button.setToolTip(
            self.tr("Health-check the selected models (a small billed request each)")
        )
        self.check_button.setAccessibleName(self.tr("Check models"))
        self.check_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.check_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.check_menu = QMenu(self.check_button)
        self.check_button.setMenu(self.check_menu)
        self.check_selected_action = self._action(
            "checkSelected", self.tr("Check selected"), self.check_selected
        )
        self.check_defaults_action = self._action(
            "checkDefaults", self.tr("Check defaults"), self.check_defaults
        )
        self.check_all_action = self._action(
            "checkAllEnabled", self.tr("Check all enabled"), self.check_all_enabled
        )
        for action in (
            self.check_selected_action,
            self.check_defaults_action,
            self.check_all_action,
        ):
            self.check_menu.addAction(action)
        self.check_button.clicked.connect(self.check_selected)
        self.progress = CheckProgress(health, self)

        self.refresh_button = QToolButton(self)
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Fetch the model lists again (all providers)"))
        self.refresh_button.setAccessibleName(self.tr("Refresh models"))
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

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.type_filter, 1)
        filters.addWidget(self.capability_filter, 1)
        filters.addWidget(self.provider_filter, 1)
        filters.addWidget(self.show_disabled)
        # The action bar wraps onto a second line in a narrow window instead of squeezing
        # its buttons and the "Last refresh" text.
        bar = FlowLayout(spacing=8)
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.add_button,
            self.enable_shown,
            self.disable_shown,
            self.check_button,
            self.progress,
            self.last_refresh,
            self.busy,
            self.refresh_button,
        ):
            bar.addWidget(widget)

        # -- table -------------------------------------------------------------------------
        self.table = QTableView(self)
        self.table.setModel(vm.proxy)
        self.delegate = CatalogDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(T.PROVIDER, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights: thousands of rows never get measured one by one.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = {
            T.MODEL: 230,
            T.PROVIDER: 95,
            T.TYPE: 110,
            T.ENABLED: 88,
            T.CHECK: 130,
            T.CAPABILITIES: 170,
            T.CONTEXT: 64,
            T.MAX_OUTPUT: 80,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName(self.tr("Models"))
        # Tab leaves the table (arrows move between cells); it must never trap the focus.
        self.table.setTabKeyNavigation(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        # Row actions: in the context menu, and on keys while the table has focus.
        self.check_row_action = self._action(
            "checkRow", self.tr("Check"), self.check_selected, QKeySequence("Ctrl+K")
        )
        self.toggle_action = self._action(
            "toggleEnabled", self.tr("Disable"), self.toggle_selected, QKeySequence("Ctrl+D")
        )
        self.edit_action = self._action(
            "editModel", self.tr("Edit capabilities…"), self.edit_current, QKeySequence("Ctrl+E")
        )
        self.remove_action = self._action(
            "removeModel",
            self.tr("Remove…"),
            self.remove_current,
            QKeySequence(QKeySequence.StandardKey.Delete),
        )
        for action in (self.check_row_action, self.toggle_action, self.edit_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.remove_action)

        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("report")
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Last refresh report"))
        self.report.setMaximumHeight(self.fontMetrics().height() * 5 + 12)
        self.report.setPlaceholderText(
            self.tr("The result of the last refresh or health check appears here.")
        )

        title = QLabel(self.tr("Models"), self)
        title.setObjectName("pageTitle")
        title.setFont(theme.title_font(title.font()))
        subtitle = QLabel(
            self.tr(
                "Every model the workspace's valid providers offer, as last fetched, plus "
                "those added by hand. A disabled model stays listed but is not offered as a "
                "default. Check sends a small billed request to prove a model answers."
            ),
            self,
        )
        subtitle.setObjectName("cardMuted")
        subtitle.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.report)

        self.search.textChanged.connect(vm.set_search)
        self.type_filter.currentIndexChanged.connect(self._type_chosen)
        self.capability_filter.currentIndexChanged.connect(self._capability_chosen)
        self.provider_filter.currentIndexChanged.connect(self._provider_chosen)
        self.show_disabled.toggled.connect(vm.set_show_disabled)
        self.add_button.clicked.connect(self.add_model)
        self.enable_shown.clicked.connect(lambda: self.set_enabled_shown(True))
        self.disable_shown.clicked.connect(lambda: self.set_enabled_shown(False))
        vm.providers_changed.connect(self._rebuild_providers)
        vm.last_refresh_changed.connect(self.last_refresh.setText)
        vm.refreshing_changed.connect(self._on_refreshing)
        vm.report_ready.connect(self.report.setPlainText)
        vm.loaded.connect(self._update_count)
        vm.enabled_changed.connect(lambda _n, _enabled: self._update_count())
        vm.proxy.rowsInserted.connect(self._update_count)
        vm.proxy.rowsRemoved.connect(self._update_count)
        vm.proxy.modelReset.connect(self._update_count)
        vm.proxy.layoutChanged.connect(self._update_count)
        vm.proxy.dataChanged.connect(lambda *_: self._update_actions())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        vm.proxy.modelReset.connect(self._update_actions)
        self._rebuild_providers()
        self._update_count()
        self._update_actions()

    # -- commands (buttons, menus, keys) -----------------------------------------------------

    def selected_rows(self) -> list[CatalogRow]:
        """The selected rows (or the current one when nothing is selected)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        out = []
        for r in rows:
            row = self._vm.row_at(r)
            if row is not None:
                out.append(row)
        return out

    def select_model(self, provider: str, model: str) -> bool:
        """Make ``provider``/``model`` the current, only selected row (False if not shown)."""
        proxy = self._vm.proxy
        for r in range(proxy.rowCount()):
            index = proxy.index(r, T.MODEL)
            if index.data(T.ProviderRole) == provider and index.data(T.ModelIdRole) == model:
                # Not selectRow(): it would follow the keyboard modifiers held right now.
                flags = QItemSelectionModel.SelectionFlag
                selection = self.table.selectionModel()
                selection.setCurrentIndex(index, flags.NoUpdate)
                selection.select(index, flags.ClearAndSelect | flags.Rows)
                self.table.scrollTo(index)
                return True
        return False

    def check_selected(self) -> None:
        """Health-check the selected models (after the billed-requests notice, once)."""
        rows = self.selected_rows()
        if not rows:
            self.report.setPlainText(self.tr("Select the models to check first."))
            return
        keys = [r.key for r in rows]
        start_paid_check(self, self._vm.health, lambda: self._vm.check(keys), len(keys))

    def check_defaults(self) -> None:
        """Health-check the workspace's default models."""
        start_paid_check(self, self._vm.health, self._vm.check_defaults, None)

    def check_all_enabled(self) -> None:
        """Health-check every enabled model."""
        start_paid_check(
            self, self._vm.health, self._vm.check_all_enabled, self._vm.enabled_count()
        )

    def toggle_selected(self) -> None:
        """Disable the selected models (enable them when every one is disabled)."""
        rows = self.selected_rows()
        if not rows:
            return
        enable = all(not r.model.enabled for r in rows)
        self._vm.set_enabled([r.key for r in rows], enable)

    def set_enabled_shown(self, enabled: bool) -> None:
        """Enable or disable every model the filter shows (asking first above 20)."""
        count = self._vm.shown_to_change(enabled)
        if count == 0:
            self.report.setPlainText(
                self.tr("Every model shown is enabled already.")
                if enabled
                else self.tr("Every model shown is disabled already.")
            )
            return
        if count <= CONFIRM_ABOVE:
            self._vm.set_enabled_shown(enabled)
            return
        if enabled:
            title, label = self.tr("Enable models"), self.tr("Enable {n} models").format(n=count)
            text = self.tr("Enable all {n} models shown?").format(n=f"{count:,}")
            details = self.tr("They can be chosen as default models again.")
        else:
            title, label = self.tr("Disable models"), self.tr("Disable {n} models").format(n=count)
            text = self.tr("Disable all {n} models shown?").format(n=f"{count:,}")
            details = self.tr(
                "They stay listed here but are no longer offered as default models. "
                "A default already set to one of them is flagged."
            )

        def accepted() -> None:
            self._vm.set_enabled_shown(enabled)

        confirm.ask(self, title, text, details, label, accepted, destructive=not enabled)

    def add_model(self) -> AddModelDialog:
        """Open the "Add model" dialog."""
        return AddModelDialog.add(self._vm, self)

    def edit_current(self) -> EditModelDialog | None:
        """Open "Edit capabilities" for the current row."""
        row = self._current_row()
        if row is None:
            return None
        return EditModelDialog.edit(self._vm, row.model.provider, row.model.model, self)

    def remove_current(self) -> None:
        """Remove the current row's model, when it was added by hand (asking first)."""
        row = self._current_row()
        if row is None or not row.model.custom:
            return
        provider, model = row.key
        confirm.ask(
            self,
            self.tr("Remove model"),
            self.tr("Remove {model} from {provider}?").format(
                model=model, provider=row.provider_label
            ),
            self.tr("It was added by hand; a default set to it is flagged."),
            self.tr("Remove"),
            lambda: self._vm.remove_model(provider, model),
        )

    def row_menu(self) -> QMenu:
        """The context menu of the selected rows (built fresh each time)."""
        menu = QMenu(self)
        menu.setObjectName("rowMenu")
        self._update_actions()
        menu.addAction(self.check_row_action)
        menu.addAction(self.toggle_action)
        menu.addSeparator()
        menu.addAction(self.edit_action)
        if self.remove_action.isEnabled():
            menu.addAction(self.remove_action)
        return menu

    # -- internals --------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: object,
        shortcut: QKeySequence | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def _current_row(self) -> CatalogRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            rows = self.selected_rows()
            return rows[0] if rows else None
        return self._vm.row_at(index.row())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.table.selectRow(index.row())
        self.table.setCurrentIndex(index)
        menu = self.row_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _update_actions(self) -> None:
        rows = self.selected_rows()
        has = bool(rows)
        self.check_row_action.setEnabled(has)
        self.check_selected_action.setEnabled(has)
        self.toggle_action.setEnabled(has)
        enable = has and all(not r.model.enabled for r in rows)
        self.toggle_action.setText(self.tr("Enable") if enable else self.tr("Disable"))
        current = self._current_row()
        self.edit_action.setEnabled(current is not None)
        self.remove_action.setEnabled(current is not None and current.model.custom)
        self.add_button.setEnabled(bool(self._vm.providers))

    def _rebuild_providers(self) -> None:
        chosen = self.provider_filter.currentData()
        self.provider_filter.blockSignals(True)
        self.provider_filter.clear()
        self.provider_filter.addItem(self.tr("All providers"), "")
        for name, label in self._vm.providers:
            self.provider_filter.addItem(label, name)
        index = max(0, self.provider_filter.findData(chosen)) if chosen else 0
        self.provider_filter.setCurrentIndex(index)
        self.provider_filter.blockSignals(False)
        self._provider_chosen(index)

        self.refresh_menu.clear()
        everything = QAction(self.tr("All providers"), self.refresh_menu)
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
        self._update_actions()

    def _type_chosen(self, index: int) -> None:
        self._vm.set_type_filter(self.type_filter.itemData(index) or None)

    def _capability_chosen(self, index: int) -> None:
        self._vm.set_capability_filter(self.capability_filter.itemData(index) or None)

    def _provider_chosen(self, index: int) -> None:
        self._vm.set_provider_filter(self.provider_filter.itemData(index) or None)

    def _on_refreshing(self, refreshing: bool) -> None:
        self.busy.setVisible(refreshing)
        self.refresh_button.setEnabled(not refreshing and bool(self._vm.providers))
        if refreshing:
            self.report.setPlainText(self.tr("Refreshing…"))

    def _update_count(self) -> None:
        self.count.setText(self._vm.count_text())
