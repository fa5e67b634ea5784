"""File menu (Backup…, the team-mode entries, Settings…, Quit) and Help menu (Documentation,
"Where is my data?", About)."""

from __future__ import annotations

import platform
import sqlite3
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PySide6
import pytest
from helpers import (
    TEST_ENCRYPTION_KEY,
    FakeProviders,
    close_services,
    configure_directly,
    fake_providers,
    run_sync,
    services,
    settings,
)
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QFileDialog, QMessageBox

import modelhub
from modelhub.app import AppShell
from modelhub.paths import AppPaths
from modelhub.ui.viewmodels import about
from modelhub.ui.views import app_menus, desktop

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from PySide6.QtCore import QSettings, QUrl
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings"]  # fixtures used by name

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    found = AppPaths(data_dir=tmp_path / "data", log_dir=tmp_path / "logs")
    found.ensure()
    return found


def build_shell(qtbot: QtBot, svc: Any, settings: QSettings, paths: AppPaths) -> AppShell:
    built = AppShell(svc, settings, paths=paths)
    qtbot.addWidget(built.window)
    with qtbot.waitSignal(built.workspaces.loaded, timeout=10_000):
        built.start(collect_garbage=False)
    qtbot.waitUntil(lambda: built.providers.state("openai") is not None, timeout=10_000)
    return built


@pytest.fixture
def shell(qtbot: QtBot, services: Any, settings: QSettings, paths: AppPaths) -> Iterator[AppShell]:
    built = build_shell(qtbot, services, settings, paths)
    yield built
    built.cancel_all()
    qtbot.waitUntil(lambda: not built.data.busy and not built.providers.busy)


def shown_box(qtbot: QtBot, built: AppShell) -> QMessageBox:
    qtbot.waitUntil(lambda: built.window.app_menus.box is not None, timeout=10_000)
    box = built.window.app_menus.box
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    return box


def menu_entries(built: AppShell, index: int) -> list[Any]:
    return [a for a in built.window.menuBar().actions()[index].menu().actions() if a.text()]


def test_file_menu_entries_shortcuts_and_pending_team_mode(shell: AppShell) -> None:
    window = shell.window
    names = [a.text() for a in menu_entries(shell, 0)]
    assert names == [
        "&Backup…",
        "&Restore…",
        "&Export…",
        "&Import…",
        "&Re-check all keys now",
        "&Settings…",
        "&Quit",
    ]
    assert window.app_menus.backup_action.isEnabled()
    assert window.app_menus.restore_action.isEnabled()
    assert [a.text() for a in window.app_menus.pending_actions] == ["&Export…", "&Import…"]
    for action in window.app_menus.pending_actions:
        assert not action.isEnabled(), action.text()
        assert action.toolTip() == "Coming with team mode"
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert [a.text() for a in menu_entries(shell, 1)] == [
        "&Documentation",
        "&Where is my data?",
        "&About ModelHub",
    ]


