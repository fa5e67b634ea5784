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
    ModelHubError,
    NotFoundError,
    UnknownProviderError,
)
from modelhub.domain.models import (
    Balance,
    BalanceKind,
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
from modelhub.providers.registry import CUSTOM_PREFIX, is_custom, slugify
from modelhub.services._catalog import merged_catalog
from modelhub.services._common import Clock, UowFactory, in_uow, mask_key, require_workspace, utcnow
from modelhub.storage.records import BalanceRow, CatalogEntry

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from modelhub.crypto.envelope import Cipher
    from modelhub.providers.base import ModelProvider
    from modelhub.providers.factory import ProviderFactory
    from modelhub.storage.records import StoredConfig
    from modelhub.storage.uow import SqlUnitOfWork

#: Overall deadlines, in seconds, of a key check and of fetching a model list.
VALIDATE_DEADLINE = 30.0
LIST_DEADLINE = 60.0

#: ``workspace_settings`` name of the low-balance threshold (a number, in the balance's
#: own currency).
LOW_BALANCE_SETTING = "low_balance_threshold"

log = logging.getLogger(__name__)

DECRYPT_FAILED = "cannot decrypt: key mismatch or tampered value"


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored config read for one operation."""

    row: StoredConfig
    config: dict[str, Any]


class ProviderService:
    """Provider configs of a workspace.

    Args:
        uow_factory: Opens a unit of work.
        cipher: Encrypts and decrypts configs (bound to tenant and provider).
        factory: Builds provider adapters.
        clock: Returns "now" (UTC); tests pass a fixed clock.
        validate_deadline: Seconds a key check may take in all (the gap between bytes has
            its own, shorter limit): past it the check ends as unreachable.
        list_deadline: Seconds fetching a model list (every page) may take in all.
    """

    def __init__(
        self,
        uow_factory: UowFactory,
        cipher: Cipher,
        factory: ProviderFactory,
        clock: Clock = utcnow,
        *,
        validate_deadline: float = VALIDATE_DEADLINE,
        list_deadline: float = LIST_DEADLINE,
    ) -> None:
        self._uow = uow_factory
        self._cipher = cipher
        self._factory = factory
        self._clock = clock
        self._validate_deadline = validate_deadline
        self._list_deadline = list_deadline

    def use_cipher(self, cipher: Cipher) -> None:
        """Encrypt and decrypt with ``cipher`` from now on (after the key was rotated)."""
        self._cipher = cipher

    # -- static facts -------------------------------------------------------------------

    def infos(self) -> list[ProviderInfo]:
        """Every built-in and preset provider, in display order (custom ones are per
        workspace: see :meth:`list_providers`)."""
        return self._factory.infos()

    def info(self, provider: str, config: Mapping[str, Any] | None = None) -> ProviderInfo:
        """Static facts about ``provider``; a custom one is described from ``config``.

        Raises:
            UnknownProviderError: No such provider.
        """
        return self._factory.info(provider, config)

    @property
    def preset_problems(self) -> list[str]:
        """Messages about the admin's preset files that could not be loaded."""
        return [str(p) for p in self._factory.registry.problems]

    def check_config(self, provider: str, config: Mapping[str, Any]) -> dict[str, Any]:
        """Check a config's fields without any request (field-level validation for forms).

        Raises:
            UnknownProviderError: ``provider`` is not supported.
            InvalidInputError: A field is wrong; the error's ``field`` names it.
        """
        return self._factory.create(provider, config).normalize_config(config)

    async def custom_name_for(self, tenant_id: str, label: str) -> str:
        """A new ``custom:<slug>`` name for ``label``, unique in the workspace.

        The slug is made from the label (lowercase letters, digits, dashes); ``-2``, ``-3``
        ... is added when a custom provider of the workspace already has it.

        Raises:
            InvalidInputError: Nothing usable in the label.
        """
        slug = slugify(label)

        def work(uow: SqlUnitOfWork) -> set[str]:
            require_workspace(uow, tenant_id)
            return {row.provider for row in uow.configs.list(tenant_id)}

        taken = await in_uow(self._uow, work)
        name, n = f"{CUSTOM_PREFIX}{slug}", 2
        while name in taken:
            suffix = f"-{n}"
            name, n = f"{CUSTOM_PREFIX}{slug[: 40 - len(suffix)]}{suffix}", n + 1
        return name

    # -- reading ------------------------------------------------------------------------

    async def list_providers(self, tenant_id: str) -> list[ProviderState]:
        """Every supported provider as this workspace sees it (seed ``GET /api/providers``)."""

        def work(
            uow: SqlUnitOfWork,
        ) -> tuple[list[StoredConfig], list[Any], dict[str, Any], dict[str, Balance], float | None]:
            require_workspace(uow, tenant_id)
            return (
                uow.configs.list(tenant_id),
                merged_catalog(uow, tenant_id),
                uow.catalog.fetched_at(tenant_id),
                _balances(uow, tenant_id),
                _threshold(uow, tenant_id),
            )

        rows, catalog, fetched, balances, threshold = await in_uow(self._uow, work, read_only=True)
        money = _Money(balances, threshold)
        by_provider = {row.provider: row for row in rows}
        models_of: dict[str, list[Any]] = {}
        for model in catalog:
            models_of.setdefault(model.provider, []).append(model)
        states = []
        for info in self._factory.infos():
            row = by_provider.get(info.name)
            states.append(
                self._state(
                    info, row, tuple(models_of.get(info.name, ())), fetched.get(info.name), money
                )
            )
        for row in rows:
            if is_custom(row.provider):
                state = self._custom_state(row, models_of, fetched, money)
                if state is not None:
                    states.append(state)
        return states

    def _custom_state(
        self,
        row: StoredConfig,
        models_of: Mapping[str, list[Any]],
        fetched: Mapping[str, Any],
        money: _Money,
    ) -> ProviderState | None:
        try:
            config: dict[str, Any] | None = self._decrypt(row)
        except (DecryptionError, CryptoFormatError):
            config = None
        try:
            info = self._factory.info(row.provider, config)
        except UnknownProviderError:  # a malformed name written by another program
            return None
        models = tuple(models_of.get(row.provider, ()))
        return self._state(info, row, models, fetched.get(row.provider), money, config)

    async def get_provider(self, tenant_id: str, provider: str) -> ProviderState:
        """One provider as this workspace sees it."""
        info = self._factory.info(provider)  # unknown names fail before any database work

        def work(uow: SqlUnitOfWork) -> tuple[StoredConfig | None, list[Any], Any, _Money]:
            require_workspace(uow, tenant_id)
            return (
                uow.configs.get(tenant_id, provider),
                merged_catalog(uow, tenant_id, provider=provider),
                uow.catalog.fetched_at(tenant_id).get(provider),
                _Money(_balances(uow, tenant_id), _threshold(uow, tenant_id)),
            )

        row, models, fetched, money = await in_uow(self._uow, work, read_only=True)
        if row is not None and is_custom(provider):
            state = self._custom_state(row, {provider: list(models)}, {provider: fetched}, money)
            if state is not None:
                return state
        return self._state(info, row, tuple(models), fetched, money)

    def _state(
        self,
        info: ProviderInfo,
        row: StoredConfig | None,
        models: tuple[Any, ...],
        fetched_at: datetime | None,
        money: _Money | None = None,
        config: dict[str, Any] | None = None,
    ) -> ProviderState:
        """The provider as the workspace sees it; ``config`` is the row already decrypted
        (a custom provider's is, to describe it), so it is not decrypted twice."""
        if row is None:
            return ProviderState(
                info=info, configured=False, is_valid=False, last_validated_at=None, masked_key=None
            )
        status = _parse_status(row.status)
        balance = money.balances.get(info.name) if money is not None else None
        low = balance is not None and money is not None and balance.is_low(money.threshold)
        try:
            if config is None:
                config = self._decrypt(row)
        except (DecryptionError, CryptoFormatError):
            # Never reported, offered or used as valid, whatever the stored flag says.
            return ProviderState(
                info=info,
                configured=True,
                is_valid=False,
                last_validated_at=row.last_validated_at,
                masked_key=None,
                status=status,
                status_message=row.status_message,
                decrypt_error=DECRYPT_FAILED,
                balance=balance,
                balance_low=low,
            )
        secret = set(info.secret_fields)
        settings = {k: v for k, v in config.items() if k not in secret}
        key_field = info.key_field
        key = config.get(key_field.name) if key_field else None
        return ProviderState(
            info=info,
            configured=True,
            is_valid=row.is_valid,
            last_validated_at=row.last_validated_at,
            masked_key=mask_key(key if isinstance(key, str) else None),
            status=status,
            status_message=row.status_message,
            settings=settings,
            models=models if row.is_valid else (),
            models_fetched_at=fetched_at,
            balance=balance,
            balance_low=low,
        )

    # -- validating -----------------------------------------------------------------------

    async def validate(
        self, tenant_id: str, provider: str, config: Mapping[str, Any]
    ) -> ValidationResult:
        """Check a config against the provider without saving it (seed validate).

        An empty secret field means "the stored value": editing a config never needs the key
        typed again.
        """
        adapter = self._factory.create(provider, config)
        merged = await self._merge(tenant_id, adapter, config)
        return await self._validate(adapter, merged)

    async def test_stored(self, tenant_id: str, provider: str) -> ValidationResult:
        """Re-check the stored config and record the result (the card's Test button).

        Raises:
            NotFoundError: The provider is not configured.
            DecryptionError: The stored value cannot be decrypted; no request is sent.
        """
        stored = await self._load(tenant_id, provider)
        adapter = self._factory.create(provider, stored.config)
        result = await self._validate(adapter, stored.config)
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
        validation: ValidationResult | None = None,
    ) -> SaveOutcome:
        """Validate, then encrypt and store a config (seed ``POST /api/providers``).

        A config whose key the provider rejects is never stored. A config whose check was
        inconclusive (provider unreachable, bad answer) is stored with ``is_valid=false``
        only when ``save_if_unreachable`` is set. A key the provider accepted but cannot use
        yet (no credit, rate limited) is stored with ``is_valid`` as the status says.
        Usable configs get their model catalog refreshed right after saving.

        ``validation`` is the result of a check the caller made a moment ago with exactly
        these values (the dialog's Test connection); it stands in for asking again.
        """
        adapter = self._factory.create(provider, config)
        merged = await self._merge(tenant_id, adapter, config)
        result = validation if validation is not None else await self._validate(adapter, merged)
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
            _store_balance(uow, tenant_id, provider, result, now)
            uow.commit()

        await in_uow(self._uow, work)
        log.info("saved %s config for workspace %s (%s)", provider, tenant_id, result.status)
        diff = None
        if result.status.usable:
            try:
                diff = await self._refresh_with(tenant_id, adapter, merged)
            except ModelHubError as exc:
                # The config is saved: say so, and say exactly which part was not.
                diff = CatalogDiff(
                    provider=provider,
                    error=f"the config was saved, but its model list was not: {exc.message}",
                )
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
            uow.overrides.clear_provider(tenant_id, provider)
            uow.checks.clear_provider(tenant_id, provider)
            uow.balances.clear_provider(tenant_id, provider)
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
        stored = await self._load(tenant_id, provider)
        adapter = self._factory.create(provider, stored.config)
        return await self._refresh_with(tenant_id, adapter, stored.config)

    async def refresh_all(self, tenant_id: str) -> list[RefreshOutcome]:
        """Validate and refresh every configured provider concurrently.

        One provider failing never stops the others; the whole takes about as long as the
        slowest provider.
        """

        def work(uow: SqlUnitOfWork) -> list[str]:
            require_workspace(uow, tenant_id)
            return [row.provider for row in uow.configs.list(tenant_id)]

        known = set(self._factory.names())
        providers = [p for p in await in_uow(self._uow, work) if p in known or is_custom(p)]
        return list(await asyncio.gather(*(self._refresh_one(tenant_id, p) for p in providers)))

    async def _refresh_one(self, tenant_id: str, provider: str) -> RefreshOutcome:
        try:
            stored = await self._load(tenant_id, provider)
        except (DecryptionError, CryptoFormatError) as exc:
            result = ValidationResult(ValidationStatus.BAD_RESPONSE, exc.message, exc.hint)
            return RefreshOutcome(provider, result, CatalogDiff(provider, error=exc.message))
        adapter = self._factory.create(provider, stored.config)
        result = await self._validate(adapter, stored.config)
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
            models = await self._list(adapter, config)
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

    # -- scheduled re-validation, balance ---------------------------------------------------

    async def revalidate(self, tenant_id: str) -> list[Revalidation]:
        """Check every configured provider's stored key again, concurrently, and record each
        result (balance included). The catalog is not refetched.

        Used on a schedule while the window is open, and on demand. A config that cannot be
        decrypted is reported (never sent anywhere).
        """

        def work(uow: SqlUnitOfWork) -> list[StoredConfig]:
            require_workspace(uow, tenant_id)
            return uow.configs.list(tenant_id)

        known = set(self._factory.names())
        stored = await in_uow(self._uow, work)
        rows = [r for r in stored if r.provider in known or is_custom(r.provider)]

        async def one(row: StoredConfig) -> Revalidation:
            before = _parse_status(row.status)
            try:
                config = self._decrypt(row)
            except (DecryptionError, CryptoFormatError) as exc:
                result = ValidationResult(ValidationStatus.BAD_RESPONSE, exc.message, exc.hint)
                return Revalidation(row.provider, before, result)
            adapter = self._factory.create(row.provider, config)
            result = await self._validate(adapter, config)
            await self._record(tenant_id, row.provider, result)
            return Revalidation(row.provider, before, result)

        return list(await asyncio.gather(*(one(row) for row in rows)))

    async def low_balance_threshold(self, tenant_id: str) -> float | None:
        """The workspace's low-balance threshold, or None (no warning)."""

        def work(uow: SqlUnitOfWork) -> float | None:
            require_workspace(uow, tenant_id)
            return _threshold(uow, tenant_id)

        return await in_uow(self._uow, work, read_only=True)

    async def set_low_balance_threshold(self, tenant_id: str, value: float | None) -> None:
        """Warn on a provider's card when its balance is below ``value`` (None: never).

        Raises:
            InvalidInputError: Not a finite, non-negative number.
        """
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1e12
        ):
            raise InvalidInputError(
                "The low-balance threshold must be a number of 0 or more.",
                "Leave it empty to never warn.",
            )

        def work(uow: SqlUnitOfWork) -> None:
            require_workspace(uow, tenant_id)
            uow.settings.set(
                tenant_id, LOW_BALANCE_SETTING, None if value is None else repr(float(value))
            )
            uow.commit()

        await in_uow(self._uow, work)

    async def stored_adapter(
        self, tenant_id: str, provider: str
    ) -> tuple[ModelProvider, dict[str, Any]]:
        """The adapter and decrypted config of a stored provider (for health checks).

        Raises:
            NotFoundError: The provider is not configured.
            DecryptionError: The stored value cannot be decrypted; nothing is sent.
        """
        stored = await self._load(tenant_id, provider)
        return self._factory.create(provider, stored.config), stored.config

    # -- internals ------------------------------------------------------------------------

    async def _validate(
        self, adapter: ModelProvider, config: Mapping[str, Any]
    ) -> ValidationResult:
        """``adapter.validate`` under the overall deadline: an upstream that trickles bytes
        (each gap under the read timeout) cannot hold a check for longer."""
        try:
            async with asyncio.timeout(self._validate_deadline):
                return await adapter.validate(config)
        except TimeoutError:
            return ValidationResult(
                ValidationStatus.UNREACHABLE,
                f"Unreachable: {adapter.label} did not finish answering in "
                f"{self._validate_deadline:g} s.",
                "It may be overloaded, or the connection very slow; try again later.",
            )

    async def _list(
        self, adapter: ModelProvider, config: Mapping[str, Any]
    ) -> list[ModelDefinition]:
        """``adapter.list_models`` under the overall deadline (every page together).

        Raises:
            ProviderCallError: As the adapter does; past the deadline, ``UNREACHABLE``.
        """
        try:
            async with asyncio.timeout(self._list_deadline):
                return await adapter.list_models(config)
        except TimeoutError:
            raise ProviderCallError(
                ValidationResult(
                    ValidationStatus.UNREACHABLE,
                    f"Unreachable: {adapter.label} did not finish sending its model list in "
                    f"{self._list_deadline:g} s.",
                    "The previous list is kept; try again later.",
                )
            ) from None

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
            _store_balance(uow, tenant_id, provider, result, now)
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

    def _decrypt(self, row: StoredConfig) -> dict[str, Any]:
        """Decrypt a stored config; any failure is a typed error, never a partial value.

        Values keep their JSON types (text; a custom provider's headers, types and models).
        A config whose provider requires a key and has none is treated as undecryptable.
        """
        value = self._cipher.decrypt(row.encrypted_config, row.tenant_id, row.provider)
        config = {
            str(k): v for k, v in value.items() if isinstance(v, str | list | dict) and v != ""
        }
        try:
            info = self._factory.info(row.provider, config)
        except UnknownProviderError:
            return config
        key = info.key_field
        if key is not None and key.required and not config.get(key.name):
            raise DecryptionError(DECRYPT_FAILED, f"The stored config has no {key.label}.")
        return config

    async def _merge(
        self, tenant_id: str, adapter: ModelProvider, raw: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Normalise a submitted config; an empty secret field keeps the stored value.

        Which fields are secret, which are required and which decide where secrets are
        sent all come from the provider's description.

        Raises:
            InvalidInputError: A field is wrong or a required one is empty (``field`` names
                it), or a stored secret would be sent to a different address.
        """
        info = adapter.info
        config = adapter.normalize_config(raw)
        empty_secrets = [name for name in info.secret_fields if not config.get(name)]
        stored: _Stored | None = None
        if empty_secrets:
            try:
                stored = await self._load(tenant_id, adapter.name)
            except NotFoundError:
                stored = None
        kept = (
            {name: stored.config[name] for name in empty_secrets if stored.config.get(name)}
            if stored is not None
            else {}
        )
        if kept and stored is not None:
            # A stored secret only ever goes to the address it was saved for: otherwise
            # anyone who may edit the config could point it at their own server and "test"
            # the key out.
            moved = [
                spec
                for spec in info.fields
                if spec.endpoint
                and adapter.setting(config, spec.name) != adapter.setting(stored.config, spec.name)
            ]
            if moved:
                labels = " and ".join(spec.label for spec in moved)
                first_secret = info.field(next(iter(kept)))
                what = first_secret.label if first_secret else "secret"
                raise InvalidInputError(
                    f"Enter the {what} again to change the {labels}.",
                    "A stored key is only sent to the address it was saved for.",
                    field=next(iter(kept)),
                )
        merged = {**config, **kept}
        missing = adapter.missing_required(merged)
        if missing is not None:
            raise InvalidInputError(
                f"The {missing.label} is empty.",
                f"Enter the {info.label} {missing.label}.",
                field=missing.name,
            )
        return merged


def _entry(model: ModelDefinition) -> CatalogEntry:
    metadata: dict[str, Any] = dict(model.extra)
    if model.pricing:
        metadata["pricing"] = dict(model.pricing)
    if model.capabilities or model.capability_source:
        metadata["capabilities"] = sorted(c.value for c in model.capabilities)
    if model.capability_source:
        metadata["capability_source"] = model.capability_source
    if model.max_output_tokens:
        metadata["max_output_tokens"] = model.max_output_tokens
    if model.price is not None:
        metadata["price"] = {
            "input": model.price.input,
            "output": model.price.output,
            "currency": model.price.currency,
        }
    return CatalogEntry(
        model=model.id,
        model_type=model.model_type.value,
        name=model.display_name,
        context_length=model.context_length,
        metadata=metadata,
    )


@dataclass(frozen=True, slots=True)
class Revalidation:
    """One provider's scheduled (or on-demand) key check.

    Attributes:
        provider: Provider name.
        previous: The status recorded before this check, if any.
        result: This check's result.
    """

    provider: str
    previous: ValidationStatus | None
    result: ValidationResult

    @property
    def turned_bad(self) -> bool:
        """The key was usable before and is now rejected or out of credit: worth a notice."""
        bad = (ValidationStatus.INVALID_CREDENTIALS, ValidationStatus.NO_CREDIT)
        return self.result.status in bad and self.previous not in bad


@dataclass(frozen=True, slots=True)
class _Money:
    """The workspace's stored balances and its low-balance threshold, read once."""

    balances: Mapping[str, Balance]
    threshold: float | None


def _balances(uow: SqlUnitOfWork, tenant_id: str) -> dict[str, Balance]:
    out = {}
    for provider, row in uow.balances.list(tenant_id).items():
        try:
            kind = BalanceKind(row.kind)
        except ValueError:
            kind = BalanceKind.UNKNOWN
        out[provider] = Balance(
            kind=kind,
            amount=row.amount,
            currency=row.currency,
            limit=row.limit,
            usage=row.usage,
            fetched_at=row.fetched_at,
        )
    return out


def _threshold(uow: SqlUnitOfWork, tenant_id: str) -> float | None:
    raw = uow.settings.get(tenant_id, LOW_BALANCE_SETTING)
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _store_balance(
    uow: SqlUnitOfWork, tenant_id: str, provider: str, result: ValidationResult, now: datetime
) -> None:
    """Keep what the check said about credit: the typed balance it carried, else
    "unknown" (the provider answered and told nothing). An inconclusive check says
    nothing, so the last known balance stays."""
    if result.status.inconclusive or result.status is ValidationStatus.INVALID_CREDENTIALS:
        return
    balance = result.balance or Balance(BalanceKind.UNKNOWN)
    uow.balances.set(
        tenant_id,
        provider,
        BalanceRow(
            kind=balance.kind.value,
            amount=balance.amount,
            currency=balance.currency,
            limit=balance.limit,
            usage=balance.usage,
            fetched_at=now,
        ),
    )


def _parse_status(value: str | None) -> ValidationStatus | None:
    if value is None:
        return None
    try:
        return ValidationStatus(value)
    except ValueError:
        return None


__all__ = ["DECRYPT_FAILED", "LOW_BALANCE_SETTING", "ProviderService", "Revalidation"]
