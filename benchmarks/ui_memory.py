"""Resident memory after start-up: the ModelHub window against a bare PySide6 window.

Both run as fresh offscreen processes (``ui_startup.py --child ...``), each reading its own
``VmRSS`` once its window is shown (ModelHub: with the Default workspace loaded). Median of 3
each, measured in the same run; target: no more than 60 MB above the bare window.

    .venv/bin/python benchmarks/ui_memory.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ui_startup import runtime_python, spawn

TARGET_MB = 60.0
RUNS = 3


def measure(label: str, python: str | None) -> None:
    """Measure both windows with one interpreter and print the difference."""
    with tempfile.TemporaryDirectory(prefix="modelhub-bench-") as tmp:
        home = Path(tmp)
        spawn("app", home, python)  # first start creates the database; measure normal starts
        bare = [spawn("bare", home, python)["rss"] for _ in range(RUNS)]
        app = [spawn("app", home, python)["rss"] for _ in range(RUNS)]
    bare_m, app_m = statistics.median(bare), statistics.median(app)
    extra = app_m - bare_m
    print(f"[{label}]")
    print(f"  bare PySide6 window RSS: median {bare_m:6.1f} MB  {bare}")
    print(f"  ModelHub window RSS:     median {app_m:6.1f} MB  {app}")
    verdict = "OK" if extra <= TARGET_MB else "OVER TARGET"
    print(f"  difference +{extra:.1f} MB  target <= +{TARGET_MB:.0f} MB  {verdict}")


def main() -> int:
    """Measure in the development venv and in a runtime-only venv (what users install)."""
    measure("development venv (dev tools installed too)", None)
    with tempfile.TemporaryDirectory(prefix="modelhub-venv-") as venv:
        measure("runtime-only venv (pip install ., as a user has it)", runtime_python(Path(venv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
