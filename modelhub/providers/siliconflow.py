"""SiliconFlow (China ``api.siliconflow.cn``, international ``api.siliconflow.com``).

The key check is ``GET /user/info`` (free; returns the balance, amounts as strings). Models
come from one ``GET /models?sub_type=…`` per type, run concurrently and labelled by the query
that returned them (PROVIDERS.md §4.3). Error bodies are often a bare JSON string
(``"Api key is invalid"``); :func:`modelhub.providers.http.provider_error_text` reads both
that and ``{"code", "message", "data"}``.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from modelhub.domain.models import (
    Balance,
    ModelDefinition,
    ModelType,
    ValidationResult,
    ValidationStatus,
)
from modelhub.providers.balance import cash
from modelhub.providers.base import (
    ModelProvider,
    ProviderCallError,
)
from modelhub.providers.capabilities import complete
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

_LABEL = "SiliconFlow"
REGION_BASE_URLS = {
    "cn": "https://api.siliconflow.cn/v1",
    "intl": "https://api.siliconflow.com/v1",
}
REGION_CHOICES = (
    ("cn", "China (api.siliconflow.cn)"),
    ("intl", "International (api.siliconflow.com)"),
)
#: ``sub_type`` query → the type of every model it returns.
SUB_TYPES: tuple[tuple[str, ModelType], ...] = (
    ("chat", ModelType.LLM),
    ("embedding", ModelType.EMBEDDING),
    ("reranker", ModelType.RERANK),
    ("text-to-speech", ModelType.TTS),
    ("speech-to-text", ModelType.SPEECH_TO_TEXT),
)
_BALANCE_FIELDS = ("balance", "chargeBalance", "totalBalance")
#: The China site bills in yuan. PROVIDERS.md names no currency for the international site,
#: so its balance carries none rather than a guess.
_CNY_HOST_SUFFIX = "siliconflow.cn"


class SiliconFlowProvider(ModelProvider):
    """SiliconFlow's hosted open models (DeepSeek, Qwen, BGE, CosyVoice, SenseVoice ...)."""

    builtin_name = "siliconflow"

    async def validate(self, config: Mapping[str, str]) -> ValidationResult:
        """Check the key with ``GET /user/info`` (free; shows the balance).

        200 with ``status: true`` is valid (details: balance, chargeBalance, totalBalance;
        balance: ``totalBalance`` as ``CASH``, in CNY on the China site), or no credit when
        ``totalBalance`` is zero or less (with the same balance); 401 invalid (with a hint
        about the other region); 403 restricted; 429 rate limited.
        """
        try:
            reply = await self._get(config, "/user/info", None, max_bytes=MAX_CHECK_BYTES)
        except ProviderCallError as exc:
            return exc.result
        if not reply.ok:
            return self._classify_failure(reply, config)
        body = reply.data
        data = body.get("data") if isinstance(body, dict) else None
        if (
            not isinstance(body, dict)
            or body.get("status") is not True
            or not isinstance(data, dict)
        ):
            return bad_shape_result(_LABEL, reply.status_code, "the account information it sends")
        details = {
            name: str(data[name])
            for name in _BALANCE_FIELDS
            if isinstance(data.get(name), str | int | float) and not isinstance(data[name], bool)
        }
        if isinstance(data.get("status"), str) and data["status"]:
            details["account_status"] = data["status"][:40]
        details["region"] = self.region(config)
        total = _amount(data.get("totalBalance"))
        balance = self._balance(config, data.get("totalBalance"))
        if total is not None and total <= 0:
            return ValidationResult(
                ValidationStatus.NO_CREDIT,
                f"SiliconFlow accepted the key, but the account balance is "
                f"{details.get('totalBalance', '0')}.",
                "Top up the account on SiliconFlow; only free models will work until then.",
                http_status=reply.status_code,
                details=details,
                balance=balance,
            )
        shown = f" (balance {details['totalBalance']})" if "totalBalance" in details else ""
        return ValidationResult(
            ValidationStatus.VALID,
            f"SiliconFlow accepted the key{shown}.",
            None,
            http_status=reply.status_code,
            details=details,
            balance=balance,
        )

    async def list_models(self, config: Mapping[str, str]) -> list[ModelDefinition]:
        """List ``GET /models?sub_type=X`` for each of the five types, concurrently.

        A sub-type the server does not know (400/404) contributes nothing; any other
        failure fails the listing.

        Raises:
            ProviderCallError: A call failed (the most telling failure is reported).
        """
        # Check key and URL once up front so a bad config sends nothing at all.
        self.headers(config)
        self.base_url(config)
        results = await asyncio.gather(
            *(self._list_sub_type(config, sub, mtype) for sub, mtype in SUB_TYPES),
            return_exceptions=True,
        )
        failures: list[ProviderCallError] = []
        out: dict[tuple[str, ModelType], ModelDefinition] = {}
        for result in results:
            if isinstance(result, ProviderCallError):
                failures.append(result)
            elif isinstance(result, BaseException):
                raise result
            else:
                for model in result:
                    out.setdefault((model.id, model.model_type), model)
        if failures:
            raise min(failures, key=_failure_rank)
        return list(out.values())

    def _balance(self, config: Mapping[str, str], total: object) -> Balance | None:
        """``totalBalance`` as ``CASH``: CNY when the address is the China site."""
        try:
            host = urlsplit(self.base_url(config)).hostname or ""
        except ProviderCallError:
            host = ""
        china = host == _CNY_HOST_SUFFIX or host.endswith("." + _CNY_HOST_SUFFIX)
        return cash(total, "CNY" if china else None)

    def region(self, config: Mapping[str, str]) -> str:
        """The configured region (``cn`` unless ``intl`` is chosen)."""
        region = self.setting(config, "region") or "cn"
        return region if region in REGION_BASE_URLS else "cn"

    def headers(self, config: Mapping[str, str]) -> dict[str, str]:
        """Just the Authorization header.

        Raises:
            ProviderCallError: No usable key (nothing is sent).
        """
        return bearer_headers(self.require_key(config))

    async def _list_sub_type(
        self, config: Mapping[str, str], sub_type: str, model_type: ModelType
    ) -> list[ModelDefinition]:
        reply = await self._get(config, "/models", {"sub_type": sub_type}, max_bytes=MAX_LIST_BYTES)
        if reply.status_code in (400, 404) and not reply.is_html:
            return []  # this server does not know the sub_type (text-to-speech is undocumented)
        if not reply.ok:
            raise ProviderCallError(self._classify_failure(reply, config))
        body = reply.data
        items = body.get("data") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ProviderCallError(bad_shape_result(_LABEL, reply.status_code, "a model list"))
        models = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
                continue
            extra: dict[str, Any] = {"sub_type": sub_type}
            if isinstance(item.get("owned_by"), str) and item["owned_by"]:
                extra["owned_by"] = item["owned_by"]
            # The list says nothing but ids: capabilities come from the id rules.
            models.append(
                complete(
                    ModelDefinition(
                        id=item["id"], model_type=model_type, name=item["id"], extra=extra
                    )
                )
            )
        return models

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

    def _classify_failure(self, reply: Reply, config: Mapping[str, str]) -> ValidationResult:
        """Classify a 4xx answer from SiliconFlow (PROVIDERS.md §4.2, §4.4)."""
        status = reply.status_code
        if status == 401:
            if config.get("base_url"):
                hint = (
                    "Check the key on the SiliconFlow site it was created on, and that the "
                    "base URL points at that site."
                )
            elif self.region(config) == "cn":
                hint = (
                    "If this key was created on siliconflow.com, choose region International. "
                    "Otherwise check the key at cloud.siliconflow.cn/account/ak."
                )
            else:
                hint = (
                    "If this key was created on siliconflow.cn, choose region China. "
                    "Otherwise check the key at cloud.siliconflow.com/account/ak."
                )
            return ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                with_provider_text("SiliconFlow rejected the key (HTTP 401).", reply.error_text),
                hint,
                http_status=status,
            )
        if status == 403:
            return ValidationResult(
                ValidationStatus.RESTRICTED,
                with_provider_text(
                    "SiliconFlow recognised the key but refused the request (HTTP 403).",
                    reply.error_text,
                ),
                "Check that the account has balance and has completed real-name verification "
                "(some models need it).",
                http_status=status,
            )
        if status == 429:
            return rate_limited_result(reply, _LABEL)
        return unexpected_status_result(reply, _LABEL)


def _amount(value: object) -> Decimal | None:
    """A balance amount (SiliconFlow sends strings such as ``"88.88"``), or None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


_RANK = {
    ValidationStatus.INVALID_CREDENTIALS: 0,
    ValidationStatus.NO_CREDIT: 1,
    ValidationStatus.RESTRICTED: 2,
    ValidationStatus.BAD_RESPONSE: 3,
    ValidationStatus.UNREACHABLE: 4,
    ValidationStatus.RATE_LIMITED: 5,
    ValidationStatus.VALID: 6,
}


def _failure_rank(error: ProviderCallError) -> int:
    return _RANK[error.result.status]
