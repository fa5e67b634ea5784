"""Settings: Appearance (theme applied live and at start-up), Language, Keys (rotate key with
its dry run, confirmation and report; refusal for an environment key), Folders (Open)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from modelhub.app import AppShell
from modelhub.paths import AppPaths
from modelhub.ui.viewmodels.settings import LANGUAGE_KEY, THEME_KEY, SettingsValues
from modelhub.ui.views import desktop, theme
from modelhub.ui.views.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from collections.abc import Iterator

    from PySide6.QtCore import QSettings, QUrl
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings"]  # fixtures used by name

LEFT = Qt.MouseButton.LeftButton
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _restore_look(qapp: QApplication) -> Iterator[None]:
    """The application's style, palette and colour scheme are shared by every test."""
    style = qapp.style().name()
    palette = QPalette(qapp.palette())
    yield
    if qapp.style().name() != style:
        qapp.setStyle(style)
    qapp.styleHints().unsetColorScheme()
    qapp.setPalette(palette)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    """Data and log folders of this test (created)."""
    found = AppPaths(data_dir=tmp_path / "data", log_dir=tmp_path / "logs")
    found.ensure()
    return found


def build_shell(qtbot: QtBot, services: Any, settings: QSettings, paths: AppPaths) -> AppShell:
    built = AppShell(services, settings, paths=paths)
    qtbot.addWidget(built.window)
    with qtbot.waitSignal(built.workspaces.loaded, timeout=10_000):
        built.start(collect_garbage=False)
    qtbot.waitUntil(lambda: built.providers.state("openai") is not None, timeout=10_000)
    return built


def stop_shell(qtbot: QtBot, built: AppShell) -> None:
    built.cancel_all()
    qtbot.waitUntil(
        lambda: not built.providers.busy and not built.workspaces.busy and not built.data.busy
    )


@pytest.fixture
def shell(qtbot: QtBot, services: Any, settings: QSettings, paths: AppPaths) -> Iterator[AppShell]:
    """The window on services whose key is ENCRYPTION_KEY in the environment."""
    built = build_shell(qtbot, services, settings, paths)
    yield built
    stop_shell(qtbot, built)


@pytest.fixture
def managed(
    qtbot: QtBot, qloop: Any, paths: AppPaths, fake_providers: FakeProviders, tmp_path: Path
) -> Iterator[Any]:
    """Services whose key ModelHub generated and keeps in the data folder's .env."""
    from modelhub.services.bootstrap import open_services

    svc = open_services(
        db=f"sqlite:///{tmp_path / 'managed.db'}",
        environ={},
        paths=paths,
        http_client=fake_providers.client(),
        use_keyring=False,
    )
    assert svc.key_material.origin == "data-env-file"
    try:
        yield svc
    finally:
        close_services(qtbot, svc)


@pytest.fixture
def managed_shell(
    qtbot: QtBot, managed: Any, settings: QSettings, paths: AppPaths
) -> Iterator[AppShell]:
    built = build_shell(qtbot, managed, settings, paths)
    yield built
    stop_shell(qtbot, built)


