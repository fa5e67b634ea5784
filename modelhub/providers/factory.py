"""Maps a provider name to its adapter class (seed §6.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelhub.domain.errors import UnknownProviderError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from modelhub.domain.models import ProviderInfo
    from modelhub.providers.base import ClientSource, ModelProvider


def default_provider_classes() -> list[type[ModelProvider]]:
    """The four providers the seed names, in the order the UI shows them."""
    from modelhub.providers.jina import JinaProvider
    from modelhub.providers.openai import OpenAIProvider
    from modelhub.providers.openrouter import OpenRouterProvider
    from modelhub.providers.siliconflow import SiliconFlowProvider

    return [OpenAIProvider, OpenRouterProvider, JinaProvider, SiliconFlowProvider]


class ProviderFactory:
    """Builds provider adapters on one shared HTTP client.

    Args:
        client: The HTTP client every adapter uses, or a function returning it on first use.
        classes: Adapter classes to offer; defaults to the four real providers. Tests pass
            doubles here.
    """

    def __init__(
        self,
        client: ClientSource,
        classes: Iterable[type[ModelProvider]] | None = None,
    ) -> None:
        self._client = client
        chosen = list(classes) if classes is not None else default_provider_classes()
        self._classes = {cls.info.name: cls for cls in chosen}
        self._instances: dict[str, ModelProvider] = {}

    def names(self) -> list[str]:
        """Supported provider names, in display order."""
        return list(self._classes)

    def infos(self) -> list[ProviderInfo]:
        """Static facts about every supported provider, in display order."""
        return [cls.info for cls in self._classes.values()]

    def info(self, name: str) -> ProviderInfo:
        """Static facts about ``name``.

        Raises:
            UnknownProviderError: ``name`` is not supported.
        """
        return self._class(name).info

    def create(self, name: str) -> ModelProvider:
        """The adapter for ``name`` (one instance per factory).

        Raises:
            UnknownProviderError: ``name`` is not supported.
        """
        if name not in self._instances:
            self._instances[name] = self._class(name)(self._client)
        return self._instances[name]

    def _class(self, name: str) -> type[ModelProvider]:
        try:
            return self._classes[name]
        except KeyError:
            raise UnknownProviderError(
                f"Unknown provider {name!r}.",
                f"Supported providers: {', '.join(self._classes)}.",
            ) from None
