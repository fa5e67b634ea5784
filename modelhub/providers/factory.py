"""Builds provider adapters from the registry: description + family code (seed §6.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelhub.providers.registry import (
    ProviderRegistry,
    custom_provider_info,
    family_class,
    is_custom,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from modelhub.domain.models import ProviderInfo
    from modelhub.providers.base import ClientSource, ModelProvider


class ProviderFactory:
    """Builds provider adapters on one shared HTTP client.

    Args:
        client: The HTTP client every adapter uses, or a function returning it on first use.
        registry: The providers to offer; defaults to the built-ins alone. The application
            passes one that includes the admin's presets.
    """

    def __init__(self, client: ClientSource, registry: ProviderRegistry | None = None) -> None:
        self._client = client
        self.registry = registry or ProviderRegistry.load()
        self._instances: dict[str, ModelProvider] = {}

    def names(self) -> list[str]:
        """Names of the built-in and preset providers, in display order."""
        return self.registry.names()

    def infos(self) -> list[ProviderInfo]:
        """Descriptions of the built-in and preset providers, in display order."""
        return self.registry.infos()

    def info(self, name: str, config: Mapping[str, Any] | None = None) -> ProviderInfo:
        """The description of ``name``; for ``custom:<slug>``, made from its ``config``.

        Raises:
            UnknownProviderError: ``name`` is not a provider.
        """
        if is_custom(name):
            return custom_provider_info(name, config)
        return self.registry.info(name)

    def create(self, name: str, config: Mapping[str, Any] | None = None) -> ModelProvider:
        """The adapter for ``name`` (one instance per built-in or preset provider).

        Args:
            name: A provider name, or ``custom:<slug>``.
            config: For a custom provider, its config (label and model types come from it).

        Raises:
            UnknownProviderError: ``name`` is not a provider.
        """
        if is_custom(name):
            return self.for_info(custom_provider_info(name, config))
        if name not in self._instances:
            self._instances[name] = self.for_info(self.registry.info(name))
        return self._instances[name]

    def for_info(self, info: ProviderInfo) -> ModelProvider:
        """A new adapter for ``info`` on its family's code."""
        return family_class(info.family)(self._client, info)
