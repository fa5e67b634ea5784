"""The one list of providers everyone asks: built-in descriptions, admins' presets, families.

Built-in providers are the ``*.toml`` descriptions in ``modelhub/providers/catalog/``. Admins
may drop their own descriptions (an internal gateway, a regional mirror) into
``<data folder>/providers/``; those are loaded as presets, and a broken one is reported in
:attr:`ProviderRegistry.problems` rather than stopping the application. Code exists only per
API family (:data:`FAMILIES`); a description names its family and everything else is data.

A workspace's own OpenAI-compatible endpoints (``custom:<slug>``) are described by
:func:`custom_provider_info` from their (encrypted) config, not by a file.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelhub.domain.errors import InvalidInputError, UnknownProviderError
from modelhub.domain.models import CredentialField, ModelType, ProviderInfo
from modelhub.providers.schema import ManifestError, read_manifest

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from modelhub.providers.base import ModelProvider

#: Where the built-in descriptions live.
BUILTIN_DIR = Path(__file__).with_name("catalog")
#: API family -> the adapter class that speaks it (imported when first used).
FAMILIES: dict[str, str] = {
    "openai": "modelhub.providers.openai:OpenAIProvider",
    "openrouter": "modelhub.providers.openrouter:OpenRouterProvider",
    "jina": "modelhub.providers.jina:JinaProvider",
    "siliconflow": "modelhub.providers.siliconflow:SiliconFlowProvider",
    "openai_compatible": "modelhub.providers.families.openai_compatible:OpenAICompatibleProvider",
    "anthropic": "modelhub.providers.families.anthropic:AnthropicProvider",
    "gemini": "modelhub.providers.families.gemini:GeminiProvider",
    "cohere": "modelhub.providers.families.cohere:CohereProvider",
    "ollama": "modelhub.providers.families.ollama:OllamaProvider",
    "lmstudio": "modelhub.providers.families.lmstudio:LMStudioProvider",
    "azure_openai": "modelhub.providers.families.azure_openai:AzureOpenAIProvider",
}
#: Display order of the built-ins: the seed's four first, then cloud, then local.
BUILTIN_ORDER = (
    "openai",
    "openrouter",
    "jina",
    "siliconflow",
    "anthropic",
    "gemini",
    "azure_openai",
    "deepseek",
    "mistral",
    "cohere",
    "groq",
    "xai",
    "voyage",
    "ollama",
    "lmstudio",
    "vllm",
)
#: The prefix of a workspace's own OpenAI-compatible providers.
CUSTOM_PREFIX = "custom:"
#: A custom provider's slug: lowercase letters, digits and dashes.
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
#: Largest number of preset files read (a folder of thousands is a mistake, not a catalog).
MAX_PRESETS = 200


def family_class(family: str) -> type[ModelProvider]:
    """The adapter class for an API family.

    Raises:
        UnknownProviderError: No such family.
    """
    target = FAMILIES.get(family)
    if target is None:
        raise UnknownProviderError(
            f"Unknown API family {family!r}.", f"Known families: {', '.join(FAMILIES)}."
        )
    module_name, _, class_name = target.partition(":")
    cls: type[ModelProvider] = getattr(importlib.import_module(module_name), class_name)
    return cls


@functools.cache
def builtin_infos(folder: Path = BUILTIN_DIR) -> tuple[ProviderInfo, ...]:
    """Every built-in description in ``folder``, in display order (read once per folder).

    Raises:
        ManifestError: A built-in description is broken (a bug in ModelHub itself).
    """
    infos = [
        _checked(read_manifest(path, source="builtin")) for path in sorted(folder.glob("*.toml"))
    ]
    names = [i.name for i in infos]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ManifestError(f"{duplicate}.toml", "name", "two built-in descriptions share it.")
    rank = {name: i for i, name in enumerate(BUILTIN_ORDER)}
    return tuple(sorted(infos, key=lambda i: (rank.get(i.name, len(rank)), i.name)))


def builtin_info(name: str) -> ProviderInfo:
    """The built-in description called ``name``.

    Raises:
        UnknownProviderError: No built-in provider has that name.
    """
    for info in builtin_infos():
        if info.name == name:
            return info
    raise UnknownProviderError(f"Unknown provider {name!r}.")


def _checked(info: ProviderInfo) -> ProviderInfo:
    if info.family not in FAMILIES:
        raise ManifestError(
            info.origin, "family", f"{info.family!r} is not one of {', '.join(FAMILIES)}."
        )
    return info


class ProviderRegistry:
    """The providers this installation knows: built-ins, then the admin's presets.

    Args:
        builtins: Built-in descriptions, in display order.
        presets: Preset descriptions.
        problems: Presets that could not be loaded, each a message naming file and field.
    """

    def __init__(
        self,
        builtins: Iterable[ProviderInfo],
        presets: Iterable[ProviderInfo] = (),
        problems: Iterable[ManifestError] = (),
    ) -> None:
        self._infos: dict[str, ProviderInfo] = {}
        for info in (*builtins, *presets):
            self._infos.setdefault(info.name, info)
        self.problems: tuple[ManifestError, ...] = tuple(problems)

    @classmethod
    def load(
        cls, preset_dir: Path | None = None, builtin_dir: Path = BUILTIN_DIR
    ) -> ProviderRegistry:
        """Load the built-ins and, when ``preset_dir`` exists, the presets in it.

        A preset that is malformed, names an unknown family, or reuses a built-in's name is
        skipped and reported in :attr:`problems`.
        """
        builtins = builtin_infos(builtin_dir)
        presets: list[ProviderInfo] = []
        problems: list[ManifestError] = []
        taken = {i.name for i in builtins}
        if preset_dir is not None and preset_dir.is_dir():
            try:
                paths = sorted(preset_dir.glob("*.toml"))[:MAX_PRESETS]
            except OSError:
                paths = []
            for path in paths:
                try:
                    info = _checked(read_manifest(path, source="preset"))
                except ManifestError as exc:
                    problems.append(exc)
                    continue
                if info.name in taken:
                    problems.append(
                        ManifestError(
                            str(path), "name", f"{info.name!r} is already a provider's name."
                        )
                    )
                    continue
                taken.add(info.name)
                presets.append(info)
        return cls(builtins, presets, problems)

    def infos(self) -> list[ProviderInfo]:
        """Every provider that can be configured, in display order (built-ins first)."""
        return list(self._infos.values())

    def names(self) -> list[str]:
        """Every provider name, in display order."""
        return list(self._infos)

    def info(self, name: str) -> ProviderInfo:
        """The description of ``name``.

        Raises:
            UnknownProviderError: No such provider (custom providers are not in here).
        """
        try:
            return self._infos[name]
        except KeyError:
            raise UnknownProviderError(
                f"Unknown provider {name!r}.",
                "Run 'modelhub providers catalog' to see every provider that can be configured.",
            ) from None

    def key_patterns(self) -> list[str]:
        """Every provider's key shapes (regular expressions), to mask in logs."""
        out: list[str] = []
        for info in self._infos.values():
            out.extend(p for p in info.key_patterns if p not in out)
        return out

    def suggested(self, model_type: ModelType) -> list[ProviderInfo]:
        """Providers whose description names them a good first choice for ``model_type``."""
        return [i for i in self._infos.values() if model_type in i.suggested_for]


