"""Garbage is collected by the main-thread timer, not by Python's automatic collector."""

from __future__ import annotations

import gc
import weakref
from typing import TYPE_CHECKING

from modelhub.ui.qtgc import MainThreadGarbageCollector

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_cycles_are_collected_from_the_qt_timer(qtbot: QtBot) -> None:
    collector = MainThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        victim = _Node()
        alive = weakref.ref(victim)
        del victim
        # Allocate past generation 0's threshold so the timer has work to do.
        junk = [_Node() for _ in range(gc.get_threshold()[0] + 10)]
        del junk
        assert alive() is not None  # automatic collection is off
        qtbot.waitUntil(lambda: alive() is None, timeout=5000)
    finally:
        collector.stop()
    assert gc.isenabled()
