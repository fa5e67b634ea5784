"""Azure OpenAI family (PROVIDERS-MORE.md §3): key check, deployments, endpoint and headers.

Every test runs the real adapter on ModelHub's real client; only the transport is fake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest
from provider_doubles import FakeAPI, load

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.families.azure_openai import AzureOpenAIProvider, resource_endpoint
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from modelhub.providers.base import ModelProvider

KEY = "3f9a2c7e1b4d6f8a0c2e4b6d8f1a3c5e"
ENDPOINT = "https://contoso-eu.openai.azure.com"
MODELS_URL = f"{ENDPOINT}/openai/models"
DEPLOYMENTS_URL = f"{ENDPOINT}/openai/deployments"
CONFIG: dict[str, Any] = {"api_key": KEY, "base_url": ENDPOINT}
TYPED = [{"id": "chat-prod", "type": "llm"}, {"id": "embed", "type": "embedding"}]
T = ModelType


@pytest.fixture
def adapter(client: httpx.AsyncClient) -> ModelProvider:
    return family_class("azure_openai")(client, builtin_info("azure_openai"))


# -- the description ---------------------------------------------------------------------


def test_description_fields_and_auth() -> None:
    info = builtin_info("azure_openai")

    assert info.family == "azure_openai"
    assert info.label == "Azure OpenAI"
    assert info.auth == "api-key"
    assert info.model_types == (T.LLM, T.EMBEDDING, T.TTS, T.SPEECH_TO_TEXT)
    assert [f.name for f in info.fields] == ["api_key", "base_url", "api_version", "deployments"]
    base = info.field("base_url")
    assert base is not None
    assert (base.kind, base.required, base.endpoint, base.default) == ("url", True, True, None)
    assert base.placeholder == "https://my-resource.openai.azure.com"
    version = info.field("api_version")
    assert version is not None
    assert version.default == "2024-10-21"
    deployments = info.field("deployments")
    assert deployments is not None
    assert deployments.kind == "models"
    assert all(f.label_zh and f.help and f.help_zh for f in info.fields)
    assert info.label_zh
    assert info.description_zh
    assert info.website.startswith("https://")
    assert info.key_page.startswith("https://")


def test_family_class_is_the_azure_adapter(adapter: ModelProvider) -> None:
    assert isinstance(adapter, AzureOpenAIProvider)


def test_missing_base_url_is_reported(adapter: ModelProvider) -> None:
    config = adapter.normalize_config({"api_key": KEY})

    missing = adapter.missing_required(config)

    assert missing is not None
    assert missing.name == "base_url"
    assert adapter.missing_required(adapter.normalize_config(CONFIG)) is None


async def test_validate_without_endpoint_sends_nothing(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    result = await adapter.validate({"api_key": KEY})

    assert result.status is ValidationStatus.UNREACHABLE
    assert fake.requests == []


# -- key check ---------------------------------------------------------------------------


async def test_good_key_is_valid_but_says_it_proves_no_deployment(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is ValidationStatus.VALID
    assert result.http_status == 200
    assert "not that a deployment exists" in result.message
    assert "no deployments are configured" in result.message
    assert "deployment names" in (result.hint or "")
    assert result.details["models"] == "3"


async def test_good_key_with_deployments_configured(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))

    result = await adapter.validate({**CONFIG, "deployments": TYPED})

    assert result.status is ValidationStatus.VALID
    assert "2 deployment(s) are configured" in result.message
    assert result.hint is None


async def test_bad_key_is_invalid_with_region_hint(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 401, load("azure_openai/error_401.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is ValidationStatus.INVALID_CREDENTIALS
    assert result.http_status == 401
    assert "invalid subscription key" in result.message
    hint = result.hint or ""
    assert "Keys and Endpoint" in hint
    assert "region" in hint
    assert "resource" in hint
    assert KEY not in result.message


async def test_network_block_is_restricted(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = {"error": {"code": "403", "message": "Forbidden (network access denied)"}}
    fake.json("GET", MODELS_URL, 403, body)

    result = await adapter.validate(CONFIG)

    assert result.status is ValidationStatus.RESTRICTED
    assert "network access denied" in result.message
    assert "Networking" in (result.hint or "")


async def test_wrong_version_or_endpoint_is_404_bad_response(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json("GET", MODELS_URL, 404, load("azure_openai/error_404.json"))

    result = await adapter.validate({**CONFIG, "api_version": "2019-01-01"})

    assert result.status is ValidationStatus.BAD_RESPONSE
    assert result.http_status == 404
    assert "Resource not found" in result.message
    hint = result.hint or ""
    assert "endpoint" in hint
    assert "API version" in hint


async def test_rate_limited(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = {"error": {"code": "429", "message": "Requests have exceeded the call rate limit."}}
    fake.json("GET", MODELS_URL, 429, body, **{"retry-after": "12"})

    result = await adapter.validate(CONFIG)

    assert result.status is ValidationStatus.RATE_LIMITED
    assert "12 seconds" in result.message


async def test_unreachable(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake.add("GET", MODELS_URL, refuse)

    result = await adapter.validate(CONFIG)

    assert result.status is ValidationStatus.UNREACHABLE
    assert "contoso-eu.openai.azure.com" in result.message


@pytest.mark.parametrize("status", [200, 404])
async def test_html_page_is_bad_response(
    fake: FakeAPI, adapter: ModelProvider, status: int
) -> None:
    page = "<!DOCTYPE html><html><body><h1>Welcome to our portal</h1></body></html>"
    fake.add(
        "GET",
        MODELS_URL,
        httpx.Response(status, text=page, headers={"content-type": "text/html"}),
    )

    result = await adapter.validate(CONFIG)

    assert result.status is ValidationStatus.BAD_RESPONSE
    assert "<html" not in result.message


async def test_success_without_a_model_list_is_bad_response(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json("GET", MODELS_URL, 200, {"hello": "world"})

    result = await adapter.validate(CONFIG)

    assert result.status is ValidationStatus.BAD_RESPONSE


# -- how requests are sent ---------------------------------------------------------------


async def test_key_travels_as_api_key_header_only(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))

    await adapter.validate(CONFIG)

    (request,) = fake.requests
    assert request.headers["api-key"] == KEY
    assert "authorization" not in request.headers
    assert KEY not in str(request.url)
    assert request.headers["user-agent"].startswith("ModelHub/")


async def test_api_version_is_sent(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))

    await adapter.validate(CONFIG)
    await adapter.validate({**CONFIG, "api_version": "2025-04-01-preview"})

    default, chosen = fake.requests
    assert default.url.params["api-version"] == "2024-10-21"
    assert chosen.url.params["api-version"] == "2025-04-01-preview"


@pytest.mark.parametrize(
    "typed",
    [
        ENDPOINT,
        f"{ENDPOINT}/",
        f"{ENDPOINT}/openai",
        f"{ENDPOINT}/openai/",
        f"{ENDPOINT}/openai/v1",
    ],
)
async def test_endpoint_with_or_without_openai_suffix(
    fake: FakeAPI, adapter: ModelProvider, typed: str
) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))

    await adapter.validate({"api_key": KEY, "base_url": typed})

    (request,) = fake.requests
    assert str(request.url) == f"{MODELS_URL}?api-version=2024-10-21"
    assert adapter.normalize_config({"api_key": KEY, "base_url": typed})["base_url"] == ENDPOINT


def test_resource_endpoint_keeps_other_paths() -> None:
    assert (
        resource_endpoint("https://gw.example.com/azure/openai") == "https://gw.example.com/azure"
    )
    assert resource_endpoint("https://gw.example.com/openaiproxy") == (
        "https://gw.example.com/openaiproxy"
    )


def test_normalize_config_checks_version_and_deployments(adapter: ModelProvider) -> None:
    out = adapter.normalize_config(
        {
            **CONFIG,
            "api_version": " 2024-10-21 ",
            "deployments": "chat-prod = llm\nembed=embedding\n",
        }
    )
    assert out["api_version"] == "2024-10-21"
    assert out["deployments"] == TYPED

    with pytest.raises(InvalidInputError) as bad_version:
        adapter.normalize_config({**CONFIG, "api_version": "2024 10 21"})
    assert bad_version.value.field == "api_version"

    with pytest.raises(InvalidInputError) as bad_type:
        adapter.normalize_config({**CONFIG, "deployments": "ranker = rerank"})
    assert bad_type.value.field == "deployments"


# -- list_models -------------------------------------------------------------------------


async def test_typed_deployments_are_the_models(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))
    deployments = [*TYPED, {"id": "voice", "type": "tts"}, {"id": "ears", "type": "speech_to_text"}]

    models = await adapter.list_models({**CONFIG, "deployments": deployments})

    assert [(m.id, m.model_type) for m in models] == [
        ("chat-prod", T.LLM),
        ("embed", T.EMBEDDING),
        ("voice", T.TTS),
        ("ears", T.SPEECH_TO_TEXT),
    ]
    assert fake.paths() == ["/openai/models"]


async def test_listing_fallback_types_by_base_model(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))
    fake.json("GET", DEPLOYMENTS_URL, 200, load("azure_openai/deployments.json"))

    models = await adapter.list_models(CONFIG)

    assert {m.id: m.model_type for m in models} == {
        "chat-prod": T.LLM,
        "embed": T.EMBEDDING,
        "speech": T.TTS,
        "transcribe": T.SPEECH_TO_TEXT,
    }
    assert {m.id: m.extra["base_model"] for m in models}["chat-prod"] == "gpt-4o"
    listing = fake.requests[-1]
    assert listing.url.path == "/openai/deployments"
    assert listing.url.params["api-version"] == "2023-03-15-preview"
    assert listing.headers["api-key"] == KEY
    assert "authorization" not in listing.headers


async def test_listing_fallback_404_is_an_empty_list(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))
    fake.json("GET", DEPLOYMENTS_URL, 404, load("azure_openai/error_404.json"))

    assert await adapter.list_models(CONFIG) == []


async def test_listing_fallback_failure_raises(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("azure_openai/models.json"))
    fake.json("GET", DEPLOYMENTS_URL, 429, {"error": {"code": "429", "message": "slow down"}})

    with pytest.raises(ProviderCallError) as caught:
        await adapter.list_models(CONFIG)
    assert caught.value.result.status is ValidationStatus.RATE_LIMITED


async def test_list_models_with_bad_key_raises(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 401, load("azure_openai/error_401.json"))

    with pytest.raises(ProviderCallError) as caught:
        await adapter.list_models({**CONFIG, "deployments": TYPED})
    assert caught.value.result.status is ValidationStatus.INVALID_CREDENTIALS


async def test_list_models_unreachable_raises(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake.add("GET", MODELS_URL, refuse)

    with pytest.raises(ProviderCallError) as caught:
        await adapter.list_models(CONFIG)
    assert caught.value.result.status is ValidationStatus.UNREACHABLE
