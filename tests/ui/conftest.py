"""pytest-qt + qasync glue shared by the UI tests.

``qloop`` installs a qasync event loop on the running QApplication, so coroutines started by
view-models make progress whenever Qt processes events — which is exactly what
``qtbot.waitSignal`` / ``qtbot.waitUntil`` do. Tests stay plain functions: trigger a command,
then wait for its signal. Never call ``qtbot.wait*`` inside a coroutine.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from typing import TYPE_CHECKING

import pytest
import qasync

from modelhub.ui.asyncgen_hooks import install_asyncgen_hooks

if TYPE_CHECKING:
    from collections.abc import Iterator

    from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _collect_garbage_on_main_thread() -> Iterator[None]:
    """As the app does (modelhub.ui.qtgc): no automatic GC on worker threads, which would
    destroy Qt objects outside their thread; collect here, on the main thread, instead."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture(autouse=True, scope="session")
def _english_catalog(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> None:
    """As the app does: English, with its plural forms from Qt's catalog (modelhub_en.ts)."""
    from modelhub.ui.i18n import install_translator

    home = str(tmp_path_factory.mktemp("translations"))
    assert install_translator(qapp, "en", environ={"MODELHUB_HOME": home}) == "en"


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop bound to the test QApplication, closed with its tasks after the test."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    hooks = sys.get_asyncgen_hooks()
    install_asyncgen_hooks(loop)  # as the app does: see modelhub/ui/asyncgen_hooks.py
    try:
        yield loop
    finally:
        sys.set_asyncgen_hooks(*hooks)
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            # Let cancellations run through Qt's event processing.
            deadline = 200
            while any(not t.done() for t in pending) and deadline:
                qapp.processEvents()
                deadline -= 1
        asyncio.events._set_running_loop(None)
        # qasync leaves cleanup of an ``already_running`` loop to its owner.
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
        asyncio.set_event_loop(None)
        loop.close()
