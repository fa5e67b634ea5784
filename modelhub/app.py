"""The desktop app's composition root: services, view-models and window on one qasync loop.

This is the one module that imports every layer. Everything else takes its collaborators as
arguments, so tests build the same graph with a temp database and fake providers.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from modelhub.domain.errors import ModelHubError
    from modelhub.paths import AppPaths
    from modelhub.services.bootstrap import Services
    from modelhub.ui.views.main_window import MainWindow

APP_NAME = "ModelHub"
ORG_NAME = "ModelHub"
#: How long ``--smoke-test`` keeps the window open before closing it.
SMOKE_TEST_MS = 1000

NO_DISPLAY_MESSAGE = (
    "modelhub: cannot open the ModelHub window: no graphical display was found "
    "(DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "Use the command line instead: run `modelhub --help` to see the commands "
    "(for example `modelhub providers list`).\n"
    "To start the window without a screen (tests, screenshots), set QT_QPA_PLATFORM=offscreen."
)


def has_display(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt can open a window: always off Linux; on Linux X11, Wayland or a forced
    platform plugin (``QT_QPA_PLATFORM``)."""
    if not platform.startswith("linux"):
        return True
    return any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def debian_package_for(soname: str) -> str:
    """Debian's package name for a shared library (``libxcb-icccm.so.4`` → ``libxcb-icccm4``)."""
    base, _, version = soname.partition(".so.")
    major = version.split(".", 1)[0]
    if not major:
        return base
    return f"{base}-{major}" if base[-1:].isdigit() else f"{base}{major}"


