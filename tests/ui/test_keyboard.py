"""Keyboard and focus: Tab never trapped, the page shortcuts, a visible focus ring, one
selected section, and whole flows driven by key events only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    GOOD_KEY,
    configure_directly,
    fake_providers,
    services,
    settings,
    shell,
    wait_card,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from modelhub.domain.models import ModelType
from modelhub.ui.views import theme
from modelhub.ui.views.config_dialog import ConfigDialog
from modelhub.ui.views.provider_picker import ProviderPicker
from modelhub.ui.views.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]

CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)


def _shown(qtbot: QtBot, shell: Any) -> Any:
    window = shell.window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def _focused_in(qtbot: QtBot, dialog: QWidget) -> QWidget:
    """The widget of ``dialog`` that gets the keys (its focus widget once it is active)."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
    focused = dialog.focusWidget()
    assert focused is not None
    return focused


def _configured(qtbot: QtBot, shell: Any, services: Any, provider: str = "openai") -> None:
    """Store ``provider``'s key through the services, then let every page load it."""
    configure_directly(qtbot, services, provider)
    with qtbot.waitSignal(shell.defaults.loaded, timeout=10_000):
        shell.providers.reload()
        shell.catalog.reload()
        shell.defaults.reload()
    wait_card(qtbot, shell, provider)
    qtbot.waitUntil(lambda: not shell.catalog.runner.busy, timeout=10_000)


def _visible(kind: type[Any], parent: QWidget) -> list[Any]:
    return [w for w in parent.findChildren(kind) if w.isVisible()]


# -- Tab, shortcuts --------------------------------------------------------------------------


def test_tab_leaves_the_models_table(qtbot: QtBot, shell: Any, services: Any) -> None:
    _configured(qtbot, shell, services)
    window = _shown(qtbot, shell)
    window.show_page(2)
    table = window.models_page.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=10_000)
    table.setCurrentIndex(table.model().index(0, 0))
    _focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus(), "Tab stayed in the table"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert not table.hasFocus(), "Shift+Tab stayed in the table"


def test_ctrl_f_searches_the_current_page(qtbot: QtBot, shell: Any, services: Any) -> None:
    _configured(qtbot, shell, services)
    window = _shown(qtbot, shell)
    window.show_page(2)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(window.models_page.search.hasFocus)

    window.show_page(1)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    first = next(r.combo for r in window.defaults_page.rows.values() if r.combo.isEnabled())
    qtbot.waitUntil(lambda: first.popup.isVisible() and first.popup.edit.hasFocus())
    qtbot.keyClick(first.popup.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not first.popup.isVisible())

    window.show_page(0)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: bool(_visible(ProviderPicker, window)))
    picker = _visible(ProviderPicker, window)[0]
    qtbot.waitUntil(picker.search.hasFocus)
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _visible(ProviderPicker, window))


