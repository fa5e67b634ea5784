"""Checks that no visible text is cut: every label and field at least its minimum size hint,
every word-wrapped label as tall as its text needs at its width, no one-line label narrower
than its text.

``clipped(widget)`` walks the visible descendants and returns one line per problem, so a test
can ``assert not clipped(dialog)`` and read what was cut where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QStyleFactory,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Long texts the checks set into labels: a long provider text and Chinese.
LONG_TEXT = (
    "The provider answered with a long explanation of why the request did not go through, "
    "naming the endpoint, the region and the plan that would allow it."
)
CHINESE_TEXT = (
    "服务商返回了一段很长的说明：请求未能完成，因为当前套餐不支持该接口，"
    "请在控制台升级套餐或更换地区后再试。"
)
#: A pixel of slack for rounding at fractional scale factors.
SLACK = 1


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()[:40]
    return f"{type(widget).__name__}#{widget.objectName() or '?'} {text!r}"


def visible_descendants(root: QWidget) -> Iterator[QWidget]:
    """Every descendant widget that is shown on screen (ancestors visible too)."""
    for child in root.findChildren(QWidget):
        if child.isVisibleTo(root) and child.isVisible() and child.window() is root.window():
            yield child


def _plain_width(label: QLabel) -> int:
    """Width the label's text needs on one line (rich text laid out as a document)."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text
    ):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setHtml(text)
        doc.setDocumentMargin(0)
        return int(doc.idealWidth())
    if label.buddy() is not None or "&" in text:
        # A mnemonic's "&" is drawn as an underline, not a character.
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    lines = text.split("\n")
    metrics = label.fontMetrics()
    return max(metrics.horizontalAdvance(line) for line in lines) if lines else 0


def _internal(widget: QWidget) -> bool:
    """Parts a Qt widget sizes itself (a line edit's action buttons, a spin box's editor)."""
    parent = widget.parentWidget()
    return isinstance(parent, QLineEdit | QAbstractSpinBox | QComboBox)


def clipped(root: QWidget) -> list[str]:
    """One line per visible label or field of ``root`` that is cut."""
    problems = []
    for widget in visible_descendants(root):
        if not isinstance(
            widget, QLabel | QLineEdit | QAbstractButton | QComboBox | QAbstractSpinBox
        ):
            continue
        if widget.width() <= 0 or _internal(widget):
            continue
        hint = widget.minimumSizeHint()
        if widget.height() + SLACK < hint.height():
            problems.append(f"{_name(widget)}: height {widget.height()} < min {hint.height()}")
        if (
            widget.width() + SLACK < hint.width()
            and widget.minimumWidth() == 0
            and not (isinstance(widget, QLabel) and widget.wordWrap())
        ):
            problems.append(f"{_name(widget)}: width {widget.width()} < min {hint.width()}")
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height() + SLACK:
                    problems.append(
                        f"{_name(widget)}: wrapped text needs {needed} px, has {widget.height()}"
                    )
            else:
                # contentsRect: inside the frame and any style-sheet padding.
                needed, room = _plain_width(widget), widget.contentsRect().width()
                if needed > room + SLACK:
                    problems.append(f"{_name(widget)}: text needs {needed} px, has {room}")
    return problems


def dark_palette() -> QPalette:
    """A dark palette as a dark desktop theme gives (Fusion's colours, inverted)."""
    palette = QPalette()
    window, text, base = QColor("#2b2b2b"), QColor("#e8e8e8"), QColor("#1e1e1e")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, window)
        palette.setColor(group, QPalette.ColorRole.WindowText, text)
        palette.setColor(group, QPalette.ColorRole.Base, base)
        palette.setColor(group, QPalette.ColorRole.AlternateBase, window)
        palette.setColor(group, QPalette.ColorRole.Text, text)
        palette.setColor(group, QPalette.ColorRole.Button, QColor("#353535"))
        palette.setColor(group, QPalette.ColorRole.ButtonText, text)
        palette.setColor(group, QPalette.ColorRole.ToolTipBase, base)
        palette.setColor(group, QPalette.ColorRole.ToolTipText, text)
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor("#2f65ca"))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#9a9a9a"))
    return palette


class Look:
    """Apply a style and light/dark palette to the application; ``restore()`` undoes it."""

    def __init__(self, app: QApplication, style: str, dark: bool) -> None:
        self._app = app
        self._style = app.style().name()
        self._palette = QPalette(app.palette())
        made = QStyleFactory.create(style)
        assert made is not None, (style, QStyleFactory.keys())
        app.setStyle(made)
        app.setPalette(dark_palette() if dark else made.standardPalette())

    def restore(self) -> None:
        self._app.setStyle(QStyleFactory.create(self._style) or self._app.style())
        self._app.setPalette(self._palette)


def styles() -> list[str]:
    """Fusion, and the platform's default style when it is another one."""
    keys = QStyleFactory.keys()
    found = ["Fusion"]
    for name in keys:
        if name.lower() not in ("fusion",) and name.lower() in ("windows", "gtk", "gtk3"):
            found.append(name)
    return found
