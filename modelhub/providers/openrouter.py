"""OpenRouter (https://openrouter.ai/api/v1): key check on ``GET /key``, typed model catalog.

``GET /models`` is public and answers 200 to any key (PROVIDERS.md §2.2), so it is never used
to check a key; ``GET /key`` is. Models are typed by ``architecture.output_modalities``
(§2.4), never by ``architecture.modality``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import (
    ModelDefinition,
    ModelType,
    ValidationResult,
    ValidationStatus,
)
from modelhub.providers import cooperative
from modelhub.providers.balance import key_limit
from modelhub.providers.base import (
    ModelProvider,
    ProviderCallError,
)
from modelhub.providers.capabilities import complete, openrouter_facts
from modelhub.providers.http import (
    MAX_CHECK_BYTES,
    MAX_LIST_BYTES,
    Reply,
    bad_shape_result,
    bearer_headers,
    header_text,
    optional_headers,
    rate_limited_result,
    request_json,
    scrub,
    shorten,
    unexpected_status_result,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
_LABEL = "OpenRouter"


def model_type_for(output_modalities: list[str], supported_voices: object) -> ModelType | None:
    """The type of an OpenRouter model from its output modalities (PROVIDERS.md §2.4).

    In order: ``embeddings`` → embedding; ``rerank`` → rerank; ``speech`` or a non-empty
    ``supported_voices`` → TTS; ``transcription`` → speech-to-text; ``text`` → LLM. Models
    that only output images, video or audio are not offered.
    """
    outputs = {m.lower() for m in output_modalities}
    if "embeddings" in outputs:
        return ModelType.EMBEDDING
    if "rerank" in outputs:
        return ModelType.RERANK
    if "speech" in outputs or (isinstance(supported_voices, list) and supported_voices):
        return ModelType.TTS
    if "transcription" in outputs:
        return ModelType.SPEECH_TO_TEXT
    if "text" in outputs:
        return ModelType.LLM
    return None


class OpenRouterProvider(ModelProvider):
    """OpenRouter's unified API for hundreds of models from many vendors."""

    builtin_name = "openrouter"

    def normalize_config(self, raw: Mapping[str, Any]) -> dict[str, str]:
        """Check the config. The site URL is only a label, so plain http is fine for it.

        Raises:
            InvalidInputError: Any field is wrong.
        """
        rest = dict(raw)
        site = rest.pop("site_url", None)
        out = super().normalize_config(rest)
        if site is not None:
            if not isinstance(site, str):
                raise InvalidInputError(
                    f"Config field 'site_url' must be a string, not {type(site).__name__}."
                )
            site = site.strip()
            if site:
                out["site_url"] = _check_site_url(site)
        if "app_title" in out:
            header_text("App title", out["app_title"])
        return out

    async def validate(self, config: Mapping[str, str]) -> ValidationResult:
        """Check the key with ``GET /key`` (never ``/models``, which accepts any key).

        200 is valid (details: label, limit_remaining, usage, is_free_tier; balance: the
        key's limit as ``KEY_LIMIT`` in USD) unless ``limit_remaining <= 0`` (no credit, with
        the same balance); 401 invalid; 402 no credit; 403 restricted; 429 rate limited.
        """
        try:
            reply = await self._get(config, "/key", None, max_bytes=MAX_CHECK_BYTES)
        except ProviderCallError as exc:
            return exc.result
        if not reply.ok:
            return _classify_failure(reply)
        body = reply.data
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict) or not any(
            k in data for k in ("label", "usage", "limit", "limit_remaining")
        ):
            return bad_shape_result(_LABEL, reply.status_code, "the key information it sends")
        secrets = [config.get("api_key", "")]
        details: dict[str, str] = {}
        label = data.get("label")
        if isinstance(label, str) and label:
            details["label"] = shorten(scrub(label, secrets), 80)
        for name in ("limit", "limit_remaining", "usage"):
            value = data.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                details[name] = f"{value:g}"
        if isinstance(data.get("is_free_tier"), bool):
            details["is_free_tier"] = "true" if data["is_free_tier"] else "false"
        balance = key_limit(data)
        remaining = data.get("limit_remaining")
        if (
            isinstance(remaining, int | float)
            and not isinstance(remaining, bool)
            and remaining <= 0
        ):
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                f"OpenRouter accepted the key, but its credit limit is used up "
                f"(limit_remaining {remaining:g}).",
                "Raise the key's limit or add credits at openrouter.ai/settings/credits.",
                http_status=reply.status_code,
                details=details,
                balance=balance,
            )
        return ValidationResult(
            ValidationStatus.VALID,
            "OpenRouter accepted the key.",
            None,
            http_status=reply.status_code,
            details=details,
            balance=balance,
        )

    async def list_models(self, config: Mapping[str, str]) -> list[ModelDefinition]:
        """List ``GET /models?output_modalities=all`` typed by output modalities, with
        capabilities, limits and prices from each entry
        (:func:`~modelhub.providers.capabilities.openrouter_facts`).

        Raises:
            ProviderCallError: The call failed or the answer was not a model list.
        """
        reply = await self._get(
            config, "/models", {"output_modalities": "all"}, max_bytes=MAX_LIST_BYTES
        )
        if not reply.ok:
            raise ProviderCallError(_classify_failure(reply))
        body = reply.data
        items = body.get("data") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ProviderCallError(bad_shape_result(_LABEL, reply.status_code, "a model list"))
        out: dict[tuple[str, ModelType], ModelDefinition] = {}
        for model in await cooperative.map_sliced(items, _definition):
            if model is not None:
                out.setdefault((model.id, model.model_type), model)
        return list(out.values())

    def headers(self, config: Mapping[str, str]) -> dict[str, str]:
        """Authorization plus the attribution headers, each only when set.

        Raises:
            ProviderCallError: No usable key, or an attribution value that cannot be a header.
        """
        headers = bearer_headers(self.require_key(config))
        fields = (("site_url", "HTTP-Referer"), ("app_title", "X-OpenRouter-Title"))
        headers.update(optional_headers(config, fields, _LABEL))
        return headers

    async def _get(
        self,
        config: Mapping[str, str],
        path: str,
        params: Mapping[str, str] | None,
        *,
        max_bytes: int,
    ) -> Reply:
        headers = self.headers(config)
        base = self.base_url(config)
        return await request_json(
            self._client,
            "GET",
            f"{base}{path}",
            headers=headers,
            params=params,
            max_bytes=max_bytes,
            provider_label=_LABEL,
        )


