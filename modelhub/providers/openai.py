"""OpenAI (https://api.openai.com/v1): key check on ``GET /models``, models typed by id.

Base URL policy: a custom base URL is used exactly as given (trailing slash removed); ``/v1``
is *not* appended. OpenAI-compatible proxies mount the API at different paths (``/v1``,
``/openai/v1``, the root), so guessing would break some of them; the form's default shows the
full ``https://api.openai.com/v1`` so people see the expected shape.
"""

from __future__ import annotations

import re
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
from modelhub.providers.capabilities import complete
from modelhub.providers.http import (
    MAX_LIST_BYTES,
    Reply,
    bad_shape_result,
    bearer_headers,
    header_text,
    optional_headers,
    rate_limited_result,
    request_json,
    unexpected_status_result,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_BASE_URL = "https://api.openai.com/v1"
_LABEL = "OpenAI"
_NO_CREDIT_CODES = frozenset({"insufficient_quota", "credit_balance_exhausted"})

# Typing rules (PROVIDERS.md §1.3), applied in this order; the first match wins. Order matters
# because most ids start with ``gpt-``.
_EMBEDDING = re.compile(r"^text-embedding-|embedding")
_TTS = re.compile(r"^tts-|-tts(?:$|-)")
_STT = re.compile(r"^whisper|transcribe")
# Not offered: images, moderation, realtime/audio chat, legacy completions, search, agents,
# video. ``*-audio-preview`` and ``gpt-audio*`` are audio-in/out chat models that need audio
# parameters to be useful; they are left out rather than offered as plain chat models.
_NOT_OFFERED = re.compile(
    r"^(?:dall-e|gpt-image|chatgpt-image|sora|babbage|davinci|computer-use)"
    r"|moderation|realtime|-audio|gpt-audio|-search|search-|deep-research|-instruct|image"
)
_LLM = re.compile(r"^(?:gpt-|chatgpt-|o\d|codex-|chat-latest)")


def model_type_for_id(model_id: str) -> ModelType | None:
    """The type of an OpenAI model id, or None when it is not offered.

    Fine-tunes (``ft:<base>:<org>::<id>``) are not offered: reference/PROVIDERS.md §1.8 lists
    ``ft:gpt-4o-mini-2024-07-18:my-org::abc123`` among the ids that must not be classified
    as chat, and a fine-tune belongs to one organisation's project rather than the catalog a
    workspace's default is chosen from.
    """
    lowered = model_id.lower()
    if lowered.startswith("ft:"):
        return None
    if _EMBEDDING.search(lowered):
        return ModelType.EMBEDDING
    if _TTS.search(lowered):
        return ModelType.TTS
    if _STT.search(lowered):
        return ModelType.SPEECH_TO_TEXT
    if _NOT_OFFERED.search(lowered):
        return None
    if _LLM.search(lowered):
        return ModelType.LLM
    return None


class OpenAIProvider(ModelProvider):
    """OpenAI's platform API, or any OpenAI-compatible endpoint at a custom base URL."""

    builtin_name = "openai"

    def normalize_config(self, raw: Mapping[str, Any]) -> dict[str, str]:
        """Check the config; organization and project must be sendable as headers.

        Raises:
            InvalidInputError: Any field is wrong.
        """
        out = super().normalize_config(raw)
        for name, label in (("organization", "Organization ID"), ("project", "Project ID")):
            if name in out:
                header_text(label, out[name])
        return out

    async def validate(self, config: Mapping[str, str]) -> ValidationResult:
        """Check the key with ``GET /models`` (free).

        200 is valid; 401 invalid; 403 a valid key without the Models: Read permission
        (restricted); 429 with ``insufficient_quota`` / ``credit_balance_exhausted`` no credit,
        any other 429 rate limited.
        """
        try:
            reply = await self._get_models(config, max_bytes=MAX_LIST_BYTES)
        except ProviderCallError as exc:
            return exc.result
        if reply.ok:
            models = _model_list(reply)
            if models is None:
                return bad_shape_result(_LABEL, reply.status_code, "a model list")
            return ValidationResult(
                ValidationStatus.VALID,
                f"OpenAI accepted the key ({len(models)} models visible).",
                None,
                http_status=reply.status_code,
                details={"models": str(len(models))},
            )
        return _classify_failure(reply)

    async def list_models(self, config: Mapping[str, str]) -> list[ModelDefinition]:
        """List ``GET /models`` and type each id by the rules of :func:`model_type_for_id`.

        The list has no capability or limit fields (PROVIDERS.md §1.2), so capabilities
        and limits come from the id rules (``capability_source = "rules"``).

        Raises:
            ProviderCallError: The call failed or the answer was not a model list.
        """
        reply = await self._get_models(config, max_bytes=MAX_LIST_BYTES)
        if not reply.ok:
            raise ProviderCallError(_classify_failure(reply))
        models = _model_list(reply)
        if models is None:
            raise ProviderCallError(bad_shape_result(_LABEL, reply.status_code, "a model list"))
        out: dict[tuple[str, ModelType], ModelDefinition] = {}
        for item in models:
            model_id = item["id"]
            model_type = model_type_for_id(model_id)
            if model_type is None:
                continue
            extra: dict[str, Any] = {}
            for field in ("owned_by", "created", "shutdown_date"):
                value = item.get(field)
                if isinstance(value, str | int) and not isinstance(value, bool):
                    extra[field] = value
            out.setdefault(
                (model_id, model_type),
                complete(
                    ModelDefinition(id=model_id, model_type=model_type, name=model_id, extra=extra)
                ),
            )
        return list(out.values())

    def headers(self, config: Mapping[str, str]) -> dict[str, str]:
        """Authorization plus OpenAI-Organization / OpenAI-Project only when set.

        Raises:
            ProviderCallError: No usable key (nothing is sent).
        """
        headers = bearer_headers(self.require_key(config))
        fields = (("organization", "OpenAI-Organization"), ("project", "OpenAI-Project"))
        headers.update(optional_headers(config, fields, _LABEL))
        return headers

    async def _get_models(self, config: Mapping[str, str], *, max_bytes: int) -> Reply:
        headers = self.headers(config)
        base = self.base_url(config)
        return await request_json(
            self._client,
            "GET",
            f"{base}/models",
            headers=headers,
            max_bytes=max_bytes,
            provider_label=_LABEL,
        )


def _model_list(reply: Reply) -> list[dict[str, Any]] | None:
    """The ``data`` entries with a string id, or None when the body is not a model list."""
    body = reply.data
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return None
    return [m for m in body["data"] if isinstance(m, dict) and isinstance(m.get("id"), str)]


def _classify_failure(reply: Reply) -> ValidationResult:
    """Classify a 4xx answer from OpenAI (PROVIDERS.md §1.4-1.5)."""
    status = reply.status_code
    if status == 401:
        return ValidationResult(
            ValidationStatus.INVALID_CREDENTIALS,
            with_provider_text("OpenAI rejected the key (HTTP 401).", reply.error_text),
            "Check that the key is complete and not revoked, and that the organization and "
            "project IDs (if set) belong to it; create a new key at "
            "platform.openai.com/api-keys.",
            http_status=status,
        )
    if status == 403:
        return ValidationResult(
            ValidationStatus.RESTRICTED,
            with_provider_text(
                "OpenAI recognised the key but refused to list models (HTTP 403).",
                reply.error_text,
            ),
            "The key is probably a restricted or project key without the Models: Read "
            "permission; grant it in the key's settings if models should be listed.",
            http_status=status,
        )
    if status == 429:
        code = reply.error_code()
        if reply.error_type() == "insufficient_quota" or code in _NO_CREDIT_CODES:
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                with_provider_text(
                    "OpenAI accepted the key, but the account has no credit left (HTTP 429).",
                    reply.error_text,
                ),
                "Add credit or raise the spending limit at platform.openai.com/settings/"
                "organization/billing.",
                http_status=status,
            )
        return rate_limited_result(reply, _LABEL)
    return unexpected_status_result(reply, _LABEL)
