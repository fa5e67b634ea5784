"""The shape of a provider description, and its checks.

A provider description is a small TOML document (one per built-in provider in
``modelhub/providers/catalog/``; admins may add their own as presets in
``<data folder>/providers/``). It says everything about a provider that is not code: names in
English and Simplified Chinese, where keys are made, the credential form, how the key travels,
fixed headers, the model types offered, key shapes to mask in logs, and settings for its API
family's code (paths, typing rules). Example::

    name = "groq"
    family = "openai_compatible"
    label = "Groq"
    description = "Fast open models and Whisper transcription."
    model_types = ["llm", "speech_to_text"]
    auth = "bearer"

    [[fields]]
    preset = "api_key"            # the standard key field; any attribute may be overridden
    help = "Starts with gsk_."

    [[fields]]
    preset = "base_url"
    default = "https://api.groq.com/openai/v1"

    [options]                      # read by the family's code
    [[options.model_rules]]
    match = "^whisper"
    type = "speech_to_text"

    [probes]                       # the health probe per model type (see PROBE_SHAPES)
    llm = { shape = "openai_chat", path = "/chat/completions" }
    speech_to_text = { shape = "openai_transcription", path = "/audio/transcriptions" }

:func:`parse_manifest` turns the parsed document into a :class:`ProviderInfo`, or raises a
:class:`ManifestError` naming the file and the field that is wrong.
"""

from __future__ import annotations

import re
import tomllib
from typing import TYPE_CHECKING, Any

