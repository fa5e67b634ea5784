"""The OpenAI-compatible family: any API shaped like OpenAI's, configured by its description.

DeepSeek, Mistral, Groq, xAI, Voyage, vLLM and every workspace's custom endpoint speak this
dialect. What differs between them is data in the description's ``[options]`` table:

``validate``
    The key check: ``{method = "GET", path = "/models", body = {...}}``. DeepSeek checks
    ``GET /user/balance`` (free, and tells no credit apart), xAI ``GET /api-key`` (key status),
    Voyage a one-input ``POST /embeddings`` (it has no free endpoint).
``available_field``
    A boolean in the check's answer that, when false, means "key accepted, no credit"
    (DeepSeek ``is_available``).
``blocked_fields``
    Booleans in the check's answer that, when any is true, mean the key is blocked
    (xAI ``api_key_blocked``, ``api_key_disabled``, ``team_blocked``) -> restricted.
``balance_field``
    A list of ``{currency, total_balance}`` entries shown as the check's details (DeepSeek),
    and the first of them as the result's typed ``CASH`` balance (see
    :mod:`modelhub.providers.balance`).
``invalid_key_texts``
    Words in a non-401 error that still mean a bad key (xAI answers HTTP 400
    "Incorrect API key provided").
``no_credit_statuses`` / ``no_credit_codes``
    HTTP statuses (DeepSeek 402) and error codes/types (``insufficient_quota``,
    ``exceeded_current_quota_error``) that mean "key accepted, no credit".
``models_path``
    Where the model list is (``/models``); ``""`` when there is none (Voyage).
``static_models``
    Models to offer when the provider has no list: ``[{id, type}]``.
``model_rules``
    How to type a listed model, first match wins: each rule has ``match`` (a regular
    expression on the id) and/or ``field`` + ``equals`` (a dotted path into the list entry,
    such as ``capabilities.completion_chat``), and ``type`` (a model type, or ``"skip"``).
    Without rules, :data:`GENERIC_RULES` apply (OpenAI-style ids; anything unknown is chat).
``default_type``
    The type of a model no rule matched (``"llm"``, or ``"skip"`` to leave it out).
``context_field`` / ``name_field``
    Dotted paths to a list entry's context length and display name.

Capabilities and limits come from the documented extras a list entry carries (Mistral's
``capabilities`` object, Groq's ``context_window``, xAI's ``input_modalities``, vLLM's
``max_model_len``; :func:`~modelhub.providers.capabilities.openai_style_facts`); whatever an
entry does not say is filled in from the id rules (``capability_rules.toml``).

A custom endpoint's config may also carry ``models`` typed in by the admin: they are offered
when the endpoint has no list, and they correct the type of a listed model of the same id.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

from modelhub.domain.models import (
    ModelDefinition,
    ModelType,
    ValidationResult,
    ValidationStatus,
)
from modelhub.providers import cooperative
from modelhub.providers.balance import first_cash
from modelhub.providers.base import ModelProvider, ProviderCallError
from modelhub.providers.capabilities import ModelFacts, complete, openai_style_facts
from modelhub.providers.http import (
    MAX_LIST_BYTES,
    Reply,
    bad_shape_result,
    rate_limited_result,
    unexpected_status_result,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: Typing rules for ids of unknown provenance, in order; anything unmatched is chat.
GENERIC_RULES: tuple[dict[str, str], ...] = (
    {"match": r"rerank", "type": "rerank"},
    {"match": r"embed|^bge-|^e5-|^gte-", "type": "embedding"},
    {"match": r"whisper|transcri|(^|[-_/])asr|speech-to-text|sensevoice", "type": "speech_to_text"},
    {"match": r"(^|[-_/])tts($|[-_])|text-to-speech|cosyvoice", "type": "tts"},
    {
        "match": r"dall-e|gpt-image|imagen|stable-diffusion|flux|sdxl|moderation|guard|"
        r"realtime|(^|[-_/])image($|[-_])|video|sora",
        "type": "skip",
    },
)
_SKIP = "skip"
_NO_CREDIT_CODES = frozenset(
    {
        "insufficient_quota",
        "credit_balance_exhausted",
        "exceeded_current_quota_error",
        "insufficient_balance",
    }
)
#: Longest list of hand-typed or static models taken from a description or config.
_MAX_STATIC = 2000


class _Rule:
    """One compiled typing rule."""

    __slots__ = ("equals", "field", "pattern", "type")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        match = raw.get("match")
        self.pattern = re.compile(str(match), re.IGNORECASE) if match else None
        field = raw.get("field")
        self.field = str(field).split(".") if field else None
        self.equals = raw.get("equals", True)
        type_text = str(raw.get("type", ""))
        self.type: ModelType | None = None if type_text == _SKIP else ModelType.parse(type_text)

    def matches(self, model_id: str, item: Mapping[str, Any]) -> bool:
        if self.pattern is not None and not self.pattern.search(model_id):
            return False
        if self.field is not None:
            return bool(_dig(item, self.field) == self.equals)
        return self.pattern is not None


class OpenAICompatibleProvider(ModelProvider):
    """Any OpenAI-shaped API, as its description configures it (see the module docstring)."""

    @cached_property
    def _options(self) -> Mapping[str, Any]:
        return self.info.options

    @cached_property
    def _rules(self) -> list[_Rule]:
        raw = self._options.get("model_rules")
        rules = raw if isinstance(raw, list) and raw else GENERIC_RULES
        return [_Rule(r) for r in rules if isinstance(r, dict)]

    # -- the key check ------------------------------------------------------------------

    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check the key with the description's check (``GET /models`` unless it says
        otherwise). Never raises for provider or network trouble."""
        check = self._options.get("validate")
        check = check if isinstance(check, dict) else {}
        method = str(check.get("method", "GET")).upper()
        path = str(check.get("path", "/models"))
        body = check.get("body") if method == "POST" else None
        try:
            reply = await self.call(config, method, path, json_body=body, max_bytes=MAX_LIST_BYTES)
        except ProviderCallError as exc:
            return exc.result
        manual = _manual_models(config)
        if reply.status_code in (404, 405) and manual and path.rstrip("/").endswith("/models"):
            # No model list to check the key against, and the admin typed the models in:
            # say plainly that only reachability was shown, and offer those models.
            count = len(manual)
            return ValidationResult(
                ValidationStatus.VALID,
                f"{self.label} answered, but has no model list (HTTP {reply.status_code}), so "
                f"the key could not be checked; the {count} model"
                f"{'s' if count != 1 else ''} typed in by hand are offered.",
                "Run a model check to be sure the key works.",
                http_status=reply.status_code,
            )
        if not reply.ok:
            return self._classify_failure(reply, config)
        data = reply.data
        if not isinstance(data, dict):
            return bad_shape_result(self.label, reply.status_code, "the answer it should send")
        return self._classify_success(reply, data, path)

    def _classify_success(
        self, reply: Reply, data: Mapping[str, Any], path: str
    ) -> ValidationResult:
        label = self.label
        details: dict[str, str] = {}
        balance_field = self._options.get("balance_field")
        balance = None
        if isinstance(balance_field, str):
            details.update(_balances(data.get(balance_field)))
            balance = first_cash(data.get(balance_field))
        blocked = [
            str(name)
            for name in self._options.get("blocked_fields", [])
            if data.get(str(name)) is True
        ]
        if blocked:
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                f"{label} recognised the key, but it is blocked or disabled "
                f"({', '.join(blocked)}).",
                f"Unblock or re-enable the key in {label}'s console, or create a new one.",
                http_status=reply.status_code,
                details=details,
                balance=balance,
            )
        available = self._options.get("available_field")
        if isinstance(available, str) and data.get(available) is False:
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                f"{label} accepted the key, but the account cannot make calls: its balance is "
                "used up or unavailable.",
                f"Top up the account in {label}'s console.",
                http_status=reply.status_code,
                details=details,
                balance=balance,
            )
        if path.rstrip("/").endswith("/models"):
            items = data.get("data")
            if not isinstance(items, list):
                return bad_shape_result(label, reply.status_code, "a model list")
            count = len(items)
            noun = "model" if count == 1 else "models"
            return ValidationResult(
                ValidationStatus.VALID,
                f"{label} accepted the key; {count:,} {noun} visible.",
                None,
                http_status=reply.status_code,
                details={"models": str(count), **details},
                balance=balance,
            )
        return ValidationResult(
            ValidationStatus.VALID,
            f"{label} accepted the key.",
            None,
            http_status=reply.status_code,
            details=details,
            balance=balance,
        )

    def _classify_failure(self, reply: Reply, config: Mapping[str, Any]) -> ValidationResult:
        label = self.label
        status = reply.status_code
        code = (reply.error_code() or "").lower()
        kind = (reply.error_type() or "").lower()
        text = reply.error_text or ""
        no_credit_codes = _NO_CREDIT_CODES | {
            str(c).lower() for c in self._options.get("no_credit_codes", [])
        }
        invalid_texts = [str(t).lower() for t in self._options.get("invalid_key_texts", [])]
        if status == 401 or (invalid_texts and any(t in text.lower() for t in invalid_texts)):
            if self.info.key_field is not None and not self.has_key(config):
                return ValidationResult(
                    ValidationStatus.INVALID_CREDENTIALS,
                    with_provider_text(
                        f"{label} wants a key (HTTP {status}), and none is set.", reply.error_text
                    ),
                    "Enter the key the server was started with.",
                    http_status=status,
                )
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                with_provider_text(f"{label} rejected the key (HTTP {status}).", reply.error_text),
                f"Check that the key is complete and not revoked; create a new one in {label}'s "
                "console if needed.",
                http_status=status,
            )
        if status in {int(s) for s in self._options.get("no_credit_statuses", [402])} or (
            status in (402, 403, 429) and (code in no_credit_codes or kind in no_credit_codes)
        ):
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                with_provider_text(
                    f"{label} accepted the key, but the account has no credit left "
                    f"(HTTP {status}).",
                    reply.error_text,
                ),
                f"Top up the account or raise its limit in {label}'s console.",
                http_status=status,
            )
        if status == 403:
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                with_provider_text(
                    f"{label} recognised the key but refused the request (HTTP 403).",
                    reply.error_text,
                ),
                "The key may lack a permission, or the account or region may be blocked.",
                http_status=status,
            )
        if status == 429:
            return rate_limited_result(reply, label)
        return unexpected_status_result(reply, label)

    # -- models -------------------------------------------------------------------------

    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """The provider's models, typed by the description's rules, with the admin's
        hand-typed models added (and correcting types).

        Raises:
            ProviderCallError: The list could not be fetched or was not a model list (and no
                hand-typed models stand in for it).
        """
        manual = _manual_models(config)
        static = _manual_models({"models": self._options.get("static_models", [])})
        path = self._options.get("models_path", "/models")
        listed: list[tuple[ModelDefinition, ModelFacts]] = []
        if path:
            try:
                listed = await self._listed(config, str(path))
            except ProviderCallError as exc:
                # An endpoint without a list is fine when the admin typed its models.
                if not manual or exc.result.http_status not in (404, 405):
                    raise
        out: dict[str, ModelDefinition] = {}
        facts: dict[str, ModelFacts] = {}
        for model in static:
            out.setdefault(model.id, model)
        for model, said in listed:
            out.setdefault(model.id, model)
            facts.setdefault(model.id, said)
        for model in manual:
            previous = out.get(model.id)
            out[model.id] = (
                complete(
                    ModelDefinition(
                        id=model.id,
                        model_type=model.model_type,
                        name=previous.name,
                        context_length=previous.context_length,
                        pricing=previous.pricing,
                        extra={**previous.extra, "typed_by_admin": True},
                        max_output_tokens=previous.max_output_tokens,
                        price=previous.price,
                    ),
                    facts.get(model.id),
                )
                if previous is not None
                else model
            )
        allowed = set(self.info.model_types)
        return [m for m in out.values() if m.model_type in allowed]

    async def _listed(
        self, config: Mapping[str, Any], path: str
    ) -> list[tuple[ModelDefinition, ModelFacts]]:
        reply = await self.call(config, "GET", path, max_bytes=MAX_LIST_BYTES)
        if not reply.ok:
            raise ProviderCallError(self._classify_failure(reply, config))
        body = reply.data
        items = body.get("data") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ProviderCallError(bad_shape_result(self.label, reply.status_code, "a model list"))
        models = await cooperative.map_sliced(items, self._definition)
        return [m for m in models if m is not None]

    def _definition(self, item: Any) -> tuple[ModelDefinition, ModelFacts] | None:
        if not isinstance(item, dict):
            return None
        model_id = item.get("id")
        if not isinstance(model_id, str) or not model_id or len(model_id) > 256:
            return None
        model_type = self.model_type_for(model_id, item)
        if model_type is None:
            return None
        name_field = self._options.get("name_field")
        name = _dig(item, str(name_field).split(".")) if name_field else None
        context_field = self._options.get("context_field")
        context = _dig(item, str(context_field).split(".")) if context_field else None
        extra: dict[str, Any] = {}
        owned_by = item.get("owned_by")
        if isinstance(owned_by, str):
            extra["owned_by"] = owned_by
        facts = openai_style_facts(item)
        model = complete(
            ModelDefinition(
                id=model_id,
                model_type=model_type,
                name=name if isinstance(name, str) and name else model_id,
                context_length=context
                if isinstance(context, int) and not isinstance(context, bool) and context > 0
                else None,
                extra=extra,
            ),
            facts,
        )
        return model, facts

    def model_type_for(self, model_id: str, item: Mapping[str, Any]) -> ModelType | None:
        """The type of a listed model by the description's rules (None: not offered)."""
        for rule in self._rules:
            if rule.matches(model_id, item):
                return rule.type
        default = str(self._options.get("default_type", "llm"))
        return None if default == _SKIP else ModelType.parse(default)


