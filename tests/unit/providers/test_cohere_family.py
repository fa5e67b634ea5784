"""Cohere family: key check, error classification, paged and typed model list
(PROVIDERS-MORE.md §6; bodies shaped as ``openapi/cohere.yaml`` shows them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import FakeAPI, load

from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.families.cohere import CohereProvider, model_types_for
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from modelhub.providers.base import ModelProvider

KEY = "Xq7Rk2Lm9Np4Tv8Wz1Ab5Cd3Ef6Gh0Jk2Mn4Pq7S"
CONFIG = {"api_key": KEY}
CHECK_URL = "https://api.cohere.com/v1/check-api-key"
MODELS_URL = "https://api.cohere.com/v1/models"
S = ValidationStatus
T = ModelType


@pytest.fixture
def adapter(client: httpx.AsyncClient) -> ModelProvider:
    return family_class("cohere")(client, builtin_info("cohere"))


def test_description() -> None:
    info = builtin_info("cohere")
    assert info.family == "cohere"
    assert info.auth == "bearer"
    assert info.needs_key
    base = info.field("base_url")
    assert base is not None
    assert base.default == "https://api.cohere.com"
    assert info.website.startswith("https://")
    assert info.key_page.startswith("https://")
    assert info.label_zh
    assert info.description_zh
    assert set(info.model_types) == {T.LLM, T.EMBEDDING, T.RERANK, T.SPEECH_TO_TEXT}
    assert family_class("cohere") is CohereProvider


async def test_good_key(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 200, load("cohere/check_api_key.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.VALID
    assert result.http_status == 200
    assert result.details["organization_id"].startswith("0b7f5c2e")
    (request,) = fake.requests
    assert request.method == "POST"
    assert request.url.path == "/v1/check-api-key"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in str(request.url)


async def test_valid_false_is_invalid(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 200, {"valid": False})

    result = await adapter.validate(CONFIG)

    assert result.status is S.INVALID_CREDENTIALS


async def test_bad_key(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 401, load("cohere/error_401.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.INVALID_CREDENTIALS
    assert result.http_status == 401
    assert "invalid api token" in result.message
    assert KEY not in result.message


async def test_no_credit(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 402, load("cohere/error_402.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.NO_CREDIT
    assert "billing limit" in result.message


async def test_rate_limited_hints_at_trial_keys(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 429, load("cohere/error_429.json"), **{"Retry-After": "30"})

    result = await adapter.validate(CONFIG)

    assert result.status is S.RATE_LIMITED
    assert "30 seconds" in result.message
    assert result.hint is not None
    assert "Trial" in result.hint


async def test_blocked_token_is_restricted(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 498, load("cohere/error_498.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.RESTRICTED
    assert result.http_status == 498


async def test_cloudflare_html_403_is_classified(fake: FakeAPI, adapter: ModelProvider) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head>"
        "<body><h1>Sorry, you have been blocked</h1></body></html>"
    )
    fake.add(
        "POST",
        CHECK_URL,
        httpx.Response(403, text=page, headers={"content-type": "text/html; charset=UTF-8"}),
    )

    result = await adapter.validate(CONFIG)

    assert result.status is S.UNREACHABLE
    assert result.http_status == 403
    assert result.hint is not None
    assert "region" in result.hint
    assert "<html" not in result.message


async def test_json_403_is_restricted(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 403, {"message": "you do not have permission"})

    result = await adapter.validate(CONFIG)

    assert result.status is S.RESTRICTED


async def test_unreachable(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake.add("POST", CHECK_URL, refuse)

    result = await adapter.validate(CONFIG)

    assert result.status is S.UNREACHABLE


async def test_server_error_is_unreachable(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", CHECK_URL, 503, {"message": "service unavailable"})

    result = await adapter.validate(CONFIG)

    assert result.status is S.UNREACHABLE


async def test_missing_key_sends_nothing(fake: FakeAPI, adapter: ModelProvider) -> None:
    result = await adapter.validate({})

    assert result.status is S.INVALID_CREDENTIALS
    assert fake.requests == []


async def test_base_url_with_version_suffix(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("POST", "https://cohere.proxy.example/v1/check-api-key", 200, {"valid": True})

    result = await adapter.validate({"api_key": KEY, "base_url": "https://cohere.proxy.example/v1"})

    assert result.status is S.VALID
    assert fake.paths() == ["/v1/check-api-key"]


async def test_list_follows_pages_and_types_by_endpoint(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    pages = [load("cohere/models_page1.json"), load("cohere/models_page2.json")]

    def models(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("page_token")
        return httpx.Response(200, json=pages[1] if token else pages[0])

    fake.add("GET", MODELS_URL, models)

    found = await adapter.list_models(CONFIG)

    first, second = fake.requests
    assert first.url.params["page_size"] == "1000"
    assert "page_token" not in first.url.params
    assert second.url.params["page_size"] == "1000"
    assert second.url.params["page_token"] == "eyJwYWdlIjoyfQ"
    got = {(m.id, m.model_type) for m in found}
    assert got == {
        ("command-a-03-2025", T.LLM),
        ("command-a-vision-07-2025", T.LLM),
        ("embed-v4.0", T.EMBEDDING),
        ("rerank-v3.5", T.RERANK),
        ("acme-multi-ft", T.LLM),
        ("acme-multi-ft", T.EMBEDDING),
        ("acme-multi-ft", T.RERANK),
        ("cohere-transcribe-03-2026", T.SPEECH_TO_TEXT),
    }
    ids = {m.id for m in found}
    assert "command-light" not in ids  # generate/classify only
    assert "command-r-03-2024" not in ids  # deprecated
    by_id = {m.id: m for m in found if m.model_type is T.LLM}
    assert by_id["command-a-03-2025"].context_length == 256000
    assert by_id["command-a-03-2025"].extra["capabilities"] == ["tools"]
    assert by_id["command-a-vision-07-2025"].extra["capabilities"] == ["vision"]
    assert by_id["acme-multi-ft"].context_length == 8192
    assert "capabilities" not in by_id["acme-multi-ft"].extra


async def test_repeated_page_token_stops(fake: FakeAPI, adapter: ModelProvider) -> None:
    page = {"models": [{"name": "command-r7b-12-2024", "endpoints": ["chat"]}]}
    fake.json("GET", MODELS_URL, 200, {**page, "next_page_token": "same"})

    found = await adapter.list_models(CONFIG)

    assert len(fake.requests) == 2
    assert [m.id for m in found] == ["command-r7b-12-2024"]


async def test_page_cap(fake: FakeAPI, adapter: ModelProvider) -> None:
    from modelhub.providers.families import cohere

    def endless(request: httpx.Request) -> httpx.Response:
        token = int(request.url.params.get("page_token") or 0)
        return httpx.Response(200, json={"models": [], "next_page_token": str(token + 1)})

    fake.add("GET", MODELS_URL, endless)

    assert await adapter.list_models(CONFIG) == []
    assert len(fake.requests) == cohere.MAX_PAGES


async def test_list_failure_raises_classified(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 401, load("cohere/error_401.json"))

    with pytest.raises(ProviderCallError) as caught:
        await adapter.list_models(CONFIG)

    assert caught.value.result.status is S.INVALID_CREDENTIALS


async def test_list_bad_shape_raises(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, {"data": []})

    with pytest.raises(ProviderCallError) as caught:
        await adapter.list_models(CONFIG)

    assert caught.value.result.status is S.BAD_RESPONSE


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"name": "c", "endpoints": ["chat"]}, [T.LLM]),
        ({"name": "e", "endpoints": ["embed", "classify"]}, [T.EMBEDDING]),
        ({"name": "m", "endpoints": ["rerank", "chat"]}, [T.LLM, T.RERANK]),
        ({"name": "g", "endpoints": ["generate"]}, []),
        ({"name": "d", "endpoints": ["chat"], "is_deprecated": True}, []),
        ({"name": "x", "endpoints": None}, []),
        ({"name": "cohere-transcribe-03-2026"}, [T.SPEECH_TO_TEXT]),
    ],
)
def test_type_rules(item: dict[str, object], expected: list[ModelType]) -> None:
    assert model_types_for(item) == expected
