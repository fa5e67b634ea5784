"""Health probes: one real, minimal request per model type, measured and classified.

Every probe runs a real adapter on ModelHub's real client; only the transport is replaced
(``httpx.MockTransport`` with async handlers, so a double can wait or stall the way a slow
model does). Bodies are shaped as ``reference/PROVIDERS.md``, ``PROVIDERS-MORE.md`` and the
OpenAPI specs in ``reference/openapi/`` show them.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import wave
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from modelhub.domain.models import ModelType, ProbeResult, ValidationStatus
from modelhub.providers.http import make_http_client
from modelhub.providers.probes import (
    _SHAPES,
    FAMILY_PROBES,
    audio_matches,
    probe_spec,
    probe_wav,
)
from modelhub.providers.registry import builtin_info, custom_provider_info, family_class
from modelhub.providers.schema import PROBE_SHAPES

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from modelhub.domain.models import ProviderInfo
    from modelhub.providers.base import ModelProvider

S = ValidationStatus
T = ModelType

KEYS = {
    "openai": "sk-proj-Q7vX2mN9pL4kR8tY1wZ5aB3cD6eF0gH2jK4lM7nP9qS1uV3x",
    "deepseek": "sk-0123456789abcdef0123456789abcdef",
    "openrouter": "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",
    "jina": "jina_8f2c4a6e1b3d5f7a9c0e2b4d6f8a1c3eZx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0Ed",
    "siliconflow": "sk-tqzvxmbnrlkwpgfhjdcseayuoiqzvxmbnrlkwpgfhjdcseay",
    "anthropic": "sk-ant-api03-Zq8Xw2Lm4Np6Rt8Vy0Ab2Cd4Ef6Gh8Ij0Kl2Mn4Op6Qr8St0Uv2Wx4Yz6Ab8Cd0Ef2",
    "gemini": "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
    "cohere": "co-Zr7Xq2Wv9Ut4Sp6Rn8Mk1Lj3Hg5Fd0Sa2Qw4Er6Ty8",
    "voyage": "pa-Jx4Kc8Lv2Mb6Nn0Pq3Rs7Tu1Vw5Xy9Za2Bc4De6Fg8",
    "groq": "gsk_Hq2Wn7Ke4Rt9Yu1Io3Pa5Sd8Fg0Jk6Lz2Xc4Vb",
    "azure_openai": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "ollama": "",
}
BASES = {
    "openai": "https://api.openai.com/v1",
    "deepseek": "https://api.deepseek.com",
    "openrouter": "https://openrouter.ai/api/v1",
    "jina": "https://api.jina.ai/v1",
    "siliconflow": "https://api.siliconflow.cn/v1",
    "anthropic": "https://api.anthropic.com",
    "gemini": "https://generativelanguage.googleapis.com/v1beta",
    "cohere": "https://api.cohere.com",
    "voyage": "https://api.voyageai.com/v1",
    "groq": "https://api.groq.com/openai/v1",
    "azure_openai": "https://my-resource.openai.azure.com/openai",
    "ollama": "http://localhost:11434",
}


class FakeServer:
    """Async routes by (method, host, path); records each request with its body read."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str, str], Any] = {}
        self.requests: list[httpx.Request] = []

    def add(self, method: str, url: str, handler: Any) -> None:
        parsed = httpx.URL(url)
        self.routes[(method, parsed.host, parsed.path)] = handler

    def reply(self, method: str, url: str, response: Callable[[], httpx.Response]) -> None:
        """Answer with a fresh response from ``response()`` each time."""

        async def handle(_request: httpx.Request) -> httpx.Response:
            return response()

        self.add(method, url, handle)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        key = (request.method, request.url.host, request.url.path)
        if key not in self.routes:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        response: httpx.Response = await self.routes[key](request)
        return response

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
async def client(server: FakeServer) -> AsyncIterator[httpx.AsyncClient]:
    async with make_http_client(httpx.MockTransport(server)) as c:
        yield c


@pytest.fixture
def adapter(client: httpx.AsyncClient) -> Callable[..., ModelProvider]:
    def build(name: str, info: ProviderInfo | None = None) -> ModelProvider:
        info = info or builtin_info(name)
        return family_class(info.family)(client, info)

    return build


def config_for(name: str) -> dict[str, Any]:
    if name == "ollama":
        return {}
    if name == "azure_openai":
        return {"api_key": KEYS[name], "base_url": "https://my-resource.openai.azure.com"}
    return {"api_key": KEYS[name]}


def json_response(status: int, body: Any, **headers: str) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(status, json=body, headers=headers)


async def events(
    chunks: list[str], *, wait: float = 0.0, stall_after: bool = False
) -> AsyncIterator[bytes]:
    """A streamed body: waits ``wait`` s, sends ``chunks``, then maybe never ends."""
    if wait:
        await asyncio.sleep(wait)
    for chunk in chunks:
        yield chunk.encode()
    if stall_after:
        await asyncio.sleep(3600)


def stream_response(
    chunks: list[str],
    *,
    content_type: str = "text/event-stream",
    wait: float = 0.0,
    stall_after: bool = False,
) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(
        200,
        headers={"content-type": content_type},
        content=events(chunks, wait=wait, stall_after=stall_after),
    )


def assert_key_hidden(server: FakeServer, name: str, result: ProbeResult) -> None:
    """The key went only in a header: never in a URL, never back in the result."""
    key = KEYS[name]
    assert server.requests, "the probe sent nothing"
    if not key:
        return
    for request in server.requests:
        assert key not in str(request.url)
        assert key[8:20] not in str(request.url)
    for text in (result.message, result.detail):
        assert text is None or key[8:20] not in text


# -- OpenAI-style chat, streamed ---------------------------------------------------------

OPENAI_CHUNKS = [
    'data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,'
    '"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,'
    '"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n',
    'data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,'
    '"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,'
    '"delta":{},"logprobs":null,"finish_reason":"length"}]}\n\n',
    "data: [DONE]\n\n",
]
OPENAI_CHAT = "https://api.openai.com/v1/chat/completions"


