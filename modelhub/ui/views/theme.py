"""Colours and spacing derived from the system palette, so light and dark themes both work.

Nothing here hard-codes a background: surfaces come from ``QPalette`` roles, and accent
colours (status badges) are mixed with the window colour so they read on either theme.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette

#: Layout rhythm: every margin and gap is a multiple of this.
SPACING = 8
CARD_WIDTH = 300
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
    """Style for the navigation list (set on the list itself, re-made on palette changes)."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    nav = mix(window, text, 0.03)
    hover = mix(nav, text, 0.07)
    selected = mix(nav, highlight, 0.22 if not is_dark(palette) else 0.45)
    return f"""
QListWidget#navigation {{
    background: {nav.name()};
    border: none;
    padding: {SPACING}px {SPACING // 2}px;
    outline: 0;
}}
QListWidget#navigation::item {{
    padding: {SPACING}px {SPACING + 4}px;
    border-radius: 6px;
    color: {text.name()};
}}
QListWidget#navigation::item:hover {{ background: {hover.name()}; }}
QListWidget#navigation::item:selected {{
    background: {selected.name()};
    color: {text.name()};
    font-weight: 600;
}}
"""
