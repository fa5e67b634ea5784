"""Azure OpenAI: OpenAI models deployed in the admin's own Azure resource.

Facts relied on (``reference/PROVIDERS-MORE.md`` §3, and §16 items 2 and 7):

* The data plane lives at ``https://{resource}.openai.azure.com/openai`` (2024-10-21 GA spec,
  ``servers: url: https://{endpoint}/openai``); ``api-version`` is a required query parameter
  on every dated route (§3.1 [C]). The admin types the resource endpoint as the portal shows
  it; some paste it with ``/openai`` (or ``/openai/v1``, the opt-in v1 API) on the end, so
  that suffix is removed and every request goes to ``<resource>/openai/...`` exactly once.
* The key travels as the ``api-key`` header; ``Authorization: Bearer`` is for Entra ID
  tokens and is never sent with a key (§3.1 [C]/[I]; the description's ``auth = "api-key"``).
* Key check: ``GET /openai/models?api-version=<version>`` is free and keyed, but proves only
  the key and the resource, not that any deployment exists (§3.2 [I], §16.2).
* A bad key, or a key of another resource or region: 401 ``{"error": {"code": "401",
  "message": "Access denied due to invalid subscription key or wrong API endpoint..."}}``;
  some gateways say ``"code": "Unauthorized"`` (§3.2 [O]). 403 means network access denied or
  a temporarily blocked resource (§3.2 [O]). A missing or wrong ``api-version`` or a wrong
  path gives 404 ``{"error": {"code": "404", "message": "Resource not found"}}`` (§3.1 [O]).
* Models are called by *deployment name*, and ``/openai/models`` lists base models the
  resource could use, not deployments (§3.3 [C]). The data-plane deployment list
  ``GET /openai/deployments?api-version=2023-03-15-preview`` answers
  ``{data: [{id: <deployment>, model: <base model>, object: "deployment"}]}`` on resources
  that still serve it; newer versions dropped the route, and the supported listing (ARM)
  needs an Entra token an API key cannot give (§3.3 [O]/[I]). So deployments are typed in by
  the admin (``deployments``, ``name = type`` per line); only when there are none is the
  preview listing tried, each deployment typed by its base model with OpenAI's id rules, and
  a 404 there means "cannot list" (an empty list), not a failure.
* Base-model names follow OpenAI's with Azure spellings (``gpt-35-turbo``, ``whisper``,
  ``tts-hd``), which OpenAI's id rules already type; Azure's plain ``tts`` base model is
  typed TTS here ([I] not in the reference: Azure's model catalog names it ``tts``).
* Neither list says what a model can do, so capabilities and limits come from the id rules,
  matched on the deployment's base model when the listing gives it, else on the deployment
  name (which is often the model's own name).
* No balance endpoint (§3.4); no rerank models (§3.5). Error bodies may be HTML from a
  proxy or firewall and are never assumed to be JSON (§16.7).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ModelDefinition, ModelType, ValidationResult, ValidationStatus
from modelhub.providers.base import ModelProvider, ProviderCallError
from modelhub.providers.capabilities import complete
from modelhub.providers.http import (
    MAX_CHECK_BYTES,
    MAX_LIST_BYTES,
    Reply,
    bad_shape_result,
    rate_limited_result,
    unexpected_status_result,
    with_provider_text,
)
from modelhub.providers.openai import model_type_for_id

if TYPE_CHECKING:
    from collections.abc import Mapping

#: The GA api-version used when the config names none (also the description's default).
DEFAULT_API_VERSION = "2024-10-21"
#: The preview api-version that still serves the data-plane deployment list (§3.3).
DEPLOYMENTS_API_VERSION = "2023-03-15-preview"
#: What an api-version looks like: ``2024-10-21``, ``2025-04-01-preview``, ``v1``, ``latest``.
_API_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,39}$")
#: A pasted ``/openai`` or ``/openai/v1`` at the end of the endpoint.
_OPENAI_SUFFIX = re.compile(r"/openai(?:/v1)?/*$", re.IGNORECASE)
#: Azure base-model names OpenAI's id rules do not know ([I], see the module docstring).
_AZURE_BASE_MODELS = {"tts": ModelType.TTS}
_ADD_DEPLOYMENTS = (
    "Add your deployment names under Deployments, one per line as deployment-name = type "
    "(for example chat = llm); they are what models are called by on Azure."
)


def resource_endpoint(url: str) -> str:
    """``url`` without a trailing slash or a pasted ``/openai`` (``/openai/v1``) suffix."""
    return _OPENAI_SUFFIX.sub("", url.rstrip("/")).rstrip("/")


def base_model_type(base_model: str) -> ModelType | None:
    """The type of a deployment's base model (OpenAI's id rules), or None when not offered."""
    return _AZURE_BASE_MODELS.get(base_model.strip().lower()) or model_type_for_id(base_model)


class AzureOpenAIProvider(ModelProvider):
    """The Azure OpenAI data plane of one resource, with an ``api-key`` key."""

    builtin_name = "azure_openai"

    def normalize_config(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Check the config: the endpoint loses a pasted ``/openai``, the api-version must
        look like one, and each deployment's type must be one Azure OpenAI offers.

        Raises:
            InvalidInputError: Any field is wrong; the error's ``field`` names it.
        """
        out = super().normalize_config(raw)
        if isinstance(out.get("base_url"), str):
            out["base_url"] = resource_endpoint(out["base_url"])
        version = out.get("api_version")
        if isinstance(version, str) and not _API_VERSION.match(version):
            raise InvalidInputError(
                f"API version {version!r} is not an Azure api-version.",
                f"Use a dated version such as {DEFAULT_API_VERSION}.",
                field="api_version",
            )
        offered = set(self.info.model_types)
        for entry in out.get("deployments", []):
            model_type = ModelType(entry["type"])
            if model_type not in offered:
                allowed = ", ".join(t.value for t in self.info.model_types)
                raise InvalidInputError(
                    f"Deployment {entry['id']!r}: Azure OpenAI has no {model_type.value} models.",
                    f"Use one of: {allowed}.",
                    field="deployments",
                )
        return out

    async def validate(self, config: Mapping[str, Any]) -> ValidationResult:
        """Check key and resource with ``GET /openai/models`` (free).

        200 is valid (the key and resource, not any deployment); 401 invalid; 403 restricted
        (network rules or a blocked resource); 404 a wrong endpoint or api-version; 429 rate
        limited. Never raises for provider or network trouble.
        """
        try:
            reply = await self._get_models(config)
        except ProviderCallError as exc:
            return exc.result
        if not reply.ok:
            return self._classify_failure(reply)
        models = _data_list(reply)
        if models is None:
            return bad_shape_result(self.info.label, reply.status_code, "a model list")
        deployments = _typed_deployments(config)
        proof = (
            f"{self.info.label} accepted the key for this resource ({len(models)} base models "
            "available). This proves the key and the endpoint, not that a deployment exists"
        )
        if deployments:
            message = f"{proof}; {len(deployments)} deployment(s) are configured."
            hint = None
        else:
            message = f"{proof}, and no deployments are configured yet."
            hint = _ADD_DEPLOYMENTS
        return ValidationResult(
            ValidationStatus.VALID,
            message,
            hint,
            http_status=reply.status_code,
            details={"models": str(len(models)), "deployments": str(len(deployments))},
        )

    async def list_models(self, config: Mapping[str, Any]) -> list[ModelDefinition]:
        """The configured deployments, or else those the preview listing shows.

        The key and resource are checked first (``GET /openai/models``), so a bad key never
        yields a list. Typed-in deployments are the models (id = deployment name). With none,
        ``GET /openai/deployments`` (preview api-version) is tried; each deployment is typed by
        its base model (kept in ``extra["base_model"]``); a 404 there gives an empty list.

        Raises:
            ProviderCallError: A call failed or an answer was not shaped as expected.
        """
        reply = await self._get_models(config)
        if not reply.ok:
            raise ProviderCallError(self._classify_failure(reply))
        if _data_list(reply) is None:
            raise ProviderCallError(
                bad_shape_result(self.info.label, reply.status_code, "a model list")
            )
        offered = set(self.info.model_types)
        typed = _typed_deployments(config)
        if typed:
            return [
                complete(ModelDefinition(id=name, model_type=model_type, name=name))
                for name, model_type in typed
                if model_type in offered
            ]
        listing = await self._request(
            config, "deployments", DEPLOYMENTS_API_VERSION, max_bytes=MAX_LIST_BYTES
        )
        if listing.status_code == 404:
            return []
        if not listing.ok:
            raise ProviderCallError(self._classify_failure(listing))
        entries = _data_list(listing)
        if entries is None:
            raise ProviderCallError(
                bad_shape_result(self.info.label, listing.status_code, "a deployment list")
            )
        out: dict[str, ModelDefinition] = {}
        for item in entries:
            base_model = item.get("model")
            if not isinstance(base_model, str) or not base_model:
                continue
            model_type = base_model_type(base_model)
            if model_type is None or model_type not in offered:
                continue
            name = item["id"]
            out.setdefault(
                name,
                complete(
                    ModelDefinition(
                        id=name, model_type=model_type, name=name, extra={"base_model": base_model}
                    ),
                    match_id=base_model,
                ),
            )
        return list(out.values())

    def api_root(self, config: Mapping[str, Any]) -> str:
        """The resource's ``.../openai`` address, checked before the key is sent to it.

        Raises:
            ProviderCallError: No usable endpoint (nothing is sent).
        """
        return f"{resource_endpoint(self.base_url(config))}/openai"

    def api_version(self, config: Mapping[str, Any]) -> str:
        """The configured api-version, or the GA default.

        Raises:
            ProviderCallError: The stored value is not an api-version (nothing is sent).
        """
        version = (self.setting(config, "api_version") or DEFAULT_API_VERSION).strip()
        if not _API_VERSION.match(version):
            raise ProviderCallError(
                ValidationResult(
                    ValidationStatus.UNREACHABLE,
                    f"{self.info.label} was not contacted: the API version is not an "
                    "Azure api-version.",
                    f"Use a dated version such as {DEFAULT_API_VERSION}.",
                )
            )
        return version

    async def _get_models(self, config: Mapping[str, Any]) -> Reply:
        return await self._request(
            config, "models", self.api_version(config), max_bytes=MAX_LIST_BYTES
        )

    async def _request(
        self,
        config: Mapping[str, Any],
        route: str,
        api_version: str,
        *,
        max_bytes: int = MAX_CHECK_BYTES,
    ) -> Reply:
        return await self.call(
            config, "GET", f"/{route}", params={"api-version": api_version}, max_bytes=max_bytes
        )

    def _classify_failure(self, reply: Reply) -> ValidationResult:
        """Classify a 4xx answer (PROVIDERS-MORE.md §3.1-3.2)."""
        label = self.info.label
        status = reply.status_code
        if status == 401:
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                with_provider_text(f"{label} rejected the key (HTTP 401).", reply.error_text),
                "Copy Key 1 or Key 2 again from the resource's Keys and Endpoint page, and "
                "check that the endpoint is that same resource: a key of another resource "
                "or region is refused.",
                http_status=status,
            )
        if status == 403:
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                with_provider_text(
                    f"{label} refused access to the resource (HTTP 403).", reply.error_text
                ),
                "The resource's network rules may deny this computer (Networking → "
                "Firewalls and virtual networks), or the resource may be blocked; check it "
                "in the Azure portal.",
                http_status=status,
            )
        if status == 404:
            return ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                with_provider_text(
                    f"{label} found nothing at this address (HTTP 404).", reply.error_text
                ),
                "Check the resource endpoint (https://<resource>.openai.azure.com, as on the "
                f"Keys and Endpoint page) and the API version (such as {DEFAULT_API_VERSION}).",
                http_status=status,
            )
        if status == 429:
            return rate_limited_result(reply, label)
        return unexpected_status_result(reply, label)


def _data_list(reply: Reply) -> list[dict[str, Any]] | None:
    """The ``data`` entries with a string id, or None when the body has no ``data`` list."""
    body = reply.data
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return None
    return [e for e in body["data"] if isinstance(e, dict) and isinstance(e.get("id"), str)]


def _typed_deployments(config: Mapping[str, Any]) -> list[tuple[str, ModelType]]:
    """The admin's deployments as ``(name, type)``; malformed entries are skipped."""
    raw = config.get("deployments")
    if isinstance(raw, str):  # not normalised yet: ``name = type`` lines
        raw = [
            dict(zip(("id", "type"), line.split("=", 1), strict=False)) for line in raw.splitlines()
        ]
    if not isinstance(raw, list):
        return []
    out: dict[str, ModelType] = {}
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        name, type_text = entry.get("id"), entry.get("type") or ModelType.LLM.value
        if not isinstance(name, str) or not name.strip() or not isinstance(type_text, str):
            continue
        try:
            out.setdefault(name.strip(), ModelType.parse(type_text))
        except ValueError:
            continue
    return list(out.items())
