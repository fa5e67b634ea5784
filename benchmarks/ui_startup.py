"""Start-up time: process start to the ModelHub main window shown, against a bare PySide6 window.

Each sample is a fresh Python process (offscreen Qt). The parent notes the wall clock just
before spawning; the child prints the wall clock when its main window gets its first expose
event (for ModelHub: the real composition root — services on a SQLite file, migrations at
head, view-models, main window — after the Default workspace is loaded). The baseline child
shows an empty ``QMainWindow``. Median of 5 each, measured in the same run; target ≤ 1.5×.

    .venv/bin/python benchmarks/ui_startup.py [--runs 5]

The ``--child app|bare`` modes are also used by ``ui_memory.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5
KEY = "1f" * 32


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child_bare() -> int:
    """A bare PySide6 main window: print when it is first exposed, and the RSS then."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1100, 720)

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() in (QEvent.Type.Expose, QEvent.Type.Paint) and not done:
                done.append(time.time())
                QTimer.singleShot(50, app.quit)
            return False

    done: list[float] = []
    watch = Watch()
    window.installEventFilter(watch)
    window.show()

    def fallback() -> None:  # no expose event at all: still report the moment it is shown
        if not done:
            done.append(time.time())
            app.quit()

    QTimer.singleShot(100, fallback)
    app.exec()
    print(f"SHOWN {done[0]:.6f} RSS {_rss_mb():.1f}", flush=True)
    return 0


def child_app() -> int:
    """The ModelHub window through its composition root, as ``modelhub`` starts it: the
    window first, the services opened on a worker thread; print when shown and loaded."""
    import asyncio

    import qasync
    from PySide6.QtCore import QEvent, QObject, QSettings

    from modelhub.app import AppShell, make_application, run_window

    make_application([sys.argv[0]])
    home = Path(os.environ["MODELHUB_HOME"])

    def opener() -> object:
        from modelhub.services.bootstrap import open_services

        return open_services(db=f"sqlite:///{home / 'modelhub.db'}", use_keyring=False)

    shell = AppShell(None, QSettings(str(home / "ui.ini"), QSettings.Format.IniFormat))
    exposed: list[float] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() in (QEvent.Type.Expose, QEvent.Type.Paint) and not exposed:
                exposed.append(time.time())
            return False

    watch = Watch()
    shell.window.installEventFilter(watch)

    async def report() -> None:
        while not exposed or not shell.context.workspace_id or shell.defaults.busy:
            await asyncio.sleep(0.001)
        print(f"SHOWN {exposed[0]:.6f} LOADED {time.time():.6f} RSS {_rss_mb():.1f}", flush=True)
        shell.window.close()

    async def run() -> None:
        watcher = asyncio.ensure_future(report())
        await run_window(shell, smoke=False, headless=True, opener=opener)  # type: ignore[arg-type]
        await watcher

    qasync.run(run())
    return 0


def child_env(home: Path) -> dict[str, str]:
    """Environment of a child: offscreen, isolated home, key from the environment."""
    env = dict(os.environ)
    # An installed app runs from compiled bytecode (pip and PyInstaller both compile it);
    # this sandbox sets PYTHONDONTWRITEBYTECODE, which would recompile our modules each run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "QT_LOGGING_RULES": "qt.qpa.*=false",
            "MODELHUB_HOME": str(home),
            "ENCRYPTION_KEY": KEY,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def runtime_python(folder: Path) -> str:
    """A fresh venv in ``folder`` with ModelHub's runtime dependencies only, as a user's
    ``pip install`` has them (no test or lint tools); returns its interpreter.

    The development venv also holds click, rich and pygments (pulled in by the dev tools),
    which httpx imports for its optional command-line client when they are present; a
    user's install and the frozen app do not have them.
    """
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = str(folder / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)],
        check=True,
        capture_output=True,
    )
    return python


def spawn(mode: str, home: Path, python: str | None = None) -> dict[str, float]:
    """Run one child; returns its printed figures plus ``start`` (parent clock at spawn)."""
    start = time.time()
    out = subprocess.run(
        [python or sys.executable, __file__, "--child", mode],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("SHOWN")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"{mode} child failed:\n{out.stdout}\n{out.stderr}")
    parts = line.split()
    figures = {parts[i].lower(): float(parts[i + 1]) for i in range(0, len(parts), 2)}
    figures["start"] = start
    return figures


def main() -> int:
    """Measure and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("app", "bare"))
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare()
    if args.child == "app":
        return child_app()

    with tempfile.TemporaryDirectory(prefix="modelhub-bench-") as tmp:
        home = Path(tmp)
        first = spawn("app", home)  # first start: creates the database and the key file
        cold = first["shown"] - first["start"]
        bare, app, loaded = [], [], []
        for _ in range(args.runs):
            b = spawn("bare", home)
            bare.append(b["shown"] - b["start"])
            a = spawn("app", home)
            app.append(a["shown"] - a["start"])
            loaded.append(a["loaded"] - a["start"])
    bare_m, app_m, loaded_m = (statistics.median(x) for x in (bare, app, loaded))
    ratio = app_m / bare_m
    print(f"bare PySide6 window shown:       median {bare_m * 1000:7.0f} ms  {_ms(bare)}")
    print(f"ModelHub main window shown:      median {app_m * 1000:7.0f} ms  {_ms(app)}")
    print(f"ModelHub shown + workspace data: median {loaded_m * 1000:7.0f} ms  {_ms(loaded)}")
    print(f"ModelHub first start (new db):          {cold * 1000:7.0f} ms")
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"ratio (window shown) {ratio:.2f}x  target <= {TARGET_RATIO}x  {verdict}")
    return 0


def _ms(values: list[float]) -> str:
    return "[" + ", ".join(f"{v * 1000:.0f}" for v in values) + "]"


if __name__ == "__main__":
    sys.exit(main())
