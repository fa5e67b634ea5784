"""Health checks from the models and default-models pages: results and measured latency as
they arrive, failures in the provider's words, Cancel, and the billing notice once per run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import helpers
import pytest
from catalog_helpers import configure, make_context
from helpers import call
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from modelhub.domain.models import ModelType
from modelhub.ui.viewmodels.catalog import CatalogTableModel, CatalogViewModel
from modelhub.ui.viewmodels.defaults import DefaultsViewModel
from modelhub.ui.viewmodels.health import HealthViewModel
from modelhub.ui.views import health_widgets
from modelhub.ui.views.defaults_view import DefaultModelsView
from modelhub.ui.views.models_view import ModelsView

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from helpers import FakeProviders
    from pytestqt.modeltest import ModelTester
    from pytestqt.qtbot import QtBot

    from modelhub.ui.viewmodels.context import WorkspaceContext

fake_providers = helpers.fake_providers
services = helpers.services

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")

T = CatalogTableModel
#: The least latency a check of a model behind ``probe_delay = 0.2`` can show. The fake's
#: ``asyncio.sleep(0.2)`` runs on qasync, whose timers are Qt coarse timers: they may fire up
#: to 5 % early (measured: 198 ms), so 190 ms is what 0.2 s guarantees, not 200.
MIN_MS = 190


def _page(
    qtbot: QtBot, services: Any, context: WorkspaceContext, acknowledged: bool = True
) -> tuple[CatalogViewModel, ModelsView]:
    vm = CatalogViewModel(services, context)
    vm.health.paid_notice_acknowledged = acknowledged
    view = ModelsView(vm)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    return vm, view


def _defaults_page(
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


def _cell(vm: CatalogViewModel, provider: str, model: str, column: int, role: int = 0) -> Any:
    p = vm.proxy
    for r in range(p.rowCount()):
        i = p.index(r, column)
        if i.data(T.ProviderRole) == provider and i.data(T.ModelIdRole) == model:
            return i.data(role or Qt.ItemDataRole.DisplayRole)
    raise AssertionError(f"{provider}/{model} is not shown")


def _model_requests(fake: FakeProviders) -> int:
    return sum(1 for _, method, path in fake.requests if method == "POST" and "/v1/" in path)


class NoticeRecorder:
    """Stands in for :meth:`PaidCheckNotice.ask`: counts the notices and accepts them."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, parent: Any, text: str, on_accept: Callable[[], None]) -> None:
        self.texts.append(text)
        on_accept()


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> NoticeRecorder:
    recorder = NoticeRecorder()
    monkeypatch.setattr(health_widgets.PaidCheckNotice, "ask", recorder)
    return recorder


def test_check_one_row_fills_result_and_measured_latency(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    fake_providers.probe_delay = 0.2
    key = ("openai", "gpt-4o-mini")
    assert _cell(vm, *key, T.CHECK) == "Not checked"
    assert view.select_model(*key)
    with qtbot.waitSignal(vm.health.running_changed):
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    # While it runs: the row says so and the page shows progress; the loop keeps running.
    qtbot.waitUntil(lambda: _cell(vm, *key, T.CHECK) == "Checking…")
    assert view.progress.isVisible()
    assert view.progress.label.text() == "Checking gpt-4o-mini…"
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000) as finished:
        pass
    latency = _cell(vm, *key, T.CHECK, T.LatencyRole)
    assert latency >= MIN_MS  # measured: the fake waited 0.2 s before answering
    assert _cell(vm, *key, T.CHECK) == f"OK · {latency:,} ms"
    assert _cell(vm, *key, T.CHECK, T.CheckOkRole) is True
    assert "Checked " in _cell(vm, *key, T.CHECK, Qt.ItemDataRole.ToolTipRole)
    assert finished.args == [f"gpt-4o-mini: OK, {latency:,} ms."]
    assert view.report.toPlainText() == finished.args[0]
    assert not view.progress.isVisible()
    # Recorded: a reload from the database shows the same result.
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    assert _cell(vm, *key, T.CHECK, T.LatencyRole) == latency


