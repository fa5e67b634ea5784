"""LM Studio family: reachability check, optional API token, native v0 list with a v1
fallback (PROVIDERS-MORE.md §8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import FakeAPI, load

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.families.lmstudio import LMStudioProvider
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from modelhub.providers.base import ModelProvider

BASE = "http://localhost:1234"
V0 = f"{BASE}/api/v0/models"
V1 = f"{BASE}/api/v1/models"
TOKEN = "sk-lm-Zp4Qw8Rt2Yu6Io0Pa3Sd7Fg1Hj5Kl9Zx"
S = ValidationStatus
T = ModelType


@pytest.fixture
def adapter(client: httpx.AsyncClient) -> ModelProvider:
    return family_class("lmstudio")(client, builtin_info("lmstudio"))


def test_description() -> None:
    info = builtin_info("lmstudio")
    assert info.family == "lmstudio"
    assert info.group == "local"
    assert info.auth == "bearer"
    assert info.allow_private_http
    key = info.key_field
    assert key is not None
    assert key.name == "api_key"
    assert not key.required
    assert not info.needs_key
    assert "API tokens" in key.help
    base = info.field("base_url")
    assert base is not None
    assert base.default == BASE
    assert set(info.model_types) == {T.LLM, T.EMBEDDING}
    assert family_class("lmstudio") is LMStudioProvider


async def test_reachable_without_token(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", V0, 200, load("lmstudio/models_v0.json"))

    result = await adapter.validate({})

    assert result.status is S.VALID
    assert "running" in result.message
    (request,) = fake.requests
    assert "authorization" not in request.headers


async def test_token_is_sent_when_set(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", V0, 200, load("lmstudio/models_v0.json"))

    result = await adapter.validate({"api_key": TOKEN})

    assert result.status is S.VALID
    assert "token" in result.message
    (request,) = fake.requests
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


async def test_bad_token(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", V0, 401, {"error": "Invalid API token provided"})

    result = await adapter.validate({"api_key": TOKEN})

    assert result.status is S.INVALID_CREDENTIALS
    assert result.http_status == 401
    assert result.hint is not None
    assert "API token" in result.hint
    assert TOKEN not in result.message


async def test_token_required_but_missing(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", V0, 401, {"error": "Missing API token"})

    result = await adapter.validate({})

    assert result.status is S.INVALID_CREDENTIALS
    assert "requires an API token" in result.message


async def test_unreachable(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    fake.add("GET", V0, refuse)

    result = await adapter.validate({})

    assert result.status is S.UNREACHABLE
    assert "LM Studio" in (result.hint or "")


async def test_html_page_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add(
        "GET",
        V0,
        httpx.Response(
            200,
            text="<!DOCTYPE html><html><body>Welcome</body></html>",
            headers={"content-type": "text/html"},
        ),
    )

    result = await adapter.validate({})

    assert result.status is S.BAD_RESPONSE


async def test_list_v0_types(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", V0, 200, load("lmstudio/models_v0.json"))

    models = await adapter.list_models({})

    assert {m.id: m.model_type for m in models} == {
        "qwen2-vl-7b-instruct": T.LLM,
        "meta-llama-3.1-8b-instruct": T.LLM,
        "text-embedding-nomic-embed-text-v1.5": T.EMBEDDING,
    }
    by_id = {m.id: m for m in models}
    assert by_id["qwen2-vl-7b-instruct"].extra["capabilities"] == ["vision"]
    assert "capabilities" not in by_id["meta-llama-3.1-8b-instruct"].extra
    assert by_id["meta-llama-3.1-8b-instruct"].context_length == 131072
    assert by_id["text-embedding-nomic-embed-text-v1.5"].context_length == 2048


async def test_list_falls_back_to_v1(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", V0, 404, {"error": "Unexpected endpoint or method. (GET /api/v0/models)"})
    fake.json("GET", V1, 200, load("lmstudio/models_v1.json"))

    models = await adapter.list_models({})

    assert fake.paths() == ["/api/v0/models", "/api/v1/models"]
    by_id = {m.id: m for m in models}
    assert {m.id: m.model_type for m in models} == {
        "gemma-3-270m-it-qat": T.LLM,
        "qwen/qwen3-vl-8b": T.LLM,
        "text-embedding-nomic-embed-text-v1.5-embedding": T.EMBEDDING,
    }
    assert by_id["qwen/qwen3-vl-8b"].name == "Qwen3 VL 8B"
    assert by_id["qwen/qwen3-vl-8b"].extra["capabilities"] == ["tools", "vision"]
    assert by_id["qwen/qwen3-vl-8b"].context_length == 262144
    assert "capabilities" not in by_id["gemma-3-270m-it-qat"].extra


async def test_validate_via_v1(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add("GET", V0, httpx.Response(404, text="Not Found"))
    fake.json("GET", V1, 200, load("lmstudio/models_v1.json"))

    result = await adapter.validate({})

    assert result.status is S.VALID
    assert result.details["models"] == "3"


async def test_both_missing_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add("GET", V0, httpx.Response(404, text="Not Found"))
    fake.add("GET", V1, httpx.Response(404, text="Not Found"))

    with pytest.raises(ProviderCallError) as caught:
        await adapter.list_models({})

    assert caught.value.result.status is S.BAD_RESPONSE


async def test_private_address_with_v1_suffix(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", "http://192.168.1.20:1234/api/v0/models", 200, {"object": "list", "data": []})

    config = adapter.normalize_config({"base_url": "http://192.168.1.20:1234/v1"})
    result = await adapter.validate(config)

    assert result.status is S.VALID
    with pytest.raises(InvalidInputError):
        adapter.normalize_config({"base_url": "http://example.com:1234"})
