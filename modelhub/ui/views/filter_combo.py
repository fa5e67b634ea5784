"""A combo box whose popup has a filter field: type to narrow thousands of models.

The combo itself shows the full list model (so its current item never moves while filtering);
the popup shows a filter proxy of the same rows in a uniform-height list. Typing on the closed
combo opens the popup with what was typed; Enter picks the highlighted (or first) match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from modelhub.ui.viewmodels.filtering import ModelOptionsModel, OptionsFilterProxy

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel


class OptionDelegate(QStyledItemDelegate):
    """Draws provider header rows bold and dim, and model rows indented with their short text."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Style a row from its header flag."""
        super().initStyleOption(option, index)
        short = index.data(ModelOptionsModel.ShortTextRole)
        if index.data(ModelOptionsModel.IsHeaderRole):
            font = QFont(option.font)
            font.setBold(True)
            option.font = font
            option.text = str(short)
            option.palette.setColor(
                QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.PlaceholderText)
            )
        elif short is not None:
            option.text = f"    {short}"


class FilterPopup(QFrame):
    """The popup: a filter field over a list of matches."""

    def __init__(self, combo: FilterCombo) -> None:
        super().__init__(combo, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._combo = combo
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("Type to filter…"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(self.tr("Filter models"))
        self.list = QListView(self)
        self.list.setUniformItemSizes(True)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(200)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setItemDelegate(OptionDelegate(self.list))
        self.list.setAccessibleName(self.tr("Models"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.installEventFilter(self)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys in the filter field move through the list; Enter picks."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pick_current()
                return True
            if key == Qt.Key.Key_Escape:
                self._combo.hidePopup()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        proxy = self._combo.proxy
        if proxy is None or proxy.rowCount() == 0:
            return
        row = self.list.currentIndex().row()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10}.get(
            Qt.Key(key), -10
        )
        row = max(0, min(proxy.rowCount() - 1, (row if row >= 0 else -1) + step))
        # Skip headers in the direction of travel.
        direction = 1 if step > 0 else -1
        while 0 <= row < proxy.rowCount() and proxy.index(row, 0).data(
            ModelOptionsModel.IsHeaderRole
        ):
            row += direction
        if 0 <= row < proxy.rowCount():
            self.list.setCurrentIndex(proxy.index(row, 0))

    def pick_current(self) -> None:
        """Choose the highlighted match, or the first one when none is highlighted."""
        proxy = self._combo.proxy
        if proxy is None:
            return
        index = self.list.currentIndex()
        if not index.isValid() or index.data(ModelOptionsModel.IsHeaderRole):
            row = proxy.first_selectable_row()
            if row < 0:
                return
            index = proxy.index(row, 0)
        self._clicked(index)

    def _clicked(self, index: QModelIndex) -> None:
        proxy = self._combo.proxy
        if proxy is None or not index.isValid() or index.data(ModelOptionsModel.IsHeaderRole):
            return
        self._combo.choose_source_row(proxy.mapToSource(index).row())

    def hideEvent(self, event: object) -> None:
        """Tell the combo its popup closed."""
        self._combo.popup_closed()
        super().hideEvent(event)  # type: ignore[arg-type]


class FilterCombo(QComboBox):
    """A read-only combo over a :class:`ModelOptionsModel` with a filtering popup.

    Signals:
        chosen(int): The person picked a source row (a model, never a header).
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._proxy: OptionsFilterProxy | None = None
        self._popup: FilterPopup | None = None
        # Never measure thousands of items to size the combo.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(32)
        self.setMaxVisibleItems(16)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        view = self.view()
        if isinstance(view, QListView):
            view.setUniformItemSizes(True)

    @property
    def proxy(self) -> OptionsFilterProxy | None:
        """The filter the popup shows."""
        return self._proxy

    @property
    def popup(self) -> FilterPopup:
        """The popup (created on first use)."""
        if self._popup is None:
            self._popup = FilterPopup(self)
            if self._proxy is not None:
                self._popup.list.setModel(self._proxy)
            self._popup.edit.textChanged.connect(self._filter)
        return self._popup

    def set_models(self, source: QAbstractItemModel, proxy: OptionsFilterProxy) -> None:
        """Show ``source`` in the combo and ``proxy`` (filtering ``source``) in the popup."""
        self.setModel(source)
        self._proxy = proxy
        if self._popup is not None:
            self._popup.list.setModel(proxy)

    def showPopup(self) -> None:
        """Open the filtering popup under the combo."""
        self.show_filter("")

    def show_filter(self, text: str) -> None:
        """Open the popup with ``text`` in its filter field."""
        popup = self.popup
        popup.edit.setText(text)
        self._filter(text)
        width = max(self.width(), 420)
        row_height = max(popup.list.sizeHintForRow(0), self.fontMetrics().height() + 6)
        height = row_height * self.maxVisibleItems() + popup.edit.sizeHint().height() + 16
        pos = self.mapToGlobal(QPoint(0, self.height()))
        popup.setGeometry(pos.x(), pos.y(), width, height)
        popup.show()
        popup.edit.setFocus()
        self._highlight_current()

    def hidePopup(self) -> None:
        """Close the popup."""
        if self._popup is not None and self._popup.isVisible():
            self._popup.hide()

    def popup_closed(self) -> None:
        """The popup closed: forget the filter so the next opening lists everything."""
        if self._proxy is not None:
            self._proxy.setFilterFixedString("")

    def choose_source_row(self, row: int) -> None:
        """Make source ``row`` current, close the popup and emit :attr:`chosen`."""
        self.hidePopup()
        self.setCurrentIndex(row)
        self.chosen.emit(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Typing on the closed combo opens the popup filtered by what was typed."""
        text = event.text()
        if self._popup is not None and self._popup.isVisible() and text.isprintable():
            self._popup.edit.insert(text)  # keys still arriving here while the popup opens
            return
        if (
            text
            and text.isprintable()
            and not event.modifiers()
            & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        ):
            self.show_filter(text)
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_F4, Qt.Key.Key_Space):
            # Open the popup instead of stepping through rows: stepping would land on
            # headers and save a default per key press.
            if self.count():
                self.show_filter("")
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: object) -> None:
        """Scrolling the page must not change a saved default by accident."""
        event.ignore()  # type: ignore[attr-defined]

    def _filter(self, text: str) -> None:
        if self._proxy is not None:
            self._proxy.setFilterFixedString(text)
            if self._popup is not None and text:
                row = self._proxy.first_selectable_row()
                if row >= 0:
                    self._popup.list.setCurrentIndex(self._proxy.index(row, 0))

    def _highlight_current(self) -> None:
        if self._proxy is None or self._popup is None:
            return
        row = self.currentIndex()
        if row < 0 or self._popup.edit.text():
            return
        source = self._proxy.sourceModel()
        index = self._proxy.mapFromSource(source.index(row, 0))
        if index.isValid():
            self._popup.list.setCurrentIndex(index)
            self._popup.list.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
