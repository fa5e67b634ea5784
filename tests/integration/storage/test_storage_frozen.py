"""Upgrades from frozen databases of every released schema keep their data.

``tests/fixtures/schema_v1.sqlite`` was written by migration 0001
(see ``tests/fixtures/make_schema_v1.py``). When a new migration is added, this test proves
it upgrades that file without losing rows; add a frozen file per released schema version.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from modelhub.domain.models import ModelType
from modelhub.storage.engine import create_engine_for, migrate
from modelhub.storage.uow import make_uow_factory

FIXTURES = Path(__file__).parents[2] / "fixtures"
TENANT_A = "00000000-0000-4000-8000-00000000000a"
T0 = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_schema_v1_database_upgrades_with_its_data(tmp_path: Path) -> None:
    db = tmp_path / "schema_v1.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", db)
    eng = create_engine_for(f"sqlite:///{db}")
    try:
        migrate(eng)
        migrate(eng)
        with eng.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            heads = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            assert list(heads) == ["0002"]  # extend when 0003 exists
        with make_uow_factory(eng)() as uow:
            assert [w.name for w in uow.workspaces.list()] == ["Default", "Team B"]
            default = uow.workspaces.get(TENANT_A)
            assert default is not None
            assert default.created_at == T0
            (openai,) = uow.configs.list(TENANT_A)
            assert openai.provider == "openai"
            assert openai.encrypted_config == "mh1.0badc0de.AAAAAAAAAAAAAAAA.opaque-openai"
            assert openai.is_valid is True
            assert openai.last_validated_at == T0
            assert openai.status == "valid"
            assert uow.defaults.list(TENANT_A) == [("llm", "openai", "gpt-4o")]
            models = uow.catalog.list(TENANT_A)
            assert [(m.model, m.model_type) for m in models] == [
                ("gpt-4o", ModelType.LLM),
                ("text-embedding-3-small", ModelType.EMBEDDING),
            ]
            assert models[0].pricing == {"prompt": "0.0000025"}
            # And the upgraded database takes new writes.
            uow.configs.upsert(TENANT_A, "jina", "new", False, None)
            uow.commit()
    finally:
        eng.dispose()