from modelhub.domain.errors import ModelHubError
from modelhub.domain.models import (
    AUTH_SCHEMES,
    FIELD_KINDS,
    PROVIDER_GROUPS,
    CredentialField,
    ModelType,
    ProviderInfo,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

#: A built-in or preset provider name: lowercase letters, digits and underscores.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: A config field name.
FIELD_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: An HTTP header name (RFC 9110 token).
HEADER_NAME_PATTERN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$")

_TOP_KEYS = {
    "name",
    "family",
    "label",
    "label_zh",
    "description",
    "description_zh",
    "website",
    "key_page",
    "icon",
    "group",
    "auth",
    "headers",
    "model_types",
    "key_patterns",
    "allow_private_http",
    "suggested_for",
    "fields",
    "options",
    "probes",
}
_FIELD_KEYS = {
    "preset",
    "name",
    "label",
    "label_zh",
    "kind",
    "secret",
    "required",
    "default",
    "choices",
    "help",
    "help_zh",
    "endpoint",
    "placeholder",
}

#: Health probe shapes (``modelhub/providers/probes.py``): the model type each one checks, and
#: the keys an entry of that shape may have besides ``shape``, ``path`` and ``query``.
PROBE_SHAPES: dict[str, tuple[ModelType, frozenset[str]]] = {
    "openai_chat": (ModelType.LLM, frozenset({"token_param"})),
    "anthropic_messages": (ModelType.LLM, frozenset()),
    "gemini_stream": (ModelType.LLM, frozenset()),
    "cohere_chat": (ModelType.LLM, frozenset()),
    "ollama_chat": (ModelType.LLM, frozenset()),
    "openai_embeddings": (ModelType.EMBEDDING, frozenset()),
    "gemini_embed": (ModelType.EMBEDDING, frozenset()),
    "cohere_embed": (ModelType.EMBEDDING, frozenset()),
    "ollama_embed": (ModelType.EMBEDDING, frozenset()),
    "rerank": (ModelType.RERANK, frozenset()),
    "openai_speech": (ModelType.TTS, frozenset({"voice", "format"})),
    "gemini_speech": (ModelType.TTS, frozenset({"voice"})),
    "openai_transcription": (ModelType.SPEECH_TO_TEXT, frozenset({"language"})),
}
#: How a chat probe caps its answer: ``max_tokens``, or ``max_completion_tokens`` (OpenAI,
#: whose reasoning models refuse ``max_tokens``).
PROBE_TOKEN_PARAMS = ("max_tokens", "max_completion_tokens")
#: Audio formats a TTS probe can ask for and recognise.
PROBE_AUDIO_FORMATS = ("mp3", "wav")
#: A probe path: ``/`` then URL path characters, with ``{model}`` where the model id goes.
PROBE_PATH_PATTERN = re.compile(r"^/(?:[A-Za-z0-9\-._~/:@!$&'()*+,;=%]|\{model\})*$")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_QUERY_NAME = re.compile(r"^[A-Za-z0-9\-._~]{1,40}$")

#: Field templates a description can start from with ``preset = "..."``.
FIELD_PRESETS: dict[str, dict[str, Any]] = {
    "api_key": {
        "name": "api_key",
        "label": "API key",
        "label_zh": "API 密钥",
        "kind": "secret",
        "secret": True,
        "required": True,
    },
    "base_url": {
        "name": "base_url",
        "label": "Base URL",
        "label_zh": "接口地址",
        "kind": "url",
        "endpoint": True,
        "help": "Leave empty for the provider's own API. Use https, or http only for localhost.",
        "help_zh": "留空则使用服务商的官方接口。请使用 https；http 仅限本机地址。",
    },
}


class ManifestError(ModelHubError):
    """A provider description is malformed; the message names the file and the field.

    Args:
        origin: The file (or other source) the description came from.
        where: The field path (``fields[1].kind``), or "" for the document as a whole.
        problem: What is wrong.
    """

    def __init__(self, origin: str, where: str, problem: str) -> None:
        at = f" (field {where})" if where else ""
        super().__init__(
            f"Provider description {origin}{at}: {problem}",
            "Fix or remove the file; the other providers are not affected.",
        )
        self.origin = origin
        self.where = where


def read_manifest(path: Path, *, source: str = "builtin") -> ProviderInfo:
    """Read and check one description file.

    Raises:
        ManifestError: The file cannot be read, is not TOML, or does not describe a provider.
    """
    origin = path.name if source == "builtin" else str(path)
    try:
        # utf-8-sig: a file saved by Windows Notepad starts with a byte-order mark.
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ManifestError(origin, "", f"cannot be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise ManifestError(origin, "", "is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(origin, "", f"is not valid TOML: {exc}.") from None
    return parse_manifest(data, origin=origin, source=source)


def parse_manifest(
    data: Mapping[str, Any], *, origin: str, source: str = "builtin"
) -> ProviderInfo:
    """Check a parsed description and build the provider's :class:`ProviderInfo`.

    Args:
        data: The parsed TOML document.
        origin: Where it came from, for messages.
        source: ``builtin`` or ``preset``.

    Raises:
        ManifestError: Any field is missing, unknown, of the wrong type or out of range.
    """
    check = _Checker(origin)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ManifestError(
            origin, unknown[0], f"unknown key; known keys: {', '.join(sorted(_TOP_KEYS))}."
        )
    name = check.text(data, "name", required=True)
    if not NAME_PATTERN.match(name):
        raise ManifestError(
            origin, "name", f"{name!r} must be lowercase letters, digits and underscores."
        )
    family = check.text(data, "family", required=True)
    label = check.text(data, "label", required=True)
    description = check.text(data, "description", required=True)
    group = check.text(data, "group") or "cloud"
    if group not in PROVIDER_GROUPS or group == "custom":
        raise ManifestError(origin, "group", f"must be 'cloud' or 'local', not {group!r}.")
    auth = check.text(data, "auth") or "bearer"
    if auth not in AUTH_SCHEMES:
        raise ManifestError(origin, "auth", f"must be one of {', '.join(AUTH_SCHEMES)}.")
    model_types = check.model_types(data, "model_types", required=True)
    suggested = check.model_types(data, "suggested_for")
    if not set(suggested) <= set(model_types):
        raise ManifestError(origin, "suggested_for", "names a type not in model_types.")
    headers = check.headers(data.get("headers", {}))
    patterns = tuple(check.text_list(data, "key_patterns"))
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ManifestError(
                origin, f"key_patterns[{i}]", f"not a regular expression ({exc})."
            ) from None
    fields = check.fields(data.get("fields"))
    if auth != "none" and not any(f.secret and f.kind == "secret" for f in fields):
        raise ManifestError(origin, "fields", f"auth is {auth!r} but no field is a secret.")
    if not any(f.endpoint for f in fields):
        raise ManifestError(
            origin, "fields", "no field is an endpoint (the base URL or region a key is sent to)."
        )
    options = data.get("options", {})
    if not isinstance(options, dict):
        raise ManifestError(origin, "options", "must be a table.")
    check.options(options)
    probes = check.probes(data.get("probes", {}), model_types, fields)
    allow_private = data.get("allow_private_http", False)
    if not isinstance(allow_private, bool):
        raise ManifestError(origin, "allow_private_http", "must be true or false.")
    icon = check.text(data, "icon")
    if icon and not NAME_PATTERN.match(icon):
        raise ManifestError(origin, "icon", "must be an icon name such as 'openai'.")
    return ProviderInfo(
        name=name,
        label=label,
        description=description,
        model_types=model_types,
        fields=fields,
        website=check.url(data, "website"),
        label_zh=check.text(data, "label_zh"),
        description_zh=check.text(data, "description_zh"),
        key_page=check.url(data, "key_page"),
        icon=icon,
        family=family,
        source=source,
        group=group,
        auth=auth,
        headers=headers,
        key_patterns=patterns,
        allow_private_http=allow_private,
        suggested_for=suggested,
        options=options,
        origin=origin,
        probes=probes,
    )


class _Checker:
    """Typed reads from a parsed description, raising :class:`ManifestError`."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str) -> ManifestError:
        return ManifestError(self.origin, where, problem)

    def text(
        self, data: Mapping[str, Any], key: str, *, required: bool = False, where: str = ""
    ) -> str:
        at = where or key
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(at, "is required.")
            return ""
        if not isinstance(value, str):
            raise self.fail(at, f"must be text, not {type(value).__name__}.")
        value = value.strip()
        if required and not value:
            raise self.fail(at, "must not be empty.")
        if any(ord(ch) < 32 for ch in value):
            raise self.fail(at, "must not contain control characters.")
        return value

    def url(self, data: Mapping[str, Any], key: str) -> str:
        value = self.text(data, key)
        if value and not value.startswith("https://"):
            raise self.fail(key, "must be an https:// address.")
        return value

    def text_list(self, data: Mapping[str, Any], key: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of text values.")
        return list(value)

    def model_types(
        self, data: Mapping[str, Any], key: str, *, required: bool = False
    ) -> tuple[ModelType, ...]:
        values = self.text_list(data, key)
        if required and not values:
            raise self.fail(key, "must list at least one model type.")
        out: list[ModelType] = []
        for i, value in enumerate(values):
            try:
                model_type = ModelType(value)
            except ValueError:
                allowed = ", ".join(t.value for t in ModelType)
                raise self.fail(f"{key}[{i}]", f"{value!r} is not one of {allowed}.") from None
            if model_type not in out:
                out.append(model_type)
        return tuple(out)

    def options(self, options: Mapping[str, Any]) -> None:
        """Check the options the family code reads as code: typing rules (regular
        expressions and types), the default type, the key check's request and statuses.

        A mistake there would otherwise only show when the provider is first used, as an
        error the family code does not expect.
        """
        rules = options.get("model_rules", [])
        if not isinstance(rules, list):
            raise self.fail("options.model_rules", "must be a list of tables.")
        for i, rule in enumerate(rules):
            at = f"options.model_rules[{i}]"
            if not isinstance(rule, dict):
                raise self.fail(at, "must be a table with match and/or field, and type.")
            match, field = rule.get("match"), rule.get("field")
            if match is None and field is None:
                raise self.fail(at, "needs match (a regular expression) or field.")
            if match is not None:
                if not isinstance(match, str) or not match:
                    raise self.fail(f"{at}.match", "must be a regular expression.")
                try:
                    re.compile(match)
                except re.error as exc:
                    raise self.fail(f"{at}.match", f"not a regular expression ({exc}).") from None
            if field is not None and (not isinstance(field, str) or not field):
                raise self.fail(f"{at}.field", "must be a dotted field path such as 'active'.")
            self._model_type_or_skip(rule.get("type"), f"{at}.type")
        if "default_type" in options:
            self._model_type_or_skip(options["default_type"], "options.default_type")
        statuses = options.get("no_credit_statuses", [])
        if not isinstance(statuses, list) or not all(
            isinstance(s, int) and not isinstance(s, bool) and 400 <= s <= 599 for s in statuses
        ):
            raise self.fail("options.no_credit_statuses", "must be a list of HTTP statuses.")
        check = options.get("validate")
        if check is not None:
            if not isinstance(check, dict):
                raise self.fail("options.validate", "must be a table with method and path.")
            method = check.get("method", "GET")
            if not isinstance(method, str) or method.upper() not in ("GET", "POST"):
                raise self.fail("options.validate.method", "must be GET or POST.")
            path = check.get("path", "/models")
            if not isinstance(path, str) or not path.startswith("/"):
                raise self.fail("options.validate.path", "must be a path starting with /.")

    def probes(
        self,
        value: Any,
        model_types: tuple[ModelType, ...],
        fields: tuple[CredentialField, ...],
    ) -> dict[str, dict[str, str]]:
        """Check the ``[probes]`` table: one entry per offered model type, each a known
        shape for that type with a path, and only the keys that shape reads.

        A query value may name a non-secret field in braces (``api-version={api_version}``);
        a secret never goes into a URL.
        """
        if not isinstance(value, dict):
            raise self.fail("probes", "must be a table of model types.")
        out: dict[str, dict[str, str]] = {}
        for type_name, entry in value.items():
            at = f"probes.{type_name}"
            try:
                model_type = ModelType(type_name)
            except ValueError:
                allowed = ", ".join(t.value for t in ModelType)
                raise self.fail(at, f"is not a model type; use one of {allowed}.") from None
            if model_type not in model_types:
                raise self.fail(at, f"{type_name} is not in model_types.")
            if not isinstance(entry, dict):
                raise self.fail(at, "must be a table such as { shape = ..., path = ... }.")
            shape = self.text(entry, "shape", required=True, where=f"{at}.shape")
            if shape not in PROBE_SHAPES:
                raise self.fail(f"{at}.shape", f"must be one of {', '.join(PROBE_SHAPES)}.")
            shape_type, extra_keys = PROBE_SHAPES[shape]
            if shape_type is not model_type:
                raise self.fail(
                    f"{at}.shape", f"{shape!r} checks {shape_type.value} models, not {type_name}."
                )
            unknown = sorted(set(entry) - {"shape", "path", "query"} - extra_keys)
            if unknown:
                known = ", ".join(sorted({"shape", "path", "query", *extra_keys}))
                raise self.fail(f"{at}.{unknown[0]}", f"unknown key for {shape!r}; known: {known}.")
            checked = {"shape": shape}
            path = self.text(entry, "path", required=True, where=f"{at}.path")
            if not PROBE_PATH_PATTERN.match(path) or "//" in path:
                raise self.fail(
                    f"{at}.path",
                    "must be a URL path starting with /, with {model} where the model id goes.",
                )
            checked["path"] = path
            for key in sorted(set(entry) - {"shape", "path"}):
                text = self.text(entry, key, required=True, where=f"{at}.{key}")
                checked[key] = text
            if "query" in checked:
                self._probe_query(checked["query"], fields, f"{at}.query")
            if checked.get("token_param", "max_tokens") not in PROBE_TOKEN_PARAMS:
                raise self.fail(f"{at}.token_param", f"must be {' or '.join(PROBE_TOKEN_PARAMS)}.")
            if checked.get("format", "mp3") not in PROBE_AUDIO_FORMATS:
                raise self.fail(f"{at}.format", f"must be {' or '.join(PROBE_AUDIO_FORMATS)}.")
            voice = checked.get("voice", "")
            if any(name != "model" for name in _PLACEHOLDER.findall(voice)):
                raise self.fail(f"{at}.voice", "may only use the {model} placeholder.")
            language = checked.get("language")
            if language is not None and not re.fullmatch(
                r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?", language
            ):
                raise self.fail(f"{at}.language", "must be a language code such as 'en'.")
            out[type_name] = checked
        return out

    def _probe_query(self, query: str, fields: tuple[CredentialField, ...], where: str) -> None:
        by_name = {f.name: f for f in fields}
        for pair in query.split("&"):
            name, sep, value = pair.partition("=")
            if not sep or not _QUERY_NAME.match(name):
                raise self.fail(where, "must be name=value pairs joined by &.")
            lowered = name.lower()
            if "key" in lowered or "token" in lowered or "secret" in lowered:
                raise self.fail(where, f"{name!r}: a key never travels in a URL.")
            for placeholder in _PLACEHOLDER.findall(value):
                spec = by_name.get(placeholder)
                if spec is None:
                    raise self.fail(where, f"{{{placeholder}}} names no field.")
                if spec.secret:
                    raise self.fail(
                        where, f"{{{placeholder}}} is a secret; it never goes in a URL."
                    )
            literal = _PLACEHOLDER.sub("", value)
            if any(ch in literal for ch in ' "#<>{}'):
                raise self.fail(where, f"the value of {name!r} is not plain text or {{field}}.")

    def _model_type_or_skip(self, value: Any, where: str) -> None:
        if value == "skip":
            return
        try:
            ModelType.parse(value if isinstance(value, str) else "")
        except ValueError:
            allowed = ", ".join(t.value for t in ModelType)
            raise self.fail(where, f"must be one of {allowed}, or skip.") from None

    def headers(self, value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            raise self.fail("headers", "must be a table of header names and values.")
        out = []
        for name, text in value.items():
            if not HEADER_NAME_PATTERN.match(name):
                raise self.fail(f"headers.{name}", "is not a valid HTTP header name.")
            if not isinstance(text, str) or not text.isprintable() or not text.isascii():
                raise self.fail(f"headers.{name}", "must be printable ASCII text.")
            out.append((name, text))
        return tuple(out)

    def fields(self, value: Any) -> tuple[CredentialField, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail("fields", "must be a non-empty list of [[fields]] tables.")
        out: list[CredentialField] = []
        for i, raw in enumerate(value):
            where = f"fields[{i}]"
            if not isinstance(raw, dict):
                raise self.fail(where, "must be a table.")
            unknown = sorted(set(raw) - _FIELD_KEYS)
            if unknown:
                raise self.fail(f"{where}.{unknown[0]}", "unknown key.")
            merged: dict[str, Any] = {}
            preset = raw.get("preset")
            if preset is not None:
                if preset not in FIELD_PRESETS:
                    raise self.fail(
                        f"{where}.preset", f"must be one of {', '.join(FIELD_PRESETS)}."
                    )
                merged.update(FIELD_PRESETS[preset])
            merged.update({k: v for k, v in raw.items() if k != "preset"})
            out.append(self._field(merged, where))
        names = [f.name for f in out]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            raise self.fail("fields", f"field {duplicate!r} appears twice.")
        return tuple(out)

    def _field(self, raw: Mapping[str, Any], where: str) -> CredentialField:
        name = self.text(raw, "name", required=True, where=f"{where}.name")
        if not FIELD_NAME_PATTERN.match(name):
            raise self.fail(f"{where}.name", "must be lowercase letters, digits and underscores.")
        kind = self.text(raw, "kind", where=f"{where}.kind") or "text"
        if kind not in FIELD_KINDS:
            raise self.fail(f"{where}.kind", f"must be one of {', '.join(sorted(FIELD_KINDS))}.")
        flags = {}
        for flag in ("secret", "required", "endpoint"):
            flag_value = raw.get(flag, False)
            if not isinstance(flag_value, bool):
                raise self.fail(f"{where}.{flag}", "must be true or false.")
            flags[flag] = flag_value
        if kind == "secret" and not flags["secret"]:
            raise self.fail(f"{where}.secret", "a field of kind 'secret' must be secret.")
        choices: list[tuple[str, str]] = []
        urls: list[tuple[str, str]] = []
        choices_zh: list[tuple[str, str]] = []
        raw_choices = raw.get("choices", [])
        if not isinstance(raw_choices, list):
            raise self.fail(f"{where}.choices", "must be a list of tables.")
        for j, choice in enumerate(raw_choices):
            at = f"{where}.choices[{j}]"
            if not isinstance(choice, dict) or set(choice) - {"value", "label", "label_zh", "url"}:
                raise self.fail(
                    at, "must be a table with value, label and optionally label_zh and url."
                )
            value = self.text(choice, "value", required=True, where=f"{at}.value")
            choices.append((value, self.text(choice, "label", where=f"{at}.label") or value))
            label_zh = self.text(choice, "label_zh", where=f"{at}.label_zh")
            if label_zh:
                choices_zh.append((value, label_zh))
            url = self.text(choice, "url", where=f"{at}.url")
            if url:
                urls.append((value, url))
        if kind == "choice" and not choices:
            raise self.fail(f"{where}.choices", "a choice field needs choices.")
        if kind != "choice" and choices:
            raise self.fail(f"{where}.choices", "only a field of kind 'choice' has choices.")
        default = self.text(raw, "default", where=f"{where}.default") or None
        if default is not None and choices and default not in {c for c, _ in choices}:
            raise self.fail(f"{where}.default", "is not one of the choices.")
        if (
            default is not None
            and kind == "url"
            and not default.startswith(("https://", "http://"))
        ):
            raise self.fail(f"{where}.default", "must be an http(s) URL.")
        return CredentialField(
            name=name,
            label=self.text(raw, "label", where=f"{where}.label") or name,
            secret=flags["secret"],
            required=flags["required"],
            default=default,
            choices=tuple(choices),
            help=self.text(raw, "help", where=f"{where}.help"),
            kind=kind,
            endpoint=flags["endpoint"],
            label_zh=self.text(raw, "label_zh", where=f"{where}.label_zh"),
            help_zh=self.text(raw, "help_zh", where=f"{where}.help_zh"),
            placeholder=self.text(raw, "placeholder", where=f"{where}.placeholder"),
            choice_urls=tuple(urls),
            choice_labels_zh=tuple(choices_zh),
        )
