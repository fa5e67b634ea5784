"""What the PyInstaller specs leave out, shared by ``modelhub.spec`` and ``bare_window.spec``.

Both specs use the same rules so that ``benchmarks/bundle.py`` compares like with like. The rules:

* Python modules: Qt modules ModelHub never imports, the other Qt bindings ``qasync`` probes for,
  and test/dev tooling.
* Qt plugins: only what a desktop widget app needs (xcb, wayland and offscreen platforms, input
  methods, SVG/ICO image formats, the SVG icon engine, the xdg portal theme). Qt translations are
  dropped: ModelHub's UI is English only.
* Linux host libraries: the display stack (X11/xcb, xkbcommon, wayland, EGL/GL, fontconfig,
  freetype, D-Bus, GLib) and the C++ runtime are taken from the system, never bundled. Bundled
  copies of these break against the host's graphics drivers and config files, and which of them
  PyInstaller picks up would otherwise depend on what the build machine happens to have installed.
  The ``.deb`` declares them in ``Depends`` (``linux_deps.py`` maps each one to its package).
* Finally, shared libraries no kept binary links against any more are dropped (the GTK theme
  plugin alone drags in cairo, pango and gdk-pixbuf).
"""

from __future__ import annotations

import fnmatch
import re
import struct
import sys
from pathlib import Path, PurePosixPath

QT_EXCLUDES: list[str] = [
    f"PySide6.{name}"
    for name in (
        "Qt3DAnimation",
        "Qt3DCore",
        "Qt3DExtras",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DRender",
        "QtBluetooth",
        "QtCharts",
        "QtConcurrent",
        "QtDataVisualization",
        "QtDesigner",
        "QtHelp",
        "QtHttpServer",
        "QtLabsStyleKit",
        "QtLocation",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtNetwork",
        "QtNetworkAuth",
        "QtNfc",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPdf",
        "QtPdfWidgets",
        "QtPositioning",
        "QtPrintSupport",
        "QtQml",
        "QtQmlFeatures",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickTest",
        "QtQuickWidgets",
        "QtRemoteObjects",
        "QtScxml",
        "QtSensors",
        "QtSerialBus",
        "QtSerialPort",
        "QtSpatialAudio",
        "QtSql",
        "QtStateMachine",
        "QtTest",
        "QtTextToSpeech",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtXml",
    )
] + [
    # qasync probes for every binding; only PySide6 is installed, but never let another in.
    "PyQt5",
    "PyQt6",
    "PySide2",
]

STDLIB_EXCLUDES: list[str] = [
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "test",
    "unittest",
    "pydoc_data",
    "ensurepip",
    "venv",
    "distutils",
    "setuptools",
    "pkg_resources",
    # Dev and test tooling that must never ride along.
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_asyncio",
    "hypothesis",
    "respx",
    "mypy",
    "importlinter",
    "grimp",
    "ruff",
    "IPython",
    # httpx's optional command line (`httpx[cli]`) and its terminal rendering stack: ~2.5 MB.
    "click",
    "rich",
    "pygments",
    "markdown_it",
    "mdurl",
    # Test helpers and the database dialects ModelHub does not support (SQLite and PostgreSQL
    # only); SQLAlchemy imports dialects by name, on demand.
    "alembic.testing",
    "sqlalchemy.testing",
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.dialects.oracle",
]

#: Bytecode optimisation level for the bundled modules: 2 drops docstrings (SQLAlchemy's alone
#: are megabytes) and asserts. ModelHub uses asserts only to narrow types, never to check input,
#: and neither it nor its dependencies read ``__doc__`` at run time; the smoke test covers the
#: CLI, the window and the migrations under this setting.
OPTIMIZE = 2

#: Qt plugin folders (under PySide6/Qt/plugins) and the files kept in each; a folder not listed
#: is dropped entirely.
QT_PLUGINS_KEPT: dict[str, tuple[str, ...]] = {
    "platforms": (
        "*qxcb*",
        "*qwayland*",
        "*qoffscreen*",
        "*qminimal.*",
        "qwindows*",
        "qdirect2d*",
        "libqcocoa*",
    ),
    "platformthemes": ("*qxdgdesktopportal*",),
    "platforminputcontexts": ("*",),
    "xcbglintegrations": ("*",),
    "wayland-shell-integration": ("*xdg-shell*",),
    "wayland-decoration-client": ("*",),
    "wayland-graphics-integration-client": ("*wayland-egl*", "*shm-emulation*"),
    "imageformats": ("*qsvg*", "*qico*"),
    "iconengines": ("*qsvgicon*",),
    "styles": ("*",),
}

#: Sonames (globs) always taken from the Linux host; see the module docstring.
LINUX_HOST_LIBS: tuple[str, ...] = (
    "libX11.so*",
    "libX11-xcb.so*",
    "libXau.so*",
    "libXdmcp.so*",
    "libXext.so*",
    "libXrender.so*",
    "libXi.so*",
    "libxcb*.so*",
    "libxkbcommon*.so*",
    "libwayland-*.so*",
    "libEGL.so*",
    "libGL.so*",
    "libGLX.so*",
    "libOpenGL.so*",
    "libGLdispatch.so*",
    "libdrm.so*",
    "libgbm.so*",
    "libfontconfig.so*",
    "libfreetype.so*",
    "libdbus-1.so*",
    "libglib-2.0.so*",
    "libgobject-2.0.so*",
    "libgio-2.0.so*",
    "libgmodule-2.0.so*",
    "libgthread-2.0.so*",
    "libsystemd.so*",
    "libstdc++.so*",
    "libgcc_s.so*",
    "libSM.so*",
    "libICE.so*",
)

