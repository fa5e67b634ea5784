"""Python's cyclic garbage collection, run on the Qt main thread only.

Automatic collection runs in whichever thread happens to allocate when a threshold is
crossed. ModelHub does database work on worker threads, so a reference cycle holding a
QObject could be collected there, and Qt objects must be destroyed in their own thread
("QObject::~QObject: Timers cannot be stopped from another thread"). This turns automatic
collection off and runs the same generational collection from a main-thread timer instead,
and (``freeze``) exempts the objects that live for the whole session from later scans.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    """Collects garbage on the main thread every ``interval_ms``, by generation thresholds.

    Args:
        interval_ms: How often to check the thresholds.
        parent: Qt parent (keep it alive as long as the application).
    """

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the generations whose allocation counts crossed their thresholds."""
        counts = gc.get_count()
        if counts[0] <= self._threshold[0]:
            return
        generation = 0
        if counts[1] > self._threshold[1]:
            generation = 1
            if counts[2] > self._threshold[2]:
                generation = 2
        gc.collect(generation)

    def freeze(self) -> None:
        """Collect once, then move every surviving object to the permanent generation.

        Objects that exist after start-up (modules, Qt wrappers, the window) live as long as
        the app; scanning them on every full collection cost 60-100 ms pauses while a large
        model catalog was being built.
        """
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        """Stop the timer and give collection back to Python."""
        self._timer.stop()
        gc.enable()
