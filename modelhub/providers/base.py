"""The seed's ``ModelProvider`` interface and the config rules every adapter shares.

An adapter is built on an injected :class:`httpx.AsyncClient` (one per application, so
connection pools are shared and tests can swap the transport). It never stores anything: it
turns a config mapping into HTTP calls and classified results.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import re
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from modelhub.domain.errors import InvalidInputError, ModelHubError
from modelhub.domain.models import (
    CredentialField,
    ModelDefinition,
    ModelType,
    ProbeResult,
    ProviderInfo,
    ValidationResult,
    ValidationStatus,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import httpx

    from modelhub.providers.http import Reply

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


#: Host name suffixes that only resolve inside a private network (mDNS, home routers).
_PRIVATE_SUFFIXES = (".local", ".lan", ".internal", ".home.arpa", ".localdomain")


def is_private_host(host: str) -> bool:
    """True for this computer and private-network addresses.

    Private means an IP literal in a private or link-local range (10/8, 172.16/12,
    192.168/16, 169.254/16, fc00::/7, fe80::/10), a host name without dots (``gpu-box``) or
    one ending in ``.local``, ``.lan``, ``.internal`` or ``.home.arpa``.
    """
    if is_loopback_host(host):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        lowered = host.lower().rstrip(".")
        return "." not in lowered or lowered.endswith(_PRIVATE_SUFFIXES)
    return address.is_private or address.is_link_local


def normalize_base_url(value: str, *, allow_private_http: bool = False) -> str:
    """Check and normalise a base URL: scheme, host, no credentials, no trailing slash.

    Args:
        value: The URL as typed.
        allow_private_http: Also allow plain http to private-network hosts (local servers
            such as Ollama, LM Studio and vLLM); otherwise only to this computer.

    Raises:
        InvalidInputError: The URL is malformed, not http(s), carries credentials, or uses
            plain http to a host that is not allowed (the key would travel unencrypted).
    """
    url = value.strip()
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # "https://[::1", "http://[garbage]/v1"
        raise InvalidInputError(
            f"Base URL {shorten_text(url)!r} is not a valid URL (its host cannot be read).",
            "Enter a full URL such as https://api.example.com/v1 (IPv6 hosts as "
            "https://[2001:db8::1]:8443/v1).",
        ) from None
    if parts.scheme not in ("http", "https") or not hostname:
        raise InvalidInputError(
            f"Base URL {shorten_text(url)!r} is not a valid http(s) URL.",
            "Enter a full URL such as https://api.example.com/v1.",
        )
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise InvalidInputError(
            "Base URL must not contain spaces, line breaks or control characters.",
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
    if parts.scheme == "http":
        if allow_private_http and not is_private_host(hostname):
            raise InvalidInputError(
                f"Plain http is only allowed for this computer or your private network; "
                f"{hostname} would receive your requests unencrypted.",
                "Use an https:// URL, or the server's private address (such as "
                "http://192.168.1.20:11434).",
            )
        if not allow_private_http and not is_loopback_host(hostname):
            raise InvalidInputError(
                f"Plain http is only allowed for this computer (localhost); {hostname} "
                "would receive your key unencrypted.",
                "Use an https:// URL.",
            )
    try:
        _ = parts.port
    except ValueError as exc:
        raise InvalidInputError(f"Base URL {url!r} has an invalid port.") from exc
    import httpx  # the HTTP stack loads with the first URL typed, not at start-up

    try:
        httpx.URL(url)  # the host as the request will encode it (IDNA), the path as sent
    except httpx.InvalidURL:
        raise InvalidInputError(
            f"Base URL {shorten_text(url)!r} has a host name that cannot be used "
            "(a character no host name may hold).",
            "Check the host part, such as api.example.com.",
        ) from None
    return url.rstrip("/")


def parse_config_json(text: str | bytes) -> dict[str, Any]:
    """Parse a config document as a person might paste it.

    Raises:
        InvalidInputError: Too large, not JSON, or not a JSON object.
    """
    if isinstance(text, str):
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:  # bytes that were not UTF-8, read with surrogateescape
            raise InvalidInputError(
                "The config is not valid UTF-8 text.",
                "Save the JSON as UTF-8 and pass it again.",
            ) from None
    else:
        raw = text
    size = len(raw)
    if size > MAX_CONFIG_BYTES:
        raise InvalidInputError(
            f"The config is {size:,} bytes; at most {MAX_CONFIG_BYTES:,} are accepted.",
            'A config is a small object such as {"api_key": "...", "base_url": "..."}.',
        )
    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        raise InvalidInputError(
            "The config is not valid UTF-8 text.", "Save the JSON as UTF-8 and pass it again."
        ) from None
    except RecursionError:
        raise InvalidInputError(
            "The config is nested too deeply to be a provider config.",
            'Expected a flat object such as {"api_key": "..."}.',
        ) from None
    except ValueError as exc:
        raise InvalidInputError(
            f"The config is not valid JSON (line {getattr(exc, 'lineno', '?')}).",
            'Expected an object such as {"api_key": "..."}.',
        ) from None
    if not isinstance(value, dict):
        raise InvalidInputError(
            f"The config must be a JSON object, not {type(value).__name__}.",
            'Expected an object such as {"api_key": "..."}.',
        )
    if not _plain_text(value):
        raise InvalidInputError(
            "The config holds text that is not valid Unicode (a lone surrogate escape).",
            "Remove the \\ud800-style escapes and pass it again.",
        )
    return value


def _plain_text(value: Any, depth: int = 0) -> bool:
    """True when every string in ``value`` (keys included) can be written as UTF-8."""
    if depth > 32:
        return False
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(
            _plain_text(k, depth + 1) and _plain_text(v, depth + 1) for k, v in value.items()
        )
    if isinstance(value, list):
        return all(_plain_text(v, depth + 1) for v in value)
    return True


class ModelProvider(ABC):
    """A model provider: checks a config and lists the models it can use (seed §6.3).

    One subclass per API family; what a particular provider is (its fields, auth scheme,
    default address, fixed headers, typing rules) comes from its :class:`ProviderInfo`, read
    from its description. Subclasses implement :meth:`validate` and :meth:`list_models`.

    Args:
        client: The shared HTTP client, or a function returning it (so the HTTP stack is
            loaded with the first request, not at start-up). Adapters must not follow
            redirects with a key and must cap response bodies; see ``modelhub.providers.http``.
        info: The provider's description; defaults to the built-in one named
            :attr:`builtin_name` (the seed's four special cases).
    """

    #: The built-in description a family class stands for when built without one.
    builtin_name: ClassVar[str] = ""
    #: A trailing path people paste from other docs (``/v1``) that the family's own paths
    #: already carry; :meth:`api_root` removes it before a path is appended.
    root_suffix: ClassVar[re.Pattern[str] | None] = None
    #: The hint when the server cannot be reached at all (a local server: how to start it);
    #: None keeps the generic network hint.
    unreachable_hint: ClassVar[str | None] = None

    def __init__(self, client: ClientSource, info: ProviderInfo | None = None) -> None:
        self._client_source = client
        if info is None:
            if not self.builtin_name:
                raise TypeError(f"{type(self).__name__} needs a provider description")
            from modelhub.providers.registry import builtin_info

            info = builtin_info(self.builtin_name)
        self.info: ProviderInfo = info

    @property
    def _client(self) -> httpx.AsyncClient:
        """The shared client (made on first use when the factory was given a function)."""
        source = self._client_source
        return source() if callable(source) else source

    @property
    def name(self) -> str:
        """The provider's stored name (``openai`` ...)."""
        return self.info.name

    @property
    def label(self) -> str:
        """The provider's display name, for messages."""
        return self.info.label

    @abstractmethod
    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check ``config`` against the provider with its cheapest correct call.

        Never raises for provider or network trouble: every outcome is a classified result.
        """

    @abstractmethod
    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """List the models ``config`` can use, typed into the seed's five types.

        Models of no supported type (image, moderation ...) are left out.

        Raises:
            ProviderCallError: The provider could not be asked or gave a bad answer.
        """

    async def probe(
        self,
        config: Mapping[str, Any],
        model: str,
        model_type: ModelType,
        *,
        timeout: float = 30.0,
        voice: str | None = None,
    ) -> ProbeResult:
        """Check one model with one real, minimal request of its type (it costs a token or
        two): a streamed one-token chat, one short embedding, two documents to rerank, a few
        spoken words, a one-second tone to transcribe.

        Which request is sent is data: the description's ``[probes]`` entry for the type,
        else the family's default (``modelhub.providers.probes``). Never raises for provider
        or network trouble: every outcome is a classified result, a type without a probe
        included (``ok`` False, saying so).

        Args:
            config: The provider's config.
            model: The model id (an Azure deployment name).
            model_type: The type to check it as; decides the request.
            timeout: Deadline in seconds for the whole probe; past it the result is
                ``UNREACHABLE`` ("... did not answer within 30 s.").
            voice: The voice for a TTS probe (a model's listed voice); default: the
                description's, else ``alloy``.

        Returns:
            What was measured: ``first_byte_ms`` to the first answer byte (streams: the
            first event), ``total_ms`` to the end, both with :func:`time.perf_counter`.
        """
        from modelhub.providers.probes import run_probe

        return await run_probe(self, config, model, model_type, timeout=timeout, voice=voice)

    # -- the config, as the description says ------------------------------------------------

    def normalize_config(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Check a config against this provider's credential schema.

        Strips whitespace, drops empty optional fields, normalises URLs, headers, model
        types and hand-typed models, and rejects unknown fields, wrong value types, over-long
        values and bad choices. Does not require anything: the caller decides whether an
        empty secret means "keep the stored one" (see :meth:`missing_required`).

        Raises:
            InvalidInputError: Any field is wrong; the error's ``field`` names it.
        """
        fields = {f.name: f for f in self.info.fields}
        unknown = sorted(set(raw) - set(fields))
        if unknown:
            raise InvalidInputError(
                f"Unknown config field(s) for {self.info.label}: {', '.join(map(str, unknown))}.",
                f"Allowed fields: {', '.join(fields)}.",
                field=str(unknown[0]),
            )
        out: dict[str, Any] = {}
        for name, value in raw.items():
            spec = fields[name]
            if value is None:
                continue
            try:
                checked = self._normalize_value(spec, value)
            except InvalidInputError as exc:
                if exc.field is None:
                    exc.field = name
                raise
            if checked:
                out[name] = checked
        return out

    def _normalize_value(self, spec: CredentialField, value: Any) -> Any:
        if spec.kind == "headers":
            return normalize_headers(spec, value)
        if spec.kind == "types":
            return normalize_types(spec, value)
        if spec.kind == "models":
            return normalize_model_entries(spec, value)
        if not isinstance(value, str):
            raise InvalidInputError(f"{spec.label} must be text, not {type(value).__name__}.")
        text = value.strip()
        if len(text) > MAX_FIELD_CHARS:
            raise InvalidInputError(
                f"{spec.label} is {len(text):,} characters long; "
                f"at most {MAX_FIELD_CHARS:,} are accepted."
            )
        if not text:
            return ""
        if spec.secret and any(ch.isspace() or ord(ch) < 32 for ch in text):
            raise InvalidInputError(
                f"{spec.label} contains spaces or control characters.",
                "Paste the key again without line breaks or spaces.",
            )
        if not spec.secret and any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
            raise InvalidInputError(f"{spec.label} contains control characters.")
        if spec.kind == "url":
            text = normalize_base_url(text, allow_private_http=self.info.allow_private_http)
        if spec.choices and text not in {c for c, _ in spec.choices}:
            allowed = ", ".join(c for c, _ in spec.choices)
            raise InvalidInputError(f"{spec.label} must be one of: {allowed}.", None)
        return text

    def missing_required(self, config: Mapping[str, Any]) -> CredentialField | None:
        """The first required field that ``config`` leaves empty, or None."""
        for spec in self.info.fields:
            if spec.required and not config.get(spec.name) and not spec.default:
                return spec
        return None

    def setting(self, config: Mapping[str, Any], name: str) -> str | None:
        """The text value of ``name`` in ``config``, or the schema default."""
        value = config.get(name)
        if isinstance(value, str) and value:
            return value
        spec = self.info.field(name)
        return spec.default if spec else None

    def endpoint(self, config: Mapping[str, Any]) -> tuple[str | None, ...]:
        """Where this config sends its secrets: the value of every endpoint field (or its
        default). Two configs with equal endpoints talk to the same address."""
        return tuple(self.setting(config, name) for name in self.info.endpoint_fields)

    def base_url(self, config: Mapping[str, Any]) -> str:
        """The address to call: a typed URL endpoint field, else the chosen region's URL,
        else the description's default, checked before any key is sent to it.

        Raises:
            ProviderCallError: No usable address (nothing is sent).
        """
        from modelhub.providers.http import checked_base_url

        endpoint_fields = [f for f in self.info.fields if f.endpoint]
        for spec in endpoint_fields:
            value = config.get(spec.name)
            if spec.kind == "url" and isinstance(value, str) and value:
                return checked_base_url(
                    value, self.info.label, allow_private_http=self.info.allow_private_http
                )
        for spec in endpoint_fields:
            if spec.choice_urls:
                chosen = self.setting(config, spec.name)
                url = dict(spec.choice_urls).get(chosen or "")
                if url:
                    return url.rstrip("/")
        for spec in endpoint_fields:
            if spec.kind == "url" and spec.default:
                return spec.default.rstrip("/")
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.UNREACHABLE,
                f"{self.info.label} was not contacted: no address is set.",
                "Enter the base URL in the provider settings.",
            )
        )

    def api_root(self, config: Mapping[str, Any]) -> str:
        """:meth:`base_url` without the family's :attr:`root_suffix`.

        Raises:
            ProviderCallError: No usable address (nothing is sent).
        """
        base = self.base_url(config)
        return self.root_suffix.sub("", base) if self.root_suffix is not None else base

    async def call(
        self,
        config: Mapping[str, Any],
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        max_bytes: int | None = None,
    ) -> Reply:
        """One request to ``api_root + path`` with the description's auth and headers,
        through :func:`modelhub.providers.http.request_json` (capped, no redirects, classified
        network errors).

        Raises:
            ProviderCallError: No usable key or address (nothing is sent), or the request
                failed; an unreachable server gets :attr:`unreachable_hint` when set.
        """
        from modelhub.providers.http import MAX_CHECK_BYTES, request_json

        headers = self.auth_headers(config)
        url = f"{self.api_root(config)}{path}"
        try:
            return await request_json(
                self._client,
                method,
                url,
                headers=headers,
                params=params,
                json_body=json_body,
                max_bytes=max_bytes or MAX_CHECK_BYTES,
                provider_label=self.label,
            )
        except ProviderCallError as exc:
            result = exc.result
            unreachable = result.status is ValidationStatus.UNREACHABLE
            if self.unreachable_hint and unreachable and result.http_status is None:
                raise ProviderCallError(
                    dataclasses.replace(result, hint=self.unreachable_hint)
                ) from None
            raise

    def has_key(self, config: Mapping[str, Any]) -> bool:
        """True when ``config`` carries a non-empty main secret."""
        spec = self.info.key_field
        value = config.get(spec.name) if spec else None
        return isinstance(value, str) and bool(value.strip())

    def require_key(self, config: Mapping[str, Any]) -> str:
        """The main secret, refusing to go on without a usable one (fail closed).

        Raises:
            ProviderCallError: The key is missing or empty; nothing is sent.
        """
        spec = self.info.key_field
        key = config.get(spec.name) if spec else None
        if not isinstance(key, str) or not key.strip():
            label = spec.label if spec else "API key"
            raise ProviderCallError(
                ValidationResult(
                    ValidationStatus.INVALID_CREDENTIALS,
                    f"No {label} was given.",
                    f"Enter the {self.info.label} {label}.",
                )
            )
        return key.strip()

    def auth_headers(self, config: Mapping[str, Any]) -> dict[str, str]:
        """The headers every request carries: the key as the description's ``auth`` says
        (only when set, for an optional key), then the fixed and configured extra headers.

        Raises:
            ProviderCallError: A required key is missing, or a value cannot travel as a
                header; nothing is sent.
        """
        headers: dict[str, str] = dict(self.info.headers)
        key_spec = self.info.key_field
        sends_key = key_spec is not None and (key_spec.required or self.has_key(config))
        if self.info.auth != "none" and key_spec is not None and sends_key:
            key = self.require_key(config)
            _check_header_value(self.info.label, key_spec.label, key)
            if self.info.auth == "bearer":
                headers["Authorization"] = f"Bearer {key}"
            else:
                headers[self.info.auth] = key
        for spec in self.info.fields:
            extra = config.get(spec.name) if spec.kind == "headers" else None
            if isinstance(extra, dict):
                for name, value in extra.items():
                    _check_header_value(self.info.label, name, str(value))
                    headers[str(name)] = str(value)
        return headers

    def __repr__(self) -> str:
        return f"<{type(self).__name__} provider={self.info.name!r}>"


