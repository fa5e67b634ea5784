"""The Cohere family (https://api.cohere.com): key check on ``POST /v1/check-api-key``,
models typed by the endpoints each one serves.

Facts relied on (reference/PROVIDERS-MORE.md §6 and §16; spec ``reference/openapi/cohere.yaml``):

* [C] ``servers: https://api.cohere.com``, ``security: bearerAuth``; paths mix ``/v1`` and
  ``/v2``, so the base URL is the host root and the code adds the version (a trailing ``/v1``
  or ``/v2`` typed into the base URL is dropped).
* [C] ``POST /v1/check-api-key`` ("Checks that the api key in the Authorization header is valid
  and active") answers 200 ``{"valid": bool, "organization_id"?, "owner_id"?}``
  (``CheckApiKeyResponse``). A 200 with ``valid: false`` is read as an invalid key, but non-200
  statuses remain the main signal (§6.2 [I]).
* [C] Error bodies are ``{"message": "...", "id"?: "..."}`` for 400, 401, 403, 404, 422, 429,
  498 (``InvalidToken``: "a request or response contains a deny-listed token") and 5xx.
  [O] A bad key gives 401 ``{"message":"invalid api token"}`` (cohere-ai/cohere-toolkit#857).
  [O] 402 means the billing limit was reached (cohere-developer-experience PR #189).
  [O] Trial keys are free but have low monthly and per-minute limits, giving 429 (PRs #199,
  #200). 498 is classified as restricted (the key works, the account or content is blocked).
* [O] From blocked regions Cloudflare answers an **HTML** 403 page (langgenius/dify#2506,
  §16.7): classified as unreachable (it says nothing about the key) with a region hint.
* [C] ``GET /v1/models`` takes ``page_size`` (default 20, max 1000) and ``page_token``, and
  answers ``ListModelsResponse`` ``{models: [GetModelResponse], next_page_token?}``. A model has
  ``name`` (the id to send), ``endpoints`` (``CompatibleEndpoint``: chat, embed, classify,
  summarize, rerank, rate, generate), ``features`` (strings), ``context_length`` (a number),
  ``is_deprecated``, ``finetuned``. Pages are followed up to :data:`MAX_PAGES`, stopping at
  a token seen before (§16.3, the ggcode#1288 breaker).
* [I] Typing: ``chat`` -> LLM, ``embed`` -> embedding, ``rerank`` -> rerank; a model serving
  several yields one definition per type. Deprecated models and models serving none of those
  (generate/classify only) are not offered.
* [C] The speech-to-text model is not in the endpoint enum; the spec's examples call
  ``POST /v2/audio/transcriptions`` with ``cohere-transcribe-03-2026``. [I] A listed model with
  none of the typed endpoints whose name contains ``transcribe`` is offered as speech-to-text
  (whether ``/v1/models`` lists it at all is not confirmed).
* [I] ``features`` values are not documented (§17 gap); any feature naming tools or vision
  adds ``tools`` / ``vision`` to the model's capabilities, and the raw list is kept too.
* Typed fields: a ``features`` list speaks about tools, vision and json (``json_mode`` /
  ``json_schema``): what it names the model has, what it leaves out it has not. A model
  without a list gets its capabilities from the id rules. ``context_length`` is the context.
"""

from __future__ import annotations

import dataclasses
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
    follow_pages,
    rate_limited_result,
    scrub,
    shorten,
    unexpected_status_result,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Most model pages followed (1,000 models each).
MAX_PAGES = 20
#: Models per page (the spec's maximum).
PAGE_SIZE = "1000"

_ENDPOINT_TYPES = (
    ("chat", ModelType.LLM),
    ("embed", ModelType.EMBEDDING),
    ("rerank", ModelType.RERANK),
)
_STT_NAME = re.compile(r"transcribe", re.IGNORECASE)


def model_types_for(item: Mapping[str, Any]) -> list[ModelType]:
    """The types a Cohere model entry is offered as (empty: not offered).

    Deprecated models are never offered; otherwise one type per typed endpoint it serves, in
    the order chat, embed, rerank; a model serving none of them is speech-to-text when its
    name says ``transcribe``.
    """
    if item.get("is_deprecated") is True:
        return []
    raw = item.get("endpoints")
    endpoints = {str(e).lower() for e in raw} if isinstance(raw, list) else set()
    types = [model_type for endpoint, model_type in _ENDPOINT_TYPES if endpoint in endpoints]
    name = item.get("name")
    if not types and isinstance(name, str) and _STT_NAME.search(name):
        types.append(ModelType.SPEECH_TO_TEXT)
    return types


def capabilities_for(features: list[str]) -> list[str]:
    """``tools`` / ``vision`` when a Cohere ``features`` list names them (values undocumented)."""
    lowered = [f.lower() for f in features]
    found = []
    if any("tool" in f for f in lowered):
        found.append("tools")
    if any("vision" in f or "image" in f for f in lowered):
        found.append("vision")
    return found


def facts_of(features: list[str] | None) -> ModelFacts:
    """Typed facts from a ``features`` list (None: the entry had no list, nothing said)."""
    if features is None:
        return ModelFacts()
    named = set(capabilities_for(features))
    lowered = [f.lower() for f in features]
    return ModelFacts.from_flags(
        {
            Capability.TOOLS: "tools" in named,
            Capability.VISION: "vision" in named,
            Capability.JSON: any(f.startswith("json") for f in lowered),
        }
    )


