"""Non-blocking confirmations and name prompts.

Both open window-modal dialogs with ``open()`` (never ``exec()``): a nested event loop
inside a qasync task step would let other tasks re-enter. Tests replace :func:`ask` and
:func:`ask_text` (module attributes) or click the dialog's buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLineEdit, QMessageBox, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable


def ask(
    parent: QWidget,
    title: str,
    text: str,
    details: str,
    accept_label: str,
    on_accept: Callable[[], None],
    destructive: bool = True,
) -> QMessageBox:
    """Ask to confirm an action; ``on_accept`` runs only when the person agrees.

    Returns:
        The open message box (its default button is Cancel for destructive actions).
    """
    box = QMessageBox(parent)
    box.setObjectName("confirmBox")
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(details)
    accept = box.addButton(accept_label, QMessageBox.ButtonRole.DestructiveRole)
    accept.setObjectName("confirmAccept")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setText(QCoreApplication.translate("Confirm", "Cancel"))
    box.setDefaultButton(cancel if destructive else accept)
    box.setEscapeButton(cancel)

    def finished() -> None:
        if box.clickedButton() is accept:
            on_accept()
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box


def ask_text(
    parent: QWidget,
    title: str,
    label: str,
    text: str,
    on_accept: Callable[[str], None],
) -> QInputDialog:
    """Ask for a line of text (a workspace name); ``on_accept`` gets it when confirmed."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("nameDialog")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText(QCoreApplication.translate("Confirm", "OK"))
    dialog.setCancelButtonText(QCoreApplication.translate("Confirm", "Cancel"))

    def finished(result: int) -> None:
        if result and dialog.textValue().strip():
            on_accept(dialog.textValue())
        dialog.deleteLater()

    def check(value: str) -> None:
        # An empty name is refused with a word, not silently dropped on OK.
        empty = not value.strip()
        buttons = dialog.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok) if buttons else None
        if ok is not None:
            ok.setEnabled(not empty)
        needs = QCoreApplication.translate("Confirm", "A name cannot be empty.")
        dialog.setLabelText(f"{label}\n{needs}" if empty else label)

    dialog.finished.connect(finished)
    dialog.textValueChanged.connect(check)
    dialog.open()
    check(text)
    return dialog
