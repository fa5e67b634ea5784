"""Layouts that wrap items into rows: a flow of fixed-size items (chips) and a card grid whose
cards stretch to fill the width and share a height per row."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items in rows that reflow with the available width.

    Args:
        parent: Widget to lay out, or None.
        spacing: Gap between items, horizontally and vertically.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def rows(self) -> list[list[QWidget]]:
        """Widgets grouped by the row they are in (for tests and keyboard navigation)."""
        rows: dict[int, list[QWidget]] = {}
        for item in self._items:
            widget = item.widget()
            if widget is not None and not widget.isHidden():
                rows.setdefault(widget.y(), []).append(widget)
        return [sorted(r, key=lambda w: w.x()) for _, r in sorted(rows.items())]

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            next_x = x + hint.width() + self._gap
            if next_x - self._gap > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + self._gap
                next_x = x + hint.width() + self._gap
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x = next_x
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()


class CardFlowLayout(QLayout):
    """Cards in as many columns as fit, stretched to share the width; one height per row.

    Columns are ``floor((width + gap) / (min card width + gap))`` (at least one); the cards of
    a row all get the tallest one's height for the column width, so no text is cut and the
    row lines up.

    Args:
        parent: Widget to lay out, or None.
        spacing: Gap between cards, horizontally and vertically.
        min_item_width: The narrowest a card may be (its texts still fit).
    """

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 8, min_item_width: int = 260
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._min_width = min_item_width

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        m = self.contentsMargins()
        width = 2 * self._minimum_item_width() + self._gap + m.left() + m.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        # One card's worth: the height the cards need comes from heightForWidth (a
        # one-column height here would make a scroll area scroll at any width).
        m = self.contentsMargins()
        height = max((i.minimumSize().height() for i in self._visible_items()), default=0)
        return QSize(self._minimum_item_width(), height) + QSize(
            m.left() + m.right(), m.top() + m.bottom()
        )

    def columns(self, width: int) -> int:
        """How many cards fit side by side in ``width`` (contents, margins excluded)."""
        item_width = self._minimum_item_width()
        return max(1, (width + self._gap) // (item_width + self._gap))

    def rows(self) -> list[list[QWidget]]:
        """Widgets grouped by the row they are in (for tests and keyboard navigation)."""
        rows: dict[int, list[QWidget]] = {}
        for widget in self._visible_widgets():
            rows.setdefault(widget.y(), []).append(widget)
        return [sorted(r, key=lambda w: w.x()) for _, r in sorted(rows.items())]

    def _visible_widgets(self) -> list[QWidget]:
        widgets = []
        for item in self._items:
            widget = item.widget()
            if widget is not None and not widget.isHidden():
                widgets.append(widget)
        return widgets

    def _visible_items(self) -> list[QLayoutItem]:
        return [
            item
            for item in self._items
            if item.widget() is None or not item.widget().isHidden()  # type: ignore[union-attr]
        ]

    def _minimum_item_width(self) -> int:
        widest = max((i.minimumSize().width() for i in self._visible_items()), default=0)
        return max(self._min_width, widest)

    @staticmethod
    def _height_at(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            height = item.heightForWidth(width)
        else:
            height = item.sizeHint().height()
        return max(height, item.minimumSize().height())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        items = self._visible_items()
        if not items:
            return m.top() + m.bottom()
        columns = self.columns(area.width())
        free = max(0, area.width() - self._gap * (columns - 1))
        base, extra = divmod(free, columns)
        widths = [max(base + (1 if c < extra else 0), 1) for c in range(columns)]
        y = area.y()
        for start in range(0, len(items), columns):
            row = items[start : start + columns]
            height = max(self._height_at(item, widths[c]) for c, item in enumerate(row))
            if apply:
                x = area.x()
                for c, item in enumerate(row):
                    item.setGeometry(QRect(QPoint(x, y), QSize(widths[c], height)))
                    x += widths[c] + self._gap
            y += height + self._gap
        return y - self._gap - rect.y() + m.bottom()


def fixed_width_policy() -> QSizePolicy:
    """Cards keep their width; the flow decides how many fit in a row."""
    return QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
