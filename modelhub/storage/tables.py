"""SQLAlchemy Core tables: the seed's §3 contract plus ModelHub's own cache tables.

``tenants``, ``provider_configs`` and ``tenant_model_settings`` are a contract: a server built
from the seed's Prisma schema reads the same rows, so their names and columns are exactly the
Prisma ``@map`` names. Constraint names follow Prisma's conventions (``<table>_pkey``,
``<table>_<cols>_key``, ``<table>_<col>_fkey``) so both sides agree on them too.

``provider_status`` and ``model_catalog`` are ModelHub-only: the last classified validation
result and the cached model list of each provider. So are ``model_overrides`` (the admin's
word on a model: enabled or not, added by hand, corrected capabilities and limits; kept apart
from the catalog so no refresh ever overwrites it), ``model_health_checks`` (the history of
health checks per model), ``provider_balance`` (the last credit state a provider told) and
``workspace_settings`` (per-workspace preferences such as the low-balance threshold).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.types import TypeDecorator

__all__ = [
    "UTCDateTime",
    "metadata",
    "model_catalog",
    "model_health_checks",
    "model_overrides",
    "provider_balance",
    "provider_configs",
    "provider_status",
    "tenant_model_settings",
    "tenants",
    "utcnow",
    "workspace_settings",
]


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (what every timestamp column stores)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that only accepts and only returns UTC-aware datetimes.

    SQLite keeps no zone, so values come back naive; they were written as UTC, so they are
    marked UTC again on the way out. PostgreSQL returns them in the session's zone; they are
    converted to UTC so both backends give identical values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes (their zone is a guess) and store UTC."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: storage needs timezone-aware UTC timestamps")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            # SQLite stores text; a fixed naive-UTC form keeps ORDER BY and max() correct.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return every timestamp as UTC-aware."""
        if value is None:
            return None
        if not isinstance(value, datetime):  # pragma: no cover - drivers give datetimes
            raise TypeError(f"unexpected timestamp type {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

_ID = 36  # str(uuid4())


def _id_column() -> Column[str]:
    return Column("id", String(_ID), nullable=False)


def _timestamps() -> tuple[Column[datetime], Column[datetime]]:
    return (
        Column("created_at", UTCDateTime(), nullable=False, server_default=func.now()),
        Column("updated_at", UTCDateTime(), nullable=False),
    )


def _tenant_fk(table: str) -> ForeignKeyConstraint:
    """``<table>_tenant_id_fkey``: the row belongs to a workspace and goes with it."""
    return ForeignKeyConstraint(
        ["tenant_id"],
        ["tenants.id"],
        name=f"{table}_tenant_id_fkey",
        ondelete="CASCADE",
        onupdate="CASCADE",
    )


tenants = Table(
    "tenants",
    metadata,
    _id_column(),
    Column("name", String(), nullable=False),
    *_timestamps(),
    PrimaryKeyConstraint("id", name="tenants_pkey"),
    UniqueConstraint("name", name="tenants_name_key"),
)

provider_configs = Table(
    "provider_configs",
    metadata,
    _id_column(),
    Column("tenant_id", String(_ID), nullable=False),
    Column("provider", String(), nullable=False),
    Column("encrypted_config", Text(), nullable=False),
    Column("is_valid", Boolean(), nullable=False, default=False, server_default=false()),
    Column("last_validated_at", UTCDateTime(), nullable=True),
    *_timestamps(),
    PrimaryKeyConstraint("id", name="provider_configs_pkey"),
    _tenant_fk("provider_configs"),
    UniqueConstraint("tenant_id", "provider", name="provider_configs_tenant_id_provider_key"),
)

tenant_model_settings = Table(
    "tenant_model_settings",
    metadata,
    _id_column(),
    Column("tenant_id", String(_ID), nullable=False),
    Column("model_type", String(), nullable=False),
    Column("provider", String(), nullable=False),
    Column("model", String(), nullable=False),
    *_timestamps(),
    PrimaryKeyConstraint("id", name="tenant_model_settings_pkey"),
    _tenant_fk("tenant_model_settings"),
    UniqueConstraint(
        "tenant_id", "model_type", name="tenant_model_settings_tenant_id_model_type_key"
    ),
)

provider_status = Table(
    "provider_status",
    metadata,
    Column("tenant_id", String(_ID), nullable=False),
    Column("provider", String(), nullable=False),
    Column("status", String(), nullable=False),
    Column("message", Text(), nullable=False),
    Column("hint", Text(), nullable=True),
    Column("checked_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "provider", name="provider_status_pkey"),
    _tenant_fk("provider_status"),
)

model_catalog = Table(
    "model_catalog",
    metadata,
    _id_column(),
    Column("tenant_id", String(_ID), nullable=False),
    Column("provider", String(), nullable=False),
    Column("model", String(), nullable=False),
    Column("model_type", String(), nullable=False),
    Column("name", String(), nullable=False),
    Column("context_length", Integer(), nullable=True),
    Column("metadata", Text(), nullable=False),
    Column("fetched_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("id", name="model_catalog_pkey"),
    _tenant_fk("model_catalog"),
    UniqueConstraint(
        "tenant_id",
        "provider",
        "model",
        "model_type",
        name="model_catalog_tenant_id_provider_model_model_type_key",
    ),
    Index("model_catalog_tenant_id_model_type_idx", "tenant_id", "model_type"),
)


model_overrides = Table(
    "model_overrides",
    metadata,
    Column("tenant_id", String(_ID), nullable=False),
    Column("provider", String(), nullable=False),
    Column("model", String(), nullable=False),
    # Only for a model added by hand: the type it is offered as.
    Column("model_type", String(), nullable=True),
    Column("enabled", Boolean(), nullable=False, server_default=true()),
    Column("custom", Boolean(), nullable=False, server_default=false()),
    Column("name", String(), nullable=True),
    # Each correction is NULL when the admin has not corrected that fact.
    Column("capabilities", Text(), nullable=True),  # JSON list of capability names
    Column("context_length", Integer(), nullable=True),
    Column("max_output_tokens", Integer(), nullable=True),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "provider", "model", name="model_overrides_pkey"),
    _tenant_fk("model_overrides"),
)

model_health_checks = Table(
    "model_health_checks",
    metadata,
    _id_column(),
    Column("tenant_id", String(_ID), nullable=False),
    Column("provider", String(), nullable=False),
    Column("model", String(), nullable=False),
    Column("model_type", String(), nullable=False),
    Column("ok", Boolean(), nullable=False),
    Column("status", String(), nullable=False),
    Column("error", Text(), nullable=True),
    Column("detail", Text(), nullable=True),
    Column("first_byte_ms", Integer(), nullable=True),
    Column("total_ms", Integer(), nullable=False),
    Column("checked_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("id", name="model_health_checks_pkey"),
    _tenant_fk("model_health_checks"),
    Index(
        "model_health_checks_tenant_id_provider_model_idx",
        "tenant_id",
        "provider",
        "model",
        "checked_at",
    ),
)

provider_balance = Table(
    "provider_balance",
    metadata,
    Column("tenant_id", String(_ID), nullable=False),
    Column("provider", String(), nullable=False),
    Column("kind", String(), nullable=False),
    Column("amount", Float(), nullable=True),
    Column("currency", String(), nullable=True),
    Column("limit_amount", Float(), nullable=True),
    Column("usage", Float(), nullable=True),
    Column("fetched_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "provider", name="provider_balance_pkey"),
    _tenant_fk("provider_balance"),
)

workspace_settings = Table(
    "workspace_settings",
    metadata,
    Column("tenant_id", String(_ID), nullable=False),
    Column("name", String(), nullable=False),
    Column("value", Text(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "name", name="workspace_settings_pkey"),
    _tenant_fk("workspace_settings"),
)
