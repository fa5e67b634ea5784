"""Health checks at scale: 200 models over 10 providers, 2 at a time per provider, against a
local server that answers each check after 300 ms.

Real sockets (``probe_server.py``, ten OpenAI-compatible gateways saved as custom providers),
real services on a temporary SQLite file, the whole window (``AppShell``) open on the models
page. Two figures:

- wall time of the run against the ideal, models / (providers x limit) x 300 ms = 3.0 s
  (the ratio says what the scheduling, the streams and the database writes cost);
- the longest gap of a 5 ms ``QTimer`` while the checks run, against the same timer on the
  idle window for the same time (target: longest gap <= 50 ms).

    .venv/bin/python benchmarks/health.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import qasync  # noqa: E402
from probe_server import ProbeServer  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from ui_responsiveness import GapRecorder  # noqa: E402

PROVIDERS = 10
MODELS = 200
LIMIT = 2
DELAY_S = 0.3
TARGET_MS = 50.0
KEY = "3e" * 32


async def _until(predicate: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("did not settle")
        await asyncio.sleep(0.005)


async def measure() -> dict[str, Any]:
    """Run the checks with the window open; return the figures."""
    from modelhub.app import AppShell
    from modelhub.services.bootstrap import open_services
    from modelhub.ui.asyncgen_hooks import install_asyncgen_hooks

    install_asyncgen_hooks(asyncio.get_running_loop())  # as modelhub.app.run_window does

    server = ProbeServer(gateways=PROVIDERS, models_per_gateway=MODELS // PROVIDERS, delay_s=0)
    server.start()
    tmp = tempfile.TemporaryDirectory(prefix="modelhub-health-")
    services = open_services(
        db=f"sqlite:///{Path(tmp.name) / 'health.db'}",
        environ={"ENCRYPTION_KEY": KEY},
        use_keyring=False,
    )
    try:
        ws = await services.workspaces.ensure_default()
        for n in range(PROVIDERS):
            name = await services.providers.custom_name_for(ws.id, f"Gateway {n}")
            config = {"label": f"Gateway {n}", "base_url": server.url(n), "api_key": "sk-bench-1"}
            outcome = await services.providers.save(ws.id, name, config)
            assert outcome.saved, outcome.validation
        targets = await services.health.targets(ws.id)
        assert len(targets) == MODELS, len(targets)

        settings = QSettings(str(Path(tmp.name) / "ui.ini"), QSettings.Format.IniFormat)
        shell = AppShell(services, settings)
        shell.window.resize(1200, 780)
        shell.start()
        await _until(lambda: shell.catalog.table.rowCount() >= MODELS)
        shell.window.show_page(2)
        await asyncio.sleep(0.5)

        server.delay_s = DELAY_S
        done: list[Any] = []
        recorder = GapRecorder()
        recorder.start()
        start = time.perf_counter()
        results = await services.health.run(
            ws.id, targets, on_result=done.append, per_provider=LIMIT, timeout=30
        )
        wall = time.perf_counter() - start
        busy = recorder.stop()
        recorder.start()
        await asyncio.sleep(wall)
        idle = recorder.stop()
        failed = [r for r in results if not r.ok]
        first_bytes = sorted(r.first_byte_ms for r in results if r.first_byte_ms is not None)
        shell.window.close()
        await shell.shutdown()
    finally:
        if not services.http_client.is_closed:
            await services.aclose()
        server.stop()
        tmp.cleanup()
    return {
        "wall": wall,
        "busy": busy,
        "idle": idle,
        "failed": len(failed),
        "reported": len(done),
        "first_bytes": first_bytes,
        "max_in_flight": max(server.max_in_flight.values()),
    }


def main() -> int:
    """Measure and print the figures."""
    from modelhub.app import make_application

    make_application([sys.argv[0]])
    r = qasync.run(measure())
    ideal = MODELS / (PROVIDERS * LIMIT) * DELAY_S
    print(
        f"health checks: {MODELS} models over {PROVIDERS} providers, {LIMIT} at a time each, "
        f"server answers after {DELAY_S * 1000:.0f} ms"
    )
    print(
        f"  wall time {r['wall']:.2f} s vs ideal {ideal:.2f} s: ratio {r['wall'] / ideal:.2f}"
        f"  ({r['failed']} failed, {r['reported']} results reported as they came)"
    )
    fb = r["first_bytes"]
    print(
        f"  time to first byte: median {statistics.median(fb):.0f} ms, "
        f"min {fb[0]} ms, max {fb[-1]} ms; most in flight on one provider: "
        f"{r['max_in_flight']} (limit {LIMIT})"
    )
    idle, busy = r["idle"], r["busy"]
    print(
        f"  idle window (baseline): longest gap {max(idle):6.1f} ms, "
        f"p99 {statistics.quantiles(idle, n=100)[98]:5.1f} ms"
    )
    print(
        f"  during the checks:      longest gap {max(busy):6.1f} ms, "
        f"p99 {statistics.quantiles(busy, n=100)[98]:5.1f} ms"
    )
    verdict = "OK" if max(busy) <= TARGET_MS else "OVER TARGET"
    print(f"  longest gap {max(busy):.1f} ms  target <= {TARGET_MS:.0f} ms  {verdict}")
    return 0 if r["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
