"""Helpers for the default-models and catalog page tests (on top of ``helpers.py``).

Arrange state through the real services (configure a provider with a key the fake accepts,
switch workspaces), then drive the pages' widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpers import GOOD_KEY, call, workspace_id

from modelhub.ui.viewmodels.context import WorkspaceContext

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


PROVIDER_LABELS = {
    "openai": "OpenAI",
    "openrouter": "OpenRouter",
    "jina": "Jina",
    "siliconflow": "SiliconFlow",
}


def configure(qtbot: QtBot, services: Any, tenant: str, *providers: str) -> None:
    """Save a good key for each of ``providers`` in ``tenant`` (validates and fetches models)."""
    for provider in providers:
        outcome = call(qtbot, services.providers.save, tenant, provider, {"api_key": GOOD_KEY})
        assert outcome.saved, outcome


def make_context(qtbot: QtBot, services: Any, name: str = "Default") -> WorkspaceContext:
    """A context already pointing at workspace ``name`` (created by the services if needed)."""
    context = WorkspaceContext()
    context.set_workspace(workspace_id(qtbot, services, name), name)
    return context


def create_workspace(qtbot: QtBot, services: Any, name: str) -> str:
    """Create workspace ``name``; returns its id."""
    ws = call(qtbot, services.workspaces.create, name)
    return str(ws.id)