async def test_openai_chat_streams_one_token_with_max_completion_tokens(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply("POST", OPENAI_CHAT, stream_response(OPENAI_CHUNKS))

    result = await adapter("openai").probe(config_for("openai"), "o4-mini", T.LLM)

    assert result.ok
    assert result.status is S.VALID
    assert result.message is None
    assert result.detail == "streaming; first event chat.completion.chunk"
    assert result.first_byte_ms is not None
    assert result.total_ms >= result.first_byte_ms
    assert server.body() == {
        "model": "o4-mini",
        "messages": [{"role": "user", "content": "Reply with OK."}],
        "max_completion_tokens": 1,
        "stream": True,
    }
    request = server.requests[0]
    assert request.headers["authorization"] == f"Bearer {KEYS['openai']}"
    assert_key_hidden(server, "openai", result)


async def test_openai_compatible_chat_uses_max_tokens(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST", "https://api.deepseek.com/chat/completions", stream_response(OPENAI_CHUNKS)
    )

    result = await adapter("deepseek").probe(config_for("deepseek"), "deepseek-reasoner", T.LLM)

    assert result.ok
    body = server.body()
    assert body["max_tokens"] == 1
    assert "max_completion_tokens" not in body
    assert body["stream"] is True


async def test_a_reasoning_chunk_first_passes_and_keep_alive_comments_are_not_events(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    chunks = [
        ": OPENROUTER PROCESSING\n\n",
        ": OPENROUTER PROCESSING\n\n",
        'data: {"id":"gen-1","object":"chat.completion.chunk","choices":[{"index":0,'
        '"delta":{"role":"assistant","content":"","reasoning":"The"},"finish_reason":null}]}\n\n',
    ]
    server.reply("POST", "https://openrouter.ai/api/v1/chat/completions", stream_response(chunks))

    result = await adapter("openrouter").probe(
        config_for("openrouter"), "deepseek/deepseek-r1", T.LLM
    )

    assert result.ok, result.message
    assert result.detail == "streaming; first event chat.completion.chunk"


async def test_a_stream_that_only_keeps_alive_and_ends_is_a_bad_response(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        "https://openrouter.ai/api/v1/chat/completions",
        stream_response([": OPENROUTER PROCESSING\n\n"]),
    )

    result = await adapter("openrouter").probe(config_for("openrouter"), "openai/gpt-4o", T.LLM)

    assert not result.ok
    assert result.status is S.BAD_RESPONSE
    assert "without sending anything" in (result.message or "")
    assert result.first_byte_ms is None


async def test_an_error_chunk_sent_with_200_is_a_classified_failure(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    chunk = (
        'data: {"id":"cmpl-abc123","object":"chat.completion.chunk","created":1702256235,'
        '"model":"openai/gpt-4o","provider":"openai","error":{"code":"server_error",'
        '"message":"Provider disconnected unexpectedly"},"choices":[{"index":0,'
        '"delta":{"content":""},"finish_reason":"error"}]}\n\n'
    )
    server.reply("POST", "https://openrouter.ai/api/v1/chat/completions", stream_response([chunk]))

    result = await adapter("openrouter").probe(config_for("openrouter"), "openai/gpt-4o", T.LLM)

    assert not result.ok
    assert result.status is S.UNREACHABLE
    assert "Provider disconnected unexpectedly" in (result.message or "")
    assert "stream" in (result.message or "")


OPENAI_401 = {
    "error": {
        "message": "Incorrect API key provided: sk-proj-***********************************3x. "
        "You can find your API key at https://platform.openai.com/account/api-keys.",
        "type": "invalid_request_error",
        "param": None,
        "code": "invalid_api_key",
    }
}
OPENAI_QUOTA = {
    "error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota",
        "param": None,
        "code": "insufficient_quota",
    }
}
OPENAI_RATE = {
    "error": {
        "message": "Rate limit reached for o4-mini in organization org-abc on requests per min "
        "(RPM): Limit 3, Used 3, Requested 1.",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    }
}
OPENAI_GONE = {
    "error": {
        "message": "The model `gpt-4-32k` does not exist or you do not have access to it.",
        "type": "invalid_request_error",
        "param": None,
        "code": "model_not_found",
    }
}


@pytest.mark.parametrize(
    ("status", "body", "expected", "words"),
    [
        (401, OPENAI_401, S.INVALID_CREDENTIALS, "Incorrect API key provided"),
        (429, OPENAI_QUOTA, S.NO_CREDIT, "You exceeded your current quota"),
        (429, OPENAI_RATE, S.RATE_LIMITED, "Rate limit reached for o4-mini"),
        (404, OPENAI_GONE, S.BAD_RESPONSE, "does not exist or you do not have access"),
    ],
)
async def test_openai_chat_refusals_carry_the_providers_words(
    server: FakeServer,
    adapter: Callable[..., ModelProvider],
    status: int,
    body: Any,
    expected: ValidationStatus,
    words: str,
) -> None:
    server.reply("POST", OPENAI_CHAT, json_response(status, body))

    result = await adapter("openai").probe(config_for("openai"), "gpt-4-32k", T.LLM)

    assert not result.ok
    assert result.status is expected
    assert words in (result.message or "")
    assert result.detail is None
    assert_key_hidden(server, "openai", result)


async def test_a_model_that_no_longer_exists_says_so(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply("POST", OPENAI_CHAT, json_response(404, OPENAI_GONE))

    result = await adapter("openai").probe(config_for("openai"), "gpt-4-32k", T.LLM)

    assert result.status is S.BAD_RESPONSE
    assert "no longer offers the model 'gpt-4-32k'" in (result.message or "")


async def test_a_stream_that_stalls_after_its_first_chunk_passes_quickly(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply("POST", OPENAI_CHAT, stream_response(OPENAI_CHUNKS[:1], stall_after=True))

    result = await adapter("openai").probe(config_for("openai"), "gpt-4o-mini", T.LLM, timeout=5)

    assert result.ok, result.message
    assert result.total_ms < 2000


async def test_a_stream_that_never_sends_a_chunk_times_out(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply("POST", OPENAI_CHAT, stream_response([], stall_after=True))

    result = await adapter("openai").probe(config_for("openai"), "gpt-4o-mini", T.LLM, timeout=0.3)

    assert not result.ok
    assert result.status is S.UNREACHABLE
    assert result.message == "OpenAI did not answer within 0.3 s."
    assert result.first_byte_ms is None
    assert 300 <= result.total_ms < 2000


async def test_a_server_that_never_answers_times_out(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    async def silent(_request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    server.add("POST", "https://api.jina.ai/v1/embeddings", silent)

    result = await adapter("jina").probe(
        config_for("jina"), "jina-embeddings-v3", T.EMBEDDING, timeout=0.3
    )

    assert result.status is S.UNREACHABLE
    assert "did not answer within 0.3 s" in (result.message or "")


async def test_first_byte_is_measured_on_a_slow_stream(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply("POST", OPENAI_CHAT, stream_response(OPENAI_CHUNKS, wait=0.2))

    result = await adapter("openai").probe(config_for("openai"), "gpt-4o-mini", T.LLM)

    assert result.ok
    assert result.first_byte_ms is not None
    assert result.first_byte_ms >= 200
    assert result.total_ms >= result.first_byte_ms


async def test_first_byte_is_measured_on_a_slow_json_answer(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    async def slow(_request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.2)
        return httpx.Response(200, json=_openai_embedding(8))

    server.add("POST", "https://api.openai.com/v1/embeddings", slow)

    result = await adapter("openai").probe(
        config_for("openai"), "text-embedding-3-small", T.EMBEDDING
    )

    assert result.ok
    assert result.first_byte_ms is not None
    assert result.first_byte_ms >= 200
    assert result.total_ms >= result.first_byte_ms


async def test_a_redirect_is_not_followed_with_the_key(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        OPENAI_CHAT,
        lambda: httpx.Response(307, headers={"location": "https://evil.example.com/steal"}),
    )

    result = await adapter("openai").probe(config_for("openai"), "gpt-4o-mini", T.LLM)

    assert result.status is S.BAD_RESPONSE
    assert "evil.example.com" in (result.message or "")
    assert len(server.requests) == 1


async def test_a_refused_connection_is_unreachable(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    async def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    server.add("POST", OPENAI_CHAT, refuse)

    result = await adapter("openai").probe(config_for("openai"), "gpt-4o-mini", T.LLM)

    assert result.status is S.UNREACHABLE
    assert "Could not connect to OpenAI" in (result.message or "")


async def test_an_html_page_is_a_bad_response(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        OPENAI_CHAT,
        lambda: httpx.Response(
            200, headers={"content-type": "text/html"}, content=b"<!doctype html><p>Login</p>"
        ),
    )

    result = await adapter("openai").probe(config_for("openai"), "gpt-4o-mini", T.LLM)

    assert result.status is S.BAD_RESPONSE
    assert "HTML page" in (result.message or "")


async def test_a_server_ignoring_stream_true_still_passes(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    completion = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "OK"},
                "finish_reason": "length",
            }
        ],
    }
    server.reply(
        "POST", "https://api.deepseek.com/chat/completions", json_response(200, completion)
    )

    result = await adapter("deepseek").probe(config_for("deepseek"), "deepseek-chat", T.LLM)

    assert result.ok
    assert result.detail == "answered, but not as a stream"


# -- Anthropic messages, streamed --------------------------------------------------------

ANTHROPIC_MESSAGES = "https://api.anthropic.com/v1/messages"
ANTHROPIC_START = (
    "event: message_start\n"
    'data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant",'
    '"content":[],"model":"claude-haiku-4-5","stop_reason":null,"stop_sequence":null,'
    '"usage":{"input_tokens":12,"output_tokens":1}}}\n\n'
)


async def test_anthropic_streams_a_one_token_message(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        ANTHROPIC_MESSAGES,
        stream_response([ANTHROPIC_START, 'event: ping\ndata: {"type": "ping"}\n\n']),
    )

    result = await adapter("anthropic").probe(config_for("anthropic"), "claude-haiku-4-5", T.LLM)

    assert result.ok, result.message
    assert result.detail == "streaming; first event message_start"
    assert server.body() == {
        "model": "claude-haiku-4-5",
        "max_tokens": 1,
        "messages": [{"role": "user", "content": "Reply with OK."}],
        "stream": True,
    }
    request = server.requests[0]
    assert request.headers["x-api-key"] == KEYS["anthropic"]
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in request.headers
    assert_key_hidden(server, "anthropic", result)


async def test_anthropic_error_event_is_classified(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    error = (
        "event: error\n"
        'data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'
    )
    server.reply("POST", ANTHROPIC_MESSAGES, stream_response([error]))

    result = await adapter("anthropic").probe(config_for("anthropic"), "claude-haiku-4-5", T.LLM)

    assert result.status is S.UNREACHABLE
    assert "Overloaded" in (result.message or "")


@pytest.mark.parametrize(
    ("status", "error", "expected", "words"),
    [
        (404, {"type": "not_found_error", "message": "model: claude-2.0"}, S.BAD_RESPONSE, None),
        (
            401,
            {"type": "authentication_error", "message": "invalid x-api-key"},
            S.INVALID_CREDENTIALS,
            "invalid x-api-key",
        ),
        (
            400,
            {
                "type": "invalid_request_error",
                "message": "Your credit balance is too low to access the Anthropic API. Please "
                "go to Plans & Billing to upgrade or purchase credits.",
            },
            S.NO_CREDIT,
            "credit balance is too low",
        ),
    ],
)
async def test_anthropic_refusals(
    server: FakeServer,
    adapter: Callable[..., ModelProvider],
    status: int,
    error: dict[str, str],
    expected: ValidationStatus,
    words: str | None,
) -> None:
    body = {"type": "error", "error": error, "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}
    server.reply("POST", ANTHROPIC_MESSAGES, json_response(status, body))

    result = await adapter("anthropic").probe(config_for("anthropic"), "claude-2.0", T.LLM)

    assert result.status is expected
    assert error["message"] in (result.message or "")
    if expected is S.BAD_RESPONSE:
        assert "no longer offers the model 'claude-2.0'" in (result.message or "")
    assert words is None or words in (result.message or "")


# -- Gemini: streamGenerateContent and embedContent --------------------------------------

GEMINI = "https://generativelanguage.googleapis.com/v1beta/models"
GEMINI_CHUNK = (
    'data: {"candidates": [{"content": {"parts": [{"text": "OK"}],"role": "model"},'
    '"finishReason": "MAX_TOKENS","index": 0}],"usageMetadata": {"promptTokenCount": 5,'
    '"candidatesTokenCount": 1,"totalTokenCount": 6},"modelVersion": "gemini-2.5-flash"}\r\n\r\n'
)


async def test_gemini_streams_with_the_key_only_in_its_header(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST", f"{GEMINI}/gemini-2.5-flash:streamGenerateContent", stream_response([GEMINI_CHUNK])
    )

    result = await adapter("gemini").probe(config_for("gemini"), "gemini-2.5-flash", T.LLM)

    assert result.ok, result.message
    request = server.requests[0]
    assert request.url.path == "/v1beta/models/gemini-2.5-flash:streamGenerateContent"
    assert dict(request.url.params) == {"alt": "sse"}
    assert request.headers["x-goog-api-key"] == KEYS["gemini"]
    assert "authorization" not in request.headers
    assert server.body() == {
        "contents": [{"role": "user", "parts": [{"text": "Reply with OK."}]}],
        "generationConfig": {"maxOutputTokens": 1},
    }
    assert_key_hidden(server, "gemini", result)


@pytest.mark.parametrize(
    ("status", "error", "expected"),
    [
        (
            404,
            {
                "code": 404,
                "message": "models/gemini-1.0-pro is not found for API version v1beta, or is not "
                "supported for generateContent. Call ListModels to see the list of available "
                "models and their supported methods.",
                "status": "NOT_FOUND",
            },
            S.BAD_RESPONSE,
        ),
        (
            400,
            {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT",
                "details": [
                    {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": "API_KEY_INVALID",
                        "domain": "googleapis.com",
                    }
                ],
            },
            S.INVALID_CREDENTIALS,
        ),
        (
            429,
            {
                "code": 429,
                "message": "Resource has been exhausted (e.g. check quota).",
                "status": "RESOURCE_EXHAUSTED",
            },
            S.RATE_LIMITED,
        ),
    ],
)
async def test_gemini_refusals(
    server: FakeServer,
    adapter: Callable[..., ModelProvider],
    status: int,
    error: dict[str, Any],
    expected: ValidationStatus,
) -> None:
    server.reply(
        "POST",
        f"{GEMINI}/gemini-1.0-pro:streamGenerateContent",
        json_response(status, {"error": error}),
    )

    result = await adapter("gemini").probe(config_for("gemini"), "gemini-1.0-pro", T.LLM)

    assert result.status is expected
    assert error["message"][:30] in (result.message or "")
    assert_key_hidden(server, "gemini", result)


async def test_gemini_embed_content_reports_the_dimension(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        f"{GEMINI}/gemini-embedding-001:embedContent",
        json_response(200, {"embedding": {"values": [0.01] * 3072}}),
    )

    result = await adapter("gemini").probe(
        config_for("gemini"), "gemini-embedding-001", T.EMBEDDING
    )

    assert result.ok
    assert result.detail == "3072 dimensions"
    assert server.body() == {"content": {"parts": [{"text": "ping"}]}}
    assert server.requests[0].url.params.get("key") is None


GEMINI_TTS = "gemini-2.5-flash-preview-tts"
PCM = bytes(range(256)) * 9 + bytes(96)  # 2400 bytes: 50 ms of 24 kHz 16-bit mono


def gemini_audio_answer(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """A generateContent answer shaped as the spec's GenerateContentResponse."""
    return {
        "candidates": [
            {"content": {"parts": parts, "role": "model"}, "finishReason": "STOP", "index": 0}
        ],
        "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 2, "totalTokenCount": 6},
        "modelVersion": GEMINI_TTS,
    }


def pcm_part(mime: str = "audio/L16;codec=pcm;rate=24000", data: bytes = PCM) -> dict[str, Any]:
    return {"inlineData": {"mimeType": mime, "data": base64.b64encode(data).decode()}}


async def test_gemini_speech_asks_for_audio_and_measures_the_first_byte(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    async def slow(_request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.2)
        return httpx.Response(200, json=gemini_audio_answer([pcm_part()]))

    server.add("POST", f"{GEMINI}/{GEMINI_TTS}:generateContent", slow)

    result = await adapter("gemini").probe(config_for("gemini"), GEMINI_TTS, T.TTS)

    assert result.ok, result.message
    assert result.detail == "audio/L16, 2.4 kB"
    assert result.first_byte_ms is not None
    assert result.first_byte_ms >= 200
    assert result.total_ms >= result.first_byte_ms
    request = server.requests[0]
    assert request.url.path == f"/v1beta/models/{GEMINI_TTS}:generateContent"
    assert dict(request.url.params) == {}
    assert server.body() == {
        "contents": [{"role": "user", "parts": [{"text": "Say OK."}]}],
        "generationConfig": {
            "responseModalities": ["AUDIO"],
            "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}},
        },
    }


async def test_gemini_speech_sends_the_key_only_in_its_header(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    wav = pcm_part("audio/wav", WAV)
    server.reply(
        "POST",
        f"{GEMINI}/{GEMINI_TTS}:generateContent",
        json_response(200, gemini_audio_answer([wav])),
    )

    result = await adapter("gemini").probe(config_for("gemini"), GEMINI_TTS, T.TTS, voice="Puck")

    assert result.ok, result.message
    assert result.detail == "audio/wav, 2.0 kB"
    request = server.requests[0]
    assert request.headers["x-goog-api-key"] == KEYS["gemini"]
    assert "authorization" not in request.headers
    assert request.url.params.get("key") is None
    body = server.body()
    assert body["generationConfig"]["speechConfig"]["voiceConfig"] == {
        "prebuiltVoiceConfig": {"voiceName": "Puck"}
    }
    assert_key_hidden(server, "gemini", result)


@pytest.mark.parametrize(
    ("parts", "words"),
    [
        ([{"text": "OK"}], "with text, not audio"),
        ([pcm_part(data=b"")], "audio/L16;codec=pcm;rate=24000 data that is empty"),
        ([{"inlineData": {"mimeType": "audio/wav", "data": "not base64!"}}], "not base64"),
        ([pcm_part("image/png")], "image/png data, not audio"),
        ([], "not with audio"),
    ],
)
async def test_a_gemini_speech_answer_without_audio_is_a_bad_response(
    server: FakeServer,
    adapter: Callable[..., ModelProvider],
    parts: list[dict[str, Any]],
    words: str,
) -> None:
    server.reply(
        "POST",
        f"{GEMINI}/{GEMINI_TTS}:generateContent",
        json_response(200, gemini_audio_answer(parts)),
    )

    result = await adapter("gemini").probe(config_for("gemini"), GEMINI_TTS, T.TTS)

    assert not result.ok
    assert result.status is S.BAD_RESPONSE
    assert words in (result.message or "")


@pytest.mark.parametrize(
    ("status", "error", "expected", "words"),
    [
        (
            400,
            {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT",
                "details": [
                    {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": "API_KEY_INVALID",
                        "domain": "googleapis.com",
                    }
                ],
            },
            S.INVALID_CREDENTIALS,
            "rejected the key",
        ),
        (
            404,
            {
                "code": 404,
                "message": f"models/{GEMINI_TTS} is not found for API version v1beta, or is not "
                "supported for generateContent. Call ListModels to see the list of available "
                "models and their supported methods.",
                "status": "NOT_FOUND",
            },
            S.BAD_RESPONSE,
            f"no longer offers the model {GEMINI_TTS!r}",
        ),
        (
            429,
            {
                "code": 429,
                "message": "Resource has been exhausted (e.g. check quota).",
                "status": "RESOURCE_EXHAUSTED",
            },
            S.RATE_LIMITED,
            None,
        ),
    ],
)
async def test_gemini_speech_refusals(
    server: FakeServer,
    adapter: Callable[..., ModelProvider],
    status: int,
    error: dict[str, Any],
    expected: ValidationStatus,
    words: str | None,
) -> None:
    server.reply(
        "POST",
        f"{GEMINI}/{GEMINI_TTS}:generateContent",
        json_response(status, {"error": error}),
    )

    result = await adapter("gemini").probe(config_for("gemini"), GEMINI_TTS, T.TTS)

    assert result.status is expected
    assert error["message"][:30] in (result.message or "")
    assert words is None or words in (result.message or "")
    assert_key_hidden(server, "gemini", result)


# -- Ollama: /api/chat (NDJSON) and /api/embed -------------------------------------------

OLLAMA = "http://localhost:11434/api"


async def test_ollama_chat_streams_ndjson_with_num_predict_1(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    lines = [
        '{"model":"llama3.2","created_at":"2025-10-26T17:15:24.097767Z","message":'
        '{"role":"assistant","content":"OK"},"done":false}\n',
        '{"model":"llama3.2","created_at":"2025-10-26T17:15:24.1Z","message":'
        '{"role":"assistant","content":""},"done":true,"done_reason":"length"}\n',
    ]
    server.reply(
        "POST", f"{OLLAMA}/chat", stream_response(lines, content_type="application/x-ndjson")
    )

    result = await adapter("ollama").probe({}, "llama3.2", T.LLM)

    assert result.ok, result.message
    assert server.body() == {
        "model": "llama3.2",
        "messages": [{"role": "user", "content": "Reply with OK."}],
        "stream": True,
        "options": {"num_predict": 1},
    }
    assert "authorization" not in server.requests[0].headers


async def test_ollama_model_not_pulled_is_a_model_that_is_not_there(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        f"{OLLAMA}/chat",
        json_response(404, {"error": 'model "llama9" not found, try pulling it first'}),
    )

    result = await adapter("ollama").probe({}, "llama9", T.LLM)

    assert result.status is S.BAD_RESPONSE
    assert "no longer offers the model 'llama9'" in (result.message or "")
    assert "try pulling it first" in (result.message or "")


async def test_ollama_chat_that_stalls_after_a_line_passes(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    line = '{"model":"qwen3","message":{"role":"assistant","content":"","thinking":"Hm"}}\n'
    server.reply(
        "POST",
        f"{OLLAMA}/chat",
        stream_response([line], content_type="application/x-ndjson", stall_after=True),
    )

    result = await adapter("ollama").probe({}, "qwen3", T.LLM, timeout=5)

    assert result.ok
    assert result.total_ms < 2000


async def test_ollama_embed_reports_the_dimension(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    body = {
        "model": "nomic-embed-text",
        "embeddings": [[0.010071029, -0.0017594862, 0.05007221] + [0.0] * 765],
        "total_duration": 14143917,
        "load_duration": 1019500,
        "prompt_eval_count": 2,
    }
    server.reply("POST", f"{OLLAMA}/embed", json_response(200, body))

    result = await adapter("ollama").probe({}, "nomic-embed-text", T.EMBEDDING)

    assert result.ok
    assert result.detail == "768 dimensions"
    assert server.body() == {"model": "nomic-embed-text", "input": "ping"}


# -- Cohere: /v2/chat (SSE), /v2/embed, /v2/rerank, transcription --------------------------


async def test_cohere_chat_streams(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    start = (
        "event: message-start\n"
        'data: {"id":"29f14a5a-11de-4cae-9800-25e4747408ea","type":"message-start",'
        '"delta":{"message":{"role":"assistant","content":[],"tool_plan":"","tool_calls":[],'
        '"citations":[]}}}\n\n'
    )
    server.reply("POST", "https://api.cohere.com/v2/chat", stream_response([start]))

    result = await adapter("cohere").probe(config_for("cohere"), "command-a-03-2025", T.LLM)

    assert result.ok, result.message
    assert result.detail == "streaming; first event message-start"
    assert server.body() == {
        "model": "command-a-03-2025",
        "messages": [{"role": "user", "content": "Reply with OK."}],
        "max_tokens": 1,
        "stream": True,
    }


async def test_cohere_embed_asks_for_float_search_query_embeddings(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    body = {
        "id": "da6e531f-54c6-4a73-bf92-f60566d8d753",
        "embeddings": {"float": [[0.016296387, 0.008354187] + [0.0] * 1534]},
        "texts": ["ping"],
        "meta": {"api_version": {"version": "2"}, "billed_units": {"input_tokens": 1}},
        "response_type": "embeddings_by_type",
    }
    server.reply("POST", "https://api.cohere.com/v2/embed", json_response(200, body))

    result = await adapter("cohere").probe(config_for("cohere"), "embed-v4.0", T.EMBEDDING)

    assert result.ok
    assert result.detail == "1536 dimensions"
    assert server.body() == {
        "model": "embed-v4.0",
        "texts": ["ping"],
        "input_type": "search_query",
        "embedding_types": ["float"],
    }


async def test_cohere_model_not_found(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    message = (
        "model 'rerank-english-v2.0' not found, make sure the correct model ID was used and "
        "that you have access to the model."
    )
    server.reply(
        "POST", "https://api.cohere.com/v2/rerank", json_response(404, {"message": message})
    )

    result = await adapter("cohere").probe(config_for("cohere"), "rerank-english-v2.0", T.RERANK)

    assert result.status is S.BAD_RESPONSE
    assert "no longer offers" in (result.message or "")
    assert message[:40] in (result.message or "")


# -- rerank: Jina, Cohere, SiliconFlow, Voyage -------------------------------------------

RERANK_CASES = [
    (
        "jina",
        "https://api.jina.ai/v1/rerank",
        "jina-reranker-v2-base-multilingual",
        {
            "model": "jina-reranker-v2-base-multilingual",
            "object": "list",
            "usage": {"total_tokens": 38},
            "results": [
                {
                    "index": 0,
                    "relevance_score": 0.9191,
                    "document": {"text": "Paris is the capital of France."},
                },
                {
                    "index": 1,
                    "relevance_score": 0.0253,
                    "document": {"text": "Berlin is the capital of Germany."},
                },
            ],
        },
    ),
    (
        "cohere",
        "https://api.cohere.com/v2/rerank",
        "rerank-v3.5",
        {
            "id": "07734bd2-2473-4f07-94e1-0d9f0e6843cf",
            "results": [
                {"index": 0, "relevance_score": 0.9990564},
                {"index": 1, "relevance_score": 0.0000107},
            ],
            "meta": {"api_version": {"version": "2"}, "billed_units": {"search_units": 1}},
        },
    ),
    (
        "siliconflow",
        "https://api.siliconflow.cn/v1/rerank",
        "BAAI/bge-reranker-v2-m3",
        {
            "id": "0195a4f0b8f17c9e0bba6bb4a0d2c1cb",
            "results": [
                {"index": 0, "relevance_score": 0.9953},
                {"index": 1, "relevance_score": 0.0016},
            ],
            "tokens": {"input_tokens": 28, "output_tokens": 0},
        },
    ),
    (
        "voyage",
        "https://api.voyageai.com/v1/rerank",
        "rerank-2.5",
        {
            "object": "list",
            "data": [
                {"relevance_score": 0.921875, "index": 0},
                {"relevance_score": 0.3046875, "index": 1},
            ],
            "model": "rerank-2.5",
            "usage": {"total_tokens": 26},
        },
    ),
]


@pytest.mark.parametrize(("name", "url", "model", "body"), RERANK_CASES)
async def test_rerank_scores_both_documents(
    server: FakeServer,
    adapter: Callable[..., ModelProvider],
    name: str,
    url: str,
    model: str,
    body: dict[str, Any],
) -> None:
    server.reply("POST", url, json_response(200, body))

    result = await adapter(name).probe(config_for(name), model, T.RERANK)

    assert result.ok, result.message
    assert result.detail == "2 documents scored"
    assert server.body() == {
        "model": model,
        "query": "What is the capital of France?",
        "documents": ["Paris is the capital of France.", "Berlin is the capital of Germany."],
    }
    assert_key_hidden(server, name, result)


@pytest.mark.parametrize(
    "results",
    [
        [{"index": 0, "relevance_score": 0.99}],  # one document lost
        [{"index": 0, "relevance_score": 0.99}, {"index": 5, "relevance_score": 0.1}],
        [{"index": 0, "relevance_score": "high"}, {"index": 1, "relevance_score": 0.1}],
        [{"index": 1, "relevance_score": 0.1}, {"index": 0, "relevance_score": 0.9}],  # unordered
    ],
)
async def test_rerank_without_both_ordered_scores_is_a_bad_response(
    server: FakeServer, adapter: Callable[..., ModelProvider], results: list[Any]
) -> None:
    server.reply(
        "POST",
        "https://api.jina.ai/v1/rerank",
        json_response(200, {"model": "jina-reranker-v3", "results": results}),
    )

    result = await adapter("jina").probe(config_for("jina"), "jina-reranker-v3", T.RERANK)

    assert not result.ok
    assert result.status is S.BAD_RESPONSE


async def test_siliconflow_model_that_does_not_exist(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    body = {
        "code": 20012,
        "message": "Model does not exist. Please check it carefully.",
        "data": None,
    }
    server.reply("POST", "https://api.siliconflow.cn/v1/rerank", json_response(400, body))

    result = await adapter("siliconflow").probe(
        config_for("siliconflow"), "BAAI/bge-reranker-v1", T.RERANK
    )

    assert result.status is S.BAD_RESPONSE
    assert "no longer offers the model 'BAAI/bge-reranker-v1'" in (result.message or "")
    assert "Model does not exist" in (result.message or "")


# -- embeddings, OpenAI-style ------------------------------------------------------------


def _openai_embedding(dimensions: int) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.0023064255] * dimensions}],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 1, "total_tokens": 1},
    }


@pytest.mark.parametrize(
    ("name", "url", "model"),
    [
        ("openai", "https://api.openai.com/v1/embeddings", "text-embedding-3-small"),
        ("jina", "https://api.jina.ai/v1/embeddings", "jina-embeddings-v3"),
        ("voyage", "https://api.voyageai.com/v1/embeddings", "voyage-3.5-lite"),
        ("siliconflow", "https://api.siliconflow.cn/v1/embeddings", "BAAI/bge-m3"),
    ],
)
async def test_embeddings_report_the_dimension(
    server: FakeServer, adapter: Callable[..., ModelProvider], name: str, url: str, model: str
) -> None:
    server.reply("POST", url, json_response(200, _openai_embedding(1536)))

    result = await adapter(name).probe(config_for(name), model, T.EMBEDDING)

    assert result.ok
    assert result.detail == "1536 dimensions"
    assert server.body() == {"model": model, "input": ["ping"]}
    assert_key_hidden(server, name, result)


@pytest.mark.parametrize(
    "body",
    [
        {"object": "list", "data": []},
        {"object": "list", "data": [{"embedding": []}]},
        {"object": "list", "data": [{"embedding": "AAAAAA=="}]},
        {"object": "list", "data": [{"embedding": [0.1, None]}]},
    ],
)
async def test_an_answer_without_a_vector_is_a_bad_response(
    server: FakeServer, adapter: Callable[..., ModelProvider], body: Any
) -> None:
    server.reply("POST", "https://api.openai.com/v1/embeddings", json_response(200, body))

    result = await adapter("openai").probe(
        config_for("openai"), "text-embedding-3-small", T.EMBEDDING
    )

    assert result.status is S.BAD_RESPONSE
    assert "embedding" in (result.message or "")


async def test_jina_no_balance_is_no_credit(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    body = {
        "detail": "Insufficient balance. Please top up your key at https://jina.ai/api-dashboard.",
        "code": "AUTHZ_INSUFFICIENT_BALANCE",
        "request_id": "03f58cd9da22fabf",
    }
    server.reply("POST", "https://api.jina.ai/v1/embeddings", json_response(403, body))

    result = await adapter("jina").probe(config_for("jina"), "jina-embeddings-v3", T.EMBEDDING)

    assert result.status is S.NO_CREDIT
    assert "Insufficient balance" in (result.message or "")


# -- text to speech ----------------------------------------------------------------------

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 3186
WAV = b"RIFF\x24\x10\x00\x00WAVEfmt " + b"\x00" * 2028


def audio_response(data: bytes, content_type: str) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(200, headers={"content-type": content_type}, content=data)


async def test_openai_speech_checks_the_audio_is_mp3(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST", "https://api.openai.com/v1/audio/speech", audio_response(MP3, "audio/mpeg")
    )

    result = await adapter("openai").probe(config_for("openai"), "gpt-4o-mini-tts", T.TTS)

    assert result.ok, result.message
    assert result.detail == "audio/mpeg, 3.2 kB"
    assert server.body() == {
        "model": "gpt-4o-mini-tts",
        "input": "Hello from ModelHub.",
        "voice": "alloy",
        "response_format": "mp3",
    }


async def test_siliconflow_voice_is_prefixed_with_the_model(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST", "https://api.siliconflow.cn/v1/audio/speech", audio_response(MP3, "audio/mpeg")
    )

    result = await adapter("siliconflow").probe(
        config_for("siliconflow"), "FunAudioLLM/CosyVoice2-0.5B", T.TTS
    )

    assert result.ok
    assert server.body()["voice"] == "FunAudioLLM/CosyVoice2-0.5B:alex"


async def test_a_listed_voice_overrides_the_default(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST", "https://openrouter.ai/api/v1/audio/speech", audio_response(MP3, "audio/mpeg")
    )

    result = await adapter("openrouter").probe(
        config_for("openrouter"), "mistralai/voxtral-mini-tts-2603", T.TTS, voice="en_paul_neutral"
    )

    assert result.ok
    assert server.body()["voice"] == "en_paul_neutral"


async def test_groq_speech_asks_for_wav_and_checks_it(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST", "https://api.groq.com/openai/v1/audio/speech", audio_response(WAV, "audio/wav")
    )

    result = await adapter("groq").probe(config_for("groq"), "playai-tts", T.TTS)

    assert result.ok, result.message
    assert result.detail == "audio/wav, 2.0 kB"
    assert server.body()["response_format"] == "wav"
    assert server.body()["voice"] == "Fritz-PlayAI"


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (json.dumps({"status": "queued"}).encode(), "application/json"),
        (WAV, "audio/wav"),  # mp3 was asked for
        (b"", "audio/mpeg"),
    ],
)
async def test_speech_that_is_not_the_asked_format_is_a_bad_response(
    server: FakeServer, adapter: Callable[..., ModelProvider], data: bytes, content_type: str
) -> None:
    server.reply(
        "POST", "https://api.openai.com/v1/audio/speech", audio_response(data, content_type)
    )

    result = await adapter("openai").probe(config_for("openai"), "tts-1", T.TTS)

    assert result.status is S.BAD_RESPONSE
    assert "tts-1" in (result.message or "")


def test_audio_formats_are_recognised_by_their_bytes() -> None:
    assert audio_matches(b"ID3\x03rest", "mp3")
    assert audio_matches(b"\xff\xf3\x44\xc4", "mp3")  # MPEG-2 layer III frame sync
    assert not audio_matches(b"\xff\x00\x00", "mp3")
    assert not audio_matches(b"OggS\x00", "mp3")
    assert audio_matches(WAV, "wav")
    assert not audio_matches(b"RIFF\x00\x00\x00\x00AVI ", "wav")
    assert not audio_matches(MP3, "wav")


# -- speech to text ----------------------------------------------------------------------


def test_the_probe_tone_is_one_second_of_16_khz_mono_16_bit() -> None:
    with wave.open(io.BytesIO(probe_wav())) as tone:
        assert tone.getnchannels() == 1
        assert tone.getsampwidth() == 2
        assert tone.getframerate() == 16_000
        assert tone.getnframes() == 16_000
        frames = tone.readframes(16_000)
    assert any(frames)  # a tone, not silence


async def test_transcription_posts_a_wav_and_reads_the_text(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        "https://api.openai.com/v1/audio/transcriptions",
        json_response(200, {"text": "Beep.", "usage": {"type": "duration", "seconds": 1}}),
    )

    result = await adapter("openai").probe(config_for("openai"), "whisper-1", T.SPEECH_TO_TEXT)

    assert result.ok, result.message
    assert result.detail == "transcript: “Beep.”"
    request = server.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    content = request.content
    assert b'name="model"\r\n\r\nwhisper-1' in content
    assert b'name="file"; filename="modelhub-probe.wav"' in content
    assert probe_wav() in content
    assert_key_hidden(server, "openai", result)


async def test_an_empty_transcript_of_the_tone_passes(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        "https://api.siliconflow.cn/v1/audio/transcriptions",
        json_response(200, {"text": ""}),
    )

    result = await adapter("siliconflow").probe(
        config_for("siliconflow"), "FunAudioLLM/SenseVoiceSmall", T.SPEECH_TO_TEXT
    )

    assert result.ok
    assert result.detail == "empty transcript (the test tone has no words)"


async def test_cohere_transcription_sends_a_language(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST", "https://api.cohere.com/v2/audio/transcriptions", json_response(200, {"text": ""})
    )

    result = await adapter("cohere").probe(
        config_for("cohere"), "cohere-transcribe-03-2026", T.SPEECH_TO_TEXT
    )

    assert result.ok, result.message
    assert b'name="language"\r\n\r\nen' in server.requests[0].content


async def test_a_transcription_answer_without_text_is_a_bad_response(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        "https://api.openai.com/v1/audio/transcriptions",
        json_response(200, {"segments": []}),
    )

    result = await adapter("openai").probe(config_for("openai"), "whisper-1", T.SPEECH_TO_TEXT)

    assert result.status is S.BAD_RESPONSE
    assert "transcript" in (result.message or "")


# -- Azure: deployment in the path, api-version from the config ---------------------------


async def test_azure_chat_goes_to_the_deployment_with_the_api_version(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    server.reply(
        "POST",
        f"{BASES['azure_openai']}/deployments/team-chat/chat/completions",
        stream_response(OPENAI_CHUNKS),
    )

    result = await adapter("azure_openai").probe(config_for("azure_openai"), "team-chat", T.LLM)

    assert result.ok, result.message
    request = server.requests[0]
    assert dict(request.url.params) == {"api-version": "2024-10-21"}
    assert request.headers["api-key"] == KEYS["azure_openai"]
    assert "authorization" not in request.headers
    assert "model" not in server.body()  # the deployment is in the path
    assert_key_hidden(server, "azure_openai", result)


async def test_azure_unknown_deployment_is_a_model_that_is_not_there(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    body = {
        "error": {
            "code": "DeploymentNotFound",
            "message": "The API deployment for this resource does not exist. If you created the "
            "deployment within the last 5 minutes, please wait a moment and try again.",
        }
    }
    server.reply(
        "POST",
        f"{BASES['azure_openai']}/deployments/old-embed/embeddings",
        json_response(404, body),
    )

    result = await adapter("azure_openai").probe(
        config_for("azure_openai"), "old-embed", T.EMBEDDING
    )

    assert result.status is S.BAD_RESPONSE
    assert "no longer offers the model 'old-embed'" in (result.message or "")


# -- what is probed, and what is not -----------------------------------------------------


async def test_a_type_the_provider_does_not_offer_is_not_probed(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    result = await adapter("deepseek").probe(config_for("deepseek"), "deepseek-chat", T.EMBEDDING)

    assert not result.ok
    assert "offers no Text Embedding models" in (result.message or "")
    assert server.requests == []


async def test_no_key_sends_nothing(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    result = await adapter("openai").probe({}, "gpt-4o-mini", T.LLM)

    assert result.status is S.INVALID_CREDENTIALS
    assert server.requests == []


async def test_a_custom_endpoint_gets_the_family_probes(
    server: FakeServer, adapter: Callable[..., ModelProvider]
) -> None:
    config = {
        "label": "Team gateway",
        "base_url": "https://llm.example.com/v1",
        "api_key": "k" * 12,
    }
    info = custom_provider_info("custom:team-gateway", config)
    assert info.probes == {}
    server.reply(
        "POST", "https://llm.example.com/v1/rerank", json_response(200, RERANK_CASES[1][3])
    )

    result = await adapter("custom", info).probe(config, "bge-reranker-v2-m3", T.RERANK)

    assert result.ok, result.message
    assert server.requests[0].headers["authorization"] == f"Bearer {'k' * 12}"


def test_every_builtin_type_has_a_probe_of_its_shape() -> None:
    for name in KEYS:
        info = builtin_info(name)
        for model_type in info.model_types:
            spec = probe_spec(info, model_type)
            assert spec is not None, (name, model_type)
            assert PROBE_SHAPES[spec["shape"]][0] is model_type


def test_every_shape_has_code_and_family_defaults_use_known_shapes() -> None:
    assert set(_SHAPES) == set(PROBE_SHAPES)
    for family, probes in FAMILY_PROBES.items():
        for type_name, spec in probes.items():
            assert PROBE_SHAPES[spec["shape"]][0].value == type_name, (family, type_name)
