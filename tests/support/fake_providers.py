"""The four providers faked at the HTTP transport, for service, CLI and UI tests.

``FakeProviders`` impersonates OpenAI, OpenRouter, Jina and SiliconFlow at their default base
URLs with bodies shaped as ``reference/PROVIDERS.md``. Any bearer token containing ``good`` is
accepted; every other token gets the provider's own 401 body. Knobs:

- ``delay``: seconds every request waits (an ``asyncio.sleep``, so an event loop keeps running);
- ``unreachable``: provider names whose hosts refuse connections;
- ``no_credit``: provider names that answer "valid key, no credit";
- ``*_models``: per-provider model ids to list (change them to simulate catalog changes);
- ``probe_delay``: extra seconds a model request (chat, embeddings, rerank, speech,
  transcription: what a health check sends) waits before answering;
- ``gone_models``: model ids the model endpoints answer 404 "model not found" for;
- ``revoked``: provider names that now reject every key with their 401 body, accepted ones
  included (a stored key revoked on the provider's side);
- ``openrouter_limit``: the spending limit OpenRouter's ``GET /key`` reports (default 100;
  None: no limit set, so ``limit`` and ``limit_remaining`` are null).

Model endpoints answer as the OpenAI-style APIs do (``reference/PROVIDERS.md`` §1.6-1.7,
§3.3-3.4, §4.5-4.6): chat completions as an SSE stream of ``chat.completion.chunk`` events,
embeddings with a 1024-dimension vector, rerank with one scored result per document, speech
as MP3 bytes and transcriptions as ``{"text": ...}``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

#: A 32-byte hex key: the services' ENCRYPTION_KEY in every UI test.
TEST_ENCRYPTION_KEY = "0f" * 32
#: A key every fake provider accepts.
GOOD_KEY = "sk-good-0123456789abcdefGOOD"
#: A second accepted key (to prove an edit replaced the stored one).
OTHER_GOOD_KEY = "sk-good-zyxwvutsrqponmlkOTHER"
#: A key every fake provider rejects with 401.
BAD_KEY = "sk-bad-0123456789abcdefBAD00"

OPENAI_MODELS = [
    "gpt-4o-mini",
    "gpt-4.1",
    "text-embedding-3-small",
    "text-embedding-3-large",
    "tts-1",
    "whisper-1",
    "dall-e-3",
]
OPENROUTER_MODELS: list[tuple[str, list[str]]] = [
    ("openai/gpt-4o", ["text"]),
    ("anthropic/claude-sonnet-4.5", ["text"]),
    ("openai/text-embedding-3-small", ["embeddings"]),
    ("cohere/rerank-v3.5", ["rerank"]),
    ("openai/dall-e-3", ["image"]),
]
JINA_MODELS: list[tuple[str, list[str]]] = [
    ("jina-ai/jina-embeddings-v3", ["embeddings"]),
    ("jina-ai/jina-clip-v2", ["embeddings"]),
    ("jina-ai/jina-reranker-v2-base-multilingual", ["text"]),
]
SILICONFLOW_MODELS: dict[str, list[str]] = {
    "chat": ["deepseek-ai/DeepSeek-V3", "Qwen/Qwen3-8B"],
    "embedding": ["BAAI/bge-m3"],
    "reranker": ["BAAI/bge-reranker-v2-m3"],
    "text-to-speech": ["FunAudioLLM/CosyVoice2-0.5B"],
    "speech-to-text": ["FunAudioLLM/SenseVoiceSmall"],
}

#: A custom OpenAI-compatible gateway's models (``https://gw.example.com/v1``).
GATEWAY_MODELS = ["llama-3.3-70b", "qwen3-embedding-8b", "bge-reranker-v2", "flux-dev-image"]
#: Models a local Ollama has pulled: (name, /api/show capabilities).
OLLAMA_MODELS: list[tuple[str, list[str]]] = [
    ("llama3.2:3b", ["completion", "tools"]),
    ("nomic-embed-text:latest", ["embedding"]),
]

_HOSTS = {
    "gw.example.com": "gateway",
    "127.0.0.1": "ollama",
    "api.openai.com": "openai",
    "openrouter.ai": "openrouter",
    "api.jina.ai": "jina",
    "api.siliconflow.cn": "siliconflow",
    "api.siliconflow.com": "siliconflow",
}


def _json(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"content-type": "application/json", **headers},
    )


class FakeProviders:
    """An ``httpx.MockTransport`` handler playing the four providers.

    Attributes:
        delay: Seconds each request waits before answering.
        unreachable: Providers whose hosts refuse connections.
        no_credit: Providers that answer "key accepted, no credit".
        requests: Every request seen, as ``(provider, method, path)``.
    """

    def __init__(self) -> None:
        self.delay = 0.0
        self.unreachable: set[str] = set()
        self.no_credit: set[str] = set()
        self.requests: list[tuple[str, str, str]] = []
        self.hosts: list[str] = []
        self.auth_headers: list[str] = []
        self.openai_models = list(OPENAI_MODELS)
        self.openrouter_models = list(OPENROUTER_MODELS)
        self.jina_models = list(JINA_MODELS)
        self.siliconflow_models = {k: list(v) for k, v in SILICONFLOW_MODELS.items()}
        self.gateway_models = list(GATEWAY_MODELS)
        self.ollama_models = list(OLLAMA_MODELS)
        #: Requests started so far (a test waits for it to know one is pending).
        self.started = 0
        self.probe_delay = 0.0
        self.gone_models: set[str] = set()
        self.echo_key = False
        self.revoked: set[str] = set()
        self.openrouter_limit: float | None = 100

    def transport(self) -> httpx.MockTransport:
        """A transport routing every request to :meth:`handle`."""
        return httpx.MockTransport(self.handle)

    def client(self) -> httpx.AsyncClient:
        """An ``AsyncClient`` on this fake (what ``open_services(http_client=...)`` takes)."""
        return httpx.AsyncClient(transport=self.transport(), follow_redirects=False)

    def calls(self, provider: str) -> int:
        """How many requests ``provider`` received."""
        return sum(1 for p, _, _ in self.requests if p == provider)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        provider = _HOSTS.get(request.url.host, "")
        self.requests.append((provider, request.method, request.url.path))
        self.hosts.append(request.url.host)
        self.auth_headers.append(request.headers.get("authorization", ""))
        self.started += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if not provider:
            raise httpx.ConnectError("Name or service not known", request=request)
        if provider in self.unreachable:
            raise httpx.ConnectError("Connection refused", request=request)
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Bearer ").strip()
        good = "good" in token and provider not in self.revoked
        model_call = request.method == "POST" and _model_path(request.url.path)
        ollama_call = provider == "ollama" and request.url.path in ("/api/chat", "/api/embed")
        if ollama_call and self.probe_delay:
            await asyncio.sleep(self.probe_delay)
        if provider != "ollama" and model_call and good:
            if provider not in self.no_credit:
                if self.probe_delay:
                    await asyncio.sleep(self.probe_delay)
                return self._model_call(request)
            if provider not in ("openai", "jina"):  # those two word it themselves below
                return _json(
                    402, {"error": {"message": "Insufficient balance", "code": "insufficient"}}
                )
        route = getattr(self, f"_{provider}")
        response: httpx.Response = route(request, good)
        return response

    # --- model endpoints (what a health check calls) -----------------------------------------
    def _model_call(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/audio/transcriptions"):
            body = request.content
            model = _multipart_field(body, "model")
        else:
            data = json.loads(request.content or b"{}")
            model = str(data.get("model", ""))
        if model in self.gone_models:
            token = request.headers.get("authorization", "").removeprefix("Bearer ")
            echoed = f" (request made with key {token})" if self.echo_key else ""
            return _json(
                404,
                {
                    "error": {
                        "message": f"The model `{model}` does not exist or you do not have "
                        f"access to it.{echoed}",
                        "type": "invalid_request_error",
                        "param": None,
                        "code": "model_not_found",
                    }
                },
            )
        if path.endswith("/chat/completions"):
            chunks = [
                {"role": "assistant", "content": ""},
                {"content": "OK"},
            ]
            events = [
                "data: "
                + json.dumps(
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion.chunk",
                        "created": 1733600000,
                        "model": model,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                    }
                )
                + "\n\n"
                for delta in chunks
            ]
            events.append("data: [DONE]\n\n")
            return httpx.Response(
                200,
                content="".join(events).encode(),
                headers={"content-type": "text/event-stream"},
            )
        if path.endswith("/embeddings"):
            return _json(
                200,
                {
                    "object": "list",
                    "model": model,
                    "data": [{"object": "embedding", "index": 0, "embedding": [0.01] * 1024}],
                    "usage": {"prompt_tokens": 1, "total_tokens": 1},
                },
            )
        if path.endswith("/rerank"):
            docs = data.get("documents") or []
            results = [
                {"index": i, "relevance_score": round(0.9 - 0.3 * i, 3)} for i in range(len(docs))
            ]
            return _json(200, {"model": model, "results": results, "usage": {"total_tokens": 4}})
        if path.endswith("/audio/speech"):
            frame = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
            return httpx.Response(200, content=frame, headers={"content-type": "audio/mpeg"})
        if path.endswith("/audio/transcriptions"):
            return _json(200, {"text": "Hello."})
        return _json(404, {"error": {"message": "Not found"}})

    # --- a custom OpenAI-compatible gateway ---------------------------------------------------
    def _gateway(self, request: httpx.Request, good: bool) -> httpx.Response:
        if not good:
            return _json(401, {"error": {"message": "Invalid token", "type": "auth_error"}})
        if request.url.path == "/v1/models":
            data = [{"id": m, "object": "model", "owned_by": "gw"} for m in self.gateway_models]
            return _json(200, {"object": "list", "data": data})
        return _json(404, {"error": {"message": "Not found"}})

    # --- Ollama on this computer (no key; reference/openapi/ollama.yaml) ----------------------
    def _ollama(self, request: httpx.Request, _good: bool) -> httpx.Response:
        path = request.url.path
        if path == "/api/version":
            return _json(200, {"version": "0.12.3"})
        if path == "/api/tags":
            models = [
                {
                    "name": name,
                    "model": name,
                    "modified_at": "2026-10-01T10:00:00Z",
                    "size": 2019393189,
                    "digest": "a80c4f17acd5" + "0" * 52,
                    "details": {"format": "gguf", "family": "llama", "parameter_size": "3.2B"},
                }
                for name, _caps in self.ollama_models
            ]
            return _json(200, {"models": models})
        if path == "/api/show":
            name = json.loads(request.content)["model"]
            caps = dict(self.ollama_models).get(name)
            if caps is None:
                return _json(404, {"error": f"model '{name}' not found"})
            return _json(
                200,
                {
                    "capabilities": caps,
                    "details": {"family": "llama"},
                    "model_info": {"general.architecture": "llama", "llama.context_length": 131072},
                },
            )
        if path in ("/api/chat", "/api/embed"):
            name = str(json.loads(request.content).get("model", ""))
            if name not in dict(self.ollama_models) or name in self.gone_models:
                return _json(404, {"error": f"model '{name}' not found"})
            if path == "/api/embed":
                return _json(200, {"model": name, "embeddings": [[0.01] * 768]})
            lines = [
                {
                    "model": name,
                    "created_at": "2026-12-08T10:00:00Z",
                    "message": {"role": "assistant", "content": "OK"},
                    "done": False,
                },
                {"model": name, "created_at": "2026-12-08T10:00:00Z", "done": True},
            ]
            body = "".join(json.dumps(line) + "\n" for line in lines).encode()
            return httpx.Response(
                200, content=body, headers={"content-type": "application/x-ndjson"}
            )
        return httpx.Response(404, text="404 page not found")

    # --- OpenAI -----------------------------------------------------------------------------
    def _openai(self, request: httpx.Request, good: bool) -> httpx.Response:
        if not good:
            return _json(
                401,
                {
                    "error": {
                        "message": "Incorrect API key provided: sk-bad***BAD00. You can find "
                        "your API key at https://platform.openai.com/account/api-keys.",
                        "type": "invalid_request_error",
                        "param": None,
                        "code": "invalid_api_key",
                    }
                },
            )
        if "openai" in self.no_credit:
            return _json(
                429,
                {
                    "error": {
                        "message": "You exceeded your current quota, please check your plan "
                        "and billing details.",
                        "type": "insufficient_quota",
                        "param": None,
                        "code": "insufficient_quota",
                    }
                },
            )
        if request.url.path.endswith("/models"):
            data = [
                {"id": m, "object": "model", "created": 1686935002, "owned_by": "openai"}
                for m in self.openai_models
            ]
            return _json(200, {"object": "list", "data": data})
        return _json(404, {"error": {"message": "Not found", "type": "invalid_request_error"}})

    # --- OpenRouter -------------------------------------------------------------------------
    def _openrouter(self, request: httpx.Request, good: bool) -> httpx.Response:
        path = request.url.path
        if path.endswith("/models"):  # public: no key needed
            data = [
                {
                    "id": mid,
                    "canonical_slug": mid,
                    "name": mid.split("/", 1)[1].replace("-", " ").title(),
                    "created": 1700000000,
                    "description": "",
                    "context_length": 128000,
                    "architecture": {
                        "modality": "text->text",
                        "input_modalities": ["text"],
                        "output_modalities": outs,
                        "tokenizer": "Other",
                        "instruct_type": None,
                    },
                    "pricing": {"prompt": "0.0000025", "completion": "0.00001"},
                    "top_provider": {"context_length": 128000, "is_moderated": False},
                    "supported_parameters": [],
                }
                for mid, outs in self.openrouter_models
            ]
            return _json(200, {"data": data})
        if not good:
            return _json(401, {"error": {"code": 401, "message": "User not found."}})
        if path.endswith("/key"):
            limit = self.openrouter_limit
            remaining: float | None = 0 if "openrouter" in self.no_credit else 74.5
            if limit is None:
                remaining = None
            return _json(
                200,
                {
                    "data": {
                        "label": "sk-or-v1-au7...890",
                        "limit": limit,
                        "limit_remaining": remaining,
                        "limit_reset": "monthly",
                        "usage": 25.5,
                        "usage_daily": 25.5,
                        "usage_weekly": 25.5,
                        "usage_monthly": 25.5,
                        "byok_usage": 0,
                        "byok_usage_daily": 0,
                        "byok_usage_weekly": 0,
                        "byok_usage_monthly": 0,
                        "include_byok_in_limit": False,
                        "is_free_tier": False,
                        "is_management_key": False,
                        "is_provisioning_key": False,
                        "creator_user_id": "user_2dHF",
                        "rate_limit": {"interval": "1h", "requests": 1000},
                    }
                },
            )
        return _json(404, {"error": {"code": 404, "message": "Not found"}})

    # --- Jina -------------------------------------------------------------------------------
    def _jina(self, request: httpx.Request, good: bool) -> httpx.Response:
        path = request.url.path
        if path.endswith("/models") and request.method == "GET":
            data = [
                {
                    "id": mid,
                    "name": f"Jina AI: {mid.split('/', 1)[1]}",
                    "context_length": 8192,
                    "created": 1725840000,
                    "input_modalities": ["text"],
                    "output_modalities": outs,
                    "pricing": {"prompt": "0.00000005", "completion": "0"},
                }
                for mid, outs in self.jina_models
            ]
            return _json(200, {"data": data})
        if not good:
            return _json(
                401,
                {
                    "detail": "Invalid API key. Verify your API key at "
                    "https://jina.ai/api-dashboard/key-manager or generate a new one.",
                    "code": "AUTH_INVALID_API_KEY",
                    "request_id": "03f58cd9da22fabf",
                },
            )
        if "jina" in self.no_credit:
            return _json(
                403,
                {"detail": "Insufficient balance.", "code": "AUTHZ_INSUFFICIENT_BALANCE"},
            )
        if path.endswith("/embeddings"):
            return _json(
                200,
                {
                    "model": "jina-embeddings-v3",
                    "object": "list",
                    "usage": {"total_tokens": 1, "prompt_tokens": 1},
                    "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2]}],
                },
            )
        if path.endswith("/rerank"):
            return _json(
                200,
                {
                    "model": "jina-reranker-v2-base-multilingual",
                    "object": "list",
                    "usage": {"total_tokens": 1},
                    "results": [{"index": 0, "relevance_score": 0.9}],
                },
            )
        return _json(404, {"detail": "Not Found"})

    # --- SiliconFlow ------------------------------------------------------------------------
    def _siliconflow(self, request: httpx.Request, good: bool) -> httpx.Response:
        if not good:
            return _json(401, "Api key is invalid")
        path = request.url.path
        if path.endswith("/user/info"):
            balance = "0" if "siliconflow" in self.no_credit else "88.88"
            return _json(
                200,
                {
                    "code": 20000,
                    "message": "OK",
                    "status": True,
                    "data": {
                        "id": "",
                        "name": "tester",
                        "image": "",
                        "email": "tester@example.com",
                        "isAdmin": False,
                        "balance": balance,
                        "status": "normal",
                        "introduction": "",
                        "role": "",
                        "chargeBalance": balance,
                        "totalBalance": balance,
                    },
                },
            )
        if path.endswith("/models"):
            sub_type = request.url.params.get("sub_type")
            if sub_type:
                ids = self.siliconflow_models.get(sub_type, [])
            else:
                ids = [m for ms in self.siliconflow_models.values() for m in ms]
                ids.append("stabilityai/stable-diffusion-xl-base-1.0")
            data = [{"id": m, "object": "model", "created": 0, "owned_by": ""} for m in ids]
            return _json(200, {"object": "list", "data": data})
        return _json(404, "404 page not found")


_MODEL_PATHS = ("/chat/completions", "/embeddings", "/rerank", "/audio/speech")


def _model_path(path: str) -> bool:
    """True for the endpoints a health check calls (not Jina's key check: see below)."""
    return path.endswith(_MODEL_PATHS) or path.endswith("/audio/transcriptions")


def _multipart_field(body: bytes, name: str) -> str:
    """The text value of form field ``name`` in a multipart body ("" when absent)."""
    marker = f'name="{name}"'.encode()
    start = body.find(marker)
    if start < 0:
        return ""
    value_start = body.find(b"\r\n\r\n", start) + 4
    value_end = body.find(b"\r\n", value_start)
    return body[value_start:value_end].decode(errors="replace")
