"""Transport-level doubles and fixture bodies shared by the provider tests.

Every test talks to a real adapter on a real :class:`httpx.AsyncClient`; only the transport is
replaced (``httpx.MockTransport``). Bodies come from ``fixtures/``, shaped as
``reference/PROVIDERS.md`` and the providers' OpenAPI specs show them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from modelhub.providers.jina import JinaProvider
from modelhub.providers.openai import OpenAIProvider
from modelhub.providers.openrouter import OpenRouterProvider
from modelhub.providers.siliconflow import SiliconFlowProvider

if TYPE_CHECKING:
    from modelhub.providers.base import ModelProvider

FIXTURES = Path(__file__).parent / "fixtures"

#: Realistically shaped (fake) keys, one per provider.
KEYS = {
    "openai": "sk-proj-Q7vX2mN9pL4kR8tY1wZ5aB3cD6eF0gH2jK4lM7nP9qS1uV3x",
    "openrouter": "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",
    "jina": "jina_8f2c4a6e1b3d5f7a9c0e2b4d6f8a1c3eZx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0Ed",
    "siliconflow": "sk-tqzvxmbnrlkwpgfhjdcseayuoiqzvxmbnrlkwpgfhjdcseay",
}
PROVIDER_CLASSES: dict[str, type[ModelProvider]] = {
    "openai": OpenAIProvider,
    "openrouter": OpenRouterProvider,
    "jina": JinaProvider,
    "siliconflow": SiliconFlowProvider,
}
DEFAULT_BASES = {
    "openai": "https://api.openai.com/v1",
    "openrouter": "https://openrouter.ai/api/v1",
    "jina": "https://api.jina.ai/v1",
    "siliconflow": "https://api.siliconflow.cn/v1",
}
#: The request each provider's validate() sends.
VALIDATE_ROUTES = {
    "openai": ("GET", "/v1/models"),
    "openrouter": ("GET", "/api/v1/key"),
    "jina": ("POST", "/v1/embeddings"),
    "siliconflow": ("GET", "/v1/user/info"),
}


def load(name: str) -> Any:
    """A fixture body, parsed (``load("openai/models.json")``)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


Handler = Callable[[httpx.Request], httpx.Response]


class FakeAPI:
    """Routes requests by (method, host, path) and records every one it receives.

    A request to a route nobody registered fails the test loudly.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str, str], Handler] = {}
        self.requests: list[httpx.Request] = []

    def add(self, method: str, url: str, handler: Handler | httpx.Response) -> None:
        """Answer ``method url`` (query ignored) with a response or a handler."""
        parsed = httpx.URL(url)
        if isinstance(handler, httpx.Response):
            response = handler

            def fixed(_request: httpx.Request) -> httpx.Response:
                return httpx.Response(
                    response.status_code, headers=response.headers, content=response.content
                )

            handler = fixed
        self.routes[(method, parsed.host, parsed.path)] = handler

    def json(self, method: str, url: str, status: int, body: Any, **headers: str) -> None:
        """Answer with a JSON body."""
        self.add(method, url, httpx.Response(status, json=body, headers=headers))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, request.url.host, request.url.path)
        if key not in self.routes:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        return self.routes[key](request)

    def paths(self) -> list[str]:
        """The paths requested, in order."""
        return [r.url.path for r in self.requests]


class BigBody:
    """An async byte stream of ``total`` bytes that counts what was actually pulled.

    Yields the same 64 KiB chunk over and over, so the test itself allocates almost nothing.
    """

    CHUNK = b"[" + b"0," * (32 * 1024 - 1) + b"0"

    def __init__(self, total: int) -> None:
        self.total = total
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.total:
            self.pulled += len(self.CHUNK)
            yield self.CHUNK
