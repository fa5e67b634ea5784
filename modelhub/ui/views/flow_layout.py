"""A layout that places items left to right and wraps them to the next row (Qt's flow example)."""

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

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

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


def fixed_width_policy() -> QSizePolicy:
    """Cards keep their width; the flow decides how many fit in a row."""
    return QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