# PySide6/Qt/plugins on Linux and macOS, PySide6/plugins on Windows.
_PLUGIN_RE = re.compile(r"(?:^|/)(?:Qt6?|PySide6)/plugins/(?P<folder>[^/]+)/(?P<file>[^/]+)$")
_TRANSLATION_RE = re.compile(r"(?:^|/)(?:Qt6?|PySide6)/translations/")
_SHARED_LIB_RE = re.compile(r"\.so(\.\d+)*$")


def _dest(entry: tuple[str, str, str]) -> str:
    """The destination path of a TOC entry, with forward slashes (Windows too)."""
    return Path(entry[0]).as_posix()


def keep_plugin(dest: str) -> bool:
    """Whether a collected file under Qt's plugins folder is one we ship."""
    match = _PLUGIN_RE.search(dest)
    if match is None:
        return True
    patterns = QT_PLUGINS_KEPT.get(match["folder"])
    return patterns is not None and any(fnmatch.fnmatch(match["file"], p) for p in patterns)


def is_host_lib(name: str) -> bool:
    """Whether a Linux soname is one the system provides (never bundled)."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in LINUX_HOST_LIBS)


def elf_needed(path: str | Path) -> list[str]:
    """The ``DT_NEEDED`` sonames of a 64-bit little-endian ELF file (x86_64, aarch64).

    Returns an empty list for anything that is not such a file.
    """
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads: list[tuple[int, int, int]] = []
    dynamic: tuple[int, int] | None = None
    for i in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize
        )
        if p_type == 1:  # PT_LOAD
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == 2:  # PT_DYNAMIC
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        return []
    needed: list[int] = []
    strtab_vaddr = None
    for off in range(dynamic[0], dynamic[0] + dynamic[1], 16):
        tag, value = struct.unpack_from("<qQ", data, off)
        if tag == 0:  # DT_NULL
            break
        if tag == 1:  # DT_NEEDED
            needed.append(value)
        elif tag == 5:  # DT_STRTAB
            strtab_vaddr = value
    if strtab_vaddr is None:
        return []
    strtab = next(
        (
            off + strtab_vaddr - vaddr
            for vaddr, off, size in loads
            if vaddr <= strtab_vaddr < vaddr + size
        ),
        strtab_vaddr,
    )
    names = []
    for index in needed:
        start = strtab + index
        names.append(data[start : data.index(b"\0", start)].decode())
    return names


def _gc_unreachable_libs(toc: list) -> list:
    """Drop shared libraries (not extensions or plugins) that nothing kept links against."""
    libs = {}
    roots = []
    for entry in toc:
        dest = _dest(entry)
        is_plain_lib = (
            entry[2] == "BINARY"
            and _SHARED_LIB_RE.search(dest)
            and "/plugins/" not in dest
            and not PurePosixPath(dest).name.startswith("libpython")
        )
        if is_plain_lib:
            libs.setdefault(PurePosixPath(dest).name, []).append(entry)
        else:
            roots.append(entry)
    reachable: set[str] = set()
    queue = [entry[1] for entry in roots if _SHARED_LIB_RE.search(_dest(entry))]
    seen_files: set[str] = set()
    while queue:
        source = queue.pop()
        if source in seen_files:
            continue
        seen_files.add(source)
        try:
            needed = elf_needed(source)
        except OSError:
            continue
        for soname in needed:
            if soname in libs and soname not in reachable:
                reachable.add(soname)
                queue.extend(entry[1] for entry in libs[soname])
    dropped = set(libs) - reachable
    # Drop the libraries and any symlink PyInstaller made to them.
    return [
        entry
        for entry in toc
        if not (entry[2] in ("BINARY", "SYMLINK") and PurePosixPath(_dest(entry)).name in dropped)
    ]


def prune_toc(toc: list) -> list:
    """Apply the rules of this module to an Analysis TOC (binaries and datas together).

    Symlinks to dropped libraries can sit in either list, so prune them as one.
    """
    kept = [
        entry
        for entry in toc
        if keep_plugin(_dest(entry)) and not _TRANSLATION_RE.search(_dest(entry))
    ]
    if sys.platform.startswith("linux"):
        kept = [entry for entry in kept if not is_host_lib(PurePosixPath(_dest(entry)).name)]
        kept = _gc_unreachable_libs(kept)
    return kept


def prune_analysis(analysis) -> None:
    """Prune ``analysis.binaries`` and ``analysis.datas`` in place."""
    binaries = {id(entry) for entry in analysis.binaries}
    kept = prune_toc(list(analysis.binaries) + list(analysis.datas))
    analysis.binaries = [entry for entry in kept if id(entry) in binaries]
    analysis.datas = [entry for entry in kept if id(entry) not in binaries]
