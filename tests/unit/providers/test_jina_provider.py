"""Jina: one-word embedding probe, /models with fallback to the built-in catalog."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import httpx
import pytest
from provider_doubles import KEYS, FakeAPI, load

from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.base import ModelProvider, ProviderCallError
from modelhub.providers.jina import BUILTIN_EMBEDDING_MODELS, BUILTIN_RERANK_MODELS

if TYPE_CHECKING:
    from collections.abc import Callable

EMBED_URL = "https://api.jina.ai/v1/embeddings"
MODELS_URL = "https://api.jina.ai/v1/models"
T = ModelType


async def test_probe_is_one_word_embedding(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("POST", EMBED_URL, 200, load("jina/embeddings.json"))

    result = await make_provider("jina").validate({"api_key": KEYS["jina"]})

    assert result.status is ValidationStatus.VALID
    assert json.loads(fake.requests[0].content) == {
        "model": "jina-embeddings-v3",
        "input": ["ping"],
    }


async def test_422_detail_array_is_explained(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("POST", EMBED_URL, 422, load("jina/error_422.json"))

    result = await make_provider("jina").validate({"api_key": KEYS["jina"]})

    assert result.status is ValidationStatus.BAD_RESPONSE
    assert "body.input: Field required" in result.message


async def test_list_models_from_api(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", MODELS_URL, 200, load("jina/models.json"))

    models = await make_provider("jina").list_models({"api_key": KEYS["jina"]})

    got = {m.id: m.model_type for m in models}
    assert got == {
        "jina-embeddings-v3": T.EMBEDDING,
        "jina-embeddings-v4": T.EMBEDDING,
        "jina-clip-v2": T.EMBEDDING,
        "jina-embeddings-v2-base-en": T.EMBEDDING,
        "jina-embeddings-v5-text-small": T.EMBEDDING,
        "jina-code-embeddings-1.5b": T.EMBEDDING,
        "jina-reranker-v2-base-multilingual": T.RERANK,
        "jina-reranker-m0": T.RERANK,
        "jina-reranker-v3": T.RERANK,
        "jina-colbert-v2": T.RERANK,
        "jina-reranker-v1-turbo-en": T.RERANK,
    }
    assert "jina-vlm" not in got
    v3 = next(m for m in models if m.id == "jina-embeddings-v3")
    assert v3.name == "Jina AI: Jina Embeddings v3"
    assert v3.context_length == 8192
    assert v3.pricing["prompt"] == "0.00000005"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(404, json={"detail": "Not Found"}),
        httpx.Response(405, json={"detail": "Method Not Allowed"}),
        httpx.Response(403, json=load("jina/error_403_balance.json")),
        httpx.Response(429, json=load("jina/error_429.json")),
        httpx.Response(500, json=load("jina/error_500.json")),
        httpx.Response(200, json={"object": "list"}),
        httpx.Response(200, json={"data": [{"id": "jina-ai/jina-vlm"}]}),
        httpx.Response(200, html="<html>docs</html>"),
    ],
    ids=["404", "405", "403", "429", "500", "no-data", "nothing-typed", "html"],
)
async def test_list_models_falls_back_to_builtin(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider], response: httpx.Response
) -> None:
    fake.add("GET", MODELS_URL, response)

    models = await make_provider("jina").list_models({"api_key": KEYS["jina"]})

    got = {m.id: m.model_type for m in models}
    for model_id in BUILTIN_EMBEDDING_MODELS:
        assert got[model_id] is T.EMBEDDING
    for model_id in BUILTIN_RERANK_MODELS:
        assert got[model_id] is T.RERANK
    # PROVIDERS.md §3.7 fixture ids are all present.
    for model_id in (
        "jina-embeddings-v3",
        "jina-embeddings-v4",
        "jina-clip-v2",
        "jina-embeddings-v2-base-en",
        "jina-embeddings-v5-text-small",
        "jina-code-embeddings-1.5b",
        "jina-reranker-v2-base-multilingual",
        "jina-reranker-m0",
        "jina-reranker-v3",
        "jina-colbert-v2",
        "jina-reranker-v1-turbo-en",
    ):
        assert model_id in got
    assert len({(m.id, m.model_type) for m in models}) == len(models)


async def test_list_models_auth_failure_raises(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", MODELS_URL, 401, load("jina/error_401.json"))

    with pytest.raises(ProviderCallError) as err:
        await make_provider("jina").list_models({"api_key": KEYS["jina"]})

    assert err.value.result.status is ValidationStatus.INVALID_CREDENTIALS
