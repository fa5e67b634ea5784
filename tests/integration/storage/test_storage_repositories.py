"""Repositories and the unit of work, round trip on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from modelhub.domain.errors import AlreadyExistsError, NotFoundError
from modelhub.domain.models import CatalogModel, ModelType, Workspace
from modelhub.storage.records import CatalogEntry, StoredConfig
from modelhub.storage.tables import (
    model_catalog,
    provider_configs,
    provider_status,
    tenant_model_settings,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Engine

    from modelhub.storage.uow import SqlUnitOfWork

    Factory = Callable[[], SqlUnitOfWork]

T1 = datetime(2025, 3, 4, 5, 6, 7, 123000, tzinfo=UTC)


def _is_utc(value: datetime | None) -> bool:
    return value is not None and value.utcoffset() == timedelta(0)


# --- workspaces ---------------------------------------------------------------------------


def test_workspaces_round_trip(uow_factory: Factory) -> None:
    with uow_factory() as uow:
        beta = uow.workspaces.add("beta")
        uow.workspaces.add("Alpha")
        uow.workspaces.add("gamma")
        uow.commit()
    with uow_factory() as uow:
        assert [w.name for w in uow.workspaces.list()] == ["Alpha", "beta", "gamma"]
        assert uow.workspaces.count() == 3
        assert uow.workspaces.get(beta.id) == beta
        assert uow.workspaces.get_by_name("beta") == beta
        assert uow.workspaces.get_by_name("BETA") is None
        assert uow.workspaces.get("missing") is None
        assert isinstance(beta, Workspace)
        assert _is_utc(beta.created_at)
        renamed = uow.workspaces.rename(beta.id, "Beta 2")
        assert renamed.id == beta.id
        assert renamed.name == "Beta 2"
        assert renamed.created_at == beta.created_at
        assert renamed.updated_at >= beta.updated_at
        uow.commit()
    with uow_factory() as uow:
        assert uow.workspaces.get(beta.id) == renamed


def test_duplicate_workspace_name_is_a_clear_error(uow_factory: Factory) -> None:
    with uow_factory() as uow:
        uow.workspaces.add("Team")
        other = uow.workspaces.add("Other")
        uow.commit()
    with uow_factory() as uow, pytest.raises(AlreadyExistsError, match="'Team' already exists"):
        uow.workspaces.add("Team")
    with uow_factory() as uow, pytest.raises(AlreadyExistsError, match="'Team'"):
        uow.workspaces.rename(other.id, "Team")
    with uow_factory() as uow, pytest.raises(NotFoundError):
        uow.workspaces.rename("no-such-id", "Whatever")
    with uow_factory() as uow:
        assert uow.workspaces.count() == 2


def test_deleting_a_workspace_cascades_to_everything_in_it(
    uow_factory: Factory, engine: Engine
) -> None:
    with uow_factory() as uow:
        doomed = uow.workspaces.add("Doomed")
        kept = uow.workspaces.add("Kept")
        for ws in (doomed, kept):
            uow.configs.upsert(ws.id, "openai", "cipher", True, T1)
            uow.configs.record_status(ws.id, "openai", "valid", "ok", None, T1)
            uow.defaults.set(ws.id, "llm", "openai", "gpt-4o")
            uow.catalog.replace(ws.id, "openai", [CatalogEntry("gpt-4o", "llm", "GPT-4o")], T1)
        uow.commit()
    with uow_factory() as uow:
        assert uow.workspaces.delete(doomed.id) is True
        assert uow.workspaces.delete(doomed.id) is False
        uow.commit()
    with engine.connect() as conn:
        for table in (provider_configs, provider_status, tenant_model_settings, model_catalog):
            tenant_ids = conn.execute(select(table.c.tenant_id)).scalars().all()
            assert tenant_ids == [kept.id], table.name


# --- provider configs ---------------------------------------------------------------------


def test_config_upsert_keeps_id_and_created_at(uow_factory: Factory, workspace: Workspace) -> None:
    with uow_factory() as uow:
        first = uow.configs.upsert(workspace.id, "openai", "v1", False, None)
        uow.commit()
    assert isinstance(first, StoredConfig)
    assert first.is_valid is False
    assert first.last_validated_at is None
    assert first.status is None
    assert _is_utc(first.created_at)
    with uow_factory() as uow:
        second = uow.configs.upsert(workspace.id, "openai", "v2", True, T1)
        uow.commit()
    assert second.id == first.id
    assert second.created_at == first.created_at
    assert second.updated_at >= first.updated_at
    assert second.encrypted_config == "v2"
    assert second.is_valid is True
    assert second.last_validated_at == T1
    with uow_factory() as uow:
        assert uow.configs.get(workspace.id, "openai") == second
        assert uow.configs.get(workspace.id, "jina") is None
        assert [c.provider for c in uow.configs.list(workspace.id)] == ["openai"]


def test_stored_config_repr_hides_the_ciphertext(
    uow_factory: Factory, workspace: Workspace
) -> None:
    with uow_factory() as uow:
        stored = uow.configs.upsert(workspace.id, "openai", "mh1.secretish", False, None)
    assert "mh1.secretish" not in repr(stored)


def test_config_status_validity_delete_and_rotation_helpers(
    uow_factory: Factory, workspace: Workspace, engine: Engine
) -> None:
    with uow_factory() as uow:
        other = uow.workspaces.add("Other")
        uow.configs.upsert(workspace.id, "openai", "a", False, None)
        uow.configs.upsert(workspace.id, "jina", "b", False, None)
        uow.configs.upsert(other.id, "openai", "c", False, None)
        uow.configs.record_status(workspace.id, "openai", "no_credit", "No credit.", "Top up.", T1)
        uow.configs.record_status(workspace.id, "openai", "valid", "Works.", None, T1)
        assert uow.configs.set_validity(workspace.id, "openai", True, T1) is True
        assert uow.configs.set_validity(workspace.id, "siliconflow", True, T1) is False
        uow.commit()
    with uow_factory() as uow:
        listed = uow.configs.list(workspace.id)
        assert [c.provider for c in listed] == ["jina", "openai"]
        jina, openai = listed
        assert jina.status is None
        assert (openai.status, openai.status_message, openai.status_hint) == (
            "valid",
            "Works.",
            None,
        )
        assert openai.checked_at == T1
        assert openai.is_valid is True
        assert openai.last_validated_at == T1
        everything = uow.configs.all_encrypted()
        assert sorted((t, p, v) for _, t, p, v in everything) == sorted(
            [(workspace.id, "openai", "a"), (workspace.id, "jina", "b"), (other.id, "openai", "c")]
        )
        assert uow.configs.update_encrypted(openai.id, "a-rotated") is True
        assert uow.configs.update_encrypted("no-such-id", "x") is False
        uow.commit()
    with uow_factory() as uow:
        rotated = uow.configs.get(workspace.id, "openai")
        assert rotated is not None
        assert rotated.encrypted_config == "a-rotated"
        assert rotated.id == openai.id
        assert uow.configs.delete(workspace.id, "openai") is True
        assert uow.configs.delete(workspace.id, "openai") is False
        uow.commit()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(provider_status)).scalar_one() == 0


def test_config_for_a_missing_workspace_is_not_found(uow_factory: Factory) -> None:
    with uow_factory() as uow, pytest.raises(NotFoundError, match="workspace"):
        uow.configs.upsert("no-such-workspace", "openai", "x", False, None)


# --- unit of work ---------------------------------------------------------------------------


def test_failure_between_writes_leaves_the_old_row_intact(
    uow_factory: Factory, workspace: Workspace
) -> None:
    with uow_factory() as uow:
        uow.configs.upsert(workspace.id, "openai", "old", True, T1)
        uow.configs.record_status(workspace.id, "openai", "valid", "old status", None, T1)
        uow.commit()

    class Boom(Exception):
        pass

    def save_then_fail() -> None:
        with uow_factory() as uow:
            uow.configs.upsert(workspace.id, "openai", "new", False, None)
            raise Boom  # e.g. the metadata write failed after the config write

    with pytest.raises(Boom):
        save_then_fail()
    with uow_factory() as uow:
        uow.configs.upsert(workspace.id, "openai", "never committed", False, None)
        # leaving without commit() rolls back too
    with uow_factory() as uow:
        stored = uow.configs.get(workspace.id, "openai")
    assert stored is not None
    assert (stored.encrypted_config, stored.is_valid, stored.status_message) == (
        "old",
        True,
        "old status",
    )


def test_explicit_rollback_and_work_after_commit(
    uow_factory: Factory, workspace: Workspace
) -> None:
    with uow_factory() as uow:
        uow.defaults.set(workspace.id, "llm", "openai", "a")
        uow.rollback()
        assert uow.defaults.list(workspace.id) == []
        uow.defaults.set(workspace.id, "llm", "openai", "b")
        uow.commit()
        uow.defaults.set(workspace.id, "tts", "openai", "c")  # new transaction, not committed
    with uow_factory() as uow:
        assert uow.defaults.list(workspace.id) == [("llm", "openai", "b")]


def test_unit_of_work_outside_with_is_refused(uow_factory: Factory) -> None:
    uow = uow_factory()
    with pytest.raises(RuntimeError):
        uow.commit()


# --- defaults -------------------------------------------------------------------------------


def test_defaults_upsert_clear_and_clear_for_provider(
    uow_factory: Factory, workspace: Workspace
) -> None:
    with uow_factory() as uow:
        uow.defaults.set(workspace.id, "llm", "openai", "gpt-4o")
        uow.defaults.set(workspace.id, "llm", "openrouter", "claude")  # replaces
        uow.defaults.set(workspace.id, ModelType.EMBEDDING, "jina", "jina-embeddings-v3")
        uow.defaults.set(workspace.id, "rerank", "jina", "jina-reranker")
        uow.defaults.set(workspace.id, "tts", "openai", "tts-1")
        uow.commit()
    with uow_factory() as uow:
        assert uow.defaults.list(workspace.id) == [
            ("embedding", "jina", "jina-embeddings-v3"),
            ("llm", "openrouter", "claude"),
            ("rerank", "jina", "jina-reranker"),
            ("tts", "openai", "tts-1"),
        ]
        assert uow.defaults.clear(workspace.id, "tts") is True
        assert uow.defaults.clear(workspace.id, "tts") is False
        assert uow.defaults.clear_for_provider(workspace.id, "jina") == ["embedding", "rerank"]
        assert uow.defaults.clear_for_provider(workspace.id, "jina") == []
        uow.commit()
    with uow_factory() as uow:
        assert uow.defaults.list(workspace.id) == [("llm", "openrouter", "claude")]


# --- catalog --------------------------------------------------------------------------------


def test_catalog_replace_reports_added_and_removed_model_ids(
    uow_factory: Factory, workspace: Workspace
) -> None:
    first = [
        CatalogEntry("gpt-4o", "llm", "GPT-4o", 128000, {"pricing": {"prompt": "0.0000025"}}),
        CatalogEntry("omni", "llm", "Omni"),
        CatalogEntry("omni", "embedding", "Omni"),  # several types: one model id
        CatalogEntry("old", "tts", "Old"),
    ]
    second = [
        CatalogEntry("gpt-4o", "llm", "GPT-4o", 128000),
        CatalogEntry("omni", "embedding", "Omni"),  # lost one type, still present
        CatalogEntry("new", "rerank", "New"),
        CatalogEntry("new", "rerank", "New (dup)"),  # duplicate entry: last wins
    ]
    later = T1 + timedelta(hours=1)
    with uow_factory() as uow:
        assert uow.catalog.replace(workspace.id, "openai", first, T1) == (
            ["gpt-4o", "old", "omni"],
            [],
        )
        uow.catalog.replace(workspace.id, "jina", [CatalogEntry("j", "rerank", "J")], T1)
        assert uow.catalog.replace(workspace.id, "openai", second, later) == (["new"], ["old"])
        assert uow.catalog.replace(workspace.id, "openai", second, later) == ([], [])
        uow.commit()
    with uow_factory() as uow:
        models = uow.catalog.list(workspace.id)
        assert all(isinstance(m, CatalogModel) for m in models)
        assert [(m.provider, m.name) for m in models] == [
            ("jina", "J"),
            ("openai", "GPT-4o"),
            ("openai", "New (dup)"),
            ("openai", "Omni"),
        ]
        assert [m.model for m in uow.catalog.list(workspace.id, model_type="rerank")] == [
            "j",
            "new",
        ]
        assert [
            m.model
            for m in uow.catalog.list(workspace.id, model_type=ModelType.RERANK, provider="jina")
        ] == ["j"]
        assert uow.catalog.fetched_at(workspace.id) == {"jina": T1, "openai": later}
        assert uow.catalog.has(workspace.id, "openai", "omni", "embedding")
        assert not uow.catalog.has(workspace.id, "openai", "omni", "llm")
        uow.catalog.clear_provider(workspace.id, "openai")
        uow.commit()
    with uow_factory() as uow:
        assert [m.provider for m in uow.catalog.list(workspace.id)] == ["jina"]


def test_catalog_keeps_pricing_and_context_length(
    uow_factory: Factory, workspace: Workspace
) -> None:
    entry = CatalogEntry(
        "gpt-4o",
        "llm",
        "GPT-4o",
        128000,
        {"pricing": {"prompt": "0.0000025", "completion": 0.00001}, "owned_by": "openai"},
    )
    with uow_factory() as uow:
        uow.catalog.replace(workspace.id, "openai", [entry], T1)
        (model,) = uow.catalog.list(workspace.id)
    assert model.context_length == 128000
    assert model.pricing == {"prompt": "0.0000025", "completion": "1e-05"}
    assert model.model_type is ModelType.LLM
    assert model.fetched_at == T1


def test_catalog_replace_handles_five_thousand_models(
    uow_factory: Factory, workspace: Workspace
) -> None:
    entries = [
        CatalogEntry(f"vendor/model-{i:05d}", "llm", f"Model {i:05d}", 8192, {"pricing": {}})
        for i in range(5000)
    ]
    with uow_factory() as uow:
        added, removed = uow.catalog.replace(workspace.id, "openrouter", entries, T1)
        uow.commit()
    assert (len(added), removed) == (5000, [])
    with uow_factory() as uow:
        added, removed = uow.catalog.replace(workspace.id, "openrouter", entries[1:], T1)
        uow.commit()
        assert (added, removed) == ([], ["vendor/model-00000"])
        assert len(uow.catalog.list(workspace.id, model_type="llm")) == 4999