def _dig(item: Any, path: Sequence[str]) -> Any:
    for part in path:
        if not isinstance(item, dict):
            return None
        item = item.get(part)
    return item


def _manual_models(config: Mapping[str, Any]) -> list[ModelDefinition]:
    """Models typed in by hand (``models``/``deployments`` entries of ``{"id", "type"}``)."""
    raw = config.get("models")
    if not isinstance(raw, list):
        return []
    out = []
    for entry in raw[:_MAX_STATIC]:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        try:
            model_type = ModelType.parse(str(entry.get("type") or "llm"))
        except ValueError:
            continue
        model_id = entry["id"]
        out.append(
            complete(
                ModelDefinition(
                    id=model_id,
                    model_type=model_type,
                    name=str(entry.get("name") or model_id),
                    extra={"typed_by_admin": True},
                )
            )
        )
    return out


def _balances(value: Any) -> dict[str, str]:
    """``balance``/``currency`` details from a list of ``{currency, total_balance}``."""
    if not isinstance(value, list):
        return {}
    out: dict[str, str] = {}
    for entry in value[:5]:
        if not isinstance(entry, dict):
            continue
        currency = entry.get("currency")
        total = entry.get("total_balance")
        if isinstance(currency, str) and isinstance(total, str | int | float):
            key = "balance" if "balance" not in out else f"balance_{currency.lower()}"
            out[key] = f"{total} {currency}"
    return out
