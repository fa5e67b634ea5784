"""Responsiveness: the longest event-loop stall while four providers are validated and refreshed.

The whole window (``AppShell``) runs on real services and a real HTTP client against the local
fake providers (``refresh_server.py``), each answering after 1 s with 2,000 models. A 5 ms
``QTimer`` records the gap between its ticks while Refresh (all providers) validates and
refreshes the four providers and every page reloads the 8,000 models (provider cards, the
five default-model combos, the catalog table). Baseline in the same run: the same timer on
the idle window for the same length of time. Target: longest gap ≤ 50 ms.

    .venv/bin/python benchmarks/ui_responsiveness.py
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
from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from refresh_server import PROVIDERS, start_server  # noqa: E402

TARGET_MS = 50.0
DELAY_S = 1.0
MODELS = 2000
KEY = "3d" * 32


class SlowSteps:
    """Records event-loop steps over 20 ms with the coroutine chain that ran, to name stalls."""

    def __init__(self) -> None:
        self.steps: list[tuple[float, str]] = []
        self.active = False
        self._orig = asyncio.events.Handle._run

    def install(self) -> None:
        recorder = self
        orig = self._orig

        def _run(handle: asyncio.events.Handle) -> None:
            if not recorder.active:
                orig(handle)
                return
            task = getattr(handle._callback, "__self__", None)  # type: ignore[attr-defined]
            chain: list[str] = []
            coro: Any = task.get_coro() if isinstance(task, asyncio.Task) else None
            while coro is not None and getattr(coro, "cr_frame", None) is not None:
                chain.append(coro.cr_frame.f_code.co_qualname)
                coro = coro.cr_await
            start = time.perf_counter()
            orig(handle)
            took = (time.perf_counter() - start) * 1000
            if took > 20:
                recorder.steps.append((took, " > ".join(chain[:4]) or repr(handle)[:80]))

        asyncio.events.Handle._run = _run  # type: ignore[method-assign,assignment]


SLOW = SlowSteps()


class GapRecorder:
    """A 5 ms timer that remembers the gaps between its ticks."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return list(self.gaps)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now


async def _until(predicate: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("did not settle")
        await asyncio.sleep(0.005)


async def measure() -> tuple[list[float], list[float], float, int]:
    """Idle gaps, refresh gaps, refresh duration (s) and models shown afterwards."""
    from modelhub.app import AppShell
    from modelhub.services.bootstrap import open_services

    urls, stop = start_server(DELAY_S, dict.fromkeys(PROVIDERS, MODELS))
    tmp = tempfile.TemporaryDirectory(prefix="modelhub-resp-")
    services = open_services(
        db=f"sqlite:///{Path(tmp.name) / 'resp.db'}",
        environ={"ENCRYPTION_KEY": KEY},
        use_keyring=False,
    )
    try:
        ws = await services.workspaces.ensure_default()
        outcomes = await asyncio.gather(
            *(
                services.providers.save(
                    ws.id, p, {"api_key": "sk-bench-key-0001", "base_url": urls[p]}
                )
                for p in PROVIDERS
            )
        )
        assert all(o.saved for o in outcomes), outcomes
        settings = QSettings(str(Path(tmp.name) / "ui.ini"), QSettings.Format.IniFormat)
        shell = AppShell(services, settings)
        shell.window.resize(1200, 780)
        shell.start()

        def idle() -> bool:
            return (
                bool(shell.context.workspace_id)
                and not shell.workspaces.busy
                and not shell.providers.busy
                and not shell.defaults.busy
                and not shell.catalog.runner.busy
                and shell.catalog.table.rowCount() > 0
            )

        await _until(idle)
        recorder = GapRecorder()
        SLOW.install()
        shell.window.show_page(2)  # the catalog table is on screen while it refreshes

        start = time.perf_counter()
        recorder.start()
        SLOW.active = True
        shell.catalog.refresh_all()
        await _until(lambda: shell.catalog.refreshing)
        await _until(lambda: not shell.catalog.refreshing)
        await _until(idle)
        busy_gaps = recorder.stop()
        SLOW.active = False
        duration = time.perf_counter() - start

        recorder.start()
        await asyncio.sleep(duration)
        idle_gaps = recorder.stop()
        shown = shell.catalog.table.rowCount()
        shell.window.close()
        await shell.shutdown()
    finally:
        if not services.http_client.is_closed:
            await services.aclose()
        stop()
        tmp.cleanup()
    return idle_gaps, busy_gaps, duration, shown


def main() -> int:
    """Measure and print the longest gaps."""
    from modelhub.app import make_application

    # The app's own settings: closing the window must not stop the loop.
    make_application([sys.argv[0]])
    idle, busy, duration, shown = qasync.run(measure())
    print(f"refresh of 4 providers x {MODELS} models (answers after {DELAY_S:.0f} s): ")
    print(f"  took {duration:.2f} s; catalog shows {shown} models afterwards")
    print(
        f"  idle window (baseline): longest gap {max(idle):6.1f} ms, "
        f"p99 {statistics.quantiles(idle, n=100)[98]:5.1f} ms, {len(idle)} ticks"
    )
    print(
        f"  during refresh:         longest gap {max(busy):6.1f} ms, "
        f"p99 {statistics.quantiles(busy, n=100)[98]:5.1f} ms, {len(busy)} ticks"
    )
    worst = sorted(busy, reverse=True)[:5]
    print("  five longest gaps: " + ", ".join(f"{g:.0f}" for g in worst) + " ms")
    print("  loop steps over 20 ms during the refresh (who held the GUI thread):")
    for took, chain in sorted(SLOW.steps, reverse=True)[:6]:
        print(f"    {took:6.1f} ms  {chain}")
    verdict = "OK" if max(busy) <= TARGET_MS else "OVER TARGET"
    print(f"  longest gap {max(busy):.1f} ms  target <= {TARGET_MS:.0f} ms  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
