"""The ``[probes]`` table of a provider description: checked field by field, and used."""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from modelhub.domain.models import ModelType
from modelhub.providers.http import make_http_client
from modelhub.providers.probes import probe_spec
from modelhub.providers.registry import ProviderRegistry, family_class
from modelhub.providers.schema import ManifestError, parse_manifest

if TYPE_CHECKING:
    from pathlib import Path

BASE: dict[str, Any] = {
    "name": "team_gateway",
    "family": "openai_compatible",
    "label": "Team gateway",
    "description": "A gateway.",
    "model_types": ["llm", "embedding", "tts", "speech_to_text"],
    "fields": [
        {"preset": "api_key"},
        {"preset": "base_url"},
        {"name": "api_version", "label": "API version", "default": "2025-01-01"},
    ],
}


def _parse(probes: Any) -> Any:
    return parse_manifest({**BASE, "probes": probes}, origin="gw.toml", source="preset")


@pytest.mark.parametrize(
    ("probes", "where"),
    [
        ("fast", "probes"),
        ({"chat": {"shape": "openai_chat", "path": "/c"}}, "probes.chat"),
        ({"rerank": {"shape": "rerank", "path": "/rerank"}}, "probes.rerank"),  # not offered
        ({"llm": "openai_chat"}, "probes.llm"),
        ({"llm": {"path": "/chat/completions"}}, "probes.llm.shape"),
        ({"llm": {"shape": "telepathy", "path": "/x"}}, "probes.llm.shape"),
        ({"llm": {"shape": "openai_embeddings", "path": "/embeddings"}}, "probes.llm.shape"),
        ({"llm": {"shape": "openai_chat"}}, "probes.llm.path"),
        ({"llm": {"shape": "openai_chat", "path": "chat"}}, "probes.llm.path"),
        ({"llm": {"shape": "openai_chat", "path": "/chat?key=x"}}, "probes.llm.path"),
        ({"llm": {"shape": "openai_chat", "path": "/{deployment}/chat"}}, "probes.llm.path"),
        ({"llm": {"shape": "openai_chat", "path": "/c", "voice": "alloy"}}, "probes.llm.voice"),
        (
            {"llm": {"shape": "openai_chat", "path": "/c", "token_param": "max_length"}},
            "probes.llm.token_param",
        ),
        ({"llm": {"shape": "openai_chat", "path": "/c", "query": "alt"}}, "probes.llm.query"),
        (
            {"llm": {"shape": "openai_chat", "path": "/c", "query": "key={api_key}"}},
            "probes.llm.query",
        ),
        (
            {"llm": {"shape": "openai_chat", "path": "/c", "query": "v={api_key}"}},
            "probes.llm.query",
        ),
        (
            {"llm": {"shape": "openai_chat", "path": "/c", "query": "v={region}"}},
            "probes.llm.query",
        ),
        (
            {"llm": {"shape": "gemini_speech", "path": "/models/{model}:generateContent"}},
            "probes.llm.shape",
        ),
        (
            {
                "tts": {
                    "shape": "gemini_speech",
                    "path": "/models/{model}:generateContent",
                    "format": "wav",
                }
            },
            "probes.tts.format",
        ),
        (
            {
                "tts": {
                    "shape": "gemini_speech",
                    "path": "/models/{model}:generateContent",
                    "voice": "{region}",
                }
            },
            "probes.tts.voice",
        ),
        (
            {"tts": {"shape": "openai_speech", "path": "/audio/speech", "format": "ogg"}},
            "probes.tts.format",
        ),
        (
            {"tts": {"shape": "openai_speech", "path": "/audio/speech", "voice": "{api_key}"}},
            "probes.tts.voice",
        ),
        (
            {"tts": {"shape": "openai_speech", "path": "/audio/speech", "voice": 3}},
            "probes.tts.voice",
        ),
        (
            {
                "speech_to_text": {
                    "shape": "openai_transcription",
                    "path": "/audio/transcriptions",
                    "language": "English",
                }
            },
            "probes.speech_to_text.language",
        ),
    ],
)
def test_a_bad_probe_entry_is_named(probes: Any, where: str) -> None:
    with pytest.raises(ManifestError) as caught:
        _parse(probes)
    assert caught.value.where == where
    assert str(caught.value).startswith(f"Provider description gw.toml (field {where}): ")


def test_a_good_probe_table_is_kept_on_the_info() -> None:
    info = _parse(
        {
            "llm": {
                "shape": "openai_chat",
                "path": "/deployments/{model}/chat/completions",
                "query": "api-version={api_version}&alt=sse",
                "token_param": "max_completion_tokens",
            },
            "tts": {"shape": "openai_speech", "path": "/audio/speech", "voice": "{model}:alex"},
        }
    )
    assert info.probes == {
        "llm": {
            "shape": "openai_chat",
            "path": "/deployments/{model}/chat/completions",
            "query": "api-version={api_version}&alt=sse",
            "token_param": "max_completion_tokens",
        },
        "tts": {"shape": "openai_speech", "path": "/audio/speech", "voice": "{model}:alex"},
    }
    # Declared types win; the others fall back to the family's defaults.
    assert probe_spec(info, ModelType.LLM) == info.probes["llm"]
    assert probe_spec(info, ModelType.EMBEDDING) == {
        "shape": "openai_embeddings",
        "path": "/embeddings",
    }


def test_gemini_speech_is_a_tts_probe_with_an_optional_voice() -> None:
    path = "/models/{model}:generateContent"
    info = _parse({"tts": {"shape": "gemini_speech", "path": path, "voice": "Puck"}})
    assert info.probes == {"tts": {"shape": "gemini_speech", "path": path, "voice": "Puck"}}
    assert probe_spec(info, ModelType.TTS) == info.probes["tts"]
    plain = _parse({"tts": {"shape": "gemini_speech", "path": path}})
    assert plain.probes == {"tts": {"shape": "gemini_speech", "path": path}}


def test_probes_do_not_change_equality() -> None:
    assert _parse({}) == _parse({"llm": {"shape": "openai_chat", "path": "/chat"}})


PRESET = """\
name = "team_gateway"
family = "openai_compatible"
label = "Team gateway"
description = "The team's gateway, whose chat lives at an odd path."
model_types = ["llm"]

[[fields]]
preset = "api_key"

[[fields]]
preset = "base_url"
default = "https://gateway.example.com/v1"

[[fields]]
name = "api_version"
label = "API version"
default = "7"

[probes]
llm = { shape = "openai_chat", path = "/engines/{model}/chat", query = "v={api_version}" }
"""


async def test_a_preset_probe_is_sent_where_it_says(tmp_path: Path) -> None:
    assert tomllib.loads(PRESET)  # the example is valid TOML
    (tmp_path / "team_gateway.toml").write_text(PRESET, encoding="utf-8")
    registry = ProviderRegistry.load(tmp_path)
    assert registry.problems == ()
    info = registry.info("team_gateway")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            headers={"content-type": "text/event-stream"},
            content=b'data: {"object":"chat.completion.chunk","choices":[]}\n\n',
        )

    async with make_http_client(httpx.MockTransport(handler)) as client:
        adapter = family_class(info.family)(client, info)
        result = await adapter.probe({"api_key": "gw-key-123456"}, "team/chat-1", ModelType.LLM)

    assert result.ok, result.message
    (request,) = seen
    assert request.url.raw_path == b"/v1/engines/team%2Fchat-1/chat?v=7"
    assert dict(request.url.params) == {"v": "7"}
