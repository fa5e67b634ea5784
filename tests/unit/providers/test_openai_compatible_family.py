"""The OpenAI-compatible family, as its descriptions configure it (PROVIDERS-MORE.md §4, §5,
§9-§12, §16): DeepSeek, Mistral, Groq, xAI, Voyage, vLLM and a workspace's custom endpoint.

Every test drives the real adapter on the real client; only the transport is faked. Bodies are
shaped from ``openapi/mistral.yaml``, ``groq.yaml``, ``xai.yaml`` (unofficial), ``voyage.yaml``
and the bodies quoted in PROVIDERS-MORE.md, and live in ``fixtures/<provider>/``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from provider_doubles import FakeAPI, load

from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.families.openai_compatible import OpenAICompatibleProvider
from modelhub.providers.registry import builtin_info, custom_provider_info, family_class

if TYPE_CHECKING:
    from modelhub.domain.models import ModelDefinition
    from modelhub.providers.base import ModelProvider

S = ValidationStatus
T = ModelType

KEYS = {
    "deepseek": "sk-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e",
    "mistral": "Zq8Xw2Lm4Np6Rt8Vy0Ab2Cd4Ef6Gh8Ij",
    "groq": "gsk_Q7vX2mN9pL4kR8tY1wZ5aB3cD6eF0gH2jK4lM7nP9qS1uV3x",
    "xai": "xai-Vb4Nm8Qw2Er6Ty0Ui3Op7As1Df5Gh9Jk2Lz4Xc6Vb8Nm0Qw",
    "voyage": "pa-Tz3Yx7Wv1Us5Rq9Po2Nm6Lk0Ji4Hg8Fe2Dc6Ba0Zy4Xw8",
    "vllm": "token-Hs8Jd2Kf6Lg0Mh4Nj8Pk2Ql6Rm0Sn4",
    "custom:team-gw": "sk-gw-Lp3Ko7Ji1Hu5Gy9Ft2Dr6Es0Wa4Qz8Xc",
}
CUSTOM_NAME = "custom:team-gw"
CUSTOM_BASE = "https://gw.example.com/v1"
CUSTOM_CONFIG: dict[str, Any] = {
    "label": "Team GW",
    "base_url": CUSTOM_BASE,
    "types": ["llm", "embedding"],
}


@dataclass(frozen=True)
class Check:
    """What one provider's validate() sends, and a good answer to it."""

    method: str
    url: str
    good: str
    label: str

    @property
    def path(self) -> str:
        return httpx.URL(self.url).path


CHECKS = {
    "deepseek": Check(
        "GET", "https://api.deepseek.com/user/balance", "deepseek/balance.json", "DeepSeek"
    ),
    "mistral": Check(
        "GET", "https://api.mistral.ai/v1/models", "mistral/models.json", "Mistral AI"
    ),
    "groq": Check("GET", "https://api.groq.com/openai/v1/models", "groq/models.json", "Groq"),
    "xai": Check("GET", "https://api.x.ai/v1/api-key", "xai/api_key.json", "xAI"),
    "voyage": Check(
        "POST", "https://api.voyageai.com/v1/embeddings", "voyage/embeddings.json", "Voyage AI"
    ),
    "vllm": Check("GET", "http://localhost:8000/v1/models", "vllm/models.json", "vLLM"),
    CUSTOM_NAME: Check("GET", f"{CUSTOM_BASE}/models", "custom/models.json", "Team GW"),
}
#: Where each one lists its models (Voyage has no list).
MODELS_URLS = {
    "deepseek": "https://api.deepseek.com/models",
    "mistral": "https://api.mistral.ai/v1/models",
    "groq": "https://api.groq.com/openai/v1/models",
    "xai": "https://api.x.ai/v1/models",
    "vllm": "http://localhost:8000/v1/models",
    CUSTOM_NAME: f"{CUSTOM_BASE}/models",
}
BUILTINS = ["deepseek", "mistral", "groq", "xai", "voyage", "vllm"]
ALL = [*BUILTINS, CUSTOM_NAME]


def build(client: httpx.AsyncClient, name: str, config: dict[str, Any] | None = None) -> Any:
    info = (
        custom_provider_info(name, config if config is not None else CUSTOM_CONFIG)
        if name.startswith("custom:")
        else builtin_info(name)
    )
    return family_class("openai_compatible")(client, info)