def open_settings(qtbot: QtBot, built: AppShell) -> SettingsDialog:
    built.window.settings_action.trigger()
    dialogs = [d for d in built.window.findChildren(SettingsDialog) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    qtbot.waitExposed(dialogs[0])
    return dialogs[0]


def choose(qtbot: QtBot, combo: Any, data: str) -> None:
    """Pick the entry carrying ``data`` with the keyboard, as a person would."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{data!r} is not offered")


def window_is_dark(widget: Any = None) -> bool:
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def tokens(svc: Any) -> list[str]:
    with svc.engine.connect() as conn:
        return [
            row[0] for row in conn.execute(text("SELECT encrypted_config FROM provider_configs"))
        ]


# -- appearance -------------------------------------------------------------------------------


def test_dark_theme_applies_live_is_kept_and_applies_at_start_up(
    qtbot: QtBot, shell: AppShell, services: Any, settings: QSettings, paths: AppPaths
) -> None:
    assert not window_is_dark()
    dialog = open_settings(qtbot, shell)
    assert [dialog.appearance.theme.itemText(i) for i in range(3)] == ["System", "Light", "Dark"]
    assert dialog.appearance.theme.currentData() == "system"
    choose(qtbot, dialog.appearance.theme, "dark")
    with qtbot.waitSignal(shell.settings_vm.theme_changed) as changed:
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert changed.args == ["dark"]
    # Live: the application palette and the window (and its palette-made style sheets).
    assert window_is_dark()
    qtbot.waitUntil(lambda: window_is_dark(shell.window))
    assert QApplication.style().name().lower() == "fusion"
    nav = theme.nav_stylesheet(shell.window.palette())
    assert shell.window.nav.styleSheet() == nav
    # The cards' style sheet is re-made from the dark palette too.
    page = shell.window.providers_page
    qtbot.waitUntil(lambda: window_is_dark(page))
    assert page.container.styleSheet() == theme.card_stylesheet(page.palette())
    surface = re.search(r"background: (#[0-9a-f]{6})", page.container.styleSheet())
    assert surface is not None
    assert QColor(surface.group(1)).lightnessF() < 0.5  # dark cards, not light ones
    text_color = QApplication.palette().color(QPalette.ColorRole.WindowText)
    assert text_color.lightnessF() > 0.7  # light text on the dark window
    disabled = QApplication.palette().color(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
    )
    assert 0.3 < disabled.lightnessF() < text_color.lightnessF()
    assert settings.value(THEME_KEY) == "dark"
    assert shell.settings_vm.values().theme == "dark"

    # Back to the system look: the palette the app started with.
    again = open_settings(qtbot, shell)
    assert again.appearance.theme.currentData() == "dark"
    choose(qtbot, again.appearance.theme, "system")
    qtbot.mouseClick(again.ok_button, LEFT)
    assert not window_is_dark()
    assert settings.value(THEME_KEY) == "system"

    # At start-up: a shell on settings that say "dark" shows dark before anything is saved.
    settings.setValue(THEME_KEY, "dark")
    second = AppShell(services, settings, paths=paths)
    qtbot.addWidget(second.window)
    assert window_is_dark()
    assert second.appearance.current == "dark"


def test_light_theme_is_light_and_an_unknown_stored_theme_reads_as_system(
    qtbot: QtBot, shell: AppShell, settings: QSettings
) -> None:
    dialog = open_settings(qtbot, shell)
    choose(qtbot, dialog.appearance.theme, "light")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not window_is_dark()
    assert settings.value(THEME_KEY) == "light"
    settings.setValue(THEME_KEY, "purple")
    assert shell.settings_vm.values().theme == "system"


# -- language ---------------------------------------------------------------------------------


def test_language_round_trip_says_when_it_applies(
    qtbot: QtBot, shell: AppShell, settings: QSettings
) -> None:
    dialog = open_settings(qtbot, shell)
    combo = dialog.language.language
    assert [combo.itemText(i) for i in range(combo.count())] == ["System", "English", "简体中文"]
    assert [combo.itemData(i) for i in range(combo.count())] == ["system", "en", "zh_CN"]
    helps = [w.text() for w in dialog.language.findChildren(type(dialog.language.labels[0]))]
    if shell.settings_vm.language_applies_live:
        assert not any("restart" in h for h in helps)
    else:
        assert "A new language applies after ModelHub is restarted." in helps
    choose(qtbot, combo, "zh_CN")
    with qtbot.waitSignal(shell.settings_vm.language_changed) as changed:
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert changed.args == ["zh_CN"]
    assert settings.value(LANGUAGE_KEY) == "zh_CN"
    again = open_settings(qtbot, shell)
    assert again.language.language.currentText() == "简体中文"
    again.reject()
    settings.setValue(LANGUAGE_KEY, "klingon")
    assert shell.settings_vm.values().language == "system"


def test_every_section_round_trips(qtbot: QtBot, shell: AppShell, settings: QSettings) -> None:
    vm = shell.settings_vm
    wanted = SettingsValues(
        revalidation_hours=24, low_balance_threshold=7.5, theme="light", language="en"
    )
    with qtbot.waitSignal(shell.providers.threshold_changed, timeout=10_000):
        vm.save(wanted)
    assert vm.values() == wanted
    dialog = open_settings(qtbot, shell)
    with qtbot.waitSignal(vm.saved) as saved:
        dialog.save()  # every section's save() of what its load() showed
    assert saved.args == [wanted]
    assert (settings.value(THEME_KEY), settings.value(LANGUAGE_KEY)) == ("light", "en")
    dialog.reject()


# -- keys -------------------------------------------------------------------------------------


def visible_box(qtbot: QtBot, parent: Any, name: str) -> QMessageBox:
    def find() -> list[QMessageBox]:
        return [b for b in parent.findChildren(QMessageBox, name) if b.isVisible()]

    qtbot.waitUntil(lambda: len(find()) == 1, timeout=10_000)
    return find()[0]


def test_keys_section_shows_where_the_key_is_never_the_key(
    qtbot: QtBot, shell: AppShell, services: Any
) -> None:
    dialog = open_settings(qtbot, shell)
    keys = dialog.keys
    assert keys is not None
    assert keys.source.text() == "ENCRYPTION_KEY environment variable"
    assert keys.kid.text() == services.key_material.kid
    assert keys.location.text() == "environment"
    shown = " ".join(label.text() for label in dialog.findChildren(type(keys.source)))
    assert TEST_ENCRYPTION_KEY not in shown
    assert TEST_ENCRYPTION_KEY[:16] not in shown
    dialog.reject()


def test_rotate_refuses_an_environment_key_with_the_command_line_steps(
    qtbot: QtBot, shell: AppShell, services: Any
) -> None:
    configure_directly(qtbot, services, "openai")
    before = tokens(services)
    kid = services.key_material.kid
    dialog = open_settings(qtbot, shell)
    assert dialog.keys is not None
    with qtbot.waitSignal(shell.data.rotation_refused):
        qtbot.mouseClick(dialog.keys.rotate_button, LEFT)
    box = visible_box(qtbot, dialog, "messageBox")
    assert box.text() == "ModelHub cannot rotate this key."
    advice = box.informativeText()
    assert "ENCRYPTION_KEY environment variable" in advice
    assert "ENCRYPTION_KEY_PREVIOUS" in advice
    assert "modelhub keys rotate" in advice
    assert dialog.keys.status.text() == "ModelHub does not change this key."
    box.accept()
    assert services.key_material.kid == kid
    assert tokens(services) == before


def test_rotate_declined_changes_nothing(
    qtbot: QtBot, managed_shell: AppShell, managed: Any
) -> None:
    configure_directly(qtbot, managed, "openai")
    before = tokens(managed)
    key_file = Path(managed.key_material.location)
    env_before = key_file.read_text()
    kid = managed.key_material.kid
    dialog = open_settings(qtbot, managed_shell)
    assert dialog.keys is not None
    with qtbot.waitSignal(managed_shell.data.rotation_previewed):
        qtbot.mouseClick(dialog.keys.rotate_button, LEFT)
    box = visible_box(qtbot, dialog, "confirmBox")
    assert "re-encrypt 1 stored provider config" in box.informativeText()
    assert "0 stored" not in box.informativeText()
    with qtbot.assertNotEmitted(managed_shell.data.key_rotated, wait=200):
        box.button(QMessageBox.StandardButton.Cancel).click()
    assert managed.key_material.kid == kid
    assert tokens(managed) == before
    assert key_file.read_text() == env_before
    dialog.reject()


def test_rotate_confirmed_reencrypts_under_a_new_key_and_reports(
    qtbot: QtBot, managed_shell: AppShell, managed: Any
) -> None:
    tenant = configure_directly(qtbot, managed, "openai")
    configure_directly(qtbot, managed, "jina")
    old_kid = managed.key_material.kid
    old_key = managed.key_material.current.hex()
    dialog = open_settings(qtbot, managed_shell)
    keys = dialog.keys
    assert keys is not None
    assert keys.kid.text() == old_kid
    assert keys.location.text() == str(managed.key_material.location)
    with qtbot.waitSignal(managed_shell.data.rotation_previewed):
        qtbot.mouseClick(keys.rotate_button, LEFT)
    box = visible_box(qtbot, dialog, "confirmBox")
    details = box.informativeText()
    assert "re-encrypt 2 stored provider config" in details
    assert str(managed.key_material.location) in details
    assert f"(id {old_kid})" in details
    assert tokens(managed)[0].startswith(f"mh1.{old_kid}.")  # the dry run wrote nothing
    accept = box.findChild(type(keys.rotate_button), "confirmAccept")
    with qtbot.waitSignal(managed_shell.data.key_rotated, timeout=20_000) as rotated:
        accept.click()
    new_kid = managed.key_material.kid
    assert new_kid != old_kid
    assert rotated.args == [f"Re-encrypted 2 of 2 configs under key {new_kid}."]
    report = visible_box(qtbot, dialog, "messageBox")
    assert report.text() == rotated.args[0]
    assert keys.kid.text() == new_kid
    assert keys.status.text() == rotated.args[0]
    # Through the services: every row under the new key, and still readable by the running
    # app (the old key kept as a previous one).
    assert all(token.startswith(f"mh1.{new_kid}.") for token in tokens(managed))
    assert old_kid in managed.key_material.kids
    assert run_sync(qtbot, managed.providers.test_stored(tenant, "openai")).valid
    assert run_sync(qtbot, managed.providers.test_stored(tenant, "jina")).valid
    stored = Path(managed.key_material.location).read_text()
    assert f"ENCRYPTION_KEY={managed.key_material.current.hex()}" in stored
    assert old_key in stored  # as ENCRYPTION_KEY_PREVIOUS
    report.accept()
    dialog.reject()


# -- folders ----------------------------------------------------------------------------------


def test_open_folder_buttons_hand_the_folders_to_the_desktop(
    qtbot: QtBot, shell: AppShell, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(desktop, "open_url", fake_open)
    dialog = open_settings(qtbot, shell)
    folders = dialog.folders
    assert folders is not None
    assert folders.data_path.text() == str(paths.data_dir)
    assert folders.log_path.text() == str(paths.log_dir)
    qtbot.mouseClick(folders.open_data, LEFT)
    qtbot.mouseClick(folders.open_logs, LEFT)
    assert [url.toLocalFile() for url in opened] == [str(paths.data_dir), str(paths.log_dir)]
    assert all(url.isLocalFile() for url in opened)
    assert folders.status.isHidden()

    monkeypatch.setattr(desktop, "open_url", lambda url: False)
    qtbot.mouseClick(folders.open_logs, LEFT)
    assert not folders.status.isHidden()
    assert folders.status.text() == f"Could not open {paths.log_dir}."
    dialog.reject()


def test_sections_are_in_order_and_every_field_is_named(qtbot: QtBot, shell: AppShell) -> None:
    dialog = open_settings(qtbot, shell)
    assert [s.title() for s in dialog.sections()] == [
        "Appearance",
        "Language",
        "Key checks",
        "Workspace “Default”",
        "Encryption key",
        "Folders",
    ]
    assert dialog.keys is not None
    assert dialog.folders is not None
    for widget in (
        dialog.appearance.theme,
        dialog.language.language,
        dialog.keys.rotate_button,
        dialog.folders.open_data,
        dialog.folders.open_logs,
    ):
        assert widget.accessibleName(), widget
    # Readable: no field or label smaller than what its text needs.
    for label in dialog.findChildren(type(dialog.keys.source)):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.width() >= label.minimumSizeHint().width(), label.text()
    assert re.fullmatch(r"R&otate key…", dialog.keys.rotate_button.text())
    assert QCoreApplication.instance() is not None
    dialog.reject()


def test_keys_tab_and_rotate_are_reached_with_the_keyboard(
    qtbot: QtBot, shell: AppShell, services: Any
) -> None:
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow)
    qtbot.keyClick(shell.window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = next(d for d in shell.window.findChildren(SettingsDialog) if d.isVisible())
    qtbot.waitUntil(dialog.appearance.theme.hasFocus)
    assert dialog.tabs.currentIndex() == 0
    qtbot.keyClick(dialog.appearance.theme, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.tabs.currentIndex() == 1)
    assert dialog.tabs.tabText(1) == "&Keys and folders"
    assert dialog.keys is not None
    qtbot.waitUntil(dialog.keys.rotate_button.isVisible)
    with qtbot.waitSignal(shell.data.rotation_refused):
        qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    box = visible_box(qtbot, dialog, "messageBox")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_a_closed_dialog_no_longer_listens(qtbot: QtBot, shell: AppShell) -> None:
    from PySide6.QtCore import QEvent

    dialog = open_settings(qtbot, shell)
    with qtbot.waitSignal(dialog.destroyed):
        dialog.reject()  # WA_DeleteOnClose
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # Signals of the view-model that outlives it reach nothing that is gone.
    shell.data.rotation_refused.emit("refused")
    shell.data.key_rotated.emit("Re-encrypted 0 of 0 configs under key x.")
    shell.data.error_occurred.emit("failed")
    shell.data.busy_changed.emit(False)
    again = open_settings(qtbot, shell)
    assert again.keys is not None
    again.reject()


def test_rotate_refuses_a_key_from_a_named_env_file(
    qtbot: QtBot,
    qloop: Any,
    settings: QSettings,
    paths: AppPaths,
    fake_providers: FakeProviders,
    tmp_path: Path,
) -> None:
    from modelhub.services.bootstrap import open_services

    env_file = tmp_path / "platform.env"
    env_file.write_text(f"ENCRYPTION_KEY={TEST_ENCRYPTION_KEY}\n")
    svc = open_services(
        db=f"sqlite:///{tmp_path / 'env-file.db'}",
        env_file=env_file,
        environ={},
        paths=paths,
        http_client=fake_providers.client(),
        use_keyring=False,
    )
    try:
        built = build_shell(qtbot, svc, settings, paths)
        dialog = open_settings(qtbot, built)
        assert dialog.keys is not None
        assert dialog.keys.location.text() == str(env_file)
        with qtbot.waitSignal(built.data.rotation_refused) as refused:
            qtbot.mouseClick(dialog.keys.rotate_button, LEFT)
        assert f".env file {env_file}" in refused.args[0]
        assert "modelhub keys rotate" in refused.args[0]
        assert env_file.read_text() == f"ENCRYPTION_KEY={TEST_ENCRYPTION_KEY}\n"
        dialog.reject()
        stop_shell(qtbot, built)
    finally:
        close_services(qtbot, svc)


def test_rotate_with_nothing_stored_says_so(
    qtbot: QtBot, managed_shell: AppShell, managed: Any
) -> None:
    dialog = open_settings(qtbot, managed_shell)
    assert dialog.keys is not None
    with qtbot.waitSignal(managed_shell.data.rotation_previewed):
        qtbot.mouseClick(dialog.keys.rotate_button, LEFT)
    box = visible_box(qtbot, dialog, "confirmBox")
    assert "No provider config is stored yet" in box.informativeText()
    assert "0 stored" not in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    dialog.reject()
