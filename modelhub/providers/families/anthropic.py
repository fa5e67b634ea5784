"""The Anthropic family: Claude's native API (``x-api-key`` + ``anthropic-version``).

Facts relied on, and where they come from (``reference/PROVIDERS-MORE.md`` §1 and the
provider's own spec ``reference/openapi/anthropic.json``):

* Base ``https://api.anthropic.com``; every path is ``/v1/...`` under it (spec ``servers``,
  ``paths``). The key travels in ``x-api-key``; ``anthropic-version: 2023-06-01`` is sent on
  every request (spec header parameters; PROVIDERS-MORE §1.1 [C-code, I]). Both come from the
  description (``auth = "x-api-key"`` and its ``[headers]``), never an ``Authorization`` header.
* Key check: ``GET /v1/models?limit=1`` — free and authenticated (§1.2 [I]). There is no
  balance endpoint (§1.4 [C]).
* Errors are ``{"type": "error", "error": {"type", "message"}, "request_id"}`` (spec
  ``ErrorResponse``). 401 ``authentication_error`` -> invalid key; 403 ``permission_error`` ->
  restricted; 429 ``rate_limit_error`` -> rate limited (§1.2 [C]). No credit arrives as 402
  ``billing_error`` [C-docs/O] or as 400 ``invalid_request_error`` "Your credit balance is too
  low to access the Anthropic API" [O: aider-AI/aider#804]; both mean "key accepted, no
  credit" (§1.2 [I], §16.1). 5xx (including 529 ``overloaded_error``) is the provider's
  trouble and is classified by :func:`~modelhub.providers.http.request_json`.
* Anthropic-compatible gateways often have no ``GET /v1/models`` and answer 404 (§1.2 [O:
  decolua/9router#1916]); on a custom base URL a 404 is reported with a hint saying so.
* Model list: ``GET /v1/models`` takes ``limit`` (1-1000, default 20), ``after_id``; the
  answer is ``ListResponse_ModelInfo_`` ``{data, first_id, last_id, has_more}``; while
  ``has_more``, ask again with ``after_id = last_id`` (spec; §1.3 [C]). Pages are capped
  (:data:`MAX_PAGES`) and a repeated cursor stops the walk (§16.3).
* ``ModelInfo``: ``id``, ``display_name``, ``max_input_tokens`` (context window, nullable),
  ``max_tokens`` (max output, nullable), ``capabilities`` (nullable ``ModelCapabilities``;
  each capability ``{supported: bool}``). vision = ``image_input.supported``, reasoning =
  ``thinking.supported``, json = ``structured_outputs.supported`` (spec). Tool use is not a
  listed capability; every Claude model supports it (§1.3 [I]). Every model is a chat LLM: the
  API has no embedding, rerank, TTS or STT endpoints (§1.1 [C], §1.3 [I]).
  ``capabilities``, ``max_input_tokens`` and ``max_tokens`` go onto the typed fields
  (``capability_source = "provider"``); when ``capabilities`` is null (older proxies), vision
  and reasoning come from the id rules instead.
"""

from __future__ import annotations

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
from modelhub.providers.capabilities import ModelFacts, complete
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
    from collections.abc import Mapping

#: Largest page the model list serves (spec: ``limit`` 1-1000).
PAGE_SIZE = 1000
#: Most pages read from one model list before giving up on the rest.
MAX_PAGES = 50
#: Words of the 400 "no credit" answer (PROVIDERS-MORE §1.2 [O]).
_NO_CREDIT_TEXT = "credit balance is too low"
_KEY_PAGE = "console.anthropic.com/settings/keys"
MODELS_PATH = "/v1/models"


