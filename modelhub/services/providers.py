"""Provider use cases (seed §4.1): list, validate, save, delete, test, refresh models.

The order of work in every write follows one rule: read what is needed in one unit of work,
close it, talk to the provider, then open a new unit of work to write. A slow provider never
holds a database transaction open.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelhub.domain.errors import (
    CryptoFormatError,
    DecryptionError,
    InvalidInputError,
    NotFoundError,
)
from modelhub.domain.models import (
    CatalogDiff,
    DeleteOutcome,
    ModelDefinition,
    ModelType,
    ProviderInfo,
    ProviderState,
    RefreshOutcome,
    SaveOutcome,
    ValidationResult,
    ValidationStatus,
)
from modelhub.providers.base import ProviderCallError
from modelhub.services._common import Clock, UowFactory, in_uow, mask_key, require_workspace, utcnow
from modelhub.storage.records import CatalogEntry

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from modelhub.crypto.envelope import Cipher
    from modelhub.providers.base import ModelProvider
    from modelhub.providers.factory import ProviderFactory
    from modelhub.storage.records import StoredConfig
    from modelhub.storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

DECRYPT_FAILED = "cannot decrypt: key mismatch or tampered value"
#: Config fields that decide where the key is sent.
ENDPOINT_FIELDS = ("base_url", "region")


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored config read for one operation."""

    row: StoredConfig
    config: dict[str, str]


