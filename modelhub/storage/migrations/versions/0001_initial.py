"""Initial schema: the seed's tenants, provider_configs, tenant_model_settings, plus
ModelHub's provider_status and model_catalog.

Revision ID: 0001
Revises:
Create Date: 2025-11-27

Written by hand (no autogenerate at run time). The frozen database
``tests/fixtures/schema_v1.sqlite`` was made by this revision; never edit it after release:
add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _ts(name: str, *, nullable: bool = False, now: bool = False) -> sa.Column[object]:
    return sa.Column(
        name,
        sa.DateTime(timezone=True),
        nullable=nullable,
        server_default=sa.func.now() if now else None,
    )


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"],
        ["tenants.id"],
        name=f"{table}_tenant_id_fkey",
        ondelete="CASCADE",
        onupdate="CASCADE",
    )


def _adopted(table: str) -> bool:
    """True when ``table`` already exists, made by the platform's own (Prisma) migrations.

    In team use ModelHub points at the platform's PostgreSQL, where the seed's tables may
    exist before ModelHub ever runs. Their names and columns are the contract, so they are
    adopted as they are instead of failing with "relation already exists".
    """
    return sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    """Create the five tables (adopting seed tables the platform already created)."""
    if not _adopted("tenants"):
        _create_tenants()
    if not _adopted("provider_configs"):
        _create_provider_configs()
    if not _adopted("tenant_model_settings"):
        _create_tenant_model_settings()
    _create_modelhub_tables()


def _create_tenants() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        _ts("created_at", now=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="tenants_pkey"),
        sa.UniqueConstraint("name", name="tenants_name_key"),
    )


def _create_provider_configs() -> None:
    op.create_table(
        "provider_configs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("encrypted_config", sa.Text(), nullable=False),
        sa.Column("is_valid", sa.Boolean(), nullable=False, server_default=sa.false()),
        _ts("last_validated_at", nullable=True),
        _ts("created_at", now=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="provider_configs_pkey"),
        _tenant_fk("provider_configs"),
        sa.UniqueConstraint(
            "tenant_id", "provider", name="provider_configs_tenant_id_provider_key"
        ),
    )


def _create_tenant_model_settings() -> None:
    op.create_table(
        "tenant_model_settings",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("model_type", sa.String(), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        _ts("created_at", now=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="tenant_model_settings_pkey"),
        _tenant_fk("tenant_model_settings"),
        sa.UniqueConstraint(
            "tenant_id", "model_type", name="tenant_model_settings_tenant_id_model_type_key"
        ),
    )


def _create_modelhub_tables() -> None:
    op.create_table(
        "provider_status",
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("hint", sa.Text(), nullable=True),
        _ts("checked_at"),
        sa.PrimaryKeyConstraint("tenant_id", "provider", name="provider_status_pkey"),
        _tenant_fk("provider_status"),
    )
    op.create_table(
        "model_catalog",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("model_type", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("context_length", sa.Integer(), nullable=True),
        sa.Column("metadata", sa.Text(), nullable=False),
        _ts("fetched_at"),
        sa.PrimaryKeyConstraint("id", name="model_catalog_pkey"),
        _tenant_fk("model_catalog"),
        sa.UniqueConstraint(
            "tenant_id",
            "provider",
            "model",
            "model_type",
            name="model_catalog_tenant_id_provider_model_model_type_key",
        ),
    )
    op.create_index(
        "model_catalog_tenant_id_model_type_idx", "model_catalog", ["tenant_id", "model_type"]
    )


def downgrade() -> None:
    """Drop the five tables (children first)."""
    op.drop_index("model_catalog_tenant_id_model_type_idx", table_name="model_catalog")
    for table in (
        "model_catalog",
        "provider_status",
        "tenant_model_settings",
        "provider_configs",
        "tenants",
    ):
        op.drop_table(table)
