"""The LM Studio family (local, ``http://localhost:1234``): a reachability check and typed
model list on LM Studio's native REST API.

Facts relied on (reference/PROVIDERS-MORE.md §8 and §16; lmstudio-ai/docs as quoted there; no
machine-readable spec exists):

* [C] LM Studio serves an OpenAI-compatible API under ``/v1``, the native REST API v0 under
  ``/api/v0`` (0.3.6+) and the native v1 under ``/api/v1`` (0.4.0+). Only the native APIs say
  what type a model is; ``/v1/models`` does not (§16.4).
* [C] Auth is off by default; 0.4.0+ can require API tokens, sent as ``Authorization: Bearer``.
  So the key is optional and sent only when set; with tokens off any key is accepted, so a
  successful check means "reachable", not "key valid" (§8.1, §16.2). A 401/403 means tokens
  are on and the token is missing or wrong.
* [C] ``GET /api/v0/models`` -> ``{object: "list", data: [{id, object: "model", type:
  "llm"|"vlm"|"embeddings", publisher, arch, compatibility_type, quantization, state,
  max_context_length}]}``: ``llm`` and ``vlm`` are LLMs (``vlm`` adds ``vision``),
  ``embeddings`` is an embedding model; other types are not offered.
* [C] ``GET /api/v1/models`` -> ``{models: [{type: "llm"|"embedding", publisher, key,
  display_name, architecture?, quantization, size_bytes, params_string, loaded_instances,
  max_context_length, format, capabilities?: {vision, trained_for_tool_use}, description?}]}``;
  ``key`` is the model id. It is asked when ``/api/v0/models`` answers 404 (a server without
  the v0 API). [O] No reasoning flag exists yet (lmstudio-bug-tracker#1659).
* Typed fields: v0 ``type`` says vision (``vlm``) or not (``llm``); a v0 ``capabilities``
  list, when a server sends one, says tools (``tool_use``); v1 ``capabilities`` says vision and
  tools (``trained_for_tool_use``); ``max_context_length`` is the context. What is not said
  (reasoning, and tools on servers without the list) comes from the id rules.
* [I] People paste the OpenAI-compatible address (``.../v1``); a trailing ``/v1`` is dropped
  from the base URL, since the native paths carry ``/api/...`` themselves.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from modelhub.domain.models import (
    Capability,
    ModelDefinition,
    ModelType,
    ValidationResult,
    ValidationStatus,
)
from modelhub.providers.base import ModelProvider, ProviderCallError
from modelhub.providers.capabilities import ModelFacts, complete
from modelhub.providers.http import (
    MAX_LIST_BYTES,
    Reply,
    bad_shape_result,
    unexpected_status_result,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

V0_MODELS = "/api/v0/models"
V1_MODELS = "/api/v1/models"

_V0_TYPES = {"llm": ModelType.LLM, "vlm": ModelType.LLM, "embeddings": ModelType.EMBEDDING}
_V1_TYPES = {"llm": ModelType.LLM, "embedding": ModelType.EMBEDDING}


class LMStudioProvider(ModelProvider):
    """A local (or private-network) LM Studio server; the API token is optional."""

    builtin_name = "lmstudio"
    #: People paste the OpenAI-compatible address (``.../v1``).
    root_suffix = re.compile(r"/v1$")
    unreachable_hint = (
        "Start LM Studio's server (Developer tab, or 'lms server start') and check the "
        "address and port (1234 by default). For another computer, enable 'Serve on Local "
        "Network' in LM Studio."
    )

    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check that LM Studio answers its model list (and accepts the token, when set)."""
        label = self.info.label
        try:
            reply, models = await self._models(config)
        except ProviderCallError as exc:
            return exc.result
        token = " and accepted the API token" if self.has_key(config) else ""
        return ValidationResult(
            ValidationStatus.VALID,
            f"{label} is running at {reply.host}{token} ({len(models)} models).",
            None,
            http_status=reply.status_code,
            details={"models": str(len(models))},
        )

    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """List the native model list, typed by each entry's ``type``.

        Raises:
            ProviderCallError: The server could not be asked or gave a bad answer.
        """
        _, models = await self._models(config)
        return models

    async def _models(self, config: Mapping[str, Any]) -> tuple[Reply, list[ModelDefinition]]:
        """``/api/v0/models``, or ``/api/v1/models`` when v0 is missing, typed."""
        label = self.info.label
        reply = await self._get(config, V0_MODELS)
        if reply.status_code == 404:
            reply = await self._get(config, V1_MODELS)
            if not reply.ok:
                raise ProviderCallError(self._classify_failure(reply, config))
            body = reply.data
            if not isinstance(body, dict) or not isinstance(body.get("models"), list):
                raise ProviderCallError(bad_shape_result(label, reply.status_code, "a model list"))
            return reply, _unique(_v1_definition(item) for item in body["models"])
        if not reply.ok:
            raise ProviderCallError(self._classify_failure(reply, config))
        body = reply.data
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise ProviderCallError(bad_shape_result(label, reply.status_code, "a model list"))
        return reply, _unique(_v0_definition(item) for item in body["data"])

    async def _get(self, config: Mapping[str, Any], path: str) -> Reply:
        return await self.call(config, "GET", path, max_bytes=MAX_LIST_BYTES)

    def _classify_failure(self, reply: Reply, config: Mapping[str, Any]) -> ValidationResult:
        """Classify a 4xx answer from LM Studio."""
        label = self.info.label
        status = reply.status_code
        if status in (401, 403):
            if self.has_key(config):
                message = f"{label} rejected the API token (HTTP {status})."
            else:
                message = f"{label} requires an API token (HTTP {status})."
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                with_provider_text(message, reply.error_text),
                "LM Studio 0.4+ can require API tokens (Developer > Server Settings). Create "
                "a token there and enter it as the API key, or turn the setting off.",
                http_status=status,
            )
        return unexpected_status_result(reply, label)


