"""Records and enums passed between layers. All frozen; none holds ORM state.

Secrets never live in these records except ``ProviderConfig.values`` inside the service layer,
whose ``repr`` hides every secret field.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime


class ModelType(enum.StrEnum):
    """The seed's five model capabilities (values are the stored ``model_type`` strings)."""

    LLM = "llm"
    EMBEDDING = "embedding"
    RERANK = "rerank"
    TTS = "tts"
    SPEECH_TO_TEXT = "speech_to_text"

    @property
    def label(self) -> str:
        """Human name, as the settings page shows it."""
        return _MODEL_TYPE_LABELS[self]

    @property
    def short_label(self) -> str:
        """A compact name for tight places (card chips): ``Embedding``, ``STT`` ..."""
        return _MODEL_TYPE_SHORT[self]

    @classmethod
    def parse(cls, value: str) -> ModelType:
        """Return the type for ``value`` (a stored value, or a few friendly aliases).

        Raises:
            ValueError: ``value`` names no model type.
        """
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        key = _MODEL_TYPE_ALIASES.get(key, key)
        return cls(key)


_MODEL_TYPE_LABELS = {
    ModelType.LLM: "LLM",
    ModelType.EMBEDDING: "Text Embedding",
    ModelType.RERANK: "Rerank",
    ModelType.TTS: "TTS",
    ModelType.SPEECH_TO_TEXT: "Speech-to-Text",
}
_MODEL_TYPE_SHORT = {
    ModelType.LLM: "LLM",
    ModelType.EMBEDDING: "Embedding",
    ModelType.RERANK: "Rerank",
    ModelType.TTS: "TTS",
    ModelType.SPEECH_TO_TEXT: "STT",
}
_MODEL_TYPE_ALIASES = {
    "chat": "llm",
    "text_embedding": "embedding",
    "embeddings": "embedding",
    "reranker": "rerank",
    "stt": "speech_to_text",
    "speech2text": "speech_to_text",
    "text_to_speech": "tts",
}


class ValidationStatus(enum.StrEnum):
    """Classified outcome of checking a provider config against the provider's API.

    ``VALID``, ``NO_CREDIT``, ``RESTRICTED`` and ``RATE_LIMITED`` all mean the key itself was
    accepted by the provider; only ``VALID`` and ``RESTRICTED`` mark a config usable
    (``is_valid``). ``UNREACHABLE`` and ``BAD_RESPONSE`` say nothing about the key.
    """

    VALID = "valid"
    INVALID_CREDENTIALS = "invalid_credentials"
    NO_CREDIT = "no_credit"
    RESTRICTED = "restricted"
    RATE_LIMITED = "rate_limited"
    UNREACHABLE = "unreachable"
    BAD_RESPONSE = "bad_response"

    @property
    def key_accepted(self) -> bool:
        """True when the provider recognised the key (whatever else it said)."""
        return self in _KEY_ACCEPTED

    @property
    def usable(self) -> bool:
        """True when the config can be marked ``is_valid`` and its models offered."""
        return self in (ValidationStatus.VALID, ValidationStatus.RESTRICTED)

    @property
    def inconclusive(self) -> bool:
        """True when the check could not tell whether the key is good."""
        return self in (ValidationStatus.UNREACHABLE, ValidationStatus.BAD_RESPONSE)

    @property
    def label(self) -> str:
        """Short badge text."""
        return _STATUS_LABELS[self]


