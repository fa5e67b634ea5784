"""The default-models page, driven through its widgets on real services and fake providers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import helpers
import pytest
from catalog_helpers import configure, create_workspace, make_context
from helpers import call
from PySide6.QtCore import Qt

from modelhub.domain.models import ModelType
from modelhub.ui.viewmodels.defaults import DefaultsViewModel
from modelhub.ui.viewmodels.filtering import ModelOptionsModel
from modelhub.ui.views.defaults_view import DefaultModelsView

if TYPE_CHECKING:
    import asyncio

    from helpers import FakeProviders
    from pytestqt.modeltest import ModelTester
    from pytestqt.qtbot import QtBot

    from modelhub.ui.viewmodels.context import WorkspaceContext

# Shared fixtures from helpers.py, found by pytest through these module globals.
fake_providers = helpers.fake_providers
services = helpers.services

# The offscreen platform lacks size-hint propagation, raise() and keyboard grabs (popups);
# it says so as warnings that have nothing to do with our code.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


def _page(
    qtbot: QtBot, services: Any, context: WorkspaceContext
) -> tuple[DefaultsViewModel, DefaultModelsView]:
    vm = DefaultsViewModel(services, context)
    view = DefaultModelsView(vm)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    return vm, view


def _rows(model: ModelOptionsModel) -> list[tuple[bool, str, str]]:
    out = []
    for row in range(model.rowCount()):
        i = model.index(row, 0)
        out.append(
            (
                bool(i.data(model.IsHeaderRole)),
                str(i.data(model.ProviderRole)),
                str(i.data(model.ModelIdRole)),
            )
        )
    return out


def test_combos_list_models_of_valid_providers_grouped(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "jina")
    vm, view = _page(qtbot, services, context)
    rows = _rows(vm.options(ModelType.EMBEDDING))
    headers = [p for is_header, p, _ in rows if is_header]
    assert headers == ["openai", "jina"]
    models = [(p, m) for is_header, p, m in rows if not is_header]
    assert ("openai", "text-embedding-3-small") in models
    assert ("jina", "jina-embeddings-v3") in models
    # Every model sits under its provider's header.
    current = ""
    for is_header, provider, _ in rows:
        if is_header:
            current = provider
        else:
            assert provider == current
    # Header rows cannot be chosen; model rows carry their ids in item data.
    options = vm.options(ModelType.EMBEDDING)
    assert not options.flags(options.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    combo = view.rows[ModelType.EMBEDDING].combo
    assert combo.isEnabled()
    assert combo.count() == len(rows)


def test_type_to_filter_narrows_the_list(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter", "siliconflow")
    vm, view = _page(qtbot, services, context)
    combo = view.rows[ModelType.LLM].combo
    proxy = vm.proxy(ModelType.LLM)
    everything = proxy.rowCount()
    combo.setFocus()
    qtbot.keyClicks(combo, "claude")  # typing on the closed combo opens the filter
    assert combo.popup.isVisible()
    assert combo.popup.edit.text() == "claude"
    shown = [proxy.index(r, 0).data(ModelOptionsModel.ModelIdRole) for r in range(proxy.rowCount())]
    assert shown == ["", "anthropic/claude-sonnet-4.5"]  # OpenRouter's header, then the match
    assert proxy.rowCount() < everything
    qtbot.keyClicks(combo.popup.edit, "-nothing-like-this")
    assert proxy.rowCount() == 0
    combo.popup.edit.clear()
    assert proxy.rowCount() == everything


def test_choosing_a_model_saves_it(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    statuses: list[str] = []
    context.status_posted.connect(statuses.append)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter")
    vm = DefaultsViewModel(services, context)
    view = DefaultModelsView(vm)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    row = view.rows[ModelType.LLM]
    row.combo.showPopup()
    qtbot.keyClicks(row.combo.popup.edit, "gpt-4.1")
    with qtbot.waitSignal(vm.default_saved):
        qtbot.keyClick(row.combo.popup.edit, Qt.Key.Key_Return)
    saved = call(qtbot, services.models.get_defaults, context.workspace_id)[ModelType.LLM]
    assert (saved.provider, saved.model) == ("openai", "gpt-4.1")
    assert row.combo.currentText() == "OpenAI · gpt-4.1"
    assert row.state == "saved"
    assert "✓" in row.message.text()
    assert statuses[-1] == "LLM default set to OpenAI · gpt-4.1."
    # Clear removes it again.
    with qtbot.waitSignal(vm.default_saved):
        qtbot.mouseClick(row.clear, Qt.MouseButton.LeftButton)
    assert call(qtbot, services.models.get_defaults, context.workspace_id)[ModelType.LLM] is None
    assert row.combo.currentIndex() == -1


def test_failed_save_reverts_and_shows_error(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    row = view.rows[ModelType.LLM]
    with qtbot.waitSignal(vm.default_saved):
        vm.set_default(ModelType.LLM, "openai", "gpt-4o-mini")
    # The provider drops the model behind the page's back; choosing it now fails.
    fake_providers.openai_models.remove("gpt-4.1")
    call(qtbot, services.providers.refresh_models, context.workspace_id, "openai")
    source_row = vm.options(ModelType.LLM).row_of("openai", "gpt-4.1")
    with qtbot.waitSignal(vm.default_failed):
        row.combo.choose_source_row(source_row)
    assert row.combo.currentText() == "OpenAI · gpt-4o-mini"  # back to the saved value
    assert row.state == "error"
    assert "does not offer" in row.message.text()


def test_vanished_default_is_flagged_after_refresh(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openrouter")
    vm, view = _page(qtbot, services, context)
    with qtbot.waitSignal(vm.default_saved):
        vm.set_default(ModelType.LLM, "openrouter", "anthropic/claude-sonnet-4.5")
    fake_providers.openrouter_models = [
        m for m in fake_providers.openrouter_models if m[0] != "anthropic/claude-sonnet-4.5"
    ]
    call(qtbot, services.providers.refresh_models, context.workspace_id, "openrouter")
    with qtbot.waitSignal(vm.loaded):
        context.notify_catalog_changed()
    row = view.rows[ModelType.LLM]
    assert row.state == "problem"
    assert "no longer offers anthropic/claude-sonnet-4.5" in row.message.text()
    assert row.combo.currentIndex() == -1
    assert "anthropic/claude-sonnet-4.5 (unavailable)" in row.combo.placeholderText()
    assert not row.icon.pixmap().isNull()
    # Still saved (flagged, not silently dropped) until the person picks another.
    saved = call(qtbot, services.models.get_defaults, context.workspace_id)[ModelType.LLM]
    assert saved.model == "anthropic/claude-sonnet-4.5"
    assert saved.problem


def test_empty_type_shows_guidance_and_requests_configure(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")  # no rerank models
    vm, view = _page(qtbot, services, context)
    row = view.rows[ModelType.RERANK]
    assert row.state == "empty"
    # The suggestion comes from the descriptions' suggested_for, in display order.
    assert row.message.text() == (
        "No Rerank models yet — configure a provider that offers them "
        "(e.g. Jina AI or SiliconFlow for Rerank)."
    )
    assert not row.combo.isEnabled()
    assert row.configure.isVisible()
    with qtbot.waitSignal(vm.configure_requested):
        qtbot.mouseClick(row.configure, Qt.MouseButton.LeftButton)
    assert not view.rows[ModelType.LLM].configure.isVisible()


def test_workspace_switch_changes_combos(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    first = context.workspace_id
    configure(qtbot, services, first, "openai")
    second = create_workspace(qtbot, services, "Acme")
    configure(qtbot, services, second, "jina")
    vm = DefaultsViewModel(services, context)
    view = DefaultModelsView(vm)
    qtbot.addWidget(view)
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    with qtbot.waitSignal(vm.default_saved):
        vm.set_default(ModelType.LLM, "openai", "gpt-4o-mini")
    with qtbot.waitSignal(vm.loaded):
        context.set_workspace(second, "Acme")
    providers = {p for _, p, _ in _rows(vm.options(ModelType.EMBEDDING))}
    assert providers == {"jina"}
    assert not vm.has_models(ModelType.LLM)
    assert view.rows[ModelType.LLM].combo.currentIndex() == -1
    assert vm.current(ModelType.LLM) is None
    with qtbot.waitSignal(vm.loaded):
        context.set_workspace(first, "Default")
    assert view.rows[ModelType.LLM].combo.currentText() == "OpenAI · gpt-4o-mini"


def test_option_models_pass_modeltester(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, qtmodeltester: ModelTester
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter")
    vm, _view = _page(qtbot, services, context)
    qtmodeltester.check(vm.options(ModelType.LLM), force_py=True)
    proxy = vm.proxy(ModelType.LLM)
    proxy.setFilterFixedString("gpt")
    qtmodeltester.check(proxy, force_py=True)


def test_default_of_provider_that_became_invalid_is_flagged(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter")
    vm, view = _page(qtbot, services, context)
    with qtbot.waitSignal(vm.default_saved):
        vm.set_default(ModelType.LLM, "openai", "gpt-4o-mini")
    fake_providers.no_credit.add("openai")  # the key still works, the account cannot be used
    call(qtbot, services.providers.refresh_all, context.workspace_id)
    with qtbot.waitSignal(vm.loaded):
        context.notify_catalog_changed()
    row = view.rows[ModelType.LLM]
    assert row.state == "problem"
    assert "OpenAI" in row.message.text()
    assert "not valid" in row.message.text()
    # Its models are no longer offered; the other provider's still are.
    providers = {p for is_header, p, _ in _rows(vm.options(ModelType.LLM)) if is_header}
    assert providers == {"openrouter"}


def test_keyboard_opens_filter_and_escape_changes_nothing(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter")
    vm, view = _page(qtbot, services, context)
    combo = view.rows[ModelType.LLM].combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # opens the popup instead of stepping rows
    assert combo.popup.isVisible()
    assert combo.currentIndex() == -1
    qtbot.keyClick(combo.popup.edit, Qt.Key.Key_Down)
    current = combo.popup.list.currentIndex()
    assert not current.data(ModelOptionsModel.IsHeaderRole)  # headers are skipped
    qtbot.keyClick(combo.popup.edit, Qt.Key.Key_Escape)
    assert not combo.popup.isVisible()
    assert combo.currentIndex() == -1
    assert call(qtbot, services.models.get_defaults, context.workspace_id)[ModelType.LLM] is None
    assert vm.proxy(ModelType.LLM).needle == ""  # the next opening lists everything
