"""Jina AI (https://api.jina.ai/v1): embeddings and rerankers.

Jina has no free endpoint that only checks a key, so validation sends the smallest possible
``POST /embeddings`` (one word, a few tokens; PROVIDERS.md §3.5). Models come from
``GET /models`` when it answers with the documented shape, else from a built-in list
(§3.2, §3.3, §3.7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from modelhub.domain.models import (
    ModelDefinition,
    ModelType,
    ValidationResult,
    ValidationStatus,
)
from modelhub.providers.base import (
    ModelProvider,
    ProviderCallError,
)
from modelhub.providers.capabilities import (
    ModelFacts,
    complete,
    modality_flags,
    positive_int,
    price_from,
)
from modelhub.providers.http import (
    MAX_CHECK_BYTES,
    MAX_LIST_BYTES,
    Reply,
    bad_shape_result,
    bearer_headers,
    rate_limited_result,
    request_json,
    unexpected_status_result,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_BASE_URL = "https://api.jina.ai/v1"
_LABEL = "Jina AI"
#: The model and body of the validation probe.
PROBE_MODEL = "jina-embeddings-v3"
PROBE_BODY = {"model": PROBE_MODEL, "input": ["ping"]}

#: Built-in catalog used when ``GET /models`` is unavailable (PROVIDERS.md §3.3, §3.4, §3.7).
BUILTIN_EMBEDDING_MODELS = (
    "jina-embeddings-v5-text-small",
    "jina-embeddings-v5-text-nano",
    "jina-embeddings-v4",
    "jina-embeddings-v3",
    "jina-embeddings-v2-base-en",
    "jina-embeddings-v2-base-de",
    "jina-embeddings-v2-base-es",
    "jina-embeddings-v2-base-zh",
    "jina-embeddings-v2-base-code",
    "jina-clip-v2",
    "jina-clip-v1",
    "jina-code-embeddings-1.5b",
    "jina-code-embeddings-0.5b",
)
BUILTIN_RERANK_MODELS = (
    "jina-reranker-v3",
    "jina-reranker-m0",
    "jina-reranker-v2-base-multilingual",
    "jina-reranker-v1-turbo-en",
    "jina-reranker-v1-tiny-en",
    "jina-reranker-v1-base-en",
    "jina-colbert-v2",
    "jina-colbert-v1-en",
)


def model_type_for_id(model_id: str) -> ModelType | None:
    """Type a Jina model by name (``jina-ai/`` prefix already removed).

    ``jina-reranker-*`` and ``jina-colbert-*`` are rerankers (colbert models are also
    accepted by ``/embeddings``, but are offered as rerankers, as Dify does);
    ``jina-embeddings-*``, ``jina-clip-*`` and ``jina-code-embeddings-*`` are embeddings.
    Anything else (the experimental ``jina-vlm`` chat model ...) is not offered.
    """
    lowered = model_id.lower()
    if lowered.startswith(("jina-reranker-", "jina-colbert-")):
        return ModelType.RERANK
    if lowered.startswith(("jina-embeddings-", "jina-clip-", "jina-code-embeddings-")):
        return ModelType.EMBEDDING
    return None


def builtin_models() -> list[ModelDefinition]:
    """The built-in catalog, marked ``extra["source"] == "builtin"``; capabilities (image
    input) from the id rules."""
    return [
        complete(
            ModelDefinition(
                id=m, model_type=ModelType.EMBEDDING, name=m, extra={"source": "builtin"}
            )
        )
        for m in BUILTIN_EMBEDDING_MODELS
    ] + [
        complete(
            ModelDefinition(id=m, model_type=ModelType.RERANK, name=m, extra={"source": "builtin"})
        )
        for m in BUILTIN_RERANK_MODELS
    ]


class JinaProvider(ModelProvider):
    """Jina AI's search foundation API: embeddings and rerankers."""

    builtin_name = "jina"

    async def validate(self, config: Mapping[str, str]) -> ValidationResult:
        """Check the key with a one-word ``POST /embeddings`` (costs a few tokens).

        200 is valid; 401 invalid; 403 ``AUTHZ_INSUFFICIENT_BALANCE`` no credit, other 403
        restricted; 429 rate limited; 400/422 (the probe was refused) bad response.
        """
        try:
            headers = bearer_headers(self.require_key(config))
            base = self.base_url(config)
            reply = await request_json(
                self._client,
                "POST",
                f"{base}/embeddings",
                headers=headers,
                json_body=PROBE_BODY,
                max_bytes=MAX_CHECK_BYTES,
                provider_label=_LABEL,
            )
        except ProviderCallError as exc:
            return exc.result
        if reply.ok:
            body = reply.data
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                return bad_shape_result(_LABEL, reply.status_code, "an embedding")
            details: dict[str, str] = {}
            usage = body.get("usage")
            if isinstance(usage, dict) and isinstance(usage.get("total_tokens"), int):
                details["probe_tokens"] = str(usage["total_tokens"])
            return ValidationResult(
                ValidationStatus.VALID,
                "Jina AI accepted the key (a one-word test embedding was made).",
                None,
                http_status=reply.status_code,
                details=details,
            )
        return _classify_failure(reply)

    async def list_models(self, config: Mapping[str, str]) -> list[ModelDefinition]:
        """List ``GET /models`` when it answers as documented, else the built-in catalog.

        A rejected key (401) and network failures raise; any other answer that is not a
        usable model list (404, 5xx, a different shape, nothing typed) falls back to the
        built-in catalog.

        Raises:
            ProviderCallError: The key was rejected, no key was given, or the provider could
                not be reached.
        """
        headers = bearer_headers(self.require_key(config))
        base = self.base_url(config)
        try:
            reply = await request_json(
                self._client,
                "GET",
                f"{base}/models",
                headers=headers,
                max_bytes=MAX_LIST_BYTES,
                provider_label=_LABEL,
            )
        except ProviderCallError as exc:
            status = exc.result.http_status
            if status is None or 300 <= status < 400:
                raise  # network trouble or a redirect: say so rather than guess
            return builtin_models()
        if reply.status_code == 401:
            raise ProviderCallError(_classify_failure(reply))
        if not reply.ok:
            return builtin_models()
        listed = _listed_models(reply)
        return listed if listed else builtin_models()


