"""Scale: type-to-filter over 10,000 models, and switching among 1,000 workspaces.

1. A default-model combo (the real ``DefaultModelsView`` and ``DefaultsViewModel``) holding
   10,000 LLM models from four providers; the popup's filter field gets a search typed one
   key at a time, and each keystroke is timed until its repaint is done. Baseline in the same
   run: the same keystrokes over 100 models. Target: every keystroke ≤ 50 ms.
2. The whole window (``AppShell``) on real services with 1,000 workspaces in a SQLite file;
   switching between two workspaces that have OpenAI and OpenRouter configured (catalogs
   from the local fake server) is timed until every page has reloaded and repainted.
   Baseline in the same run: the same switches with only those two workspaces.
   Target: ≤ 100 ms.

    .venv/bin/python benchmarks/ui_scale.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import qasync  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from modelhub.domain.models import CatalogModel, ModelType  # noqa: E402
from modelhub.ui.viewmodels.context import WorkspaceContext  # noqa: E402
from modelhub.ui.viewmodels.defaults import DefaultsViewModel  # noqa: E402
from modelhub.ui.views.defaults_view import DefaultModelsView  # noqa: E402

KEYSTROKE_TARGET_MS = 50.0
SWITCH_TARGET_MS = 100.0
TYPED = "gpt-4o-12"
KEY = "2e" * 32


@dataclass
class _Info:
    name: str
    label: str
    suggested_for: tuple[ModelType, ...] = ()


class _Catalog:
    """Just enough of ``Services`` for the defaults page: a fixed catalog, no defaults, no
    health checks."""

    def __init__(self, count: int) -> None:
        now = datetime.now(UTC)
        providers = ("openai", "openrouter", "jina", "siliconflow")
        families = ("gpt-4o", "claude-sonnet", "llama-3.1", "qwen3", "mistral-large")
        self._models = [
            CatalogModel(
                provider=providers[i % 4],
                model=f"{families[i % 5]}-{i}",
                model_type=ModelType.LLM,
                name=f"{families[i % 5].title()} {i}",
                context_length=128_000,
                pricing={},
                fetched_at=now,
            )
            for i in range(count)
        ]
        self.providers = self
        self.models = self
        self.health = self

    def infos(self) -> list[_Info]:
        return [
            _Info("openai", "OpenAI"),
            _Info("openrouter", "OpenRouter"),
            _Info("jina", "Jina AI"),
            _Info("siliconflow", "SiliconFlow"),
        ]

    async def list_models(
        self, tenant: str, *, enabled_only: bool = False
    ) -> dict[ModelType, list[CatalogModel]]:
        out: dict[ModelType, list[CatalogModel]] = {t: [] for t in ModelType}
        out[ModelType.LLM] = list(self._models)
        return out

    async def get_defaults(self, tenant: str) -> dict[ModelType, Any]:
        return dict.fromkeys(ModelType)

    async def latest(self, tenant: str) -> dict[tuple[str, str], Any]:
        return {}  # no health checks: the defaults page shows "Not checked yet"


def keystrokes(loop: asyncio.AbstractEventLoop, count: int) -> list[float]:
    """Milliseconds per keystroke typing :data:`TYPED` into an LLM combo of ``count`` models."""
    context = WorkspaceContext()
    vm = DefaultsViewModel(_Catalog(count), context)  # type: ignore[arg-type]
    view = DefaultModelsView(vm)
    view.resize(1000, 700)
    view.show()

    async def load() -> None:
        context.set_workspace("bench", "Bench")
        while vm.options(ModelType.LLM).model_count() < count:
            await asyncio.sleep(0.001)

    loop.run_until_complete(load())
    combo = view.rows[ModelType.LLM].combo
    combo.showPopup()
    QApplication.processEvents()
    edit = combo.popup.edit
    times = []
    for ch in TYPED:
        start = time.perf_counter()
        QTest.keyClicks(edit, ch)
        combo.popup.list.repaint()  # the list's paint happens inside the measured time
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    # Deleting back to empty brings every row back: time those too.
    for _ in TYPED:
        start = time.perf_counter()
        QTest.keyClick(edit, Qt.Key.Key_Backspace)
        combo.popup.list.repaint()
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    assert combo.proxy is not None
    assert combo.proxy.rowCount() == vm.options(ModelType.LLM).rowCount()
    combo.hidePopup()
    view.close()
    view.deleteLater()
    vm.deleteLater()
    QApplication.processEvents()
    return times


async def _until(predicate: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("did not settle")
        await asyncio.sleep(0.001)


async def switch_times(workspaces: int, switches: int = 10) -> list[float]:
    """Milliseconds per workspace switch in a database holding ``workspaces`` workspaces."""
    from refresh_server import start_server

    from modelhub.app import AppShell
    from modelhub.services.bootstrap import open_services

    urls, stop = start_server(0.0, {"openai": 120, "openrouter": 400})
    tmp = tempfile.TemporaryDirectory(prefix="modelhub-scale-")
    services = open_services(
        db=f"sqlite:///{Path(tmp.name) / 'scale.db'}",
        environ={"ENCRYPTION_KEY": KEY},
        use_keyring=False,
    )
    try:
        first = await services.workspaces.ensure_default()
        second = await services.workspaces.create("Second")
        for ws in (first, second):
            for provider in ("openai", "openrouter"):
                outcome = await services.providers.save(
                    ws.id, provider, {"api_key": "sk-bench-key-0001", "base_url": urls[provider]}
                )
                assert outcome.saved, outcome
        for i in range(workspaces - 2):
            await services.workspaces.create(f"Tenant {i:04d}")
        settings = QSettings(str(Path(tmp.name) / "ui.ini"), QSettings.Format.IniFormat)
        shell = AppShell(services, settings)
        shell.window.resize(1200, 780)
        shell.start()
        await _until(lambda: shell.workspaces.rowCount() == workspaces)

        def settled(target: str) -> bool:
            return (
                shell.context.workspace_id == target
                and not shell.workspaces.busy
                and not shell.providers.busy
                and not shell.defaults.busy
                and not shell.catalog.runner.busy
                and shell.catalog.table.rowCount() > 0
            )

        await _until(lambda: settled(shell.context.workspace_id))
        times = []
        shell.window.show_page(1)
        for i in range(switches):
            target = (second if i % 2 == 0 else first).id
            start = time.perf_counter()
            shell.workspaces.switch(target)
            await _until(lambda t=target: settled(t))
            shell.window.repaint()
            times.append((time.perf_counter() - start) * 1000)
        shell.window.close()
        await shell.shutdown()
    finally:
        if not services.http_client.is_closed:
            await services.aclose()
        stop()
        tmp.cleanup()
    return times


def _summary(values: list[float]) -> str:
    return f"median {statistics.median(values):6.1f} ms  max {max(values):6.1f} ms"


def main() -> int:
    """Run both measurements and print figures against targets and baselines."""
    from modelhub.app import make_application

    # The app's own settings: closing the window must not stop the loop.
    app = make_application([sys.argv[0]])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    keystrokes(loop, 100)  # warm-up: first paints, font caches
    small = keystrokes(loop, 100)
    big = keystrokes(loop, 10_000)
    print("Type-to-filter in the LLM default-model combo (per keystroke, incl. repaint):")
    print(f"  100 models (baseline):  {_summary(small)}")
    print(f"  10,000 models:          {_summary(big)}")
    verdict = "OK" if max(big) <= KEYSTROKE_TARGET_MS else "OVER TARGET"
    print(f"  worst keystroke {max(big):.1f} ms  target <= {KEYSTROKE_TARGET_MS:.0f} ms  {verdict}")

    few = loop.run_until_complete(switch_times(2))
    many = loop.run_until_complete(switch_times(1000))
    print("Switching workspace until every page reloaded and repainted:")
    print(f"  2 workspaces (baseline): {_summary(few)}")
    print(f"  1,000 workspaces:        {_summary(many)}")
    ratio = statistics.median(many) / statistics.median(few)
    verdict = "OK" if statistics.median(many) <= SWITCH_TARGET_MS else "OVER TARGET"
    print(
        f"  median {statistics.median(many):.1f} ms ({ratio:.2f}x baseline)  "
        f"target <= {SWITCH_TARGET_MS:.0f} ms  {verdict}"
    )
    loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