def missing_xcb_library(
    environ: Mapping[str, str],
    platform: str = sys.platform,
    plugin: str | None = None,
) -> str | None:
    """The system library that keeps Qt's X11 plugin from loading, or None when it loads.

    Qt itself would abort with "could not load the Qt platform plugin xcb"; loading the
    plugin ahead of Qt names the missing library, so a person can install it in one command.
    """
    if not platform.startswith("linux"):
        return None
    forced = environ.get("QT_QPA_PLATFORM", "")
    if forced and not forced.startswith("xcb"):
        return None
    if not forced and (environ.get("WAYLAND_DISPLAY") or not environ.get("DISPLAY")):
        return None
    import ctypes
    import os.path
    import re

    if plugin is None:
        from PySide6.QtCore import QLibraryInfo

        plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
        plugin = os.path.join(plugins, "platforms", "libqxcb.so")
    if not os.path.exists(plugin):
        return None
    try:
        ctypes.CDLL(plugin)
    except OSError as exc:
        found = re.search(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object", str(exc))
        return found.group(1) if found else str(exc)
    return None


def _headless(environ: Mapping[str, str], smoke: bool) -> bool:
    return smoke or environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal")


def report_fatal(error: ModelHubError, headless: bool) -> None:
    """Tell the person why the app cannot start: a dialog, or stderr without a screen."""
    print(f"modelhub: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"hint: {error.hint}", file=sys.stderr)
    if headless:
        return
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    text = QCoreApplication.translate("AppShell", "ModelHub cannot start: {message}").format(
        message=error.message
    )

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    if error.hint:
        box.setInformativeText(error.hint)
    box.exec()


#: Top-level packages in this process that can use PySide6 (and so PySide6's ``__feature__``).
_PYSIDE_USERS = frozenset({"PySide6", "modelhub", "qasync", "pytestqt"})


def narrow_pyside_import_hook() -> None:
    """Spare the storage and HTTP stack from PySide6's per-import source scan.

    PySide6 (``shibokensupport.feature``) reads the full source of every module imported
    after it, looking for the text "PySide6" to decide whether ``from __feature__ import``
    switching applies, and linecache keeps that text. For SQLAlchemy, Alembic, httpx and
    cryptography that cost ~0.2 s and ~27 MB at start-up (measured in this run's
    benchmarks), for modules that never import Qt. The check still runs, unchanged, for
    the packages that do use PySide6. Does nothing if PySide6's internals differ.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "_modelhub_narrowed", False):
        return

    def uses_pyside(module: Any) -> bool:
        top = str(getattr(module, "__name__", "")).split(".", 1)[0]
        return top in _PYSIDE_USERS and bool(original(module))

    uses_pyside._modelhub_narrowed = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the names QSettings uses and our icon (created once)."""
    from PySide6.QtWidgets import QApplication

    from modelhub.ui.views.resources import app_icon

    narrow_pyside_import_hook()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    # No application display name: the platform would append it to every window title,
    # and the main window's title already starts with it ("ModelHub — Default").
    app.setDesktopFileName("modelhub")
    app.setWindowIcon(app_icon())
    # The loop must outlive the window so running requests are cancelled and awaited.
    app.setQuitOnLastWindowClosed(False)
    return app


class AppShell:
    """The built graph: context, view-models and main window, plus a clean shutdown.

    Args:
        services: The opened services, or None when they are opened after the window is
            shown (see :meth:`attach`).
        settings: Where the window keeps geometry, the last workspace and the app-wide
            settings (the key re-check interval).
        workspace: A workspace name or id asked for on the command line, or None.
        clock: The current time for the key re-check schedule and its notices (tests pass
            a fake one); None: the real clock.
        paths: The data and log folders (Settings, "Where is my data?"); None: this user's.
    """

    def __init__(
        self,
        services: Services | None,
        settings: QSettings,
        workspace: str | None = None,
        clock: Callable[[], datetime] | None = None,
        *,
        paths: AppPaths | None = None,
    ):
        from modelhub.paths import app_paths
        from modelhub.ui.viewmodels.catalog import CatalogViewModel
        from modelhub.ui.viewmodels.context import WorkspaceContext
        from modelhub.ui.viewmodels.data import DataViewModel
        from modelhub.ui.viewmodels.defaults import DefaultsViewModel
        from modelhub.ui.viewmodels.health import HealthViewModel
        from modelhub.ui.viewmodels.providers import ProvidersViewModel
        from modelhub.ui.viewmodels.schedule import RevalidationScheduler, utc_now
        from modelhub.ui.viewmodels.settings import SettingsViewModel, stored_hours
        from modelhub.ui.viewmodels.workspaces import WorkspacesViewModel
        from modelhub.ui.views.main_window import WORKSPACE_KEY, MainWindow

        now = clock or utc_now
        self.services = services
        self.context = WorkspaceContext()
        self.workspaces = WorkspacesViewModel(services, self.context)
        self.providers = ProvidersViewModel(services, self.context, clock=now)
        # One health-check view-model for both pages: one run at a time, one billing notice
        # per app run.
        self.health = HealthViewModel(services, self.context, parent=self.context)
        self.defaults = DefaultsViewModel(services, self.context, health=self.health)
        self.catalog = CatalogViewModel(services, self.context, health=self.health)
        self.scheduler = RevalidationScheduler(self.providers, stored_hours(settings), now)
        self.data = DataViewModel(services, paths or app_paths(), parent=self.context)
        self.settings_vm = SettingsViewModel(
            settings, self.scheduler, self.providers, self.context, data=self.data
        )
        self._wire_appearance()
        self.window: MainWindow = MainWindow(
            self.context,
            self.workspaces,
            self.providers,
            self.defaults,
            self.catalog,
            settings,
            scheduler=self.scheduler,
            settings_vm=self.settings_vm,
            data=self.data,
        )
        remembered = settings.value(WORKSPACE_KEY)
        self.preferred = workspace or (str(remembered) if remembered else None)
        self.data.restored.connect(self._on_restored)

    def _on_restored(self, _kept: str) -> None:
        """A restored database has other workspaces and configs: every page reloads (a
        workspace that is still there stays current)."""
        self.workspaces.load(self.context.workspace_id or self.preferred)
        self.providers.reload()
        self.context.notify_catalog_changed()

    def _wire_appearance(self) -> None:
        """Apply the stored theme now and each saved change at once; a saved language
        applies live only when the translations can retranslate open windows."""
        from PySide6.QtWidgets import QApplication

        from modelhub.ui.views.appearance import Appearance

        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        self.appearance = Appearance(app)
        self.appearance.apply(self.settings_vm.theme)
        self.settings_vm.theme_changed.connect(self.appearance.apply)
        try:
            from modelhub.ui import i18n
        except ImportError:  # no translations in this build: the setting waits for them
            return
        install = getattr(i18n, "install_translator", None)
        live = bool(getattr(i18n, "LIVE_RETRANSLATION", False))
        if callable(install) and live:
            self.settings_vm.language_applies_live = True
            self.settings_vm.language_changed.connect(lambda language: install(app, language))

    def start(self, collect_garbage: bool = True) -> None:
        """Load the workspaces (then every page follows the context) and show the window.

        Args:
            collect_garbage: Take over Python's cyclic garbage collection (see
                ``modelhub.ui.qtgc``): main-thread only, with start-up objects frozen so
                later collections stay short. Tests that manage GC themselves pass False.
        """
        from modelhub.ui.qtgc import MainThreadGarbageCollector

        if collect_garbage:
            self.collector = MainThreadGarbageCollector(parent=self.window)
            # What exists now (modules, Qt wrappers, the window) lives as long as the app.
            self.collector.freeze()
        self.window.show()
        # Stored keys are re-checked on a schedule while the window is open.
        self.scheduler.start()
        if self.services is not None:
            self._load()
        else:
            from PySide6.QtCore import QCoreApplication

            self.window.show_status(QCoreApplication.translate("AppShell", "Opening the database…"))

    def attach(self, services: Services) -> None:
        """Hand the services, opened after the window was shown, to every view-model."""
        import linecache

        self.services = services
        for vm in (self.workspaces, self.providers, self.health, self.defaults, self.catalog):
            vm.attach(services)
        self.data.attach(services)
        # PySide6's import hook reads the source of every module imported after it
        # (shibokensupport.feature, looking for "PySide6") and linecache keeps it: ~15 MB of
        # SQLAlchemy source nobody will show. Tracebacks re-read files on demand.
        linecache.clearcache()
        # The database is open: "Opening the database…" is no longer true.
        self.window.show_status("")
        self._load()

    def _load(self) -> None:
        from modelhub.ui.viewmodels.labels import notice_text

        assert self.services is not None
        self.workspaces.load(self.preferred)
        for notice in self.services.notices:
            # A first-run notice is news once: it goes with the status lifetime (the
            # notice dialog of run_window keeps the full text).
            self.context.post_status(notice_text(notice))

    def cancel_all(self) -> None:
        """Cancel every running request of every view-model."""
        for vm in (self.workspaces, self.providers, self.defaults, self.catalog, self.health):
            cancel = getattr(vm, "cancel_all", None)
            if callable(cancel):
                cancel()
        self.data.cancel_all()

    async def shutdown(self) -> None:
        """Cancel running requests, wait for them to unwind, then close the services."""
        self.scheduler.stop()
        self.cancel_all()
        for vm in (self.workspaces, self.providers, self.defaults, self.catalog, self.health):
            runner: Any = getattr(vm, "runner", None)
            if runner is not None:
                await runner.wait_idle()
        await self.data.runner.wait_idle()
        if self.services is not None:
            await self.services.aclose()


def show_notices(window: MainWindow, notices: list[str], headless: bool) -> None:
    """Show start-up notices (e.g. where a generated key was stored) once, without blocking."""
    if not notices:
        return
    from modelhub.ui.viewmodels.labels import notice_text

    text = "\n\n".join(notice_text(notice) for notice in notices)
    if headless:
        print(text, file=sys.stderr)
        return
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, text, parent=window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()


async def run_window(
    shell: AppShell,
    smoke: bool,
    headless: bool,
    opener: Callable[[], Services] | None = None,
) -> int:
    """Show the window, open the services if not yet open, run until it closes; shut down.

    Args:
        shell: The built window and view-models.
        smoke: Close after :data:`SMOKE_TEST_MS` (``--smoke-test``).
        headless: No screen: report to stderr instead of dialogs.
        opener: Opens the services; run on a worker thread after the window is shown, so
            the window appears at once even when the database is slow to answer.

    Returns:
        0 after a clean close; 1 when the services could not be opened.
    """
    from PySide6.QtCore import QTimer

    from modelhub.domain.errors import ModelHubError
    from modelhub.ui.asyncgen_hooks import install_asyncgen_hooks

    install_asyncgen_hooks(asyncio.get_running_loop())
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def on_closed() -> None:
        if not closed.done():
            closed.set_result(None)

    shell.window.closed.connect(on_closed)
    shell.start()
    if opener is not None:
        try:
            services = await asyncio.to_thread(opener)
        except ModelHubError as exc:
            report_fatal(exc, headless)
            shell.window.close()
            await shell.shutdown()
            return 1
        shell.attach(services)
    assert shell.services is not None
    show_notices(shell.window, shell.services.notices, headless)
    if smoke:
        QTimer.singleShot(SMOKE_TEST_MS, shell.window.close)
    await closed
    await shell.shutdown()
    if smoke:
        print("modelhub: smoke test passed (window opened and closed cleanly)")
    return 0


def main(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> int:
    """Start the desktop app.

    Args:
        args: Parsed command line (``db``, ``env_file``, ``workspace``, ``smoke_test``).
        environ: Environment to read (defaults to ``os.environ``).

    Returns:
        The process exit status: 0 after a clean close, 1 when the app cannot start.
    """
    env = os.environ if environ is None else environ
    if not has_display(env):
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    missing = missing_xcb_library(env)
    if missing:
        package = debian_package_for(missing) if missing.startswith("lib") else "?"
        print(
            f"modelhub: cannot open the window: Qt's X11 support needs the system library "
            f"{missing}, which is not installed.\nInstall it (Debian/Ubuntu: "
            f"`sudo apt install {package}`; the full list is in packaging/README.md), or use "
            "the command line meanwhile: `modelhub --help`.",
            file=sys.stderr,
        )
        return 1
    import qasync
    from PySide6.QtCore import QSettings

    smoke = bool(getattr(args, "smoke_test", False))
    headless = _headless(env, smoke)
    from modelhub.ui.i18n import install_translator, language_setting

    app = make_application()
    # Before any widget exists: LANG (QLocale.system()) or the ui/language setting.
    install_translator(app, language_setting(QSettings()))
    db = getattr(args, "db", None)
    env_file = getattr(args, "env_file", None)

    def opener() -> Services:
        # Imported here, on the worker thread: the storage stack is the slow part of start-up.
        from modelhub.services.bootstrap import open_services

        return open_services(db=db, env_file=env_file)

    shell = AppShell(None, QSettings(), getattr(args, "workspace", None))
    result: int = qasync.run(run_window(shell, smoke, headless, opener))
    return result
