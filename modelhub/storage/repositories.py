"""Repositories over one open connection: each method is a small, tenant-scoped query.

They run inside the caller's transaction (see ``uow.SqlUnitOfWork``) and never commit. They
return domain records or the plain records in ``records``; database errors come out as
``AlreadyExistsError``, ``NotFoundError`` or ``StorageError``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    String,
    and_,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from modelhub.domain.errors import NotFoundError
from modelhub.domain.models import (
    Capability,
    CatalogModel,
    ModelPrice,
    ModelType,
    Workspace,
    sorted_capabilities,
)
from modelhub.storage.dberrors import translate_errors
from modelhub.storage.records import CatalogEntry, StoredConfig
from modelhub.storage.tables import (
    model_catalog,
    provider_configs,
    provider_status,
    tenant_model_settings,
    tenants,
    utcnow,
)

if TYPE_CHECKING:
    import builtins
    from collections.abc import Iterable, Mapping, Sequence

    from sqlalchemy import Select, Table
    from sqlalchemy.engine import Connection, Row

__all__ = [
    "CatalogRepository",
    "ConfigRepository",
    "DefaultsRepository",
    "WorkspaceRepository",
    "lock_for_transaction",
    "new_id",
]


def new_id() -> str:
    """A new row id (a UUID4 string, as Prisma's ``@default(uuid())``)."""
    return str(uuid.uuid4())


def lock_for_transaction(conn: Connection, key: str) -> None:
    """Serialise transactions that name the same ``key`` until this one ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite needs none: every writing
    transaction there begins IMMEDIATE and so already runs alone.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})


def _upsert(
    conn: Connection,
    table: Table,
    values: Mapping[str, Any],
    keys: Sequence[str],
    update_columns: Sequence[str],
) -> None:
    """``INSERT ... ON CONFLICT (keys) DO UPDATE`` in one atomic statement."""
    stmt: Any
    if conn.dialect.name == "postgresql":
        stmt = postgresql.insert(table).values(**values)
    elif conn.dialect.name == "sqlite":
        stmt = sqlite.insert(table).values(**values)
    else:  # pragma: no cover - engine.py only builds these two
        raise NotImplementedError(conn.dialect.name)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: stmt.excluded[name] for name in update_columns},
    )
    conn.execute(stmt)


class WorkspaceRepository:
    """The ``tenants`` table.

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @staticmethod
    def _record(row: Row[Any]) -> Workspace:
        return Workspace(
            id=row.id, name=row.name, created_at=row.created_at, updated_at=row.updated_at
        )

    def list(self) -> list[Workspace]:
        """Every workspace, ordered by name ignoring case."""
        with translate_errors("list the workspaces"):
            rows = self._conn.execute(
                select(tenants).order_by(func.lower(tenants.c.name), tenants.c.name)
            )
            return [self._record(row) for row in rows]

    def get(self, workspace_id: str) -> Workspace | None:
        """The workspace with this id, or None."""
        with translate_errors("read the workspace"):
            row = self._conn.execute(
                select(tenants).where(tenants.c.id == workspace_id)
            ).one_or_none()
        return None if row is None else self._record(row)

    def get_by_name(self, name: str) -> Workspace | None:
        """The workspace with exactly this name, or None."""
        with translate_errors("read the workspace"):
            row = self._conn.execute(select(tenants).where(tenants.c.name == name)).one_or_none()
        return None if row is None else self._record(row)

    def add(self, name: str) -> Workspace:
        """Create a workspace.

        Raises:
            AlreadyExistsError: A workspace has this name.
        """
        now = utcnow()
        workspace = Workspace(id=new_id(), name=name, created_at=now, updated_at=now)
        with translate_errors(
            "create the workspace", duplicate=f"A workspace named {name!r} already exists."
        ):
            self._conn.execute(
                insert(tenants).values(id=workspace.id, name=name, created_at=now, updated_at=now)
            )
        return workspace

    def rename(self, workspace_id: str, name: str) -> Workspace:
        """Give a workspace a new name.

        Raises:
            NotFoundError: No workspace has this id.
            AlreadyExistsError: Another workspace has the new name.
        """
        with translate_errors(
            "rename the workspace", duplicate=f"A workspace named {name!r} already exists."
        ):
            result = self._conn.execute(
                update(tenants)
                .where(tenants.c.id == workspace_id)
                .values(name=name, updated_at=utcnow())
            )
        if result.rowcount == 0:
            raise NotFoundError("That workspace does not exist.")
        workspace = self.get(workspace_id)
        assert workspace is not None
        return workspace

    def delete(self, workspace_id: str) -> bool:
        """Delete a workspace and, by cascade, everything stored in it.

        Returns:
            False when no workspace had this id.
        """
        with translate_errors("delete the workspace"):
            result = self._conn.execute(delete(tenants).where(tenants.c.id == workspace_id))
        return result.rowcount > 0

    def count(self) -> int:
        """How many workspaces exist."""
        with translate_errors("count the workspaces"):
            return int(self._conn.execute(select(func.count()).select_from(tenants)).scalar_one())


_CONFIG_COLUMNS = (
    provider_configs.c.id,
    provider_configs.c.tenant_id,
    provider_configs.c.provider,
    provider_configs.c.encrypted_config,
    provider_configs.c.is_valid,
    provider_configs.c.last_validated_at,
    provider_configs.c.created_at,
    provider_configs.c.updated_at,
    provider_status.c.status,
    provider_status.c.message,
    provider_status.c.hint,
    provider_status.c.checked_at,
)
_CONFIG_JOIN = provider_configs.outerjoin(
    provider_status,
    and_(
        provider_status.c.tenant_id == provider_configs.c.tenant_id,
        provider_status.c.provider == provider_configs.c.provider,
    ),
)


class ConfigRepository:
    """``provider_configs`` (ciphertext only) and the ModelHub-only ``provider_status``.

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @staticmethod
    def _record(row: Any) -> StoredConfig:
        return StoredConfig(
            id=row.id,
            tenant_id=row.tenant_id,
            provider=row.provider,
            encrypted_config=row.encrypted_config,
            is_valid=bool(row.is_valid),
            last_validated_at=row.last_validated_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            status=row.status,
            status_message=row.message,
            status_hint=row.hint,
            checked_at=row.checked_at,
        )

    def list(self, tenant_id: str) -> builtins.list[StoredConfig]:
        """The workspace's configs with their last status, ordered by provider."""
        with translate_errors("list the provider configs"):
            rows = self._conn.execute(
                select(*_CONFIG_COLUMNS)
                .select_from(_CONFIG_JOIN)
                .where(provider_configs.c.tenant_id == tenant_id)
                .order_by(provider_configs.c.provider)
            )
            return [self._record(row) for row in rows]

    def get(self, tenant_id: str, provider: str) -> StoredConfig | None:
        """One config with its last status, or None."""
        with translate_errors("read the provider config"):
            row = self._conn.execute(
                select(*_CONFIG_COLUMNS)
                .select_from(_CONFIG_JOIN)
                .where(
                    provider_configs.c.tenant_id == tenant_id,
                    provider_configs.c.provider == provider,
                )
            ).one_or_none()
        return None if row is None else self._record(row)

    def upsert(
        self,
        tenant_id: str,
        provider: str,
        encrypted_config: str,
        is_valid: bool,
        last_validated_at: datetime | None,
    ) -> StoredConfig:
        """Insert the config, or replace the existing one's value, flag and check time.

        An existing row keeps its ``id`` and ``created_at``; ``updated_at`` is set to now.

        Raises:
            NotFoundError: The workspace does not exist.
        """
        now = utcnow()
        with translate_errors("save the provider config"):
            _upsert(
                self._conn,
                provider_configs,
                {
                    "id": new_id(),
                    "tenant_id": tenant_id,
                    "provider": provider,
                    "encrypted_config": encrypted_config,
                    "is_valid": is_valid,
                    "last_validated_at": last_validated_at,
                    "created_at": now,
                    "updated_at": now,
                },
                keys=("tenant_id", "provider"),
                update_columns=(
                    "encrypted_config",
                    "is_valid",
                    "last_validated_at",
                    "updated_at",
                ),
            )
        stored = self.get(tenant_id, provider)
        assert stored is not None
        return stored

    def set_validity(
        self, tenant_id: str, provider: str, is_valid: bool, last_validated_at: datetime | None
    ) -> bool:
        """Update a config's ``is_valid`` and ``last_validated_at``.

        Returns:
            False when the workspace has no config for this provider.
        """
        with translate_errors("save the validation result"):
            result = self._conn.execute(
                update(provider_configs)
                .where(
                    provider_configs.c.tenant_id == tenant_id,
                    provider_configs.c.provider == provider,
                )
                .values(is_valid=is_valid, last_validated_at=last_validated_at, updated_at=utcnow())
            )
        return result.rowcount > 0

    def record_status(
        self,
        tenant_id: str,
        provider: str,
        status: str,
        message: str,
        hint: str | None,
        checked_at: datetime,
    ) -> None:
        """Store the last classified validation result (replacing the previous one).

        Raises:
            NotFoundError: The workspace does not exist.
        """
        with translate_errors("save the validation result"):
            _upsert(
                self._conn,
                provider_status,
                {
                    "tenant_id": tenant_id,
                    "provider": provider,
                    "status": str(status),
                    "message": message,
                    "hint": hint,
                    "checked_at": checked_at,
                },
                keys=("tenant_id", "provider"),
                update_columns=("status", "message", "hint", "checked_at"),
            )

    def delete(self, tenant_id: str, provider: str) -> bool:
        """Delete a config and its status row.

        Returns:
            False when there was no config.
        """
        with translate_errors("delete the provider config"):
            self._conn.execute(
                delete(provider_status).where(
                    provider_status.c.tenant_id == tenant_id,
                    provider_status.c.provider == provider,
                )
            )
            result = self._conn.execute(
                delete(provider_configs).where(
                    provider_configs.c.tenant_id == tenant_id,
                    provider_configs.c.provider == provider,
                )
            )
        return result.rowcount > 0

    def all_encrypted(self) -> builtins.list[tuple[str, str, str, str]]:
        """Every stored value in every workspace: ``(id, tenant_id, provider, encrypted)``."""
        with translate_errors("read the stored configs"):
            rows = self._conn.execute(
                select(
                    provider_configs.c.id,
                    provider_configs.c.tenant_id,
                    provider_configs.c.provider,
                    provider_configs.c.encrypted_config,
                ).order_by(provider_configs.c.tenant_id, provider_configs.c.provider)
            )
            return [(row[0], row[1], row[2], row[3]) for row in rows]

    def update_encrypted(self, config_id: str, encrypted_config: str) -> bool:
        """Replace one row's stored value (key rotation); ``updated_at`` is bumped.

        Returns:
            False when no row has this id.
        """
        with translate_errors("save the re-encrypted config"):
            result = self._conn.execute(
                update(provider_configs)
                .where(provider_configs.c.id == config_id)
                .values(encrypted_config=encrypted_config, updated_at=utcnow())
            )
        return result.rowcount > 0


class DefaultsRepository:
    """``tenant_model_settings``: the default model per model type.

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def list(self, tenant_id: str) -> builtins.list[tuple[str, str, str]]:
        """``(model_type, provider, model)`` for every type with a default, by type."""
        t = tenant_model_settings
        with translate_errors("read the default models"):
            rows = self._conn.execute(
                select(t.c.model_type, t.c.provider, t.c.model)
                .where(t.c.tenant_id == tenant_id)
                .order_by(t.c.model_type)
            )
            return [(row[0], row[1], row[2]) for row in rows]

    def set(self, tenant_id: str, model_type: str, provider: str, model: str) -> None:
        """Make ``provider``/``model`` the default for ``model_type`` (insert or replace).

        Raises:
            NotFoundError: The workspace does not exist.
        """
        now = utcnow()
        with translate_errors("save the default model"):
            _upsert(
                self._conn,
                tenant_model_settings,
                {
                    "id": new_id(),
                    "tenant_id": tenant_id,
                    "model_type": str(model_type),
                    "provider": provider,
                    "model": model,
                    "created_at": now,
                    "updated_at": now,
                },
                keys=("tenant_id", "model_type"),
                update_columns=("provider", "model", "updated_at"),
            )

    def clear(self, tenant_id: str, model_type: str) -> bool:
        """Remove the default for one type. Returns False when none was set."""
        t = tenant_model_settings
        with translate_errors("clear the default model"):
            result = self._conn.execute(
                delete(t).where(t.c.tenant_id == tenant_id, t.c.model_type == str(model_type))
            )
        return result.rowcount > 0

    def clear_for_provider(self, tenant_id: str, provider: str) -> builtins.list[str]:
        """Remove every default that uses ``provider``.

        Returns:
            The model types whose default was removed, sorted.
        """
        t = tenant_model_settings
        where = and_(t.c.tenant_id == tenant_id, t.c.provider == provider)
        with translate_errors("clear the default models"):
            types = sorted(self._conn.execute(select(t.c.model_type).where(where)).scalars())
            if types:
                self._conn.execute(delete(t).where(where))
        return types


class CatalogRepository:
    """``model_catalog``: each provider's cached model list per workspace.

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def replace(
        self,
        tenant_id: str,
        provider: str,
        entries: Iterable[CatalogEntry],
        fetched_at: datetime,
    ) -> tuple[builtins.list[str], builtins.list[str]]:
        """Replace a provider's whole catalog with ``entries``.

        Duplicate ``(model, model_type)`` entries keep the last one.

        Returns:
            ``(added, removed)``: sorted model ids new in, or gone from, the catalog. A model
            listed under several types counts once.

        Raises:
            NotFoundError: The workspace does not exist.
        """
        c = model_catalog
        scope = and_(c.c.tenant_id == tenant_id, c.c.provider == provider)
        unique: dict[tuple[str, str], CatalogEntry] = {}
        for entry in entries:
            unique[(entry.model, str(entry.model_type))] = entry
        rows = [
            {
                "id": new_id(),
                "tenant_id": tenant_id,
                "provider": provider,
                "model": entry.model,
                "model_type": model_type,
                "name": entry.name or entry.model,
                "context_length": entry.context_length,
                "metadata": json.dumps(dict(entry.metadata), sort_keys=True, default=str),
                "fetched_at": fetched_at,
            }
            for (_, model_type), entry in unique.items()
        ]
        with translate_errors("save the model list"):
            # Two saves of one provider at once would each DELETE, then both INSERT the
            # same rows (READ COMMITTED): serialise replacements of one catalog.
            lock_for_transaction(self._conn, f"modelhub.catalog:{tenant_id}:{provider}")
            old = set(self._conn.execute(select(c.c.model).where(scope).distinct()).scalars())
            self._conn.execute(delete(c).where(scope))
            if rows:
                # executemany: batched multi-row INSERTs ("insertmanyvalues") on both backends.
                self._conn.execute(insert(c), rows)
        new = {model for model, _ in unique}
        return sorted(new - old), sorted(old - new)

    def list(
        self, tenant_id: str, model_type: str | None = None, provider: str | None = None
    ) -> builtins.list[CatalogModel]:
        """Cached models, optionally of one type and/or provider, by provider then name.

        Rows with a ``model_type`` ModelHub does not know are skipped.
        """
        c = model_catalog
        # This read backs every model list and combo (thousands of rows), so it skips the
        # per-row type processing: timestamps and metadata are decoded once per distinct
        # raw value (a provider's rows share one fetch time and mostly one metadata shape).
        stmt = select(
            c.c.provider,
            c.c.model,
            c.c.model_type,
            c.c.name,
            c.c.context_length,
            c.c.metadata,
            type_coerce(c.c.fetched_at, String),
        ).where(c.c.tenant_id == tenant_id)
        if model_type is not None:
            stmt = stmt.where(c.c.model_type == str(model_type))
        if provider is not None:
            stmt = stmt.where(c.c.provider == provider)
        stmt = stmt.order_by(c.c.provider, c.c.name, c.c.model, c.c.model_type)
        with translate_errors("read the model list"):
            rows = _raw_rows(self._conn, stmt)
        kinds = {t.value: t for t in ModelType}
        times: dict[Any, datetime] = {}
        metas: dict[str, _Meta] = {}
        models = []
        for prov, model, raw_kind, name, context_length, raw_meta, raw_time in rows:
            kind = kinds.get(raw_kind)
            if kind is None:
                continue
            fetched = times.get(raw_time)
            if fetched is None:
                fetched = times[raw_time] = _as_utc(raw_time)
            meta = metas.get(raw_meta)
            if meta is None:
                meta = metas[raw_meta] = _decode_meta(raw_meta)
            models.append(
                CatalogModel(
                    provider=prov,
                    model=model,
                    model_type=kind,
                    name=name,
                    context_length=context_length,
                    pricing=meta.pricing,
                    fetched_at=fetched,
                    capabilities=meta.capabilities,
                    max_output_tokens=meta.max_output_tokens,
                    price=meta.price,
                    capability_source=meta.capability_source,
                )
            )
        return models

    def fetched_at(self, tenant_id: str) -> dict[str, datetime]:
        """When each provider's catalog was last stored (providers with models only)."""
        c = model_catalog
        with translate_errors("read the model list"):
            rows = self._conn.execute(
                select(c.c.provider, func.max(c.c.fetched_at))
                .where(c.c.tenant_id == tenant_id)
                .group_by(c.c.provider)
            )
            return {row[0]: row[1] for row in rows}

    def has(self, tenant_id: str, provider: str, model: str, model_type: str) -> bool:
        """True when the catalog offers ``model`` from ``provider`` as ``model_type``."""
        c = model_catalog
        with translate_errors("read the model list"):
            found = self._conn.execute(
                select(c.c.id)
                .where(
                    c.c.tenant_id == tenant_id,
                    c.c.provider == provider,
                    c.c.model == model,
                    c.c.model_type == str(model_type),
                )
                .limit(1)
            ).first()
        return found is not None

    def clear_provider(self, tenant_id: str, provider: str) -> None:
        """Forget a provider's cached models."""
        c = model_catalog
        with translate_errors("clear the model list"):
            self._conn.execute(
                delete(c).where(c.c.tenant_id == tenant_id, c.c.provider == provider)
            )


def _raw_rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """Run ``stmt`` on the DB-API cursor directly: plain tuples, no per-row result objects.

    For the few reads that return thousands of rows; values come back as the driver gives
    them, so callers decode what they need.
    """
    compiled = stmt.compile(dialect=conn.dialect)
    if compiled.positional:
        params: Any = tuple(compiled.params[name] for name in compiled.positiontup or ())
    else:
        params = compiled.params
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _as_utc(raw: Any) -> datetime:
    """A stored timestamp (SQLite text or a driver datetime) as UTC-aware."""
    value = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class _Meta:
    """What a catalog row's ``metadata`` JSON says, decoded once per distinct value."""

    pricing: Mapping[str, str]
    capabilities: tuple[Capability, ...] = ()
    max_output_tokens: int | None = None
    price: ModelPrice | None = None
    capability_source: str = ""


_NO_META = _Meta(pricing=MappingProxyType({}))


def _decode_meta(raw: str) -> _Meta:
    """``metadata`` as typed facts; anything unusable is left out (never an error)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return _NO_META
    if not isinstance(data, dict):
        return _NO_META
    pricing_raw = data.get("pricing")
    pricing = (
        {str(k): str(v) for k, v in pricing_raw.items() if v is not None}
        if isinstance(pricing_raw, dict)
        else {}
    )
    max_output = data.get("max_output_tokens")
    source = data.get("capability_source")
    return _Meta(
        pricing=MappingProxyType(pricing),
        capabilities=sorted_capabilities(data.get("capabilities") or ()),
        max_output_tokens=max_output if isinstance(max_output, int) and max_output > 0 else None,
        price=_price_of(data.get("price")),
        capability_source=source if isinstance(source, str) else "",
    )


def _price_of(value: Any) -> ModelPrice | None:
    if not isinstance(value, dict):
        return None

    def number(key: str) -> float | None:
        item = value.get(key)
        return float(item) if isinstance(item, int | float) and not isinstance(item, bool) else None

    unit_in, unit_out = number("input"), number("output")
    if unit_in is None and unit_out is None:
        return None
    currency = value.get("currency")
    return ModelPrice(unit_in, unit_out, currency if isinstance(currency, str) else "USD")
