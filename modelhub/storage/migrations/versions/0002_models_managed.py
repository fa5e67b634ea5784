"""Models as managed objects: the admin's overrides, health-check history, provider balance
and per-workspace settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-08

All four tables are ModelHub's own (the platform's server never reads them); the seed's
tables are not touched. Written by hand; ``tests/fixtures/schema_v1.sqlite`` proves the
upgrade from 0001 keeps every row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"],
        ["tenants.id"],
        name=f"{table}_tenant_id_fkey",
        ondelete="CASCADE",
        onupdate="CASCADE",
    )


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "model_overrides",
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("model_type", sa.String(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("custom", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("capabilities", sa.Text(), nullable=True),
        sa.Column("context_length", sa.Integer(), nullable=True),
        sa.Column("max_output_tokens", sa.Integer(), nullable=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("tenant_id", "provider", "model", name="model_overrides_pkey"),
        _tenant_fk("model_overrides"),
    )
    op.create_table(
        "model_health_checks",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("model_type", sa.String(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("first_byte_ms", sa.Integer(), nullable=True),
        sa.Column("total_ms", sa.Integer(), nullable=False),
        _ts("checked_at"),
        sa.PrimaryKeyConstraint("id", name="model_health_checks_pkey"),
        _tenant_fk("model_health_checks"),
    )
    op.create_index(
        "model_health_checks_tenant_id_provider_model_idx",
        "model_health_checks",
        ["tenant_id", "provider", "model", "checked_at"],
    )
    op.create_table(
        "provider_balance",
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(), nullable=True),
        sa.Column("limit_amount", sa.Float(), nullable=True),
        sa.Column("usage", sa.Float(), nullable=True),
        _ts("fetched_at"),
        sa.PrimaryKeyConstraint("tenant_id", "provider", name="provider_balance_pkey"),
        _tenant_fk("provider_balance"),
    )
    op.create_table(
        "workspace_settings",
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("tenant_id", "name", name="workspace_settings_pkey"),
        _tenant_fk("workspace_settings"),
    )


def downgrade() -> None:
    """Drop the four tables."""
    op.drop_index(
        "model_health_checks_tenant_id_provider_model_idx", table_name="model_health_checks"
    )
    for table in (
        "workspace_settings",
        "provider_balance",
        "model_health_checks",
        "model_overrides",
    ):
        op.drop_table(table)