def config_for(name: str, **extra: Any) -> dict[str, Any]:
    base = dict(CUSTOM_CONFIG) if name == CUSTOM_NAME else {}
    return {**base, "api_key": KEYS[name], **extra}


def by_id(models: list[ModelDefinition]) -> dict[str, ModelDefinition]:
    ids = [m.id for m in models]
    assert len(ids) == len(set(ids)), ids
    return {m.id: m for m in models}


def types_of(models: list[ModelDefinition]) -> dict[str, ModelType]:
    return {m.id: m.model_type for m in by_id(models).values()}


def openai_error(message: str, kind: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


@pytest.fixture
def adapter(request: pytest.FixtureRequest, client: httpx.AsyncClient) -> Any:
    """The adapter named by the test's ``provider`` parameter."""
    return build(client, request.getfixturevalue("provider"))


# -- the descriptions --------------------------------------------------------------------


@pytest.mark.parametrize("provider", BUILTINS)
def test_descriptions_use_this_family(provider: str) -> None:
    info = builtin_info(provider)
    assert info.family == "openai_compatible"
    assert info.auth == "bearer"
    assert family_class("openai_compatible") is OpenAICompatibleProvider
    assert info.label_zh
    assert info.description_zh
    base = info.field("base_url")
    assert base is not None
    assert base.default is not None
    assert httpx.URL(CHECKS[provider].url).host == httpx.URL(base.default).host
    for pattern in info.key_patterns:
        assert re.search(pattern, f"key={KEYS[provider]} "), (provider, pattern)


def test_vllm_key_is_optional_and_http_is_allowed() -> None:
    info = builtin_info("vllm")
    key = info.key_field
    assert key is not None
    assert not key.required
    assert not info.needs_key
    assert info.allow_private_http
    assert info.group == "local"


# -- the check each one sends ------------------------------------------------------------


@pytest.mark.parametrize("provider", ALL)
async def test_good_key_is_valid_with_the_documented_check(
    fake: FakeAPI, adapter: ModelProvider, provider: str
) -> None:
    check = CHECKS[provider]
    fake.json(check.method, check.url, 200, load(check.good))

    result = await adapter.validate(config_for(provider))

    assert result.status is S.VALID, result.message
    assert result.http_status == 200
    assert check.label in result.message
    (request,) = fake.requests
    assert (request.method, request.url.host, request.url.path) == (
        check.method,
        httpx.URL(check.url).host,
        check.path,
    )
    assert request.headers["authorization"] == f"Bearer {KEYS[provider]}"
    assert KEYS[provider] not in str(request.url)
    assert request.headers["user-agent"].startswith("ModelHub/")


async def test_deepseek_check_is_the_free_balance_endpoint(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", CHECKS["deepseek"].url, 200, load("deepseek/balance.json"))

    result = await build(client, "deepseek").validate(config_for("deepseek"))

    assert result.status is S.VALID
    assert result.details["balance"] == "110.00 CNY"
    assert fake.paths() == ["/user/balance"]


async def test_voyage_check_embeds_one_input(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("POST", CHECKS["voyage"].url, 200, load("voyage/embeddings.json"))

    result = await build(client, "voyage").validate(config_for("voyage"))

    assert result.status is S.VALID
    (request,) = fake.requests
    assert request.method == "POST"
    assert request.url.path == "/v1/embeddings"
    assert request.headers["content-type"] == "application/json"
    body = json.loads(request.content)
    assert isinstance(body["input"], list)
    assert len(body["input"]) == 1
    assert body["model"].startswith("voyage-")


@pytest.mark.parametrize("provider", ["mistral", "groq", "vllm", CUSTOM_NAME])
async def test_list_checks_count_the_models(
    fake: FakeAPI, adapter: ModelProvider, provider: str
) -> None:
    check = CHECKS[provider]
    body = load(check.good)
    fake.json("GET", check.url, 200, body)

    result = await adapter.validate(config_for(provider))

    assert result.details["models"] == str(len(body["data"]))


@pytest.mark.parametrize("provider", ["mistral", "groq", "vllm", CUSTOM_NAME])
async def test_list_check_without_a_list_is_bad_response(
    fake: FakeAPI, adapter: ModelProvider, provider: str
) -> None:
    fake.json("GET", CHECKS[provider].url, 200, {"status": "ok"})

    result = await adapter.validate(config_for(provider))

    assert result.status is S.BAD_RESPONSE
    assert "model list" in result.message


# -- bad keys ----------------------------------------------------------------------------


async def test_deepseek_bad_key(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", CHECKS["deepseek"].url, 401, load("deepseek/error_401.json"))

    result = await build(client, "deepseek").validate({"api_key": "sk-0000000000000000abcd"})

    assert result.status is S.INVALID_CREDENTIALS
    assert result.http_status == 401
    assert "Authentication Fails" in result.message
    assert "DeepSeek's console" in (result.hint or "")


async def test_xai_bad_key_is_http_400(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", CHECKS["xai"].url, 400, load("xai/error_400_bad_key.json"))

    result = await build(client, "xai").validate(config_for("xai"))

    assert result.status is S.INVALID_CREDENTIALS
    assert result.http_status == 400
    assert "Incorrect API key provided" in result.message


async def test_xai_other_400_is_not_a_bad_key(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    body = {"code": "Client specified an invalid argument", "error": "Unknown field 'foo'."}
    fake.json("GET", CHECKS["xai"].url, 400, body)

    result = await build(client, "xai").validate(config_for("xai"))

    assert result.status is S.BAD_RESPONSE
    assert "Unknown field" in result.message


async def test_groq_bad_key(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json(
        "GET",
        CHECKS["groq"].url,
        401,
        load("groq/error_401.json"),
        **{"x-groq-region": "us-east-1"},
    )

    result = await build(client, "groq").validate({"api_key": "gsk_wrong"})

    assert result.status is S.INVALID_CREDENTIALS
    assert "Invalid API Key" in result.message


@pytest.mark.parametrize(
    "body", [load("mistral/error_401.json"), {"detail": "Unauthorized"}], ids=["message", "detail"]
)
async def test_mistral_bad_key(fake: FakeAPI, client: httpx.AsyncClient, body: Any) -> None:
    fake.json("GET", CHECKS["mistral"].url, 401, body)

    result = await build(client, "mistral").validate(config_for("mistral"))

    assert result.status is S.INVALID_CREDENTIALS
    assert "Unauthorized" in result.message


async def test_voyage_bad_key(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("POST", CHECKS["voyage"].url, 401, load("voyage/error_401.json"))

    result = await build(client, "voyage").validate(config_for("voyage"))

    assert result.status is S.INVALID_CREDENTIALS
    assert "Provided API key is invalid" in result.message


async def test_echoed_key_is_masked(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    key = KEYS["groq"]
    body = openai_error(f"Invalid API Key {key}", "invalid_request_error", "invalid_api_key")
    fake.json("GET", CHECKS["groq"].url, 401, body)

    result = await build(client, "groq").validate(config_for("groq"))

    assert result.status is S.INVALID_CREDENTIALS
    assert key not in result.message
    assert key[4:20] not in result.message


# -- no credit, blocked keys -------------------------------------------------------------


async def test_deepseek_unavailable_balance_is_no_credit(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", CHECKS["deepseek"].url, 200, load("deepseek/balance_unavailable.json"))

    result = await build(client, "deepseek").validate(config_for("deepseek"))

    assert result.status is S.NO_CREDIT
    assert result.status.key_accepted
    assert result.http_status == 200
    assert result.details == {"balance": "0.00 CNY", "balance_usd": "0.00 USD"}
    assert "Top up" in (result.hint or "")


async def test_deepseek_402_is_no_credit(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", CHECKS["deepseek"].url, 402, load("deepseek/error_402.json"))

    result = await build(client, "deepseek").validate(config_for("deepseek"))

    assert result.status is S.NO_CREDIT
    assert result.http_status == 402
    assert "Insufficient Balance" in result.message


@pytest.mark.parametrize("provider", ["groq", "vllm", CUSTOM_NAME])
async def test_quota_429_is_no_credit(fake: FakeAPI, adapter: ModelProvider, provider: str) -> None:
    body = openai_error("You exceeded your current quota.", "insufficient_quota", None)
    fake.json("GET", CHECKS[provider].url, 429, body)

    result = await adapter.validate(config_for(provider))

    assert result.status is S.NO_CREDIT


@pytest.mark.parametrize("field", ["api_key_blocked", "api_key_disabled", "team_blocked"])
async def test_xai_blocked_key_is_restricted(
    fake: FakeAPI, client: httpx.AsyncClient, field: str
) -> None:
    body = {**load("xai/api_key.json"), field: True}
    fake.json("GET", CHECKS["xai"].url, 200, body)

    result = await build(client, "xai").validate(config_for("xai"))

    assert result.status is S.RESTRICTED
    assert field in result.message


async def test_xai_blocked_fixture_is_restricted(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", CHECKS["xai"].url, 200, load("xai/api_key_blocked.json"))

    result = await build(client, "xai").validate(config_for("xai"))

    assert result.status is S.RESTRICTED
    assert result.status.usable
    assert "api_key_blocked" in result.message


@pytest.mark.parametrize("provider", ["mistral", "groq", "xai"])
async def test_403_is_restricted(fake: FakeAPI, adapter: ModelProvider, provider: str) -> None:
    check = CHECKS[provider]
    fake.json(check.method, check.url, 403, {"error": "The team is not allowed to call this."})

    result = await adapter.validate(config_for(provider))

    assert result.status is S.RESTRICTED
    assert "not allowed" in result.message


# -- rate limits, network trouble, HTML --------------------------------------------------


@pytest.mark.parametrize("provider", ALL)
async def test_rate_limited_with_retry_after(
    fake: FakeAPI, adapter: ModelProvider, provider: str
) -> None:
    check = CHECKS[provider]
    body: Any = (
        {"detail": "You have exceeded the rate limit. Please slow down."}
        if provider in ("voyage", "mistral")
        else openai_error(
            "Rate limit reached for requests. Please try again in 20s.",
            "requests",
            "rate_limit_exceeded",
        )
    )
    fake.json(check.method, check.url, 429, body, **{"retry-after": "20"})

    result = await adapter.validate(config_for(provider))

    assert result.status is S.RATE_LIMITED
    assert result.status.key_accepted
    assert result.http_status == 429
    assert "20 seconds" in result.message
    assert "rate limit" in result.message.lower()


@pytest.mark.parametrize("provider", ALL)
async def test_unreachable(fake: FakeAPI, adapter: ModelProvider, provider: str) -> None:
    check = CHECKS[provider]

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake.add(check.method, check.url, refuse)
    if provider in MODELS_URLS:
        fake.add("GET", MODELS_URLS[provider], refuse)

    result = await adapter.validate(config_for(provider))

    assert result.status is S.UNREACHABLE
    assert result.status.inconclusive
    assert httpx.URL(check.url).host in result.message

    if provider in MODELS_URLS:  # Voyage has no list to fetch
        with pytest.raises(ProviderCallError) as info:
            await adapter.list_models(config_for(provider))
        assert info.value.result.status is S.UNREACHABLE


PAGE = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


@pytest.mark.parametrize("provider", ALL)
async def test_html_502_is_unreachable(
    fake: FakeAPI, adapter: ModelProvider, provider: str
) -> None:
    check = CHECKS[provider]
    fake.add(
        check.method,
        check.url,
        httpx.Response(502, text=PAGE, headers={"content-type": "text/html"}),
    )

    result = await adapter.validate(config_for(provider))

    assert result.status is S.UNREACHABLE
    assert result.http_status == 502
    assert "HTML" in result.message
    assert "<html" not in result.message
    assert "nginx" not in result.message


@pytest.mark.parametrize("provider", ALL)
async def test_html_200_is_bad_response(
    fake: FakeAPI, adapter: ModelProvider, provider: str
) -> None:
    check = CHECKS[provider]
    page = "<!doctype html><html><head><title>Sign in</title></head><body>Welcome</body></html>"
    fake.add(
        check.method,
        check.url,
        httpx.Response(200, text=page, headers={"content-type": "text/html; charset=utf-8"}),
    )

    result = await adapter.validate(config_for(provider))

    assert result.status is S.BAD_RESPONSE
    assert result.http_status == 200
    assert "HTML page" in result.message
    assert "base URL" in (result.hint or "")


# -- model lists -------------------------------------------------------------------------


async def test_deepseek_models(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "https://api.deepseek.com/models", 200, load("deepseek/models.json"))

    models = await build(client, "deepseek").list_models(config_for("deepseek"))

    assert types_of(models) == {"deepseek-chat": T.LLM, "deepseek-reasoner": T.LLM}
    assert by_id(models)["deepseek-chat"].extra["owned_by"] == "deepseek"
    assert fake.paths() == ["/models"]


async def test_groq_models_are_typed_and_distractors_left_out(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", "https://api.groq.com/openai/v1/models", 200, load("groq/models.json"))

    models = await build(client, "groq").list_models(config_for("groq"))

    assert types_of(models) == {
        "llama-3.1-8b-instant": T.LLM,
        "openai/gpt-oss-120b": T.LLM,
        "whisper-large-v3": T.SPEECH_TO_TEXT,
        "whisper-large-v3-turbo": T.SPEECH_TO_TEXT,
        "distil-whisper-large-v3-en": T.SPEECH_TO_TEXT,
        "playai-tts": T.TTS,
    }
    got = by_id(models)
    assert got["llama-3.1-8b-instant"].context_length == 131072
    assert got["whisper-large-v3"].context_length == 448
    (request,) = fake.requests
    assert (request.method, request.url.path) == ("GET", "/openai/v1/models")


async def test_mistral_models_are_typed_by_capabilities(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", "https://api.mistral.ai/v1/models", 200, load("mistral/models.json"))

    models = await build(client, "mistral").list_models(config_for("mistral"))

    assert types_of(models) == {
        "mistral-large-2411": T.LLM,
        "codestral-2501": T.LLM,
        "pixtral-large-2411": T.LLM,
        "ft:open-mistral-7b:587a6b29:20240514:7e773925": T.LLM,
        "voxtral-mini-transcribe-2507": T.SPEECH_TO_TEXT,
        "mistral-embed": T.EMBEDDING,
        "codestral-embed-2505": T.EMBEDDING,
    }
    got = by_id(models)
    assert got["mistral-large-2411"].context_length == 131072
    assert got["mistral-embed"].context_length == 8192
    # ``name`` is null for most cards: the id stands in.
    assert got["codestral-2501"].name == "codestral-2501"
    assert fake.paths() == ["/v1/models"]


async def test_xai_models_leave_out_image_and_video(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", "https://api.x.ai/v1/models", 200, load("xai/models.json"))

    models = await build(client, "xai").list_models(config_for("xai"))

    assert types_of(models) == {
        "grok-4-0709": T.LLM,
        "grok-3-mini": T.LLM,
        "grok-2-vision-1212": T.LLM,
    }
    assert fake.paths() == ["/v1/models"]


async def test_voyage_offers_its_static_models_without_a_request(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    models = await build(client, "voyage").list_models(config_for("voyage"))

    got = types_of(models)
    assert fake.requests == []
    assert got["voyage-3.5"] is T.EMBEDDING
    assert got["voyage-3.5-lite"] is T.EMBEDDING
    assert got["rerank-2.5"] is T.RERANK
    assert all(t is T.EMBEDDING for i, t in got.items() if i.startswith("voyage-"))
    assert all(t is T.RERANK for i, t in got.items() if i.startswith("rerank-"))
    # The model the key check embeds with is one it offers.
    check = builtin_info("voyage").options["validate"]
    assert got[check["body"]["model"]] is T.EMBEDDING


@pytest.mark.parametrize("provider", ["deepseek", "mistral", "groq", "xai", "vllm"])
async def test_list_errors_raise(fake: FakeAPI, adapter: ModelProvider, provider: str) -> None:
    fake.json(
        "GET",
        MODELS_URLS[provider],
        401,
        openai_error("Invalid API Key", "invalid_request_error", None),
    )

    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(config_for(provider))

    assert info.value.result.status is S.INVALID_CREDENTIALS


# -- vLLM: the key is optional -----------------------------------------------------------


async def test_vllm_without_a_key_sends_no_authorization(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", CHECKS["vllm"].url, 200, load("vllm/models.json"))

    result = await build(client, "vllm").validate({})

    assert result.status is S.VALID
    (request,) = fake.requests
    assert "authorization" not in request.headers
    assert (request.method, request.url.path) == ("GET", "/v1/models")


async def test_vllm_with_a_key_sends_it(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", "http://10.0.0.5:8000/v1/models", 200, load("vllm/models.json"))

    result = await build(client, "vllm").validate(
        {"api_key": KEYS["vllm"], "base_url": "http://10.0.0.5:8000/v1"}
    )

    assert result.status is S.VALID
    (request,) = fake.requests
    assert request.headers["authorization"] == f"Bearer {KEYS['vllm']}"
    assert request.url.host == "10.0.0.5"


async def test_vllm_401_without_a_key_says_none_is_set(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", CHECKS["vllm"].url, 401, {"error": "Unauthorized"})

    result = await build(client, "vllm").validate({})

    assert result.status is S.INVALID_CREDENTIALS
    assert "none is set" in result.message
    assert "Unauthorized" in result.message
    assert "started with" in (result.hint or "")


async def test_vllm_401_with_a_key_says_it_was_rejected(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", CHECKS["vllm"].url, 401, {"error": "Unauthorized"})

    result = await build(client, "vllm").validate({"api_key": "wrong-token"})

    assert result.status is S.INVALID_CREDENTIALS
    assert "rejected the key" in result.message
    assert "none is set" not in result.message


async def test_vllm_models_keep_max_model_len(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", CHECKS["vllm"].url, 200, load("vllm/models.json"))

    models = await build(client, "vllm").list_models({})

    got = by_id(models)
    assert got["Qwen/Qwen3-8B"].model_type is T.LLM
    assert got["Qwen/Qwen3-8B"].context_length == 32768
    assert got["Qwen/Qwen3-8B"].extra["owned_by"] == "vllm"
    assert got["sql-lora"].context_length is None
    assert "authorization" not in fake.requests[0].headers


async def test_vllm_admin_can_type_an_embedding_server(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    body = {
        "object": "list",
        "data": [
            {"id": "intfloat/multilingual-e5-large", "object": "model", "max_model_len": 512},
            {"id": "BAAI/bge-reranker-v2-m3", "object": "model", "max_model_len": 8192},
        ],
    }
    fake.json("GET", CHECKS["vllm"].url, 200, body)
    adapter = build(client, "vllm")

    generic = types_of(await adapter.list_models({}))
    assert generic["BAAI/bge-reranker-v2-m3"] is T.RERANK

    config = adapter.normalize_config({"models": "intfloat/multilingual-e5-large = embedding"})
    models = by_id(await adapter.list_models(config))
    assert models["intfloat/multilingual-e5-large"].model_type is T.EMBEDDING
    assert models["intfloat/multilingual-e5-large"].context_length == 512


# -- a workspace's custom endpoint -------------------------------------------------------


async def test_custom_models_are_typed_by_the_generic_rules(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", f"{CUSTOM_BASE}/models", 200, load("custom/models.json"))

    models = await build(client, CUSTOM_NAME).list_models(config_for(CUSTOM_NAME))

    assert types_of(models) == {
        "gpt-4o-mini": T.LLM,
        "team-llama-70b": T.LLM,
        "text-embedding-3-small": T.EMBEDDING,
        "team-vectors-1": T.LLM,
    }
    assert fake.paths() == ["/v1/models"]


async def test_custom_offers_every_type_when_none_is_chosen(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", f"{CUSTOM_BASE}/models", 200, load("custom/models.json"))
    config = {"label": "Team GW", "base_url": CUSTOM_BASE}

    models = await build(client, CUSTOM_NAME, config).list_models(config)

    got = types_of(models)
    assert got["bge-reranker-v2-m3"] is T.RERANK
    assert got["whisper-1"] is T.SPEECH_TO_TEXT
    assert "dall-e-3" not in got


async def test_custom_sends_its_extra_headers(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", f"{CUSTOM_BASE}/models", 200, load("custom/models.json"))
    adapter = build(client, CUSTOM_NAME)
    config = adapter.normalize_config(
        {
            **config_for(CUSTOM_NAME),
            "headers": "X-Team: platform\nOpenAI-Organization: org-team42",
        }
    )

    result = await adapter.validate(config)
    await adapter.list_models(config)

    assert result.status is S.VALID
    assert len(fake.requests) == 2
    for request in fake.requests:
        assert request.headers["x-team"] == "platform"
        assert request.headers["openai-organization"] == "org-team42"
        assert request.headers["authorization"] == f"Bearer {KEYS[CUSTOM_NAME]}"


async def test_custom_without_a_key_sends_none(fake: FakeAPI, client: httpx.AsyncClient) -> None:
    fake.json("GET", f"{CUSTOM_BASE}/models", 200, load("custom/models.json"))

    result = await build(client, CUSTOM_NAME).validate(dict(CUSTOM_CONFIG))

    assert result.status is S.VALID
    assert "authorization" not in fake.requests[0].headers


async def test_custom_hand_typed_models_correct_the_listed_type(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", f"{CUSTOM_BASE}/models", 200, load("custom/models.json"))
    adapter = build(client, CUSTOM_NAME)
    config = adapter.normalize_config(
        {**config_for(CUSTOM_NAME), "models": "team-vectors-1 = embedding\nteam-llama-70b"}
    )

    models = by_id(await adapter.list_models(config))

    assert models["team-vectors-1"].model_type is T.EMBEDDING
    assert models["team-vectors-1"].extra["typed_by_admin"] is True
    assert models["team-vectors-1"].extra["owned_by"] == "team"
    assert models["team-llama-70b"].model_type is T.LLM
    assert models["gpt-4o-mini"].extra.get("typed_by_admin") is None
    assert "dall-e-3" not in models


async def test_custom_hand_typed_models_stand_in_for_a_missing_list(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json(
        "GET",
        f"{CUSTOM_BASE}/models",
        404,
        {"detail": "Not Found"},
    )
    adapter = build(client, CUSTOM_NAME)
    config = adapter.normalize_config(
        {
            **config_for(CUSTOM_NAME),
            "models": "team-llama-70b = llm\nteam-vectors-1 = embedding\nteam-rerank = rerank",
        }
    )

    models = await adapter.list_models(config)

    assert types_of(models) == {"team-llama-70b": T.LLM, "team-vectors-1": T.EMBEDDING}
    assert all(m.extra["typed_by_admin"] for m in models)


async def test_custom_404_without_hand_typed_models_raises(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", f"{CUSTOM_BASE}/models", 404, {"detail": "Not Found"})

    with pytest.raises(ProviderCallError) as info:
        await build(client, CUSTOM_NAME).list_models(config_for(CUSTOM_NAME))

    assert info.value.result.status is S.BAD_RESPONSE
    assert info.value.result.http_status == 404
    assert "base URL" in (info.value.result.hint or "")


async def test_custom_401_is_not_excused_by_hand_typed_models(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    fake.json("GET", f"{CUSTOM_BASE}/models", 401, {"error": "Invalid token"})
    adapter = build(client, CUSTOM_NAME)
    config = adapter.normalize_config({**config_for(CUSTOM_NAME), "models": "team-llama-70b"})

    with pytest.raises(ProviderCallError) as info:
        await adapter.list_models(config)

    assert info.value.result.status is S.INVALID_CREDENTIALS


async def test_custom_endpoint_without_a_list_is_usable_with_hand_typed_models(
    fake: FakeAPI, client: httpx.AsyncClient
) -> None:
    config = {
        "label": "No list",
        "base_url": "https://nolist.example.com/v1",
        "api_key": "sk-nolist-0123456789abcdef",
        "models": [{"id": "house-model", "type": "llm"}],
    }
    fake.add("GET", "https://nolist.example.com/v1/models", httpx.Response(404, text="not found"))
    adapter = family_class("openai_compatible")(
        client, custom_provider_info("custom:no-list", config)
    )
    result = await adapter.validate(config)
    assert result.status is ValidationStatus.VALID
    assert "could not be checked" in result.message
    models = await adapter.list_models(config)
    assert [(m.id, m.model_type) for m in models] == [("house-model", ModelType.LLM)]
    without = {k: v for k, v in config.items() if k != "models"}
    assert (await adapter.validate(without)).status is ValidationStatus.BAD_RESPONSE