def test_f5_refreshes_the_current_page(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    _configured(qtbot, shell, services)
    window = _shown(qtbot, shell)

    window.show_page(2)
    with qtbot.waitSignal(shell.catalog.refreshing_changed, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not shell.catalog.refreshing, timeout=10_000)

    window.show_page(1)
    with qtbot.waitSignal(shell.defaults.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)

    window.show_page(0)
    before = fake_providers.calls("openai")
    with qtbot.waitSignal(shell.providers.revalidated, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert fake_providers.calls("openai") > before


def test_ctrl_n_asks_for_a_new_workspace(qtbot: QtBot, shell: Any) -> None:
    window = _shown(qtbot, shell)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: bool(_visible(QInputDialog, window)))
    dialog = _visible(QInputDialog, window)[0]
    field = _focused_in(qtbot, dialog)
    qtbot.keyClicks(field, "Research")
    with qtbot.waitSignal(shell.workspaces.current_changed, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _visible(QInputDialog, window))
    assert shell.context.workspace_name == "Research"


def test_shortcuts_use_the_standard_keys(shell: Any) -> None:
    from PySide6.QtGui import QKeySequence

    window = shell.window
    standard = QKeySequence.StandardKey
    expected = {
        window.find_action: standard.Find,
        window.refresh_action: standard.Refresh,
        window.new_workspace_action: standard.New,
    }
    for action, key in expected.items():
        assert action.shortcuts() == QKeySequence.keyBindings(key), action.objectName()
        assert action in window.actions()
    assert window.settings_action.shortcut() == QKeySequence("Ctrl+,")
    assert QKeySequence("Ctrl+Q") in window.quit_action.shortcuts()


# -- the focus ring, the sections list -----------------------------------------------------


def _dark_palette() -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for r, color in (
        (role.Window, "#202124"),
        (role.WindowText, "#e8eaed"),
        (role.Base, "#17181a"),
        (role.AlternateBase, "#26272a"),
        (role.Text, "#e8eaed"),
        (role.Button, "#2d2e31"),
        (role.ButtonText, "#e8eaed"),
        (role.Highlight, "#3d6fb4"),
        (role.HighlightedText, "#ffffff"),
    ):
        palette.setColor(r, QColor(color))
    return palette


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_focus_ring_is_drawn_around_the_focused_control(
    qtbot: QtBot, shell: Any, dark: bool, tmp_path: Any
) -> None:
    window = _shown(qtbot, shell)
    if dark:
        window.setPalette(_dark_palette())
    window_color = window.palette().color(QPalette.ColorRole.Window)
    assert theme.is_dark(window.palette()) == dark
    ring_color = theme.focus_ring_color(window.palette())
    assert _distance(ring_color, window_color) > 150
    targets = [
        window.providers_page.add_button,
        window.switcher.combo,
        window.nav,
        window.switcher.new_button,
    ]
    for target in targets:
        _focus(qtbot, target)
        ring = window.focus_ring.frame
        qtbot.waitUntil(lambda ring=ring: ring is not None and ring.isVisible())
        assert ring is not None
        assert ring.widget() is target
        # The ring covers the control, in a colour far from the window behind it, and
        # inside the window (not cut off by its edge).
        ring_box = ring.rect().translated(ring.mapTo(window, QPoint(0, 0)))
        target_box = target.rect().translated(target.mapTo(window, QPoint(0, 0)))
        assert ring_box.contains(target_box)
        assert window.rect().contains(ring_box)
        shot = window.grab().toImage()
        for point in (
            ring_box.topLeft() + QPoint(ring_box.width() // 2, 1),
            ring_box.topLeft() + QPoint(1, ring_box.height() // 2),
        ):
            assert _distance(QColor(shot.pixel(point)), ring_color) < 90, target.objectName()
        shot.save(str(tmp_path / f"focus-{type(target).__name__}-{int(dark)}.png"))


def test_focus_ring_follows_into_dialogs(qtbot: QtBot, shell: Any) -> None:
    window = _shown(qtbot, shell)
    window.show_page(0)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: bool(_visible(ProviderPicker, window)))
    picker = _visible(ProviderPicker, window)[0]
    qtbot.waitUntil(picker.search.hasFocus)
    ring = window.focus_ring.frame
    assert ring is not None
    assert ring.widget() is picker.search
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _visible(ProviderPicker, window))


def test_one_section_looks_selected(qtbot: QtBot, shell: Any) -> None:
    window = _shown(qtbot, shell)
    nav = window.nav
    window.show_page(0)
    _focus(qtbot, nav)
    # Keyboard: Down moves the page along; the old section must not stay highlighted.
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is window.defaults_page
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is window.models_page
    assert [nav.row(i) for i in nav.selectedItems()] == [2]
    # Hovering another item does not make it look like a second selection.
    hovered = nav.visualItemRect(nav.item(0)).center()
    qtbot.mouseMove(nav.viewport(), hovered)
    image = nav.grab().toImage()
    backgrounds = []
    for row in range(nav.count()):
        rect = nav.visualItemRect(nav.item(row))
        point = nav.viewport().mapTo(nav, QPoint(rect.left() + 4, rect.center().y()))
        backgrounds.append(QColor(image.pixel(point)))
    nav_color = backgrounds[1]
    assert _distance(backgrounds[2], nav_color) > 40, "the selected section is not marked"
    assert _distance(backgrounds[0], nav_color) < _distance(backgrounds[2], nav_color) / 2


# -- whole flows, keys only -----------------------------------------------------------------


def test_configure_a_provider_with_the_keyboard(
    qtbot: QtBot, shell: Any, fake_providers: Any
) -> None:
    window = _shown(qtbot, shell)
    window.show_page(0)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)  # Providers: Add provider…
    qtbot.waitUntil(lambda: bool(_visible(ProviderPicker, window)))
    picker = _visible(ProviderPicker, window)[0]
    qtbot.waitUntil(picker.search.hasFocus)
    qtbot.keyClicks(picker.search, "OpenRouter")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(_visible(ConfigDialog, window)))
    dialog = _visible(ConfigDialog, window)[0]
    assert dialog.provider == "openrouter"
    key_field = dialog.fields["api_key"]
    qtbot.waitUntil(key_field.hasFocus)
    qtbot.keyClicks(key_field, GOOD_KEY)
    with qtbot.waitSignal(shell.providers.saved, timeout=10_000):
        qtbot.keyClick(key_field, Qt.Key.Key_Return)
    card = wait_card(qtbot, shell, "openrouter")
    qtbot.waitUntil(lambda: card.status == "valid", timeout=10_000)


