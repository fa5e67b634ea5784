"""Colours and spacing derived from the system palette, so light and dark themes both work.

Nothing here hard-codes a background: surfaces come from ``QPalette`` roles, and accent
colours (status badges) are mixed with the window colour so they read on either theme.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFocusFrame,
    QWidget,
)

#: Layout rhythm: every margin and gap is a multiple of this.
SPACING = 8
#: The narrowest a provider card gets; the grid stretches cards to share the width.
CARD_MIN_WIDTH = 280
CARD_RADIUS = 10

#: Hue of each badge state (mixed with the palette before use).
_STATUS_COLORS = {
    "valid": "#16a34a",
    "restricted": "#0d9488",
    "checking": "#2563eb",
    "no_credit": "#d97706",
    "rate_limited": "#d97706",
    "unreachable": "#d97706",
    "bad_response": "#d97706",
    "invalid": "#dc2626",
    "invalid_credentials": "#dc2626",
    "unreadable": "#dc2626",
    "not_configured": "",
}


def is_dark(palette: QPalette) -> bool:
    """True when the window background is dark."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
        1.0,
    )


def status_colors(status: str, palette: QPalette) -> tuple[QColor, QColor]:
    """Badge (background, text) for a status key, readable on this palette."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    hue = _STATUS_COLORS.get(status, "")
    if not hue:
        return mix(window, text, 0.12), mix(text, window, 0.2)
    accent = QColor(hue)
    if is_dark(palette):
        return mix(window, accent, 0.35), mix(accent, QColor("white"), 0.55)
    return mix(window, accent, 0.16), mix(accent, QColor("black"), 0.35)


def message_color(ok: bool | None, palette: QPalette) -> QColor:
    """Text colour for an inline result: success, failure, or neutral (None)."""
    key = "unreachable" if ok is None else "valid" if ok else "invalid"
    return status_colors(key, palette)[1]


def card_stylesheet(palette: QPalette) -> str:
    """Style for provider cards (``QFrame#providerCard``) and their chips and badges."""
    base = palette.color(QPalette.ColorRole.Base)
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    border = mix(window, text, 0.18)
    hover = palette.color(QPalette.ColorRole.Highlight)
    surface = (
        base if abs(base.lightnessF() - window.lightnessF()) > 0.02 else mix(window, text, 0.04)
    )
    chip = mix(surface, text, 0.08)
    muted = mix(text, surface, 0.35)
    return f"""
QFrame#providerCard {{
    background: {surface.name()};
    border: 1px solid {border.name()};
    border-radius: {CARD_RADIUS}px;
}}
QFrame#providerCard:hover {{ border-color: {hover.name()}; }}
QFrame#providerCard QLabel {{ background: transparent; border: none; }}
QLabel#cardTitle {{ font-weight: 600; font-size: 12pt; }}
QLabel#cardMuted {{ color: {muted.name()}; }}
QFrame#providerCard QLabel#chip {{
    background: {chip.name()};
    border-radius: 8px;
    padding: 1px 0px;
}}
QLabel#badge {{ border-radius: 9px; padding: 2px 10px; font-weight: 600; font-size: 8pt; }}
"""


def title_font(base: QFont) -> QFont:
    """The font of a page title: the base font, larger and semi-bold."""
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * 1.5)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def nav_stylesheet(palette: QPalette) -> str:
    """Style for the navigation list (set on the list itself, re-made on palette changes).

    Exactly one section looks selected: a filled item with an accent bar. Hover is a faint
    tint far from that fill (it used to be nearly as strong, so the hovered section looked
    like a second selection); keyboard focus is the focus ring around the whole list.
    """
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    nav = mix(window, text, 0.03)
    hover = mix(nav, text, 0.025)
    selected = mix(nav, highlight, 0.32 if not is_dark(palette) else 0.5)
    bar = focus_ring_color(palette)
    return f"""
QListWidget#navigation {{
    background: {nav.name()};
    border: none;
    padding: {SPACING}px {SPACING // 2}px;
    outline: 0;
}}
QListWidget#navigation::item {{
    padding: {SPACING}px {SPACING + 1}px;
    border-left: 3px solid transparent;
    border-radius: 6px;
    color: {text.name()};
}}
QListWidget#navigation::item:hover:!selected {{ background: {hover.name()}; }}
QListWidget#navigation::item:selected,
QListWidget#navigation::item:selected:!active {{
    background: {selected.name()};
    border-left: 3px solid {bar.name()};
    color: {text.name()};
    font-weight: 600;
}}
"""


#: Width of the keyboard focus ring, in device-independent pixels.
FOCUS_RING_WIDTH = 2


def focus_ring_color(palette: QPalette) -> QColor:
    """The focus ring's colour: the accent, pushed towards the text colour when the accent
    alone would not stand out from the window (some dark palettes)."""
    window = palette.color(QPalette.ColorRole.Window)
    accent = palette.color(QPalette.ColorRole.Highlight)
    if abs(accent.lightnessF() - window.lightnessF()) < 0.3:
        accent = mix(accent, palette.color(QPalette.ColorRole.WindowText), 0.45)
    return accent


def _paint_ring(widget: QWidget) -> None:
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(focus_ring_color(widget.palette()), FOCUS_RING_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = FOCUS_RING_WIDTH / 2
    painter.drawRoundedRect(QRectF(widget.rect()).adjusted(half, half, -half, -half), 4, 4)
    painter.end()


class FocusRingFrame(QFocusFrame):
    """A solid, rounded ring in :func:`focus_ring_color` just outside the focused control
    (the styles' own focus hints are a faint outline, or a dotted line on some controls)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        _paint_ring(self)


class InsetFocusRing(QWidget):
    """The ring drawn just inside a list, table or text area: they often sit flush with a
    window edge or a divider, where a ring outside would be cut off.

    Args:
        target: The focused scroll area (the ring's parent, covering it).
    """

    def __init__(self, target: QAbstractScrollArea) -> None:
        super().__init__(target)
        self._target = target
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self.raise_()
        self.show()

    def widget(self) -> QWidget:
        """The widget the ring surrounds."""
        return self._target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._target.rect())
            self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        _paint_ring(self)


class FocusRing(QObject):
    """Keeps one :class:`FocusRingFrame` around whichever widget has the keyboard focus, in
    every window of the application (dialogs included).

    Args:
        parent: Owner (the main window); the ring stops with it.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.frame: FocusRingFrame | InsetFocusRing | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
            self._on_focus_changed(None, app.focusWidget())

    @staticmethod
    def target(widget: QWidget | None) -> QWidget | None:
        """The widget the ring goes around when ``widget`` has the focus (the whole spin
        box or combo for their inner line edit; nothing for a window or a popup's field)."""
        if widget is None or widget.isWindow() or isinstance(widget, QFocusFrame):
            return None
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return parent
        return widget

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # A fresh frame per focus: the old one lived in the old widget's parent, which may
        # be gone already (a closed dialog deletes its children).
        if self.frame is not None and shiboken6.isValid(self.frame):
            if isinstance(self.frame, FocusRingFrame):
                self.frame.setWidget(None)  # type: ignore[arg-type]  # None detaches it
            else:  # a child of its widget: deleting it removes its event filter too
                self.frame.hide()
            self.frame.deleteLater()
        self.frame = None
        target = self.target(new)
        if target is None or not shiboken6.isValid(target):
            return
        frame: FocusRingFrame | InsetFocusRing
        if isinstance(target, QAbstractScrollArea):
            frame = InsetFocusRing(target)
        else:
            frame = FocusRingFrame(target)
            frame.setWidget(target)
        frame.setObjectName("focusRing")
        self.frame = frame
