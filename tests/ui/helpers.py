"""Shared UI test doubles: real services on a real SQLite file, providers faked at the transport.

Import the fixtures you need into a test module (pytest finds fixtures by name in the module):

    from helpers import GOOD_KEY, FakeProviders, fake_providers, services, settings, run_sync

(``tests/ui`` is on ``sys.path`` under pytest's default ``prepend`` import mode.)

``FakeProviders`` (from ``tests/support/fake_providers.py``, shared with the service tests)
impersonates OpenAI, OpenRouter, Jina and SiliconFlow at the HTTP transport.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from PySide6.QtCore import QSettings
from support.fake_providers import (
    BAD_KEY,
    GOOD_KEY,
    JINA_MODELS,
    OPENAI_MODELS,
    OPENROUTER_MODELS,
    OTHER_GOOD_KEY,
    SILICONFLOW_MODELS,
    TEST_ENCRYPTION_KEY,
    FakeProviders,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine, Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

T = TypeVar("T")


__all__ = [
    "BAD_KEY",
    "GOOD_KEY",
    "JINA_MODELS",
    "OPENAI_MODELS",
    "OPENROUTER_MODELS",
    "OTHER_GOOD_KEY",
    "SILICONFLOW_MODELS",
    "TEST_ENCRYPTION_KEY",
    "FakeProviders",
]


def run_sync(qtbot: QtBot, awaitable: Awaitable[T], timeout: int = 10_000) -> T:
    """Run ``awaitable`` on the running qasync loop from a plain (non-async) test or fixture.

    Needs the ``qloop`` fixture. Never call from inside a coroutine. A plain value (a service
    method that turned out to be synchronous) is returned as is.
    """
    if not inspect.isawaitable(awaitable):
        return awaitable
    task = asyncio.ensure_future(awaitable)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def _maybe_await(qtbot: QtBot, value: Any) -> Any:
    return run_sync(qtbot, value)


@pytest.fixture
def fake_providers() -> FakeProviders:
    """The four providers, faked at the HTTP transport."""
    return FakeProviders()


def build_services(
    qtbot: QtBot,
    db_path: Path,
    fake: FakeProviders,
    **kwargs: Any,
) -> Any:
    """Open the real service graph on ``db_path`` with ``fake`` as the network.

    Returns:
        The ``modelhub.services.bootstrap.Services`` object.
    """
    from modelhub.services.bootstrap import open_services

    opened = open_services(
        db=f"sqlite:///{db_path}",
        environ={"ENCRYPTION_KEY": TEST_ENCRYPTION_KEY},
        http_client=fake.client(),
        use_keyring=False,
        **kwargs,
    )
    return _maybe_await(qtbot, opened)


def close_services(qtbot: QtBot, services: Any) -> None:
    """Close what :func:`build_services` opened, including the fake's HTTP client."""
    _maybe_await(qtbot, services.aclose())
    client = getattr(services, "http_client", None)
    if client is not None and not client.is_closed:
        run_sync(qtbot, client.aclose())


@pytest.fixture
def services(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    fake_providers: FakeProviders,
) -> Iterator[Any]:
    """Real services on a fresh SQLite file, with the fake providers as the network."""
    svc = build_services(qtbot, tmp_path / "modelhub-ui.db", fake_providers)
    try:
        yield svc
    finally:
        close_services(qtbot, svc)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A QSettings on a temp ini file (never the user's real settings)."""
    return QSettings(str(tmp_path / "modelhub-ui.ini"), QSettings.Format.IniFormat)


def workspace_id(qtbot: QtBot, services: Any, name: str = "Default") -> str:
    """The id of workspace ``name``, creating the default one when needed."""
    if name == "Default":
        ws = run_sync(qtbot, services.workspaces.ensure_default())
        return str(ws.id)
    found = run_sync(qtbot, services.workspaces.get_by_name(name))
    return str(found.id)


def call(qtbot: QtBot, fn: Callable[..., Coroutine[Any, Any, T] | T], *args: Any, **kw: Any) -> T:
    """``run_sync(qtbot, fn(*args, **kw))``: a one-liner for arranging state via services."""
    return run_sync(qtbot, fn(*args, **kw))


@pytest.fixture
def shell(qtbot: QtBot, services: Any, settings: QSettings) -> Iterator[Any]:
    """The whole window graph (``modelhub.app.AppShell``) on ``services``, loaded and shown.

    Yields after the Default workspace is current and the provider cards are filled.
    """
    from modelhub.app import AppShell

    built = AppShell(services, settings)
    qtbot.addWidget(built.window)
    with qtbot.waitSignal(built.workspaces.loaded, timeout=10_000):
        built.start(collect_garbage=False)
    qtbot.waitUntil(lambda: built.providers.state("openai") is not None, timeout=10_000)
    try:
        yield built
    finally:
        built.cancel_all()
        qtbot.waitUntil(lambda: not built.providers.busy and not built.workspaces.busy)


def open_config_dialog(qtbot: QtBot, shell: Any, provider: str) -> Any:
    """Open ``provider``'s configuration dialog as a person would and return it.

    A configured provider has a card: its Edit button is clicked. Any other is added:
    "Add provider…" is clicked, the picker is searched for the provider's label, its entry
    chosen with the keyboard and Enter pressed.
    """
    from PySide6.QtCore import Qt

    from modelhub.ui.views.config_dialog import ConfigDialog
    from modelhub.ui.views.provider_picker import ProviderPicker

    page = shell.window.providers_page
    if provider in page.cards:
        qtbot.mouseClick(page.card(provider).configure_button, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        pickers = [d for d in shell.window.findChildren(ProviderPicker) if d.isVisible()]
        assert len(pickers) == 1, pickers
        picker = pickers[0]
        if provider != "custom:":
            qtbot.keyClicks(picker.search, shell.providers.info(provider).label)
        assert provider in picker.visible_providers(), picker.visible_providers()
        picker.select(provider)
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    dialogs = [d for d in shell.window.findChildren(ConfigDialog) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def configure_directly(qtbot: QtBot, services: Any, provider: str, key: str = GOOD_KEY) -> str:
    """Save a config through the services (arranging state); returns the workspace id."""
    tenant = workspace_id(qtbot, services)
    outcome = run_sync(qtbot, services.providers.save(tenant, provider, {"api_key": key}))
    assert outcome.saved, outcome
    return tenant


def wait_card(qtbot: QtBot, shell: Any, provider: str) -> Any:
    """Wait until the Providers page shows a card for ``provider`` and return it."""
    page = shell.window.providers_page
    qtbot.waitUntil(lambda: provider in page.cards, timeout=10_000)
    return page.card(provider)