def test_set_a_default_model_with_the_keyboard(qtbot: QtBot, shell: Any, services: Any) -> None:
    _configured(qtbot, shell, services)
    window = _shown(qtbot, shell)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.pages.currentWidget() is window.defaults_page
    combo = window.defaults_page.rows[ModelType.EMBEDDING].combo
    qtbot.waitUntil(combo.isEnabled, timeout=10_000)
    qtbot.waitUntil(lambda: shell.defaults.has_models(ModelType.EMBEDDING), timeout=10_000)
    # Tab from the first combo to the embedding one, as a person would.
    first = window.defaults_page.rows[ModelType.LLM].combo
    _focus(qtbot, first)
    for _ in range(12):
        if combo.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert combo.hasFocus()
    qtbot.keyClicks(combo, "large")
    qtbot.waitUntil(lambda: combo.popup.isVisible())
    assert combo.popup.edit.text() == "large"
    with qtbot.waitSignal(shell.defaults.default_saved, timeout=10_000):
        qtbot.keyClick(combo.popup.edit, Qt.Key.Key_Return)
    current = shell.defaults.current(ModelType.EMBEDDING)
    assert current is not None
    assert (current.provider, current.model) == ("openai", "text-embedding-3-large")


def test_switch_workspace_with_the_keyboard(qtbot: QtBot, shell: Any, services: Any) -> None:
    from helpers import run_sync

    run_sync(qtbot, services.workspaces.create("Lab"))
    with qtbot.waitSignal(shell.workspaces.loaded, timeout=10_000):
        shell.workspaces.load(shell.workspaces.current_id)
    window = _shown(qtbot, shell)
    qtbot.waitUntil(lambda: shell.workspaces.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: not shell.workspaces.busy and window.switcher.combo.isEnabled())
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    combo = window.switcher.combo
    qtbot.waitUntil(combo.hasFocus)
    names = [combo.itemText(i) for i in range(combo.count())]
    key = Qt.Key.Key_Down if names.index("Lab") > combo.currentIndex() else Qt.Key.Key_Up
    with qtbot.waitSignal(shell.workspaces.current_changed, timeout=10_000):
        qtbot.keyClick(combo, key)
    assert shell.context.workspace_name == "Lab"


def test_settings_open_with_ctrl_comma_and_close_with_escape(qtbot: QtBot, shell: Any) -> None:
    window = _shown(qtbot, shell)
    if window.open_settings() is None:
        pytest.skip("the shell has no settings view-model")
    for dialog in _visible(SettingsDialog, window):
        dialog.reject()
    qtbot.waitUntil(lambda: not _visible(SettingsDialog, window))
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    qtbot.waitUntil(lambda: bool(_visible(SettingsDialog, window)))
    dialog = _visible(SettingsDialog, window)[0]
    qtbot.keyClick(_focused_in(qtbot, dialog), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