def _model_id(value: Any) -> str | None:
    if isinstance(value, str) and value and value.isprintable() and len(value) <= 256:
        return value
    return None


def _positive_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _v0_definition(item: Any) -> ModelDefinition | None:
    """A ``/api/v0/models`` entry as a definition, or None when not offered."""
    if not isinstance(item, dict):
        return None
    model_id = _model_id(item.get("id"))
    kind = item.get("type")
    model_type = _V0_TYPES.get(kind) if isinstance(kind, str) else None
    if model_id is None or model_type is None:
        return None
    extra: dict[str, Any] = {}
    if kind == "vlm":
        extra["capabilities"] = ["vision"]
    for field in ("publisher", "arch", "compatibility_type", "quantization", "state"):
        value = item.get(field)
        if isinstance(value, str) and value:
            extra[field] = value
    flags: dict[Capability, bool | None] = {}
    if model_type is ModelType.LLM:
        flags[Capability.VISION] = kind == "vlm"
    caps = item.get("capabilities")
    if isinstance(caps, list):
        flags[Capability.TOOLS] = "tool_use" in {str(c).lower() for c in caps}
    return complete(
        ModelDefinition(
            id=model_id,
            model_type=model_type,
            name=model_id,
            context_length=_positive_int(item.get("max_context_length")),
            extra=extra,
        ),
        ModelFacts.from_flags(flags),
    )


def _v1_definition(item: Any) -> ModelDefinition | None:
    """A ``/api/v1/models`` entry as a definition, or None when not offered."""
    if not isinstance(item, dict):
        return None
    model_id = _model_id(item.get("key"))
    kind = item.get("type")
    model_type = _V1_TYPES.get(kind) if isinstance(kind, str) else None
    if model_id is None or model_type is None:
        return None
    extra: dict[str, Any] = {}
    caps = item.get("capabilities")
    flags: dict[Capability, bool | None] = {}
    if isinstance(caps, dict):
        for key, cap in (("vision", Capability.VISION), ("trained_for_tool_use", Capability.TOOLS)):
            if isinstance(caps.get(key), bool):
                flags[cap] = caps[key]
        found = []
        if caps.get("trained_for_tool_use") is True:
            found.append("tools")
        if caps.get("vision") is True:
            found.append("vision")
        if found:
            extra["capabilities"] = found
    for field in ("publisher", "architecture", "format", "params_string"):
        value = item.get(field)
        if isinstance(value, str) and value:
            extra[field] = value
    name = item.get("display_name")
    return complete(
        ModelDefinition(
            id=model_id,
            model_type=model_type,
            name=name if isinstance(name, str) and name.isprintable() else model_id,
            context_length=_positive_int(item.get("max_context_length")),
            extra=extra,
        ),
        ModelFacts.from_flags(flags),
    )


def _unique(models: Iterable[ModelDefinition | None]) -> list[ModelDefinition]:
    out: dict[tuple[str, ModelType], ModelDefinition] = {}
    for model in models:
        if model is not None:
            out.setdefault((model.id, model.model_type), model)
    return list(out.values())
