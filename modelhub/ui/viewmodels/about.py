"""Facts for Help → About and Help → Documentation: versions, licence, where the docs are.

QtCore only; the licence comes from the installed package's metadata (``pyproject.toml``
declares it), so it is never written twice.
"""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion

import modelhub

#: The repository's top folder when running from a source checkout.
_SOURCE_ROOT = Path(modelhub.__file__).resolve().parents[1]


def licence() -> str:
    """The licence the package declares (SPDX), or "" when none is declared."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("modelhub")
    except PackageNotFoundError:
        return ""
    return str(meta["License-Expression"] or meta["License"] or "").strip()


def about_text() -> str:
    """The About box's text: the app's, Qt's, PySide6's and Python's versions, the licence."""
    # Literal translate() calls, no alias: lupdate finds only these.
    declared = licence()
    lines = [
        QCoreApplication.translate("About", "ModelHub {version}").format(
            version=modelhub.__version__
        ),
        QCoreApplication.translate(
            "About", "Keys, validation and default models of LLM providers, per workspace."
        ),
        "",
        QCoreApplication.translate("About", "Qt {version}").format(version=qVersion()),
        QCoreApplication.translate("About", "PySide6 {version}").format(
            version=PySide6.__version__
        ),
        QCoreApplication.translate("About", "Python {version}").format(
            version=platform.python_version()
        ),
        "",
        QCoreApplication.translate("About", "Licence: {licence}").format(licence=declared)
        if declared
        else QCoreApplication.translate("About", "Licence: not yet declared"),
    ]
    return "\n".join(lines)


def documentation_target() -> str:
    """What Help → Documentation opens: the project's documentation URL when the package
    names one, else the README (or the docs folder) of a source checkout; "" when this build
    carries none."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("modelhub").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in ("documentation", "docs", "homepage") and url.strip():
            return url.strip()
    for candidate in (_SOURCE_ROOT / "README.md", _SOURCE_ROOT / "docs"):
        if candidate.exists():
            return str(candidate)
    return ""
