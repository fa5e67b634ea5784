"""The Ollama family (local, ``http://localhost:11434``): a reachability check on
``GET /api/version``, models typed by ``POST /api/show`` capabilities.

Facts relied on (reference/PROVIDERS-MORE.md §7 and §16; spec ``reference/openapi/ollama.yaml``,
from ``ollama/ollama`` ``docs/openapi.yaml``):

* [C] ``servers: http://localhost:11434`` and top-level ``security: []``: a local Ollama takes no
  key, so nothing is sent but the description's fixed headers (no ``Authorization``). Plain
  http is fine to this computer and the private network (``allow_private_http``).
* [C] ``GET /api/version`` -> ``VersionResponse`` ``{"version": "0.12.6"}``. There is no key to
  check, so "validation" means "an Ollama answers at this address" (§7.2 [I]); the version is
  named in the message. [I] A 401/403 can only come from a proxy in front of Ollama.
* [C] Errors are ``ErrorResponse`` ``{"error": "<message>"}``. [O] A wrong path (or another
  server) answers 404 text/plain ``404 page not found`` (lobehub#1665, §16.7): a bad response.
* [C] ``GET /api/tags`` -> ``ListResponse`` ``{models: [ModelSummary{name, model, modified_at,
  size, digest, details{format, family, families, parameter_size, quantization_level},
  remote_model?, remote_host?}]}``: no type field. [O] Tools that read only the tag list offer
  embedding models as chat models (LiteLLM#9982, chat-ollama#485; §16.4).
* [C] ``POST /api/show`` ``{"model": name}`` -> ``ShowResponse`` ``{parameters, license,
  modified_at, details, template, capabilities[], model_info}``. [C-code] Capability strings
  (``types/model/capability.go``): completion, tools, insert, vision, embedding, thinking;
  others are ignored. [I] Typing: ``embedding`` without ``completion`` -> embedding;
  ``completion`` -> LLM (``tools``, ``vision``, ``thinking`` -> ``reasoning`` kept as
  capabilities); a list with neither is not offered. Context length is
  ``model_info["<general.architecture>.context_length"]`` (the spec's example has
  ``gemma3.context_length``).
* [O] Older Ollama sends no ``capabilities``: then the name decides (Vigil-SOC/vigil PR #434):
  ``embed``, ``nomic-embed``, ``mxbai-embed``, ``all-minilm``, ``bge-`` -> embedding, else LLM.
  A failing ``/api/show`` for one model falls back to the same rule instead of failing the list.
  ``/api/show`` calls run concurrently, at most :data:`SHOW_CONCURRENCY` at a time.
* Typed fields: with a capability list, vision, tools and reasoning (``thinking``) are as it
  says, and ``audio`` adds audio input; context length from ``model_info``; without a list
  (older Ollama, or ``/api/show`` failed) capabilities come from the id rules
  (``llava`` -> vision ...).
* [I] People paste the OpenAI-compatible address (``.../v1``) or ``.../api``; a trailing ``/v1``
  or ``/api`` is dropped from the base URL, since the native paths carry ``/api`` themselves.
"""

from __future__ import annotations

import asyncio
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
    from collections.abc import Mapping

#: Most ``/api/show`` calls in flight at once.
SHOW_CONCURRENCY = 4
#: Most models read from one Ollama (a list of thousands is not a local install).
MAX_MODELS = 1000

_EMBEDDING_NAME = re.compile(r"embed|nomic-embed|mxbai-embed|all-minilm|bge-", re.IGNORECASE)
_CAPABILITY_NAMES = {"tools": "tools", "vision": "vision", "thinking": "reasoning"}


def model_type_for_name(name: str) -> ModelType:
    """The type of an Ollama model from its name alone (older Ollama, or ``/api/show`` failed)."""
    return ModelType.EMBEDDING if _EMBEDDING_NAME.search(name) else ModelType.LLM


def model_type_for(name: str, capabilities: list[str] | None) -> ModelType | None:
    """The type of an Ollama model from ``/api/show`` capabilities (None: not offered).

    Without a capability list (older Ollama) the name decides.
    """
    if not capabilities:
        return model_type_for_name(name)
    caps = {c.lower() for c in capabilities}
    if "embedding" in caps and "completion" not in caps:
        return ModelType.EMBEDDING
    if "completion" in caps:
        return ModelType.LLM
    return None