_KEY_ACCEPTED = frozenset(
    {
        ValidationStatus.VALID,
        ValidationStatus.NO_CREDIT,
        ValidationStatus.RESTRICTED,
        ValidationStatus.RATE_LIMITED,
    }
)
_STATUS_LABELS = {
    ValidationStatus.VALID: "Valid",
    ValidationStatus.INVALID_CREDENTIALS: "Invalid key",
    ValidationStatus.NO_CREDIT: "No credit",
    ValidationStatus.RESTRICTED: "Restricted",
    ValidationStatus.RATE_LIMITED: "Rate limited",
    ValidationStatus.UNREACHABLE: "Unreachable",
    ValidationStatus.BAD_RESPONSE: "Bad response",
}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """What a provider said about a config.

    Attributes:
        status: The classified outcome.
        message: One sentence for a person ("The key was rejected (HTTP 401).").
        hint: What to do next, or None.
        http_status: The HTTP status seen, if any.
        details: Non-secret facts the provider returned (balance, key label, limits).
    """

    status: ValidationStatus
    message: str
    hint: str | None = None
    http_status: int | None = None
    details: Mapping[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """The seed's ``valid`` flag: the config is usable."""
        return self.status.usable


#: Field kinds a credential form knows: free text, a secret, a URL, one of ``choices``,
#: ``headers`` (a mapping of extra HTTP headers), ``types`` (a list of model types) and
#: ``models`` (a list of ``{"id", "type"}`` entries typed in by hand).
FIELD_KINDS = frozenset({"text", "secret", "url", "choice", "headers", "types", "models"})


@dataclass(frozen=True, slots=True)
class CredentialField:
    """One field of a provider's credential form.

    Attributes:
        name: Key in the config JSON (``api_key``, ``base_url`` ...).
        label: Form label (English).
        secret: Encrypted like everything else, and additionally never shown back or logged.
        required: Must be non-empty on first save.
        default: Value used when the field is left empty (shown as placeholder).
        choices: For a choice field, ``(value, label)`` pairs; empty for free text.
        help: One line of help under the field (English).
        kind: One of :data:`FIELD_KINDS`.
        endpoint: The field decides where requests (and so the stored secrets) go: a base
            URL, a region. A stored secret is only ever sent to the address it was saved for.
        label_zh: Simplified Chinese label (empty: use ``label``).
        help_zh: Simplified Chinese help (empty: use ``help``).
        placeholder: Example text shown in an empty field, when there is no default.
        choice_urls: For an endpoint choice field, the base URL each choice stands for.
    """

    name: str
    label: str
    secret: bool = False
    required: bool = False
    default: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    kind: str = "text"
    endpoint: bool = False
    label_zh: str = ""
    help_zh: str = ""
    placeholder: str = ""
    choice_urls: tuple[tuple[str, str], ...] = ()

    def localized_label(self, language: str = "en") -> str:
        """The label in ``language`` (``zh`` for Simplified Chinese), English otherwise."""
        return self.label_zh if language.startswith("zh") and self.label_zh else self.label

    def localized_help(self, language: str = "en") -> str:
        """The help line in ``language``, English otherwise."""
        return self.help_zh if language.startswith("zh") and self.help_zh else self.help


#: Where a provider description came from.
PROVIDER_SOURCES = ("builtin", "preset", "custom")
#: How a provider is grouped in the "Add provider" picker.
PROVIDER_GROUPS = ("cloud", "local", "custom")
#: How the key travels: ``Authorization: Bearer``, ``x-api-key``, ``x-goog-api-key``,
#: ``api-key`` (Azure) or not at all.
AUTH_SCHEMES = ("bearer", "x-api-key", "x-goog-api-key", "api-key", "none")


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """Static facts about a provider: everything but code comes from here.

    Built from a provider description (``modelhub/providers/catalog/*.toml``, an admin's
    preset, or a workspace's custom OpenAI-compatible endpoint); services, CLI and UI read
    field names, secrets and endpoints from it and never name a field themselves.

    Attributes:
        name: The stored provider name (``openai``, ``custom:my-gateway`` ...).
        label: Display name.
        description: One line saying what it offers.
        model_types: The model types it can offer.
        fields: The credential form, in display order.
        website: Home page.
        label_zh: Simplified Chinese display name (empty: ``label``).
        description_zh: Simplified Chinese description (empty: ``description``).
        key_page: Where keys are made.
        icon: Icon resource name (``openai`` -> ``icons/providers/openai.svg``); empty: generic.
        family: The API family whose code talks to it (``openai_compatible``, ``anthropic`` ...).
        source: ``builtin``, ``preset`` (a file in the data folder) or ``custom``.
        group: ``cloud``, ``local`` or ``custom``.
        auth: How the secret travels; one of :data:`AUTH_SCHEMES`.
        headers: Fixed extra headers sent on every request.
        key_patterns: Regular expressions matching this provider's keys (masked in logs).
        allow_private_http: Plain ``http://`` is allowed to private-network addresses too
            (local servers), not only to this computer.
        suggested_for: Model types for which the UI names it as a good first choice.
        options: Family-specific settings (paths, typing rules ...), as the description gives
            them.
        origin: The file it was read from (presets), for messages.
    """

    name: str
    label: str
    description: str
    model_types: tuple[ModelType, ...]
    fields: tuple[CredentialField, ...]
    website: str = ""
    label_zh: str = ""
    description_zh: str = ""
    key_page: str = ""
    icon: str = ""
    family: str = ""
    source: str = "builtin"
    group: str = "cloud"
    auth: str = "bearer"
    headers: tuple[tuple[str, str], ...] = ()
    key_patterns: tuple[str, ...] = ()
    allow_private_http: bool = False
    suggested_for: tuple[ModelType, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    origin: str = ""

    def field(self, name: str) -> CredentialField | None:
        """The credential field called ``name``, if the schema has one."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def secret_fields(self) -> tuple[str, ...]:
        """Names of the fields that are secrets."""
        return tuple(f.name for f in self.fields if f.secret)

    @property
    def endpoint_fields(self) -> tuple[str, ...]:
        """Names of the fields that decide where secrets are sent."""
        return tuple(f.name for f in self.fields if f.endpoint)

    @property
    def key_field(self) -> CredentialField | None:
        """The main secret (the one masked on the card and sent by ``auth``), if any."""
        return next((f for f in self.fields if f.secret and f.kind == "secret"), None)

    @property
    def needs_key(self) -> bool:
        """True when the provider cannot be used without a secret."""
        key = self.key_field
        return key is not None and key.required

    @property
    def is_custom(self) -> bool:
        """True for a workspace's own OpenAI-compatible endpoint."""
        return self.source == "custom"

    def localized_label(self, language: str = "en") -> str:
        """The display name in ``language`` (``zh`` for Simplified Chinese)."""
        return self.label_zh if language.startswith("zh") and self.label_zh else self.label

    def localized_description(self, language: str = "en") -> str:
        """The description in ``language`` (``zh`` for Simplified Chinese)."""
        if language.startswith("zh") and self.description_zh:
            return self.description_zh
        return self.description


@dataclass(frozen=True, slots=True)
class ModelDefinition:
    """A model as a provider lists it, already typed.

    Attributes:
        id: The id sent to the provider's API.
        model_type: One of the seed's five types.
        name: Display name when the provider gives one, else the id.
        context_length: Tokens, when known.
        pricing: Provider-given prices (strings, USD per token unless stated).
        extra: Other non-secret metadata worth keeping (owned_by, voices ...).
    """

    id: str
    model_type: ModelType
    name: str = ""
    context_length: int | None = None
    pricing: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """``name`` or, when empty, the id."""
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class CatalogModel:
    """A model in a workspace's cached catalog."""

    provider: str
    model: str
    model_type: ModelType
    name: str
    context_length: int | None
    pricing: Mapping[str, str]
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class Workspace:
    """A tenant workspace."""

    id: str
    name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ProviderState:
    """A provider as one workspace sees it (the seed's ``GET /api/providers`` item).

    Attributes:
        info: Static facts about the provider.
        configured: A config row exists.
        is_valid: The stored ``is_valid`` flag.
        last_validated_at: When it was last checked, or None.
        masked_key: Fixed-width mask such as ``sk-…a1b2``; never the key.
        status: The last classified check result, when known.
        status_message: The last check's message.
        settings: The non-secret config fields as stored (base_url, region ...).
        models: Catalog models when configured and valid.
        decrypt_error: Set when the stored value cannot be decrypted.
        models_fetched_at: When the catalog was last refreshed for this provider.
    """

    info: ProviderInfo
    configured: bool
    is_valid: bool
    last_validated_at: datetime | None
    masked_key: str | None
    status: ValidationStatus | None = None
    status_message: str | None = None
    settings: Mapping[str, str] = field(default_factory=dict)
    models: tuple[CatalogModel, ...] = ()
    decrypt_error: str | None = None
    models_fetched_at: datetime | None = None

    @property
    def provider(self) -> str:
        """The provider's name."""
        return self.info.name


@dataclass(frozen=True, slots=True)
class DefaultModel:
    """The default model chosen for one type.

    Attributes:
        model_type: The capability.
        provider: Provider name.
        model: Model id.
        problem: Why the choice no longer works (model gone, provider invalid), or None.
    """

    model_type: ModelType
    provider: str
    model: str
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class CatalogDiff:
    """What a catalog refresh changed for one provider.

    Attributes:
        provider: Provider name.
        added: Model ids new in this refresh.
        removed: Model ids gone since the last refresh.
        removed_defaults: Types whose default model was removed (still set, now flagged).
        error: Why the refresh failed, or None; a failed refresh keeps the old catalog.
        total: Number of models after the refresh.
    """

    provider: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    removed_defaults: tuple[ModelType, ...] = ()
    error: str | None = None
    total: int = 0


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """Result of saving a provider config.

    Attributes:
        saved: The config was written.
        validation: The check run before saving.
        catalog: The model refresh done after saving, when the config was usable.
    """

    saved: bool
    validation: ValidationResult
    catalog: CatalogDiff | None = None


@dataclass(frozen=True, slots=True)
class DeleteOutcome:
    """Result of removing a provider config.

    Attributes:
        provider: Provider name.
        cleared_defaults: Types whose default used this provider and were cleared with it.
    """

    provider: str
    cleared_defaults: tuple[ModelType, ...]


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """Result of validating and refreshing one provider in a refresh-all."""

    provider: str
    validation: ValidationResult
    catalog: CatalogDiff | None


@dataclass(frozen=True, slots=True)
class RotationReport:
    """Result of re-encrypting every stored config under the current key."""

    total: int
    reencrypted: int
    already_current: int
    dry_run: bool
    current_kid: str
