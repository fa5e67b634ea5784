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


class BalanceKind(enum.StrEnum):
    """What a provider tells about money, never guessed.

    ``CASH``: an account balance with a currency (SiliconFlow ``totalBalance``, DeepSeek
    ``balance_infos``). ``KEY_LIMIT``: a per-key spending limit and what is left of it
    (OpenRouter ``GET /key``; a key without a limit is ``KEY_LIMIT`` with ``limit`` None:
    "no limit set", not "unlimited credit"). ``USAGE_ONLY``: what was spent, no limit.
    ``UNKNOWN``: the provider does not say.
    """

    CASH = "cash"
    KEY_LIMIT = "key_limit"
    USAGE_ONLY = "usage_only"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Balance:
    """A provider's credit state for one key, as fetched.

    Attributes:
        kind: What kind of fact this is.
        amount: Money left (cash balance, or what is left of a key's limit).
        currency: ISO code of ``amount``/``limit``/``usage`` (``USD``, ``CNY``), when known.
        limit: The key's spending limit, or None (none set, or not a key limit).
        usage: Money spent with the key so far, when the provider says.
        fetched_at: When the provider said it (set by the service when stored).
    """

    kind: BalanceKind
    amount: float | None = None
    currency: str | None = None
    limit: float | None = None
    usage: float | None = None
    fetched_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` form; absent facts are null."""
        return {
            "kind": self.kind.value,
            "amount": self.amount,
            "currency": self.currency,
            "limit": self.limit,
            "usage": self.usage,
            "fetchedAt": self.fetched_at.isoformat() if self.fetched_at else None,
        }

    def is_low(self, threshold: float | None) -> bool:
        """True when a known amount left is below ``threshold`` (None: no warning)."""
        return threshold is not None and self.amount is not None and self.amount < threshold


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """One health check of one model: a real, minimal, paid request.

    Attributes:
        provider: Provider name.
        model: Model id.
        model_type: The type it was checked as (decides the probe's shape).
        ok: The model answered as its type should.
        status: The classified outcome (``valid`` when ok; otherwise why not).
        error: The classified error with the provider's words, or None.
        detail: What the answer showed (``1536 dimensions``, ``audio/mpeg, 3.2 kB``), or None.
        first_byte_ms: Time to the first byte of the answer (streamed probes: the first
            chunk), measured; None when nothing came.
        total_ms: Time until the check ended, measured.
        checked_at: When it started.
    """

    provider: str
    model: str
    model_type: ModelType
    ok: bool
    status: ValidationStatus
    error: str | None
    detail: str | None
    first_byte_ms: int | None
    total_ms: int
    checked_at: datetime

    def as_json(self) -> dict[str, Any]:
        """The ``modelhub check --json`` entry."""
        return {
            "provider": self.provider,
            "model": self.model,
            "type": self.model_type.value,
            "ok": self.ok,
            "firstByteMs": self.first_byte_ms,
            "totalMs": self.total_ms,
            "detail": self.detail,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What a provider adapter's health probe of one model measured.

    Attributes:
        ok: The model answered as its type should (first chunk of a stream, a vector,
            ordered scores, audio bytes of the declared format, a transcript).
        status: ``valid`` when ok; otherwise the classified failure (invalid key, no
            credit, rate limited, unreachable (timeouts included), bad response). A model
            that no longer exists is ``bad_response`` with the provider's words.
        message: When not ok: the classified error with the provider's words.
        detail: When ok: what the answer showed (``1536 dimensions`` ...), or None.
        first_byte_ms: Measured time to the first byte (streams: first chunk), or None.
        total_ms: Measured time until the probe ended.
    """

    ok: bool
    status: ValidationStatus
    message: str | None
    detail: str | None
    first_byte_ms: int | None
    total_ms: int


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """What a provider said about a config.

    Attributes:
        status: The classified outcome.
        message: One sentence for a person ("The key was rejected (HTTP 401).").
        hint: What to do next, or None.
        http_status: The HTTP status seen, if any.
        details: Non-secret facts the provider returned (balance, key label, limits).
        balance: The typed credit state when the check's answer told it (SiliconFlow,
            DeepSeek, OpenRouter); None when the provider's answer says nothing of it.
    """

    status: ValidationStatus
    message: str
    hint: str | None = None
    http_status: int | None = None
    details: Mapping[str, str] = field(default_factory=dict)
    balance: Balance | None = None

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
        choice_labels_zh: Simplified Chinese labels of the choices, as ``(value, label)``
            (a choice without one keeps its English label).
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
    choice_labels_zh: tuple[tuple[str, str], ...] = ()

    def localized_label(self, language: str = "en") -> str:
        """The label in ``language`` (``zh`` for Simplified Chinese), English otherwise."""
        return self.label_zh if language.startswith("zh") and self.label_zh else self.label

    def localized_choices(self, language: str = "en") -> tuple[tuple[str, str], ...]:
        """``choices`` with their labels in ``language`` where the description has them."""
        if not language.startswith("zh") or not self.choice_labels_zh:
            return self.choices
        zh = dict(self.choice_labels_zh)
        return tuple((value, zh.get(value, label)) for value, label in self.choices)

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
        probes: The health probe per model type (``{"llm": {"shape": "openai_chat", "path":
            "/chat/completions"}}``), as the description's ``[probes]`` table gives them;
            types it leaves out use the family's defaults.
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
    probes: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, hash=False)

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


class Capability(enum.StrEnum):
    """What a model can do beyond plain text in, text out (values are the stored names)."""

    VISION = "vision"
    TOOLS = "tools"
    REASONING = "reasoning"
    JSON = "json"
    AUDIO_IN = "audio_in"

    @property
    def label(self) -> str:
        """Human name, as the catalog shows it."""
        return _CAPABILITY_LABELS[self]

    @classmethod
    def parse(cls, value: str) -> Capability:
        """Return the capability for ``value`` (a stored name or a friendly alias).

        Raises:
            ValueError: ``value`` names no capability.
        """
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        key = _CAPABILITY_ALIASES.get(key, key)
        return cls(key)


_CAPABILITY_LABELS = {
    Capability.VISION: "Vision",
    Capability.TOOLS: "Tools",
    Capability.REASONING: "Reasoning",
    Capability.JSON: "Structured output",
    Capability.AUDIO_IN: "Audio input",
}
_CAPABILITY_ALIASES = {
    "image": "vision",
    "images": "vision",
    "image_in": "vision",
    "tool": "tools",
    "tool_use": "tools",
    "function_calling": "tools",
    "functions": "tools",
    "thinking": "reasoning",
    "structured_output": "json",
    "structured_outputs": "json",
    "json_mode": "json",
    "response_format": "json",
    "audio": "audio_in",
    "audio_input": "audio_in",
}


def capability_set(values: Any) -> frozenset[Capability]:
    """The capabilities named in ``values`` (an iterable of names); unknown names are
    ignored, so data written by a newer version still reads."""
    out: set[Capability] = set()
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        return frozenset()
    for value in values:
        if isinstance(value, Capability):
            out.add(value)
        elif isinstance(value, str):
            try:
                out.add(Capability.parse(value))
            except ValueError:
                continue
    return frozenset(out)


def sorted_capabilities(values: Any) -> tuple[Capability, ...]:
    """``values`` as capabilities in their canonical order."""
    chosen = capability_set(values)
    return tuple(c for c in Capability if c in chosen)


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """What a model costs, per million tokens, as the provider publishes it.

    Attributes:
        input: Price of a million input (prompt) tokens, or None when not published.
        output: Price of a million output (completion) tokens, or None.
        currency: ISO currency code (``USD``, ``CNY``).
    """

    input: float | None
    output: float | None
    currency: str = "USD"

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` form: ``{"input", "output", "currency", "unit": "1M tokens"}``."""
        return {
            "input": self.input,
            "output": self.output,
            "currency": self.currency,
            "unit": "1M tokens",
        }


#: Where a model's capability facts came from: the provider's own metadata, id rules
#: (a guess from the model id, used only where the provider says nothing), or the admin.
CAPABILITY_SOURCES = ("provider", "rules", "admin")


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
        capabilities: What the model can do, when known (see ``capability_source``).
        max_output_tokens: Most tokens one answer may have, when known.
        price: Price per million tokens, when the provider publishes it.
        capability_source: ``provider`` when the provider's metadata said so, ``rules``
            when guessed from the id, ``""`` when nothing is known.
    """

    id: str
    model_type: ModelType
    name: str = ""
    context_length: int | None = None
    pricing: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    capabilities: frozenset[Capability] = frozenset()
    max_output_tokens: int | None = None
    price: ModelPrice | None = None
    capability_source: str = ""

    @property
    def display_name(self) -> str:
        """``name`` or, when empty, the id."""
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """The last health check of a model, as listings show it."""

    ok: bool
    latency_ms: int | None
    at: datetime
    error: str | None = None


