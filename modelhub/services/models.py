"""Model use cases (seed §4.2): the catalog grouped by type and the default model per type,
and models as managed objects: enabled or disabled, added by hand, corrected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelhub.domain.errors import (
    CryptoFormatError,
    DecryptionError,
    InvalidInputError,
    NotFoundError,
)
from modelhub.domain.models import Capability, CatalogModel, DefaultModel, ModelType
from modelhub.services._catalog import is_disabled, merged_catalog, offers
from modelhub.services._common import UowFactory, in_uow, parse_model_type, require_workspace

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from modelhub.crypto.envelope import Cipher
    from modelhub.providers.factory import ProviderFactory
    from modelhub.storage.records import StoredConfig
    from modelhub.storage.uow import SqlUnitOfWork


class ModelService:
    """Models offered to a workspace and its default model per type.

    Args:
        uow_factory: Opens a unit of work.
        factory: Knows the supported providers (for names and labels).
        cipher: Tells readable stored configs from undecryptable ones.
    """

    def __init__(
        self, uow_factory: UowFactory, factory: ProviderFactory, cipher: Cipher | None = None
    ) -> None:
        self._uow = uow_factory
        self._factory = factory
        self._cipher = cipher

    def use_cipher(self, cipher: Cipher) -> None:
        """Tell readable configs apart with ``cipher`` from now on (after a new key)."""
        self._cipher = cipher

    def _readable(self, config: StoredConfig) -> bool:
        """True when the stored config decrypts: one that does not is never offered, used
        or reported as valid, whatever its stored ``is_valid`` says."""
        if self._cipher is None:
            return True
        try:
            self._cipher.decrypt(config.encrypted_config, config.tenant_id, config.provider)
        except (DecryptionError, CryptoFormatError):
            return False
        return True

    async def list_models(
        self,
        tenant_id: str,
        model_type: str | ModelType | None = None,
        provider: str | None = None,
        *,
        enabled_only: bool = False,
    ) -> dict[ModelType, list[CatalogModel]]:
        """Models of configured, valid providers grouped by type (seed ``GET /api/models``).

        Every type is a key, with an empty list when nothing offers it. Read from the cached
        catalog: no network. Models added by hand are included; disabled models are
        included (marked) unless ``enabled_only``, which is what default choices use.
        """
        wanted = parse_model_type(model_type) if model_type is not None else None
        if provider is not None:
            self._factory.info(provider)  # unknown provider: a clear error

        def work(uow: SqlUnitOfWork) -> list[CatalogModel]:
            require_workspace(uow, tenant_id)
            valid = {
                c.provider for c in uow.configs.list(tenant_id) if c.is_valid and self._readable(c)
            }
            rows = merged_catalog(uow, tenant_id, model_type=wanted, provider=provider)
            return [m for m in rows if m.provider in valid and (m.enabled or not enabled_only)]

        grouped: dict[ModelType, list[CatalogModel]] = {t: [] for t in ModelType}
        for model in await in_uow(self._uow, work, read_only=True):
            grouped[model.model_type].append(model)
        if wanted is not None:
            return {wanted: grouped[wanted]}
        return grouped

    async def set_enabled(
        self, tenant_id: str, provider: str, models: Sequence[str], enabled: bool
    ) -> int:
        """Enable or disable models of a provider (one, or a whole filtered list at once).

        A disabled model stays in the catalog, so a refresh does not bring it back as new,
        but it is never offered as a default. Returns how many models were changed.

        Raises:
            NotFoundError: A model is neither listed by the provider nor added by hand
                (nothing is changed).
        """
        label = self._factory.info(provider).label
        wanted = list(dict.fromkeys(m.strip() for m in models if m.strip()))
        if not wanted:
            raise InvalidInputError("No model was named.", "Name one or more model ids.")

        def work(uow: SqlUnitOfWork) -> int:
            require_workspace(uow, tenant_id)
            known = {m.model for m in merged_catalog(uow, tenant_id, provider=provider)}
            unknown = [m for m in wanted if m not in known]
            if unknown:
                raise NotFoundError(
                    f"{label} has no model {unknown[0]!r} in this workspace"
                    + (f" (and {len(unknown) - 1} more)." if len(unknown) > 1 else "."),
                    f"List them with: modelhub models list --provider {provider}",
                )
            count = uow.overrides.set_enabled(tenant_id, provider, wanted, enabled)
            uow.commit()
            return count

        return await in_uow(self._uow, work)

    async def add_model(
        self,
        tenant_id: str,
        provider: str,
        model: str,
        model_type: str | ModelType,
        capabilities: Iterable[str] = (),
        *,
        context_length: int | None = None,
        max_output_tokens: int | None = None,
    ) -> CatalogModel:
        """Add a model the provider's list lacks (a fine-tune, a deployment name, a model of
        a custom endpoint). It is kept across refreshes, marked as added by hand.

        Raises:
            InvalidInputError: Bad id, type, capability or limit, or the provider is not
                configured.
            AlreadyExistsError: Never: adding an existing custom model redefines it.
        """
        info = self._factory.info(provider)
        mtype = parse_model_type(model_type)
        model_id = _model_id(model)
        caps = parse_capabilities(capabilities)
        context = _limit("context length", context_length)
        output = _limit("max output tokens", max_output_tokens)
        if mtype not in info.model_types and not info.is_custom:
            offered = ", ".join(t.label for t in info.model_types)
            raise InvalidInputError(
                f"{info.label} does not offer {mtype.label} models.", f"It offers: {offered}."
            )

        def work(uow: SqlUnitOfWork) -> CatalogModel:
            require_workspace(uow, tenant_id)
            if uow.configs.get(tenant_id, provider) is None:
                raise InvalidInputError(
                    f"{info.label} is not configured in this workspace.",
                    f"Configure {info.label} first, then add models to it.",
                )
            uow.overrides.add_custom(
                tenant_id,
                provider,
                model_id,
                mtype.value,
                [c.value for c in caps],
                context_length=context,
                max_output_tokens=output,
            )
            uow.commit()
            found = [
                m for m in merged_catalog(uow, tenant_id, provider=provider) if m.model == model_id
            ]
            return found[0]

        return await in_uow(self._uow, work)

    async def remove_model(self, tenant_id: str, provider: str, model: str) -> None:
        """Remove a model added by hand.

        Raises:
            NotFoundError: No model of that id was added by hand (a listed model can be
                disabled, not removed).
        """
        label = self._factory.info(provider).label
        model_id = model.strip()

        def work(uow: SqlUnitOfWork) -> None:
            require_workspace(uow, tenant_id)
            if not uow.overrides.remove_custom(tenant_id, provider, model_id):
                listed = uow.overrides.get(tenant_id, provider, model_id) is not None or any(
                    m.model == model_id for m in uow.catalog.list(tenant_id, provider=provider)
                )
                hint = (
                    f"{label} lists it itself; disable it instead: "
                    f"modelhub models disable {provider} {model_id}"
                    if listed
                    else f"List the models with: modelhub models list --provider {provider}"
                )
                raise NotFoundError(f"{model_id!r} was not added by hand to {label}.", hint)
            uow.commit()

        await in_uow(self._uow, work)

    async def correct_model(
        self,
        tenant_id: str,
        provider: str,
        model: str,
        *,
        capabilities: Iterable[str] | None,
        context_length: int | None,
        max_output_tokens: int | None,
    ) -> CatalogModel:
        """Set the admin's corrections of a model's facts; None for a fact removes its
        correction (the provider's or the rules' value shows again). Corrections survive
        every refresh.

        Raises:
            NotFoundError: The provider has no such model in this workspace.
            InvalidInputError: An unknown capability or a bad limit.
        """
        label = self._factory.info(provider).label
        model_id = model.strip()
        caps = None if capabilities is None else [c.value for c in parse_capabilities(capabilities)]
        context = _limit("context length", context_length)
        output = _limit("max output tokens", max_output_tokens)

        def work(uow: SqlUnitOfWork) -> CatalogModel:
            require_workspace(uow, tenant_id)
            found = [
                m for m in merged_catalog(uow, tenant_id, provider=provider) if m.model == model_id
            ]
            if not found:
                raise NotFoundError(
                    f"{label} has no model {model_id!r} in this workspace.",
                    f"List them with: modelhub models list --provider {provider}",
                )
            existing = uow.overrides.get(tenant_id, provider, model_id)
            if existing is not None and existing.custom:
                uow.overrides.add_custom(
                    tenant_id,
                    provider,
                    model_id,
                    existing.model_type or found[0].model_type.value,
                    caps or [],
                    name=existing.name,
                    context_length=context,
                    max_output_tokens=output,
                )
            else:
                uow.overrides.correct(
                    tenant_id,
                    provider,
                    model_id,
                    capabilities=caps,
                    context_length=context,
                    max_output_tokens=output,
                )
            uow.commit()
            return next(
                m for m in merged_catalog(uow, tenant_id, provider=provider) if m.model == model_id
            )

        return await in_uow(self._uow, work)

    async def get_defaults(self, tenant_id: str) -> dict[ModelType, DefaultModel | None]:
        """The default model of each type (seed ``GET /api/model-settings``).

        A default whose model left the catalog, or whose provider is no longer configured or
        valid, is returned with ``problem`` set: flagged, not silently kept or dropped.
        """

        def work(uow: SqlUnitOfWork) -> dict[ModelType, DefaultModel | None]:
            require_workspace(uow, tenant_id)
            configs = {c.provider: c for c in uow.configs.list(tenant_id)}
            fetched = uow.catalog.fetched_at(tenant_id)
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
                elif not self._readable(config):
                    problem = (
                        f"{label}'s stored config cannot be decrypted (key mismatch or "
                        "tampered value)."
                    )
                elif not config.is_valid:
                    problem = f"{label}'s key is not valid at the moment."
                elif is_disabled(uow, tenant_id, provider, model):
                    problem = f"{model} is disabled in this workspace."
                elif not offers(uow, tenant_id, provider, model, mtype):
                    if provider not in fetched:
                        # Nothing fetched yet (a database the platform wrote): not known.
                        out[mtype] = DefaultModel(mtype, provider, model, unchecked=True)
                        continue
                    problem = f"{label} no longer offers {model} as {mtype.label}."
                out[mtype] = DefaultModel(mtype, provider, model, problem)
            return out

        return await in_uow(self._uow, work, read_only=True)

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
            if not self._readable(config):
                raise InvalidInputError(
                    f"{label}'s stored config cannot be decrypted, so its models cannot be chosen.",
                    "Load the key it was written with (ENCRYPTION_KEY_PREVIOUS), or remove "
                    f"{label} and configure it again.",
                )
            if not config.is_valid:
                raise InvalidInputError(
                    f"{label}'s key is not valid, so its models cannot be chosen.",
                    f"Test or fix the {label} configuration first.",
                )
            if not offers(uow, tenant_id, provider, model_id, mtype):
                raise NotFoundError(
                    f"{label} does not offer {model_id!r} as a {mtype.label} model.",
                    f"List the choices with: modelhub models list --type {mtype.value}",
                )
            if is_disabled(uow, tenant_id, provider, model_id):
                raise InvalidInputError(
                    f"{model_id} is disabled in this workspace, so it cannot be a default.",
                    f"Enable it first: modelhub models enable {provider} {model_id}",
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


def parse_capabilities(values: Iterable[str]) -> list[Capability]:
    """Capability names as capabilities, in canonical order.

    Raises:
        InvalidInputError: A name is not a capability.
    """
    chosen: set[Capability] = set()
    for value in values:
        text = str(value).strip()
        if not text:
            continue
        try:
            chosen.add(Capability.parse(text))
        except ValueError:
            allowed = ", ".join(c.value for c in Capability)
            raise InvalidInputError(
                f"Unknown capability {text[:40]!r}.", f"Use one of: {allowed}."
            ) from None
    return [c for c in Capability if c in chosen]


#: Largest context or output limit accepted (tokens); real ones are ten million or less.
MAX_LIMIT = 100_000_000


def _limit(what: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_LIMIT:
        raise InvalidInputError(
            f"The {what} must be a whole number of tokens between 1 and {MAX_LIMIT:,}.",
            "Leave it empty to use what the provider says.",
        )
    return value


def _model_id(value: str) -> str:
    model_id = value.strip()
    if not model_id:
        raise InvalidInputError("The model id is empty.", "Type the id the provider's API takes.")
    if len(model_id) > 256 or not model_id.isprintable() or any(c.isspace() for c in model_id):
        raise InvalidInputError(
            f"{model_id[:60]!r} is not a model id.",
            "A model id has no spaces or control characters and at most 256 characters.",
        )
    return model_id