def _check_header_value(provider_label: str, what: str, value: str) -> None:
    if not value.isascii() or not value.isprintable():
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.UNREACHABLE,
                f"{provider_label} was not contacted: {what} may only contain plain ASCII "
                "letters, digits and punctuation.",
                "It is sent as an HTTP header, which cannot carry other characters.",
            )
        )


#: Most extra headers a config may carry.
MAX_HEADERS = 20
#: Most hand-typed models a config may carry.
MAX_MODEL_ENTRIES = 500
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$")
_RESERVED_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}


def normalize_headers(spec: CredentialField, value: Any) -> dict[str, str]:
    """Extra headers as ``{name: value}``, from a JSON object or ``Name: value`` lines.

    Raises:
        InvalidInputError: A name or value cannot travel as an HTTP header.
    """
    pairs: list[tuple[str, Any]]
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, str):
        pairs = []
        for line in value.splitlines():
            if not line.strip():
                continue
            name, sep, text = line.partition(":")
            if not sep:
                raise InvalidInputError(
                    f"{spec.label}: {shorten_text(line)!r} is not 'Name: value'.",
                    "Write one header per line, such as X-Team: research.",
                )
            pairs.append((name.strip(), text.strip()))
    else:
        raise InvalidInputError(f"{spec.label} must be an object of header names and values.")
    if len(pairs) > MAX_HEADERS:
        raise InvalidInputError(f"{spec.label}: at most {MAX_HEADERS} headers are accepted.")
    out: dict[str, str] = {}
    for name, text in pairs:
        if not isinstance(name, str) or not _HEADER_NAME.match(name):
            raise InvalidInputError(
                f"{spec.label}: {shorten_text(str(name))!r} is not a valid header name.",
                "Header names are letters, digits and dashes, such as X-Team.",
            )
        if name.lower() in _RESERVED_HEADERS:
            raise InvalidInputError(f"{spec.label}: {name} is set by ModelHub itself.")
        if not isinstance(text, str):
            raise InvalidInputError(f"{spec.label}: the value of {name} must be text.")
        text = text.strip()
        if not text.isascii() or not text.isprintable() or len(text) > MAX_FIELD_CHARS:
            raise InvalidInputError(
                f"{spec.label}: the value of {name} must be printable ASCII text.",
                "HTTP headers cannot carry other characters.",
            )
        out[name] = text
    return out