# -- custom OpenAI-compatible providers --------------------------------------------------


def is_custom(name: str) -> bool:
    """True for a ``custom:<slug>`` provider name."""
    return name.startswith(CUSTOM_PREFIX)


def slugify(label: str) -> str:
    """A custom provider's slug from its label: ``"My Gateway (EU)"`` -> ``my-gateway-eu``.

    Raises:
        InvalidInputError: Nothing of the label survives (no letters or digits at all).
    """
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].strip("-")
    if not slug:
        raise InvalidInputError(
            f"Cannot make a provider name from the label {label!r}.",
            "Use a label with some Latin letters or digits, such as 'Team gateway'.",
            field="label",
        )
    return slug


def parse_custom_name(name: str) -> str:
    """The slug of ``custom:<slug>``.

    Raises:
        UnknownProviderError: ``name`` is not a well-formed custom provider name.
    """
    slug = name[len(CUSTOM_PREFIX) :] if is_custom(name) else ""
    if not SLUG_PATTERN.match(slug):
        raise UnknownProviderError(
            f"{name!r} is not a custom provider name.",
            "Custom providers are named custom:<slug>, with lowercase letters, digits and "
            "dashes, such as custom:team-gateway.",
        )
    return slug


#: The credential form of every custom OpenAI-compatible provider.
CUSTOM_FIELDS: tuple[CredentialField, ...] = (
    CredentialField(
        name="label",
        label="Name",
        label_zh="名称",
        required=True,
        help="How this endpoint is shown, such as 'Team gateway'.",
        help_zh="此接口的显示名称，例如“团队网关”。",
    ),
    CredentialField(
        name="base_url",
        label="Base URL",
        label_zh="接口地址",
        required=True,
        kind="url",
        endpoint=True,
        placeholder="https://llm.example.com/v1",
        help="The address its OpenAI-compatible API lives at, usually ending in /v1. "
        "https, or http only for this computer.",
        help_zh="其 OpenAI 兼容接口的地址，通常以 /v1 结尾。请使用 https；http 仅限本机。",
    ),
    CredentialField(
        name="api_key",
        label="API key",
        label_zh="API 密钥",
        secret=True,
        kind="secret",
        help="Optional: sent as a Bearer token when set.",
        help_zh="可选：填写后以 Bearer 令牌发送。",
    ),
    CredentialField(
        name="headers",
        label="Extra headers",
        label_zh="额外请求头",
        secret=True,
        kind="headers",
        help="Optional, one per line as Name: value. Kept secret like the key.",
        help_zh="可选，每行一个，格式为 名称: 值。与密钥一样保密存储。",
    ),
    CredentialField(
        name="types",
        label="Model types",
        label_zh="模型类型",
        kind="types",
        help="Which types of model to offer from it (all when none is chosen).",
        help_zh="从该接口提供哪些类型的模型（不选则全部提供）。",
    ),
    CredentialField(
        name="models",
        label="Models",
        label_zh="模型",
        kind="models",
        help="Optional, one per line as model-id or model-id = type. Used when the endpoint "
        "has no model list, and to correct a listed model's type.",
        help_zh=(
            "可选，每行一个：模型 ID 或 模型 ID = 类型。用于接口没有模型列表时，或更正模型类型。"
        ),
    ),
)


