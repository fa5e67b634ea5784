"""The schema is the seed's §3 contract: names, columns, keys and cascades, on both backends."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from modelhub.storage.engine import create_engine_for, migrate
from modelhub.storage.tables import metadata

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

SEED_COLUMNS = {
    "tenants": ["id", "name", "created_at", "updated_at"],
    "provider_configs": [
        "id",
        "tenant_id",
        "provider",
        "encrypted_config",
        "is_valid",
        "last_validated_at",
        "created_at",
        "updated_at",
    ],
    "tenant_model_settings": [
        "id",
        "tenant_id",
        "model_type",
        "provider",
        "model",
        "created_at",
        "updated_at",
    ],
}
MODELHUB_COLUMNS = {
    "provider_status": ["tenant_id", "provider", "status", "message", "hint", "checked_at"],
    "model_catalog": [
        "id",
        "tenant_id",
        "provider",
        "model",
        "model_type",
        "name",
        "context_length",
        "metadata",
        "fetched_at",
    ],
    "model_overrides": [
        "tenant_id",
        "provider",
        "model",
        "model_type",
        "enabled",
        "custom",
        "name",
        "capabilities",
        "context_length",
        "max_output_tokens",
        "updated_at",
    ],
    "model_health_checks": [
        "id",
        "tenant_id",
        "provider",
        "model",
        "model_type",
        "ok",
        "status",
        "error",
        "detail",
        "first_byte_ms",
        "total_ms",
        "checked_at",
    ],
    "provider_balance": [
        "tenant_id",
        "provider",
        "kind",
        "amount",
        "currency",
        "limit_amount",
        "usage",
        "fetched_at",
    ],
    "workspace_settings": ["tenant_id", "name", "value", "updated_at"],
}
NULLABLE = {
    ("provider_configs", "last_validated_at"),
    ("provider_status", "hint"),
    ("model_catalog", "context_length"),
    *(
        ("model_overrides", c)
        for c in ("model_type", "name", "capabilities", "context_length", "max_output_tokens")
    ),
    *(("model_health_checks", c) for c in ("error", "detail", "first_byte_ms")),
    *(("provider_balance", c) for c in ("amount", "currency", "limit_amount", "usage")),
}


def test_tables_and_columns_are_exactly_the_contract(engine: Engine) -> None:
    insp = inspect(engine)
    expected = {**SEED_COLUMNS, **MODELHUB_COLUMNS}
    assert set(insp.get_table_names()) == {*expected, "alembic_version"}
    for table, columns in expected.items():
        found = insp.get_columns(table)
        assert [c["name"] for c in found] == columns, table
        for column in found:
            assert column["nullable"] == ((table, column["name"]) in NULLABLE), (table, column)


def test_keys_unique_constraints_and_cascades(engine: Engine) -> None:
    insp = inspect(engine)
    for table in ("tenants", "provider_configs", "tenant_model_settings", "model_catalog"):
        assert insp.get_pk_constraint(table)["constrained_columns"] == ["id"]
    assert insp.get_pk_constraint("provider_status")["constrained_columns"] == [
        "tenant_id",
        "provider",
    ]
    uniques = {
        table: sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table))
        for table in insp.get_table_names()
    }
    assert uniques["tenants"] == [("name",)]
    assert uniques["provider_configs"] == [("tenant_id", "provider")]
    assert uniques["tenant_model_settings"] == [("tenant_id", "model_type")]
    assert uniques["model_catalog"] == [("tenant_id", "provider", "model", "model_type")]
    for table in (
        "provider_configs",
        "tenant_model_settings",
        "provider_status",
        "model_catalog",
        "model_overrides",
        "model_health_checks",
        "provider_balance",
        "workspace_settings",
    ):
        (fk,) = insp.get_foreign_keys(table)
        assert fk["referred_table"] == "tenants"
        assert fk["constrained_columns"] == ["tenant_id"]
        assert fk["referred_columns"] == ["id"]
        assert fk["options"].get("ondelete", "").upper() == "CASCADE", table
    index_columns = [i["column_names"] for i in insp.get_indexes("model_catalog")]
    assert ["tenant_id", "model_type"] in index_columns


def test_is_valid_defaults_to_false_in_the_database(engine: Engine) -> None:
    # A server written from the seed may insert without is_valid; the DB default must apply.
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO tenants (id, name, created_at, updated_at)"
                " VALUES ('t1', 'T', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO provider_configs (id, tenant_id, provider, encrypted_config,"
                " updated_at) VALUES ('c1', 't1', 'openai', 'x', CURRENT_TIMESTAMP)"
            )
        )
        value = conn.execute(text("SELECT is_valid FROM provider_configs")).scalar_one()
    assert value in (False, 0)


def test_database_enforces_unique_tenant_provider(engine: Engine) -> None:
    insert = (
        "INSERT INTO provider_configs (id, tenant_id, provider, encrypted_config, is_valid,"
        " created_at, updated_at) VALUES (:id, 't1', 'openai', 'x', false,"
        " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO tenants (id, name, created_at, updated_at)"
                " VALUES ('t1', 'T', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(text(insert), {"id": "c1"})
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(insert), {"id": "c2"})


def test_migrate_is_idempotent_and_at_head(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            "0002"
        ]


def test_tables_module_matches_the_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


@pytest.mark.postgres
def test_postgres_tables_and_version_table_live_in_the_url_schema(pg_url: str) -> None:
    schema = pg_url.rsplit("schema=", 1)[1]
    eng = create_engine_for(pg_url)
    try:
        migrate(eng)
        with eng.connect() as conn:
            rows = conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            ).scalars()
            assert {*SEED_COLUMNS, *MODELHUB_COLUMNS, "alembic_version"} <= set(rows)
            assert conn.execute(text("SELECT current_schema()")).scalar_one() == schema
    finally:
        eng.dispose()


@pytest.mark.postgres
def test_postgres_schema_is_created_when_missing(pg_url: str) -> None:
    # Prisma creates the ?schema= schema on first migrate; so does ModelHub.
    import psycopg

    base, schema = pg_url.rsplit("schema=", 1)
    fresh = f"{schema}_new"
    eng = create_engine_for(f"{base}schema={fresh}")
    try:
        migrate(eng)
        assert "tenants" in inspect(eng).get_table_names()
    finally:
        eng.dispose()
        with psycopg.connect(base.rstrip("?"), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{fresh}" CASCADE')


def test_head_revision_constant_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from modelhub.storage.engine import HEAD_REVISION, KNOWN_REVISIONS, _alembic_config

    scripts = ScriptDirectory.from_config(_alembic_config())
    assert scripts.get_current_head() == HEAD_REVISION
    released = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(released) == KNOWN_REVISIONS  # restore knows every schema


def test_start_at_head_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'head.db'}"
    code = (
        "import sys\n"
        "from modelhub.storage.engine import create_engine_for, migrate\n"
        f"e = create_engine_for({url!r})\n"
        "migrate(e)\n"
        "first = 'alembic' in sys.modules\n"
        "for name in [m for m in sys.modules if m.split('.')[0] == 'alembic']:\n"
        "    del sys.modules[name]\n"
        "migrate(e)\n"
        "print(first, 'alembic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "False"]