def normalize_types(spec: CredentialField, value: Any) -> list[str]:
    """Model types as their stored values, in the canonical order.

    Raises:
        InvalidInputError: A value names no model type.
    """
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInputError(f"{spec.label} must be a list of model types.")
    chosen: set[ModelType] = set()
    for item in items:
        if not isinstance(item, str):
            raise InvalidInputError(f"{spec.label} must be a list of model types.")
        if not item.strip():
            continue
        try:
            chosen.add(ModelType.parse(item))
        except ValueError:
            allowed = ", ".join(t.value for t in ModelType)
            raise InvalidInputError(
                f"{spec.label}: {shorten_text(item)!r} is not a model type.",
                f"Use one of: {allowed}.",
            ) from None
    return [t.value for t in ModelType if t in chosen]


def normalize_model_entries(spec: CredentialField, value: Any) -> list[dict[str, str]]:
    """Hand-typed models as ``[{"id", "type"}]``, from a list or ``id = type`` lines.

    An entry without a type is an LLM.

    Raises:
        InvalidInputError: An entry is malformed or names no model type.
    """
    items: list[Any]
    if isinstance(value, str):
        items = [line for line in value.splitlines() if line.strip()]
    elif isinstance(value, list):
        items = value
    else:
        raise InvalidInputError(f"{spec.label} must be a list of models.")
    if len(items) > MAX_MODEL_ENTRIES:
        raise InvalidInputError(f"{spec.label}: at most {MAX_MODEL_ENTRIES} are accepted.")
    out: dict[str, dict[str, str]] = {}
    for item in items:
        if isinstance(item, str):
            model_id, _, type_text = item.partition("=")
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            model_id, type_text = item["id"], str(item.get("type") or "")
        else:
            raise InvalidInputError(
                f"{spec.label}: each model is 'id' or 'id = type', or {{\"id\", \"type\"}}."
            )
        model_id, type_text = model_id.strip(), type_text.strip()
        if not model_id or len(model_id) > 256 or not model_id.isprintable():
            raise InvalidInputError(f"{spec.label}: {shorten_text(model_id)!r} is not a model id.")
        try:
            model_type = ModelType.parse(type_text) if type_text else ModelType.LLM
        except ValueError:
            allowed = ", ".join(t.value for t in ModelType)
            raise InvalidInputError(
                f"{spec.label}: {shorten_text(type_text)!r} (for {model_id}) is not a model type.",
                f"Use one of: {allowed}.",
            ) from None
        out[model_id] = {"id": model_id, "type": model_type.value}
    return list(out.values())


def shorten_text(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
