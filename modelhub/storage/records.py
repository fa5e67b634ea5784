"""Plain records the storage layer returns or accepts (never ORM state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

__all__ = ["BalanceRow", "CatalogEntry", "CheckRow", "ModelOverride", "StoredConfig"]


@dataclass(frozen=True, slots=True)
class StoredConfig:
    """A ``provider_configs`` row joined with its last validation status.

    Attributes:
        id: Row id (UUID string).
        tenant_id: Workspace id.
        provider: Provider name.
        encrypted_config: The ``mh1`` envelope, exactly as stored (hidden from ``repr``).
        is_valid: The seed's ``is_valid`` flag.
        last_validated_at: When the config was last checked, or None.
        created_at: When the row was first written.
        updated_at: When the row last changed.
        status: The last classified check result (a ``ValidationStatus`` value), or None.
        status_message: The last check's message, or None.
        status_hint: The last check's hint, or None.
        checked_at: When the last classified check ran, or None.
    """

    id: str
    tenant_id: str
    provider: str
    encrypted_config: str = field(repr=False)
    is_valid: bool
    last_validated_at: datetime | None
    created_at: datetime
    updated_at: datetime
    status: str | None = None
    status_message: str | None = None
    status_hint: str | None = None
    checked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One model to store in a provider's cached catalog.

    Attributes:
        model: The model id the provider's API takes.
        model_type: A ``ModelType`` value (``llm``, ``embedding`` ...).
        name: Display name.
        context_length: Tokens, when known.
        metadata: JSON-serialisable, non-secret extras. ``metadata["pricing"]`` (a mapping of
            strings) comes back as ``CatalogModel.pricing``.
    """

    model: str
    model_type: str
    name: str
    context_length: int | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ModelOverride:
    """A ``model_overrides`` row: the admin's word on one model.

    Attributes:
        provider: Provider name.
        model: Model id.
        model_type: For a model added by hand, the type it is offered as; else None.
        enabled: Offered as a default.
        custom: Added by hand.
        name: Display name of a model added by hand.
        capabilities: Corrected capability names, or None when not corrected.
        context_length: Corrected context length, or None.
        max_output_tokens: Corrected output limit, or None.
        updated_at: When the row last changed.
    """

    provider: str
    model: str
    model_type: str | None
    enabled: bool
    custom: bool
    name: str | None
    capabilities: tuple[str, ...] | None
    context_length: int | None
    max_output_tokens: int | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CheckRow:
    """A ``model_health_checks`` row."""

    provider: str
    model: str
    model_type: str
    ok: bool
    status: str
    error: str | None
    detail: str | None
    first_byte_ms: int | None
    total_ms: int
    checked_at: datetime


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """A ``provider_balance`` row (``kind`` is a ``BalanceKind`` value)."""

    kind: str
    amount: float | None
    currency: str | None
    limit: float | None
    usage: float | None
    fetched_at: datetime
