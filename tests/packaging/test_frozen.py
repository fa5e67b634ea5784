"""The frozen app: build the release artifacts and smoke-test them (slow: a few minutes).

By default this runs the documented ``python packaging/build.py`` (PyInstaller, tar.gz, .deb) and
then ``packaging/smoke_test.py`` against the result. To test a build made moments ago instead, set
``MODELHUB_FROZEN_DIR`` to its one-folder directory (e.g. ``packaging/dist/modelhub``); the
``.deb`` beside it is inspected too when present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
IS_LINUX = sys.platform.startswith("linux")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


class Build(NamedTuple):
    folder: Path
    executable: Path
    version: str
    tarball: Path | None
    deb: Path | None


def _version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


@pytest.fixture(scope="module")
def frozen_build() -> Build:
    """A fresh build: made here, or the one ``MODELHUB_FROZEN_DIR`` points at."""
    version = _version()
    reused = os.environ.get("MODELHUB_FROZEN_DIR")
    if reused:
        folder = Path(reused).resolve()
        assert folder.is_dir(), f"MODELHUB_FROZEN_DIR={reused} is not a build folder"
    else:
        cmd = [sys.executable, str(PACKAGING / "build.py"), "--no-smoke"]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, (
            f"packaging/build.py failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
        folder = PACKAGING / "dist" / "modelhub"
    dist = folder.parent
    executable = folder / ("modelhub-cli.exe" if sys.platform == "win32" else "modelhub")
    tarballs = sorted(dist.glob(f"modelhub-{version}-linux-*.tar.gz"))
    debs = sorted(dist.glob(f"modelhub_{version}_*.deb"))
    return Build(
        folder, executable, version, tarballs[-1] if tarballs else None, debs[-1] if debs else None
    )


def test_build_makes_versioned_linux_artifacts(frozen_build: Build) -> None:
    if not IS_LINUX:
        pytest.skip("the tar.gz and .deb are Linux artifacts")
    assert frozen_build.executable.exists()
    assert frozen_build.tarball is not None, "no modelhub-<version>-linux-<arch>.tar.gz"
    if not os.environ.get("MODELHUB_FROZEN_DIR"):
        assert frozen_build.deb is not None, "no modelhub_<version>_<arch>.deb"
    bundled = frozen_build.folder / "_internal"
    assert (bundled / "modelhub" / "storage" / "migrations" / "env.py").exists()
    assert (bundled / "resources" / "icons" / "app" / "modelhub.svg").exists()
    # The translations are built by the spec (never committed) and shipped ready.
    assert (bundled / "resources" / "translations" / "modelhub_zh_CN.qm").exists()
    assert (bundled / "resources" / "translations" / "modelhub_en.qm").exists()
    # importlib.metadata needs modelhub's metadata (dist-info, or the egg-info of an editable
    # install found first on the path) for `modelhub --version`.
    metadata = list(bundled.glob("modelhub-*.dist-info")) + list(bundled.glob("modelhub.egg-info"))
    assert metadata, "modelhub's package metadata is not bundled"


def test_smoke_test_passes_on_the_frozen_app(frozen_build: Build) -> None:
    cmd = [sys.executable, str(PACKAGING / "smoke_test.py"), str(frozen_build.executable)]
    if frozen_build.deb is not None and shutil.which("dpkg-deb"):
        cmd += ["--deb", str(frozen_build.deb)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"smoke test failed:\n{result.stdout}\n{result.stderr}"
    assert "smoke test passed" in result.stdout


@pytest.mark.postgres
def test_frozen_app_talks_to_postgresql(frozen_build: Build, pg_url: str) -> None:
    """The bundled psycopg binary driver and PostgreSQL dialect load in the frozen app."""
    cmd = [
        sys.executable,
        str(PACKAGING / "smoke_test.py"),
        str(frozen_build.executable),
        "--skip-gui",
        "--pg-url",
        pg_url,
    ]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"smoke test failed:\n{result.stdout}\n{result.stderr}"
    assert "ok   postgresql" in result.stdout
