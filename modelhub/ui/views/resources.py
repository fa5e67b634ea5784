"""Finding ``resources/`` in a source checkout and in a PyInstaller bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

#: App icon raster sizes shipped next to the SVG (window managers that ignore SVG use them).
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_root() -> Path:
    """The ``resources`` folder: inside the bundle when frozen, else at the repository top."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a file under ``resources/`` (it may not exist in a partial install)."""
    return resource_root().joinpath(*parts)


@cache
def app_icon() -> QIcon:
    """The application icon: the SVG for any size plus the pre-rendered PNGs."""
    icon = QIcon()
    svg = resource_path("icons", "app", "modelhub.svg")
    if svg.exists():
        icon.addFile(str(svg))
    for size in APP_ICON_SIZES:
        png = resource_path("icons", "app", f"modelhub-{size}.png")
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    return icon


@cache
def provider_icon(provider: str) -> QIcon:
    """Our own mark for ``provider`` (SVG, sharp at any scale), or the generic one."""
    path = resource_path("icons", "providers", f"{provider}.svg")
    if not path.exists():
        path = resource_path("icons", "providers", "generic.svg")
    return QIcon(str(path)) if path.exists() else QIcon()


@cache
def ui_icon(name: str) -> QIcon:
    """A small interface icon from ``resources/icons/ui`` (``eye``, ``eye-off``)."""
    path = resource_path("icons", "ui", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
