"""The app's theme: the system's look, or Fusion with a light or a dark palette.

Widgets style themselves from ``QPalette`` roles (see :mod:`modelhub.ui.views.theme`) and
re-make their style sheets on ``PaletteChange``, so changing the application palette is all a
live switch needs. "System" gives back the style and palette the app started with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

#: The style used for an explicit light or dark choice: it draws everything from the palette,
#: where a native style may keep light pieces under a dark palette.
EXPLICIT_STYLE = "Fusion"

_ROLE = QPalette.ColorRole
_GROUP = QPalette.ColorGroup

#: Dark palette (role: active colour); disabled colours are derived in :func:`dark_palette`.
_DARK = {
    _ROLE.Window: "#2b2b2e",
    _ROLE.WindowText: "#e8e8ea",
    _ROLE.Base: "#1e1e21",
    _ROLE.AlternateBase: "#26262a",
    _ROLE.ToolTipBase: "#3a3a3f",
    _ROLE.ToolTipText: "#e8e8ea",
    _ROLE.PlaceholderText: "#8e8e94",
    _ROLE.Text: "#e8e8ea",
    _ROLE.Button: "#35353a",
    _ROLE.ButtonText: "#e8e8ea",
    _ROLE.BrightText: "#ff6b6b",
    _ROLE.Light: "#4a4a50",
    _ROLE.Midlight: "#3e3e44",
    _ROLE.Mid: "#2a2a2e",
    _ROLE.Dark: "#18181b",
    _ROLE.Shadow: "#000000",
    _ROLE.Highlight: "#3b82f6",
    _ROLE.HighlightedText: "#ffffff",
    _ROLE.Link: "#7ab8ff",
    _ROLE.LinkVisited: "#c39bff",
    _ROLE.Accent: "#3b82f6",
}
_DISABLED_TEXT = "#7c7c82"


def dark_palette() -> QPalette:
    """A dark palette with readable disabled text and a blue accent."""
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role in (_ROLE.WindowText, _ROLE.Text, _ROLE.ButtonText, _ROLE.HighlightedText):
        palette.setColor(_GROUP.Disabled, role, QColor(_DISABLED_TEXT))
    palette.setColor(_GROUP.Disabled, _ROLE.Highlight, QColor("#4a4a50"))
    palette.setColor(_GROUP.Disabled, _ROLE.Base, QColor(_DARK[_ROLE.Window]))
    return palette


class Appearance:
    """Applies a theme choice ("system", "light", "dark") to the running application.

    Remembers the style the app had before the first change, so "system" can give it back
    with the platform's own palette.

    Args:
        app: The application (its style, palette and colour-scheme hint are changed).
    """

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._system_style = app.style().name()
        self._changed = False
        self.current = "system"

    def apply(self, choice: str) -> None:
        """Show the app in ``choice``; an unknown choice counts as "system"."""
        if choice not in ("light", "dark"):
            choice = "system"
        self.current = choice
        if choice == "system" and not self._changed:
            return  # nothing to undo: leave the platform's own look untouched
        self._changed = True
        hints = self._app.styleHints()
        if choice == "system":
            self._set_style(self._system_style)
            hints.unsetColorScheme()
            # An empty palette resets to the platform's, which keeps following the desktop
            # when it switches between light and dark later.
            palette = QPalette()
        else:
            self._set_style(EXPLICIT_STYLE)
            scheme = Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light
            hints.setColorScheme(scheme)
            palette = dark_palette() if choice == "dark" else self._app.style().standardPalette()
        self._app.setPalette(palette)
        # Style sheets made from the palette (cards, navigation) follow on PaletteChange;
        # an application style sheet, when one is set, is re-resolved against the new palette.
        sheet = self._app.styleSheet()
        if sheet:
            self._app.setStyleSheet("")
            self._app.setStyleSheet(sheet)
        for widget in self._app.topLevelWidgets():
            _repolish(widget)

    def _set_style(self, name: str) -> None:
        if self._app.style().name().lower() == name.lower():
            return
        style = QStyleFactory.create(name)
        if style is not None:
            self._app.setStyle(style)


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
