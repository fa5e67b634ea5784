"""Keep the window's translations: update the ``.ts`` sources, build the ``.qm`` files.

    python packaging/translations.py update       # after changing a user-visible string
    python packaging/translations.py compile DIR  # .qm files into DIR (the build does this)

``update`` runs PySide6's ``lupdate`` over the window's sources (:data:`SOURCES`) into every
``resources/translations/modelhub_*.ts``, keeping the translations already made. Messages with
``%n`` become plural ("numerus") messages even when they reach Qt through
``QCoreApplication.translate`` (lupdate only detects ``self.tr(..., n)``), so Chinese gets one
form and English two; a new message is left unfinished for a translator, and
``tests/ui/test_translations.py`` fails until it is translated.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
#: What lupdate reads: every module whose strings reach the window.
SOURCES = ("modelhub/ui/views", "modelhub/ui/viewmodels", "modelhub/app.py")
#: Plural forms per language (Chinese has one, English two).
NUMERUS_FORMS = {"zh_CN": 1, "en": 2}
#: Languages the code is written in: their catalogs hold the plural messages only.
SOURCE_LANGUAGES = ("en",)

Message = tuple[str, str, str]  # context, source, disambiguation comment


def tool(name: str) -> str:
    """PySide6's own ``lupdate`` or ``lrelease`` (next to the package, or on PATH)."""
    import PySide6

    exe = ".exe" if sys.platform == "win32" else ""
    bundled = Path(PySide6.__file__).resolve().parent / f"{name}{exe}"
    if bundled.is_file():
        return str(bundled)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if not found:
        raise SystemExit(f"translations: PySide6's {name} was not found")
    return found


def source_files() -> list[str]:
    """The Python files lupdate reads, relative to the repository."""
    files: list[str] = []
    for entry in SOURCES:
        path = ROOT / entry
        found = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        files += [str(p.relative_to(ROOT)) for p in found]
    return files


def extract(target: Path) -> None:
    """Run lupdate over :func:`source_files` into ``target`` (kept translations and all)."""
    options = ["-silent", "-locations", "none", "-no-obsolete"]
    subprocess.run(
        [tool("lupdate"), *options, *source_files(), "-ts", str(target)],
        cwd=ROOT,
        check=True,
    )


def _key(message: ET.Element, context: str) -> Message:
    return (context, message.findtext("source") or "", message.findtext("comment") or "")


def read_translations(ts: Path) -> dict[Message, list[str]]:
    """Every finished translation in ``ts``: its forms (one unless plural)."""
    if not ts.is_file():
        return {}
    found: dict[Message, list[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 (our own file)
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                continue
            forms = _forms(translation)
            if any(forms):
                found[_key(message, name)] = forms
    return found


def _forms(translation: ET.Element) -> list[str]:
    numerus = translation.findall("numerusform")
    if numerus:
        return [f.text or "" for f in numerus]
    return [translation.text or ""]


def update(ts: Path) -> int:
    """Update ``ts`` from the sources; returns how many messages still need a translation."""
    language = ts.stem.split("_", 1)[1]
    kept = read_translations(ts)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts.name
        fresh.write_text(
            f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
            f'<TS version="2.1" language="{language}"></TS>\n',
            encoding="utf-8",
        )
        extract(fresh)
        tree = ET.parse(fresh)  # noqa: S314 (lupdate's output)
    forms = NUMERUS_FORMS.get(language, 1)
    missing = 0
    root = tree.getroot()
    for context in list(root.iter("context")):
        name = context.findtext("name") or ""
        for message in list(context.iter("message")):
            source = message.findtext("source") or ""
            plural = "%n" in source
            if language in SOURCE_LANGUAGES and not plural:
                # The source text is already this language: only plural forms are needed.
                context.remove(message)
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            old = kept.get(_key(message, name))
            if plural:
                message.set("numerus", "yes")
                values = list(old or [])
                values = (values + [values[-1] if values else ""] * forms)[:forms]
                for value in values:
                    ET.SubElement(translation, "numerusform").text = value
                done = all(values)
            else:
                message.attrib.pop("numerus", None)
                translation.text = (old or [""])[0]
                done = bool(translation.text)
            if done:
                translation.attrib.pop("type", None)
            else:
                translation.set("type", "unfinished")
                missing += 1
        if context.find("message") is None:
            root.remove(context)
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def compile_all(target: Path) -> list[Path]:
    """Build ``target/modelhub_*.qm`` from every ``.ts``; returns the files made."""
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for ts in sorted(TRANSLATIONS.glob("modelhub_*.ts")):
        qm = target / f"{ts.stem}.qm"
        subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        made.append(qm)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="update the .ts sources from the code")
    build = commands.add_parser("compile", help="build the .qm files")
    build.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    if args.command == "update":
        for ts in sorted(TRANSLATIONS.glob("modelhub_*.ts")):
            missing = update(ts)
            print(f"{ts.relative_to(ROOT)}: {missing} message(s) to translate")
        return 0
    for qm in compile_all(args.target):
        print(f"built {qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
