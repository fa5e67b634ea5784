"""Team use: ModelHub on the platform's PostgreSQL, where Prisma already made the seed tables."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import psycopg
import pytest

from modelhub.storage.engine import create_engine_for, migrate
from modelhub.storage.uow import make_uow_factory

if TYPE_CHECKING:
    from collections.abc import Iterator

# What `prisma migrate` generates for the seed's models (§3), plus a Tenant table.
PRISMA_DDL = """
CREATE TABLE "tenants" ("id" TEXT NOT NULL, "name" TEXT NOT NULL,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMP(3) NOT NULL, CONSTRAINT "tenants_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "tenants_name_key" ON "tenants"("name");
CREATE TABLE "provider_configs" ("id" TEXT NOT NULL, "tenant_id" TEXT NOT NULL,
  "provider" TEXT NOT NULL, "encrypted_config" TEXT NOT NULL,
  "is_valid" BOOLEAN NOT NULL DEFAULT false, "last_validated_at" TIMESTAMP(3),
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMP(3) NOT NULL, CONSTRAINT "provider_configs_pkey" PRIMARY KEY ("id"));
CREATE TABLE "tenant_model_settings" ("id" TEXT NOT NULL, "tenant_id" TEXT NOT NULL,
  "model_type" TEXT NOT NULL, "provider" TEXT NOT NULL, "model" TEXT NOT NULL,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "tenant_model_settings_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "provider_configs_tenant_id_provider_key"
  ON "provider_configs"("tenant_id", "provider");
CREATE UNIQUE INDEX "tenant_model_settings_tenant_id_model_type_key"
  ON "tenant_model_settings"("tenant_id", "model_type");
ALTER TABLE "provider_configs" ADD CONSTRAINT "provider_configs_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tenant_model_settings" ADD CONSTRAINT "tenant_model_settings_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
"""


@pytest.fixture
def prisma_url(pg_url: str) -> Iterator[str]:
    base, schema = pg_url.rsplit("?schema=", 1)
    with psycopg.connect(base, autocommit=True, options=f"-csearch_path={schema}") as conn:
        conn.execute(PRISMA_DDL)
        conn.execute(
            "INSERT INTO tenants (id, name, updated_at) VALUES (%s, 'Platform tenant', now())",
            (str(uuid.uuid4()),),
        )
        # A server in another time zone: what it writes must still read back as UTC.
        conn.execute("ALTER DATABASE test SET timezone TO 'America/New_York'")
    try:
        yield pg_url
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute("ALTER DATABASE test RESET timezone")


@pytest.mark.postgres
def test_existing_prisma_tables_are_adopted_not_recreated(prisma_url: str) -> None:
    engine = create_engine_for(prisma_url)
    try:
        migrate(engine)
        migrate(engine)
        uow_factory = make_uow_factory(engine)
        with uow_factory() as uow:
            [tenant] = uow.workspaces.list()
            assert tenant.name == "Platform tenant"
            before = datetime.now(UTC).replace(microsecond=0)
            uow.configs.upsert(tenant.id, "openai", "mh1.x.y.z", True, before)
            uow.defaults.set(tenant.id, "llm", "openai", "gpt-4o-mini")
            uow.commit()
        with uow_factory() as uow:
            stored = uow.configs.get(tenant.id, "openai")
            assert stored is not None
            assert stored.last_validated_at == before
            assert uow.defaults.list(tenant.id) == [("llm", "openai", "gpt-4o-mini")]
    finally:
        engine.dispose()
