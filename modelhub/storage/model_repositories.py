"""Repositories for models as managed objects: overrides, health checks, balance, settings.

Like ``repositories``, each method is a small tenant-scoped query inside the caller's
transaction; none commits.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, select

from modelhub.storage.dberrors import translate_errors
from modelhub.storage.records import BalanceRow, CheckRow, ModelOverride
from modelhub.storage.repositories import _upsert, lock_for_transaction, new_id
from modelhub.storage.tables import (
    model_health_checks,
    model_overrides,
    provider_balance,
    utcnow,
    workspace_settings,
)

if TYPE_CHECKING:
    import builtins
    from collections.abc import Iterable

    from sqlalchemy.engine import Connection

__all__ = [
    "BalanceRepository",
    "HealthRepository",
    "OverrideRepository",
    "WorkspaceSettingsRepository",
]

#: Health-check results kept per model (older ones are pruned as new ones arrive).
CHECK_HISTORY = 50


def _caps_json(values: Iterable[str] | None) -> str | None:
    return None if values is None else json.dumps(sorted(set(values)))


def _caps_of(raw: str | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, list):
        return None
    return tuple(str(v) for v in value)


class OverrideRepository:
    """``model_overrides``: the admin's word on each model (enabled, added, corrected).

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @staticmethod
    def _record(row: Any) -> ModelOverride:
        return ModelOverride(
            provider=row.provider,
            model=row.model,
            model_type=row.model_type,
            enabled=bool(row.enabled),
            custom=bool(row.custom),
            name=row.name,
            capabilities=_caps_of(row.capabilities),
            context_length=row.context_length,
            max_output_tokens=row.max_output_tokens,
            updated_at=row.updated_at,
        )

    def list(self, tenant_id: str, provider: str | None = None) -> builtins.list[ModelOverride]:
        """The workspace's overrides (optionally one provider's), by provider and model."""
        o = model_overrides
        stmt = select(o).where(o.c.tenant_id == tenant_id)
        if provider is not None:
            stmt = stmt.where(o.c.provider == provider)
        with translate_errors("read the model settings"):
            rows = self._conn.execute(stmt.order_by(o.c.provider, o.c.model))
            return [self._record(row) for row in rows]

    def get(self, tenant_id: str, provider: str, model: str) -> ModelOverride | None:
        """One model's override, or None."""
        o = model_overrides
        with translate_errors("read the model settings"):
            row = self._conn.execute(
                select(o).where(
                    o.c.tenant_id == tenant_id, o.c.provider == provider, o.c.model == model
                )
            ).one_or_none()
        return None if row is None else self._record(row)

    def set_enabled(
        self, tenant_id: str, provider: str, models: Iterable[str], enabled: bool
    ) -> int:
        """Enable or disable ``models``; returns how many rows were written."""
        now = utcnow()
        count = 0
        with translate_errors("save the model settings"):
            for model in dict.fromkeys(models):
                _upsert(
                    self._conn,
                    model_overrides,
                    {
                        "tenant_id": tenant_id,
                        "provider": provider,
                        "model": model,
                        "enabled": enabled,
                        "updated_at": now,
                    },
                    keys=("tenant_id", "provider", "model"),
                    update_columns=("enabled", "updated_at"),
                )
                count += 1
        return count

    def add_custom(
        self,
        tenant_id: str,
        provider: str,
        model: str,
        model_type: str,
        capabilities: Iterable[str],
        *,
        name: str | None = None,
        context_length: int | None = None,
        max_output_tokens: int | None = None,
    ) -> None:
        """Add (or redefine) a model by hand; it starts enabled."""
        with translate_errors("add the model"):
            _upsert(
                self._conn,
                model_overrides,
                {
                    "tenant_id": tenant_id,
                    "provider": provider,
                    "model": model,
                    "model_type": model_type,
                    "enabled": True,
                    "custom": True,
                    "name": name,
                    "capabilities": _caps_json(capabilities),
                    "context_length": context_length,
                    "max_output_tokens": max_output_tokens,
                    "updated_at": utcnow(),
                },
                keys=("tenant_id", "provider", "model"),
                update_columns=(
                    "model_type",
                    "enabled",
                    "custom",
                    "name",
                    "capabilities",
                    "context_length",
                    "max_output_tokens",
                    "updated_at",
                ),
            )

    def correct(
        self,
        tenant_id: str,
        provider: str,
        model: str,
        *,
        capabilities: Iterable[str] | None,
        context_length: int | None,
        max_output_tokens: int | None,
    ) -> None:
        """Store the admin's corrections (None: that fact is not corrected)."""
        with translate_errors("save the model settings"):
            _upsert(
                self._conn,
                model_overrides,
                {
                    "tenant_id": tenant_id,
                    "provider": provider,
                    "model": model,
                    "capabilities": _caps_json(capabilities),
                    "context_length": context_length,
                    "max_output_tokens": max_output_tokens,
                    "updated_at": utcnow(),
                },
                keys=("tenant_id", "provider", "model"),
                update_columns=(
                    "capabilities",
                    "context_length",
                    "max_output_tokens",
                    "updated_at",
                ),
            )

    def remove_custom(self, tenant_id: str, provider: str, model: str) -> bool:
        """Forget a model added by hand; False when there is no such custom model."""
        o = model_overrides
        with translate_errors("remove the model"):
            result = self._conn.execute(
                delete(o).where(
                    o.c.tenant_id == tenant_id,
                    o.c.provider == provider,
                    o.c.model == model,
                    o.c.custom.is_(True),
                )
            )
        return result.rowcount > 0

    def clear_provider(self, tenant_id: str, provider: str) -> None:
        """Forget every override of a provider (when it is removed)."""
        o = model_overrides
        with translate_errors("clear the model settings"):
            self._conn.execute(
                delete(o).where(o.c.tenant_id == tenant_id, o.c.provider == provider)
            )


