"""简体中文: every user-visible string goes through Qt's translation system and is translated.

* Under zh_CN the main window, every page and every dialog is walked widget by widget; a text
  with ASCII letters that are not a proper noun or an identifier (provider and model names,
  API, URL, LLM ...) fails, naming the widget: a string someone forgot to wrap or translate.
* The catalog in the repository is complete: lupdate over today's sources finds no message
  it lacks, and none is unfinished.
* English plural forms come from Qt's ``%n`` mechanism (1 minute, 2 minutes).
* ``LANG=zh_CN.UTF-8`` picks Chinese; the ``ui/language`` setting overrides it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import (  # noqa: F401 (fixtures)
    GOOD_KEY,
    configure_directly,
    fake_providers,
    services,
    settings,
    wait_card,
)
from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from modelhub.ui import i18n

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

# Offscreen windows and dialogs (as in test_main_window.py).
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
sys.path.insert(0, str(ROOT / "packaging"))

#: Words that stay as they are in Chinese: names, acronyms, identifiers.
PROPER_NOUNS = {
    "ModelHub",
    "API",
    "URL",
    "LLM",
    "TTS",
    "ID",
    "HTTP",
    "HTTPS",
    "GET",
    "JSON",
    "SQLite",
    "PostgreSQL",
    "Qt",
    "PySide",
    "Python",
    "OpenAI",
    "Default",  # the workspace's name is data
    "token",
    "K",
    "M",
    "Ctrl",
    "Shift",
    "Esc",
    "USD",
    "CNY",
    "README",
    "MIT",
    "GET /models",
    "X-Team",  # an example header name
    "English",  # a language is named in its own words
}
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.-]+\.(?:com|ai|io|cn|net|org)(?:/\S*)?")
_MARKUP = re.compile(r"<[^>]+>|&\w+;")
_MNEMONIC = re.compile(r"\(&?[A-Z]\)")
_KEYS = re.compile(r"\b(?:sk|gsk|jina|AIza)[\w-]*…[\w-]*|…[\w-]{2,}")


def english_left(text: str, allowed: set[str]) -> list[str]:
    """The words of ``text`` that would show English to a Chinese reader."""
    text = _MARKUP.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _KEYS.sub(" ", text)
    text = _MNEMONIC.sub(" ", text).replace("&", "")
    for phrase in sorted((a for a in allowed if " " in a), key=len, reverse=True):
        text = text.replace(phrase, " ")
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9_.:/+-]*", text)
    return [
        w
        for w in words
        if re.search("[A-Za-z]", w)
        and w not in allowed
        and w.strip(".:/+-") not in allowed
        and not _identifier(w)
    ]


def _identifier(word: str) -> bool:
    """Model ids and paths (``gpt-4o``, ``/models``, ``text-embedding-3-small``)."""
    return bool(re.search(r"\d", word)) or "/" in word or word.startswith("-")


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of everything a person can read on ``widget`` and its children."""
    widgets = [widget, *widget.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(widget) and w is not widget:
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if w.isWindow():
            yield f"{name}.windowTitle", w.windowTitle()
        yield f"{name}.toolTip", w.toolTip()
        # What a screen reader says is read by a person too.
        yield f"{name}.accessibleName", w.accessibleName()
        yield f"{name}.accessibleDescription", w.accessibleDescription()
        if isinstance(w, QLabel | QAbstractButton):
            yield f"{name}.text", w.text()
        elif isinstance(w, QGroupBox):
            yield f"{name}.title", w.title()
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            yield f"{name}.placeholder", w.placeholderText()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{name}.item{i}", w.itemText(i)
            if w.lineEdit() is not None:
                yield f"{name}.placeholder", w.lineEdit().placeholderText()
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model keeps columnCount private
                columns = 1
            for section in range(columns):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.headerData(section, Qt.Orientation.Horizontal, role)
                    yield f"{name}.header{section}", str(value or "")
            for row in range(min(model.rowCount(QModelIndex()), 30)):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = index.data(role)
                        if isinstance(value, str):
                            yield f"{name}[{row},{column}]", value
        for action in w.actions():
            yield f"{name}.action", action.text()
            yield f"{name}.action.toolTip", action.toolTip()
            menu = action.menu()
            if isinstance(menu, QMenu):
                for sub in menu.actions():
                    yield f"{name}.menu", sub.text()
                    yield f"{name}.menu.statusTip", sub.statusTip()


def untranslated(widget: QWidget, allowed: set[str]) -> list[str]:
    """Every text of ``widget`` that still shows English, as ``where: text``."""
    found = []
    for where, text in widget_texts(widget):
        left = english_left(text, allowed)
        if left:
            found.append(f"{where}: {text!r} ({' '.join(left)})")
    return found


# -- language selection ---------------------------------------------------------------------


@pytest.fixture
def chinese(qapp: Any, tmp_path: Path) -> Iterator[str]:
    """The window in Simplified Chinese for this test, English again afterwards."""
    environ = {"MODELHUB_HOME": str(tmp_path / "home")}
    assert i18n.install_translator(qapp, "zh_CN", environ=environ) == "zh_CN"
    try:
        yield "zh_CN"
    finally:
        i18n.install_translator(qapp, "en", environ=environ)


def test_language_follows_the_locale_and_the_setting_overrides_it(
    qapp: Any, tmp_path: Path
) -> None:
    environ = {"MODELHUB_HOME": str(tmp_path / "home")}
    chinese, english = QLocale("zh_CN"), QLocale("en_US")
    try:
        assert i18n.install_translator(qapp, "system", system=chinese, environ=environ) == "zh_CN"
        assert i18n.current_language() == "zh_CN"
        assert QCoreApplication.translate("MainWindow", "Providers") == "提供商"
        assert i18n.install_translator(qapp, "en", system=chinese, environ=environ) == "en"
        assert QCoreApplication.translate("MainWindow", "Providers") == "Providers"
        assert i18n.install_translator(qapp, "zh_CN", system=english, environ=environ) == "zh_CN"
        assert i18n.install_translator(qapp, "system", system=english, environ=environ) == "en"
    finally:
        i18n.install_translator(qapp, "en", environ=environ)
    stored = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.language_setting(stored) == "system"
    stored.setValue(i18n.LANGUAGE_KEY, "zh_CN")
    assert i18n.language_setting(stored) == "zh_CN"
    stored.setValue(i18n.LANGUAGE_KEY, "klingon")
    assert i18n.language_setting(stored) == "system"


@pytest.mark.parametrize(
    ("lang", "setting", "shown"),
    [("zh_CN.UTF-8", None, "zh_CN"), ("zh_CN.UTF-8", "en", "en"), ("C.UTF-8", "zh_CN", "zh_CN")],
)
def test_lang_environment_picks_chinese_unless_the_setting_says_otherwise(
    tmp_path: Path, lang: str, setting: str | None, shown: str
) -> None:
    """A fresh process, as ``LANG=zh_CN.UTF-8 modelhub`` starts (QLocale.system())."""
    ini = tmp_path / "s.ini"
    if setting:
        stored = QSettings(str(ini), QSettings.Format.IniFormat)
        stored.setValue(i18n.LANGUAGE_KEY, setting)
        stored.sync()
    script = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication, QSettings\n"
        "from modelhub.ui import i18n\n"
        "app = QCoreApplication([])\n"
        "stored = QSettings(sys.argv[1], QSettings.Format.IniFormat)\n"
        "shown = i18n.install_translator(app, i18n.language_setting(stored))\n"
        "print(shown, QCoreApplication.translate('MainWindow', 'Default models'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG=lang, LANGUAGE="", MODELHUB_HOME=str(tmp_path / "home"))
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", script, str(ini)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert out[0] == shown
    assert out[1] == ("默认模型" if shown == "zh_CN" else "Default")


def test_without_lrelease_the_window_stays_english(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(i18n, "lrelease_executable", lambda: None)
    environ = {"MODELHUB_HOME": str(tmp_path / "fresh")}
    try:
        assert i18n.install_translator(qapp, "zh_CN", environ=environ) == "en"
    finally:
        monkeypatch.undo()
        i18n.install_translator(qapp, "en", environ=environ)
    assert "stays in English" in caplog.text


def test_a_stale_catalog_is_built_again(qapp: Any, tmp_path: Path) -> None:
    environ = {"MODELHUB_HOME": str(tmp_path / "home")}
    qm = i18n.catalog_file("zh_CN", environ)
    assert qm is not None
    assert qm.parent == i18n.cache_dir(environ)
    os.utime(qm, (0, 0))
    rebuilt = i18n.catalog_file("zh_CN", environ)
    assert rebuilt == qm
    assert qm.stat().st_mtime > 0


# -- plural forms ---------------------------------------------------------------------------


def test_english_plurals_come_from_the_catalog() -> None:
    from modelhub.ui.viewmodels.wording import relative_time

    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert relative_time(now - timedelta(minutes=1), now) == "1 minute ago"
    assert relative_time(now - timedelta(minutes=2), now) == "2 minutes ago"
    assert relative_time(now - timedelta(days=1), now) == "1 day ago"
    assert relative_time(now - timedelta(days=2), now) == "2 days ago"
    translate = QCoreApplication.translate
    assert translate("Schedule", "Every %n hours", None, 2) == "Every 2 hours"
    text = "%n provider configuration(s) (with their encrypted keys and model lists)"
    assert translate("WorkspaceSwitcher", text, None, 1).startswith("1 provider configuration ")
    assert translate("WorkspaceSwitcher", text, None, 2).startswith("2 provider configurations ")


def test_chinese_has_one_plural_form(chinese: str) -> None:
    from modelhub.ui.viewmodels.wording import relative_time

    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert relative_time(now - timedelta(minutes=1), now) == "1 分钟前"
    assert relative_time(now - timedelta(minutes=2), now) == "2 分钟前"


# -- the catalog is complete ----------------------------------------------------------------


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()  # noqa: S314 (our own file)
    return {
        (c.findtext("name") or "", m.findtext("source") or ""): m
        for c in root.iter("context")
        for m in c.iter("message")
    }


def test_every_source_string_is_in_the_catalog_and_translated(tmp_path: Path) -> None:
    import translations  # packaging/translations.py

    fresh = tmp_path / "modelhub_zh_CN.ts"
    fresh.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="zh_CN"></TS>\n',
        encoding="utf-8",
    )
    translations.extract(fresh)
    in_code = set(_messages(fresh))
    kept = _messages(TRANSLATIONS / "modelhub_zh_CN.ts")
    missing = sorted(in_code - set(kept))
    assert not missing, (
        "strings in the code but not in resources/translations/modelhub_zh_CN.ts; run "
        f"`python packaging/translations.py update` and translate them: {missing}"
    )
    unfinished = []
    for key, message in kept.items():
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            unfinished.append(key)
        if "%n" in key[1]:
            assert message.get("numerus") == "yes", key
            assert all("%n" in (f or "") for f in forms), key
        # Placeholders survive translation.
        for form in forms:
            assert set(re.findall(r"\{\w+\}", key[1])) == set(re.findall(r"\{\w+\}", form or ""))
    assert not unfinished, f"untranslated messages in modelhub_zh_CN.ts: {sorted(unfinished)}"


def test_english_catalog_has_both_forms_of_every_plural() -> None:
    kept = _messages(TRANSLATIONS / "modelhub_en.ts")
    zh = _messages(TRANSLATIONS / "modelhub_zh_CN.ts")
    plurals = {key for key in zh if "%n" in key[1]}
    assert plurals == set(kept)
    for key, message in kept.items():
        forms = [f.text for f in message.iter("numerusform")]
        assert len(forms) == 2, key
        assert all(forms), key


# -- the whole window under zh_CN -----------------------------------------------------------


def _allowed(shell: Any) -> set[str]:
    """Proper nouns plus what the data itself names: providers, models, workspaces."""
    allowed = set(PROPER_NOUNS)
    vm = shell.providers
    for provider in [*vm.providers(), "custom:"]:
        info = vm.info(provider)
        allowed.add(info.label)
        allowed.update(info.label.split())
        allowed.update(provider.replace(":", " ").split())
        # The registry's Chinese texts are translated data: the names they keep (GPT,
        # Whisper, OpenAI-Organization, https) are the registry's to choose.
        texts = [info.localized_label("zh_CN"), info.localized_description("zh_CN")]
        for spec in info.fields:
            texts += [spec.localized_label("zh_CN"), spec.localized_help("zh_CN")]
        for text in texts:
            allowed.update(re.findall(r"[A-Za-z][A-Za-z0-9_.:/+-]*", text))
    catalog = shell.catalog
    for row in range(catalog.proxy.rowCount()):
        found = catalog.row_at(row)
        if found is not None:
            allowed.update(found.model.model.split())
            allowed.update(found.model.name.split())
    allowed.update(shell.workspaces.names())
    return allowed


@pytest.fixture
def chinese_shell(
    chinese: str,
    qtbot: QtBot,
    qloop: Any,
    services: Any,  # noqa: F811 (the fixture)
    settings: QSettings,  # noqa: F811
) -> Iterator[Any]:
    """The window graph built under zh_CN with four configured providers."""
    from modelhub.app import AppShell

    for provider in ("openai", "openrouter", "siliconflow", "jina"):
        configure_directly(qtbot, services, provider, GOOD_KEY)
    built = AppShell(services, settings)
    qtbot.addWidget(built.window)
    built.window.resize(1400, 900)
    with qtbot.waitSignal(built.workspaces.loaded, timeout=10_000):
        built.start(collect_garbage=False)
    for provider in ("openai", "siliconflow"):
        wait_card(qtbot, built, provider)
    qtbot.waitUntil(lambda: built.catalog.table.rowCount() > 0, timeout=10_000)
    try:
        yield built
    finally:
        built.cancel_all()
        qtbot.waitUntil(lambda: not built.providers.busy and not built.workspaces.busy)


def _visible_dialogs(window: QWidget, kind: type[QDialog]) -> list[QDialog]:
    return [d for d in window.findChildren(kind) if d.isVisible()]


def test_no_english_is_left_under_chinese(qtbot: QtBot, chinese_shell: Any) -> None:
    shell = chinese_shell
    window = shell.window
    allowed = _allowed(shell)
    problems: list[str] = []
    for page in range(window.pages.count()):
        window.show_page(page)
        qtbot.wait(1)  # one event-loop turn: the page lays out
        problems += [f"page {page}: {p}" for p in untranslated(window, allowed)]
    problems += [f"menu: {p}" for p in untranslated(window.menuBar(), allowed)]

    from modelhub.ui.views.config_dialog import ConfigDialog
    from modelhub.ui.views.provider_picker import ProviderPicker

    dialogs: list[QWidget] = []
    dialogs.append(window.providers_page.configure("openai"))
    dialogs.append(window.providers_page.configure("deepseek"))
    dialogs.append(window.providers_page.configure("custom:"))
    dialogs.append(window.providers_page.add_provider())
    settings_dialog = window.open_settings()
    if settings_dialog is not None:
        dialogs.append(settings_dialog)
    window.show_page(2)
    dialogs.append(window.models_page.add_model())
    window.models_page.table.selectRow(0)
    edit = window.models_page.edit_current()
    if edit is not None:
        dialogs.append(edit)
    for dialog in dialogs:
        problems += [f"{type(dialog).__name__}: {p}" for p in untranslated(dialog, allowed)]
        dialog.close()
    window.providers_page.card("openai").remove_clicked.emit("openai")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "confirmBox") is not None)
    box = window.findChild(QMessageBox, "confirmBox")
    assert box is not None
    problems += [f"confirm: {p}" for p in untranslated(box, allowed)]
    box.reject()
    assert not _visible_dialogs(window, ConfigDialog)
    assert not _visible_dialogs(window, ProviderPicker)
    assert not problems, "English left under zh_CN:\n" + "\n".join(problems)


