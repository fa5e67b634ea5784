"""Gemini family: key only in x-goog-api-key, failure classes, paged typed list (PROVIDERS-MORE §2).

Bodies are shaped from ``openapi/gemini.json`` (``ListModelsResponse``, ``Model``, ``Status``)
and PROVIDERS-MORE §2.2 (the 400 ``API_KEY_INVALID`` body, verbatim); they live in
``fixtures/gemini/``. Every test in this module also checks that the key never appeared in a
URL the fake API saw.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import FakeAPI, load

from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.families.gemini import MAX_PAGES, model_type_for
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from collections.abc import Iterator

    from modelhub.providers.base import ModelProvider

KEY = "AIzaSyD4x9Qm2Lp7Rt1Vw5Yb8Nc3Kf6Hj0Gs2Ue"
MODELS_URL = "https://generativelanguage.googleapis.com/v1beta/models"
CONFIG = {"api_key": KEY}
S = ValidationStatus
T = ModelType


@pytest.fixture(autouse=True)
def key_never_in_a_url(fake: FakeAPI) -> Iterator[None]:
    """After each test: every request carried the key in x-goog-api-key and nowhere in its URL."""
    yield
    for request in fake.requests:
        url = request.url
        assert KEY not in str(url)
        assert KEY not in url.path
        assert KEY not in url.query.decode()
        assert "key" not in url.params
        assert request.headers["x-goog-api-key"] == KEY
        assert "authorization" not in request.headers


@pytest.fixture
def adapter(client: httpx.AsyncClient) -> ModelProvider:
    return family_class("gemini")(client, builtin_info("gemini"))


def test_key_fixture_has_the_documented_shape() -> None:
    info = builtin_info("gemini")
    assert info.family == "gemini"
    assert info.auth == "x-goog-api-key"
    assert info.model_types == (T.LLM, T.EMBEDDING, T.TTS)
    base = info.field("base_url")
    assert base is not None
    assert base.default == "https://generativelanguage.googleapis.com/v1beta"
    assert any(re.search(p, KEY) for p in info.key_patterns)


# -- validate ----------------------------------------------------------------------------


async def test_good_key_is_valid(fake: FakeAPI, adapter: ModelProvider) -> None:
    page = load("gemini/models_page1.json")
    fake.json("GET", MODELS_URL, 200, {**page, "models": page["models"][:1]})

    result = await adapter.validate(CONFIG)

    assert result.status is S.VALID
    (request,) = fake.requests
    assert request.url.path == "/v1beta/models"
    assert dict(request.url.params) == {"pageSize": "1"}


async def test_empty_answer_is_still_a_model_list(fake: FakeAPI, adapter: ModelProvider) -> None:
    # proto3 JSON leaves out empty fields: no models at all is "{}".
    fake.json("GET", MODELS_URL, 200, {})

    assert (await adapter.validate(CONFIG)).status is S.VALID
    assert await adapter.list_models(CONFIG) == []


async def test_bad_key_400_api_key_invalid_is_invalid_credentials(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json("GET", MODELS_URL, 400, load("gemini/error_400_api_key_invalid.json"))

    result = await adapter.validate({"api_key": KEY})

    assert result.status is S.INVALID_CREDENTIALS
    assert result.http_status == 400
    assert "API key not valid" in result.message
    assert "aistudio.google.com" in (result.hint or "")


async def test_deleted_key_is_invalid_credentials(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = load("gemini/error_400_api_key_invalid.json")
    body["error"]["message"] = "API Key not found. Please pass a valid API key."
    fake.json("GET", MODELS_URL, 400, body)

    result = await adapter.validate(CONFIG)

    assert result.status is S.INVALID_CREDENTIALS
    assert "API Key not found" in result.message


async def test_401_is_invalid_credentials(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = {
        "error": {
            "code": 401,
            "message": "Request had invalid authentication credentials.",
            "status": "UNAUTHENTICATED",
        }
    }
    fake.json("GET", MODELS_URL, 401, body)

    assert (await adapter.validate(CONFIG)).status is S.INVALID_CREDENTIALS


async def test_permission_denied_is_restricted_with_the_providers_words(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json("GET", MODELS_URL, 403, load("gemini/error_403_disabled.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.RESTRICTED
    assert result.http_status == 403
    assert "has not been used in project" in result.message
    hint = result.hint or ""
    assert "enabled" in hint
    assert "restrictions" in hint
    assert "region" in hint


async def test_unsupported_location_is_restricted(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 400, load("gemini/error_400_location.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.RESTRICTED
    assert "User location is not supported" in result.message


async def test_other_400_is_unexpected(fake: FakeAPI, adapter: ModelProvider) -> None:
    body = {
        "error": {
            "code": 400,
            "message": "Invalid value at 'page_size' (TYPE_INT32), \"x\"",
            "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest"}],
        }
    }
    fake.json("GET", MODELS_URL, 400, body)

    result = await adapter.validate(CONFIG)

    assert result.status is S.BAD_RESPONSE


async def test_resource_exhausted_is_rate_limited(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 429, load("gemini/error_429.json"))

    result = await adapter.validate(CONFIG)

    assert result.status is S.RATE_LIMITED
    assert "Resource has been exhausted" in result.message


async def test_unreachable(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake.add("GET", MODELS_URL, refuse)

    result = await adapter.validate(CONFIG)
    assert result.status is S.UNREACHABLE
    assert "generativelanguage.googleapis.com" in result.message

    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(CONFIG)
    assert info.value.result.status is S.UNREACHABLE


async def test_html_error_page_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    page = "<html><head><title>403 Forbidden</title></head><body>Forbidden</body></html>"
    fake.add(
        "GET", MODELS_URL, httpx.Response(403, text=page, headers={"content-type": "text/html"})
    )

    result = await adapter.validate(CONFIG)

    assert result.status is S.BAD_RESPONSE
    assert "HTML" in result.message


async def test_a_custom_base_url_keeps_the_key_in_the_header(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json("GET", "https://gemini-proxy.example.com/v1beta/models", 200, {"models": []})

    result = await adapter.validate(
        {"api_key": KEY, "base_url": "https://gemini-proxy.example.com/v1beta/"}
    )

    assert result.status is S.VALID
    assert fake.paths() == ["/v1beta/models"]


# -- list_models -------------------------------------------------------------------------

EXPECTED = {
    "embedding-001": T.EMBEDDING,
    "gemini-2.5-flash": T.LLM,
    "gemini-2.0-flash": T.LLM,
    "gemini-2.5-flash-preview-tts": T.TTS,
    "gemma-3-27b-it": T.LLM,
    "gemini-embedding-001": T.EMBEDDING,
    "gemini-3-pro-preview": T.LLM,
}
NOT_OFFERED = [
    "gemini-2.5-flash-image",
    "gemini-2.0-flash-exp-image-generation",
    "aqa",
    "imagen-4.0-generate-001",
    "veo-3.0-generate-001",
    "gemini-2.5-flash-native-audio-latest",
    "no-methods",
]


async def test_list_follows_next_page_token_and_types_by_methods(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    pages = [load(f"gemini/models_page{n}.json") for n in (1, 2, 3)]
    by_token = {None: pages[0], pages[0]["nextPageToken"]: pages[1]}
    by_token[pages[1]["nextPageToken"]] = pages[2]

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=by_token[request.url.params.get("pageToken")])

    fake.add("GET", MODELS_URL, serve)

    models = await adapter.list_models(CONFIG)

    assert [dict(r.url.params) for r in fake.requests] == [
        {"pageSize": "1000"},
        {"pageSize": "1000", "pageToken": pages[0]["nextPageToken"]},
        {"pageSize": "1000", "pageToken": pages[1]["nextPageToken"]},
    ]
    got = {m.id: m.model_type for m in models}
    assert got == EXPECTED
    assert not any(m.id.startswith("models/") for m in models)
    assert not set(got) & set(NOT_OFFERED)

    by_id = {m.id: m for m in models}
    flash = by_id["gemini-2.5-flash"]
    assert flash.name == "Gemini 2.5 Flash"
    assert flash.context_length == 1048576
    assert flash.extra["max_output_tokens"] == 65536
    assert flash.extra["capabilities"] == ["vision", "reasoning", "tools"]
    assert by_id["gemini-2.0-flash"].extra["capabilities"] == ["vision", "tools"]
    assert by_id["gemma-3-27b-it"].extra["capabilities"] == []
    assert by_id["gemini-2.5-flash-preview-tts"].extra["capabilities"] == []
    assert by_id["gemini-embedding-001"].context_length == 2048


async def test_a_repeated_page_token_stops_the_walk(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, load("gemini/models_page1.json"))

    models = await adapter.list_models(CONFIG)

    assert len(fake.requests) == 2
    assert len(models) == 4


async def test_pages_are_capped(fake: FakeAPI, adapter: ModelProvider) -> None:
    def endless(request: httpx.Request) -> httpx.Response:
        n = len(fake.requests)
        model = {
            "name": f"models/gemini-x-{n}",
            "supportedGenerationMethods": ["generateContent"],
        }
        return httpx.Response(200, json={"models": [model], "nextPageToken": f"t{n}"})

    fake.add("GET", MODELS_URL, endless)

    models = await adapter.list_models(CONFIG)

    assert len(fake.requests) == MAX_PAGES
    assert len(models) == MAX_PAGES


async def test_list_failure_is_classified(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 400, load("gemini/error_400_api_key_invalid.json"))

    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(CONFIG)

    assert info.value.result.status is S.INVALID_CREDENTIALS


async def test_wrong_shape_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", MODELS_URL, 200, {"models": "everything"})

    assert (await adapter.validate(CONFIG)).status is S.BAD_RESPONSE
    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(CONFIG)
    assert info.value.result.status is S.BAD_RESPONSE


@pytest.mark.parametrize(
    ("model_id", "methods", "expected"),
    [
        ("text-embedding-004", ["embedContent"], T.EMBEDDING),
        ("gemini-embedding-exp", ["batchEmbedContents"], T.EMBEDDING),
        ("gemini-2.5-pro-preview-tts", ["generateContent", "countTokens"], T.TTS),
        ("gemini-2.5-pro", ["generateContent"], T.LLM),
        ("learnlm-2.0-flash-experimental", ["generateContent"], T.LLM),
        ("imagen-3.0-generate-002", ["predict"], None),
        ("imagen-3.0-generate-002", ["generateContent"], None),
        ("gemini-3-pro-image-preview", ["generateContent"], None),
        ("veo-2.0-generate-001", ["predictLongRunning"], None),
        ("gemini-live-2.5-flash-preview", ["bidiGenerateContent"], None),
        ("aqa", ["generateAnswer"], None),
        ("anything", [], None),
    ],
)
def test_model_type_for(model_id: str, methods: list[str], expected: ModelType | None) -> None:
    assert model_type_for(model_id, methods) is expected
