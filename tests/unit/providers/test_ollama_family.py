"""Ollama family: reachability check, keyless requests, private http, typing by /api/show
capabilities with a name fallback (PROVIDERS-MORE.md §7; bodies shaped as
``openapi/ollama.yaml`` shows them)."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import FakeAPI, load

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.families.ollama import (
    OllamaProvider,
    model_type_for,
    model_type_for_name,
)
from modelhub.providers.registry import builtin_info, family_class

if TYPE_CHECKING:
    from modelhub.providers.base import ModelProvider

BASE = "http://localhost:11434"
S = ValidationStatus
T = ModelType
SHOWS = {
    "qwen3:8b": "ollama/show_qwen3.json",
    "gemma3:latest": "ollama/show_gemma3.json",
    "nomic-embed-text:latest": "ollama/show_nomic.json",
    "llama2:7b": "ollama/show_llama2_old.json",
    "x/flux2-klein:4b": "ollama/show_flux.json",
}


@pytest.fixture
def adapter(client: httpx.AsyncClient) -> ModelProvider:
    return family_class("ollama")(client, builtin_info("ollama"))


def show_handler(request: httpx.Request) -> httpx.Response:
    name = json.loads(request.content)["model"]
    if name in SHOWS:
        return httpx.Response(200, json=load(SHOWS[name]))
    return httpx.Response(404, json={"error": f"model '{name}' not found"})


def test_description() -> None:
    info = builtin_info("ollama")
    assert info.family == "ollama"
    assert info.group == "local"
    assert info.auth == "none"
    assert info.allow_private_http
    assert not info.needs_key
    assert info.key_field is None
    assert [f.name for f in info.fields] == ["base_url"]
    base = info.field("base_url")
    assert base is not None
    assert base.default == BASE
    assert "private network" in base.help
    assert base.help_zh
    assert set(info.model_types) == {T.LLM, T.EMBEDDING}
    assert family_class("ollama") is OllamaProvider


async def test_reachable_names_the_version(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", f"{BASE}/api/version", 200, load("ollama/version.json"))

    result = await adapter.validate({})

    assert result.status is S.VALID
    assert "Ollama 0.12.6 is running" in result.message
    assert result.details["version"] == "0.12.6"
    (request,) = fake.requests
    assert "authorization" not in request.headers


async def test_unreachable_hints_at_ollama_serve(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    fake.add("GET", f"{BASE}/api/version", refuse)

    result = await adapter.validate({})

    assert result.status is S.UNREACHABLE
    assert result.hint is not None
    assert "ollama serve" in result.hint


async def test_plain_404_page_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add(
        "GET",
        f"{BASE}/api/version",
        httpx.Response(
            404, text="404 page not found", headers={"content-type": "text/plain; charset=utf-8"}
        ),
    )

    result = await adapter.validate({})

    assert result.status is S.BAD_RESPONSE
    assert result.http_status == 404
    assert "404 page not found" in result.message


async def test_html_page_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.add(
        "GET",
        f"{BASE}/api/version",
        httpx.Response(
            200,
            text="<!doctype html><html><body>Router</body></html>",
            headers={"content-type": "text/html"},
        ),
    )

    result = await adapter.validate({})

    assert result.status is S.BAD_RESPONSE


async def test_json_without_version_is_bad_response(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", f"{BASE}/api/version", 200, {"status": "ok"})

    result = await adapter.validate({})

    assert result.status is S.BAD_RESPONSE


def test_private_http_accepted_public_http_refused(adapter: ModelProvider) -> None:
    ok = adapter.normalize_config({"base_url": "http://192.168.1.20:11434/"})
    assert ok == {"base_url": "http://192.168.1.20:11434"}

    with pytest.raises(InvalidInputError):
        adapter.normalize_config({"base_url": "http://example.com"})
    with pytest.raises(InvalidInputError):
        adapter.normalize_config({"api_key": "anything"})


async def test_private_address_is_called(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", "http://192.168.1.20:11434/api/version", 200, {"version": "0.13.0"})

    result = await adapter.validate({"base_url": "http://192.168.1.20:11434/v1"})

    assert result.status is S.VALID
    assert fake.paths() == ["/api/version"]


async def test_public_http_is_not_contacted(fake: FakeAPI, adapter: ModelProvider) -> None:
    result = await adapter.validate({"base_url": "http://example.com"})

    assert result.status is S.UNREACHABLE
    assert fake.requests == []


async def test_list_types_by_capabilities(fake: FakeAPI, adapter: ModelProvider) -> None:
    fake.json("GET", f"{BASE}/api/tags", 200, load("ollama/tags.json"))
    fake.add("POST", f"{BASE}/api/show", show_handler)

    models = await adapter.list_models({})

    got = {m.id: m.model_type for m in models}
    assert got == {
        "qwen3:8b": T.LLM,
        "gemma3:latest": T.LLM,
        "nomic-embed-text:latest": T.EMBEDDING,
        "mxbai-embed-large:latest": T.EMBEDDING,  # /api/show failed: name fallback
        "llama2:7b": T.LLM,  # no capabilities (older Ollama): name fallback
    }
    assert ("nomic-embed-text:latest", T.LLM) not in {(m.id, m.model_type) for m in models}
    assert "x/flux2-klein:4b" not in got  # image generation only
    by_id = {m.id: m for m in models}
    assert by_id["qwen3:8b"].extra["capabilities"] == ["tools", "reasoning"]
    assert by_id["qwen3:8b"].context_length == 40960
    assert by_id["gemma3:latest"].extra["capabilities"] == ["vision"]
    assert by_id["gemma3:latest"].context_length == 131072
    assert by_id["nomic-embed-text:latest"].context_length == 2048
    assert by_id["llama2:7b"].context_length == 4096
    assert by_id["mxbai-embed-large:latest"].context_length is None
    assert by_id["mxbai-embed-large:latest"].extra["typed_by"] == "name"
    assert by_id["qwen3:8b"].extra["parameter_size"] == "8.2B"
    shown = sorted(json.loads(r.content)["model"] for r in fake.requests if r.method == "POST")
    assert shown == sorted(m["name"] for m in load("ollama/tags.json")["models"])
    assert all("authorization" not in r.headers for r in fake.requests)


async def test_show_network_failure_for_one_model_falls_back(
    fake: FakeAPI, adapter: ModelProvider
) -> None:
    fake.json(
        "GET",
        f"{BASE}/api/tags",
        200,
        {"models": [{"name": "bge-m3:latest"}, {"name": "qwen3:8b"}]},
    )

    def flaky(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)["model"] == "bge-m3:latest":
            raise httpx.ReadError("connection reset", request=request)
        return httpx.Response(200, json=load(SHOWS["qwen3:8b"]))

    fake.add("POST", f"{BASE}/api/show", flaky)

    models = await adapter.list_models({})

    assert {m.id: m.model_type for m in models} == {
        "bge-m3:latest": T.EMBEDDING,
        "qwen3:8b": T.LLM,
    }


async def test_show_calls_are_concurrent_but_bounded(fake: FakeAPI, adapter: ModelProvider) -> None:
    names = [f"model-{i}:latest" for i in range(10)]
    fake.json("GET", f"{BASE}/api/tags", 200, {"models": [{"name": n} for n in names]})
    in_flight = 0
    peak = 0

    async def slow_show(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json={"capabilities": ["completion"]})

    fake.add("POST", f"{BASE}/api/show", slow_show)  # type: ignore[arg-type]

    models = await adapter.list_models({})

    assert [m.id for m in models] == names
    assert 1 < peak <= 4


async def test_list_unreachable_raises(fake: FakeAPI, adapter: ModelProvider) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fake.add("GET", f"{BASE}/api/tags", refuse)

    with pytest.raises(ProviderCallError) as caught:
        await adapter.list_models({})

    assert caught.value.result.status is S.UNREACHABLE
    assert "ollama serve" in (caught.value.result.hint or "")


@pytest.mark.parametrize(
    ("name", "capabilities", "expected"),
    [
        ("nomic-embed-text", ["embedding"], T.EMBEDDING),
        ("qwen3-embedding", ["embedding", "completion"], T.LLM),
        ("gemma3", ["completion", "vision"], T.LLM),
        ("flux", ["image"], None),
        ("all-minilm:l6-v2", None, T.EMBEDDING),
        ("mxbai-embed-large", [], T.EMBEDDING),
        ("bge-large", None, T.EMBEDDING),
        ("llama3.2", None, T.LLM),
    ],
)
def test_type_rules(name: str, capabilities: list[str] | None, expected: ModelType | None) -> None:
    assert model_type_for(name, capabilities) is expected


def test_name_rule() -> None:
    assert model_type_for_name("snowflake-arctic-embed2") is T.EMBEDDING
    assert model_type_for_name("deepseek-r1:14b") is T.LLM
