"""Dialogs that size to their content: they grow when a message appears or a text gets longer
(another language, a provider's long answer), so no line is ever squeezed or cut.

Qt gives a top-level window its layout's minimum size, but not the extra height word-wrapped
labels need at the window's width (height-for-width), and not the room its title needs.
:func:`keep_fitted` watches the dialog's layout requests and grows it to both.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QWidget

#: Room a title bar takes besides the title text (icon, close/maximise buttons, margins).
TITLE_BAR_ROOM = 140


def fit(window: QWidget) -> None:
    """Grow ``window`` (never shrink it) to what its content and title need at its width."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    title = QFontMetrics(QApplication.font()).horizontalAdvance(window.windowTitle())
    width = max(window.width(), window.minimumSizeHint().width(), title + TITLE_BAR_ROOM)
    width = min(width, window.maximumWidth())
    needed = window.minimumSizeHint().height()
    if layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(width))
    height = min(max(window.height(), needed), window.maximumHeight())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        layout.activate()
    _pin_wrapped_labels(window)


def _pin_wrapped_labels(window: QWidget) -> None:
    """Give each wrapped label that got fewer lines than its text needs that height as its
    minimum: some layouts (a form's field column) size rows from the plain size hint, not
    from height-for-width. The new minimum asks for a layout pass, which refits the window."""
    for label in window.findChildren(QLabel):
        if not (label.wordWrap() and label.isVisibleTo(window) and label.width() > 0):
            continue
        needed = label.heightForWidth(label.width())
        if needed > label.height() and needed > label.minimumHeight():
            label.setMinimumHeight(needed)


class _Fitter(QObject):
    """Refits its window after each layout request and when it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget) and event.type() in (
            QEvent.Type.LayoutRequest,
            QEvent.Type.Show,
            QEvent.Type.WindowTitleChange,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            if event.type() == QEvent.Type.LayoutRequest and watched.layout() is not None:
                # Let the layout take the new size hints first.
                watched.layout().activate()  # type: ignore[union-attr]
            fit(watched)
        return False


def keep_fitted(window: QWidget) -> None:
    """Keep ``window`` as large as its content and title need, from now on."""
    fitter = _Fitter(window)
    window.installEventFilter(fitter)
