"""The same outcomes checked for every provider: the issue's per-provider test list."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import (
    DEFAULT_BASES,
    KEYS,
    PROVIDER_CLASSES,
    VALIDATE_ROUTES,
    BigBody,
    FakeAPI,
    load,
)

from modelhub.domain.models import ValidationStatus
from modelhub.providers.base import ModelProvider, ProviderCallError
from modelhub.providers.http import make_http_client

if TYPE_CHECKING:
    from collections.abc import Callable

S = ValidationStatus
PROVIDERS = list(PROVIDER_CLASSES)
MB = 1024 * 1024

LIST_ROUTES = {
    "openai": ("GET", "/v1/models"),
    "openrouter": ("GET", "/api/v1/models"),
    "jina": ("GET", "/v1/models"),
    "siliconflow": ("GET", "/v1/models"),
}

# (provider, case, HTTP status, fixture, expected status)
OUTCOMES = [
    ("openai", "good", 200, "openai/models.json", S.VALID),
    ("openai", "bad key", 401, "openai/error_401.json", S.INVALID_CREDENTIALS),
    ("openai", "no credit: quota", 429, "openai/error_429_quota.json", S.NO_CREDIT),
    ("openai", "no credit: balance", 429, "openai/error_429_credit.json", S.NO_CREDIT),
    ("openai", "rate limited", 429, "openai/error_429_rate.json", S.RATE_LIMITED),
    ("openai", "restricted", 403, "openai/error_403.json", S.RESTRICTED),
    ("openrouter", "good", 200, "openrouter/key.json", S.VALID),
    ("openrouter", "good (legacy shape)", 200, "openrouter/key_legacy.json", S.VALID),
    ("openrouter", "bad key", 401, "openrouter/error_401.json", S.INVALID_CREDENTIALS),
    ("openrouter", "no credit: 402", 402, "openrouter/error_402.json", S.NO_CREDIT),
    ("openrouter", "no credit: limit", 200, "openrouter/key_exhausted.json", S.NO_CREDIT),
    ("openrouter", "rate limited", 429, "openrouter/error_429.json", S.RATE_LIMITED),
    ("openrouter", "restricted", 403, "openrouter/error_403.json", S.RESTRICTED),
    ("jina", "good", 200, "jina/embeddings.json", S.VALID),
    ("jina", "bad key", 401, "jina/error_401.json", S.INVALID_CREDENTIALS),
    ("jina", "no credit", 403, "jina/error_403_balance.json", S.NO_CREDIT),
    ("jina", "rate limited", 429, "jina/error_429.json", S.RATE_LIMITED),
    ("jina", "restricted", 403, "jina/error_403_limit.json", S.RESTRICTED),
    ("jina", "probe refused (422 array)", 422, "jina/error_422.json", S.BAD_RESPONSE),
    ("siliconflow", "good", 200, "siliconflow/user_info.json", S.VALID),
    ("siliconflow", "bad key", 401, "siliconflow/error_401.json", S.INVALID_CREDENTIALS),
    ("siliconflow", "no credit", 200, "siliconflow/user_info_zero.json", S.NO_CREDIT),
    ("siliconflow", "rate limited", 429, "siliconflow/error_429.json", S.RATE_LIMITED),
    ("siliconflow", "restricted", 403, "siliconflow/error_403.json", S.RESTRICTED),
]


def _validate_url(provider: str) -> tuple[str, str]:
    method, path = VALIDATE_ROUTES[provider]
    host = httpx.URL(DEFAULT_BASES[provider]).host
    return method, f"https://{host}{path}"


def _config(provider: str) -> dict[str, str]:
    return {"api_key": KEYS[provider]}


@pytest.mark.parametrize(
    ("provider", "case", "http_status", "fixture", "expected"),
    OUTCOMES,
    ids=[f"{p}-{c}" for p, c, *_ in OUTCOMES],
)
async def test_validate_classifies_provider_answers(
    fake: FakeAPI,
    make_provider: Callable[[str], ModelProvider],
    provider: str,
    case: str,
    http_status: int,
    fixture: str,
    expected: ValidationStatus,
) -> None:
    method, url = _validate_url(provider)
    fake.json(method, url, http_status, load(fixture))

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is expected, result
    assert result.http_status == http_status
    assert result.message
    if expected is not S.VALID:
        assert result.hint, "every failure says what to do next"
    assert len(fake.requests) == 1
    assert fake.requests[0].headers["authorization"] == f"Bearer {KEYS[provider]}"


@pytest.mark.parametrize("provider", ["openai", "openrouter", "jina", "siliconflow"])
async def test_failure_message_carries_the_provider_text(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    fixture = {
        "openai": "openai/error_429_rate.json",
        "openrouter": "openrouter/error_429.json",
        "jina": "jina/error_429.json",
        "siliconflow": "siliconflow/error_429.json",
    }[provider]
    method, url = _validate_url(provider)
    fake.json(method, url, 429, load(fixture), **{"Retry-After": "17"})

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.RATE_LIMITED
    assert "rate limit" in result.message.lower()
    assert "17 seconds" in result.message


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout, httpx.ConnectTimeout, httpx.WriteTimeout, httpx.PoolTimeout]
)
async def test_timeout_is_unreachable(
    fake: FakeAPI,
    make_provider: Callable[[str], ModelProvider],
    provider: str,
    error: type[httpx.TimeoutException],
) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise error("timed out", request=request)

    method, url = _validate_url(provider)
    fake.add(method, url, timeout)

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.UNREACHABLE
    assert "timed out" in result.message or "did not answer in time" in result.message
    assert result.hint


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_connection_refused_is_unreachable(provider: str) -> None:
    # A real socket: bind a port, close it, and connect to the now-closed port.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with make_http_client() as client:
        adapter = PROVIDER_CLASSES[provider](client)
        config = {**_config(provider), "base_url": f"http://127.0.0.1:{port}/v1"}
        result = await adapter.validate(config)
        with pytest.raises(ProviderCallError) as err:
            await adapter.list_models(config)
    assert result.status is S.UNREACHABLE
    assert "Could not connect" in result.message
    assert "127.0.0.1" in result.message
    assert err.value.result.status is S.UNREACHABLE


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_500_is_unreachable(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    method, url = _validate_url(provider)
    body = {
        "openai": load("openai/error_500.json"),
        "openrouter": {"error": {"code": 500, "message": "Internal Server Error"}},
        "jina": load("jina/error_500.json"),
        "siliconflow": load("siliconflow/error_503.json"),
    }[provider]
    fake.json(method, url, 500, body)

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.UNREACHABLE
    assert result.http_status == 500
    assert "having trouble (HTTP 500)" in result.message
    assert result.hint


HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_html_502_page_is_unreachable(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    method, url = _validate_url(provider)
    fake.add(
        method,
        url,
        httpx.Response(502, text=HTML_502, headers={"content-type": "text/html"}),
    )

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.UNREACHABLE
    assert result.http_status == 502
    assert "HTTP 502" in result.message
    assert "HTML" in result.message
    assert "<html" not in result.message


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_html_page_with_200_is_bad_response(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    method, url = _validate_url(provider)
    fake.add(method, url, httpx.Response(200, html="<!DOCTYPE html><html>Welcome</html>"))

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.BAD_RESPONSE
    assert "HTML page, not JSON" in result.message
    assert "base URL" in result.message


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("body", ['{"data": [', "not json at all", '{"object": "list"'])
async def test_malformed_json_is_bad_response(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str, body: str
) -> None:
    method, url = _validate_url(provider)
    fake.add(
        method,
        url,
        httpx.Response(200, content=body.encode(), headers={"content-type": "application/json"}),
    )

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.BAD_RESPONSE
    assert result.http_status == 200


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("body", [{"ok": True}, [], "hello", {"data": "nope"}, None])
async def test_json_of_the_wrong_shape_is_bad_response(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str, body: object
) -> None:
    method, url = _validate_url(provider)
    fake.json(method, url, 200, body)

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.BAD_RESPONSE
    assert result.hint


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
async def test_redirect_is_not_followed_with_the_key(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str, code: int
) -> None:
    method, url = _validate_url(provider)
    fake.add(
        method, url, httpx.Response(code, headers={"location": "https://evil.example/collect"})
    )

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.BAD_RESPONSE
    assert result.http_status == code
    assert "redirected to evil.example" in result.message
    assert "does not send keys to redirected addresses" in result.message
    assert "base URL" in (result.hint or "")
    # Exactly one request, to the configured host; nothing reached the other host.
    assert len(fake.requests) == 1
    assert all(r.url.host != "evil.example" for r in fake.requests)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_list_models_redirect_is_not_followed(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    method, path = LIST_ROUTES[provider]
    host = httpx.URL(DEFAULT_BASES[provider]).host
    fake.add(
        method,
        f"https://{host}{path}",
        httpx.Response(302, headers={"location": "https://evil.example/models"}),
    )

    with pytest.raises(ProviderCallError) as err:
        await make_provider(provider).list_models(_config(provider))

    assert err.value.result.status is S.BAD_RESPONSE
    assert all(r.url.host == host for r in fake.requests)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_huge_streamed_body_is_refused_without_reading_it_all(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    big = BigBody(50 * MB)
    method, url = _validate_url(provider)
    fake.add(
        method,
        url,
        lambda _r: httpx.Response(
            200, headers={"content-type": "application/json"}, content=big.__aiter__()
        ),
    )

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.BAD_RESPONSE
    assert "stopped reading" in result.message
    # The reader gave up at its cap (at most 20 MB), far short of the 50 MB offered.
    assert big.pulled <= 20 * MB + 2 * len(BigBody.CHUNK)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_huge_model_list_is_refused(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    big = BigBody(50 * MB)
    method, path = LIST_ROUTES[provider]
    host = httpx.URL(DEFAULT_BASES[provider]).host
    fake.add(
        method,
        f"https://{host}{path}",
        lambda _r: httpx.Response(
            200, headers={"content-type": "application/json"}, content=big.__aiter__()
        ),
    )
    adapter = make_provider(provider)

    if provider == "jina":  # an unusable list falls back to the built-in catalog
        models = await adapter.list_models(_config(provider))
        assert all(m.extra.get("source") == "builtin" for m in models)
    else:
        with pytest.raises(ProviderCallError) as err:
            await adapter.list_models(_config(provider))
        assert err.value.result.status is S.BAD_RESPONSE
    assert big.pulled <= 5 * (20 * MB + 2 * len(BigBody.CHUNK))


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_declared_huge_length_is_refused_before_reading(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    big = BigBody(50 * MB)
    method, url = _validate_url(provider)
    fake.add(
        method,
        url,
        lambda _r: httpx.Response(
            200,
            headers={"content-type": "application/json", "content-length": str(50 * MB)},
            content=big.__aiter__(),
        ),
    )

    result = await make_provider(provider).validate(_config(provider))

    assert result.status is S.BAD_RESPONSE
    assert big.pulled == 0


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("config", [{}, {"api_key": ""}, {"api_key": "   "}])
async def test_missing_key_sends_nothing(
    fake: FakeAPI,
    make_provider: Callable[[str], ModelProvider],
    provider: str,
    config: dict[str, str],
) -> None:
    adapter = make_provider(provider)

    result = await adapter.validate(config)
    with pytest.raises(ProviderCallError) as err:
        await adapter.list_models(config)

    assert result.status is S.INVALID_CREDENTIALS
    assert result.hint
    assert err.value.result.status is S.INVALID_CREDENTIALS
    assert fake.requests == []


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("key", ["sk-abc\ndef", "sk-abc def", "sk-ключ"])
async def test_key_with_impossible_characters_is_not_sent(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str, key: str
) -> None:
    result = await make_provider(provider).validate({"api_key": key})

    assert result.status is S.INVALID_CREDENTIALS
    assert fake.requests == []


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "base_url", ["http://api.example.com/v1", "ftp://x/v1", "https://u:p@h.example/v1"]
)
async def test_unsafe_base_url_in_an_unnormalised_config_is_never_contacted(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str, base_url: str
) -> None:
    adapter = make_provider(provider)
    config = {**_config(provider), "base_url": base_url}

    result = await adapter.validate(config)
    with pytest.raises(ProviderCallError):
        await adapter.list_models(config)

    assert result.status is S.UNREACHABLE
    assert "not contacted" in result.message
    assert fake.requests == []


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_list_models_bad_key_raises_invalid(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    method, path = LIST_ROUTES[provider]
    host = httpx.URL(DEFAULT_BASES[provider]).host
    body = {
        "openai": load("openai/error_401.json"),
        "openrouter": load("openrouter/error_401.json"),
        "jina": load("jina/error_401.json"),
        "siliconflow": load("siliconflow/error_401.json"),
    }[provider]
    fake.json(method, f"https://{host}{path}", 401, body)

    with pytest.raises(ProviderCallError) as err:
        await make_provider(provider).list_models(_config(provider))

    assert err.value.result.status is S.INVALID_CREDENTIALS
    assert err.value.result.http_status == 401


@pytest.mark.parametrize("provider", ["openai", "openrouter", "siliconflow"])
async def test_list_models_5xx_raises_unreachable(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    method, path = LIST_ROUTES[provider]
    host = httpx.URL(DEFAULT_BASES[provider]).host
    fake.add(method, f"https://{host}{path}", httpx.Response(503, text="Service Unavailable"))

    with pytest.raises(ProviderCallError) as err:
        await make_provider(provider).list_models(_config(provider))

    assert err.value.result.status is S.UNREACHABLE
    assert err.value.result.http_status == 503


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_list_models_timeout_raises_unreachable(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    method, path = LIST_ROUTES[provider]
    host = httpx.URL(DEFAULT_BASES[provider]).host
    fake.add(method, f"https://{host}{path}", timeout)

    with pytest.raises(ProviderCallError) as err:
        await make_provider(provider).list_models(_config(provider))

    assert err.value.result.status is S.UNREACHABLE


@pytest.mark.parametrize("provider", PROVIDERS)
def test_info_schema(provider: str) -> None:
    info = PROVIDER_CLASSES[provider](lambda: None).info  # type: ignore[arg-type]
    assert info.name == provider
    assert (
        info.label
        == {
            "openai": "OpenAI",
            "openrouter": "OpenRouter",
            "jina": "Jina AI",
            "siliconflow": "SiliconFlow",
        }[provider]
    )
    assert info.description
    assert info.model_types
    key = info.field("api_key")
    assert key is not None
    assert key.secret
    assert key.required
    base = info.field("base_url")
    assert base is not None
    assert base.kind == "url"
    assert info.secret_fields == ("api_key",)
    if provider != "siliconflow":
        assert base.default == DEFAULT_BASES[provider]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_normalize_config_refuses_plain_http_to_other_hosts(
    client: httpx.AsyncClient, provider: str
) -> None:
    from modelhub.domain.errors import InvalidInputError

    adapter = PROVIDER_CLASSES[provider](client)
    with pytest.raises(InvalidInputError, match="unencrypted"):
        adapter.normalize_config({"api_key": "k", "base_url": "http://api.example.com/v1"})
    ok = adapter.normalize_config({"api_key": " k ", "base_url": " http://127.0.0.1:11434/v1/ "})
    assert ok == {"api_key": "k", "base_url": "http://127.0.0.1:11434/v1"}
    assert (
        adapter.normalize_config({"api_key": "k", "base_url": "https://proxy.example/v1//"})[
            "base_url"
        ]
        == "https://proxy.example/v1"
    )


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_custom_base_url_is_used_verbatim(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], provider: str
) -> None:
    method, path = VALIDATE_ROUTES[provider]
    suffix = path.split("/v1", 1)[1]
    body = {
        "openai": load("openai/models.json"),
        "openrouter": load("openrouter/key.json"),
        "jina": load("jina/embeddings.json"),
        "siliconflow": load("siliconflow/user_info.json"),
    }[provider]
    fake.json(method, f"http://localhost:8080/proxy/v1{suffix}", 200, body)
    adapter = make_provider(provider)
    config = adapter.normalize_config(
        {"api_key": KEYS[provider], "base_url": "http://localhost:8080/proxy/v1/"}
    )

    result = await adapter.validate(config)

    assert result.status is S.VALID
    assert str(fake.requests[0].url).startswith("http://localhost:8080/proxy/v1/")
