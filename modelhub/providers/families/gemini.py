"""The Gemini family: Google's Generative Language API (``x-goog-api-key``).

Facts relied on, and where they come from (``reference/PROVIDERS-MORE.md`` §2 and the
provider's own spec ``reference/openapi/gemini.json``, a conversion of Google's Discovery
document):

* Base ``https://generativelanguage.googleapis.com/v1beta`` (spec ``servers``). The key
  travels only in the ``x-goog-api-key`` header (the description's ``auth``). The API also
  takes ``?key=``, which leaks the key into proxy, CDN and APM logs (§2.1 [C-code/O], §16.5):
  nothing here ever puts the key in a URL, and a base URL cannot carry a query string.
* Key check: ``GET /models?pageSize=1`` — free and authenticated (§2.2 [I]). No balance
  endpoint (§2.4 [C]).
* Errors are ``{"error": {"code", "message", "status", "details": [{"@type", "reason", ...}]}}``
  (spec ``Status``; §2.2 [C]). A bad or deleted key is **HTTP 400** ``INVALID_ARGUMENT`` with
  ``details[].reason == "API_KEY_INVALID"`` (§2.2 [O: cequence-io/openai-scala-client#109,
  continuedev/continue#10290, google-gemini/gemini-cli#25198]) -> invalid key, whatever the
  status. API disabled, key restrictions or region: 403 ``PERMISSION_DENIED`` or 400
  ``FAILED_PRECONDITION`` ("User location is not supported") -> restricted; quota: 429
  ``RESOURCE_EXHAUSTED`` -> rate limited (§2.2 [I]). Read ``status`` and ``reason``, not only
  the HTTP code (§16.1). From mid-2026 Google rejects unrestricted standard keys with a
  400/403 whose body is not known (§2.1 [O], gap): the provider's message is always shown.
* Model list: ``GET /models`` takes ``pageSize`` (default 50, max 1000) and ``pageToken``; the
  answer is ``{models: Model[], nextPageToken?}`` and a missing token means the last page
  (spec ``ListModelsResponse``; §2.3 [C]). Ignoring the token silently yields 50 models
  (§2.3 [O: topcheer/ggcode#1288]); pages are capped (:data:`MAX_PAGES`) and a repeated token
  stops the walk (§16.3). An empty list may come back as ``{}`` (proto3 JSON omits empty
  fields [I]).
* ``Model``: ``name`` = ``models/{id}``, ``displayName``, ``inputTokenLimit``,
  ``outputTokenLimit``, ``supportedGenerationMethods``, ``thinking`` (bool); any may be missing
  (spec; §2.3 [C, O]). Typing by methods (§2.3 [O, I]): ``embedContent`` /
  ``batchEmbedContents`` -> embedding; ``generateContent`` with ``-tts`` in the id -> TTS;
  ``generateContent`` on ``imagen*`` / ``*-image*`` ids -> image, not offered;
  ``generateContent`` -> chat; ``predict`` / ``predictLongRunning`` (Imagen, Veo),
  ``bidiGenerateContent`` only (Live) or ``generateAnswer`` (AQA) -> not offered.
  reasoning = ``thinking`` [C]; vision and tools are not flagged by the API but every current
  ``gemini-*`` chat model has them, ``gemma-*`` not reliably (§2.3 [I]).
* Typed fields: ``thinking`` (when sent) -> reasoning, ``inputTokenLimit`` -> context,
  ``outputTokenLimit`` -> max output tokens, from the provider; vision and tools (and reasoning
  when ``thinking`` is absent) from the id rules in ``capability_rules.toml``, which is where
  the ``gemini-*`` knowledge above lives.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from modelhub.domain.models import (
    Capability,
    ModelDefinition,
    ModelType,
    ValidationResult,
    ValidationStatus,
)
from modelhub.providers import cooperative
from modelhub.providers.base import ModelProvider, ProviderCallError
from modelhub.providers.capabilities import ModelFacts, complete, legacy_names
from modelhub.providers.http import (
    MAX_LIST_BYTES,
    Reply,
    bad_shape_result,
    follow_pages,
    rate_limited_result,
    unexpected_status_result,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: Largest page the model list serves (spec: at most 1000 per page).
PAGE_SIZE = 1000
#: Most pages read from one model list before giving up on the rest.
MAX_PAGES = 50
_EMBED_METHODS = frozenset({"embedContent", "batchEmbedContents"})
#: The order of the names kept in ``extra["capabilities"]`` (read by older code).
_LEGACY_ORDER = (Capability.VISION, Capability.REASONING, Capability.TOOLS)
_KEY_PAGE = "aistudio.google.com/apikey"
_RESTRICTED_HINT = (
    "Check that the Generative Language API is enabled for the key's Google Cloud project, "
    "that the key's API, IP or app restrictions allow this call, and that the Gemini API is "
    "available in your region. Older unrestricted keys are being retired; if this key is one, "
    f"create a new key at {_KEY_PAGE}."
)


def model_type_for(model_id: str, methods: Iterable[str]) -> ModelType | None:
    """The type of a Gemini model from its id and ``supportedGenerationMethods``.

    Embedding methods -> embedding; ``generateContent`` -> TTS for ``-tts`` ids, nothing for
    image models (``imagen*``, ``*-image*``), chat otherwise. Models with only ``predict``,
    ``predictLongRunning``, ``bidiGenerateContent`` or other methods are not offered.
    """
    found = set(methods)
    if found & _EMBED_METHODS:
        return ModelType.EMBEDDING
    if "generateContent" not in found:
        return None
    lowered = model_id.lower()
    if "-tts" in lowered:
        return ModelType.TTS
    if lowered.startswith("imagen") or "-image" in lowered:
        return None
    return ModelType.LLM


class GeminiProvider(ModelProvider):
    """Google's Gemini API with an AI Studio key (see the module docstring)."""

    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check the key with ``GET /models?pageSize=1``. Never raises for provider or network
        trouble."""
        try:
            # The key goes in x-goog-api-key (auth_headers), never in the URL.
            reply = await self.call(config, "GET", "/models", params={"pageSize": "1"})
        except ProviderCallError as exc:
            return exc.result
        if not reply.ok:
            return self._classify_failure(reply)
        if _page(reply) is None:
            return bad_shape_result(self.label, reply.status_code, "a model list")
        return ValidationResult(
            ValidationStatus.VALID,
            f"{self.label} accepted the key.",
            None,
            http_status=reply.status_code,
        )

    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """Every offered model, following ``nextPageToken`` (``pageSize=1000``).

        Raises:
            ProviderCallError: A page could not be fetched or was not a model list.
        """

        async def fetch(cursor: str | None) -> tuple[list[Any], str | None]:
            params = {"pageSize": str(PAGE_SIZE)}
            if cursor:
                params["pageToken"] = cursor
            reply = await self.call(
                config, "GET", "/models", params=params, max_bytes=MAX_LIST_BYTES
            )
            if not reply.ok:
                raise ProviderCallError(self._classify_failure(reply))
            page = _page(reply)
            if page is None:
                raise ProviderCallError(
                    bad_shape_result(self.label, reply.status_code, "a model list")
                )
            return page

        items = await follow_pages(fetch, MAX_PAGES)
        out: dict[tuple[str, ModelType], ModelDefinition] = {}
        for model in await cooperative.map_sliced(items, _definition):
            if model is not None:
                out.setdefault((model.id, model.model_type), model)
        return list(out.values())

    def _classify_failure(self, reply: Reply) -> ValidationResult:
        """Classify a 4xx answer by ``error.status`` and ``details[].reason`` (§2.2)."""
        label = self.label
        status = reply.status_code
        if reply.is_html and not reply.is_json:
            return ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"{label} answered HTTP {status} with an HTML page, not the API's JSON; the "
                "request probably never reached the API.",
                "A proxy, firewall or network block may be in the way, or the base URL points "
                "at a website; check the network and the base URL.",
                http_status=status,
            )
        rpc_status, reasons = _rpc_error(reply)
        if "API_KEY_INVALID" in reasons or status == 401:
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                with_provider_text(f"{label} rejected the key (HTTP {status}).", reply.error_text),
                f"Check that the key is complete and not deleted or revoked; create a new one "
                f"at {_KEY_PAGE}.",
                http_status=status,
            )
        if status == 403 or (status == 400 and rpc_status == "FAILED_PRECONDITION"):
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                with_provider_text(
                    f"{label} recognised the key but refused the request (HTTP {status}).",
                    reply.error_text,
                ),
                _RESTRICTED_HINT,
                http_status=status,
            )
        if status == 429:
            return rate_limited_result(reply, label)
        return unexpected_status_result(reply, label)


def _rpc_error(reply: Reply) -> tuple[str | None, set[str]]:
    """``error.status`` and every ``error.details[].reason`` of a Google RPC error body."""
    body = reply.data
    err = body.get("error") if isinstance(body, dict) else None
    if not isinstance(err, dict):
        return None, set()
    status = err.get("status")
    details = err.get("details")
    reasons = {
        str(d["reason"])
        for d in (details if isinstance(details, list) else [])
        if isinstance(d, dict) and isinstance(d.get("reason"), str)
    }
    return (status if isinstance(status, str) else None), reasons


def _page(reply: Reply) -> tuple[list[Any], str | None] | None:
    """``(models, nextPageToken)`` of a ``ListModelsResponse``, or None when the body is not
    one. An empty list may be sent as ``{}``."""
    body = reply.data
    if not isinstance(body, dict) or "error" in body:
        return None
    models = body.get("models", [])
    if not isinstance(models, list):
        return None
    token = body.get("nextPageToken")
    return models, token if isinstance(token, str) and token else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _definition(item: object) -> ModelDefinition | None:
    """One ``Model`` as a typed definition, or None when malformed or not offered."""
    if not isinstance(item, dict):
        return None
    name = item.get("name")
    if not isinstance(name, str):
        return None
    model_id = name.removeprefix("models/").strip()
    if not model_id or "/" in model_id or not model_id.isprintable():
        return None
    methods = item.get("supportedGenerationMethods")
    if not isinstance(methods, list):
        return None
    model_type = model_type_for(model_id, (m for m in methods if isinstance(m, str)))
    if model_type is None:
        return None
    extra: dict[str, Any] = {}
    max_output = _int(item.get("outputTokenLimit"))
    if max_output is not None:
        extra["max_output_tokens"] = max_output
    thinking = item.get("thinking")
    context = _int(item.get("inputTokenLimit"))
    facts = ModelFacts.from_flags(
        {Capability.REASONING: thinking if isinstance(thinking, bool) else None},
        context_length=context,
        max_output_tokens=max_output,
    )
    display = item.get("displayName")
    model = complete(
        ModelDefinition(
            id=model_id,
            model_type=model_type,
            name=display.strip() if isinstance(display, str) else "",
            context_length=context,
            extra=extra,
        ),
        facts,
    )
    # Kept for code that read the names before the typed field existed.
    legacy = legacy_names(model.capabilities, _LEGACY_ORDER)
    return dataclasses.replace(model, extra={**extra, "capabilities": legacy})
