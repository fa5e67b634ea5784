"""OpenAI: typing by id (PROVIDERS.md §1.3, §1.8), headers, base URL policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from provider_doubles import KEYS, FakeAPI, load

from modelhub.domain.models import ModelType, ValidationStatus
from modelhub.providers.openai import model_type_for_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from modelhub.providers.base import ModelProvider

MODELS_URL = "https://api.openai.com/v1/models"
T = ModelType

EXPECTED = {
    "gpt-4o-mini": T.LLM,
    "gpt-4.1": T.LLM,
    "gpt-5": T.LLM,
    "o3": T.LLM,
    "o4-mini": T.LLM,
    "gpt-5.4-mini-2026-03-17": T.LLM,
    "text-embedding-3-small": T.EMBEDDING,
    "text-embedding-3-large": T.EMBEDDING,
    "text-embedding-ada-002": T.EMBEDDING,
    "tts-1": T.TTS,
    "tts-1-hd": T.TTS,
    "gpt-4o-mini-tts": T.TTS,
    "gpt-4o-mini-tts-2025-12-15": T.TTS,
    "whisper-1": T.SPEECH_TO_TEXT,
    "gpt-4o-transcribe": T.SPEECH_TO_TEXT,
    "gpt-4o-mini-transcribe": T.SPEECH_TO_TEXT,
    "gpt-4o-transcribe-diarize": T.SPEECH_TO_TEXT,
    # Fine-tunes are typed by their base model (the Dify choice).
}
NOT_OFFERED = [
    "dall-e-3",
    "dall-e-2",
    "gpt-image-1",
    "gpt-image-1-mini",
    "omni-moderation-latest",
    "text-moderation-latest",
    "gpt-4o-realtime-preview",
    "gpt-realtime",
    "davinci-002",
    "babbage-002",
    "computer-use-preview",
    "sora-2",
    "gpt-4o-search-preview",
    "gpt-3.5-turbo-instruct",
    # Ambiguous audio chat models: one rule, tested — not offered.
    "gpt-4o-audio-preview",
    "gpt-audio-1.5",
    # A fine-tune is one organisation's model, not catalog material (PROVIDERS.md §1.8).
    "ft:gpt-4o-mini-2024-07-18:my-org::abc123",
]


@pytest.mark.parametrize(("model_id", "expected"), EXPECTED.items())
def test_type_rules(model_id: str, expected: ModelType) -> None:
    assert model_type_for_id(model_id) is expected


@pytest.mark.parametrize("model_id", NOT_OFFERED)
def test_distractors_are_not_offered(model_id: str) -> None:
    assert model_type_for_id(model_id) is None


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("o1", T.LLM),
        ("o3-pro", T.LLM),
        ("chatgpt-4o-latest", T.LLM),
        ("gpt-oss-120b", T.LLM),
        ("codex-mini-latest", T.LLM),
        ("gpt-transcribe", T.SPEECH_TO_TEXT),
        ("ft:gpt-4o-mini-tts:org::x", None),
        ("ft:gpt-4o-mini-2024-07-18:my-org::abc123", None),
        ("ft:dall-e-3:org::x", None),
        ("llama-3-70b", None),
        ("o4-mini-deep-research", None),
    ],
)
def test_more_ids(model_id: str, expected: ModelType | None) -> None:
    assert model_type_for_id(model_id) is expected


async def test_list_models_types_the_fixture_list(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", MODELS_URL, 200, load("openai/models.json"))

    models = await make_provider("openai").list_models({"api_key": KEYS["openai"]})

    got = {m.id: m.model_type for m in models}
    assert got == EXPECTED
    assert len({(m.id, m.model_type) for m in models}) == len(models)
    assert not any(m.id.startswith("ft:") for m in models)
    assert all(m.model_type is not T.LLM for m in models if m.id in NOT_OFFERED)


async def test_list_models_keeps_unique_ids(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    entry = {"id": "gpt-5", "object": "model", "created": 1, "owned_by": "system"}
    fake.json("GET", MODELS_URL, 200, {"object": "list", "data": [entry, entry, {"x": 1}]})

    models = await make_provider("openai").list_models({"api_key": KEYS["openai"]})

    assert [m.id for m in models] == ["gpt-5"]


async def test_org_and_project_headers_only_when_set(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", MODELS_URL, 200, load("openai/models.json"))
    adapter = make_provider("openai")

    await adapter.validate({"api_key": KEYS["openai"]})
    await adapter.validate(
        {"api_key": KEYS["openai"], "organization": "org-123", "project": "proj_456"}
    )

    plain, full = fake.requests
    assert plain.headers["authorization"] == f"Bearer {KEYS['openai']}"
    assert "openai-organization" not in plain.headers
    assert "openai-project" not in plain.headers
    assert full.headers["openai-organization"] == "org-123"
    assert full.headers["openai-project"] == "proj_456"
    assert plain.headers["user-agent"].startswith("ModelHub/")
    assert KEYS["openai"] not in str(plain.url)


async def test_custom_base_without_v1_is_used_as_given(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", "https://litellm.internal.example/models", 200, load("openai/models.json"))

    result = await make_provider("openai").validate(
        {"api_key": KEYS["openai"], "base_url": "https://litellm.internal.example"}
    )

    assert result.status is ValidationStatus.VALID
    assert fake.paths() == ["/models"]


async def test_restricted_key_message_explains_permission(
    fake: FakeAPI, make_provider: Callable[[str], ModelProvider]
) -> None:
    fake.json("GET", MODELS_URL, 403, load("openai/error_403.json"))

    result = await make_provider("openai").validate({"api_key": KEYS["openai"]})

    assert result.status is ValidationStatus.RESTRICTED
    assert result.valid
    assert "api.model.read" in result.message
    assert "Models: Read" in (result.hint or "")


def test_normalize_config_rejects_header_breaking_org(
    make_provider: Callable[[str], ModelProvider],
) -> None:
    from modelhub.domain.errors import InvalidInputError

    adapter = make_provider("openai")
    with pytest.raises(InvalidInputError):
        adapter.normalize_config({"api_key": "k", "organization": "org\x00x"})
    assert adapter.normalize_config({"api_key": "k", "organization": " org-1 ", "project": ""}) == {
        "api_key": "k",
        "organization": "org-1",
    }
