"""Managing the catalog on the models page: enable/disable (one row, all shown), add and
remove models by hand, correct capabilities — driven through the widgets on real services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import helpers
import pytest
import shiboken6
from catalog_helpers import configure, make_context
from helpers import call
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from modelhub.domain.models import ModelType
from modelhub.ui.viewmodels.catalog import CatalogTableModel, CatalogViewModel, parse_limit
from modelhub.ui.viewmodels.defaults import DefaultsViewModel
from modelhub.ui.views.defaults_view import DefaultModelsView
from modelhub.ui.views.model_dialogs import AddModelDialog, EditModelDialog
from modelhub.ui.views.models_view import ModelsView

if TYPE_CHECKING:
    import asyncio

    from helpers import FakeProviders
    from pytestqt.modeltest import ModelTester
    from pytestqt.qtbot import QtBot

    from modelhub.ui.viewmodels.context import WorkspaceContext

fake_providers = helpers.fake_providers
services = helpers.services

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")

T = CatalogTableModel


def _page(
    qtbot: QtBot, services: Any, context: WorkspaceContext
) -> tuple[CatalogViewModel, ModelsView]:
    vm = CatalogViewModel(services, context)
    view = ModelsView(vm)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    return vm, view


def _cell(vm: CatalogViewModel, provider: str, model: str, column: int, role: int = 0) -> Any:
    p = vm.proxy
    for r in range(p.rowCount()):
        i = p.index(r, column)
        if i.data(T.ProviderRole) == provider and i.data(T.ModelIdRole) == model:
            return i.data(role or Qt.ItemDataRole.DisplayRole)
    raise AssertionError(f"{provider}/{model} is not shown")


def _shown(vm: CatalogViewModel) -> list[tuple[str, str]]:
    p = vm.proxy
    return [
        (p.index(r, 0).data(T.ProviderRole), p.index(r, 0).data(T.ModelIdRole))
        for r in range(p.rowCount())
    ]


def _stored(qtbot: QtBot, services: Any, tenant: str) -> dict[tuple[str, str], Any]:
    models = call(qtbot, services.models.list_models, tenant)
    return {(m.provider, m.model): m for ms in models.values() for m in ms}


def _focus_table(qtbot: QtBot, view: ModelsView) -> None:
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)


def _open_dialog(qtbot: QtBot, view: ModelsView, kind: type) -> Any:
    qtbot.waitUntil(lambda: any(d.isVisible() for d in view.findChildren(kind)))
    dialogs = [d for d in view.findChildren(kind) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _closed(widget: Any) -> bool:
    return not shiboken6.isValid(widget) or not widget.isVisible()


def _confirm_box(qtbot: QtBot, view: ModelsView) -> QMessageBox:
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "confirmBox") is not None)
    box = view.findChild(QMessageBox, "confirmBox")
    assert box is not None
    return box


def test_parse_limit_reads_what_people_type() -> None:
    assert parse_limit("128K", "context length") == 128_000
    assert parse_limit(" 131,072 ", "context length") == 131_072
    assert parse_limit("1M", "context length") == 1_000_000
    assert parse_limit("", "context length") is None
    with pytest.raises(Exception, match="whole number of tokens"):
        parse_limit("lots", "context length")


def test_disable_and_enable_one_row_by_key_and_context_menu(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    total = vm.proxy.rowCount()
    assert view.select_model("openai", "gpt-4.1")
    _focus_table(qtbot, view)
    assert view.toggle_action.text() == "Disable"
    with qtbot.waitSignal(vm.enabled_changed) as changed:
        qtbot.keyClick(view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == [1, False]
    # Still listed, greyed and marked; saved in the workspace.
    assert vm.proxy.rowCount() == total
    assert _cell(vm, "openai", "gpt-4.1", T.ENABLED) == "Disabled"
    state = _cell(vm, "openai", "gpt-4.1", T.ENABLED, Qt.ItemDataRole.CheckStateRole)
    assert state == Qt.CheckState.Unchecked
    assert _cell(vm, "openai", "gpt-4.1", T.MODEL, T.EnabledRole) is False
    assert "not offered as a default" in _cell(
        vm, "openai", "gpt-4.1", T.MODEL, Qt.ItemDataRole.ToolTipRole
    )
    assert not _stored(qtbot, services, context.workspace_id)[("openai", "gpt-4.1")].enabled
    assert view.count.text() == f"{total} models · 1 disabled"
    # The selection survived the change (rows change in place, not by a reset).
    assert [r.key for r in view.selected_rows()] == [("openai", "gpt-4.1")]
    # The context menu offers Enable now.
    menu = view.row_menu()
    qtbot.addWidget(menu)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Check", "Enable", "Edit capabilities…"]  # no Remove: listed model
    with qtbot.waitSignal(vm.enabled_changed) as changed:
        next(a for a in menu.actions() if a.text() == "Enable").trigger()
    assert changed.args == [1, True]
    assert _cell(vm, "openai", "gpt-4.1", T.ENABLED) == "Enabled"
    assert _stored(qtbot, services, context.workspace_id)[("openai", "gpt-4.1")].enabled


def test_enabled_check_box_toggles_the_model(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    assert view.select_model("openai", "whisper-1")
    index = view.table.currentIndex().siblingAtColumn(T.ENABLED)
    assert vm.proxy.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    # What the view does when the box is clicked: ask the model to change the state.
    with qtbot.waitSignal(vm.enabled_changed):
        assert vm.proxy.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_disable_all_shown_asks_above_twenty_and_leaves_others(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    fake_providers.openrouter_models += [(f"vendor/model-{i:02}", ["text"]) for i in range(25)]
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter")
    vm, view = _page(qtbot, services, context)
    view.provider_filter.setCurrentIndex(view.provider_filter.findData("openrouter"))
    shown = _shown(vm)
    assert len(shown) > 20
    qtbot.mouseClick(view.disable_shown, Qt.MouseButton.LeftButton)
    box = _confirm_box(qtbot, view)
    assert f"Disable all {len(shown)} models shown?" in box.text()
    accept = box.findChild(QPushButton, "confirmAccept")
    with qtbot.waitSignal(vm.enabled_changed) as changed:
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    assert changed.args == [len(shown), False]
    stored = _stored(qtbot, services, context.workspace_id)
    assert all(not stored[key].enabled for key in shown)
    assert all(m.enabled for key, m in stored.items() if key[0] == "openai")
    # Hiding disabled models empties this filter; the other provider's stay.
    view.show_disabled.setChecked(False)
    assert vm.proxy.rowCount() == 0
    view.provider_filter.setCurrentIndex(0)
    assert {p for p, _ in _shown(vm)} == {"openai"}
    # A small set changes without asking: enable the embeddings again by a search.
    view.show_disabled.setChecked(True)
    qtbot.keyClicks(view.search, "embedding")
    assert 0 < vm.shown_to_change(True) <= 20
    with qtbot.waitSignal(vm.enabled_changed) as changed:
        qtbot.mouseClick(view.enable_shown, Qt.MouseButton.LeftButton)
    assert changed.args == [1, True]  # openrouter's one embedding model
    assert view.findChild(QMessageBox, "confirmBox") is None or not (
        view.findChild(QMessageBox, "confirmBox").isVisible()
    )
    stored = _stored(qtbot, services, context.workspace_id)
    assert stored[("openrouter", "openai/text-embedding-3-small")].enabled


def test_cancelled_bulk_change_changes_nothing(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    fake_providers.openrouter_models += [(f"vendor/model-{i:02}", ["text"]) for i in range(25)]
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openrouter")
    _vm, view = _page(qtbot, services, context)
    qtbot.mouseClick(view.disable_shown, Qt.MouseButton.LeftButton)
    box = _confirm_box(qtbot, view)
    with qtbot.waitSignal(box.finished):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert all(m.enabled for m in _stored(qtbot, services, context.workspace_id).values())
    assert "disabled" not in view.count.text()


def test_disabled_model_is_not_offered_as_default(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    _vm, view = _page(qtbot, services, context)
    defaults = DefaultsViewModel(services, context)
    defaults_view = DefaultModelsView(defaults)
    qtbot.addWidget(defaults_view)
    with qtbot.waitSignal(defaults.loaded):
        defaults.reload()
    assert "disabled on the Models page are not offered" in " ".join(
        label.text() for label in defaults_view.findChildren(type(view.count))
    )
    with qtbot.waitSignal(defaults.default_saved):
        defaults.set_default(ModelType.LLM, "openai", "gpt-4o-mini")
    options = defaults.options(ModelType.LLM)
    assert options.row_of("openai", "gpt-4.1") >= 0
    view.select_model("openai", "gpt-4.1")
    with qtbot.waitSignal(defaults.loaded):  # the defaults page reloads by itself
        view.toggle_selected()
    assert options.row_of("openai", "gpt-4.1") == -1
    assert options.row_of("openai", "gpt-4o-mini") >= 0
    # Disabling the current default flags it on the defaults page.
    view.select_model("openai", "gpt-4o-mini")
    with qtbot.waitSignal(defaults.loaded):
        view.toggle_selected()
    row = defaults_view.rows[ModelType.LLM]
    assert row.state == "problem"
    assert "gpt-4o-mini is disabled" in row.message.text()
    assert row.combo.currentIndex() == -1


def test_capability_filter_and_show_disabled(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "siliconflow")
    vm, view = _page(qtbot, services, context)
    view.capability_filter.setCurrentIndex(view.capability_filter.findData("vision"))
    assert sorted(_shown(vm)) == [("openai", "gpt-4.1"), ("openai", "gpt-4o-mini")]
    assert _cell(vm, "openai", "gpt-4.1", T.CAPABILITIES) == "Vision · Tools · Structured output"
    tip = _cell(vm, "openai", "gpt-4.1", T.CAPABILITIES, Qt.ItemDataRole.ToolTipRole)
    assert "Guessed from the model id" in tip
    view.capability_filter.setCurrentIndex(view.capability_filter.findData("reasoning"))
    assert _shown(vm) == [("siliconflow", "Qwen/Qwen3-8B")]
    view.capability_filter.setCurrentIndex(0)
    assert _cell(vm, "openai", "gpt-4.1", T.CONTEXT) == "1M"
    assert _cell(vm, "openai", "gpt-4.1", T.MAX_OUTPUT) == "32K"
    assert _cell(vm, "openai", "tts-1", T.CONTEXT) == "—"


def test_add_model_by_hand_with_inline_errors(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "jina")
    vm, view = _page(qtbot, services, context)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot, view, AddModelDialog)
    providers = [dialog.provider.itemData(i) for i in range(dialog.provider.count())]
    assert providers == ["openai", "jina"]
    dialog.provider.setCurrentIndex(dialog.provider.findData("jina"))
    types = [dialog.model_type.itemData(i) for i in range(dialog.model_type.count())]
    assert types == ["embedding", "rerank"]  # only what Jina offers
    dialog.provider.setCurrentIndex(dialog.provider.findData("openai"))
    # A bad id: the service's words appear in the dialog, which stays open.
    qtbot.keyClicks(dialog.model_id, "my model")
    with qtbot.waitSignal(vm.edit_failed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "is not a model id" in dialog.error.text()
    assert "no spaces" in dialog.error.text()
    # A bad limit is refused before anything is sent.
    dialog.model_id.clear()
    qtbot.keyClicks(dialog.model_id, "ft:gpt-4o-mini:acme:v1")
    qtbot.keyClicks(dialog.context, "lots")
    with qtbot.waitSignal(vm.edit_failed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "context length must be a whole number" in dialog.error.text()
    dialog.context.clear()
    qtbot.keyClicks(dialog.context, "128K")
    qtbot.keyClicks(dialog.max_output, "16384")
    dialog.model_type.setCurrentIndex(dialog.model_type.findData("llm"))
    dialog.capabilities["tools"].setChecked(True)
    dialog.capabilities["json"].setChecked(True)
    dialog.model_id.setFocus()
    with qtbot.waitSignal(vm.loaded), qtbot.waitSignal(vm.model_added):
        qtbot.keyClick(dialog.model_id, Qt.Key.Key_Return)  # Enter = Add
    qtbot.waitUntil(lambda: _closed(dialog))
    key = ("openai", "ft:gpt-4o-mini:acme:v1")
    assert _cell(vm, *key, T.MODEL, T.CustomRole) is True
    assert _cell(vm, *key, T.CAPABILITIES) == "Tools · Structured output"
    assert _cell(vm, *key, T.CONTEXT) == "128K"
    assert _cell(vm, *key, T.MAX_OUTPUT) == "16K"
    assert "Set by you" in _cell(vm, *key, T.CAPABILITIES, Qt.ItemDataRole.ToolTipRole)
    assert view.select_model(*key)
    drawn = view.delegate.display_text_of(view.table.currentIndex().siblingAtColumn(T.MODEL))
    assert drawn == "ft:gpt-4o-mini:acme:v1  · Added by hand"
    stored = _stored(qtbot, services, context.workspace_id)[key]
    assert stored.custom
    assert stored.context_length == 128_000


def test_remove_only_models_added_by_hand(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    tenant = context.workspace_id
    configure(qtbot, services, tenant, "openai")
    call(qtbot, services.models.add_model, tenant, "openai", "my-deployment", "llm", ["tools"])
    vm, view = _page(qtbot, services, context)
    view.select_model("openai", "gpt-4.1")
    _focus_table(qtbot, view)
    assert not view.remove_action.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # nothing to remove: a listed model
    assert view.findChild(QMessageBox, "confirmBox") is None
    view.select_model("openai", "my-deployment")
    assert view.remove_action.isEnabled()
    menu = view.row_menu()
    qtbot.addWidget(menu)
    assert "Remove…" in [a.text() for a in menu.actions()]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    box = _confirm_box(qtbot, view)
    assert "Remove my-deployment from OpenAI?" in box.text()
    with qtbot.waitSignal(vm.loaded), qtbot.waitSignal(vm.model_removed):
        qtbot.mouseClick(box.findChild(QPushButton, "confirmAccept"), Qt.MouseButton.LeftButton)
    assert ("openai", "my-deployment") not in _shown(vm)
    assert ("openai", "my-deployment") not in _stored(qtbot, services, tenant)


def test_corrected_capabilities_survive_a_refresh_and_reset(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    tenant = context.workspace_id
    configure(qtbot, services, tenant, "openrouter")
    vm, view = _page(qtbot, services, context)
    key = ("openrouter", "anthropic/claude-sonnet-4.5")
    assert _cell(vm, *key, T.CAPABILITIES) == "—"
    view.select_model(*key)
    _focus_table(qtbot, view)
    qtbot.keyClick(view.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = _open_dialog(qtbot, view, EditModelDialog)
    assert "from the provider's model list" in dialog.source.text()
    assert dialog.context.text() == "128000"
    assert not dialog.reset_button.isEnabled()  # nothing corrected yet
    dialog.capabilities["vision"].setChecked(True)
    dialog.capabilities["reasoning"].setChecked(True)
    qtbot.keyClicks(dialog.max_output, "64K")
    with qtbot.waitSignal(vm.loaded), qtbot.waitSignal(vm.model_corrected):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _closed(dialog))
    stored = _stored(qtbot, services, tenant)[key]
    # Only what changed is a correction; the provider's context length is left alone.
    assert set(stored.corrected) == {"capabilities", "max_output_tokens"}

    def shows_correction() -> None:
        assert _cell(vm, *key, T.CAPABILITIES) == "Vision · Reasoning"
        assert _cell(vm, *key, T.MAX_OUTPUT) == "64K"
        tip = _cell(vm, *key, T.MAX_OUTPUT, Qt.ItemDataRole.ToolTipRole)
        assert tip == "64,000 tokens (corrected by you)"
        assert _cell(vm, *key, T.CAPABILITIES, Qt.ItemDataRole.ToolTipRole) == "Corrected by you."

    shows_correction()
    with qtbot.waitSignal(vm.loaded, timeout=10_000):
        qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert "OpenRouter: no changes" in view.report.toPlainText()
    shows_correction()
    # Reset brings the provider's values back.
    view.select_model(*key)
    dialog = view.edit_current()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.reset_button.isEnabled()
    with qtbot.waitSignal(vm.loaded), qtbot.waitSignal(vm.model_corrected):
        qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert _cell(vm, *key, T.CAPABILITIES) == "—"
    assert _cell(vm, *key, T.MAX_OUTPUT) == "—"
    assert _stored(qtbot, services, tenant)[key].corrected == ()


def test_edit_refuses_a_bad_limit_inline(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    view.select_model("openai", "gpt-4o-mini")
    dialog = view.edit_current()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.context.setText("200000000")  # more than any model has
    with qtbot.waitSignal(vm.edit_failed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "between 1 and 100,000,000" in dialog.error.text()
    assert dialog.save_button.isEnabled()


def test_managed_table_passes_modeltester(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, qtmodeltester: ModelTester
) -> None:
    context = make_context(qtbot, services)
    tenant = context.workspace_id
    configure(qtbot, services, tenant, "openai", "openrouter")
    call(qtbot, services.models.add_model, tenant, "openai", "my-deployment", "llm", ["vision"])
    vm, view = _page(qtbot, services, context)
    view.select_model("openai", "gpt-4.1")
    with qtbot.waitSignal(vm.enabled_changed):
        view.toggle_selected()
    qtmodeltester.check(vm.table, force_py=True)
    vm.set_capability_filter("vision")
    vm.set_show_disabled(False)
    qtmodeltester.check(vm.proxy, force_py=True)
    assert ("openai", "gpt-4.1") not in _shown(vm)
    assert ("openai", "my-deployment") in _shown(vm)
