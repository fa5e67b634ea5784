"""Model use cases (seed §4.2): the catalog grouped by type and the default model per type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelhub.domain.errors import InvalidInputError, NotFoundError
from modelhub.domain.models import CatalogModel, DefaultModel, ModelType
from modelhub.services._common import UowFactory, in_uow, parse_model_type, require_workspace

if TYPE_CHECKING:
    from modelhub.providers.factory import ProviderFactory
    from modelhub.storage.uow import SqlUnitOfWork


class ModelService:
    """Models offered to a workspace and its default model per type.

    Args:
        uow_factory: Opens a unit of work.
        factory: Knows the supported providers (for names and labels).
    """

    def __init__(self, uow_factory: UowFactory, factory: ProviderFactory) -> None:
        self._uow = uow_factory
        self._factory = factory

    async def list_models(
        self,
        tenant_id: str,
        model_type: str | ModelType | None = None,
        provider: str | None = None,
    ) -> dict[ModelType, list[CatalogModel]]:
        """Models of configured, valid providers grouped by type (seed ``GET /api/models``).

        Every type is a key, with an empty list when nothing offers it. Read from the cached
        catalog: no network.
        """
        wanted = parse_model_type(model_type) if model_type is not None else None
        if provider is not None:
            self._factory.info(provider)  # unknown provider: a clear error

        def work(uow: SqlUnitOfWork) -> list[CatalogModel]:
            require_workspace(uow, tenant_id)
            valid = {c.provider for c in uow.configs.list(tenant_id) if c.is_valid}
            rows = uow.catalog.list(
                tenant_id, model_type=wanted.value if wanted else None, provider=provider
            )
            return [m for m in rows if m.provider in valid]

        grouped: dict[ModelType, list[CatalogModel]] = {t: [] for t in ModelType}
        for model in await in_uow(self._uow, work):
            grouped[model.model_type].append(model)
        if wanted is not None:
            return {wanted: grouped[wanted]}
        return grouped

    async def get_defaults(self, tenant_id: str) -> dict[ModelType, DefaultModel | None]:
        """The default model of each type (seed ``GET /api/model-settings``).

        A default whose model left the catalog, or whose provider is no longer configured or
        valid, is returned with ``problem`` set: flagged, not silently kept or dropped.
        """

        def work(uow: SqlUnitOfWork) -> dict[ModelType, DefaultModel | None]:
            require_workspace(uow, tenant_id)
            configs = {c.provider: c for c in uow.configs.list(tenant_id)}
            out: dict[ModelType, DefaultModel | None] = dict.fromkeys(ModelType)
            for raw_type, provider, model in uow.defaults.list(tenant_id):
                try:
                    mtype = ModelType(raw_type)
                except ValueError:  # a value another program wrote; not ours to show
                    continue
                problem = None
                label = self._label(provider)
                config = configs.get(provider)
                if config is None:
                    problem = f"{label} is no longer configured."
                elif not config.is_valid:
                    problem = f"{label}'s key is not valid at the moment."
                elif not uow.catalog.has(tenant_id, provider, model, mtype.value):
                    problem = f"{label} no longer offers {model} as {mtype.label}."
                out[mtype] = DefaultModel(mtype, provider, model, problem)
            return out

        return await in_uow(self._uow, work)

    async def set_default(
        self, tenant_id: str, model_type: str | ModelType, provider: str, model: str
    ) -> DefaultModel:
        """Choose the default model of a type (seed ``POST /api/model-settings``).

        Raises:
            InvalidInputError: Unknown type, or the provider is not configured and valid.
            UnknownProviderError: Unknown provider.
            NotFoundError: The provider does not offer that model as that type.
        """
        mtype = parse_model_type(model_type)
        label = self._factory.info(provider).label
        model_id = model.strip()
        if not model_id:
            raise InvalidInputError("The model id is empty.", "Pick a model from the list.")

        def work(uow: SqlUnitOfWork) -> DefaultModel:
            require_workspace(uow, tenant_id)
            config = uow.configs.get(tenant_id, provider)
            if config is None:
                raise InvalidInputError(
                    f"{label} is not configured in this workspace.",
                    f"Configure {label} first, then choose one of its models.",
                )
            if not config.is_valid:
                raise InvalidInputError(
                    f"{label}'s key is not valid, so its models cannot be chosen.",
                    f"Test or fix the {label} configuration first.",
                )
            if not uow.catalog.has(tenant_id, provider, model_id, mtype.value):
                raise NotFoundError(
                    f"{label} does not offer {model_id!r} as a {mtype.label} model.",
                    f"List the choices with: modelhub models list --type {mtype.value}",
                )
            uow.defaults.set(tenant_id, mtype.value, provider, model_id)
            uow.commit()
            return DefaultModel(mtype, provider, model_id)

        return await in_uow(self._uow, work)

    async def clear_default(self, tenant_id: str, model_type: str | ModelType) -> bool:
        """Remove the default of a type; returns whether one was set."""
        mtype = parse_model_type(model_type)

        def work(uow: SqlUnitOfWork) -> bool:
            require_workspace(uow, tenant_id)
            cleared = uow.defaults.clear(tenant_id, mtype.value)
            uow.commit()
            return cleared

        return await in_uow(self._uow, work)

    def _label(self, provider: str) -> str:
        return self._factory.info(provider).label if provider in self._factory.names() else provider
