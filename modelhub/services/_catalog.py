"""The workspace's catalog as the admin sees it: the provider's list, the models added by
hand, the admin's corrections and each model's last health check, merged.

Kept apart from the cached catalog on purpose: a refresh replaces ``model_catalog`` and never
touches ``model_overrides``, so a disabled model stays disabled and a correction survives.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from modelhub.domain.models import (
    CatalogModel,
    CheckSummary,
    ModelType,
    sorted_capabilities,
)

if TYPE_CHECKING:
    from modelhub.storage.records import CheckRow, ModelOverride
    from modelhub.storage.uow import SqlUnitOfWork

#: Names of the facts an admin can correct.
CORRECTABLE = ("capabilities", "context_length", "max_output_tokens")


def summary_of(check: CheckRow) -> CheckSummary:
    """A stored check as listings show it (latency: time to first byte, else total)."""
    latency = check.first_byte_ms if check.first_byte_ms is not None else check.total_ms
    return CheckSummary(ok=check.ok, latency_ms=latency, at=check.checked_at, error=check.error)


def apply_override(
    model: CatalogModel, override: ModelOverride | None, check: CheckRow | None
) -> CatalogModel:
    """``model`` with the admin's word and its last check on top (unchanged when neither)."""
    if override is None and check is None:
        return model
    changes: dict[str, object] = {}
    if check is not None:
        changes["last_check"] = summary_of(check)
    if override is not None:
        corrected = []
        if not override.enabled:
            changes["enabled"] = False
        if override.custom:
            changes["custom"] = True
        if override.capabilities is not None:
            changes["capabilities"] = sorted_capabilities(override.capabilities)
            changes["capability_source"] = "admin"
            corrected.append("capabilities")
        if override.context_length is not None:
            changes["context_length"] = override.context_length
            corrected.append("context_length")
        if override.max_output_tokens is not None:
            changes["max_output_tokens"] = override.max_output_tokens
            corrected.append("max_output_tokens")
        if corrected and not override.custom:
            changes["corrected"] = tuple(corrected)
    return dataclasses.replace(model, **changes)  # type: ignore[arg-type]


def custom_model(override: ModelOverride, check: CheckRow | None) -> CatalogModel | None:
    """A model added by hand, as a catalog entry (None when its stored type is unknown)."""
    try:
        mtype = ModelType(override.model_type or "")
    except ValueError:
        return None
    return CatalogModel(
        provider=override.provider,
        model=override.model,
        model_type=mtype,
        name=override.name or override.model,
        context_length=override.context_length,
        pricing={},
        fetched_at=override.updated_at,
        enabled=override.enabled,
        custom=True,
        capabilities=sorted_capabilities(override.capabilities or ()),
        max_output_tokens=override.max_output_tokens,
        last_check=summary_of(check) if check is not None else None,
        capability_source="admin" if override.capabilities else "",
    )


def merged_catalog(
    uow: SqlUnitOfWork,
    tenant_id: str,
    *,
    model_type: ModelType | None = None,
    provider: str | None = None,
) -> list[CatalogModel]:
    """Every model of the workspace (all providers, valid or not), merged; ordered by
    provider, then name, then id."""
    rows = uow.catalog.list(
        tenant_id, model_type=model_type.value if model_type else None, provider=provider
    )
    overrides = {(o.provider, o.model): o for o in uow.overrides.list(tenant_id, provider)}
    # The newest-per-model query groups the whole history: skip it when there is none.
    checks = uow.checks.latest(tenant_id, provider) if uow.checks.any(tenant_id) else {}
    if not overrides and not checks:
        return rows
    out = []
    listed: set[tuple[str, str]] = set()
    for model in rows:
        key = (model.provider, model.model)
        listed.add(key)
        out.append(apply_override(model, overrides.get(key), checks.get(key)))
    added = False
    for key, override in overrides.items():
        if not override.custom or key in listed:
            continue
        if model_type is not None and override.model_type != model_type.value:
            continue
        entry = custom_model(override, checks.get(key))
        if entry is not None:
            out.append(entry)
            added = True
    if added:
        out.sort(key=lambda m: (m.provider, m.name, m.model, m.model_type.value))
    return out


def offers(
    uow: SqlUnitOfWork, tenant_id: str, provider: str, model: str, model_type: ModelType
) -> bool:
    """True when the provider's list has ``model`` as ``model_type``, or the admin added it
    by hand as that type."""
    if uow.catalog.has(tenant_id, provider, model, model_type.value):
        return True
    override = uow.overrides.get(tenant_id, provider, model)
    return override is not None and override.custom and override.model_type == model_type.value


def is_disabled(uow: SqlUnitOfWork, tenant_id: str, provider: str, model: str) -> bool:
    """True when the admin disabled ``model``."""
    override = uow.overrides.get(tenant_id, provider, model)
    return override is not None and not override.enabled
