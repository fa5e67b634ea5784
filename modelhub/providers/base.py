"""The seed's ``ModelProvider`` interface and the config rules every adapter shares.

An adapter is built on an injected :class:`httpx.AsyncClient` (one per application, so
connection pools are shared and tests can swap the transport). It never stores anything: it
turns a config mapping into HTTP calls and classified results.
"""

from __future__ import annotations

import ipaddress
import json
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from modelhub.domain.errors import InvalidInputError, ModelHubError
from modelhub.domain.models import (
    CredentialField,
    ModelDefinition,
    ProviderInfo,
    ValidationResult,
    ValidationStatus,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import httpx

    #: An HTTP client, or a function that returns the shared one when first needed.
    ClientSource = httpx.AsyncClient | Callable[[], httpx.AsyncClient]

#: Largest config JSON accepted, in bytes. Real configs are a few hundred bytes.
MAX_CONFIG_BYTES = 64 * 1024
#: Longest value of a single config field.
MAX_FIELD_CHARS = 4096


class ProviderCallError(ModelHubError):
    """A provider call failed; ``result`` classifies why.

    Args:
        result: The classified failure (status, message, hint).
    """

    def __init__(self, result: ValidationResult) -> None:
        super().__init__(result.message, result.hint)
        self.result = result


def api_key_field(help_text: str = "") -> CredentialField:
    """The API key field every provider has."""
    return CredentialField(
        name="api_key",
        label="API key",
        secret=True,
        required=True,
        kind="secret",
        help=help_text,
    )


def base_url_field(default: str) -> CredentialField:
    """The base URL field every provider has, defaulting to the provider's public API."""
    return CredentialField(
        name="base_url",
        label="Base URL",
        default=default,
        kind="url",
        help="Leave empty for the provider's own API. Use https, or http only for localhost.",
    )


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() in {"localhost", "localhost.localdomain"} or host.lower().endswith(
        ".localhost"
    ):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalize_base_url(value: str) -> str:
    """Check and normalise a base URL: scheme, host, no credentials, no trailing slash.

    Raises:
        InvalidInputError: The URL is malformed, not http(s), carries credentials, or uses
            plain http to a host that is not loopback (the key would travel unencrypted).
    """
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInputError(
            f"Base URL {url!r} is not a valid http(s) URL.",
            "Enter a full URL such as https://api.example.com/v1.",
        )
    if parts.username or parts.password:
        raise InvalidInputError(
            "Base URL must not contain a user name or password.",
            "Put the key in the API key field; it is sent in a header.",
        )
    if parts.query or parts.fragment:
        raise InvalidInputError(
            "Base URL must not contain a query string or fragment.",
            "Enter only scheme, host, port and path, such as https://api.example.com/v1.",
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise InvalidInputError(
            f"Plain http is only allowed for this computer (localhost); {parts.hostname} "
            "would receive your key unencrypted.",
            "Use an https:// URL.",
        )
    try:
        _ = parts.port
    except ValueError as exc:
        raise InvalidInputError(f"Base URL {url!r} has an invalid port.") from exc
    return url.rstrip("/")


def parse_config_json(text: str | bytes) -> dict[str, Any]:
    """Parse a config document as a person might paste it.

    Raises:
        InvalidInputError: Too large, not JSON, or not a JSON object.
    """
    size = len(text.encode() if isinstance(text, str) else text)
    if size > MAX_CONFIG_BYTES:
        raise InvalidInputError(
            f"The config is {size:,} bytes; at most {MAX_CONFIG_BYTES:,} are accepted.",
            'A config is a small object such as {"api_key": "...", "base_url": "..."}.',
        )
    try:
        value = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"The config is not valid JSON (line {getattr(exc, 'lineno', '?')}).",
            'Expected an object such as {"api_key": "..."}.',
        ) from None
    if not isinstance(value, dict):
        raise InvalidInputError(
            f"The config must be a JSON object, not {type(value).__name__}.",
            'Expected an object such as {"api_key": "..."}.',
        )
    return value


class ModelProvider(ABC):
    """A model provider: checks a config and lists the models it can use (seed §6.3).

    Subclasses set :attr:`info` and implement :meth:`validate` and :meth:`list_models`.

    Args:
        client: The shared HTTP client, or a function returning it (so the HTTP stack is
            loaded with the first request, not at start-up). Adapters must not follow
            redirects with a key and must cap response bodies; see ``modelhub.providers.http``.
    """

    info: ClassVar[ProviderInfo]

    def __init__(self, client: ClientSource) -> None:
        self._client_source = client

    @property
    def _client(self) -> httpx.AsyncClient:
        """The shared client (made on first use when the factory was given a function)."""
        source = self._client_source
        return source() if callable(source) else source

    @property
    def name(self) -> str:
        """The provider's stored name (``openai`` ...)."""
        return self.info.name

    @abstractmethod
    async def validate(self, config: Mapping[str, str]) -> ValidationResult:
        """Check ``config`` against the provider with its cheapest correct call.

        Never raises for provider or network trouble: every outcome is a classified result.
        """

    @abstractmethod
    async def list_models(self, config: Mapping[str, str]) -> list[ModelDefinition]:
        """List the models ``config`` can use, typed into the seed's five types.

        Models of no supported type (image, moderation ...) are left out.

        Raises:
            ProviderCallError: The provider could not be asked or gave a bad answer.
        """

    def normalize_config(self, raw: Mapping[str, Any]) -> dict[str, str]:
        """Check a config against this provider's credential schema.

        Strips whitespace, drops empty optional fields, normalises URLs, and rejects
        unknown fields, non-string values, over-long values and bad choices. Does not
        require secrets: the caller decides whether an empty key means "keep the stored one".

        Raises:
            InvalidInputError: Any field is wrong; the message names it.
        """
        fields = {f.name: f for f in self.info.fields}
        unknown = sorted(set(raw) - set(fields))
        if unknown:
            raise InvalidInputError(
                f"Unknown config field(s) for {self.info.label}: {', '.join(unknown)}.",
                f"Allowed fields: {', '.join(fields)}.",
            )
        out: dict[str, str] = {}
        for name, value in raw.items():
            spec = fields[name]
            if value is None:
                continue
            if not isinstance(value, str):
                raise InvalidInputError(
                    f"Config field {name!r} must be a string, not {type(value).__name__}."
                )
            text = value.strip()
            if len(text) > MAX_FIELD_CHARS:
                raise InvalidInputError(
                    f"Config field {name!r} is {len(text):,} characters long; "
                    f"at most {MAX_FIELD_CHARS:,} are accepted."
                )
            if not text:
                continue
            if spec.secret and any(ch.isspace() or ord(ch) < 32 for ch in text):
                raise InvalidInputError(
                    f"{spec.label} contains spaces or control characters.",
                    "Paste the key again without line breaks or spaces.",
                )
            if spec.kind == "url":
                text = normalize_base_url(text)
            if spec.choices and text not in {c for c, _ in spec.choices}:
                allowed = ", ".join(c for c, _ in spec.choices)
                raise InvalidInputError(f"{spec.label} must be one of: {allowed}.", None)
            out[name] = text
        return out

    def setting(self, config: Mapping[str, str], name: str) -> str | None:
        """The value of ``name`` in ``config``, or the schema default."""
        value = config.get(name)
        if value:
            return value
        spec = self.info.field(name)
        return spec.default if spec else None

    def require_key(self, config: Mapping[str, str]) -> str:
        """The API key, refusing to go on without a usable one (fail closed).

        Raises:
            ProviderCallError: The key is missing or empty; nothing is sent.
        """
        key = config.get("api_key")
        if not isinstance(key, str) or not key.strip():
            raise ProviderCallError(
                ValidationResult(
                    ValidationStatus.INVALID_CREDENTIALS,
                    "No API key was given.",
                    "Enter the provider's API key.",
                )
            )
        return key.strip()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} provider={self.info.name!r}>"