class CohereProvider(ModelProvider):
    """Cohere's platform API: chat (Command), embeddings (Embed), rerankers (Rerank)."""

    builtin_name = "cohere"
    #: Paths carry their own version (``/v1/...``, ``/v2/...``).
    root_suffix = re.compile(r"/v[12]$")

    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check the key with ``POST /v1/check-api-key`` (free).

        200 ``valid: true`` is valid, ``valid: false`` or 401 invalid; 402 no credit; 429 rate
        limited; 498 restricted; a JSON 403 restricted; an HTML 403 (Cloudflare) unreachable.
        """
        label = self.info.label
        try:
            reply = await self.call(config, "POST", "/v1/check-api-key")
        except ProviderCallError as exc:
            return exc.result
        if not reply.ok:
            return self._classify_failure(reply)
        body = reply.data
        if not isinstance(body, dict) or not isinstance(body.get("valid"), bool):
            return bad_shape_result(label, reply.status_code, "a key check answer")
        if not body["valid"]:
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                f"{label} says the key is not valid or not active.",
                "Check that the key is complete and not revoked; create a new one at "
                "dashboard.cohere.com/api-keys.",
                http_status=reply.status_code,
            )
        secrets = [str(config.get("api_key") or "")]
        details = {
            name: shorten(scrub(body[name], secrets), 80)
            for name in ("organization_id", "owner_id")
            if isinstance(body.get(name), str) and body[name]
        }
        return ValidationResult(
            ValidationStatus.VALID,
            f"{label} accepted the key.",
            None,
            http_status=reply.status_code,
            details=details,
        )

    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """List ``GET /v1/models?page_size=1000``, following ``next_page_token``.

        Raises:
            ProviderCallError: A call failed or an answer was not a model list.
        """
        label = self.info.label

        async def fetch(cursor: str | None) -> tuple[list[Any], str | None]:
            params = {"page_size": PAGE_SIZE}
            if cursor:
                params["page_token"] = cursor
            reply = await self.call(
                config, "GET", "/v1/models", params=params, max_bytes=MAX_LIST_BYTES
            )
            if not reply.ok:
                raise ProviderCallError(self._classify_failure(reply))
            body = reply.data
            if not isinstance(body, dict) or not isinstance(body.get("models"), list):
                raise ProviderCallError(bad_shape_result(label, reply.status_code, "a model list"))
            token = body.get("next_page_token")
            return body["models"], token if isinstance(token, str) else None

        out: dict[tuple[str, ModelType], ModelDefinition] = {}
        for item in await follow_pages(fetch, MAX_PAGES):
            for model in _definitions(item):
                out.setdefault((model.id, model.model_type), model)
        return list(out.values())

    def _classify_failure(self, reply: Reply) -> ValidationResult:
        """Classify a 4xx answer from Cohere (PROVIDERS-MORE.md §6.2)."""
        label = self.info.label
        status = reply.status_code
        if status == 401:
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                with_provider_text(f"{label} rejected the key (HTTP 401).", reply.error_text),
                "Check that the key is complete and not revoked; create a new one at "
                "dashboard.cohere.com/api-keys.",
                http_status=status,
            )
        if status == 402:
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                with_provider_text(
                    f"{label} accepted the key, but the account has reached its billing "
                    "limit (HTTP 402).",
                    reply.error_text,
                ),
                "Add a payment method or raise the spending limit at dashboard.cohere.com/billing.",
                http_status=status,
            )
        if status == 403 and reply.is_html:
            return ValidationResult(
                ValidationStatus.UNREACHABLE,
                f"{label} could not be used from this network: an HTML 403 page answered "
                "instead of the API (usually Cloudflare blocking the region or network).",
                "Cohere is not available in some regions and blocks some networks; try "
                "another network, or a proxy or base URL in a supported region.",
                http_status=status,
            )
        if status == 403:
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                with_provider_text(
                    f"{label} recognised the key but refused the request (HTTP 403).",
                    reply.error_text,
                ),
                "The key may lack permission for this operation; check it on dashboard.cohere.com.",
                http_status=status,
            )
        if status == 429:
            result = rate_limited_result(reply, label)
            return dataclasses.replace(
                result,
                hint="Wait a little and check again. Trial keys have low per-minute and "
                "monthly limits; a production key lifts them.",
            )
        if status == 498:
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                with_provider_text(
                    f"{label} accepted the key but blocked the request (HTTP 498).",
                    reply.error_text,
                ),
                "Cohere answers 498 for blocked (deny-listed) content or accounts; contact "
                "Cohere support if it persists.",
                http_status=status,
            )
        return unexpected_status_result(reply, label)


def _definitions(item: Any) -> list[ModelDefinition]:
    """One definition per type a model entry is offered as."""
    if not isinstance(item, dict):
        return []
    name = item.get("name")
    if not isinstance(name, str) or not name or not name.isprintable():
        return []
    types = model_types_for(item)
    if not types:
        return []
    context = item.get("context_length")
    context_length = (
        int(context)
        if isinstance(context, int | float)
        and not isinstance(context, bool)
        and context > 0
        and float(context).is_integer()
        else None
    )
    raw_features = item.get("features")
    features = (
        [str(f) for f in raw_features if isinstance(f, str)]
        if isinstance(raw_features, list)
        else []
    )
    extra: dict[str, Any] = {}
    endpoints = item.get("endpoints")
    if isinstance(endpoints, list):
        extra["endpoints"] = [str(e) for e in endpoints]
    if features:
        extra["features"] = features
    capabilities = capabilities_for(features)
    if capabilities:
        extra["capabilities"] = capabilities
    if isinstance(item.get("finetuned"), bool):
        extra["finetuned"] = item["finetuned"]
    facts = facts_of(features if isinstance(raw_features, list) else None)
    return [
        complete(
            ModelDefinition(
                id=name,
                model_type=model_type,
                name=name,
                context_length=context_length,
                extra=dict(extra),
            ),
            facts,
        )
        for model_type in types
    ]