def test_check_by_key_and_context_menu(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    view.select_model("openai", "text-embedding-3-small")
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert _cell(vm, "openai", "text-embedding-3-small", T.CHECK).startswith("OK · ")
    view.select_model("openai", "tts-1")
    assert [r.key for r in view.selected_rows()] == [("openai", "tts-1")]
    menu = view.row_menu()
    qtbot.addWidget(menu)
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        next(a for a in menu.actions() if a.text() == "Check").trigger()
    assert _cell(vm, "openai", "tts-1", T.CHECK).startswith("OK · ")


def test_gone_model_shows_failure_in_providers_words(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    fake_providers.gone_models.add("gpt-4.1")
    view.select_model("openai", "gpt-4.1")
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000) as finished:
        view.check_selected()
    text = _cell(vm, "openai", "gpt-4.1", T.CHECK)
    assert text.startswith("Failed: ")
    assert "does not exist" in text  # the provider's own words
    tip = _cell(vm, "openai", "gpt-4.1", T.CHECK, Qt.ItemDataRole.ToolTipRole)
    assert "does not exist or you do not have access to it" in tip
    assert tip.startswith("Checked ")
    assert _cell(vm, "openai", "gpt-4.1", T.CHECK, T.CheckOkRole) is False
    assert finished.args[0].startswith("gpt-4.1: check failed — ")


def test_check_all_then_cancel_stops_the_rest(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    tenant = context.workspace_id
    configure(qtbot, services, tenant, "openai", "siliconflow")
    vm, view = _page(qtbot, services, context)
    enabled = vm.enabled_count()
    assert enabled >= 10
    fake_providers.probe_delay = 0.3
    before = _model_requests(fake_providers)
    with qtbot.waitSignal(vm.health.model_checked, timeout=10_000):
        view.check_all_action.trigger()
    assert view.progress.isVisible()
    assert view.progress.label.text().startswith("Checking ")
    assert view.progress.label.text().endswith(f" of {enabled}…")
    # A second click while it runs starts nothing new.
    assert not vm.check_all_enabled()
    view.check_all_action.trigger()
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000) as finished:
        qtbot.mouseClick(view.progress.cancel, Qt.MouseButton.LeftButton)
    sent = _model_requests(fake_providers) - before
    done = vm.health.done
    assert 1 <= done < enabled
    assert sent < enabled  # Cancel stopped the run: not every model got its request
    assert finished.args == [f"Checks cancelled after {done} of {enabled}."]
    assert not view.progress.isVisible()
    shown = vm.proxy.rowCount()
    checked = {
        (vm.proxy.index(r, 0).data(T.ProviderRole), vm.proxy.index(r, 0).data(T.ModelIdRole))
        for r in range(shown)
        if vm.proxy.index(r, T.CHECK).data(T.CheckOkRole) is not None
    }
    assert len(checked) == done
    texts = [vm.proxy.index(r, T.CHECK).data() for r in range(shown)]
    assert "Checking…" not in texts
    assert texts.count("Not checked") == enabled - done
    # What the table shows was recorded; nothing is sent once the run is over.
    recorded = call(qtbot, services.health.latest, tenant)
    assert checked <= set(recorded)
    with qtbot.waitSignal(vm.loaded):
        vm.reload()
    assert _model_requests(fake_providers) - before == sent
    assert len(recorded) < enabled


def test_second_click_while_running_is_harmless(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    statuses: list[str] = []
    context.status_posted.connect(statuses.append)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    fake_providers.probe_delay = 0.2
    view.select_model("openai", "gpt-4o-mini")
    before = _model_requests(fake_providers)
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    assert _model_requests(fake_providers) - before == 1
    assert "Checks are already running." in statuses


def test_paid_notice_shows_once_per_app_run(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, notices: NoticeRecorder
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    call(qtbot, services.models.set_default, context.workspace_id, "llm", "openai", "gpt-4o-mini")
    vm, view = _page(qtbot, services, context, acknowledged=False)
    defaults, defaults_view = _defaults_page(qtbot, services, context)
    assert defaults.health is vm.health  # one per window: the notice is app-wide
    view.select_model("openai", "gpt-4.1")
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        view.check_selected()
    assert len(notices.texts) == 1
    assert "billed to the workspace's key" in notices.texts[0]
    assert "This check sends 1 request." in notices.texts[0]
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        view.check_selected()
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        qtbot.mouseClick(defaults_view.check_button, Qt.MouseButton.LeftButton)
    assert len(notices.texts) == 1


def test_paid_notice_dialog_declined_then_accepted(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context, acknowledged=False)
    assert vm.health.paid_notice_needed
    before = _model_requests(fake_providers)
    view.select_model("openai", "gpt-4o-mini")
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    box = view.findChild(QMessageBox, "confirmBox")
    assert box is not None
    assert box.isVisible()
    assert "billed to the key" in box.text()
    assert "once each time ModelHub starts" in box.informativeText()
    with qtbot.waitSignal(box.finished):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not vm.health.running
    assert vm.health.paid_notice_needed  # declined: asked again next time
    assert _model_requests(fake_providers) == before
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "confirmBox") is not None)
    box = view.findChild(QMessageBox, "confirmBox")
    assert box is not None
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        qtbot.mouseClick(box.findChild(QPushButton, "confirmAccept"), Qt.MouseButton.LeftButton)
    assert not vm.health.paid_notice_needed
    assert _model_requests(fake_providers) == before + 1


def test_defaults_page_shows_each_defaults_last_check(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any, fake_providers: FakeProviders
) -> None:
    context = make_context(qtbot, services)
    tenant = context.workspace_id
    configure(qtbot, services, tenant, "openai")
    call(qtbot, services.models.set_default, tenant, "llm", "openai", "gpt-4o-mini")
    call(
        qtbot, services.models.set_default, tenant, "embedding", "openai", "text-embedding-3-small"
    )
    vm, view = _defaults_page(qtbot, services, context)
    vm.health.paid_notice_acknowledged = True
    llm, embedding = view.rows[ModelType.LLM], view.rows[ModelType.EMBEDDING]
    assert llm.check.text() == "Not checked yet"
    assert not view.rows[ModelType.RERANK].check.isVisible()  # no default: no line
    fake_providers.probe_delay = 0.2
    fake_providers.gone_models.add("text-embedding-3-small")
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000) as finished:
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.progress.isVisible())
    assert finished.args == ["Checked 2 models: 1 OK, 1 failed."]
    latency = vm.last_check(ModelType.LLM).latency_ms
    assert latency >= MIN_MS
    assert llm.check.text() == f"Last check: OK, {latency:,} ms, just now"
    assert embedding.check.text().startswith("Last check failed: ")
    assert "does not exist" in embedding.check.text()
    assert embedding.check.text().endswith("(just now)")
    # A new page (the next app start) reads the same from the database.
    _vm2, view2 = _defaults_page(qtbot, services, context)
    assert view2.rows[ModelType.LLM].check.text() == llm.check.text()


