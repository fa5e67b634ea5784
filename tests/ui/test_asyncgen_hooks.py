"""Streamed health checks on the qasync loop give their connections back (regression).

A chat probe reads a stream only to its first event and leaves the rest unread. qasync never
installs asyncio's async-generator hooks, so without ``install_asyncgen_hooks`` each abandoned
stream kept its pooled connection: after 20 checks (the client's connection limit) every
further check waited for a connection and failed. Real sockets, the app's own HTTP client.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from helpers import TEST_ENCRYPTION_KEY, run_sync

from benchmarks.probe_server import ProbeServer
from modelhub.domain.models import ModelType
from modelhub.services.bootstrap import open_services
from modelhub.services.health import CheckTarget

if TYPE_CHECKING:
    import asyncio
    from pathlib import Path

    from pytestqt.qtbot import QtBot


def test_thirty_streamed_checks_on_the_qt_loop_all_pass(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    assert sys.get_asyncgen_hooks().finalizer is not None  # the fixture installs them like the app
    server = ProbeServer(gateways=1, models_per_gateway=3)
    server.start()
    services = open_services(
        db=f"sqlite:///{tmp_path / 'hooks.db'}",
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        use_keyring=False,
    )
    try:
        tenant = run_sync(qtbot, services.workspaces.ensure_default()).id
        config = {"label": "Gateway", "base_url": server.url(0), "api_key": "sk-good-hooks-1"}
        assert run_sync(qtbot, services.providers.save(tenant, "custom:gateway", config)).saved
        targets = [CheckTarget("custom:gateway", "chat-model-0", ModelType.LLM)] * 30
        results = run_sync(
            qtbot,
            services.health.run(tenant, targets, per_provider=2, timeout=4.0),
            timeout=60_000,
        )
        assert [r.error for r in results if not r.ok] == []
        assert server.model_requests == 30
    finally:
        run_sync(qtbot, services.aclose())
        server.stop()
