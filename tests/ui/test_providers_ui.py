"""Provider cards and their actions, driven through the real widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    BAD_KEY,
    GOOD_KEY,
    configure_directly,
    fake_providers,
    open_config_dialog,
    run_sync,
    services,
    settings,
    shell,
    wait_card,
    workspace_id,
)
from PySide6.QtCore import Qt

from modelhub.domain.models import ModelType
from modelhub.providers.registry import builtin_infos
from modelhub.ui.viewmodels.providers import ProvidersViewModel, relative_time
from modelhub.ui.views import confirm

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

__all__ = ["fake_providers", "services", "settings", "shell"]  # fixtures used by name

LEFT = Qt.MouseButton.LeftButton
# The offscreen platform plugin warns whenever a top-level window's size hints change; that
# is the test platform talking, not our code.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_no_cards_until_a_provider_is_configured(shell: Any) -> None:
    grid = shell.window.providers_page
    assert grid.cards == {}
    assert not grid.empty_label.isHidden()
    assert "Add provider" in grid.empty_label.text()


def test_picker_lists_every_provider_grouped_and_searchable(qtbot: QtBot, shell: Any) -> None:
    grid = shell.window.providers_page
    qtbot.mouseClick(grid.add_button, LEFT)
    from modelhub.ui.views.provider_picker import ProviderPicker

    picker = next(d for d in shell.window.findChildren(ProviderPicker) if d.isVisible())
    shown = picker.visible_providers()
    cloud = [i.name for i in builtin_infos() if i.group == "cloud"]
    local = [i.name for i in builtin_infos() if i.group == "local"]
    assert shown == [*cloud, *local, "custom:"]  # custom endpoint last
    headings = [
        picker.list.item(r).text()
        for r in range(picker.list.count())
        if not picker.list.item(r).data(Qt.ItemDataRole.UserRole + 1)
    ]
    assert headings == ["Cloud providers", "On your computer or network", "Your own endpoint"]
    qtbot.keyClicks(picker.search, "rerank")
    rerankers = {i.name for i in builtin_infos() if ModelType.RERANK in i.model_types}
    assert set(picker.visible_providers()) == rerankers
    picker.search.clear()
    picker.search.setText("硅基")  # SiliconFlow's Chinese name (QTest cannot type CJK)
    assert picker.visible_providers() == ["siliconflow"]
    picker.search.clear()
    qtbot.keyClicks(picker.search, "no such thing")
    assert picker.visible_providers() == []
    assert not picker.empty_label.isHidden()
    assert not picker.ok_button.isEnabled()
    picker.reject()


def test_configured_provider_leaves_the_picker(qtbot: QtBot, shell: Any, services: Any) -> None:
    configure_directly(qtbot, services, "jina")
    shell.providers.reload()
    wait_card(qtbot, shell, "jina")
    assert "jina" not in [i.name for i in shell.providers.catalog()]
    assert shell.window.providers_page.empty_label.isHidden()


def test_configure_with_good_key_turns_card_valid(qtbot: QtBot, shell: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "valid")
    assert card.badge.text() == "Valid"
    assert card.key_label.text().startswith("Key: ")
    assert GOOD_KEY not in card.key_label.text()
    assert card.checked_label.text() == "Last validated: just now"
    assert "Saved OpenAI" in shell.window.status_label.text()


def test_bad_key_shows_error_and_saves_nothing(qtbot: QtBot, shell: Any, services: Any) -> None:
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], BAD_KEY)
    with qtbot.waitSignal(shell.providers.saved, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert not blocker.args[1].saved
    assert dialog.isVisible()
    assert dialog.result_label.isVisible()
    assert "Not saved" in dialog.result_label.text()
    assert not dialog.save_anyway_button.isVisible()  # a rejected key is never saved
    state = run_sync(
        qtbot, services.providers.get_provider(workspace_id(qtbot, services), "openai")
    )
    assert not state.configured
    assert "openai" not in shell.window.providers_page.cards
    dialog.reject()


def test_unreachable_offers_save_anyway(qtbot: QtBot, shell: Any, fake_providers: Any) -> None:
    fake_providers.unreachable.add("openai")
    dialog = open_config_dialog(qtbot, shell, "openai")
    qtbot.keyClicks(dialog.fields["api_key"], GOOD_KEY)
    with qtbot.waitSignal(shell.providers.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.save_anyway_button.isVisible()
    qtbot.waitUntil(dialog.save_anyway_button.isEnabled)  # the first check has fully ended
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_anyway_button, LEFT)
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "unreachable")
    assert card.badge.text() == "Unreachable"


def test_test_button_updates_badge(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "valid")
    fake_providers.no_credit.add("openai")
    seen: list[str] = []
    shell.providers.checking_changed.connect(lambda _p, on: seen.append(card.status))
    with qtbot.waitSignal(shell.providers.validation_finished, timeout=10_000):
        qtbot.mouseClick(card.test_button, LEFT)
    qtbot.waitUntil(lambda: card.status == "no_credit")
    assert "checking" in seen or card.badge.text() == "No credit"
    assert card.badge.text() == "No credit"


def test_remove_lists_and_clears_defaults(
    qtbot: QtBot, shell: Any, services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = configure_directly(qtbot, services, "openai")
    run_sync(qtbot, services.models.set_default(tenant, ModelType.LLM, "openai", "gpt-4o-mini"))
    shell.providers.reload()
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "valid")

    asked: dict[str, Any] = {}

    def fake_ask(_parent: Any, title: str, text: str, details: str, label: str, on_accept: Any):
        asked.update(title=title, details=details)
        on_accept()

    monkeypatch.setattr(confirm, "ask", fake_ask)
    with qtbot.waitSignal(shell.providers.removed, timeout=10_000) as blocker:
        qtbot.mouseClick(card.remove_button, LEFT)
    assert asked["title"] == "Remove OpenAI?"
    assert "LLM: gpt-4o-mini" in asked["details"]
    assert blocker.args[1].cleared_defaults == (ModelType.LLM,)
    qtbot.waitUntil(lambda: "openai" not in shell.window.providers_page.cards)
    defaults = run_sync(qtbot, services.models.get_defaults(tenant))
    assert defaults[ModelType.LLM] is None


def test_remove_cancelled_keeps_config(
    qtbot: QtBot, shell: Any, services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_directly(qtbot, services, "openai")
    shell.providers.reload()
    card = wait_card(qtbot, shell, "openai")
    qtbot.waitUntil(lambda: card.status == "valid")
    with qtbot.waitSignal(shell.providers.remove_requested, timeout=10_000):
        qtbot.mouseClick(card.remove_button, LEFT)
    from PySide6.QtWidgets import QMessageBox

    box = shell.window.findChild(QMessageBox, "confirmBox")
    assert box is not None
    assert box.isVisible()
    assert "No default model uses it." in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert card.status == "valid"


def test_grid_reflows_with_window_width(qtbot: QtBot, shell: Any, services: Any) -> None:
    for provider in ("openai", "openrouter", "jina", "siliconflow"):
        configure_directly(qtbot, services, provider)
    shell.providers.reload()
    wait_card(qtbot, shell, "siliconflow")
    window = shell.window
    window.show()
    window.resize(1700, 800)
    qtbot.waitUntil(lambda: len(window.providers_page.flow.rows()) == 1)
    window.resize(700, 800)
    qtbot.waitUntil(lambda: len(window.providers_page.flow.rows()) >= 2)


def test_providers_model_passes_modeltester(qtbot: QtBot, shell: Any, qtmodeltester: Any) -> None:
    qtmodeltester.check(shell.providers)
    assert shell.providers.rowCount() == len(builtin_infos())
    index = shell.providers.index(0)
    assert index.data(ProvidersViewModel.ProviderRole) == "openai"
    assert index.data(ProvidersViewModel.StatusLabelRole) == "Not configured"


def test_second_click_while_busy_is_harmless(
    qtbot: QtBot, shell: Any, services: Any, fake_providers: Any
) -> None:
    configure_directly(qtbot, services, "openai")
    fake_providers.delay = 0.3
    before = fake_providers.calls("openai")
    shell.providers.test("openai")
    shell.providers.test("openai")
    qtbot.waitUntil(lambda: not shell.providers.is_checking("openai"), timeout=10_000)
    assert fake_providers.calls("openai") - before == 1


def test_relative_time_words() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert relative_time(None, now) == "never"
    assert relative_time(now - timedelta(seconds=10), now) == "just now"
    assert relative_time(now - timedelta(minutes=3), now) == "3 minutes ago"
    assert relative_time(now - timedelta(hours=1), now) == "1 hour ago"
    assert relative_time(now - timedelta(days=2), now) == "2 days ago"
