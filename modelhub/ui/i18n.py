"""The window's language: Qt translators built from ``resources/translations/*.ts``.

The ``.ts`` sources are kept in the repository; the ``.qm`` files Qt loads are built, never
committed: a frozen bundle ships them ready (``packaging/build.py`` compiles them), and a
source checkout or a pip install compiles them on first use with the ``lrelease`` that comes
with PySide6, into ``<data folder>/cache/translations`` (``MODELHUB_HOME`` moves it), again
whenever a ``.ts`` is newer than its ``.qm``. When no ``.qm`` can be had the window stays in
English, with a line in the log; it never fails to start over a translation.

The language is ``system`` (the person's locale: ``LANG=zh_CN.UTF-8`` gives Chinese), ``en``
or ``zh_CN``; the setting :data:`LANGUAGE_KEY` overrides the locale. QtCore only, so
view-models can ask :func:`current_language` for the registry's Chinese labels.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from modelhub.paths import app_paths

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)

#: QSettings key of the language choice: one of :data:`LANGUAGES`.
LANGUAGE_KEY = "ui/language"
#: The choices: follow the system locale, English, Simplified Chinese.
LANGUAGES = ("system", "en", "zh_CN")
#: The languages the window can show (``en`` needs a catalog only for plural forms).
TRANSLATED = ("en", "zh_CN")
#: The catalogs' base name: ``modelhub_zh_CN.ts``.
CATALOG = "modelhub"
#: The application property holding the language shown (set by :func:`install_translator`).
_LANGUAGE_PROPERTY = "modelhubLanguage"
_TRANSLATOR_NAME = "modelhubTranslator"


def translations_dir() -> Path:
    """``resources/translations``: inside the bundle when frozen, at the repository top in a
    checkout, else where a pip install put it (``<prefix>/share/modelhub/translations``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "translations"
    checkout = Path(__file__).resolve().parents[2] / "resources" / "translations"
    installed = Path(sys.prefix) / "share" / "modelhub" / "translations"
    return checkout if checkout.is_dir() or not installed.is_dir() else installed


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """Where compiled ``.qm`` files are kept (under the data folder)."""
    return app_paths(environ).data_dir / "cache" / "translations"


def lrelease_executable() -> Path | None:
    """PySide6's own ``lrelease`` (next to the package, or ``pyside6-lrelease`` in the
    environment's scripts), or None."""
    import PySide6

    exe = ".exe" if sys.platform == "win32" else ""
    package = Path(PySide6.__file__).resolve().parent
    scripts = Path(sys.executable).parent
    for candidate in (
        package / f"lrelease{exe}",
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.BinariesPath)) / f"lrelease{exe}",
        scripts / f"pyside6-lrelease{exe}",
    ):
        if candidate.is_file():
            return candidate
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_catalog(source: Path, target: Path, lrelease: Path | None = None) -> bool:
    """Build ``target`` (.qm) from ``source`` (.ts) with lrelease; False when it cannot."""
    tool = lrelease or lrelease_executable()
    if tool is None:
        log.warning("no lrelease found: cannot build %s, the window stays in English", target.name)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(  # noqa: S603 (our own tool on our own file)
            [str(tool), "-silent", str(source), "-qm", str(target)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease failed on %s (%s): the window stays in English", source.name, exc)
        return False
    if done.returncode != 0 or not target.is_file():
        log.warning(
            "lrelease failed on %s (%s): the window stays in English",
            source.name,
            (done.stderr or done.stdout).strip()[:300],
        )
        return False
    return True


def catalog_file(language: str, environ: dict[str, str] | None = None) -> Path | None:
    """The ``.qm`` of ``language``: shipped ready in a bundle, else built (again when its
    ``.ts`` is newer); None when there is none and it cannot be built."""
    name = f"{CATALOG}_{language}"
    source = translations_dir() / f"{name}.ts"
    shipped = translations_dir() / f"{name}.qm"
    frozen = getattr(sys, "_MEIPASS", None) is not None
    if shipped.is_file() and (
        frozen or not source.is_file() or shipped.stat().st_mtime >= source.stat().st_mtime
    ):
        return shipped
    if not source.is_file():
        log.warning("no translation source %s: the window stays in English", source)
        return None
    target = cache_dir(environ) / f"{name}.qm"
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    return target if compile_catalog(source, target) else None


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """The language shown for the setting ``choice`` (``system``: from the locale)."""
    if choice in TRANSLATED:
        return choice
    locale = system if system is not None else QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    return "en"


def language_setting(settings: QSettings) -> str:
    """The language choice kept in ``settings`` (``system`` when absent or unknown)."""
    value = str(settings.value(LANGUAGE_KEY, "system") or "system")
    return value if value in LANGUAGES else "system"


def install_translator(
    app: QCoreApplication,
    language: str = "system",
    system: QLocale | None = None,
    environ: dict[str, str] | None = None,
) -> str:
    """Show the window in ``language`` (one of :data:`LANGUAGES`) from now on.

    Replaces the translators installed by an earlier call; widgets built afterwards speak
    the new language (Qt also sends ``LanguageChange`` to those that exist). Numbers and
    dates follow (``QLocale.setDefault``).

    Args:
        app: The application.
        language: ``system``, ``en`` or ``zh_CN``.
        system: The locale ``system`` means (tests pass one); None: the person's.
        environ: Environment for the cache folder (``MODELHUB_HOME``); None: the process's.

    Returns:
        The language now shown: ``en`` or ``zh_CN`` (``en`` when the catalog is missing).
    """
    wanted = resolve_language(language, system)
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    shown = "en"
    qm = catalog_file(wanted, environ)
    if qm is not None:
        translator = QTranslator(app)
        translator.setObjectName(_TRANSLATOR_NAME)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            shown = wanted
        else:
            log.warning("cannot load %s: the window stays in English", qm)
            translator.deleteLater()
    if shown != wanted:
        log.warning("language %s is not available: showing English", wanted)
    app.setProperty(_LANGUAGE_PROPERTY, shown)
    # Numbers and dates as the language writes them; English keeps the person's own formats
    # unless their locale is Chinese.
    locale = system if system is not None else QLocale.system()
    if shown == "zh_CN":
        locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    elif locale.language() == QLocale.Language.Chinese:
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    QLocale.setDefault(locale)
    return shown


def current_language() -> str:
    """The language the window shows now (``en`` or ``zh_CN``)."""
    app = QCoreApplication.instance()
    value = app.property(_LANGUAGE_PROPERTY) if app is not None else None
    return str(value) if value in TRANSLATED else "en"
