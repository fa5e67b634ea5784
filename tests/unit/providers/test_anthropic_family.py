"""Anthropic family: key check, failure classes, paged model list (PROVIDERS-MORE.md §1).

Bodies are shaped from ``openapi/anthropic.json`` (``ListResponse_ModelInfo_``, ``ModelInfo``,
``ModelCapabilities``, ``ErrorResponse``) and live in ``fixtures/anthropic/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest
from provider_doubles import FakeAPI, load

from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.families.anthropic import MAX_PAGES
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from modelhub.providers.base import ModelProvider

KEY = (
    "sk-ant-api03-Zq8Xw2Lm4Np6Rt8Vy0Ab2Cd4Ef6Gh8Ij0Kl2Mn4Op6Qr8St0Uv2Wx4Yz6Ab8Cd0Ef2Gh4Ij6Kl8Mn0"
    "-AbCdEfAA"
)
MODELS_URL = "https://api.anthropic.com/v1/models"
CONFIG = {"api_key": KEY}
S = ValidationStatus


@pytest.fixture
def adapter(client: httpx.AsyncClient) -> ModelProvider:
    return family_class("anthropic")(client, builtin_info("anthropic"))


def _anthropic_error(status: int, name: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=load(f"anthropic/{name}"), headers=headers)


# -- the description ---------------------------------------------------------------------


def test_description_says_how_the_key_travels() -> None:
    info = builtin_info("anthropic")
    assert info.family == "anthropic"
    assert info.auth == "x-api-key"
    assert dict(info.headers) == {"anthropic-version": "2023-06-01"}
    assert info.model_types == (ModelType.LLM,)
    base = info.field("base_url")
    assert base is not None
    assert base.default == "https://api.anthropic.com"
    assert info.key_page.startswith("https://")
    assert info.label_zh
    assert info.description_zh
    import re

    assert any(re.search(p, f"key={KEY}") for p in info.key_patterns)


# -- validate ----------------------------------------------------------------------------


async def test_good_key_is_valid_and_sends_the_anthropic_headers(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json("GET", MODELS_URL, 200, load("anthropic/models_one.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.VALID
    assert result.valid
    (request,) = fake.requests
    assert request.url.path == "/v1/models"
    assert dict(request.url.params) == {"limit": "1"}
    assert request.headers["x-api-key"] == KEY
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in request.headers
    assert request.headers["user-agent"].startswith("ModelHub/")
    assert KEY not in str(request.url)


async def test_bad_key_is_invalid(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add("GET", MODELS_URL, _anthropic_error(401, "error_401.json"))

    result = await adapter.validate({"api_key": "sk-ant-api03-wrong"})

    assert result.status is S.INVALID_CREDENTIALS
    assert result.http_status == 401
    assert "invalid x-api-key" in result.message
    assert "console.anthropic.com" in (result.hint or "")


async def test_permission_error_is_restricted(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add("GET", MODELS_URL, _anthropic_error(403, "error_403.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.RESTRICTED
    assert result.valid
    assert "does not have permission" in result.message


@pytest.mark.parametrize(
    ("status", "body"), [(402, "error_402.json"), (400, "error_400_credit.json")]
)
async def test_no_credit_is_told_apart(
    fake: FakeAPI, adapter: ModelProvider, status: int, body: str
) -> None:
    fake.add("GET", MODELS_URL, _anthropic_error(status, body))

    result = await adapter.validate(CONFIG)

    assert result.status is S.NO_CREDIT
    assert result.status.key_accepted
    assert result.http_status == status
    assert "billing" in (result.hint or "")


async def test_other_400_is_not_no_credit(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": "limit: Input should be <= 1000"},
        "request_id": "req_011CSHoEeqs5C35K2UUqR7G3",
    }
    fake.json("GET", MODELS_URL, 400, body)

    result = await adapter.validate(CONFIG)

    assert result.status is S.BAD_RESPONSE
    assert "limit: Input should be" in result.message


async def test_rate_limited(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add("GET", MODELS_URL, _anthropic_error(429, "error_429.json", **{"retry-after": "30"}))

    result = await adapter.validate(CONFIG)

    assert result.status is S.RATE_LIMITED
    assert "30 seconds" in result.message


async def test_overloaded_is_unreachable(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
        "request_id": None,
    }
    fake.json("GET", MODELS_URL, 529, body)

    result = await adapter.validate(CONFIG)

    assert result.status is S.UNREACHABLE
    assert result.http_status == 529


async def test_unreachable(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake.add("GET", MODELS_URL, refuse)

    result = await adapter.validate(CONFIG)
    assert result.status is S.UNREACHABLE
    assert "api.anthropic.com" in result.message

    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(CONFIG)
    assert info.value.result.status is S.UNREACHABLE


async def test_html_error_page_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    page = "<!DOCTYPE html><html><head><title>Access denied</title></head><body>403</body></html>"
    fake.add(
        "GET",
        MODELS_URL,
        httpx.Response(403, text=page, headers={"content-type": "text/html; charset=UTF-8"}),
    )

    result = await adapter.validate(CONFIG)

    assert result.status is S.BAD_RESPONSE
    assert "HTML" in result.message
    assert "<html" not in result.message


async def test_404_on_a_custom_base_url_explains(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add(
        "GET", "https://gateway.example.com/v1/v1/models", _anthropic_error(404, "error_404.json")
    )

    result = await adapter.validate({"api_key": KEY, "base_url": "https://gateway.example.com/v1"})

    assert result.status is S.BAD_RESPONSE
    assert result.http_status == 404
    assert "custom base URL" in result.message
    assert "/v1" in (result.hint or "")
    assert fake.paths() == ["/v1/v1/models"]


async def test_404_on_the_official_host_is_unexpected(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.add("GET", MODELS_URL, _anthropic_error(404, "error_404.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.BAD_RESPONSE
    assert "unexpected HTTP 404" in result.message


async def test_wrong_shape_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, {"object": "list", "models": []})

    result = await adapter.validate(CONFIG)

    assert result.status is S.BAD_RESPONSE
    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(CONFIG)
    assert info.value.result.status is S.BAD_RESPONSE


async def test_missing_key_sends_nothing(fake: FakeAPI, adapter: ModelProvider) -> None:
    result = await adapter.validate({"api_key": "  "})

    assert result.status is S.INVALID_CREDENTIALS
    assert fake.requests == []


# -- list_models -------------------------------------------------------------------------


async def test_list_follows_has_more_with_after_id(fake: FakeAPI, adapter: ModelProvider) -> None:
    first, second = load("anthropic/models_page1.json"), load("anthropic/models_page2.json")

    def pages(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after_id")
        return httpx.Response(200, json=second if after == first["last_id"] else first)

    fake.add("GET", MODELS_URL, pages)

    models = await adapter.list_models(CONFIG)

    assert [dict(r.url.params) for r in fake.requests] == [
        {"limit": "1000"},
        {"limit": "1000", "after_id": "claude-sonnet-4-5-20250929"},
    ]
    assert [m.id for m in models] == [
        "claude-opus-4-6",
        "claude-sonnet-4-5-20250929",
        "claude-haiku-4-5-20251001",
        "claude-3-haiku-20240307",
        "claude-legacy-proxy",
    ]
    assert all(m.model_type is ModelType.LLM for m in models)
    by_id = {m.id: m for m in models}
    opus = by_id["claude-opus-4-6"]
    assert opus.name == "Claude Opus 4.6"
    assert opus.context_length == 200000
    assert opus.extra["max_output_tokens"] == 128000
    assert opus.extra["capabilities"] == ["vision", "reasoning", "tools", "json"]
    assert by_id["claude-haiku-4-5-20251001"].extra["capabilities"] == [
        "vision",
        "reasoning",
        "tools",
    ]
    assert by_id["claude-3-haiku-20240307"].extra["capabilities"] == ["vision", "tools"]
    # Every nullable field null: still listed, with what is known.
    legacy = by_id["claude-legacy-proxy"]
    assert legacy.context_length is None
    assert "max_output_tokens" not in legacy.extra
    assert legacy.extra["capabilities"] == ["tools"]


async def test_a_repeated_cursor_stops_the_walk(fake: FakeAPI, adapter: ModelProvider) -> None:
    # A broken gateway that always says has_more with the same last_id.
    fake.json("GET", MODELS_URL, 200, load("anthropic/models_one.json"))

    models = await adapter.list_models(CONFIG)

    assert [m.id for m in models] == ["claude-opus-4-6"]
    assert len(fake.requests) == 2


async def test_pages_are_capped(fake: FakeAPI, adapter: ModelProvider) -> None:
    def endless(request: httpx.Request) -> httpx.Response:
        n = len(fake.requests)
        body: dict[str, Any] = {
            "data": [{"id": f"claude-m{n}", "display_name": f"M{n}", "type": "model"}],
            "first_id": f"claude-m{n}",
            "last_id": f"claude-m{n}",
            "has_more": True,
        }
        return httpx.Response(200, json=body)

    fake.add("GET", MODELS_URL, endless)

    models = await adapter.list_models(CONFIG)

    assert len(fake.requests) == MAX_PAGES
    assert len(models) == MAX_PAGES


async def test_malformed_entries_are_skipped(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = {
        "data": [
            {"id": "claude-ok", "display_name": "OK", "type": "model", "capabilities": "junk"},
            {"display_name": "no id"},
            "not an object",
            {"id": 7},
            {"id": "claude-ok", "display_name": "duplicate"},
        ],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }
    fake.json("GET", MODELS_URL, 200, body)

    models = await adapter.list_models(CONFIG)

    assert [(m.id, m.name) for m in models] == [("claude-ok", "OK")]
    assert models[0].extra["capabilities"] == ["tools"]


async def test_list_failure_is_classified(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add("GET", MODELS_URL, _anthropic_error(401, "error_401.json"))

    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(CONFIG)

    assert info.value.result.status is S.INVALID_CREDENTIALS
    assert KEY not in str(info.value)
