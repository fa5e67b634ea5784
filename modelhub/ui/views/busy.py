"""A busy row for anything that can take over a second: a busy bar, the seconds it has
been waiting (ticking), and Cancel."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from modelhub.ui.views import theme

#: A check quicker than this never shows the row (no flicker on a fast provider).
BUSY_DELAY_MS = 1000
#: How often the elapsed seconds are redrawn.
TICK_MS = 250


class BusyRow(QWidget):
    """Hidden until :meth:`start` has been running for :data:`BUSY_DELAY_MS`; then shows an
    indeterminate bar, "Waiting for the provider… 3 s" and a Cancel button.

    Args:
        parent: Qt parent.
        delay_ms: How long a wait runs before the row shows.
        compact: A narrow place (a card): a shorter bar, only the seconds, "Cancel".

    Signals:
        cancel_requested(): Cancel was clicked (the owner cancels the request).
        appeared(): The row became visible (an owner sized to content grows).
    """

    cancel_requested = Signal()
    appeared = Signal()

    def __init__(
        self, parent: QWidget | None = None, delay_ms: int = BUSY_DELAY_MS, compact: bool = False
    ) -> None:
        super().__init__(parent)
        self._compact = compact
        self.setObjectName("busyRow")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("busyBar")
        self.bar.setRange(0, 0)  # indeterminate: how long a provider takes is not known
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(64 if compact else 120)
        self.bar.setMaximumHeight(12)
        self.bar.setAccessibleName(self.tr("Waiting for the provider"))
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("busyElapsed")
        self.elapsed_label.setWordWrap(not compact)
        self.cancel_button = QPushButton(
            self.tr("Cancel") if compact else self.tr("Cancel check"), self
        )
        self.cancel_button.setObjectName("cancelCheck")
        self.cancel_button.setAccessibleName(self.tr("Cancel the check"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(theme.SPACING)
        row.addWidget(self.bar)
        row.addWidget(self.elapsed_label, 1)
        row.addWidget(self.cancel_button)
        self._clock = QElapsedTimer()
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(delay_ms)
        self._delay.timeout.connect(self._appear)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_elapsed)
        self.hide()

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._clock.isValid()

    def elapsed_seconds(self) -> int:
        """Whole seconds since :meth:`start` (0 when not running)."""
        return self._clock.elapsed() // 1000 if self._clock.isValid() else 0

    def start(self) -> None:
        """A wait began: show the row once it has lasted the delay."""
        self._clock.start()
        self._delay.start()

    def stop(self) -> None:
        """The wait ended (answer, error or cancel): hide the row."""
        self._clock.invalidate()
        self._delay.stop()
        self._tick.stop()
        self.hide()

    def _appear(self) -> None:
        if not self.running:
            return
        self._show_elapsed()
        self.cancel_button.setEnabled(True)
        self.show()
        self._tick.start()
        self.appeared.emit()

    def _show_elapsed(self) -> None:
        seconds = self.elapsed_seconds()
        text = self.tr("Waiting for the provider… %n s", "", seconds)
        self.elapsed_label.setText(self.tr("%n s", "", seconds) if self._compact else text)
        self.elapsed_label.setAccessibleName(text)