class OllamaProvider(ModelProvider):
    """A local (or private-network) Ollama server; no key."""

    builtin_name = "ollama"
    #: People paste the OpenAI-compatible (``/v1``) or native (``/api``) address.
    root_suffix = re.compile(r"/(?:v1|api)$")
    unreachable_hint = (
        "Start Ollama (run 'ollama serve' or open the Ollama app) and check the address and "
        "port (11434 by default). For another computer, Ollama must listen on the network "
        "(OLLAMA_HOST=0.0.0.0)."
    )

    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check that Ollama answers ``GET /api/version`` at the configured address."""
        label = self.info.label
        try:
            reply = await self.call(config, "GET", "/api/version")
        except ProviderCallError as exc:
            return exc.result
        if not reply.ok:
            return self._classify_failure(reply)
        body = reply.data
        version = body.get("version") if isinstance(body, dict) else None
        if not isinstance(version, str) or not version or len(version) > 40:
            return bad_shape_result(label, reply.status_code, "Ollama's version answer")
        version = "".join(ch for ch in version if ch.isprintable())
        return ValidationResult(
            ValidationStatus.VALID,
            f"{label} {version} is running at {reply.host}.",
            None,
            http_status=reply.status_code,
            details={"version": version},
        )

    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """List ``GET /api/tags``, typing each model with its ``POST /api/show`` answer.

        Raises:
            ProviderCallError: The tag list could not be read (a failing ``/api/show`` for one
                model only falls back to the name rule).
        """
        label = self.info.label
        reply = await self.call(config, "GET", "/api/tags", max_bytes=MAX_LIST_BYTES)
        if not reply.ok:
            raise ProviderCallError(self._classify_failure(reply))
        body = reply.data
        if not isinstance(body, dict) or not isinstance(body.get("models"), list):
            raise ProviderCallError(bad_shape_result(label, reply.status_code, "a model list"))
        entries: dict[str, dict[str, Any]] = {}
        for item in body["models"]:
            if not isinstance(item, dict):
                continue
            name = item.get("name") or item.get("model")
            if isinstance(name, str) and name and name.isprintable() and len(name) <= 256:
                entries.setdefault(name, item)
            if len(entries) >= MAX_MODELS:
                break
        gate = asyncio.Semaphore(SHOW_CONCURRENCY)

        async def show(name: str) -> dict[str, Any] | None:
            async with gate:
                return await self._show(config, name)

        shown = await asyncio.gather(*(show(name) for name in entries))
        out: list[ModelDefinition] = []
        for (name, item), details in zip(entries.items(), shown, strict=True):
            model = _definition(name, item, details)
            if model is not None:
                out.append(model)
        return out

    async def _show(self, config: Mapping[str, Any], name: str) -> dict[str, Any] | None:
        """The ``/api/show`` answer for ``name``, or None when it cannot be had."""
        try:
            reply = await self.call(
                config, "POST", "/api/show", json_body={"model": name}, max_bytes=MAX_LIST_BYTES
            )
        except ProviderCallError:
            return None
        if not reply.ok or not isinstance(reply.data, dict):
            return None
        return reply.data

    def _classify_failure(self, reply: Reply) -> ValidationResult:
        """Classify a 4xx answer (Ollama itself only sends 4xx for bad requests)."""
        label = self.info.label
        status = reply.status_code
        if status in (401, 403):
            return ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                with_provider_text(
                    f"Something in front of {label} at {reply.host} refused the request "
                    f"(HTTP {status}).",
                    reply.error_text,
                ),
                "Ollama itself takes no key; a proxy at this address wants one. Use the "
                "Ollama server's own address, or an OpenAI-compatible provider for the proxy.",
                http_status=status,
            )
        if status == 404 and not reply.is_json:
            return ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                with_provider_text(
                    f"The server at {reply.host} is not answering like {label} (HTTP 404).",
                    reply.error_text,
                ),
                "Check the address: it should be Ollama's root, such as "
                "http://localhost:11434, without a path.",
                http_status=status,
            )
        return unexpected_status_result(reply, label)


def _definition(
    name: str, item: Mapping[str, Any], shown: Mapping[str, Any] | None
) -> ModelDefinition | None:
    """A model from its tag entry and (when it could be had) its ``/api/show`` answer."""
    raw_caps = shown.get("capabilities") if shown is not None else None
    capabilities = (
        [str(c) for c in raw_caps if isinstance(c, str)] if isinstance(raw_caps, list) else None
    )
    model_type = model_type_for(name, capabilities)
    if model_type is None:
        return None
    extra: dict[str, Any] = {}
    if model_type is ModelType.LLM and capabilities:
        lowered = {c.lower() for c in capabilities}
        found = [ours for theirs, ours in _CAPABILITY_NAMES.items() if theirs in lowered]
        if found:
            extra["capabilities"] = found
    details = item.get("details")
    if isinstance(details, dict):
        for field in ("family", "parameter_size", "quantization_level", "format"):
            value = details.get(field)
            if isinstance(value, str) and value:
                extra[field] = value
    for field in ("remote_model", "remote_host"):
        value = item.get(field)
        if isinstance(value, str) and value:
            extra[field] = value
    if not capabilities:
        extra["typed_by"] = "name"
    return complete(
        ModelDefinition(
            id=name,
            model_type=model_type,
            name=name,
            context_length=_context_length(shown),
            extra=extra,
        ),
        facts_of(capabilities),
    )


def facts_of(capabilities: list[str] | None) -> ModelFacts:
    """Typed facts from an ``/api/show`` capability list; nothing said without one.

    The list names what a model has, so vision, tools and reasoning are covered either way;
    ``audio`` (newer Ollama) adds audio input, and its absence says nothing, since older
    servers do not know the word.
    """
    if not capabilities:
        return ModelFacts()
    lowered = {c.lower() for c in capabilities}
    return ModelFacts.from_flags(
        {
            Capability.VISION: "vision" in lowered,
            Capability.TOOLS: "tools" in lowered,
            Capability.REASONING: "thinking" in lowered,
            Capability.AUDIO_IN: True if "audio" in lowered else None,
        }
    )


def _context_length(shown: Mapping[str, Any] | None) -> int | None:
    """``model_info["<arch>.context_length"]``, when present and sane."""
    info = shown.get("model_info") if shown is not None else None
    if not isinstance(info, dict):
        return None
    arch = info.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        return None
    value = info.get(f"{arch}.context_length")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None