class HealthRepository:
    """``model_health_checks``: the history of health checks per model.

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @staticmethod
    def _record(row: Any) -> CheckRow:
        return CheckRow(
            provider=row.provider,
            model=row.model,
            model_type=row.model_type,
            ok=bool(row.ok),
            status=row.status,
            error=row.error,
            detail=row.detail,
            first_byte_ms=row.first_byte_ms,
            total_ms=row.total_ms,
            checked_at=row.checked_at,
        )

    def add(self, tenant_id: str, check: CheckRow, keep: int = CHECK_HISTORY) -> None:
        """Record one result and prune that model's history to the newest ``keep``."""
        h = model_health_checks
        scope = and_(
            h.c.tenant_id == tenant_id,
            h.c.provider == check.provider,
            h.c.model == check.model,
        )
        with translate_errors("save the health check"):
            # Concurrent checks of one model would each prune without seeing the other's
            # new row (READ COMMITTED) and keep one too many; serialise them per model.
            lock_for_transaction(
                self._conn, f"modelhub.checks:{tenant_id}:{check.provider}:{check.model}"
            )
            self._conn.execute(
                h.insert().values(
                    id=new_id(),
                    tenant_id=tenant_id,
                    provider=check.provider,
                    model=check.model,
                    model_type=check.model_type,
                    ok=check.ok,
                    status=check.status,
                    error=check.error,
                    detail=check.detail,
                    first_byte_ms=check.first_byte_ms,
                    total_ms=check.total_ms,
                    checked_at=check.checked_at,
                )
            )
            keep_ids = (
                select(h.c.id)
                .where(scope)
                .order_by(h.c.checked_at.desc(), h.c.id.desc())
                .limit(keep)
                .scalar_subquery()
            )
            # A subquery with LIMIT inside NOT IN works on both SQLite and PostgreSQL.
            self._conn.execute(delete(h).where(scope, h.c.id.not_in(keep_ids)))

    def any(self, tenant_id: str) -> bool:
        """True when the workspace has any health-check result."""
        h = model_health_checks
        with translate_errors("read the health checks"):
            found = self._conn.execute(
                select(h.c.id).where(h.c.tenant_id == tenant_id).limit(1)
            ).first()
        return found is not None

    def history(
        self, tenant_id: str, provider: str, model: str, limit: int = CHECK_HISTORY
    ) -> builtins.list[CheckRow]:
        """A model's results, newest first."""
        h = model_health_checks
        with translate_errors("read the health checks"):
            rows = self._conn.execute(
                select(h)
                .where(h.c.tenant_id == tenant_id, h.c.provider == provider, h.c.model == model)
                .order_by(h.c.checked_at.desc(), h.c.id.desc())
                .limit(limit)
            )
            return [self._record(row) for row in rows]

    def latest(
        self, tenant_id: str, provider: str | None = None
    ) -> dict[tuple[str, str], CheckRow]:
        """The newest result of each ``(provider, model)`` in the workspace."""
        h = model_health_checks
        newest = select(
            h.c.provider.label("p"), h.c.model.label("m"), func.max(h.c.checked_at).label("at")
        ).where(h.c.tenant_id == tenant_id)
        if provider is not None:
            newest = newest.where(h.c.provider == provider)
        sub = newest.group_by(h.c.provider, h.c.model).subquery()
        stmt = (
            select(h)
            .join(
                sub,
                and_(h.c.provider == sub.c.p, h.c.model == sub.c.m, h.c.checked_at == sub.c.at),
            )
            .where(h.c.tenant_id == tenant_id)
        )
        with translate_errors("read the health checks"):
            rows = self._conn.execute(stmt)
            return {(row.provider, row.model): self._record(row) for row in rows}

    def clear_provider(self, tenant_id: str, provider: str) -> None:
        """Forget a provider's health history (when it is removed)."""
        h = model_health_checks
        with translate_errors("clear the health checks"):
            self._conn.execute(
                delete(h).where(h.c.tenant_id == tenant_id, h.c.provider == provider)
            )


