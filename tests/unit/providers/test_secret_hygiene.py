"""SECURITY.md 11: no key in results, exceptions or logs (httpx/httpcore at DEBUG)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import DEFAULT_BASES, KEYS, PROVIDER_CLASSES, VALIDATE_ROUTES, FakeAPI

from modelhub.providers.base import ModelProvider, ProviderCallError

if TYPE_CHECKING:
    from collections.abc import Callable

    from modelhub.domain.models import ValidationResult


def assert_no_key(text: str, key: str) -> None:
    """Neither the key nor any 12-character substring of it is in ``text``."""
    assert key not in text
    for i in range(len(key) - 11):
        assert key[i : i + 12] not in text, f"key fragment {i} leaked"


def _dump(result: ValidationResult) -> str:
    return " | ".join([result.message, result.hint or "", repr(result), repr(dict(result.details))])


def _echoing(provider: str, status: int) -> Callable[[httpx.Request], httpx.Response]:
    """A provider that echoes the key it got, whole and partially masked, in its error."""

    def handler(request: httpx.Request) -> httpx.Response:
        key = request.headers["authorization"].removeprefix("Bearer ")
        text = f"Incorrect API key provided: {key[:10]}****{key[-4:]} (full: {key})"
        body: object = {
            "openai": {
                "error": {
                    "message": text,
                    "type": "invalid_request_error",
                    "param": None,
                    "code": "invalid_api_key",
                }
            },
            "openrouter": {"error": {"code": status, "message": text}},
            "jina": {"detail": text, "code": "AUTH_INVALID_API_KEY"},
            "siliconflow": text,
        }[provider]
        return httpx.Response(status, json=body)

    return handler


@pytest.mark.parametrize("provider", list(PROVIDER_CLASSES))
@pytest.mark.parametrize("status", [400, 401, 402, 403, 429, 500, 503])
async def test_echoed_key_never_reaches_results_or_logs(
    fake: FakeAPI,
    make_provider: Callable[[str], ModelProvider],
    caplog: pytest.LogCaptureFixture,
    provider: str,
    status: int,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    method, path = VALIDATE_ROUTES[provider]
    host = httpx.URL(DEFAULT_BASES[provider]).host
    fake.add(method, f"https://{host}{path}", _echoing(provider, status))
    list_path = "/api/v1/models" if provider == "openrouter" else "/v1/models"
    fake.add("GET", f"https://{host}{list_path}", _echoing(provider, status))
    key = KEYS[provider]
    adapter = make_provider(provider)

    result = await adapter.validate({"api_key": key})
    assert_no_key(_dump(result), key)
    assert result.message  # the provider's (scrubbed) words are kept
    try:
        await adapter.list_models({"api_key": key})
    except ProviderCallError as exc:
        assert_no_key(str(exc) + repr(exc) + _dump(exc.result), key)
    assert_no_key(caplog.text, key)
    assert_no_key(repr(adapter), key)