@dataclass(frozen=True, slots=True)
class CatalogModel:
    """A model in a workspace's catalog: what the provider listed, what the admin added by
    hand, and the admin's corrections on top.

    Attributes:
        enabled: Offered as a default (a disabled model stays listed but is never offered).
        custom: Added by hand (kept across refreshes, removable).
        capabilities: What the model can do (the admin's correction when there is one).
        max_output_tokens: Most tokens one answer may have, when known.
        price: Price per million tokens, when the provider publishes it.
        corrected: Names of the facts the admin corrected (``capabilities``,
            ``context_length``, ``max_output_tokens``).
        last_check: The model's last health check, when one ran.
        capability_source: ``provider``, ``rules``, ``admin`` or ``""`` (nothing known).
    """

    provider: str
    model: str
    model_type: ModelType
    name: str
    context_length: int | None
    pricing: Mapping[str, str]
    fetched_at: datetime
    enabled: bool = True
    custom: bool = False
    capabilities: tuple[Capability, ...] = ()
    max_output_tokens: int | None = None
    price: ModelPrice | None = None
    corrected: tuple[str, ...] = ()
    last_check: CheckSummary | None = None
    capability_source: str = ""


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
        balance: The last credit state the provider told, with when; None before any.
        balance_low: The balance is below the workspace's low-balance threshold.
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
    balance: Balance | None = None
    balance_low: bool = False

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
        unchecked: No model list of the provider was fetched yet (a database the platform
            wrote), so whether it still offers the model is not known: not a problem.
    """

    model_type: ModelType
    provider: str
    model: str
    problem: str | None = None
    unchecked: bool = False


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