class ProviderService:
    """Provider configs of a workspace.

    Args:
        uow_factory: Opens a unit of work.
        cipher: Encrypts and decrypts configs (bound to tenant and provider).
        factory: Builds provider adapters.
        clock: Returns "now" (UTC); tests pass a fixed clock.
    """

    def __init__(
        self,
        uow_factory: UowFactory,
        cipher: Cipher,
        factory: ProviderFactory,
        clock: Clock = utcnow,
    ) -> None:
        self._uow = uow_factory
        self._cipher = cipher
        self._factory = factory
        self._clock = clock

    # -- static facts -------------------------------------------------------------------

    def infos(self) -> list[ProviderInfo]:
        """Every supported provider, in display order."""
        return self._factory.infos()

    def info(self, provider: str) -> ProviderInfo:
        """Static facts about ``provider`` (raises UnknownProviderError)."""
        return self._factory.info(provider)

    def check_config(self, provider: str, config: Mapping[str, Any]) -> dict[str, str]:
        """Check a config's fields without any request (field-level validation for forms).

        Raises:
            UnknownProviderError: ``provider`` is not supported.
            InvalidInputError: A field is wrong; the message names it.
        """
        return self._factory.create(provider).normalize_config(config)

    # -- reading ------------------------------------------------------------------------

    async def list_providers(self, tenant_id: str) -> list[ProviderState]:
        """Every supported provider as this workspace sees it (seed ``GET /api/providers``)."""

        def work(uow: SqlUnitOfWork) -> tuple[list[StoredConfig], list[Any], dict[str, Any]]:
            require_workspace(uow, tenant_id)
            return (
                uow.configs.list(tenant_id),
                uow.catalog.list(tenant_id),
                uow.catalog.fetched_at(tenant_id),
            )

        rows, catalog, fetched = await in_uow(self._uow, work)
        by_provider = {row.provider: row for row in rows}
        states = []
        for info in self._factory.infos():
            row = by_provider.get(info.name)
            models = tuple(m for m in catalog if m.provider == info.name)
            states.append(self._state(info, row, models, fetched.get(info.name)))
        return states

    async def get_provider(self, tenant_id: str, provider: str) -> ProviderState:
        """One provider as this workspace sees it."""
        info = self._factory.info(provider)

        def work(uow: SqlUnitOfWork) -> tuple[StoredConfig | None, list[Any], Any]:
            require_workspace(uow, tenant_id)
            return (
                uow.configs.get(tenant_id, provider),
                uow.catalog.list(tenant_id, provider=provider),
                uow.catalog.fetched_at(tenant_id).get(provider),
            )

        row, models, fetched = await in_uow(self._uow, work)
        return self._state(info, row, tuple(models), fetched)

    def _state(
        self,
        info: ProviderInfo,
        row: StoredConfig | None,
        models: tuple[Any, ...],
        fetched_at: datetime | None,
    ) -> ProviderState:
        if row is None:
            return ProviderState(
                info=info, configured=False, is_valid=False, last_validated_at=None, masked_key=None
            )
        status = _parse_status(row.status)
        try:
            config = self._decrypt(row)
        except (DecryptionError, CryptoFormatError):
            return ProviderState(
                info=info,
                configured=True,
                is_valid=row.is_valid,
                last_validated_at=row.last_validated_at,
                masked_key=None,
                status=status,
                status_message=row.status_message,
                decrypt_error=DECRYPT_FAILED,
            )
        secret = set(info.secret_fields)
        settings = {k: v for k, v in config.items() if k not in secret}
        return ProviderState(
            info=info,
            configured=True,
            is_valid=row.is_valid,
            last_validated_at=row.last_validated_at,
            masked_key=mask_key(config.get("api_key")),
            status=status,
            status_message=row.status_message,
            settings=settings,
            models=models if row.is_valid else (),
            models_fetched_at=fetched_at,
        )

    # -- validating -----------------------------------------------------------------------

    async def validate(
        self, tenant_id: str, provider: str, config: Mapping[str, Any]
    ) -> ValidationResult:
        """Check a config against the provider without saving it (seed validate).

        An empty ``api_key`` means "the stored key": editing a config never needs the key
        typed again.
        """
        adapter = self._factory.create(provider)
        merged = await self._merge(tenant_id, adapter, config)
        return await adapter.validate(merged)

    async def test_stored(self, tenant_id: str, provider: str) -> ValidationResult:
        """Re-check the stored config and record the result (the card's Test button).

        Raises:
            NotFoundError: The provider is not configured.
            DecryptionError: The stored value cannot be decrypted; no request is sent.
        """
        adapter = self._factory.create(provider)
        stored = await self._load(tenant_id, provider)
        result = await adapter.validate(stored.config)
        fetched = await self._record(tenant_id, provider, result)
        if result.status.usable and fetched is None:
            # A config saved while the provider was unreachable has no catalog yet.
            await self._refresh_with(tenant_id, adapter, stored.config)
        return result

    # -- writing --------------------------------------------------------------------------

    async def save(
        self,
        tenant_id: str,
        provider: str,
        config: Mapping[str, Any],
        *,
        save_if_unreachable: bool = False,
    ) -> SaveOutcome:
        """Validate, then encrypt and store a config (seed ``POST /api/providers``).

        A config whose key the provider rejects is never stored. A config whose check was
        inconclusive (provider unreachable, bad answer) is stored with ``is_valid=false``
        only when ``save_if_unreachable`` is set. A key the provider accepted but cannot use
        yet (no credit, rate limited) is stored with ``is_valid`` as the status says.
        Usable configs get their model catalog refreshed right after saving.
        """
        adapter = self._factory.create(provider)
        merged = await self._merge(tenant_id, adapter, config)
        result = await adapter.validate(merged)
        if result.status is ValidationStatus.INVALID_CREDENTIALS:
            return SaveOutcome(saved=False, validation=result)
        if result.status.inconclusive and not save_if_unreachable:
            return SaveOutcome(saved=False, validation=result)

        now = self._clock()
        token = self._cipher.encrypt(merged, tenant_id, provider)
        validated_at = None if result.status.inconclusive else now

        def work(uow: SqlUnitOfWork) -> None:
            require_workspace(uow, tenant_id)
            uow.configs.upsert(tenant_id, provider, token, result.valid, validated_at)
            uow.configs.record_status(
                tenant_id, provider, result.status.value, result.message, result.hint, now
            )
            uow.commit()

        await in_uow(self._uow, work)
        log.info("saved %s config for workspace %s (%s)", provider, tenant_id, result.status)
        diff = None
        if result.status.usable:
            diff = await self._refresh_with(tenant_id, adapter, merged)
        return SaveOutcome(saved=True, validation=result, catalog=diff)

    async def delete(self, tenant_id: str, provider: str) -> DeleteOutcome:
        """Remove a provider config, its catalog and the defaults that use it, atomically.

        Raises:
            NotFoundError: The provider is not configured in this workspace.
        """
        info = self._factory.info(provider)

        def work(uow: SqlUnitOfWork) -> list[str]:
            require_workspace(uow, tenant_id)
            if not uow.configs.delete(tenant_id, provider):
                raise NotFoundError(f"{info.label} is not configured in this workspace.", None)
            cleared = uow.defaults.clear_for_provider(tenant_id, provider)
            uow.catalog.clear_provider(tenant_id, provider)
            uow.commit()
            return cleared

        cleared = await in_uow(self._uow, work)
        return DeleteOutcome(
            provider=provider, cleared_defaults=tuple(ModelType(t) for t in cleared)
        )

    # -- catalog --------------------------------------------------------------------------

    async def refresh_models(self, tenant_id: str, provider: str) -> CatalogDiff:
        """Fetch the provider's models again and store them (the old list stays on failure).

        Raises:
            NotFoundError: The provider is not configured.
            DecryptionError: The stored value cannot be decrypted; no request is sent.
        """
        adapter = self._factory.create(provider)
        stored = await self._load(tenant_id, provider)
        return await self._refresh_with(tenant_id, adapter, stored.config)

    async def refresh_all(self, tenant_id: str) -> list[RefreshOutcome]:
        """Validate and refresh every configured provider concurrently.

        One provider failing never stops the others; the whole takes about as long as the
        slowest provider.
        """

        def work(uow: SqlUnitOfWork) -> list[str]:
            require_workspace(uow, tenant_id)
            return [row.provider for row in uow.configs.list(tenant_id)]

        providers = [p for p in await in_uow(self._uow, work) if p in self._factory.names()]
        return list(await asyncio.gather(*(self._refresh_one(tenant_id, p) for p in providers)))

    async def _refresh_one(self, tenant_id: str, provider: str) -> RefreshOutcome:
        adapter = self._factory.create(provider)
        try:
            stored = await self._load(tenant_id, provider)
        except (DecryptionError, CryptoFormatError) as exc:
            result = ValidationResult(ValidationStatus.BAD_RESPONSE, exc.message, exc.hint)
            return RefreshOutcome(provider, result, CatalogDiff(provider, error=exc.message))
        result = await adapter.validate(stored.config)
        await self._record(tenant_id, provider, result)
        diff = None
        if result.status.usable:
            diff = await self._refresh_with(tenant_id, adapter, stored.config)
        return RefreshOutcome(provider=provider, validation=result, catalog=diff)

    async def _refresh_with(
        self, tenant_id: str, adapter: ModelProvider, config: Mapping[str, str]
    ) -> CatalogDiff:
        provider = adapter.name
        try:
            models = await adapter.list_models(config)
        except ProviderCallError as exc:
            log.info("model refresh of %s failed: %s", provider, exc.result.status)
            return CatalogDiff(provider=provider, error=exc.result.message)
        entries = [_entry(m) for m in models]
        now = self._clock()

        def work(uow: SqlUnitOfWork) -> CatalogDiff:
            require_workspace(uow, tenant_id)
            added, removed = uow.catalog.replace(tenant_id, provider, entries, now)
            gone = set(removed)
            flagged = tuple(
                ModelType(mt)
                for mt, prov, model in uow.defaults.list(tenant_id)
                if prov == provider and model in gone
            )
            uow.commit()
            return CatalogDiff(
                provider=provider,
                added=tuple(sorted(added)),
                removed=tuple(sorted(removed)),
                removed_defaults=flagged,
                total=len({e.model for e in entries}),
            )

        return await in_uow(self._uow, work)

    # -- internals ------------------------------------------------------------------------

    async def _record(
        self, tenant_id: str, provider: str, result: ValidationResult
    ) -> datetime | None:
        """Store a check's outcome; returns when the catalog was last fetched."""
        now = self._clock()

        def work(uow: SqlUnitOfWork) -> datetime | None:
            row = uow.configs.get(tenant_id, provider)
            if row is None:  # removed while the check ran: nothing to record
                return None
            if not result.status.inconclusive:
                uow.configs.set_validity(tenant_id, provider, result.valid, now)
            uow.configs.record_status(
                tenant_id, provider, result.status.value, result.message, result.hint, now
            )
            uow.commit()
            return uow.catalog.fetched_at(tenant_id).get(provider)

        return await in_uow(self._uow, work)

    async def _load(self, tenant_id: str, provider: str) -> _Stored:
        info = self._factory.info(provider)

        def work(uow: SqlUnitOfWork) -> StoredConfig | None:
            require_workspace(uow, tenant_id)
            return uow.configs.get(tenant_id, provider)

        row = await in_uow(self._uow, work)
        if row is None:
            raise NotFoundError(
                f"{info.label} is not configured in this workspace.",
                "Configure it first with its API key.",
            )
        return _Stored(row=row, config=self._decrypt(row))

    def _decrypt(self, row: StoredConfig) -> dict[str, str]:
        """Decrypt a stored config; any failure is a typed error, never a partial value."""
        value = self._cipher.decrypt(row.encrypted_config, row.tenant_id, row.provider)
        config = {k: v for k, v in value.items() if isinstance(v, str)}
        if not config.get("api_key"):
            raise DecryptionError(DECRYPT_FAILED, "The stored config has no API key.")
        return config

    async def _merge(
        self, tenant_id: str, adapter: ModelProvider, raw: Mapping[str, Any]
    ) -> dict[str, str]:
        """Normalise a submitted config; an empty key means "keep the stored key"."""
        config = adapter.normalize_config(raw)
        if config.get("api_key"):
            return config
        try:
            stored = await self._load(tenant_id, adapter.name)
        except NotFoundError:
            raise InvalidInputError(
                "The API key is empty.", f"Paste your {adapter.info.label} API key."
            ) from None
        # The stored key only ever goes to the address it was saved for: otherwise anyone who
        # may edit the config could point it at their own server and "test" the key out.
        moved = [
            adapter.info.field(name)
            for name in ENDPOINT_FIELDS
            if adapter.info.field(name) is not None
            and adapter.setting(config, name) != adapter.setting(stored.config, name)
        ]
        if moved:
            labels = " and ".join(f.label for f in moved if f is not None)
            raise InvalidInputError(
                f"Enter the API key again to change the {labels}.",
                "A stored key is only sent to the address it was saved for.",
            )
        return {**config, "api_key": stored.config["api_key"]}


def _entry(model: ModelDefinition) -> CatalogEntry:
    metadata: dict[str, Any] = dict(model.extra)
    if model.pricing:
        metadata["pricing"] = dict(model.pricing)
    return CatalogEntry(
        model=model.id,
        model_type=model.model_type.value,
        name=model.display_name,
        context_length=model.context_length,
        metadata=metadata,
    )


def _parse_status(value: str | None) -> ValidationStatus | None:
    if value is None:
        return None
    try:
        return ValidationStatus(value)
    except ValueError:
        return None


__all__ = ["DECRYPT_FAILED", "ENDPOINT_FIELDS", "ProviderService"]
