"""A local HTTP server that impersonates OpenAI, OpenRouter, Jina AI and SiliconFlow.

Real sockets, no mocks: the refresh benchmark and the adapter smoke tests point the real
adapters at it. Each provider lives under its own path prefix and answers every request after
its own delay, with a generated catalog of the requested size::

    urls, stop = start_server(delay_s=0.2, sizes={"openrouter": 400, "siliconflow": 5000})
    try:
        ...  # urls["openai"] == "http://127.0.0.1:PORT/openai/v1"
    finally:
        stop()

Any bearer key is accepted, except one containing ``bad``, which gets each provider's real
401 body. Bodies are shaped as in ``reference/PROVIDERS.md``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PROVIDERS = ("openai", "openrouter", "jina", "siliconflow")
DEFAULT_SIZES = {"openai": 120, "openrouter": 400, "jina": 20, "siliconflow": 5000}
#: Path prefix of each provider's base URL.
PREFIXES = {
    "openai": "/openai/v1",
    "openrouter": "/openrouter/api/v1",
    "jina": "/jina/v1",
    "siliconflow": "/siliconflow/v1",
}
_SF_SUB_TYPES = ("chat", "embedding", "reranker", "text-to-speech", "speech-to-text")


def _openai_models(n: int) -> list[dict[str, Any]]:
    shapes = ("gpt-bench-{i}", "text-embedding-bench-{i}", "tts-bench-{i}", "whisper-bench-{i}")
    return [
        {
            "id": shapes[i % 4].format(i=i),
            "object": "model",
            "created": 1686935002,
            "owned_by": "openai",
            "shutdown_date": None,
        }
        for i in range(n)
    ]


def _openrouter_models(n: int) -> list[dict[str, Any]]:
    outputs = (["text"], ["text"], ["text"], ["embeddings"], ["rerank"], ["speech"],
               ["transcription"], ["image"])  # fmt: skip
    models = []
    for i in range(n):
        out = outputs[i % len(outputs)]
        models.append(
            {
                "id": f"vendor{i % 17}/model-{i}",
                "canonical_slug": f"vendor{i % 17}/model-{i}",
                "name": f"Vendor {i % 17}: Model {i}",
                "created": 1692901234,
                "description": "A generated benchmark model.",
                "context_length": 8192 + i,
                "architecture": {
                    "modality": "text->text",
                    "input_modalities": ["text"],
                    "output_modalities": out,
                    "tokenizer": "GPT",
                    "instruct_type": None,
                },
                "pricing": {"prompt": "0.00003", "completion": "0.00006", "request": "0"},
                "top_provider": {
                    "context_length": 8192 + i,
                    "max_completion_tokens": 4096,
                    "is_moderated": False,
                },
                "per_request_limits": None,
                "supported_parameters": ["temperature", "max_tokens"],
                "default_parameters": None,
                "supported_voices": ["alloy"] if out == ["speech"] else None,
                "links": {"details": f"/api/v1/models/vendor{i % 17}/model-{i}/endpoints"},
            }
        )
    return models


def _jina_models(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"jina-ai/jina-{'reranker' if i % 2 else 'embeddings'}-bench-{i}",
            "name": f"Jina AI: bench {i}",
            "created": 1725840000,
            "context_length": 8192,
            "input_modalities": ["text"],
            "output_modalities": ["text" if i % 2 else "embeddings"],
            "pricing": {"prompt": "0.00000005", "completion": "0", "request": "0"},
        }
        for i in range(n)
    ]


def _siliconflow_models(n: int) -> dict[str, list[dict[str, Any]]]:
    lists: dict[str, list[dict[str, Any]]] = {s: [] for s in _SF_SUB_TYPES}
    for i in range(n):
        sub = _SF_SUB_TYPES[i % len(_SF_SUB_TYPES)]
        lists[sub].append(
            {"id": f"BenchOrg/{sub}-model-{i}", "object": "model", "created": 0, "owned_by": ""}
        )
    return lists


def _dump(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


class _Catalogs:
    """Every body the server sends, serialised once at start."""

    def __init__(self, sizes: Mapping[str, int]) -> None:
        self.openai_models = _dump({"object": "list", "data": _openai_models(sizes["openai"])})
        self.openrouter_models = _dump(
            {"data": _openrouter_models(sizes["openrouter"]), "links": {"next": None}}
        )
        self.jina_models = _dump({"data": _jina_models(sizes["jina"])})
        self.sf_models = {
            sub: _dump({"object": "list", "data": items})
            for sub, items in _siliconflow_models(sizes["siliconflow"]).items()
        }
        self.openrouter_key = _dump(
            {
                "data": {
                    "label": "bench key",
                    "limit": 100,
                    "limit_remaining": 74.5,
                    "usage": 25.5,
                    "is_free_tier": False,
                    "is_provisioning_key": False,
                }
            }
        )
        self.jina_embedding = _dump(
            {
                "model": "jina-embeddings-v3",
                "object": "list",
                "usage": {"total_tokens": 3, "prompt_tokens": 3},
                "data": [{"object": "embedding", "index": 0, "embedding": [0.1, -0.2, 0.3]}],
            }
        )
        self.sf_user = _dump(
            {
                "code": 20000,
                "message": "OK",
                "status": True,
                "data": {
                    "id": "",
                    "name": "bench",
                    "balance": "0.88",
                    "status": "normal",
                    "chargeBalance": "88.00",
                    "totalBalance": "88.88",
                },
            }
        )


_UNAUTHORIZED = {
    "openai": _dump(
        {
            "error": {
                "message": "Incorrect API key provided.",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_api_key",
            }
        }
    ),
    "openrouter": _dump({"error": {"code": 401, "message": "User not found."}}),
    "jina": _dump({"detail": "Invalid API key.", "code": "AUTH_INVALID_API_KEY"}),
    "siliconflow": _dump("Api key is invalid"),
}


def start_server(
    delay_s: float | Mapping[str, float] = 0.0,
    sizes: Mapping[str, int] | None = None,
) -> tuple[dict[str, str], Callable[[], None]]:
    """Start the fake providers on 127.0.0.1 at a free port, in a background thread.

    Args:
        delay_s: Seconds each answer waits, for every provider or per provider name.
        sizes: Catalog size per provider; missing ones use :data:`DEFAULT_SIZES`. SiliconFlow's
            models are spread over its five sub-types; OpenRouter's include a few of every
            output modality (one in eight is image-only and not offered).

    Returns:
        The base URL of each provider, and a function that stops the server.
    """
    all_sizes = {**DEFAULT_SIZES, **(sizes or {})}
    delays = (
        {p: float(delay_s.get(p, 0.0)) for p in PROVIDERS}
        if isinstance(delay_s, Mapping)
        else dict.fromkeys(PROVIDERS, float(delay_s))
    )
    catalogs = _Catalogs(all_sizes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet (the benchmark prints its own numbers)."""

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self._answer("POST")

        def _answer(self, method: str) -> None:
            parts = urlsplit(self.path)
            provider = next(
                (p for p, prefix in PREFIXES.items() if parts.path.startswith(prefix + "/")),
                None,
            )
            if provider is None:
                self._send(404, _dump({"error": "no such provider"}))
                return
            time.sleep(delays[provider])
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or "bad" in auth:
                self._send(401, _UNAUTHORIZED[provider])
                return
            route = (method, parts.path[len(PREFIXES[provider]) :])
            query = parse_qs(parts.query)
            body = self._route(provider, route, query)
            if body is None:
                self._send(404, _dump({"error": {"message": "Not found"}}))
            else:
                self._send(200, body)

        def _route(
            self, provider: str, route: tuple[str, str], query: dict[str, list[str]]
        ) -> bytes | None:
            table: dict[tuple[str, tuple[str, str]], bytes] = {
                ("openai", ("GET", "/models")): catalogs.openai_models,
                ("openrouter", ("GET", "/key")): catalogs.openrouter_key,
                ("openrouter", ("GET", "/models")): catalogs.openrouter_models,
                ("jina", ("POST", "/embeddings")): catalogs.jina_embedding,
                ("jina", ("GET", "/models")): catalogs.jina_models,
                ("siliconflow", ("GET", "/user/info")): catalogs.sf_user,
            }
            if provider == "siliconflow" and route == ("GET", "/models"):
                sub = (query.get("sub_type") or [""])[0]
                return catalogs.sf_models.get(sub)
            return table.get((provider, route))

        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="refresh-server", daemon=True)
    thread.start()
    port = server.server_address[1]
    urls = {p: f"http://127.0.0.1:{port}{prefix}" for p, prefix in PREFIXES.items()}

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return urls, stop


if __name__ == "__main__":  # pragma: no cover - manual use
    urls, stop = start_server(0.0)
    print(json.dumps(urls, indent=2))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        stop()