class BalanceRepository:
    """``provider_balance``: the last credit state each provider told.

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def set(self, tenant_id: str, provider: str, balance: BalanceRow) -> None:
        """Store a provider's credit state (replacing the previous one)."""
        with translate_errors("save the balance"):
            _upsert(
                self._conn,
                provider_balance,
                {
                    "tenant_id": tenant_id,
                    "provider": provider,
                    "kind": balance.kind,
                    "amount": balance.amount,
                    "currency": balance.currency,
                    "limit_amount": balance.limit,
                    "usage": balance.usage,
                    "fetched_at": balance.fetched_at,
                },
                keys=("tenant_id", "provider"),
                update_columns=(
                    "kind",
                    "amount",
                    "currency",
                    "limit_amount",
                    "usage",
                    "fetched_at",
                ),
            )

    def list(self, tenant_id: str) -> dict[str, BalanceRow]:
        """Each provider's last credit state."""
        b = provider_balance
        with translate_errors("read the balances"):
            rows = self._conn.execute(select(b).where(b.c.tenant_id == tenant_id))
            return {
                row.provider: BalanceRow(
                    kind=row.kind,
                    amount=row.amount,
                    currency=row.currency,
                    limit=row.limit_amount,
                    usage=row.usage,
                    fetched_at=row.fetched_at,
                )
                for row in rows
            }

    def clear_provider(self, tenant_id: str, provider: str) -> None:
        """Forget a provider's balance (when it is removed)."""
        b = provider_balance
        with translate_errors("clear the balance"):
            self._conn.execute(
                delete(b).where(b.c.tenant_id == tenant_id, b.c.provider == provider)
            )


class WorkspaceSettingsRepository:
    """``workspace_settings``: small per-workspace preferences, as text.

    Args:
        conn: The unit of work's connection.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, tenant_id: str, name: str) -> str | None:
        """A setting's value, or None when unset."""
        w = workspace_settings
        with translate_errors("read the workspace settings"):
            return self._conn.execute(
                select(w.c.value).where(w.c.tenant_id == tenant_id, w.c.name == name)
            ).scalar_one_or_none()

    def set(self, tenant_id: str, name: str, value: str | None) -> None:
        """Set a value (None removes it)."""
        w = workspace_settings
        with translate_errors("save the workspace settings"):
            if value is None:
                self._conn.execute(delete(w).where(w.c.tenant_id == tenant_id, w.c.name == name))
                return
            _upsert(
                self._conn,
                w,
                {"tenant_id": tenant_id, "name": name, "value": value, "updated_at": utcnow()},
                keys=("tenant_id", "name"),
                update_columns=("value", "updated_at"),
            )
