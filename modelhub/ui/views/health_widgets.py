"""Health-check pieces shared by the models and default-models pages: the notice about
billed requests and the "Checking 3 of 12…" progress line with Cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from modelhub.ui.views import confirm

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMessageBox

    from modelhub.ui.viewmodels.health import HealthViewModel

translate = QCoreApplication.translate


class PaidCheckNotice:
    """The notice shown before the first health check of an app run.

    Tests replace :meth:`ask` (a classmethod) or click the message box it opens.
    """

    @classmethod
    def ask(cls, parent: QWidget, text: str, on_accept: Callable[[], None]) -> QMessageBox:
        """Open the notice (window-modal, not blocking); ``on_accept`` runs if accepted."""
        return confirm.ask(
            parent,
            translate("PaidCheckNotice", "Health checks are billed"),
            translate(
                "PaidCheckNotice", "Each check sends a small real request, billed to the key."
            ),
            text
            + " "
            + translate("PaidCheckNotice", "This notice is shown once each time ModelHub starts."),
            translate("PaidCheckNotice", "Run checks"),
            on_accept,
            destructive=False,
        )


def start_paid_check(
    parent: QWidget, health: HealthViewModel, start: Callable[[], object], count: int | None
) -> None:
    """Run ``start`` now, or after the billed-requests notice when this app run has not
    shown it yet. A run already going on makes this a no-op (the click is harmless)."""
    if health.running:
        start()  # the view-model ignores it and says so
        return
    if not health.paid_notice_needed:
        start()
        return

    def accepted() -> None:
        health.acknowledge_paid_checks()
        start()

    PaidCheckNotice.ask(parent, health.paid_notice_text(count), accepted)


class CheckProgress(QWidget):
    """``Checking 3 of 12…``, a bar and Cancel, shown while checks run.

    Args:
        health: The shared health-check view-model.
        parent: Qt parent.
    """

    def __init__(self, health: HealthViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._health = health
        self.label = QLabel(self)
        self.label.setObjectName("checkProgress")
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(12)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.setObjectName("cancelChecks")
        self.cancel.setAccessibleName(self.tr("Cancel the health checks"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.cancel.clicked.connect(health.cancel)
        health.progress_changed.connect(self._update)
        health.running_changed.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        health = self._health
        self.setVisible(health.running)
        self.label.setText(health.progress_text)
        if health.total:
            self.bar.setRange(0, health.total)
            self.bar.setValue(health.done)
        else:
            self.bar.setRange(0, 0)  # preparing: indeterminate
