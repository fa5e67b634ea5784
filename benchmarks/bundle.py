"""Bundle size and start-up time of the frozen ModelHub against a bare PySide6 window.

Builds ``packaging/bare_window.py`` with PyInstaller using the same excludes, Qt plugin pruning
and options as ModelHub's spec (``packaging/bare_window.spec`` shares ``bundle_filters.py``),
builds ModelHub (or reuses ``packaging/dist/modelhub`` with ``--reuse``), and prints:

* the one-folder sizes and the ``tar.gz`` sizes of both, and their ratio (target <= 1.3x);
* start-up time: the median of ``--runs`` offscreen ``--smoke-test`` runs of each. Both programs
  show their main window, keep the event loop running for the same hold time (ModelHub's
  ``SMOKE_TEST_MS``) and exit; start-up is the wall time minus that hold, so it covers process
  start to window shown, plus shutdown. ModelHub runs on a data folder it has already initialised
  (the first, untimed run creates the database and key), which is the everyday start.

Usage::

    .venv/bin/python benchmarks/bundle.py [--reuse] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_DIR = PACKAGING / "dist" / "modelhub"
BENCH_DIR = PACKAGING / "build" / "bench"
BARE_DIR = BENCH_DIR / "dist" / "bare_window"
TARGET_RATIO = 1.3


def pyinstaller(spec: Path, distpath: Path, workpath: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(distpath),
            "--workpath",
            str(workpath),
            str(spec),
        ],
        check=True,
        cwd=ROOT,
    )


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*"))


def tar_size(folder: Path, scratch: Path) -> int:
    target = scratch / f"{folder.name}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    return target.stat().st_size


def hold_ms() -> int:
    """ModelHub's ``SMOKE_TEST_MS`` (read from source, so Qt need not be imported here)."""
    match = re.search(
        r"^SMOKE_TEST_MS\s*=\s*(\d+)", (ROOT / "modelhub" / "app.py").read_text(), re.M
    )
    return int(match.group(1)) if match else 1000


def startup_times(cmd: list[str], env: dict[str, str], runs: int, hold: int) -> list[float]:
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
        times.append(time.perf_counter() - started - hold / 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="reuse packaging/dist/modelhub")
    parser.add_argument("--runs", type=int, default=7, help="timed start-ups of each (default 7)")
    args = parser.parse_args()

    if not args.reuse or not (APP_DIR / "modelhub").exists():
        print("building ModelHub ...", flush=True)
        pyinstaller(
            PACKAGING / "modelhub.spec", APP_DIR.parent, PACKAGING / "build" / "pyinstaller"
        )
    print("building the bare PySide6 window ...", flush=True)
    pyinstaller(PACKAGING / "bare_window.spec", BARE_DIR.parent, BENCH_DIR / "work")

    with tempfile.TemporaryDirectory(prefix="modelhub-bench-") as scratch_name:
        scratch = Path(scratch_name)
        sizes = {
            name: (folder_size(folder), tar_size(folder, scratch))
            for name, folder in (("modelhub", APP_DIR), ("bare window", BARE_DIR))
        }

        hold = hold_ms()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("QT_", "PYTHON")) and k not in ("ENCRYPTION_KEY", "DATABASE_URL")
        }
        env.update(
            QT_QPA_PLATFORM="offscreen",
            MODELHUB_HOME=str(scratch / "home"),
            ENCRYPTION_KEY=os.urandom(32).hex(),
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        app_times = startup_times([str(APP_DIR / "modelhub"), "--smoke-test"], env, args.runs, hold)
        bare_cmd = [str(BARE_DIR / "bare_window"), "--smoke-test", "--hold-ms", str(hold)]
        bare_times = startup_times(bare_cmd, env, args.runs, hold)

    (app_dir, app_tar), (bare_dir, bare_tar) = sizes["modelhub"], sizes["bare window"]
    print()
    print(f"{'':22}{'modelhub':>12}{'bare window':>14}{'ratio':>8}")
    for label, app, bare in (
        ("one-folder size (MB)", app_dir, bare_dir),
        ("tar.gz size (MB)", app_tar, bare_tar),
    ):
        verdict = "ok" if app / bare <= TARGET_RATIO else f"over {TARGET_RATIO}x"
        print(f"{label:22}{app / 1e6:12.1f}{bare / 1e6:14.1f}{app / bare:7.2f}x  {verdict}")
    app_med, bare_med = statistics.median(app_times), statistics.median(bare_times)
    print(
        f"{'start-up (s, median)':22}{app_med:12.2f}{bare_med:14.2f}{app_med / bare_med:7.2f}x"
        f"  ({args.runs} runs each, offscreen; wall time minus the {hold} ms hold)"
    )
    print(f"  modelhub runs:    {', '.join(f'{t:.2f}' for t in app_times)}")
    print(f"  bare window runs: {', '.join(f'{t:.2f}' for t in bare_times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