def _check_site_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInputError(
            f"Site URL {value!r} is not a valid http(s) URL.",
            "Enter your site's address, such as https://example.com.",
        )
    if parts.username or parts.password:
        raise InvalidInputError("Site URL must not contain a user name or password.")
    return header_text("Site URL", value)


def _definition(item: object) -> ModelDefinition | None:
    """One catalog entry as a typed definition, or None when it is malformed or not offered."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        return None
    arch = item.get("architecture")
    outputs = arch.get("output_modalities") if isinstance(arch, dict) else None
    if not isinstance(outputs, list):
        return None
    voices = item.get("supported_voices")
    model_type = model_type_for([str(m) for m in outputs], voices)
    if model_type is None:
        return None
    pricing_raw = item.get("pricing")
    pricing = (
        {str(k): str(v) for k, v in pricing_raw.items() if isinstance(v, str | int | float)}
        if isinstance(pricing_raw, dict)
        else {}
    )
    context = item.get("context_length")
    extra: dict[str, Any] = {"output_modalities": [str(m) for m in outputs]}
    inputs = arch.get("input_modalities") if isinstance(arch, dict) else None
    if isinstance(inputs, list):
        extra["input_modalities"] = [str(m) for m in inputs]
    if isinstance(voices, list) and voices:
        extra["supported_voices"] = [str(v) for v in voices]
    if isinstance(item.get("canonical_slug"), str):
        extra["canonical_slug"] = item["canonical_slug"]
    top = item.get("top_provider")
    if isinstance(top, dict) and isinstance(top.get("max_completion_tokens"), int):
        extra["max_completion_tokens"] = top["max_completion_tokens"]
    name = item.get("name")
    model = ModelDefinition(
        id=item["id"],
        model_type=model_type,
        name=name if isinstance(name, str) else "",
        context_length=context
        if isinstance(context, int) and not isinstance(context, bool)
        else None,
        pricing=pricing,
        extra=extra,
    )
    return complete(model, openrouter_facts(item))


def _classify_failure(reply: Reply) -> ValidationResult:
    """Classify a 4xx answer from OpenRouter (PROVIDERS.md §2.6)."""
    status = reply.status_code
    if status == 401:
        return ValidationResult(
            ValidationStatus.INVALID_CREDENTIALS,
            with_provider_text("OpenRouter rejected the key (HTTP 401).", reply.error_text),
            "Check that the key is complete and not disabled or deleted; create a new one at "
            "openrouter.ai/settings/keys.",
            http_status=status,
        )
    if status == 402:
        return ValidationResult(
            ValidationStatus.NO_CREDIT,
            with_provider_text(
                "OpenRouter accepted the key, but there are not enough credits (HTTP 402).",
                reply.error_text,
            ),
            "Add credits at openrouter.ai/settings/credits or raise the key's limit.",
            http_status=status,
        )
    if status == 403:
        return ValidationResult(
            ValidationStatus.RESTRICTED,
            with_provider_text("OpenRouter refused the request (HTTP 403).", reply.error_text),
            "Check the key's guardrails and the account's privacy settings on openrouter.ai.",
            http_status=status,
        )
    if status == 429:
        return rate_limited_result(reply, _LABEL)
    return unexpected_status_result(reply, _LABEL)