def _listed_models(reply: Reply) -> list[ModelDefinition]:
    """Typed definitions from a ``GET /models`` body; empty when the shape is not Jina's.

    ``input_modalities`` image -> vision; ``context_length``; ``pricing.prompt`` /
    ``pricing.completion`` in USD per token (§3.2). ``max_output_length`` is the embedding's
    size, not a token limit, so it stays in ``extra`` only.
    """
    body = reply.data
    items = body.get("data") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return []
    out: dict[tuple[str, ModelType], ModelDefinition] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        model_id = item["id"].removeprefix("jina-ai/")
        model_type = model_type_for_id(model_id)
        if model_type is None:
            continue
        pricing_raw = item.get("pricing")
        pricing = (
            {str(k): str(v) for k, v in pricing_raw.items() if isinstance(v, str | int | float)}
            if isinstance(pricing_raw, dict)
            else {}
        )
        context = item.get("context_length")
        extra: dict[str, Any] = {"source": "api"}
        for field in ("max_output_length", "hugging_face_id"):
            if isinstance(item.get(field), str | int):
                extra[field] = item[field]
        name = item.get("name")
        raw_prices = pricing_raw if isinstance(pricing_raw, dict) else {}
        facts = ModelFacts.from_flags(
            modality_flags(item.get("input_modalities")),
            context_length=positive_int(context),
            price=price_from(raw_prices.get("prompt"), raw_prices.get("completion")),
        )
        out.setdefault(
            (model_id, model_type),
            complete(
                ModelDefinition(
                    id=model_id,
                    model_type=model_type,
                    name=name if isinstance(name, str) else model_id,
                    context_length=context
                    if isinstance(context, int) and not isinstance(context, bool)
                    else None,
                    pricing=pricing,
                    extra=extra,
                ),
                facts,
            ),
        )
    return list(out.values())


def _classify_failure(reply: Reply) -> ValidationResult:
    """Classify a 4xx answer from Jina (PROVIDERS.md §3.6)."""
    status = reply.status_code
    code = reply.error_code()
    if status == 401:
        return ValidationResult(
            ValidationStatus.INVALID_CREDENTIALS,
            with_provider_text("Jina AI rejected the key (HTTP 401).", reply.error_text),
            "Check the key (65 characters, starting with jina_) at "
            "jina.ai/api-dashboard/key-manager.",
            http_status=status,
        )
    if status == 403:
        if code == "AUTHZ_INSUFFICIENT_BALANCE":
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                with_provider_text(
                    "Jina AI accepted the key, but its balance is used up (HTTP 403).",
                    reply.error_text,
                ),
                "Top up the key at jina.ai/api-dashboard/key-manager.",
                http_status=status,
            )
        return ValidationResult(
            ValidationStatus.RESTRICTED,
            with_provider_text(
                "Jina AI recognised the key but refused the request (HTTP 403).",
                reply.error_text,
            ),
            "Check the plan's limits at jina.ai/api-dashboard/key-manager.",
            http_status=status,
        )
    if status == 429:
        return rate_limited_result(reply, _LABEL)
    if status in (400, 422):
        return ValidationResult(
            ValidationStatus.BAD_RESPONSE,
            with_provider_text(
                f"Jina AI refused the test embedding with {PROBE_MODEL} (HTTP {status}); the "
                "key could not be checked.",
                reply.error_text,
            ),
            "Check the base URL: the endpoint there may not offer Jina's embedding models.",
            http_status=status,
        )
    return unexpected_status_result(reply, _LABEL)