def test_cards_and_picker_use_the_registry_chinese_labels(qtbot: QtBot, chinese_shell: Any) -> None:
    window = chinese_shell.window
    card = window.providers_page.card("siliconflow")
    info = chinese_shell.providers.info("siliconflow")
    assert card.title.text() == info.localized_label("zh_CN") != info.label
    assert card.description.text() == info.localized_description("zh_CN")
    picker = window.providers_page.add_provider()
    picker.search.setText("深度求索")
    assert picker.visible_providers() == ["deepseek"]
    assert "深度求索" in picker.list.currentItem().text()
    picker.close()
    dialog = window.providers_page.configure("deepseek")
    assert "深度求索" in dialog.windowTitle()
    field = dialog.info.fields[0]
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert any(field.localized_label("zh_CN") in text for text in labels)
    dialog.close()


def test_start_up_notices_read_in_chinese(chinese: str) -> None:
    from modelhub.ui.viewmodels.labels import notice_text, status_message

    notice = (
        "A new encryption key was generated and stored in /home/a/.env. Back it up: without "
        "it the saved provider keys cannot be decrypted."
    )
    assert notice_text(notice) == (
        "已生成新的加密密钥并保存在 /home/a/.env。请备份它：没有它，已保存的提供商密钥将无法解密。"
    )
    assert notice_text("Something new.") == "Something new."
    assert notice_text(notice, "en") == notice
    said = "OpenAI accepted the key (7 models visible)."
    assert status_message("valid", "OpenAI", said) == "OpenAI 已接受此密钥。"
    assert status_message("valid", "OpenAI", said, "en") == said