def test_backup_writes_the_database_where_the_dialog_said(
    qtbot: QtBot, shell: AppShell, services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_directly(qtbot, services, "openai")
    target = tmp_path / "elsewhere" / "my-backup.db"
    target.parent.mkdir()
    asked: list[tuple[str, str]] = []

    def fake_ask(
        parent: QWidget,
        title: str,
        suggested: str,
        name_filter: str,
        on_chosen: Callable[[str], None],
    ) -> None:
        asked.append((title, suggested))
        on_chosen(str(target))

    monkeypatch.setattr(desktop, "ask_save_path", fake_ask)
    with qtbot.waitSignal(shell.data.backed_up, timeout=10_000) as done:
        shell.window.app_menus.backup_action.trigger()
    assert asked[0][0] == "Back up the database"
    assert Path(asked[0][1]).parent == Path(shell.data.data_dir)
    assert done.args == [str(target)]
    with sqlite3.connect(target) as copy:
        rows = copy.execute("SELECT provider, encrypted_config FROM provider_configs").fetchall()
    copy.close()
    assert [r[0] for r in rows] == ["openai"]
    assert rows[0][1].startswith("mh1.")  # ciphertext only
    box = shown_box(qtbot, shell)
    assert box.text() == f"Backed up the database to {target}."
    assert "keep the encryption key" in box.informativeText()
    box.accept()

    # The dialog asked before replacing the file: the menu's backup replaces it; a backup
    # nobody agreed to replace is refused.
    target.write_bytes(b"older")
    qtbot.waitUntil(lambda: not shell.data.busy)
    with qtbot.waitSignal(shell.data.backed_up, timeout=10_000):
        shell.window.app_menus.backup_action.trigger()
    assert target.read_bytes().startswith(b"SQLite format 3")
    qtbot.waitUntil(lambda: not shell.data.busy)
    with qtbot.waitSignal(shell.data.backup_failed, timeout=10_000) as refused:
        shell.data.backup(str(target))
    assert "already exists" in refused.args[0]


def test_backup_dialog_asks_before_replacing_a_file(
    qtbot: QtBot, shell: AppShell, tmp_path: Path
) -> None:
    chosen: list[str] = []
    dialog = desktop.ask_save_path(
        shell.window, "Back up the database", str(tmp_path / "x.db"), "*.db", chosen.append
    )
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert not dialog.testOption(QFileDialog.Option.DontConfirmOverwrite)
    dialog.reject()
    assert chosen == []


def test_a_failed_backup_says_why(
    qtbot: QtBot, shell: AppShell, services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modelhub.domain.errors import StorageError

    async def no_space(destination: Any, **_options: Any) -> Path:
        raise StorageError("The backup failed (no space left).", "Free some space.")

    monkeypatch.setattr(services, "backup", no_space)
    monkeypatch.setattr(
        desktop, "ask_save_path", lambda parent, title, suggested, flt, done: done("x.db")
    )
    with qtbot.waitSignal(shell.data.backup_failed, timeout=10_000) as failed:
        shell.window.app_menus.backup_action.trigger()
    assert failed.args == ["The backup failed (no space left). Free some space."]
    box = shown_box(qtbot, shell)
    assert box.text() == "No backup was made."
    assert box.informativeText() == failed.args[0]
    box.accept()


def test_about_names_the_versions_and_the_declared_licence(qtbot: QtBot, shell: AppShell) -> None:
    shell.window.app_menus.about_action.trigger()
    box = shown_box(qtbot, shell)
    body = box.text()
    assert f"ModelHub {modelhub.__version__}" in body
    assert f"Qt {qVersion()}" in body
    assert f"PySide6 {PySide6.__version__}" in body
    assert f"Python {platform.python_version()}" in body
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"].get("license")
    expected = f"Licence: {declared}" if declared else "Licence: not yet declared"
    assert expected in body
    box.accept()


def test_about_says_so_when_no_licence_is_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(about, "licence", lambda: "")
    assert "Licence: not yet declared" in about.about_text()


def test_documentation_opens_the_docs(
    qtbot: QtBot, shell: AppShell, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(desktop, "open_url", lambda url: opened.append(url) or True)
    shell.window.app_menus.docs_action.trigger()
    assert len(opened) == 1
    target = about.documentation_target()
    assert target
    if "://" in target:
        assert opened[0].toString() == target
    else:
        assert opened[0].toLocalFile() == str(ROOT / "README.md")


def key_fragments(key_hex: str) -> list[str]:
    """The key, upper and lower case, and every 8-character piece of it."""
    pieces = [key_hex[i : i + 8] for i in range(len(key_hex) - 7)]
    return [key_hex, key_hex.upper(), *pieces]


def where_text(qtbot: QtBot, built: AppShell) -> str:
    built.window.app_menus.where_action.trigger()
    box = shown_box(qtbot, built)
    text = f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}\n{box.detailedText()}"
    box.accept()
    return text


def test_where_is_my_data_names_every_place_and_never_the_key(
    qtbot: QtBot, shell: AppShell, services: Any, paths: AppPaths
) -> None:
    text = where_text(qtbot, shell)
    assert f"Data folder: {paths.data_dir}" in text
    assert f"Log folder: {paths.log_dir}" in text
    assert f"Database: {services.database_label}" in text
    assert f"id {services.key_material.kid}, kept in environment" in text
    for fragment in key_fragments(TEST_ENCRYPTION_KEY):
        assert fragment.lower() not in text.lower(), fragment


def test_where_is_my_data_with_a_key_in_the_data_folder(
    qtbot: QtBot,
    qloop: Any,
    settings: QSettings,
    paths: AppPaths,
    fake_providers: FakeProviders,
    tmp_path: Path,
) -> None:
    from modelhub.services.bootstrap import open_services

    svc = open_services(
        db=f"sqlite:///{tmp_path / 'managed.db'}",
        environ={},
        paths=paths,
        http_client=fake_providers.client(),
        use_keyring=False,
    )
    try:
        built = build_shell(qtbot, svc, settings, paths)
        text = where_text(qtbot, built)
        assert f"kept in {paths.env_file}" in text
        for fragment in key_fragments(svc.key_material.current.hex()):
            assert fragment.lower() not in text.lower(), fragment
        built.cancel_all()
    finally:
        close_services(qtbot, svc)


def test_menus_are_built_by_their_own_module(shell: AppShell) -> None:
    assert isinstance(shell.window.app_menus, app_menus.AppMenus)


def test_before_the_database_is_open_the_menus_say_so(
    qtbot: QtBot, qloop: Any, settings: QSettings, paths: AppPaths
) -> None:
    built = AppShell(None, settings, paths=paths)
    qtbot.addWidget(built.window)
    built.start(collect_garbage=False)
    text = where_text(qtbot, built)
    assert f"Data folder: {paths.data_dir}" in text
    assert "The database is still being opened." in text
    assert "Database:" not in text
    with qtbot.waitSignal(built.data.error_occurred) as said:
        built.data.backup(str(paths.data_dir / "x.db"))
    assert said.args == ["ModelHub is still opening its database."]
    assert not (paths.data_dir / "x.db").exists()
    built.cancel_all()


def test_restore_checks_asks_then_replaces_the_database_and_reloads(
    qtbot: QtBot, shell: AppShell, services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_directly(qtbot, services, "openai")
    backup = tmp_path / "before-jina.db"
    run_sync(qtbot, services.backup(backup))
    configure_directly(qtbot, services, "jina")
    shell.providers.reload()
    qtbot.waitUntil(lambda: "jina" in shell.window.providers_page.cards, timeout=10_000)
    monkeypatch.setattr(
        desktop, "ask_open_path", lambda parent, title, folder, flt, done: done(str(backup))
    )
    with qtbot.waitSignal(shell.data.restore_checked, timeout=10_000) as checked:
        shell.window.app_menus.restore_action.trigger()
    assert checked.args[0].configs == 1
    box = shell.window.app_menus.box
    assert isinstance(box, QMessageBox)
    assert box.objectName() == "confirmBox"
    assert box.text() == f"Restore the backup {backup}?"
    assert "1 provider config" in box.informativeText()
    accept = box.findChild(type(box.buttons()[0]), "confirmAccept")
    qtbot.waitUntil(lambda: not shell.data.busy)
    with qtbot.waitSignal(shell.data.restored, timeout=20_000) as restored:
        accept.click()
    kept = Path(restored.args[0])
    assert kept.exists()
    # The window reloads from the restored database: jina (saved after the backup) is gone.
    qtbot.waitUntil(lambda: "jina" not in shell.window.providers_page.cards, timeout=10_000)
    assert "openai" in shell.window.providers_page.cards
    with services.engine.connect() as conn:
        stored = [r[0] for r in conn.exec_driver_sql("SELECT provider FROM provider_configs")]
    assert stored == ["openai"]
    report = shown_box(qtbot, shell)
    assert report.text() == "The backup was restored."
    assert str(kept) in report.informativeText()
    report.accept()


def test_restore_refuses_a_file_that_is_not_a_backup(
    qtbot: QtBot, shell: AppShell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("not a database")
    monkeypatch.setattr(
        desktop, "ask_open_path", lambda parent, title, folder, flt, done: done(str(junk))
    )
    with qtbot.waitSignal(shell.data.restore_failed, timeout=10_000) as failed:
        shell.window.app_menus.restore_action.trigger()
    assert failed.args[0]
    box = shown_box(qtbot, shell)
    assert box.text() == "Nothing was restored."
    box.accept()
