"""OpenRouter: /key validation (never /models), typing by output modalities, attribution."""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
from provider_doubles import KEYS, FakeAPI, load

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ModelType, ValidationStatus

if TYPE_CHECKING:
    from collections.abc import Callable

    from modelhub.providers.base import ModelProvider

KEY_URL = "https://openrouter.ai/api/v1/key"
MODELS_URL = "https://openrouter.ai/api/v1/models"
T = ModelType


async def test_bad_key_is_invalid_although_models_answers_200(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    # The trap: /models is public and answers 200 to anything.
    fake.json("GET", MODELS_URL, 200, load("openrouter/models.json"))
    fake.json("GET", KEY_URL, 401, load("openrouter/error_401.json"))

    result = await make_provider("openrouter").validate({"api_key": "sk-or-v1-bogus"})

    assert result.status is ValidationStatus.INVALID_CREDENTIALS
    assert fake.paths() == ["/api/v1/key"]
    assert "/api/v1/models" not in fake.paths()


async def test_good_key_details(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", KEY_URL, 200, load("openrouter/key.json"))

    result = await make_provider("openrouter").validate({"api_key": KEYS["openrouter"]})

    assert result.status is ValidationStatus.VALID
    assert result.details["limit_remaining"] == "74.5"
    assert result.details["usage"] == "25.5"
    assert result.details["is_free_tier"] == "false"
    assert result.details["limit"] == "100"
    # The label is the provider's masked key; it is masked again so no key fragment leaks.
    assert "sk-or-v1" not in result.details["label"]


async def test_key_without_data_is_bad_response(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", KEY_URL, 200, {"object": "list", "data": []})

    result = await make_provider("openrouter").validate({"api_key": KEYS["openrouter"]})

    assert result.status is ValidationStatus.BAD_RESPONSE


async def test_list_models_types_by_output_modalities(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", MODELS_URL, 200, load("openrouter/models.json"))

    models = await make_provider("openrouter").list_models({"api_key": KEYS["openrouter"]})

    got = {m.id: m.model_type for m in models}
    assert got == {
        "openai/gpt-4": T.LLM,
        "openai/gpt-4o": T.LLM,
        "openai/gpt-4o-mini": T.LLM,
        "anthropic/claude-sonnet-4.5": T.LLM,
        "deepseek/deepseek-r1-0528:free": T.LLM,
        "openrouter/auto": T.LLM,
        "openai/text-embedding-3-small": T.EMBEDDING,
        "openai/text-embedding-3-large": T.EMBEDDING,
        "cohere/rerank-v3.5": T.RERANK,
        "cohere/rerank-4-fast": T.RERANK,
        "voyageai/rerank-2.5": T.RERANK,
        "qwen/qwen3-reranker-8b": T.RERANK,
        "mistralai/voxtral-mini-tts-2603": T.TTS,
        "openai/whisper-large-v3": T.SPEECH_TO_TEXT,
    }
    # Image and video models are left out.
    assert not {"openai/dall-e-3", "bytedance-seed/seedream-4.5", "google/veo-3.1"} & set(got)
    request = fake.requests[0]
    assert request.url.params["output_modalities"] == "all"
    gpt4 = next(m for m in models if m.id == "openai/gpt-4")
    assert gpt4.name == "GPT-4"
    assert gpt4.context_length == 8192
    assert gpt4.pricing == {
        "completion": "0.00006",
        "image": "0",
        "prompt": "0.00003",
        "request": "0",
    }
    tts = next(m for m in models if m.model_type is T.TTS)
    assert tts.extra["supported_voices"] == ["en_paul_neutral", "en_jane_happy"]


def _generated(n: int, seed: int = 7) -> tuple[list[dict[str, Any]], Counter[ModelType | None]]:
    rng = random.Random(seed)
    shapes: list[tuple[list[str], ModelType | None]] = [
        (["text"], T.LLM),
        (["text", "image"], T.LLM),
        (["embeddings"], T.EMBEDDING),
        (["rerank"], T.RERANK),
        (["speech"], T.TTS),
        (["transcription"], T.SPEECH_TO_TEXT),
        (["image"], None),
        (["video"], None),
        (["audio"], None),
    ]
    base = load("openrouter/models.json")["data"][0]
    models, expected = [], Counter[ModelType | None]()
    for i in range(n):
        outputs, mtype = rng.choice(shapes)
        entry = {**base, "id": f"vendor{i % 23}/model-{i}", "name": f"Model {i}"}
        entry["architecture"] = {**base["architecture"], "output_modalities": outputs}
        entry["supported_voices"] = ["v1"] if outputs == ["speech"] else None
        models.append(entry)
        expected[mtype] += 1
    return models, expected


async def test_four_hundred_models_load_and_type(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    data, expected = _generated(400)
    fake.json("GET", MODELS_URL, 200, {"data": data, "links": {"next": None}})

    models = await make_provider("openrouter").list_models({"api_key": KEYS["openrouter"]})

    got = Counter(m.model_type for m in models)
    assert sum(got.values()) == 400 - expected[None]
    for mtype in T:
        assert got[mtype] == expected[mtype]


async def test_attribution_headers_only_when_set(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", KEY_URL, 200, load("openrouter/key.json"))
    adapter = make_provider("openrouter")

    await adapter.validate({"api_key": KEYS["openrouter"]})
    await adapter.validate(
        {"api_key": KEYS["openrouter"], "site_url": "https://acme.example", "app_title": "Acme"}
    )

    plain, full = fake.requests
    assert "http-referer" not in plain.headers
    assert "x-openrouter-title" not in plain.headers
    assert full.headers["http-referer"] == "https://acme.example"
    assert full.headers["x-openrouter-title"] == "Acme"
    assert full.headers["authorization"] == f"Bearer {KEYS['openrouter']}"


def test_site_url_is_validated_as_url(make_provider: Callable[[str], ModelProvider]) -> None:
    adapter = make_provider("openrouter")
    with pytest.raises(InvalidInputError):
        adapter.normalize_config({"api_key": "k", "site_url": "not a url"})
    with pytest.raises(InvalidInputError):
        adapter.normalize_config({"api_key": "k", "app_title": "line\nbreak"})
    # A site URL is only a label, so plain http is acceptable for it.
    assert adapter.normalize_config({"api_key": "k", "site_url": " http://acme.example "}) == {
        "api_key": "k",
        "site_url": "http://acme.example",
    }