class AnthropicProvider(ModelProvider):
    """Anthropic's Claude API, or a gateway that speaks it (see the module docstring)."""

    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check the key with ``GET /v1/models?limit=1``. Never raises for provider or
        network trouble."""
        try:
            reply = await self.call(config, "GET", MODELS_PATH, params={"limit": "1"})
        except ProviderCallError as exc:
            return exc.result
        if not reply.ok:
            return self._classify_failure(reply, config)
        if _page(reply) is None:
            return bad_shape_result(self.label, reply.status_code, "a model list")
        return ValidationResult(
            ValidationStatus.VALID,
            f"{self.label} accepted the key.",
            None,
            http_status=reply.status_code,
        )

    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """Every model, following ``has_more`` / ``last_id`` pages (``limit=1000``).

        Raises:
            ProviderCallError: A page could not be fetched or was not a model list.
        """

        async def fetch(cursor: str | None) -> tuple[list[Any], str | None]:
            params = {"limit": str(PAGE_SIZE)}
            if cursor:
                params["after_id"] = cursor
            reply = await self.call(
                config, "GET", MODELS_PATH, params=params, max_bytes=MAX_LIST_BYTES
            )
            if not reply.ok:
                raise ProviderCallError(self._classify_failure(reply, config))
            page = _page(reply)
            if page is None:
                raise ProviderCallError(
                    bad_shape_result(self.label, reply.status_code, "a model list")
                )
            items, has_more, last_id = page
            return items, last_id if has_more else None

        items = await follow_pages(fetch, MAX_PAGES)
        out: dict[str, ModelDefinition] = {}
        for model in await cooperative.map_sliced(items, _definition):
            if model is not None:
                out.setdefault(model.id, model)
        return list(out.values())

    def _is_custom_base(self, config: Mapping[str, Any]) -> bool:
        spec = self.info.field("base_url")
        default = (spec.default or "").rstrip("/") if spec else ""
        try:
            return self.base_url(config) != default
        except ProviderCallError:
            return True

    def _classify_failure(self, reply: Reply, config: Mapping[str, Any]) -> ValidationResult:
        """Classify a 4xx answer (PROVIDERS-MORE §1.2)."""
        label = self.label
        status = reply.status_code
        if reply.is_html and not reply.is_json:
            return _html_result(reply, label)
        error_type = reply.error_type()
        if status == 402 or error_type == "billing_error" or _says_no_credit(reply):
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                with_provider_text(
                    f"{label} accepted the key, but the account has no credit left "
                    f"(HTTP {status}).",
                    reply.error_text,
                ),
                "Add credit or check the billing settings at console.anthropic.com/settings/"
                "billing.",
                http_status=status,
            )
        if status == 401:
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                with_provider_text(f"{label} rejected the key (HTTP 401).", reply.error_text),
                f"Check that the key is complete and not disabled or deleted; create a new one "
                f"at {_KEY_PAGE}.",
                http_status=status,
            )
        if status == 403:
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                with_provider_text(
                    f"{label} recognised the key but refused the request (HTTP 403).",
                    reply.error_text,
                ),
                "The key's workspace or organization may not have access to this API or these "
                "models; check its permissions in the Anthropic console.",
                http_status=status,
            )
        if status == 429:
            return rate_limited_result(reply, label)
        if status == 404 and self._is_custom_base(config):
            return ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                with_provider_text(
                    f"{label}: the custom base URL has no model list (GET /v1/models answered "
                    "HTTP 404).",
                    reply.error_text,
                ),
                "Enter the address without a trailing /v1 (ModelHub adds /v1/... itself). "
                "Some Anthropic-compatible gateways do not offer a model list at all.",
                http_status=status,
            )
        return unexpected_status_result(reply, label)


def _html_result(reply: Reply, provider_label: str) -> ValidationResult:
    """The ``BAD_RESPONSE`` result for a 4xx HTML page (a proxy, firewall or edge page)."""
    return ValidationResult(
        ValidationStatus.BAD_RESPONSE,
        f"{provider_label} answered HTTP {reply.status_code} with an HTML page, not the API's "
        "JSON; the request probably never reached the API.",
        "A proxy, firewall or network block may be in the way, or the base URL points at a "
        "website; check the network and the base URL.",
        http_status=reply.status_code,
    )


def _says_no_credit(reply: Reply) -> bool:
    """True for the 400 "Your credit balance is too low ..." answer."""
    if reply.status_code != 400:
        return False
    body = reply.data
    err = body.get("error") if isinstance(body, dict) else None
    message = err.get("message") if isinstance(err, dict) else None
    return isinstance(message, str) and _NO_CREDIT_TEXT in message.lower()


def _page(reply: Reply) -> tuple[list[Any], bool, str | None] | None:
    """``(data, has_more, last_id)`` of a ``ListResponse_ModelInfo_``, or None when the body
    is not one."""
    body = reply.data
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return None
    has_more = body.get("has_more") is True
    last_id = body.get("last_id")
    return body["data"], has_more, last_id if isinstance(last_id, str) and last_id else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _supported(capabilities: Mapping[str, Any], name: str) -> bool:
    entry = capabilities.get(name)
    return isinstance(entry, dict) and entry.get("supported") is True


def capabilities_of(raw: object) -> list[str]:
    """Our capability names for a ``ModelCapabilities`` object (None or partial is fine).

    ``tools`` is always there: every Claude model supports tool use (PROVIDERS-MORE §1.3).
    """
    caps: list[str] = []
    if isinstance(raw, dict):
        if _supported(raw, "image_input"):
            caps.append("vision")
        if _supported(raw, "thinking"):
            caps.append("reasoning")
    caps.append("tools")
    if isinstance(raw, dict) and _supported(raw, "structured_outputs"):
        caps.append("json")
    return caps


def facts_of(raw: object, *, context_length: int | None, max_output: int | None) -> ModelFacts:
    """Typed facts for a ``ModelCapabilities`` object: vision, reasoning and json as the
    object says (only when it is there), tools always (every Claude model has it)."""
    flags: dict[Capability, bool | None] = {Capability.TOOLS: True}
    if isinstance(raw, dict):
        for name, cap in (
            ("image_input", Capability.VISION),
            ("thinking", Capability.REASONING),
            ("structured_outputs", Capability.JSON),
        ):
            if isinstance(raw.get(name), dict):
                flags[cap] = _supported(raw, name)
    return ModelFacts.from_flags(flags, context_length=context_length, max_output_tokens=max_output)


def _definition(item: object) -> ModelDefinition | None:
    """One ``ModelInfo`` as a chat model, or None when it is malformed."""
    if not isinstance(item, dict):
        return None
    model_id = item.get("id")
    if not isinstance(model_id, str) or not model_id.strip() or not model_id.isprintable():
        return None
    if item.get("type") not in (None, "model"):
        return None
    name = item.get("display_name")
    extra: dict[str, Any] = {}
    max_output = _int(item.get("max_tokens"))
    if max_output is not None:
        extra["max_output_tokens"] = max_output
    extra["capabilities"] = capabilities_of(item.get("capabilities"))
    created = item.get("created_at")
    if isinstance(created, str) and created and len(created) <= 40:
        extra["created_at"] = created
    context = _int(item.get("max_input_tokens"))
    facts = facts_of(item.get("capabilities"), context_length=context, max_output=max_output)
    return complete(
        ModelDefinition(
            id=model_id,
            model_type=ModelType.LLM,
            name=name.strip() if isinstance(name, str) else "",
            context_length=context,
            extra=extra,
        ),
        facts,
    )
