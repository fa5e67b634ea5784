"""What the app hands to the desktop: opening folders and links, choosing a file, telling.

Every function opens its dialog with ``open()`` (never ``exec()``: a nested event loop inside
a qasync task step would let other tasks re-enter). Tests replace these module attributes
(``desktop.open_url``, ``desktop.ask_save_path``, ``desktop.ask_open_path``,
``desktop.tell``) or drive the dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget


def open_url(url: QUrl) -> bool:
    """Open ``url`` (a web link or a local folder) with the desktop's handler.

    Returns:
        False when the desktop could not open it.
    """
    return QDesktopServices.openUrl(url)


def open_folder(path: str) -> bool:
    """Open the folder ``path`` in the file manager (through :func:`open_url`)."""
    return open_url(QUrl.fromLocalFile(path))


def ask_save_path(
    parent: QWidget,
    title: str,
    suggested: str,
    name_filter: str,
    on_chosen: Callable[[str], None],
) -> QFileDialog:
    """Ask where to save a file; ``on_chosen`` gets the path once one is picked.

    The dialog asks before replacing an existing file, so nothing is overwritten silently.
    """
    dialog = QFileDialog(parent, title, suggested, name_filter)
    dialog.setObjectName("saveFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, False)
    dialog.selectFile(suggested)

    def finished(result: int) -> None:
        files = dialog.selectedFiles()
        if result and files:
            on_chosen(files[0])
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def ask_open_path(
    parent: QWidget,
    title: str,
    directory: str,
    name_filter: str,
    on_chosen: Callable[[str], None],
) -> QFileDialog:
    """Ask for an existing file to open; ``on_chosen`` gets its path once one is picked."""
    dialog = QFileDialog(parent, title, directory, name_filter)
    dialog.setObjectName("openFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)

    def finished(result: int) -> None:
        files = dialog.selectedFiles()
        if result and files:
            on_chosen(files[0])
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def tell(
    parent: QWidget,
    title: str,
    text: str,
    details: str = "",
    warning: bool = False,
) -> QMessageBox:
    """Show a message with an OK button (window-modal, non-blocking).

    Returns:
        The open message box (object name ``messageBox``); it deletes itself when closed.
    """
    box = QMessageBox(parent)
    box.setObjectName("messageBox")
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    ok.setText(QCoreApplication.translate("Confirm", "OK"))
    # Paths and key ids in a message are meant to be copied.
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
