"""The models page, driven through its widgets on real services and fake providers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import helpers
import pytest
from catalog_helpers import configure, create_workspace, make_context
from PySide6.QtCore import Qt

from modelhub.domain.models import CatalogDiff, DefaultModel, ModelType
from modelhub.ui.viewmodels.catalog import (
    CatalogTableModel,
    CatalogViewModel,
    describe_diff,
    price_per_million,
)
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


def _page(
    qtbot: QtBot, services: Any, context: WorkspaceContext
) -> tuple[CatalogViewModel, ModelsView]:
    vm = CatalogViewModel(services, context)
    view = ModelsView(vm)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    return vm, view


def _column(vm: CatalogViewModel, column: int) -> list[str]:
    p = vm.proxy
    return [str(p.index(r, column).data()) for r in range(p.rowCount())]


def test_price_per_million_formats_per_token_strings() -> None:
    assert price_per_million({"prompt": "0.0000025", "completion": "0.00001"}) == (
        "$2.50 in / $10.00 out"
    )
    assert price_per_million({"prompt": "0.00000005", "completion": "0"}) == "$0.05 in"
    assert price_per_million({"prompt": "0", "completion": "0"}) == "free in / free out"
    assert price_per_million({"prompt": "n/a"}) == ""
    assert price_per_million({}) == ""


def test_describe_diff_names_the_removed_default() -> None:
    diff = CatalogDiff(
        "openrouter",
        added=("a", "b", "c"),
        removed=("anthropic/claude-2",),
        removed_defaults=(ModelType.LLM,),
        total=10,
    )
    defaults = {ModelType.LLM: DefaultModel(ModelType.LLM, "openrouter", "anthropic/claude-2")}
    assert describe_diff(diff, "OpenRouter", defaults) == (
        "OpenRouter: +3 models, −1 (anthropic/claude-2 was your LLM default)"
    )
    assert describe_diff(CatalogDiff("jina", error="timed out"), "Jina") == (
        "Jina: refresh failed — timed out"
    )


def test_table_lists_catalog_with_details(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter")
    vm, view = _page(qtbot, services, context)
    assert view.table.model() is vm.proxy
    assert set(_column(vm, CatalogTableModel.PROVIDER)) == {"OpenAI", "OpenRouter"}
    models = _column(vm, CatalogTableModel.MODEL)
    row = models.index("anthropic/claude-sonnet-4.5")
    p = vm.proxy
    assert p.index(row, CatalogTableModel.TYPE).data() == "LLM"
    assert p.index(row, CatalogTableModel.CONTEXT).data() == "128K"
    assert p.index(row, CatalogTableModel.PRICE).data() == "$2.50 in / $10.00 out"
    fetched = p.index(row, CatalogTableModel.MODEL).data(Qt.ItemDataRole.ToolTipRole)
    assert f"fetched {datetime.now(UTC).year}" in fetched
    assert "dall-e-3" not in models  # image models are not one of the five types
    assert view.last_refresh.text() == "Last refresh: just now"
    assert view.count.text() == f"{len(models)} models"


def test_table_filters_by_search_type_and_provider(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter", "jina")
    vm, view = _page(qtbot, services, context)
    total = vm.proxy.rowCount()
    qtbot.keyClicks(view.search, "embedding")
    assert set(_column(vm, CatalogTableModel.TYPE)) == {"Text Embedding"}
    view.search.clear()
    assert vm.proxy.rowCount() == total
    view.type_filter.setCurrentIndex(view.type_filter.findData(ModelType.RERANK.value))
    assert _column(vm, CatalogTableModel.MODEL) == [
        "jina-reranker-v2-base-multilingual",
        "cohere/rerank-v3.5",
    ] or sorted(_column(vm, CatalogTableModel.MODEL)) == [
        "cohere/rerank-v3.5",
        "jina-reranker-v2-base-multilingual",
    ]
    view.provider_filter.setCurrentIndex(view.provider_filter.findData("jina"))
    assert _column(vm, CatalogTableModel.MODEL) == ["jina-reranker-v2-base-multilingual"]
    view.type_filter.setCurrentIndex(0)
    assert set(_column(vm, CatalogTableModel.PROVIDER)) == {"Jina AI"}
    qtbot.keyClicks(view.search, "zzz-no-such-model")
    assert vm.proxy.rowCount() == 0
    assert view.count.text() == f"0 of {total} models"


def test_refresh_reports_added_and_removed(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openrouter", "openai")
    call = helpers.call
    call(
        qtbot,
        services.models.set_default,
        context.workspace_id,
        ModelType.LLM,
        "openrouter",
        "anthropic/claude-sonnet-4.5",
    )
    vm, view = _page(qtbot, services, context)
    fake_providers.openrouter_models = [
        m for m in fake_providers.openrouter_models if m[0] != "anthropic/claude-sonnet-4.5"
    ] + [("mistral/large", ["text"]), ("google/gemini-pro", ["text"])]
    fake_providers.delay = 0.2
    before = fake_providers.calls("openrouter")
    with qtbot.waitSignal(vm.refreshing_changed) as started:
        qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert started.args == [True]
    assert view.busy.isVisible()
    assert not view.refresh_button.isEnabled()
    vm.refresh_all()  # a second click while busy does nothing
    with qtbot.waitSignal(vm.loaded, timeout=10_000):
        pass
    report = view.report.toPlainText()
    assert "OpenRouter: +2 models, −1 (anthropic/claude-sonnet-4.5 was your LLM default)" in report
    assert "OpenAI: no changes" in report
    assert not view.busy.isVisible()
    models = _column(vm, CatalogTableModel.MODEL)
    assert "mistral/large" in models
    assert "anthropic/claude-sonnet-4.5" not in models
    assert fake_providers.calls("openrouter") - before == 2  # one check + one list, not twice


def test_refresh_one_provider_and_errors_per_provider(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "jina")
    vm, view = _page(qtbot, services, context)
    names = [a.text() for a in view.refresh_menu.actions() if a.text()]
    assert names == ["All providers", "OpenAI", "Jina AI"]
    fake_providers.jina_models.append(("jina-ai/jina-embeddings-v4", ["embeddings"]))
    action = next(a for a in view.refresh_menu.actions() if a.objectName() == "refresh_jina")
    with qtbot.waitSignal(vm.report_ready) as report:
        action.trigger()
    assert report.args == ["Jina AI: +1 model"]
    # One provider down: its error is reported, the other is still refreshed.
    fake_providers.unreachable.add("openai")
    fake_providers.jina_models.pop()
    with qtbot.waitSignal(vm.report_ready, timeout=10_000) as report:
        vm.refresh_all()
    lines = report.args[0].splitlines()
    assert "Jina AI: −1" in lines
    assert any(line.startswith("OpenAI: not refreshed") for line in lines)


def test_workspace_switch_changes_table_without_leaks(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    first = context.workspace_id
    configure(qtbot, services, first, "openai")
    second = create_workspace(qtbot, services, "Acme")
    configure(qtbot, services, second, "jina")
    vm, view = _page(qtbot, services, context)
    assert set(_column(vm, CatalogTableModel.PROVIDER)) == {"OpenAI"}
    with qtbot.waitSignal(vm.loaded):
        context.set_workspace(second, "Acme")
    assert set(_column(vm, CatalogTableModel.PROVIDER)) == {"Jina AI"}
    assert [view.provider_filter.itemData(i) for i in range(view.provider_filter.count())] == [
        "",
        "jina",
    ]
    third = create_workspace(qtbot, services, "Empty")
    with qtbot.waitSignal(vm.loaded):
        context.set_workspace(third, "Empty")
    assert vm.proxy.rowCount() == 0
    assert view.last_refresh.text() == "Last refresh: never"
    assert not view.refresh_button.isEnabled()


def test_catalog_models_pass_modeltester(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, qtmodeltester: ModelTester
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai", "openrouter")
    vm, _view = _page(qtbot, services, context)
    qtmodeltester.check(vm.table, force_py=True)
    vm.set_search("gpt")
    vm.set_type_filter(ModelType.LLM.value)
    qtmodeltester.check(vm.proxy, force_py=True)