def test_models_page_check_defaults_updates_defaults_page(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    tenant = context.workspace_id
    configure(qtbot, services, tenant, "openai")
    call(qtbot, services.models.set_default, tenant, "llm", "openai", "gpt-4.1")
    vm, view = _page(qtbot, services, context)
    defaults, defaults_view = _defaults_page(qtbot, services, context)
    with qtbot.waitSignal(defaults.checks_changed, timeout=10_000):
        view.check_defaults_action.trigger()
    qtbot.waitUntil(lambda: not vm.health.running)
    assert defaults_view.rows[ModelType.LLM].check.text().startswith("Last check: OK, ")
    assert _cell(vm, "openai", "gpt-4.1", T.CHECK).startswith("OK · ")
    assert _cell(vm, "openai", "gpt-4o-mini", T.CHECK) == "Not checked"


def test_nothing_to_check_says_so(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    with qtbot.waitSignal(vm.health.run_finished) as finished:
        view.check_defaults_action.trigger()
    assert finished.args == ["Nothing to check: no default models are set."]
    assert not vm.health.running


def test_health_is_shared_per_context(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    context = make_context(qtbot, services)
    first = HealthViewModel.shared(services, context)
    assert HealthViewModel.shared(services, context) is first
    assert HealthViewModel.shared(None, make_context(qtbot, services)) is not first


def test_checked_table_passes_modeltester(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    services: Any,
    fake_providers: FakeProviders,
    qtmodeltester: ModelTester,
) -> None:
    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    vm, view = _page(qtbot, services, context)
    fake_providers.gone_models.add("whisper-1")
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        view.check_all_action.trigger()
    qtmodeltester.check(vm.table, force_py=True)
    vm.set_search("whisper")
    qtmodeltester.check(vm.proxy, force_py=True)
    assert vm.proxy.index(0, T.CHECK).data().startswith("Failed: ")


def test_a_check_report_stays_with_its_workspace(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, services: Any
) -> None:
    from catalog_helpers import create_workspace

    context = make_context(qtbot, services)
    configure(qtbot, services, context.workspace_id, "openai")
    other = create_workspace(qtbot, services, "Team B")
    vm, view = _page(qtbot, services, context)
    with qtbot.waitSignal(vm.health.run_finished, timeout=10_000):
        assert vm.check_all_enabled()
    qtbot.waitUntil(lambda: view.report.toPlainText().startswith("Checked "))
    with qtbot.waitSignal(vm.loaded):
        context.set_workspace(other, "Team B")
    assert view.report.toPlainText() == ""
