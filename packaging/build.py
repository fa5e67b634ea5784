"""Build the ModelHub release artifacts for this platform, then smoke-test them.

Run it in the project's environment with its packaging extra installed::

    pip install -e '.[packaging]'
    python packaging/build.py

On Linux this makes, in ``packaging/dist/``:

* ``modelhub/``: the PyInstaller one-folder app (``modelhub/modelhub`` is the executable),
* ``modelhub-<version>-linux-<arch>.tar.gz``: that folder, portable,
* ``modelhub_<version>_<debarch>.deb``: the app under ``/opt/modelhub`` with ``/usr/bin/modelhub``,
  a desktop entry and icons, and ``Depends`` on the system libraries the bundled Qt links
  against (computed from the ELF files actually bundled, see :func:`linux_depends`),

and then runs ``packaging/smoke_test.py`` on the folder and the ``.deb``. On Windows and macOS it
runs PyInstaller and the smoke test only; the installers are made by ``windows/modelhub.iss`` and
``macos/build_dmg.sh`` (see ``packaging/README.md`` and ``.github/workflows/release.yml``).

Needs on Linux: ``binutils`` (PyInstaller's ``objdump``/``strip``) and ``dpkg-deb`` (``dpkg``);
the checks at the start say so if they are missing.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SPEC = PACKAGING / "modelhub.spec"
BUILD_DIR = PACKAGING / "build"
DIST_DIR = PACKAGING / "dist"
LINUX_DIR = PACKAGING / "linux"
IS_LINUX = sys.platform.startswith("linux")

sys.path.insert(0, str(PACKAGING))
from bundle_filters import elf_needed  # noqa: E402

#: Sonames every Debian/Ubuntu system has (Essential or pulled in by the ones below anyway).
BASE_SONAMES = {
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
    "libresolv.so.2",
    "libutil.so.1",
}

#: Host libraries the bundle may link against, and the Debian package providing each. A soname
#: not listed here and not bundled stops the build: add it here (check with `dpkg -S`).
SONAME_PACKAGES = {
    "libgcc_s.so.1": "libgcc-s1",
    "libstdc++.so.6": "libstdc++6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}

#: The package is useless without these even if a future Qt stops linking one of them directly
#: (the xcb plugin is what refuses to start on a bare Debian without libxcb-cursor0).
REQUIRED_DEPENDS = {"libxcb-cursor0", "libxkbcommon-x11-0", "libfontconfig1", "libdbus-1-3"}

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


class BuildError(Exception):
    """A problem the person running the build can fix; the message says how."""


def title(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def project() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]


def pinned_pyinstaller(proj: dict[str, object]) -> str | None:
    extras = proj.get("optional-dependencies", {})
    for requirement in extras.get("packaging", []):  # type: ignore[union-attr]
        match = re.fullmatch(r"pyinstaller==(\S+)", requirement.strip(), re.IGNORECASE)
        if match:
            return match.group(1)
    return None


def check_environment(version: str, proj: dict[str, object], need_deb: bool) -> None:
    """Fail early, with the fix, when the environment cannot produce a correct build."""
    problems = []
    try:
        installed = importlib.metadata.version("modelhub")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != version:
        problems.append(
            f"the installed modelhub metadata says {installed!r} but pyproject.toml says "
            f"{version!r}; the frozen app reports the installed one. Run "
            "`pip install -e '.[packaging]'` in this environment."
        )
    try:
        import PyInstaller
    except ImportError:
        problems.append("PyInstaller is missing: run `pip install -e '.[packaging]'`.")
    else:
        wanted = pinned_pyinstaller(proj)
        if wanted and PyInstaller.__version__ != wanted:
            problems.append(
                f"PyInstaller {PyInstaller.__version__} is installed but pyproject.toml pins "
                f"{wanted}: run `pip install -e '.[packaging]'`."
            )
    if IS_LINUX:
        tools = {
            "objdump": "binutils",
            "strip": "binutils",
            "ldd": "libc-bin",
        }
        if need_deb:
            tools["dpkg-deb"] = "dpkg"
        missing = sorted({pkg for tool, pkg in tools.items() if shutil.which(tool) is None})
        if missing:
            problems.append(
                f"missing build tools: `sudo apt-get install {' '.join(missing)}` "
                f"(needed: {', '.join(t for t in tools if shutil.which(t) is None)})."
            )
    if problems:
        raise BuildError("cannot build:\n  - " + "\n  - ".join(problems))


def run_pyinstaller() -> Path:
    title("PyInstaller (one folder)")
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST_DIR),
        "--workpath",
        str(BUILD_DIR / "pyinstaller"),
        str(SPEC),
    ]
    started = time.monotonic()
    subprocess.run(cmd, check=True, cwd=ROOT)
    print(f"    done in {time.monotonic() - started:.0f} s")
    return DIST_DIR / "modelhub"


def executable_in(folder: Path) -> Path:
    if sys.platform == "win32":
        return folder / "modelhub-cli.exe"
    return folder / "modelhub"


def arch_names() -> tuple[str, str]:
    """(machine name for the tarball, Debian architecture for the .deb)."""
    machine = platform.machine().lower()
    deb = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine)
    if shutil.which("dpkg"):
        deb = subprocess.run(
            ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
        ).stdout.strip()
    if deb is None:
        raise BuildError(f"no Debian architecture known for machine {machine!r}")
    return machine, deb


def make_tarball(folder: Path, version: str, machine: str) -> Path:
    title("tar.gz")
    top = f"modelhub-{version}"
    target = DIST_DIR / f"modelhub-{version}-linux-{machine}.tar.gz"

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=top, filter=clean)
    print(f"    {target.relative_to(ROOT)} ({target.stat().st_size / 1e6:.1f} MB)")
    return target


def linux_depends(folder: Path) -> list[str]:
    """The Debian packages for every soname the bundle links against but does not carry.

    Reads ``DT_NEEDED`` of every ELF file in the bundle (what ``ldd`` would resolve, without
    needing the libraries installed here).

    Raises:
        BuildError: A needed soname is neither bundled, a base library, nor in
            :data:`SONAME_PACKAGES`.
    """
    bundled = {path.name for path in folder.rglob("*")}
    needed: dict[str, set[str]] = {}
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        for soname in elf_needed(path):
            if soname not in bundled and soname not in BASE_SONAMES:
                needed.setdefault(soname, set()).add(str(path.relative_to(folder)))
    unknown = sorted(set(needed) - set(SONAME_PACKAGES))
    if unknown:
        details = "; ".join(f"{name} (needed by {sorted(needed[name])[0]})" for name in unknown)
        raise BuildError(
            "the bundle links against system libraries with no known Debian package: "
            f"{details}. Add them to SONAME_PACKAGES in packaging/build.py."
        )
    packages = {SONAME_PACKAGES[name] for name in needed} | REQUIRED_DEPENDS
    return sorted(packages)


def render(template: Path, **values: str) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("@" + key.upper() + "@", value)
    leftover = re.findall(r"@[A-Z_]+@", text)
    if leftover:
        raise BuildError(f"{template.name}: no value for {', '.join(sorted(set(leftover)))}")
    return text


def dir_size_kib(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*")) // 1024 + 1


def make_deb(folder: Path, version: str, deb_arch: str) -> Path:
    title(".deb")
    stage = BUILD_DIR / "deb" / f"modelhub_{version}_{deb_arch}"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / "opt" / "modelhub"
    shutil.copytree(folder, opt, symlinks=True)

    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    # The bootloader resolves its own path through the symlink and finds _internal beside it.
    (bin_dir / "modelhub").symlink_to("/opt/modelhub/modelhub")

    share = stage / "usr" / "share"
    apps = share / "applications"
    apps.mkdir(parents=True)
    desktop_src = ROOT / "resources" / "modelhub.desktop"
    if not desktop_src.exists():
        desktop_src = LINUX_DIR / "modelhub.desktop"
    shutil.copyfile(desktop_src, apps / "modelhub.desktop")

    icons_src = ROOT / "resources" / "icons" / "app"
    hicolor = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = icons_src / f"modelhub-{size}.png"
        if png.exists():
            target = hicolor / f"{size}x{size}" / "apps"
            target.mkdir(parents=True)
            shutil.copyfile(png, target / "modelhub.png")
    svg = icons_src / "modelhub.svg"
    if svg.exists():
        (hicolor / "scalable" / "apps").mkdir(parents=True)
        shutil.copyfile(svg, hicolor / "scalable" / "apps" / "modelhub.svg")

    doc = share / "doc" / "modelhub"
    doc.mkdir(parents=True)
    shutil.copyfile(LINUX_DIR / "copyright", doc / "copyright")

    depends = linux_depends(folder)
    control_dir = stage / "DEBIAN"
    control_dir.mkdir()
    (control_dir / "control").write_text(
        render(
            LINUX_DIR / "control.in",
            version=version,
            arch=deb_arch,
            depends=", ".join(depends),
            installed_size=str(dir_size_kib(stage)),
        ),
        encoding="utf-8",
    )

    # dpkg-deb wants sane modes: directories 0755, files 0644 unless executable.
    for path in [stage, *stage.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)

    target = DIST_DIR / f"modelhub_{version}_{deb_arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(stage), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"    {target.relative_to(ROOT)} ({target.stat().st_size / 1e6:.1f} MB)")
    print(f"    Depends: {', '.join(depends)}")
    return target


def smoke_test(folder: Path, deb: Path | None) -> None:
    title("smoke test")
    cmd = [sys.executable, str(PACKAGING / "smoke_test.py"), str(executable_in(folder))]
    if deb is not None:
        cmd += ["--deb", str(deb)]
    result = subprocess.run(cmd, check=False)
    if result.returncode != 0:
        raise BuildError("the smoke test of the frozen app failed (see above)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reuse", action="store_true", help="skip PyInstaller; package packaging/dist/modelhub"
    )
    parser.add_argument("--no-deb", action="store_true", help="do not build the .deb")
    parser.add_argument("--no-smoke", action="store_true", help="do not run the smoke test")
    args = parser.parse_args(argv)

    proj = project()
    version = str(proj["version"])
    need_deb = IS_LINUX and not args.no_deb
    try:
        check_environment(version, proj, need_deb)
        folder = DIST_DIR / "modelhub"
        if args.reuse:
            if not executable_in(folder).exists():
                raise BuildError(f"--reuse: {folder} holds no build; run without --reuse")
        else:
            folder = run_pyinstaller()
        deb = None
        artifacts = [folder]
        if IS_LINUX:
            machine, deb_arch = arch_names()
            artifacts.append(make_tarball(folder, version, machine))
            if need_deb:
                deb = make_deb(folder, version, deb_arch)
                artifacts.append(deb)
        if not args.no_smoke:
            smoke_test(folder, deb)
    except BuildError as exc:
        print(f"\nbuild.py: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(
            f"\nbuild.py: command failed ({exc.returncode}): {' '.join(exc.cmd)}", file=sys.stderr
        )
        return 1
    title("artifacts")
    for path in artifacts:
        print(f"    {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    sys.exit(main())