def custom_provider_info(name: str, config: Mapping[str, Any] | None = None) -> ProviderInfo:
    """The description of a workspace's own OpenAI-compatible provider.

    Args:
        name: ``custom:<slug>``.
        config: Its (decrypted) config when known: the label and model types come from it.

    Raises:
        UnknownProviderError: ``name`` is not a well-formed custom provider name.
    """
    slug = parse_custom_name(name)
    config = config or {}
    label = config.get("label")
    if not isinstance(label, str) or not label.strip():
        label = slug
    types: tuple[ModelType, ...] = tuple(ModelType)
    chosen = config.get("types")
    if isinstance(chosen, list) and chosen:
        parsed = []
        for value in chosen:
            try:
                parsed.append(ModelType.parse(str(value)))
            except ValueError:
                continue
        types = tuple(t for t in ModelType if t in parsed) or types
    base = config.get("base_url")
    where = f" at {base}" if isinstance(base, str) and base else ""
    where_zh = f"，地址 {base}" if isinstance(base, str) and base else ""
    return ProviderInfo(
        name=f"{CUSTOM_PREFIX}{slug}",
        label=label.strip(),
        description=f"Your own OpenAI-compatible endpoint{where}.",
        description_zh=f"自定义的 OpenAI 兼容接口{where_zh}。",
        model_types=types,
        fields=CUSTOM_FIELDS,
        icon="",
        family="openai_compatible",
        source="custom",
        group="custom",
        auth="bearer",
    )
