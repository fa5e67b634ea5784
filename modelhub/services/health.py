"""Health checks: proof that a model really answers, and how fast (seed §6.3 "test
invocation per type").

Each check is one real, minimal, paid request made by the provider's adapter
(:meth:`ModelProvider.probe`): one streamed token for a chat model, one short input for an
embedding model, and so on. Checks run concurrently with a limit per provider, record every
result in ``model_health_checks`` (the newest 50 per model are kept) and can be cancelled:
cancelling the task that awaits :meth:`HealthService.run` stops the requests in flight, and
what finished stays recorded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelhub.domain.errors import CryptoFormatError, DecryptionError, NotFoundError
from modelhub.domain.models import HealthCheck, ModelType, ValidationStatus
from modelhub.providers.registry import is_custom
from modelhub.services._catalog import merged_catalog
from modelhub.services._common import (
    Clock,
    UowFactory,
    in_uow,
    parse_model_type,
    require_workspace,
    utcnow,
)
from modelhub.storage.records import CheckRow

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from modelhub.providers.base import ModelProvider
    from modelhub.providers.factory import ProviderFactory
    from modelhub.services.providers import ProviderService
    from modelhub.storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

#: Checks in flight at once against one provider, unless the caller says otherwise.
DEFAULT_PER_PROVIDER = 2
#: Overall deadline of one check, in seconds.
DEFAULT_TIMEOUT = 30.0
#: What a listing of a model's history shows by default.
HISTORY = 20

#: Called with each result as soon as it is known (the window fills its table with it).
ResultCallback = Callable[[HealthCheck], None]


@dataclass(frozen=True, slots=True)
class CheckTarget:
    """A model to check, and the type to check it as."""

    provider: str
    model: str
    model_type: ModelType


class HealthService:
    """Runs and remembers health checks of a workspace's models.

    Args:
        uow_factory: Opens a unit of work.
        providers: Reads stored configs (decrypted, for the adapters).
        factory: Knows the providers (labels for messages).
        clock: Returns "now" (UTC); when each check started.
    """

    def __init__(
        self,
        uow_factory: UowFactory,
        providers: ProviderService,
        factory: ProviderFactory,
        clock: Clock = utcnow,
    ) -> None:
        self._uow = uow_factory
        self._providers = providers
        self._factory = factory
        self._clock = clock

    async def targets(
        self,
        tenant_id: str,
        *,
        defaults: bool = False,
        provider: str | None = None,
        model: str | None = None,
        model_type: str | ModelType | None = None,
    ) -> list[CheckTarget]:
        """What to check: the workspace's default models (``defaults``), one provider's
        enabled models (or the one named ``model``, enabled or not), or every enabled model
        of every valid provider; optionally only of ``model_type``.

        Raises:
            NotFoundError: ``model`` is not in that provider's catalog.
            UnknownProviderError: No such provider.
            InvalidInputError: Unknown model type.
        """
        wanted = parse_model_type(model_type) if model_type is not None else None
        label = self._factory.info(provider).label if provider is not None else ""

        def work(uow: SqlUnitOfWork) -> list[CheckTarget]:
            require_workspace(uow, tenant_id)
            if defaults:
                out = []
                for raw_type, prov, model_id in uow.defaults.list(tenant_id):
                    try:
                        mtype = ModelType(raw_type)
                    except ValueError:
                        continue
                    if (wanted is None or mtype is wanted) and (provider in (None, prov)):
                        out.append(CheckTarget(prov, model_id, mtype))
                return sorted(out, key=lambda t: list(ModelType).index(t.model_type))
            valid = {c.provider for c in uow.configs.list(tenant_id) if c.is_valid}
            models = merged_catalog(uow, tenant_id, model_type=wanted, provider=provider)
            if model is not None:
                chosen = [m for m in models if m.model == model]
                if not chosen:
                    raise NotFoundError(
                        f"{label} has no model {model!r} in this workspace.",
                        f"List them with: modelhub models list --provider {provider}",
                    )
                return [CheckTarget(m.provider, m.model, m.model_type) for m in chosen]
            return [
                CheckTarget(m.provider, m.model, m.model_type)
                for m in models
                if m.enabled and m.provider in valid
            ]

        return await in_uow(self._uow, work, read_only=True)

    async def run(
        self,
        tenant_id: str,
        targets: Sequence[CheckTarget],
        *,
        on_result: ResultCallback | None = None,
        per_provider: int = DEFAULT_PER_PROVIDER,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> list[HealthCheck]:
        """Check ``targets`` concurrently, at most ``per_provider`` at a time per provider.

        Every result is recorded as soon as it is known and passed to ``on_result``. A
        provider whose stored config cannot be read fails each of its targets with the
        reason, and nothing is sent. Returns the results in the order of ``targets``.
        """
        if per_provider < 1:
            raise ValueError("per_provider must be at least 1")
        gates: dict[str, asyncio.Semaphore] = {}
        writes: set[asyncio.Future[None]] = set()
        adapters: dict[str, asyncio.Task[tuple[ModelProvider, dict[str, Any]] | str]] = {}

        async def load(provider: str) -> tuple[ModelProvider, dict[str, Any]] | str:
            try:
                return await self._providers.stored_adapter(tenant_id, provider)
            except (NotFoundError, DecryptionError, CryptoFormatError) as exc:
                return exc.message

        async def one(target: CheckTarget) -> HealthCheck:
            gate = gates.setdefault(target.provider, asyncio.Semaphore(per_provider))
            if target.provider not in adapters:
                adapters[target.provider] = asyncio.ensure_future(load(target.provider))
            loaded = await adapters[target.provider]
            async with gate:
                started = self._clock()
                if isinstance(loaded, str):
                    check = _failed(target, started, ValidationStatus.BAD_RESPONSE, loaded)
                else:
                    adapter, config = loaded
                    probe = await adapter.probe(
                        config, target.model, target.model_type, timeout=timeout
                    )
                    check = HealthCheck(
                        provider=target.provider,
                        model=target.model,
                        model_type=target.model_type,
                        ok=probe.ok,
                        status=probe.status,
                        error=None if probe.ok else probe.message,
                        detail=probe.detail,
                        first_byte_ms=probe.first_byte_ms,
                        total_ms=probe.total_ms,
                        checked_at=started,
                    )
            if on_result is not None:
                on_result(check)
            # The write is shielded from a cancel, and a cancelled run waits for it (it runs
            # on a worker thread and would land anyway): when a cancelled run ends, what it
            # reported is exactly what it recorded.
            store = asyncio.ensure_future(self._store(tenant_id, check))
            writes.add(store)
            store.add_done_callback(writes.discard)
            await asyncio.shield(store)
            log.info(
                "health check %s %s: %s in %d ms",
                target.provider,
                target.model,
                "ok" if check.ok else check.status.value,
                check.total_ms,
            )
            return check

        tasks = [asyncio.ensure_future(one(t)) for t in targets]
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            # Cancelled (or one check failed unexpectedly): stop the rest, and let every
            # check unwind before the run ends, so a result being written is written.
            pending = [t for t in [*tasks, *adapters.values()] if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
            if writes:  # shielded from the cancel: they land before the run ends
                await asyncio.wait(list(writes))
            raise

    async def history(
        self, tenant_id: str, provider: str, model: str, limit: int = HISTORY
    ) -> list[HealthCheck]:
        """A model's recorded checks, newest first."""
        if not is_custom(provider):
            self._factory.info(provider)

        def work(uow: SqlUnitOfWork) -> list[CheckRow]:
            require_workspace(uow, tenant_id)
            return uow.checks.history(tenant_id, provider, model, limit)

        return [_from_row(row) for row in await in_uow(self._uow, work, read_only=True)]

    async def latest(self, tenant_id: str) -> dict[tuple[str, str], HealthCheck]:
        """The newest check of every model that has one, by ``(provider, model)``."""

        def work(uow: SqlUnitOfWork) -> dict[tuple[str, str], CheckRow]:
            require_workspace(uow, tenant_id)
            return uow.checks.latest(tenant_id)

        return {
            key: _from_row(row)
            for key, row in (await in_uow(self._uow, work, read_only=True)).items()
        }

    async def _store(self, tenant_id: str, check: HealthCheck) -> None:
        row = CheckRow(
            provider=check.provider,
            model=check.model,
            model_type=check.model_type.value,
            ok=check.ok,
            status=check.status.value,
            error=check.error,
            detail=check.detail,
            first_byte_ms=check.first_byte_ms,
            total_ms=check.total_ms,
            checked_at=check.checked_at,
        )

        def work(uow: SqlUnitOfWork) -> None:
            if uow.configs.get(tenant_id, check.provider) is None:
                return  # removed while the check ran: nothing to remember it by
            uow.checks.add(tenant_id, row)
            uow.commit()

        await in_uow(self._uow, work)


def _failed(
    target: CheckTarget, started: datetime, status: ValidationStatus, message: str
) -> HealthCheck:
    return HealthCheck(
        provider=target.provider,
        model=target.model,
        model_type=target.model_type,
        ok=False,
        status=status,
        error=message,
        detail=None,
        first_byte_ms=None,
        total_ms=0,
        checked_at=started,
    )


def _from_row(row: CheckRow) -> HealthCheck:
    try:
        status = ValidationStatus(row.status)
    except ValueError:
        status = ValidationStatus.BAD_RESPONSE
    try:
        mtype = ModelType(row.model_type)
    except ValueError:
        mtype = ModelType.LLM
    return HealthCheck(
        provider=row.provider,
        model=row.model,
        model_type=mtype,
        ok=row.ok,
        status=status,
        error=row.error,
        detail=row.detail,
        first_byte_ms=row.first_byte_ms,
        total_ms=row.total_ms,
        checked_at=row.checked_at,
    )


__all__ = ["CheckTarget", "HealthService"]
